"""Objects an import looks up by HSDS id (providers, programmes, places), read once per batch.

A batch's services name the same few providers, programmes and places again and again: each
record read them anew, one query per mention. `Lookups` keeps what it read for the batch (one
transaction) and hands every caller its own copy, so a record that changes its copy in memory
and is then rolled back leaves the kept one as the database still has it.

A kept object is forgotten as soon as anything writes it (the importer says so with `written`;
any `save()` of it, or a page moved in or out of it, is noticed through Django's and Wagtail's
signals) and is not kept again by the record that wrote it: if that record is rolled back, no
later record is handed a row that is not there (`IdSteps._snapshot`/`_restore` tell when records
start and are rolled back). A page added below a kept page raises its kept child count instead.
A provider, programme or place the importer saved is kept as saved once its record has been kept
(the next record starts): services share them, and each mention after the one that wrote it read
it again (programmes and providers with a join whose compiling cost more than the read).
"""

import copy
import threading
import uuid

from django.db.models.signals import post_save
from wagtail.models import Page
from wagtail.signals import post_page_move

from open_data.importing import writes
from open_data.importing.batch import current as deferred_batch

_active = threading.local()  # the Lookups of the batch this thread imports
ABSENT = object()  # read ahead (`preload`) and not there


class Lookups:
    def __init__(self):
        self.clear()

    def clear(self):
        self._batch = None
        self._rows = {}  # (kind, hsds id) -> the object as read
        self._keys = {}  # (table, pk) -> (kind, hsds id) of the kept objects
        self._paths = {}  # tree path -> (kind, hsds id) of the kept pages
        self._written = set()  # keys the current record wrote: read from the database, not kept
        self._grown = set()  # kept pages the current record added a child below
        self._saved = {}  # key -> an object the current record saved (as it is in the database), kept after it

    def _kept(self):
        """This batch's objects; a new batch (a new transaction) starts empty, no batch keeps none."""
        batch = deferred_batch()
        if batch is not self._batch:
            self.clear()
            self._batch = batch
        _active.lookups = self if batch is not None else None
        return self._rows if batch is not None else None

    def get(self, kind, hsds_id, read):
        """The object of this kind and id: a copy of the one read in this batch, else `read()`."""
        rows, key = self._kept(), _key(kind, hsds_id)
        if rows is None:
            return read()
        if key in rows:
            return None if rows[key] is ABSENT else _copy(rows[key])
        found = read()
        if found is not None and key not in self._written:
            self._keep(key, found)
        return found

    def preload(self, kind, hsds_ids, queryset):
        """Read the objects of these ids in one query (at the start of a batch, inside it): later
        `get`s of them, and of those not there, ask the database nothing."""
        rows = self._kept()
        if rows is None:
            return
        wanted = {}
        for hsds_id in hsds_ids:
            try:
                wanted[_key(kind, uuid.UUID(str(hsds_id)))] = uuid.UUID(str(hsds_id))
            except (TypeError, ValueError, AttributeError):
                continue  # not an id: the record is refused with the reason when it comes
        wanted = {key: value for key, value in wanted.items() if key not in rows and key not in self._written}
        for start in range(0, len(wanted), 500):
            chunk = list(wanted.values())[start : start + 500]
            for found in queryset.filter(hsds_id__in=chunk):
                self._keep(_key(kind, found.hsds_id), _copy(found))
        for key in wanted:
            rows.setdefault(key, ABSENT)

    def _keep(self, key, found):
        if isinstance(found, Page):
            writes.remember_fields([found])  # as read: a later save writes what changed
        self._rows[key] = _copy(found)
        self._keys[_table(found), found.pk] = key
        if isinstance(found, Page):
            self._paths[found.path] = key

    def written(self, kind, hsds_id, saved=None):
        """The import saved this object: read it from the database again after this record, or
        keep `saved` (the instance the import saved, as it is when the record ends) once the
        record is kept."""
        key = _key(kind, hsds_id)
        self._forget(key)
        if saved is not None and self._kept() is not None:
            self._saved[key] = saved

    def _forget(self, key):
        kept = self._rows.pop(key, None)
        if kept is not None and kept is not ABSENT:
            self._keys.pop((_table(kept), kept.pk), None)
            self._paths.pop(getattr(kept, "path", None), None)
        self._written.add(key)

    def _changed(self, table, pk):
        key = self._keys.get((table, pk))
        if key is not None:
            self._forget(key)

    def _child_added(self, path):
        """A page was added below a kept page: its kept copy counts the child too (treebeard
        reads `numchild`), and is forgotten if the record is rolled back. A provider gets a new
        offer with most records of a first import: forgetting it would read it once per offer."""
        key = self._paths.get(path[: -Page.steplen])
        if key is not None:
            self._rows[key].numchild += 1
            self._grown.add(key)

    def record_starts(self):
        """A record begins: the rows the previous one wrote were kept with it (or rolled back,
        see `rolled_back`), so they may be kept again when read, and those it saved whole are."""
        saved = self._saved if self._kept() is not None else {}
        self._written, self._grown, self._saved = set(), set(), {}
        for key, instance in saved.items():
            self._keep(key, instance)

    def rolled_back(self):
        """The record was rolled back: what it wrote was forgotten when written, and what it
        only read is as it was before the record (but for the child count of a page it added a
        child below: forgotten)."""
        for key in self._grown - self._written:
            self._forget(key)
        self._written, self._grown, self._saved = set(), set(), {}


def _key(kind, hsds_id):
    """One key however the id is written (upper case, without hyphens)."""
    try:
        return kind, str(uuid.UUID(str(hsds_id)))
    except ValueError:
        return kind, str(hsds_id)


def _table(instance):
    return "page" if isinstance(instance, Page) else instance._meta.label


def _copy(instance):
    """A copy for one caller: its own field values and related-object cache; the values kept
    are immutable (texts, numbers, dates, ids), the related objects cached with it (a place's
    district) are vocabulary an import does not change."""
    copied = copy.copy(instance)
    copied.__dict__.pop("_prefetched_objects_cache", None)
    copied.__dict__.pop("_cluster_related_objects", None)
    return copied


def _active_lookups():
    lookups = getattr(_active, "lookups", None)
    if lookups is not None and lookups._batch is not None and lookups._batch is deferred_batch():
        return lookups
    return None


def _saved(sender, instance, created=False, raw=False, **kwargs):
    """Any save of a kept object, and a page added below a kept page (its child count)."""
    lookups = _active_lookups()
    if lookups is None or raw:
        return
    lookups._changed(_table(instance), instance.pk)
    if created and isinstance(instance, Page) and instance.path:
        lookups._child_added(instance.path)


def _moved(sender, instance, parent_page_before=None, parent_page_after=None, **kwargs):
    lookups = _active_lookups()
    if lookups is not None:
        for parent in (parent_page_before, parent_page_after):
            if parent is not None:
                lookups._changed("page", parent.pk)


post_save.connect(_saved, dispatch_uid="open_data.importing.lookups.saved")
post_page_move.connect(_moved, dispatch_uid="open_data.importing.lookups.moved")
