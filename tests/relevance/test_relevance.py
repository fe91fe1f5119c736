"""Recall@10 of the judged queries (judgements.py) over the demo landscape, database backend.

For each query: the share of the offers a searcher expects (all offers of the judged themes,
at most ten) that appear among the first ten results; the test prints every query's recall and
requires a mean of at least 0.9.
"""

import io

import pytest
from django.db import transaction
from django.utils import translation

from search.query import SearchQuery
from tests.relevance.judgements import JUDGEMENTS

MINIMUM_RECALL = 0.9


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo landscape, loaded once for the module and rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic(), translation.override("de"):
        from search.backends.database import DatabaseBackend
        from services_directory.demo import load
        from services_directory.models import OfferPage

        load(io.StringIO())
        DatabaseBackend().rebuild()
        themes = {}
        for offer_id, email in OfferPage.objects.live().values_list("pk", "contact_email"):
            themes[offer_id] = email.split(".", 1)[0]
        yield themes
        transaction.set_rollback(True)


def recall_at_10(backend, themes, text, language, judged):
    result = backend.search(SearchQuery(text=text, language=language, page_size=10))
    relevant = {offer_id for offer_id, theme in themes.items() if theme in judged}
    found = {hit.offer_id for hit in result.hits} & relevant
    return len(found) / min(10, len(relevant)), result


def test_judged_set_covers_enough_queries_and_languages():
    assert len(JUDGEMENTS) >= 40
    assert len({language for _text, language, _themes in JUDGEMENTS}) >= 6


@pytest.mark.parametrize("engine", ["sql", "memory"])
def test_recall_at_10_on_the_database_backend(demo, db, engine):
    from search.backends import memory, sql
    from search.backends.database import DatabaseBackend

    memory.reset()
    sql.reset()
    backend = sql.SqlBackend() if engine == "sql" else DatabaseBackend()
    missing_themes = {theme for _t, _l, judged in JUDGEMENTS for theme in judged} - set(demo.values())
    assert not missing_themes, f"judged themes not in the demo: {missing_themes}"
    recalls = []
    print()
    for text, language, judged in JUDGEMENTS:
        recall, result = recall_at_10(backend, demo, text, language, judged)
        recalls.append(recall)
        marker = "" if recall >= MINIMUM_RECALL else "   <-- " + ", ".join(
            f"{demo[hit.offer_id]}" for hit in result.hits[:5]
        )
        print(f"recall@10 {recall:4.2f}  [{language}] {text}{marker}")
    mean = sum(recalls) / len(recalls)
    print(f"mean recall@10 over {len(recalls)} judged queries: {mean:.3f}")
    assert mean >= MINIMUM_RECALL
