"""Upkeep done once per batch of imported records instead of once per save.

Saving a page makes Wagtail refresh its reference index and its admin search index, our signals
stamp the change (open_data.changes), forget the cached HSDS listings (open_data.listing_cache)
and bring the portal's search index in line. Per record and per save that cost most of an
import. Inside `deferred()` (one thread, the importer's) these are collected and done in
`flush()`: the reference index once per page (and place), the admin search index in bulk after the commit
(as Wagtail's own task would, portal.tasks), change stamps in one upsert, the portal's search
index once for every offer the batch touched, the listing cache once. A record rolled back
(all or nothing) takes its collected upkeep with it (`mark()` / `forget_since()`).
"""

import logging
import threading
from contextlib import contextmanager

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_save
from modelsearch import index as admin_search
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.models import Page, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from carriers import translations
from open_data.importing import references
from search import signals as search_signals
from services_directory.models import OfferPage, OfferPlace, Place, ProviderPage

logger = logging.getLogger("kim.open_data")
_local = threading.local()
_wired = threading.Lock()
_wired_models = set()


class Batch:
    def __init__(self):
        self.pages = []  # page ids saved: reference index and admin search index
        self.indexed = []  # (model, pk) of other objects Wagtail's admin search indexes
        self.stamps = []  # (kind, key, when) for open_data.changes
        self.offers = []  # offer ids for the portal's search index
        self.referenced = []  # (model, pk) of other objects Wagtail's reference index tracks (places …)
        self.log_entries = []  # unsaved PageLogEntry objects (importing.writes)
        self.places = []  # ids of places changed: their offers' search documents
        self.offers_of = []  # providers and programmes changed: their offers' search documents
        self.new_rows = []  # unsaved child rows and links of saved pages (importing.writes)
        self.translated = []  # offers updated: their translation statuses (carriers.translations)
        self.row_updates = []  # (model, ((field, value) …), pk) of changed child rows (importing.writes)
        self.documents = []  # unsaved ImportedDocument rows (open_data.keeping)
        self.grown = set()  # ids of pages new pages were added below: their child counts (importing.writes)
        self.created = set()  # (base model, pk) of the objects created (`references_of`)
        self.texts_only = False  # another language's feed: of what it updates, it changes only texts
        self.listings_changed = False

    def _lists(self):
        return (
            self.pages, self.indexed, self.stamps, self.offers, self.referenced, self.log_entries, self.places,
            self.new_rows, self.row_updates, self.translated, self.documents, self.offers_of,
        )

    def mark(self):
        return tuple(len(items) for items in self._lists())

    def forget_since(self, mark):
        for items, length in zip(self._lists(), mark, strict=True):
            del items[length:]


def current():
    """The batch this thread collects for, or None."""
    return getattr(_local, "batch", None)


def _admin_search_on_save(sender, instance, raw=False, **kwargs):
    """modelsearch's post_save handler, deferred while this thread imports a batch."""
    batch = current()
    if batch is None:
        post_save_signal_handler(instance, raw=raw, **kwargs)
    elif not raw:
        if isinstance(instance, Page):
            batch.pages.append(instance.pk)
        else:
            batch.indexed.append((type(instance), instance.pk))
        if kwargs.get("created"):
            batch.created.add(_base_key(instance))


def _reference_index_on_save(sender, instance, raw=False, **kwargs):
    """Objects other than pages that Wagtail's reference index tracks, saved in this batch."""
    batch = current()
    if batch is not None and not raw and not isinstance(instance, Page) and ReferenceIndex.is_indexed(sender):
        batch.referenced.append((sender, instance.pk))
        if kwargs.get("created"):
            batch.created.add(_base_key(instance))


def _place_on_save(sender, instance, created, **kwargs):
    """The portal search's handler for a changed place (it re-indexes the place's offers at
    once), deferred while this thread imports a batch: once per batch for all its places."""
    batch = current()
    if batch is None:
        search_signals.place_saved(sender, instance, created, **kwargs)
    elif not created:
        batch.places.append(instance.pk)


