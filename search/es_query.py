"""The Elasticsearch request for a SearchQuery: a FacetedSearch over the offer index.

Facets are declared once (`OfferSearch.facets`); elasticsearch.dsl's FacetedSearch then puts the
facet selections into a `post_filter` and gives every facet's aggregation all the *other* facets'
selections, so each facet's counts apply every selection but its own. Eligibility (age,
residence status) is no facet: it goes into the query's filter and narrows hits and counts alike.
"""

import re

from elasticsearch.dsl import FacetedSearch, Q, TermsFacet

from search.es_documents import OfferDocument
from search.query import FACETS, SearchQuery

# Buckets per facet: enough for every option of the vocabulary (86 Stadtteile + 9 Stadtbezirke).
FACET_SIZES = {"district": 200, "provider": 500, "programme": 200, "language": 200}
DEFAULT_FACET_SIZE = 100

# Boosts: a match in the title counts most, then names and vocabulary labels, then the text.
TEXT_BOOSTS = {"title": 4.0, "names": 2.0, "labels": 2.0, "summary": 2.0, "description": 1.0}
GERMAN_WEIGHT = 0.8  # German text, searched alongside the reader's language, counts a bit less
FUZZINESS = "AUTO:5,8"  # no typo allowed below five letters, one up to seven, two from eight
STALE_WEIGHT = 0.6  # offers not verified for a year rank lower, never vanish

HIGHLIGHT = {"pre_tags": ["<mark>"], "post_tags": ["</mark>"], "encoder": "html"}


def search_languages(language):
    return [language] if language == "de" else [language, "de"]


def text_fields(language, subfield=""):
    fields = []
    for code in search_languages(language):
        weight = 1.0 if code == language else GERMAN_WEIGHT
        for kind, boost in TEXT_BOOSTS.items():
            name = f"{kind}.{code}{subfield}"
            fields.append(f"{name}^{boost * weight:g}")
    return fields


def compound_fields():
    return [f"{kind}.de.compound^{boost:g}" for kind, boost in TEXT_BOOSTS.items()]


def _words(text):
    return " " + " ".join(re.findall(r"\w+", text.casefold())) + " "


def expand_synonyms(text, groups):
    """The other members of every synonym group one of whose terms occurs in the text."""
    folded = _words(text)
    expansions = []
    for group in groups:
        terms = [term.strip() for term in group if term and term.strip()]
        hit = [term for term in terms if _words(term) in folded]
        if hit:
            expansions += [term for term in terms if term not in hit and term not in expansions]
    return expansions


def text_query(text, language, synonym_groups=()):
    """Match the text in the reader's language and in German, forgiving in several ways at once."""
    fields = text_fields(language)
    folded = text_fields(language, ".folded")
    should = [
        # Stemmed words in the language analyzers; stop words are dropped, never required.
        Q("multi_match", query=text, fields=fields, type="best_fields", tie_breaker=0.3, boost=2),
        # Case and diacritics folded ("Gefluechtete", "Geflüchtete").
        Q("multi_match", query=text, fields=folded, type="best_fields", tie_breaker=0.3),
        # The whole phrase in order ranks first.
        Q("multi_match", query=text, fields=fields, type="phrase", slop=2, boost=2),
        # Typos in longer words.
        Q(
            "multi_match", query=text, fields=folded, type="best_fields",
            fuzziness=FUZZINESS, prefix_length=1, max_expansions=20, boost=0.5,
        ),
        # Parts of German compounds ("Wohnung" in "Wohnungssuche").
        Q("multi_match", query=text, fields=compound_fields(), type="best_fields", boost=0.4),
    ]
    for synonym in expand_synonyms(text, synonym_groups):
        should.append(Q("multi_match", query=synonym, fields=fields, type="best_fields", boost=0.8))
        should.append(Q("multi_match", query=synonym, fields=compound_fields(), boost=0.3))
    matched = Q("bool", should=should, minimum_should_match=1)
    return Q(
        "function_score",
        query=matched,
        functions=[{"filter": Q("term", stale=True).to_dict(), "weight": STALE_WEIGHT}],
        score_mode="multiply",
        boost_mode="multiply",
    )


def eligibility_filters(query: SearchQuery):
    """Age within the offer's limits (a missing limit is no bound); residence status admitted."""
    filters = []
    if query.age is not None:
        filters.append(
            Q("bool", should=[Q("range", min_age={"lte": query.age}), ~Q("exists", field="min_age")],
              minimum_should_match=1)
        )
        filters.append(
            Q("bool", should=[Q("range", max_age={"gte": query.age}), ~Q("exists", field="max_age")],
              minimum_should_match=1)
        )
    if query.residence_status:
        filters.append(
            Q("bool", should=[Q("terms", residence_status=list(query.residence_status)),
                              ~Q("exists", field="residence_status")], minimum_should_match=1)
        )
    return filters


def sort_order(query: SearchQuery, near_point=None):
    by_title = {f"sort_title.{query.language}": {"order": "asc"}}
    tie = {"offer_id": {"order": "asc"}}
    if query.sort == "relevance" and query.text.strip():
        return ["_score", by_title, tie]
    if query.sort == "verified":
        return [{"last_verified_at": {"order": "desc", "missing": "_last"}}, by_title, tie]
    if query.sort == "distance" and near_point:
        lat, lon = near_point
        return [
            {"_geo_distance": {"coordinates": {"lat": lat, "lon": lon}, "order": "asc", "unit": "km",
                               "ignore_unmapped": True}},
            by_title,
            tie,
        ]
    return [by_title, tie]


class OfferSearch(FacetedSearch):
    """All facets of the search page and API, each a keyword field of the same name."""

    doc_types = [OfferDocument]
    facets = {
        # min_doc_count 0: codes the index holds but the current results lack come back with 0
        # (shown greyed, search.facets).
        name: TermsFacet(field=name, size=FACET_SIZES.get(name, DEFAULT_FACET_SIZE), min_doc_count=0)
        for name in FACETS
    }

    def __init__(self, query: SearchQuery, *, index=None, using=None, synonym_groups=(), near_point=None):
        self.kim_query = query
        self.index = index
        if using is not None:
            self.using = using
        self.synonym_groups = synonym_groups
        self.fields = text_fields(query.language)
        filters = {name: list(codes) for name, codes in query.filters.items() if codes and name in FACETS}
        super().__init__(query.text.strip() or None, filters=filters, sort=sort_order(query, near_point))
        start = (query.page - 1) * query.page_size
        self._s = self._s[start : start + query.page_size]

    def search(self):
        search = super().search().extra(track_total_hits=True).source(["document"])
        for condition in eligibility_filters(self.kim_query):
            search = search.filter(condition)
        return search

    def query(self, search, query):
        return search.query(text_query(query, self.kim_query.language, self.synonym_groups))

    def highlight(self, search):
        languages = search_languages(self.kim_query.language)
        fields = [f"{kind}.{code}" for code in languages for kind in ("summary", "description")]
        search = search.highlight_options(
            **HIGHLIGHT, require_field_match=False, fragment_size=180, number_of_fragments=1
        )
        return search.highlight(*fields)

    def build_search(self):
        search = super().build_search()
        text = self.kim_query.text.strip()
        if text:
            for code in search_languages(self.kim_query.language):
                for kind in ("title", "labels"):
                    search = search.suggest(
                        f"{kind}_{code}", text,
                        term={"field": f"{kind}.{code}.folded", "suggest_mode": "always", "min_word_length": 4},
                    )
        return search
