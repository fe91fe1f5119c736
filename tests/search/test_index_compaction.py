"""The memory engine's index is built outside the serving process: a worker without a saved
snapshot, and compaction after many changes, get a fresh frozen base from a child process and map
its file in (the build's peak memory stays out of the worker), with the same answers."""

import time

import pytest

from search.backends import memory
from search.query import SearchQuery
from tests.search.test_concurrency import _setup_directory
from tests.search.test_concurrency import threaded_database as threaded_database  # a fixture


def _never_build_here(state):
    raise AssertionError("the index was built in the serving process")


def _found(text):
    from search.backends.database import DatabaseBackend

    return sorted(hit.offer_id for hit in DatabaseBackend().search(SearchQuery(text=text, page_size=50)).hits)


@pytest.fixture
def committed_offers(threaded_database, settings, tmp_path):
    settings.SEARCH_ENGINE = "memory"
    offers = _setup_directory()
    for path in memory.snapshot_dir().glob(f"*{memory.SNAPSHOT_SUFFIX}"):
        path.unlink()
    memory.reset()  # as a new process
    return offers


def test_a_process_without_a_snapshot_gets_its_index_from_a_child(committed_offers, monkeypatch):
    monkeypatch.setattr(memory, "_build", _never_build_here)
    assert _found("Parallelberatung") == sorted(offer.pk for offer in committed_offers)
    assert _found("Kennwort3") == [committed_offers[3].pk]
    index = memory.get_index()
    assert "parallelberatung" in index.base["de"] and not index.lexicons and index.delta_size() == 0
    assert list(memory.snapshot_dir().glob(f"*{memory.SNAPSHOT_SUFFIX}"))  # saved for the next process


def test_compaction_replaces_removed_and_changed_offers_by_a_fresh_base(committed_offers, monkeypatch):
    from services_directory.models import OfferPage

    assert _found("Parallelberatung")
    for offer in committed_offers[:2]:
        OfferPage.objects.get(pk=offer.pk).unpublish()
    edited = OfferPage.objects.get(pk=committed_offers[2].pk)
    edited.summary = "Neues Stichwort Zwischenablage"
    edited.save_revision().publish()
    changed = memory.get_index()
    assert changed.dead == 3 and changed.delta_size() == 1 and "zwischenablage" not in changed.base["de"]
    expected = {"all": _found("Parallelberatung"), "new": _found("Zwischenablage")}
    assert expected["new"] == [edited.pk] and edited.pk not in _found("Kennwort2")

    monkeypatch.setattr(memory, "_needs_compaction", lambda index: index.dead + index.delta_size() > 0)
    monkeypatch.setattr(memory, "_build", _never_build_here)
    memory._compact_in_background()
    waited = 0.0
    while memory._compacting.is_set() and waited < 300:
        time.sleep(0.1)
        waited += 0.1
    compacted = memory.get_index()
    assert compacted is not changed
    assert compacted.dead == 0 and compacted.delta_size() == 0 and "zwischenablage" in compacted.base["de"]
    assert {"all": _found("Parallelberatung"), "new": _found("Zwischenablage")} == expected
    assert edited.pk not in _found("Kennwort2")  # its old word went with the compaction
    # The snapshot readers held before stays whole.
    assert changed.dead == 3 and "zwischenablage" in changed.lexicons["de"].words
