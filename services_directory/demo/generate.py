"""Compose the demo landscape from the catalogue and themes, deterministically.

Pure Python, no database: the same seed and day always give the same landscape, so loading
twice changes nothing. Every record gets a stable key from which its `hsds_id` is derived.
"""

import datetime
import random
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.text import slugify

from portal.languages import language_name, load_vocabulary

from .catalogue import PROGRAMMES, PROVIDERS
from .geography import STADTTEILE
from .themes import (
    ACCESS_SENTENCES,
    BRING,
    DEMO_NOTE,
    FEES,
    LANGUAGE_SENTENCE,
    PLACE_PHRASE,
    PROVIDER_SENTENCES,
    TEXT_LANGUAGES,
)
from .themes_advice import ADVICE_THEMES
from .themes_learning import LEARNING_THEMES

SEED = 20261
NAMESPACE = uuid.UUID("6f1c7a52-4d0e-5b8e-9a57-0c4b6d7e2f31")
THEMES = {theme.key: theme for theme in ADVICE_THEMES + LEARNING_THEMES}
VERIFIERS = ["Redaktion KIM Köln", "Trägerredaktion", "Kommunales Integrationszentrum Köln"]
DEMO_DOMAIN = "demo.example"


def hsds_id(kind, key):
    return uuid.uuid5(NAMESPACE, f"{kind}:{key}")


def stadtteil_names():
    for taxonomy in load_vocabulary()["taxonomies"]:
        if taxonomy["id"] == "district":
            return {term["code"]: term["name"]["de"] for term in taxonomy["terms"]}
    return {}


@dataclass
class PlaceSpec:
    key: str
    provider: str
    name: str
    street: str
    postcode: str
    district: str
    latitude: Decimal
    longitude: Decimal
    step_free_access: bool
    accessible_toilet: bool
    lift: bool
    hearing_loop: bool
    transport_hint: dict


@dataclass
class SlotSpec:
    weekday: int
    opens: datetime.time
    closes: datetime.time
    by_appointment: bool = False
    note: dict = field(default_factory=dict)


@dataclass
class PlaceLinkSpec:
    place: str
    hours_notes: dict = field(default_factory=dict)
    temporarily_closed: bool = False
    closed_reason: dict = field(default_factory=dict)


@dataclass
class OfferSpec:
    key: str
    provider: str
    theme: str
    slug_de: str
    slug_en: str
    texts: dict  # field name → {language: text}
    values: dict  # untranslated scalar fields
    terms: dict  # relation name → [(taxonomy, code)]
    programme: str
    places: list
    slots: list
    languages: list


@dataclass
class Landscape:
    programmes: list
    providers: list
    places: list
    offers: list


def _t(template, lang, **values):
    return template[lang].format(**values)


def _time(text):
    hours, minutes = text.split(":")
    return datetime.time(int(hours), int(minutes))


def _slots(theme, access, rng):
    days = list(range(5))
    rng.shuffle(days)
    if theme.slots == "course":
        start, end = rng.choice([("08:30", "11:45"), ("13:00", "16:15"), ("17:30", "20:45")])
        weekdays = range(5) if start != "17:30" else sorted(days[:3])
        return [SlotSpec(day, _time(start), _time(end)) for day in weekdays]
    if theme.slots == "evening":
        return [SlotSpec(days[0], _time("18:00"), _time("20:00"))]
    if theme.slots == "meeting":
        start, end = rng.choice([("10:00", "12:00"), ("15:00", "18:00"), ("16:00", "19:00")])
        return [SlotSpec(day, _time(start), _time(end)) for day in sorted(days[: rng.choice([1, 2])])]
    if theme.slots == "office":
        slots = [SlotSpec(day, _time("08:00"), _time("12:30")) for day in (0, 1, 3)]
        slots.append(SlotSpec(3, _time("14:00"), _time("17:30"), by_appointment=True, note=APPOINTMENT_NOTE))
        return slots
    slots = []
    if "w" in access:
        slots.append(SlotSpec(days[0], _time(rng.choice(["09:00", "10:00"])), _time("12:00"), note=OPEN_NOTE))
    if "a" in access or "r" in access or not slots:
        for day in sorted(days[1:3]):
            slots.append(SlotSpec(day, _time("09:00"), _time(rng.choice(["15:00", "16:00", "17:00"])), by_appointment=True,
                                  note=APPOINTMENT_NOTE))
    return sorted(slots, key=lambda slot: (slot.weekday, slot.opens))


