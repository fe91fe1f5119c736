"""The Elasticsearch backend without a cluster: its mapping, the requests it sends for typical
queries, how it reads recorded answers, and how the service copes when the cluster is away."""

import json
import logging
from pathlib import Path

import pytest

from search import service
from search.es_documents import LANGUAGE_ANALYZERS, offer_index, to_source
from search.es_query import OfferSearch
from search.query import FACETS, SearchQuery

RESPONSES = Path(__file__).parent / "es_responses"


def request_for(query, **kwargs):
    return OfferSearch(query, index="kim-offers", **kwargs)._s.to_dict()


def recorded(name):
    return json.loads((RESPONSES / f"{name}.json").read_text(encoding="utf-8"))


# -- mapping -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def index_definition():
    return offer_index("kim-offers-test").to_dict()


def test_every_portal_language_has_its_own_analysed_title_field(index_definition):
    title = index_definition["mappings"]["properties"]["title"]["properties"]
    assert {code: title[code]["analyzer"] for code in title} == LANGUAGE_ANALYZERS
    assert LANGUAGE_ANALYZERS["de"] == "german"
    assert LANGUAGE_ANALYZERS["fa"] == "persian"
    assert LANGUAGE_ANALYZERS["uk"] == LANGUAGE_ANALYZERS["pl"] == "standard"


@pytest.mark.parametrize("kind", ["title", "summary", "description", "names", "labels"])
def test_texts_have_folded_fields_and_german_compound_parts(index_definition, kind):
    languages = index_definition["mappings"]["properties"][kind]["properties"]
    assert all(languages[code]["fields"]["folded"]["analyzer"] == "kim_folded" for code in languages)
    compound = languages["de"]["fields"]["compound"]
    assert compound == {
        "type": "text", "analyzer": "kim_compound_index", "search_analyzer": "kim_compound_search"
    }
    assert "compound" not in languages["en"]["fields"]


def test_analysis_folds_umlauts_and_cuts_compounds_into_pieces(index_definition):
    analysis = index_definition["settings"]["analysis"]
    assert "german_normalization" in analysis["analyzer"]["kim_folded"]["filter"]
    grams = analysis["filter"]["kim_compound_grams"]
    assert grams["type"] == "ngram" and grams["min_gram"] == 4
    assert index_definition["settings"]["max_ngram_diff"] == grams["max_gram"] - grams["min_gram"]
    assert "kim_compound_grams" not in analysis["analyzer"]["kim_compound_search"]["filter"]


def test_every_facet_is_a_keyword_field(index_definition):
    properties = index_definition["mappings"]["properties"]
    for facet in FACETS:
        assert properties[facet] == {"type": "keyword"}, facet
    assert properties["residence_status"] == {"type": "keyword"}
    assert properties["min_age"]["type"] == properties["max_age"]["type"] == "integer"
    assert properties["coordinates"]["type"] == "geo_point"
    assert properties["document"] == {"type": "object", "enabled": False}


def test_a_document_becomes_its_source_with_codes_and_names():
    document = recorded("facets_and_hits")["hits"]["hits"][0]["_source"]["document"]
    source = to_source(document)
    assert source["district"] == ["ehrenfeld-stadtteil", "ehrenfeld"]
    assert source["free"] == ["true"]
    assert source["title"]["ar"] == "المساعدة في البحث عن سكن"
    assert source["labels"]["ar"] == "السكن اللاجئون"
    assert "Caritas Köln" in source["names"]["de"] and "Caritas-Haus Ehrenfeld" in source["names"]["de"]
    assert source["sort_title"]["en"] == "Hilfe bei der Wohnungssuche"  # German when untranslated
    assert source["coordinates"] == [{"lat": 50.95, "lon": 6.91}]
    assert source["document"] == document


# -- requests ------------------------------------------------------------------------------------


def _function_score(request):
    query = request["query"]
    return (query["bool"]["must"][0] if "bool" in query else query)["function_score"]


def _multi_matches(request):
    function_score = _function_score(request)
    return [clause["multi_match"] for clause in function_score["query"]["bool"]["should"]]


def test_text_is_searched_in_the_readers_language_and_in_german():
    matches = _multi_matches(request_for(SearchQuery(text="السكن", language="ar")))
    fields = {field.split("^")[0] for field in matches[0]["fields"]}
    assert {"title.ar", "title.de", "labels.ar", "labels.de", "summary.ar", "description.de", "names.ar"} <= fields
    assert not any(field.startswith("title.en") for field in fields)
    assert all(match["query"] == "السكن" for match in matches)


