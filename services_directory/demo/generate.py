"""Compose the demo landscape from the catalogue (the data files in `data/`), deterministically.

Pure Python, no database: the same seed, data and day always give the same landscape, so
loading twice changes nothing. Every record gets a stable key from which its `hsds_id` is derived.
"""

import datetime
import random
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.text import slugify

from portal.languages import language_name, load_vocabulary

from . import catalogue

SEED = 20261
NAMESPACE = uuid.UUID("6f1c7a52-4d0e-5b8e-9a57-0c4b6d7e2f31")
DEMO_DOMAIN = "demo.example"
# Arabic and Persian lists are separated by the Arabic comma, not a Latin one.
LIST_SEPARATORS = {"ar": "، ", "fa": "، "}


def hsds_id(kind, key):
    return uuid.uuid5(NAMESPACE, f"{kind}:{key}")


def stadtteil_names():
    for taxonomy in load_vocabulary()["taxonomies"]:
        if taxonomy["id"] == "district":
            return {term["code"]: term["name"]["de"] for term in taxonomy["terms"]}
    return {}


def field_of_action_labels():
    """field-of-action code -> {language: label}, from the vocabulary (the demo's team names)."""
    for taxonomy in load_vocabulary()["taxonomies"]:
        if taxonomy["id"] == "field-of-action":
            return {term["code"]: term["name"] for term in taxonomy["terms"]}
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
    start_dates: list = field(default_factory=list)


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


def _slots(theme, access, rng, texts):
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
        slots.append(SlotSpec(3, _time("14:00"), _time("17:30"), by_appointment=True, note=texts.appointment_note))
        return slots
    slots = []
    if "w" in access:
        slots.append(SlotSpec(days[0], _time(rng.choice(["09:00", "10:00"])), _time("12:00"), note=texts.open_note))
    if "a" in access or "r" in access or not slots:
        for day in sorted(days[1:3]):
            slots.append(SlotSpec(day, _time("09:00"), _time(rng.choice(["15:00", "16:00", "17:00"])), by_appointment=True,
                                  note=texts.appointment_note))
    return sorted(slots, key=lambda slot: (slot.weekday, slot.opens))


def _places(names):
    places = []
    stadtteile = catalogue.stadtteile()
    texts = catalogue.texts()
    for provider in catalogue.providers():
        for code in provider.places:
            key = f"{provider.key}/{code}"
            rng = random.Random(f"{SEED}:place:{key}")
            stadtteil = stadtteile[code]
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
                    lang: text.format(stop=stop, minutes=minutes) for lang, text in texts.transport_hint.items()
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


def _offer(provider, theme, code, number, names, today, texts, programmes):
    key = f"{provider.key}/{theme.key}/{code}"
    rng = random.Random(f"{SEED}:offer:{key}")
    place_name = names[code]
    languages = _languages(provider, theme, rng)
    translated = rng.random() < 0.5
    text_langs = texts.languages if translated else ("de", "en")
    access = theme.access
    sentence = rng.choice(texts.provider_sentences)
    offer_texts = {name: {} for name in ("title", "summary", "description", "access_notes", "what_to_bring",
                                         "fee_description", "contact_name")}
    for lang in text_langs:
        offer_texts["title"][lang] = f"{theme.title[lang]} – {place_name}"
        offer_texts["summary"][lang] = f"{theme.summary[lang]} {_t(texts.place_phrase, lang, place=place_name)}"
        access_text = " ".join(texts.access_sentences[letter][lang] for letter in access)
        others = [language_name(other, lang) for other in languages if other != "de"]
        paragraphs = [theme.body[lang], _t(sentence, lang, provider=provider.name, place=place_name), access_text]
        if others:
            paragraphs.append(_t(texts.language_sentence, lang, languages=LIST_SEPARATORS.get(lang, ", ").join(others)))
        offer_texts["description"][lang] = (
            "".join(f"<p>{p}</p>" for p in paragraphs) + f"<p><em>{texts.demo_note[lang]}</em></p>"
        )
        offer_texts["access_notes"][lang] = access_text
        offer_texts["what_to_bring"][lang] = "; ".join(texts.bring[item][lang] for item in theme.bring)
        if theme.cost:
            offer_texts["fee_description"][lang] = texts.fees[theme.cost][lang]
    fields = field_of_action_labels()
    offer_texts["contact_name"] = {
        **{lang: name.format(field=fields[theme.fields[0]][lang]) for lang, name in texts.team_name.items()},
        "de": f"Team {theme.team[0]}", "en": theme.team[1],
    }

    programme = theme.programme
    if provider.kind == "public-authority" and programme in ("auszugsmanagement",) and provider.key != "wohnungsamt":
        programme = ""
    programme_spec = programmes.get(programme)
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
        **{f"last_verified_by_{lang}": name for lang, name in rng.choice(texts.verifiers).items()},
        "is_demo": True,
    }
    referral, start_dates = _referral(theme, key, today)
    values.update(referral)
    terms = {
        "free_with_benefits": [("benefit", c) for c in theme.referral.free_with] if theme.cost else [],
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
        links[0].hours_notes = rng.choice(texts.hours_notes)
    if number % 31 == 17:
        links[0].temporarily_closed = True
        links[0].closed_reason = rng.choice(texts.closed_reasons)
    return OfferSpec(
        key=key, provider=provider.key, theme=theme.key,
        slug_de=slugify(f"{theme.title['de']} {place_name}")[:200],
        slug_en=slugify(f"{theme.title['en']} {place_name}")[:200],
        texts=offer_texts, values=values, terms=terms, programme=programme, places=links,
        slots=_slots(theme, access, rng, texts), languages=languages, start_dates=start_dates,
    )


def _first_monday(year, month):
    day = datetime.date(year, month, 1)
    return day + datetime.timedelta(days=(7 - day.weekday()) % 7)


def _referral(theme, key, today):
    """The facts case managers filter on (childcare, part-time, course level, start, places), and
    the next two start dates. They come from their own random stream, so every other generated
    value stays as it was before these facts existed."""
    facts = theme.referral
    rng = random.Random(f"{SEED}:referral:{key}")
    low, high = (facts.course_levels or ("", ""))
    values = {
        "childcare": rng.random() < facts.childcare,
        "part_time": rng.random() < facts.part_time,
        "course_level_from": low,
        "course_level_to": high if high != low else "",
        "rolling_start": facts.start == "rolling",
        "capacity_status": "",
        "capacity_updated_on": None,
    }
    if facts.places:
        values["capacity_status"] = rng.choices(["free", "waiting", "full"], weights=[6, 3, 1])[0]
        values["capacity_updated_on"] = today - datetime.timedelta(days=rng.randint(0, 45))
    starts = []
    if isinstance(facts.start, int):
        first = today.month + rng.randint(1, facts.start)  # the next intake, within one interval
        for step in range(2):
            years, month = divmod(first - 1 + step * facts.start, 12)
            starts.append(_first_monday(today.year + years, month + 1))
    return values, starts


def build_landscape(today):
    catalogue.check_references()
    texts, themes = catalogue.texts(), catalogue.themes()
    programmes = {programme.key: programme for programme in catalogue.programmes()}
    names = stadtteil_names()
    places = _places(names)
    offers = []
    for provider in catalogue.providers():
        rng = random.Random(f"{SEED}:provider:{provider.key}")
        for index, theme_key in enumerate(provider.themes):
            for code in _theme_places(provider, index, rng):
                offers.append(_offer(provider, themes[theme_key], code, len(offers), names, today, texts, programmes))
    return Landscape(
        programmes=catalogue.programmes(), providers=catalogue.providers(), places=places, offers=offers
    )
