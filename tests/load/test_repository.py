"""Loading a repository with the cyclic collector paused (``gc_paused``)."""

from __future__ import annotations

import gc

from procmodel.load.repository import gc_paused


def test_paused_collection_leaves_nothing_frozen():
    assert gc.get_freeze_count() == 0
    with gc_paused():
        kept = [[i] for i in range(1000)]
        assert not gc.isenabled()
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    assert len(kept) == 1000


def test_what_a_caller_froze_stays_frozen_with_the_new_objects():
    gc.freeze()
    try:
        before = gc.get_freeze_count()
        with gc_paused():
            kept = [[i] for i in range(1000)]
        assert gc.get_freeze_count() >= before + len(kept)
    finally:
        gc.unfreeze()
    assert gc.get_freeze_count() == 0
