"""Recall@10 of the judged queries (judgements.py) over the demo landscape, database backend.

For each query: the share of the offers a searcher expects (all offers of the judged themes,
at most ten) that appear among the first ten results; the test prints every query's recall and
requires a mean of at least 0.9. For the readers' words of issue 13 it also counts the wrong
results among the first ten and requires at most one on average.
"""

import io

import pytest
from django.db import transaction
from django.utils import translation

from search.query import SearchQuery
from tests.relevance.judgements import ALSO_FINE, ANY_THEME, JUDGEMENTS, READERS_WORDS, WHERE

MINIMUM_RECALL = 0.9
MAXIMUM_WRONG = 1.0  # wrong results among the first ten, on average over READERS_WORDS


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo landscape, loaded once for the module and rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic(), translation.override("de"):
        from search.backends.database import DatabaseBackend
        from services_directory.demo import load
        from services_directory.models import OfferPage, OfferPlace

        load(io.StringIO())
        DatabaseBackend().rebuild()
        themes = {}
        for offer_id, email in OfferPage.objects.live().values_list("pk", "contact_email"):
            themes[offer_id] = email.split(".", 1)[0]
        places = OfferPlace.objects.values_list("offer_id", "place__district__code", "place__district__parent__code")
        for offer_id, stadtteil, stadtbezirk in places:
            WHERE_OFFERS.setdefault(offer_id, set()).update({stadtteil, stadtbezirk})
        yield themes
        transaction.set_rollback(True)


WHERE_OFFERS: dict[int, set[str]] = {}  # offer -> its Stadtteile and Stadtbezirke (filled by `demo`)


def _expected(themes, text, language, judged):
    place = WHERE.get((text, language))
    return {
        offer_id for offer_id, theme in themes.items()
        if (judged == ANY_THEME or theme in judged) and (place is None or place in WHERE_OFFERS.get(offer_id, ()))
    }


def recall_at_10(backend, themes, text, language, judged):
    # Through the search service, as every page and API asks (it leaves out the city's name).
    result = service_search(backend, SearchQuery(text=text, language=language, page_size=10))
    relevant = _expected(themes, text, language, judged)
    found = {hit.offer_id for hit in result.hits} & relevant
    return len(found) / min(10, len(relevant)), result


def service_search(backend, query):
    from search import service  # noqa: PLC0415  (Django apps load first)

    return backend.search(service.prepare(query))


def wrong_in_top_10(themes, result, text, language, judged):
    """Results among the first ten that a reader would call wrong (see judgements.py)."""
    if judged == ANY_THEME:
        place = WHERE[(text, language)]
        return sum(place not in WHERE_OFFERS.get(hit.offer_id, ()) for hit in result.hits[:10])
    fine = set(judged) | set(ALSO_FINE.get(tuple(judged), ()))
    return sum(themes.get(hit.offer_id) not in fine for hit in result.hits[:10])


def test_judged_set_covers_enough_queries_and_languages():
    assert len(JUDGEMENTS) >= 40
    assert len({language for _text, language, _themes in JUDGEMENTS}) >= 6
    assert len(READERS_WORDS) >= 25
    assert {language for _text, language, _themes in READERS_WORDS} == {"ar", "fa", "uk", "ru", "tr"}


@pytest.mark.parametrize("engine", ["sql", "memory"])
def test_recall_at_10_on_the_database_backend(demo, db, engine):
    from search.backends import memory, sql
    from search.backends.database import DatabaseBackend

    memory.reset()
    sql.reset()
    backend = sql.SqlBackend() if engine == "sql" else DatabaseBackend()
    if engine == "sql":  # its rows are written only while it is the configured engine
        backend.rebuild()
    missing_themes = {theme for _t, _l, judged in JUDGEMENTS for theme in judged} - set(demo.values())
    assert not missing_themes, f"judged themes not in the demo: {missing_themes}"
    recalls, wrongs = [], []
    print()
    for text, language, judged in JUDGEMENTS:
        recall, result = recall_at_10(backend, demo, text, language, judged)
        recalls.append(recall)
        marker = "" if recall >= MINIMUM_RECALL else "   <-- " + ", ".join(
            f"{demo[hit.offer_id]}" for hit in result.hits[:5]
        )
        wrong = ""
        if (text, language, judged) in READERS_WORDS:
            wrongs.append(wrong_in_top_10(demo, result, text, language, judged))
            wrong = f"  wrong {wrongs[-1]:2d}"
        print(f"recall@10 {recall:4.2f}{wrong}  [{language}] {text}{marker}")
    mean = sum(recalls) / len(recalls)
    mean_wrong = sum(wrongs) / len(wrongs)
    print(f"mean recall@10 over {len(recalls)} judged queries: {mean:.3f}")
    print(f"wrong results in the top 10 over the {len(wrongs)} readers' words queries: {mean_wrong:.2f} on average")
    assert mean >= MINIMUM_RECALL
    assert mean_wrong <= MAXIMUM_WRONG
