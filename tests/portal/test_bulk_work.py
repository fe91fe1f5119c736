"""The collector set for bulk work still frees cycles made during it and gives the process its
settings back afterwards (also when the work fails, and when blocks nest)."""

import gc
import weakref

import pytest

from portal.bulk_work import YOUNG_THRESHOLD, bulk_work


class Node:
    pass


def test_cycles_made_during_bulk_work_are_still_collected():
    with bulk_work():
        node = Node()
        node.itself = node
        gone = weakref.ref(node)
        del node
        kept = [Node() for _ in range(3 * YOUNG_THRESHOLD)]  # enough new objects for young collections
        assert gone() is None
        assert len(kept) == 3 * YOUNG_THRESHOLD


def test_settings_and_frozen_objects_are_given_back_when_the_work_fails():
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), bulk_work():
        assert gc.get_threshold()[0] >= YOUNG_THRESHOLD
        assert gc.get_freeze_count() > 0
        with bulk_work():  # nested: the outer block's setting holds until it ends
            pass
        assert gc.get_threshold()[0] >= YOUNG_THRESHOLD
        raise RuntimeError("import stopped")
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
