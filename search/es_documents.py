"""How an offer lies in Elasticsearch: the analysis chain, the mapping and the index it lives in.

Each text (title, summary, description, names, vocabulary labels) has one sub-field per portal
language, analysed with Elasticsearch's built-in analyzer for that language where one exists, plus
a `folded` sub-field (case and diacritics folded, no stemming) for every language and, for German,
a `compound` sub-field of 4–15 letter n-grams so that "Beratung" finds "Jobberatung". Every facet
is a keyword field holding the codes the search page and the API use.
"""

from elasticsearch.dsl import (
    Boolean,
    Date,
    Document,
    GeoPoint,
    Index,
    InnerDoc,
    Integer,
    Keyword,
    Object,
    Text,
    analyzer,
    normalizer,
    token_filter,
)

from search.query import FACETS

# Built-in Elasticsearch analyzer per portal language; Ukrainian and Polish have none built in
# (their stemmers are plugins), so they get standard analysis.
LANGUAGE_ANALYZERS = {
    "de": "german",
    "en": "english",
    "ar": "arabic",
    "fa": "persian",
    "tr": "turkish",
    "uk": "standard",
    "ru": "russian",
    "ro": "romanian",
    "bg": "bulgarian",
    "pl": "standard",
}
PORTAL_LANGUAGES = tuple(LANGUAGE_ANALYZERS)

# The text kinds of an offer, each with one sub-field per language.
TEXT_FIELDS = ("title", "summary", "description", "names", "labels")

NGRAM_MIN, NGRAM_MAX = 4, 15

folded = analyzer(
    "kim_folded",
    tokenizer="standard",
    filter=["lowercase", "german_normalization", "asciifolding"],
)
compound_grams = token_filter("kim_compound_grams", type="ngram", min_gram=NGRAM_MIN, max_gram=NGRAM_MAX)
german_stop = token_filter("kim_german_stop", type="stop", stopwords="_german_")
german_light_stem = token_filter("kim_german_light_stem", type="stemmer", language="light_german")
# Index side: every 4–15 letter piece of every (folded) word. Search side: the folded, lightly
# stemmed query word, which then matches the piece of a compound it is part of.
compound_index = analyzer(
    "kim_compound_index",
    tokenizer="standard",
    filter=["lowercase", "german_normalization", "asciifolding", compound_grams],
)
compound_search = analyzer(
    "kim_compound_search",
    tokenizer="standard",
    filter=["lowercase", german_stop, "german_normalization", "asciifolding", german_light_stem],
)
sort_normalizer = normalizer("kim_sort", filter=["lowercase", "asciifolding"])


def _language_text(language):
    subfields = {"folded": Text(analyzer=folded)}
    if language == "de":
        subfields["compound"] = Text(analyzer=compound_index, search_analyzer=compound_search)
    return Text(analyzer=LANGUAGE_ANALYZERS[language], fields=subfields)


LocalisedText = type(
    "LocalisedText", (InnerDoc,), {language: _language_text(language) for language in PORTAL_LANGUAGES}
)
LocalisedSortKey = type(
    "LocalisedSortKey",
    (InnerDoc,),
    {language: Keyword(normalizer=sort_normalizer) for language in PORTAL_LANGUAGES},
)


class OfferDocument(Document):
    """One published offer. `document` keeps build_document()'s dict as it is, for the hit list."""

    offer_id = Integer()
    hsds_id = Keyword()
    title = Object(LocalisedText)
    summary = Object(LocalisedText)
    description = Object(LocalisedText)
    names = Object(LocalisedText)
    labels = Object(LocalisedText)
    sort_title = Object(LocalisedSortKey)
    min_age = Integer()
    max_age = Integer()
    residence_status = Keyword()
    last_verified_at = Date()
    stale = Boolean()
    coordinates = GeoPoint()
    document = Object(enabled=False)

    class Meta:
        dynamic = "strict"


# One keyword field per facet, holding its codes.
for _facet in FACETS:
    OfferDocument._doc_type.mapping.field(_facet, Keyword())


def offer_index(name, using=None):
    """The index definition (settings, analysis, mapping) under a concrete name."""
    index = Index(name, using=using) if using is not None else Index(name)
    index.settings(
        number_of_shards=1,
        auto_expand_replicas="0-1",
        max_ngram_diff=NGRAM_MAX - NGRAM_MIN,
    )
    index.document(OfferDocument)
    return index


def _text(value):
    return value if isinstance(value, str) else " ".join(str(part) for part in value or () if part)


def _per_language(value):
    """A {language: text-or-list} dict reduced to {language: text} for the portal languages."""
    value = value or {}
    return {language: _text(value.get(language)) for language in PORTAL_LANGUAGES if value.get(language)}


def to_source(document):
    """The Elasticsearch `_source` for a document made by search.documents.build_document."""
    title = _per_language(document.get("title"))
    german_title = title.get("de", "")
    names = {}
    for language in PORTAL_LANGUAGES:
        parts = [_name(document.get("provider"), language), _name(document.get("programme"), language)]
        parts.append((document.get("programme") or {}).get("short_name") or "")
        parts += [_name(place, language) for place in document.get("places") or ()]
        joined = " ".join(part for part in parts if part)
        if joined:
            names[language] = joined
    source = {
        "offer_id": document["offer_id"],
        "hsds_id": str(document["hsds_id"]),
        "title": title,
        "summary": _per_language(document.get("summary")),
        "description": _per_language(document.get("description")),
        "names": names,
        "labels": _per_language(document.get("labels")),
        "sort_title": {language: title.get(language) or german_title for language in PORTAL_LANGUAGES},
        "min_age": document.get("min_age"),
        "max_age": document.get("max_age"),
        "residence_status": list(document.get("residence_status") or ()),
        "last_verified_at": _iso(document.get("last_verified_at")),
        "stale": bool(document.get("stale")),
        "coordinates": [
            {"lat": float(lat), "lon": float(lon)} for lat, lon in _points(document.get("coordinates"))
        ],
        "document": _jsonable(document),
    }
    for facet in FACETS:
        source[facet] = facet_codes(document, facet)
    return source


def facet_codes(document, facet):
    """The facet's codes on a document, as strings ("true"/"false" for `free`)."""
    return [str(code) for code in document["facets"].get(facet) or ()]


def _name(value, language):
    if not value:
        return ""
    if isinstance(value, str):
        return value
    name = value.get("name", value)
    if isinstance(name, dict):
        return name.get(language) or name.get("de") or ""
    return str(name)


def _points(value):
    for point in value or ():
        if isinstance(point, dict):
            yield point["lat"], point["lon"]
        else:
            yield point[0], point[1]


def _iso(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def _jsonable(value):
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(item) for item in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)
