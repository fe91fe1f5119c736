"""Search understands the reader's words (issue 13), engine side, on both embedded engines
(`search_backend`): typos never turn one real word into another, offers matching every word
come first and are counted, and a reader of another language sees offers written in her
language first and can keep only those.
"""

import pytest
from django.db import transaction
from django.utils import translation

from search.backends.sql import SqlBackend, _nearest, reset
from search.query import SearchQuery
from tests.factories import OfferPageFactory, PlaceFactory, ProviderPageFactory


@pytest.fixture(scope="module")
def offers(django_db_setup, django_db_blocker):
    from portal.structure import ensure_structure
    from services_directory.vocabulary import load_taxonomies

    with django_db_blocker.unblock(), transaction.atomic(), translation.override("de"):
        load_taxonomies()
        ensure_structure()
        provider = ProviderPageFactory(title="Träger Wortlaut")
        kalk = PlaceFactory(name="Haus am Markt", district="kalk-stadtteil")
        nippes = PlaceFactory(name="Haus am Platz", district="nippes")
        made = {
            "german_course": OfferPageFactory(
                parent=provider, title="Sprachkurs Deutsch", summary="Deutsch lernen.", places=[nippes],
                title_ar="دورة اللغة الألمانية", summary_ar="تعلم اللغة الألمانية للمبتدئين.",
            ),
            "romanian_debts": OfferPageFactory(
                parent=provider, title="Schuldnerberatung", summary="Hilfe bei Schulden.", places=[nippes],
                title_ar="استشارة الديون", summary_ar="استشارة الديون باللغة الرومانية.",
            ),
            "course_kalk": OfferPageFactory(
                parent=provider, title="Integrationskurs am Vormittag", summary="Im Stadtteil Kalk.", places=[kalk],
            ),
            "course_nippes": OfferPageFactory(
                parent=provider, title="Integrationskurs am Abend", summary="Im Stadtteil Nippes.", places=[nippes],
            ),
            "advice_kalk": OfferPageFactory(
                parent=provider, title="Beratung in Kalk", summary="Sozialberatung im Veedel.", places=[kalk],
            ),
            # The same German text twice; only the later one by name is written in Ukrainian too.
            "untranslated": OfferPageFactory(
                parent=provider, title="A Wohnberatung", summary="Wohnberatung für alle.", places=[kalk],
            ),
            "translated": OfferPageFactory(
                parent=provider, title="B Wohnberatung", summary="Wohnberatung für alle.", places=[kalk],
                title_uk="Консультація з житла", summary_uk="Wohnberatung українською.",
            ),
        }
        reset()
        SqlBackend().rebuild()  # one store: both engines read the same index tables
        yield made
        transaction.set_rollback(True)


@pytest.fixture
def find(search_backend):
    def run(text="", language="de", **kwargs):
        return search_backend.search(SearchQuery(text=text, language=language, **kwargs))

    return run


def ids(result):
    return [hit.offer_id for hit in result.hits]


def test_german_in_arabic_never_finds_romanian_by_a_typo(offers, db, find):
    result = find("ألمانية", "ar")
    assert offers["german_course"].pk in ids(result)
    assert offers["romanian_debts"].pk not in ids(result)


def test_a_typo_goes_to_the_nearest_real_word_only():
    assert _nearest("kursx", ["kurse", "kurs", "kirsx", "kursxyz"]) == {"kurs"}
    assert _nearest("wohnugn", ["wohnung", "wohnen"]) == {"wohnung"}
    assert _nearest("kurs", ["kurs"]) == set()  # a real word has no typo neighbours of itself


def test_a_misspelt_word_still_finds_its_offer(offers, db, find):
    assert offers["course_kalk"].pk in ids(find("Integrationskurz"))


def test_offers_matching_every_word_come_first_and_are_counted(offers, db, find):
    result = find("Integrationskurs Kalk")
    assert ids(result)[0] == offers["course_kalk"].pk
    assert result.all_words_total == 1
    assert result.count > result.all_words_total  # the others follow, matching one word
    assert {offers["course_nippes"].pk, offers["advice_kalk"].pk} <= set(ids(result))
    assert find("Kalk").all_words_total == find("Kalk").count
    assert find().all_words_total is None


def test_an_offer_written_in_the_readers_language_wins_a_tie(offers, db, find):
    result = find("Wohnberatung", "uk")
    assert ids(result)[:2] == [offers["translated"].pk, offers["untranslated"].pk]
    # In German both are written in the reader's language: the name decides.
    assert ids(find("Wohnberatung", "de"))[:2] == [offers["untranslated"].pk, offers["translated"].pk]


def test_available_in_my_language_is_a_one_tap_filter(offers, db, find):
    every = find("Wohnberatung", "uk")
    option = {item.code: item for item in every.facets["translated"]}["uk"]
    assert option.count == 1 and not option.selected
    assert option.label
    only = find("Wohnberatung", "uk", filters={"translated": ("uk",)})
    assert ids(only) == [offers["translated"].pk]
    assert {item.code: item for item in only.facets["translated"]}["uk"].selected
    assert find(language="de").facets["translated"] == []  # everything is in German


def test_nearest_words_for_an_empty_result(offers, db, find, search_backend):
    assert search_backend.nearest_words("integrationskurz", ["de"])[0] == "integrationskurs"
    result = find("Integrazionskurs", filters={"free": ("true",), "district": ("chorweiler",)})
    assert result.count == 0
    assert result.suggestions == ["integrationskurs"]