OPEN_NOTE = {"de": "Offene Sprechstunde", "en": "Open consultation hours"}
APPOINTMENT_NOTE = {"de": "Nur mit Termin", "en": "By appointment only"}
HOURS_NOTES = [
    {"de": "In den Sommerferien nur dienstags geöffnet.", "en": "During the summer holidays open on Tuesdays only."},
    {"de": "Letzter Einlass 30 Minuten vor Ende.", "en": "Last admission 30 minutes before closing."},
    {"de": "Termine auch außerhalb der Zeiten nach Absprache.", "en": "Appointments outside these hours by arrangement."},
]
CLOSED_REASONS = [
    {"de": "Wegen Renovierung vorübergehend geschlossen – Beratung telefonisch.",
     "en": "Temporarily closed for renovation – counselling by phone."},
    {"de": "Vorübergehend geschlossen wegen Wasserschaden; Ausweichort auf Anfrage.",
     "en": "Temporarily closed after water damage; alternative venue on request."},
]


def _places(names):
    places = []
    for provider in PROVIDERS:
        for code in provider.places:
            key = f"{provider.key}/{code}"
            rng = random.Random(f"{SEED}:place:{key}")
            stadtteil = STADTTEILE[code]
            stop = stadtteil.stop
            minutes = rng.randint(2, 9)
            places.append(PlaceSpec(
                key=key, provider=provider.key, name=f"{provider.name} – {names[code]}",
                street=f"{rng.choice(stadtteil.streets)} {rng.randint(1, 180)}", postcode=stadtteil.postcode, district=code,
                latitude=Decimal(str(round(stadtteil.latitude + rng.uniform(-0.003, 0.003), 6))),
                longitude=Decimal(str(round(stadtteil.longitude + rng.uniform(-0.004, 0.004), 6))),
                step_free_access=rng.random() < 0.7, accessible_toilet=rng.random() < 0.5, lift=rng.random() < 0.5,
                hearing_loop=rng.random() < 0.15,
                transport_hint={
                    "de": f"Haltestelle „{stop}“, etwa {minutes} Minuten zu Fuß",
                    "en": f"Stop “{stop}”, about {minutes} minutes' walk",
                },
            ))
    return places


def _theme_places(provider, index, rng):
    count = provider.spread or rng.choice([1, 1, 2, 2, 3])
    count = min(count, len(provider.places))
    start = index % len(provider.places)
    return [provider.places[(start + step) % len(provider.places)] for step in range(count)]


def _languages(provider, theme, rng):
    pool = sorted(set(theme.languages) | set(provider.languages))
    if theme.slots == "course":
        pool = sorted(set(theme.languages))
    chosen = rng.sample(pool, k=min(len(pool), rng.randint(1, 5))) if pool else []
    return ["de"] + sorted(code for code in chosen if code != "de")


