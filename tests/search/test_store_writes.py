"""search.store: what a process holding an in-memory index relies on when documents are saved.

Such a process fetches the rows with a `seq` above the one it knows; a save written in bulk must
leave exactly what saving the documents one after the other left."""

import pytest

from search import store
from search.models import SearchDocument

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def memory_engine(settings):
    settings.SEARCH_ENGINE = "memory"  # no word rows: these documents carry no texts


def document(offer_id, title, **extra):
    return {"offer_id": offer_id, "hsds_id": f"hsds-{offer_id}", "title": title, **extra}


def changed_since(seq):
    rows = SearchDocument.objects.filter(seq__gt=seq).order_by("seq")
    return [(row.offer_id, row.live, row.document.get("title")) for row in rows]


def test_saving_again_replaces_documents_and_moves_them_past_the_known_seq():
    store.save_documents([document(1, "Deutschkurs"), document(2, "Beratung")])
    _generation, known, *_versions = store.current_state()

    store.save_documents([document(1, "Deutschkurs am Abend", min_age=16), document(3, "Sprachcafé")])

    assert changed_since(known) == [(1, True, "Deutschkurs am Abend"), (3, True, "Sprachcafé")]
    assert store.current_state()[1] == known + 2
    first = SearchDocument.objects.get(offer_id=1)
    assert (first.min_age, first.hsds_id) == (16, "hsds-1")  # every column follows the new document
    assert SearchDocument.objects.get(offer_id=2).document["title"] == "Beratung"  # untouched


def test_a_removed_offer_saved_again_is_live_with_its_new_document():
    store.save_documents([document(1, "Deutschkurs")])
    store.remove_documents([1])
    _generation, known, *_versions = store.current_state()

    store.save_documents([document(1, "Deutschkurs, wieder da")])

    assert changed_since(known) == [(1, True, "Deutschkurs, wieder da")]


def test_a_document_given_twice_in_one_save_keeps_the_later_one():
    _generation, known, *_versions = store.current_state()

    store.save_documents([document(1, "alt"), document(2, "Beratung"), document(1, "neu")])

    assert changed_since(known) == [(2, True, "Beratung"), (1, True, "neu")]
    assert store.current_state()[1] == known + 3  # one step per document given, as before
