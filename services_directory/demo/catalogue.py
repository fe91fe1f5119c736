"""The demo landscape's catalogue, read from the JSON files in `data/` (see data/README.md):
programmes, providers, the kinds of offer (themes), the text parts offers are built from, and
where each Stadtteil lies.

Editors change the landscape there, not here. A file that cannot be used stops with a
`DemoDataError` naming the file and the entry.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from portal.languages import load_vocabulary, portal_language_codes

DATA = Path(__file__).resolve().parent / "data"
# Letters the generator composes access with: walk-in, appointment, referral, online booking.
ACCESS_CODES = {"walk-in": "w", "appointment": "a", "referral": "r", "online-booking": "o"}
SLOT_KINDS = ("counselling", "course", "evening", "meeting", "office")
CEFR = ("A1", "A2", "B1", "B2", "C1", "C2")


class DemoDataError(ValueError):
    """A demo data file is missing, not JSON, or an entry lacks what the generator needs."""


@dataclass(frozen=True)
class Programme:
    key: str
    title: dict  # language → text, in every portal language (like funder and about)
    short_name: str
    level: str
    funder: dict
    start: str
    end: str
    about: dict
    link: str


@dataclass(frozen=True)
class Provider:
    key: str
    name: str
    kind: str
    umbrella: str
    places: tuple  # Stadtteil codes; the first is the main office
    themes: tuple
    languages: tuple = ()
    about: dict = None  # language → text, in every portal language
    spread: int = 0  # how many places each theme runs at (0: chosen per theme)


@dataclass(frozen=True)
class Theme:
    key: str
    title: dict  # language → text, in every one of `Texts.languages`
    summary: dict
    body: dict
    fields: list
    groups: list
    legal: list
    statuses: list
    ages: tuple  # (minimum, maximum); None for no limit
    access: str  # letters of ACCESS_CODES, in the order the file gives them
    slots: str  # one of SLOT_KINDS
    cost: str  # a key of Texts.fees, or "" for free of charge
    bring: tuple  # keys of Texts.bring
    programme: str
    languages: tuple
    delivery: tuple
    team: tuple  # (German, English) name of the team
    referral: "ReferralFacts" = None  # what case managers filter on (childcare, places, ...)


@dataclass(frozen=True)
class ReferralFacts:
    """A theme's `referral` object: which share of its offers has childcare or part-time, the
    CEFR levels of a language course, how it starts, whether places are counted, and the
    benefits that waive its fee."""

    childcare: float = 0.0  # 0..1 share of the theme's offers (true: all)
    part_time: float = 0.0
    course_levels: tuple = ()  # (lowest, highest) CEFR level
    start: object = ""  # "rolling", or every how many months a new course starts
    places: bool = False
    free_with: tuple = ()  # benefit vocabulary codes


def _referral_facts(entry):
    data = entry.get("referral", {}, dict)
    where = f"{entry.where}, referral"
    shares = {}
    for name in ("childcare", "part_time"):
        value = data.get(name, 0)
        if isinstance(value, bool):
            value = 1.0 if value else 0.0
        elif not isinstance(value, (int, float)) or not 0 <= value <= 1:
            raise DemoDataError(f"{where}: {name!r} is true, false or a share between 0 and 1")
        shares[name] = float(value)
    levels = tuple(data.get("course_levels", ()))
    if levels and (len(levels) != 2 or any(level not in CEFR for level in levels)):
        raise DemoDataError(f"{where}: 'course_levels' is [lowest, highest], each one of {', '.join(CEFR)}")
    start = data.get("start", "")
    if start not in ("", "rolling") and not (isinstance(start, int) and 1 <= start <= 12):
        raise DemoDataError(f"{where}: 'start' is \"rolling\" or every how many months (1-12) a course starts")
    return ReferralFacts(
        childcare=shares["childcare"], part_time=shares["part_time"], course_levels=levels, start=start,
        places=bool(data.get("places", False)), free_with=tuple(data.get("free_with", ())),
    )


@dataclass(frozen=True)
class Stadtteil:
    code: str
    latitude: float
    longitude: float
    postcode: str
    streets: tuple
    stop: str


@dataclass(frozen=True)
class Texts:
    languages: tuple  # the languages every offer text part exists in (de and en first)
    bring: dict
    fees: dict
    place_phrase: dict
    provider_sentences: list
    access_sentences: dict  # access letter → text
    language_sentence: dict
    demo_note: dict
    provider_demo_note: dict
    open_note: dict
    appointment_note: dict
    hours_notes: list
    closed_reasons: list
    # In every portal language (a reader sees them on every offer page, translated or not):
    # provider_demo_note, open_note, appointment_note, hours_notes, closed_reasons and these.
    verifiers: list  # who verifies demo offers: teams and offices
    certificates: dict  # provider kind → the quality certificate a provider of that kind holds
    transport_hint: dict  # "{stop}", "{minutes}"
    reception_role: dict
    team_name: dict  # "{field}": a team named after its field of action (languages beyond de, en)


def _read(name):
    path = DATA / name
    try:
        with path.open(encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError:
        raise DemoDataError(f"{path}: the demo data file is missing") from None
    except json.JSONDecodeError as error:
        raise DemoDataError(f"{path}, line {error.lineno}: not valid JSON ({error.msg})") from None


class _Entry:
    """One JSON object of a file, whose missing or malformed values are reported with their place."""

    def __init__(self, where, data):
        self.where = where
        if not isinstance(data, dict):
            raise DemoDataError(f"{self.where}: expected an object")
        self.data = data

    def get(self, key, default=None, kind=None):
        if key not in self.data:
            if default is None:
                raise DemoDataError(f"{self.where}: {key!r} is missing")
            return default
        value = self.data[key]
        if kind is not None and not isinstance(value, kind):
            raise DemoDataError(f"{self.where}: {key!r} must be a {kind.__name__}")
        return value

    def text(self, key, languages):
        value = self.get(key, kind=dict)
        missing = [lang for lang in languages if not value.get(lang)]
        if missing:
            raise DemoDataError(f"{self.where}: {key!r} has no text in {', '.join(missing)}")
        return {lang: value[lang] for lang in languages}


def _entries(name):
    data = _read(name)
    if not isinstance(data, list):
        raise DemoDataError(f"{DATA / name}: expected a list of entries")
    return [
        _Entry(f"{DATA / name}, entry {index + 1}" + (f" ({item['key']!r})" if isinstance(item, dict) and "key" in item else ""), item)
        for index, item in enumerate(data)
    ]


@cache
def texts() -> Texts:
    entry = _Entry(str(DATA / "texts.json"), _read("texts.json"))
    languages = tuple(entry.get("languages", kind=list))
    if languages[:2] != ("de", "en"):
        raise DemoDataError(f"{entry.where}: 'languages' must start with de, en")

    def table(key):
        part = _Entry(f"{entry.where}, {key}", entry.get(key, kind=dict))
        return {name: part.text(name, languages) for name in part.data}

    everywhere = tuple(portal_language_codes())

    def translated_table(key):
        part = _Entry(f"{entry.where}, {key}", entry.get(key, kind=dict))
        return {name: part.text(name, everywhere) for name in part.data}

    def translated_list(key):
        part = _Entry(f"{entry.where}, {key}", dict(enumerate(entry.get(key, kind=list), start=1)))
        return [part.text(number, everywhere) for number in part.data]

    access = table("access_sentences")
    unknown = set(access) - set(ACCESS_CODES)
    if unknown:
        raise DemoDataError(f"{entry.where}: unknown access kinds {sorted(unknown)}; use {', '.join(ACCESS_CODES)}")
    return Texts(
        languages=languages,
        bring=table("bring"),
        fees=table("fees"),
        place_phrase=entry.text("place_phrase", languages),
        provider_sentences=[
            _Entry(f"{entry.where}, provider_sentences", {str(number): sentence}).text(str(number), languages)
            for number, sentence in enumerate(entry.get("provider_sentences", kind=list), start=1)
        ],
        access_sentences={ACCESS_CODES[name]: value for name, value in access.items()},
        language_sentence=entry.text("language_sentence", languages),
        demo_note=entry.text("demo_note", languages),
        provider_demo_note=entry.text("provider_demo_note", everywhere),
        open_note=entry.text("open_note", everywhere),
        appointment_note=entry.text("appointment_note", everywhere),
        hours_notes=translated_list("hours_notes"),
        closed_reasons=translated_list("closed_reasons"),
        verifiers=translated_list("verifiers"),
        certificates=translated_table("certificates"),
        transport_hint=entry.text("transport_hint", everywhere),
        reception_role=entry.text("reception_role", everywhere),
        team_name=entry.text("team_name", [code for code in everywhere if code not in ("de", "en")]),
    )


@cache
def programmes() -> list[Programme]:
    result = []
    for entry in _entries("programmes.json"):
        title, funder, about = (entry.text(key, portal_language_codes()) for key in ("title", "funder", "about"))
        result.append(Programme(
            key=entry.get("key", kind=str), title=title, short_name=entry.get("short_name", "", str),
            level=entry.get("funding_level", kind=str), funder=funder, start=entry.get("start", kind=str),
            end=entry.get("end", "", str), about=about, link=entry.get("link", kind=str),
        ))
    return result


@cache
def providers() -> list[Provider]:
    result = []
    for entry in _entries("providers.json"):
        about = entry.text("about", portal_language_codes())
        places = tuple(entry.get("places", kind=list))
        if not places:
            raise DemoDataError(f"{entry.where}: 'places' needs at least one Stadtteil (the main office)")
        result.append(Provider(
            key=entry.get("key", kind=str), name=entry.get("name", kind=str), kind=entry.get("kind", kind=str),
            umbrella=entry.get("umbrella", "", str), places=places, themes=tuple(entry.get("themes", kind=list)),
            languages=tuple(entry.get("languages", [], list)), about=about,
            spread=entry.get("spread", 0, int),
        ))
    return result


@cache
def themes() -> dict[str, Theme]:
    languages = texts().languages
    result = {}
    for name in ("themes-advice.json", "themes-learning.json"):
        for entry in _entries(name):
            access = entry.get("access", kind=list)
            unknown = [kind for kind in access if kind not in ACCESS_CODES]
            if unknown:
                raise DemoDataError(f"{entry.where}: unknown access {unknown}; use {', '.join(ACCESS_CODES)}")
            slots = entry.get("slots", kind=str)
            if slots not in SLOT_KINDS:
                raise DemoDataError(f"{entry.where}: unknown slots {slots!r}; use {', '.join(SLOT_KINDS)}")
            ages = entry.get("ages", kind=list)
            if len(ages) != 2:
                raise DemoDataError(f"{entry.where}: 'ages' is [minimum, maximum] (null for no limit)")
            team = entry.text("team", ("de", "en"))
            theme = Theme(
                key=entry.get("key", kind=str),
                title=entry.text("title", languages), summary=entry.text("summary", languages),
                body=entry.text("body", languages),
                fields=list(entry.get("fields_of_action", kind=list)), groups=list(entry.get("target_groups", kind=list)),
                legal=list(entry.get("legal_scopes", kind=list)), statuses=list(entry.get("residence_statuses", [], list)),
                ages=tuple(ages), access="".join(ACCESS_CODES[kind] for kind in access), slots=slots,
                cost=entry.get("cost", "", str), bring=tuple(entry.get("bring", kind=list)),
                programme=entry.get("programme", "", str), languages=tuple(entry.get("languages", [], list)),
                delivery=tuple(entry.get("delivery", kind=list)), team=(team["de"], team["en"]),
                referral=_referral_facts(entry),
            )
            if theme.key in result:
                raise DemoDataError(f"{entry.where}: the theme key {theme.key!r} is used twice")
            result[theme.key] = theme
    return result


@cache
def stadtteile() -> dict[str, Stadtteil]:
    result = {}
    for entry in _entries("stadtteile.json"):
        result[entry.get("code", kind=str)] = Stadtteil(
            code=entry.get("code", kind=str), latitude=entry.get("latitude", kind=float),
            longitude=entry.get("longitude", kind=float), postcode=entry.get("postcode", kind=str),
            streets=tuple(entry.get("streets", kind=list)), stop=entry.get("stop", kind=str),
        )
    return result


def check_references():
    """Every key one file uses exists in the file that defines it (run before building)."""
    themes_, programme_keys, text = themes(), {p.key for p in programmes()}, texts()
    provider_keys = {p.key for p in providers()}
    benefits = {term["code"] for taxonomy in load_vocabulary()["taxonomies"] if taxonomy["id"] == "benefit" for term in taxonomy["terms"]}
    for provider in providers():
        where = f"{DATA / 'providers.json'} ({provider.key!r})"
        for key in provider.themes:
            if key not in themes_:
                raise DemoDataError(f"{where}: unknown theme {key!r}")
        for code in provider.places:
            if code not in stadtteile():
                raise DemoDataError(f"{where}: unknown Stadtteil {code!r} (stadtteile.json)")
        if provider.umbrella and provider.umbrella not in provider_keys:
            raise DemoDataError(f"{where}: unknown umbrella {provider.umbrella!r}")
    for theme in themes_.values():
        where = f"theme {theme.key!r}"
        if theme.programme and theme.programme not in programme_keys:
            raise DemoDataError(f"{where}: unknown programme {theme.programme!r} (programmes.json)")
        if theme.cost and theme.cost not in text.fees:
            raise DemoDataError(f"{where}: unknown cost {theme.cost!r} (texts.json, fees)")
        for item in theme.bring:
            if item not in text.bring:
                raise DemoDataError(f"{where}: unknown thing to bring {item!r} (texts.json, bring)")
        for code in theme.referral.free_with:
            if code not in benefits:
                raise DemoDataError(f"{where}: unknown benefit {code!r} in referral.free_with (vocabulary: benefit)")
