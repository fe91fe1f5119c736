"""Python's cyclic garbage collector set for bulk work (HSDS imports).

With the defaults (a young collection every 700 new container objects, a full one after every
100 young ones) an HSDS import spent about a fifth of its time collecting: a full collection
walks every object the process holds (Django, Wagtail, the importer's caches), and a feed
allocates millions of short-lived ones. Inside `bulk_work()` what existed at its start is frozen
(not walked again until the end) and young collections are rarer (every 100,000 new objects, a
few MB of garbage at most; 20,000 was measurably slower), so cycles made during the work are
still collected, just less often. The collector's settings are restored afterwards.
"""

import gc
import threading
from contextlib import contextmanager

YOUNG_THRESHOLD = 100_000  # new container objects between young collections (default 700)

_lock = threading.Lock()
_depth = 0
_default = gc.get_threshold()


@contextmanager
def bulk_work():
    """Tune the collector for the block; nested and concurrent blocks share the outermost setting."""
    global _depth, _default  # noqa: PLW0603 - the collector is one per process
    with _lock:
        _depth += 1
        if _depth == 1:
            _default = gc.get_threshold()
            gc.freeze()
            gc.set_threshold(max(YOUNG_THRESHOLD, _default[0]), *_default[1:])
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                gc.set_threshold(*_default)
                gc.unfreeze()