def _offer(provider, theme, code, number, names, today):
    key = f"{provider.key}/{theme.key}/{code}"
    rng = random.Random(f"{SEED}:offer:{key}")
    place_name = names[code]
    languages = _languages(provider, theme, rng)
    translated = rng.random() < 0.5
    text_langs = TEXT_LANGUAGES if translated else ("de", "en")
    access = theme.access
    sentence = rng.choice(PROVIDER_SENTENCES)
    texts = {name: {} for name in ("title", "summary", "description", "access_notes", "what_to_bring", "fee_description",
                                   "contact_name")}
    for lang in text_langs:
        texts["title"][lang] = f"{theme.title[lang]} – {place_name}"
        texts["summary"][lang] = f"{theme.summary[lang]} {_t(PLACE_PHRASE, lang, place=place_name)}"
        access_text = " ".join(ACCESS_SENTENCES[letter][lang] for letter in access)
        others = [language_name(other, lang) for other in languages if other != "de"]
        paragraphs = [theme.body[lang], _t(sentence, lang, provider=provider.name, place=place_name), access_text]
        if others:
            paragraphs.append(_t(LANGUAGE_SENTENCE, lang, languages=", ".join(others)))
        texts["description"][lang] = "".join(f"<p>{p}</p>" for p in paragraphs) + f"<p><em>{DEMO_NOTE[lang]}</em></p>"
        texts["access_notes"][lang] = access_text
        texts["what_to_bring"][lang] = "; ".join(BRING[item][lang] for item in theme.bring)
        if theme.cost:
            texts["fee_description"][lang] = FEES[theme.cost][lang]
    texts["contact_name"] = {"de": f"Team {theme.team[0]}", "en": theme.team[1]}

    programme = theme.programme
    if provider.kind == "public-authority" and programme in ("auszugsmanagement",) and provider.key != "wohnungsamt":
        programme = ""
    programme_spec = PROGRAMMES_BY_KEY.get(programme)
    valid_from = datetime.date(rng.choice([2023, 2024, 2025]), rng.randint(1, 12), 1)
    valid_until = None
    if programme_spec and programme_spec.end:
        valid_until = datetime.date.fromisoformat(programme_spec.end)
    if number % 19 == 5:  # a project that is running out
        valid_until = today + datetime.timedelta(days=rng.randint(7, 50))
    if valid_until and valid_until < valid_from:
        valid_from = valid_until - datetime.timedelta(days=365)
    if number % 9 == 4:  # nobody has checked this one for over a year
        verified = today - datetime.timedelta(days=rng.randint(380, 800))
    else:
        verified = today - datetime.timedelta(days=rng.randint(2, 300))
    values = {
        "access_walk_in": "w" in access,
        "access_appointment": "a" in access or "o" in access,
        "access_referral": "r" in access,
        "booking_url": f"https://termine.{provider.key}.{DEMO_DOMAIN}/{theme.key}" if "o" in access else "",
        "minimum_age": theme.ages[0],
        "maximum_age": theme.ages[1],
        "cost": "fee" if theme.cost else "free",
        "contact_email": f"{theme.key}.{code}@{provider.key}.{DEMO_DOMAIN}",
        "contact_phone": f"+49 221 555 {number:04d}",
        "valid_from": valid_from,
        "valid_until": valid_until,
        "last_verified_at": verified,
        "last_verified_by": f"{rng.choice(VERIFIERS)} (Demo)",
        "is_demo": True,
    }
    terms = {
        "fields_of_action": [("field-of-action", c) for c in theme.fields],
        "target_groups": [("target-group", c) for c in theme.groups],
        "legal_scopes": [("legal-scope", c) for c in theme.legal],
        "delivery_forms": [("delivery", c) for c in theme.delivery],
        "residence_statuses": [("residence-status", c) for c in theme.statuses],
    }
    links = [PlaceLinkSpec(f"{provider.key}/{code}")]
    main = provider.places[0]
    if main != code and rng.random() < 0.12:
        links.append(PlaceLinkSpec(f"{provider.key}/{main}"))
    if rng.random() < 0.2:
        links[0].hours_notes = rng.choice(HOURS_NOTES)
    if number % 31 == 17:
        links[0].temporarily_closed = True
        links[0].closed_reason = rng.choice(CLOSED_REASONS)
    return OfferSpec(
        key=key, provider=provider.key, theme=theme.key,
        slug_de=slugify(f"{theme.title['de']} {place_name}")[:200],
        slug_en=slugify(f"{theme.title['en']} {place_name}")[:200],
        texts=texts, values=values, terms=terms, programme=programme, places=links,
        slots=_slots(theme, access, rng), languages=languages,
    )


PROGRAMMES_BY_KEY = {programme.key: programme for programme in PROGRAMMES}


def build_landscape(today):
    names = stadtteil_names()
    places = _places(names)
    offers = []
    for provider in PROVIDERS:
        rng = random.Random(f"{SEED}:provider:{provider.key}")
        for index, theme_key in enumerate(provider.themes):
            for code in _theme_places(provider, index, rng):
                offers.append(_offer(provider, THEMES[theme_key], code, len(offers), names, today))
    return Landscape(programmes=PROGRAMMES, providers=PROVIDERS, places=places, offers=offers)
