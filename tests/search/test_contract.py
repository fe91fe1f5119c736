"""The search contract: what a query means, checked against every available backend.

`search_backend` (conftest.py) yields the database backend always and the Elasticsearch backend
when a live cluster is configured; both must give the same answers over the same `directory`.
"""

import pytest

from search.query import SearchQuery


@pytest.fixture
def offers(directory, search_backend):
    search_backend.rebuild()
    return directory


def ids(result):
    return [hit.offer_id for hit in result.hits]


def find(backend, text="", language="de", **kwargs):
    return backend.search(SearchQuery(text=text, language=language, **kwargs))


def options(result, facet):
    return {option.code: option for option in result.facets[facet]}


# -- text ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Wohnungssuche", "housing"),
        ("wohnungssuche", "housing"),  # case
        ("Gefluechtete", "housing"),  # umlaut transliteration
        ("GEFLÜCHTETE", "housing"),
        ("Wohnung", "housing"),  # compound: Wohnungssuche
        ("Beratung", "jobs"),  # compound: Jobberatung
        ("Wohnugn", "housing"),  # typo
        ("Integrationskurse", "course"),  # stemming
        ("Sprachkurs", "course"),  # synonym of Integrationskurs
        ("Caritasverband", "housing"),  # provider name
        ("MBE", "course"),  # programme short name
        ("Bürgerzentrum", "housing"),  # place name
        ("Mietvertrag", "housing"),  # description
    ],
)
def test_text_is_forgiving(search_backend, offers, text, expected):
    assert offers[expected].pk in ids(find(search_backend, text))


def test_vocabulary_labels_match_in_the_readers_language(search_backend, offers):
    # Arabic "housing" finds the German-only offer tagged with the housing field of action.
    assert ids(find(search_backend, "السكن", "ar")) == [offers["housing"].pk]
    assert offers["recognition"].pk in ids(find(search_backend, "recognition", "en"))


def test_a_german_query_works_in_any_reader_language(search_backend, offers):
    for language in ("en", "ar", "uk"):
        assert offers["housing"].pk in ids(find(search_backend, "Wohnung", language))


def test_translated_text_is_found_and_shown_in_the_readers_language(search_backend, offers):
    result = find(search_backend, "counselling newcomers", "en")
    assert ids(result)[0] == offers["jobs"].pk
    assert result.hits[0].title == "Job counselling for newcomers"
    assert find(search_backend, "Jobberatung", "de").hits[0].title == "Jobberatung für Zugewanderte"


def test_stop_words_never_block_a_match_and_the_best_match_comes_first(search_backend, offers):
    result = find(search_backend, "recognition of my degree", "en")
    assert ids(result)[0] == offers["recognition"].pk
    result = find(search_backend, "Ich suche eine Wohnung für Geflüchtete in Köln")
    assert ids(result)[0] == offers["housing"].pk


def test_offers_matching_more_words_rank_first(search_backend, offers):
    result = find(search_backend, "Beratung Anerkennung")
    assert ids(result)[0] == offers["recognition"].pk
    assert result.count >= 3  # the other "Beratung" offers still follow


def test_stale_offers_rank_lower(search_backend, offers):
    # Both match "Kinderbetreuung"-free word "Deutsch"? Use "Beratung": the course (stale,
    # last verified 500 days ago) matches in its description only; fresh matches come first.
    result = find(search_backend, "Beratung")
    assert ids(result)[-1] == offers["course"].pk


def test_no_match_gives_empty_result_with_a_spelling_suggestion(search_backend, offers):
    result = find(search_backend, "Integrazionskurs", filters={"free": ("true",)})
    assert result.count == 0 and result.hits == []
    assert result.suggestions == ["integrationskurs"]


def test_highlight_marks_matched_words(search_backend, offers):
    hit = find(search_backend, "Wohnung").hits[0]
    assert "<mark>Wohnung</mark>" in hit.highlight


# -- facets ----------------------------------------------------------------------------------


def test_values_of_one_facet_combine_with_or_facets_with_and(search_backend, offers):
    result = find(search_backend, filters={"field_of_action": ("wohnen", "sprache")})
    assert set(ids(result)) == {offers["housing"].pk, offers["course"].pk}
    result = find(search_backend, filters={"field_of_action": ("wohnen", "sprache"), "free": ("true",)})
    assert ids(result) == [offers["housing"].pk]


def test_each_facets_counts_ignore_its_own_selection(search_backend, offers):
    result = find(search_backend, filters={"field_of_action": ("wohnen",)})
    fields = options(result, "field_of_action")
    assert fields["wohnen"].selected and fields["wohnen"].count == 1
    assert fields["arbeit"].count == 2 and not fields["arbeit"].selected  # still offered
    languages = options(result, "language")  # other facets follow the selection
    assert {code for code, option in languages.items() if option.count} == {"de", "ar"}