def test_typos_compounds_and_folding_each_have_a_clause():
    matches = _multi_matches(request_for(SearchQuery(text="Wohnugn", language="de")))
    fuzzy = [match for match in matches if "fuzziness" in match]
    assert fuzzy and fuzzy[0]["fuzziness"] == "AUTO:5,8"
    assert all(field.split("^")[0].endswith(".folded") for field in fuzzy[0]["fields"])
    assert any(all(".compound" in field for field in match["fields"]) for match in matches)
    assert any(match.get("type") == "phrase" for match in matches)


def test_synonyms_add_the_other_words_of_their_group():
    groups = [["Deutschkurs", "Sprachkurs", "Integrationskurs"], ["Job", "Arbeit"]]
    matches = _multi_matches(request_for(SearchQuery(text="deutschkurs abends"), synonym_groups=groups))
    queries = {match["query"] for match in matches}
    assert {"Sprachkurs", "Integrationskurs"} <= queries
    assert "Arbeit" not in queries


def test_stale_offers_rank_lower():
    function_score = _function_score(request_for(SearchQuery(text="Beratung")))
    assert function_score["functions"] == [{"filter": {"term": {"stale": True}}, "weight": 0.6}]


def test_facets_or_within_and_across_in_the_post_filter():
    query = SearchQuery(filters={"field_of_action": ("wohnen", "arbeit"), "district": ("ehrenfeld",)})
    request = request_for(query)
    assert request["post_filter"] == {
        "bool": {"must": [
            {"terms": {"field_of_action": ["wohnen", "arbeit"]}},
            {"terms": {"district": ["ehrenfeld"]}},
        ]}
    }
    assert "query" not in request  # filters only: nothing to score


def test_each_facets_counts_apply_every_selection_but_its_own():
    query = SearchQuery(filters={"field_of_action": ("wohnen",), "district": ("ehrenfeld",)})
    aggs = request_for(query)["aggs"]
    assert set(aggs) == {f"_filter_{facet}" for facet in FACETS}
    assert aggs["_filter_field_of_action"]["filter"] == {"terms": {"district": ["ehrenfeld"]}}
    assert aggs["_filter_district"]["filter"] == {"terms": {"field_of_action": ["wohnen"]}}
    both = aggs["_filter_language"]["filter"]["bool"]["must"]
    assert {"terms": {"field_of_action": ["wohnen"]}} in both and {"terms": {"district": ["ehrenfeld"]}} in both
    assert aggs["_filter_district"]["aggs"]["district"]["terms"] == {"field": "district", "size": 200, "min_doc_count": 0}


def test_age_admits_offers_without_limits():
    request = request_for(SearchQuery(age=30))
    minimum, maximum = request["query"]["bool"]["filter"]
    assert minimum["bool"]["should"] == [
        {"range": {"min_age": {"lte": 30}}},
        {"bool": {"must_not": [{"exists": {"field": "min_age"}}]}},
    ]
    assert maximum["bool"]["should"][0] == {"range": {"max_age": {"gte": 30}}}
    assert maximum["bool"]["minimum_should_match"] == 1


def test_an_offer_without_residence_statuses_is_open_to_all():
    request = request_for(SearchQuery(residence_status=("duldung", "asylverfahren")))
    (condition,) = request["query"]["bool"]["filter"]
    assert condition["bool"]["should"] == [
        {"terms": {"residence_status": ["duldung", "asylverfahren"]}},
        {"bool": {"must_not": [{"exists": {"field": "residence_status"}}]}},
    ]


def test_no_text_and_no_filters_asks_for_everything_with_all_facets():
    request = request_for(SearchQuery())
    assert "post_filter" not in request and "suggest" not in request
    assert request["aggs"]["_filter_free"]["filter"] == {"match_all": {}}
    assert request["track_total_hits"] is True


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (SearchQuery(text="kurs", language="en"), ["_score", {"sort_title.en": {"order": "asc"}}]),
        (SearchQuery(language="en"), [{"sort_title.en": {"order": "asc"}}]),
        (SearchQuery(sort="name", text="kurs"), [{"sort_title.de": {"order": "asc"}}]),
        (SearchQuery(sort="verified"), [{"last_verified_at": {"order": "desc", "missing": "_last"}}]),
    ],
)
def test_sort_orders(query, expected):
    sort = request_for(query)["sort"]
    assert sort[: len(expected)] == expected
    assert sort[-1] == {"offer_id": {"order": "asc"}}


