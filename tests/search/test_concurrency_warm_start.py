"""A new process (or worker) answers its first search from the saved snapshot, never by
compiling the index, and after a change it moves on from the snapshot to the current state."""

import pytest

from search.backends import memory
from search.query import SearchQuery


@pytest.fixture
def offers(directory, db, tmp_path, monkeypatch):
    from search.backends.database import DatabaseBackend

    monkeypatch.setenv("SEARCH_INDEX_DIR", str(tmp_path))
    DatabaseBackend().rebuild()
    return directory


def _unpublish(offer):
    """From the database: the module's offer objects may hold another test's state."""
    from services_directory.models import OfferPage

    OfferPage.objects.get(pk=offer.pk).unpublish()


def _never_build(state):
    raise AssertionError("the index was compiled although a snapshot was saved")


def ids(result):
    return sorted(hit.offer_id for hit in result.hits)


def test_a_new_process_loads_the_saved_snapshot_instead_of_compiling(offers, tmp_path, monkeypatch):
    from search.backends.database import DatabaseBackend

    backend = DatabaseBackend()
    before = backend.search(SearchQuery(text="Beratung"))
    assert memory.save_snapshot(memory.get_index()) is not None
    memory.reset()  # as in a new process
    monkeypatch.setattr(memory, "_build", _never_build)
    index = memory.warm_up()
    assert memory.get_index() is index
    after = backend.search(SearchQuery(text="Beratung"))
    assert ids(after) == ids(before) and after.count == before.count > 0


def test_a_snapshot_older_than_the_database_is_brought_up_to_date(offers, monkeypatch):
    from search.backends.database import DatabaseBackend

    backend = DatabaseBackend()
    memory.save_snapshot(memory.get_index())
    _unpublish(offers["housing"])
    memory.reset()
    monkeypatch.setattr(memory, "_build", _never_build)
    assert offers["housing"].pk not in ids(backend.search(SearchQuery(text="Wohnung")))
    assert backend.search(SearchQuery(text="Jobberatung")).count == 1


def test_a_published_snapshot_never_changes_under_its_readers(offers):
    """A reader holding the snapshot keeps its answer while an update makes a new one."""
    old = memory.get_index()
    alive, offer_ids = old.alive, list(old.offer_ids)
    slot = old.slot_of[offers["housing"].pk]
    _unpublish(offers["housing"])
    new = memory.get_index()
    assert new is not old
    assert (old.alive, old.offer_ids) == (alive, offer_ids) and old.alive >> slot & 1
    assert not new.alive >> slot & 1 and offers["housing"].pk not in new.slot_of


def test_a_damaged_snapshot_file_is_ignored_and_the_index_built(offers):
    from search.backends.database import DatabaseBackend

    backend = DatabaseBackend()
    before = backend.search(SearchQuery(text="Beratung"))
    path = memory.save_snapshot(memory.get_index())
    path.write_bytes(path.read_bytes()[:200])  # cut short, as by a full disk
    memory.reset()
    after = backend.search(SearchQuery(text="Beratung"))
    assert ids(after) == ids(before) and after.count == before.count > 0