def test_zero_count_options_stay_visible_when_other_offers_have_them(search_backend, offers):
    result = find(search_backend, filters={"field_of_action": ("wohnen",)})
    languages = options(result, "language")
    assert languages["tr"].count == 0 and not languages["tr"].selected  # "none here", not "missed it"
    assert "ro" not in languages  # no offer anywhere: not offered at all


def test_zero_count_options_are_hidden_unless_selected_or_held_elsewhere(search_backend, offers):
    result = find(search_backend, "Wohnung", filters={"legal_scope": ("sgb-ii",)})
    assert result.count == 0
    legal = options(result, "legal_scope")
    assert legal["sgb-ii"].selected
    assert all(option.count == 0 for option in legal.values())
    fields = options(find(search_backend, "Wohnung"), "field_of_action")
    assert fields["sprache"].count == 0  # other offers have it: greyed, not gone
    assert "familie" not in fields  # no offer has it at all


def test_district_facet_nests_stadtteile_and_a_stadtbezirk_matches_its_stadtteile(search_backend, offers):
    result = find(search_backend, filters={"district": ("innenstadt",)})
    assert ids(result) == [offers["course"].pk]
    bezirke = options(find(search_backend), "district")
    assert bezirke["ehrenfeld"].count == 2
    assert [(child.code, child.count) for child in bezirke["ehrenfeld"].children] == [("ehrenfeld-stadtteil", 2)]
    assert bezirke["innenstadt"].label == "Innenstadt"


def test_facet_labels_are_in_the_query_language(search_backend, offers):
    result = find(search_backend, language="en")
    assert options(result, "field_of_action")["wohnen"].label == "Housing"
    assert options(result, "language")["ar"].label == "Arabic"
    assert options(find(search_backend, language="de"), "language")["ar"].label == "Arabisch"
    providers = options(result, "provider")
    assert {option.label for option in providers.values()} == {"Caritasverband Köln", "AWO Kreisverband Köln"}


def test_every_facet_is_answered(search_backend, offers):
    result = find(search_backend)
    assert set(result.facets) == {
        "field_of_action", "target_group", "district", "language", "delivery",
        "funding_level", "legal_scope", "provider", "programme", "free",
        "free_for", "childcare", "part_time", "course_level", "start", "capacity", "translated",
    }
    assert options(result, "funding_level")["bund"].count == 2
    assert options(result, "free")["true"].count == 3
    assert options(result, "delivery")["online"].count == 1


# -- eligibility -----------------------------------------------------------------------------


def test_age_filter_treats_a_missing_limit_as_no_bound(search_backend, offers):
    assert set(ids(find(search_backend, age=30))) == {offers["housing"].pk, offers["course"].pk, offers["recognition"].pk}
    assert set(ids(find(search_backend, age=12))) == {offers["housing"].pk, offers["course"].pk}
    assert offers["jobs"].pk in ids(find(search_backend, age=18))


def test_offers_without_residence_statuses_are_open_to_all(search_backend, offers):
    result = find(search_backend, residence_status=("duldung",))
    assert offers["housing"].pk not in ids(result)
    assert result.count == 3
    assert offers["housing"].pk in ids(find(search_backend, residence_status=("schutzstatus",)))


# -- sort and pages --------------------------------------------------------------------------


def test_without_text_results_are_sorted_by_name(search_backend, offers):
    titles = [hit.title for hit in find(search_backend).hits]
    assert titles == sorted(titles, key=str.casefold)


def test_sort_by_recently_verified(search_backend, offers):
    assert ids(find(search_backend, sort="verified"))[-1] == offers["course"].pk


def test_sort_by_distance_to_a_stadtteil(search_backend, offers):
    result = find(search_backend, sort="distance", near="kalk-stadtteil")
    # Both Kalk offers first (in either order: same place), then Deutz, then Ehrenfeld.
    assert set(ids(result)[:2]) == {offers["jobs"].pk, offers["recognition"].pk}
    assert ids(result)[2:] == [offers["course"].pk, offers["housing"].pk]


def test_pages(search_backend, offers):
    first = find(search_backend, page_size=3)
    second = find(search_backend, page_size=3, page=2)
    assert first.count == second.count == 4
    assert len(first.hits) == 3 and len(second.hits) == 1
    assert not set(ids(first)) & set(ids(second))


def test_hits_describe_the_offer(search_backend, offers):
    hit = find(search_backend, "Jobberatung", "en").hits[0]
    offer = offers["jobs"]
    assert hit.hsds_id == str(offer.hsds_id)
    assert hit.provider_name == "AWO Kreisverband Köln"
    assert hit.url.startswith("/en/")
    assert hit.districts == ["kalk-stadtteil"]
    assert hit.languages == ["de", "en", "tr"]
    assert hit.fields_of_action == ["arbeit"]
    assert hit.target_groups == ["neuzugewanderte"]
    assert hit.free is True