def test_distance_sorts_from_the_chosen_point():
    query = SearchQuery(sort="distance", near="ehrenfeld-stadtteil")
    sort = request_for(query, near_point=(50.95, 6.92))["sort"]
    assert sort[0]["_geo_distance"]["coordinates"] == {"lat": 50.95, "lon": 6.92}
    assert sort[0]["_geo_distance"]["order"] == "asc"


def test_pages_and_highlights():
    request = request_for(SearchQuery(text="Wohnen", language="tr", page=3, page_size=10))
    assert (request["from"], request["size"]) == (20, 10)
    highlight = request["highlight"]
    assert highlight["pre_tags"] == ["<mark>"] and highlight["encoder"] == "html"
    assert set(highlight["fields"]) == {"summary.tr", "description.tr", "summary.de", "description.de"}


# -- recorded answers ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_recorded_answer_becomes_hits_and_labelled_facets(portal_site):
    from search.backends.elasticsearch import result_from_response

    query = SearchQuery(text="Wohnen", language="ar", filters={"field_of_action": ("wohnen", "sprache")})
    result = result_from_response(recorded("facets_and_hits"), query)

    assert result.backend == "elasticsearch"
    assert result.count == 2
    first, second = result.hits
    assert (first.offer_id, first.title, first.url) == (
        101, "المساعدة في البحث عن سكن", "/ar/angebote/caritas/wohnungssuche/"
    )
    assert first.summary == "Beratung rund ums Wohnen für Geflüchtete"  # German where untranslated
    assert first.highlight == "Beratung rund ums <mark>Wohnen</mark> für Geflüchtete &amp; Familien"
    assert first.provider_name == "Caritas Köln" and first.free is True
    assert first.score == 9.31
    assert second.highlight == "" and second.free is False

    fields = {option.code: option for option in result.facets["field_of_action"]}
    assert fields["wohnen"].label == "السكن" and fields["wohnen"].count == 2 and fields["wohnen"].selected
    assert fields["arbeit"].count == 3 and not fields["arbeit"].selected
    assert fields["sprache"].count == 0 and fields["sprache"].selected  # selected: shown despite 0
    assert "bildung" not in fields  # zero and not selected: hidden
    assert [option.code for option in result.facets["field_of_action"]] == ["sprache", "arbeit", "wohnen"]

    (ehrenfeld,) = result.facets["district"]
    assert ehrenfeld.code == "ehrenfeld" and ehrenfeld.count == 1
    assert [child.code for child in ehrenfeld.children] == ["ehrenfeld-stadtteil"]
    languages = {option.code: option.label for option in result.facets["language"]}
    assert languages == {"de": "الألمانية", "ar": "العربية"}
    assert [option.code for option in result.facets["free"]] == ["true", "false"]
    assert result.facets["funding_level"] == []
    assert result.suggestions == []


@pytest.mark.django_db
def test_an_empty_answer_suggests_the_spelling_that_exists(portal_site):
    from search.backends.elasticsearch import result_from_response

    query = SearchQuery(text="Integrationskurz Köln", filters={"free": ("true",)})
    result = result_from_response(recorded("empty_with_suggestions"), query)
    assert result.count == 0 and result.hits == []
    assert result.suggestions == ["integrationskurs Köln"]
    assert result.facets["free"][0].code == "true" and result.facets["free"][0].selected
    assert result.facets["field_of_action"] == []


# -- an unreachable cluster ----------------------------------------------------------------------


@pytest.mark.django_db
def test_an_unreachable_cluster_raises_a_connection_error():
    from elasticsearch import ConnectionError as ESConnectionError

    from search.backends.elasticsearch import ElasticsearchBackend

    backend = ElasticsearchBackend(url="http://127.0.0.1:9", index_prefix="kim-test")
    with pytest.raises(ESConnectionError):
        backend.search(SearchQuery(text="Wohnen"))


@pytest.mark.django_db
def test_the_service_answers_from_the_database_when_elasticsearch_is_away(portal_site, settings, caplog):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    settings.ELASTICSEARCH_INDEX_PREFIX = "kim-test"
    service.reset_backend()
    with caplog.at_level(logging.WARNING):
        result = service.search(SearchQuery(text="Wohnen"))
    assert result.backend == "database"
    assert any(record.levelno == logging.WARNING for record in caplog.records)