def _wire_admin_search():
    """Put `_admin_search_on_save` in the place of modelsearch's handler, and `_place_on_save` in
    the place of the portal search's (once per process; the new ones are connected first, so no
    save in another thread goes unindexed meanwhile)."""
    with _wired:
        post_save.connect(_reference_index_on_save, dispatch_uid="open_data.batch.reference_index")
        if "places" not in _wired_models:  # the portal search's handler (not modelsearch's)
            post_save.connect(_place_on_save, sender=Place, dispatch_uid="open_data.batch.place")
            post_save.disconnect(sender=Place, dispatch_uid=search_signals.PLACE_SAVED_UID)
            _wired_models.add("places")
        for model in admin_search.get_indexed_models():
            if model in _wired_models or not getattr(model, "search_auto_update", True):
                continue
            post_save.connect(_admin_search_on_save, sender=model, dispatch_uid=f"open_data.batch.{model._meta.label}")
            post_save.disconnect(post_save_signal_handler, sender=model)
            _wired_models.add(model)


@contextmanager
def deferred():
    """Collect the upkeep of the saves in this block (this thread only); the caller flushes."""
    _wire_admin_search()
    batch = Batch()
    _local.batch = batch
    try:
        with disable_reference_index_auto_update():
            yield batch
    finally:
        _local.batch = None


def flush(batch):
    """Do the collected upkeep, inside the batch's transaction (the admin search after its commit)."""
    from open_data import changes, keeping, listing_cache  # noqa: PLC0415 - they import this module
    from open_data.importing import writes  # noqa: PLC0415 - it imports this module

    writes.write_batch(batch)
    keeping.remember_all(batch.documents)
    translations.record_all(batch.translated)

    pages = list(Page.objects.filter(pk__in=set(batch.pages)).specific())
    references.refresh(references_of(batch, pages + _existing(batch.referenced)))
    changes.write_stamps(batch.stamps)
    if batch.places:
        batch.offers += OfferPlace.objects.filter(place_id__in=set(batch.places)).values_list("offer_id", flat=True)
    batch.offers += _offers_of(batch.offers_of)
    if batch.offers:
        search_signals.reindex_offers(sorted(set(batch.offers)))
    if batch.listings_changed or batch.pages:
        transaction.on_commit(listing_cache.changed)
    objects = pages + _existing(batch.indexed)
    if objects:
        transaction.on_commit(lambda: _index_for_admin_search(objects), robust=True)


def _offers_of(pages):
    """The ids of the offers below these providers and of these programmes, in one query."""
    if not pages:
        return []
    below = Q(programme_id__in={page.pk for page in pages if not isinstance(page, ProviderPage)})
    for provider in {page.path: page for page in pages if isinstance(page, ProviderPage)}.values():
        below |= Q(path__startswith=provider.path, depth__gt=provider.depth)
    return list(OfferPage.objects.filter(below).values_list("pk", flat=True))


def references_of(batch, objects):
    """The saved objects whose reference index rows may have changed. Another language's feed
    changes only texts of what it updates (no links to other rows: imported rich text has none),
    so only what it created has references to record; its updates cost a read of every offer's
    child rows for nothing."""
    if not batch.texts_only:
        return objects
    return [item for item in objects if _base_key(item) in batch.created]


def _base_key(instance):
    return ("page" if isinstance(instance, Page) else instance._meta.label, instance.pk)


def _existing(model_keys):
    """The objects of [(model, pk)] that are still there (a rolled-back record's are not)."""
    by_model = {}
    for model, pk in model_keys:
        by_model.setdefault(model, set()).add(pk)
    return [item for model, pks in by_model.items() for item in model.objects.filter(pk__in=pks)]


def _index_for_admin_search(objects):
    by_model = {}
    for item in objects:
        indexed = admin_search.get_indexed_instance(item, check_exists=False)
        if indexed is not None:
            by_model.setdefault(type(indexed), []).append(indexed)
    for backend in get_search_backends(with_auto_update=True):
        for model, items in by_model.items():
            try:
                with transaction.atomic():
                    backend.add_bulk(model, items)
            except Exception:  # noqa: BLE001 - the pages are saved; `manage.py update_index` rebuilds
                logger.exception("admin search index not updated for %d %s", len(items), model.__name__)
