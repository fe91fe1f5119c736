"""Stable ids for HSDS objects that have no `hsds_id` column (see `open_data.models.HsdsId`)."""

import uuid
from functools import lru_cache

from open_data.models import HsdsId

# Fixed namespace of the KIM portal: derived ids are the same in every installation.
NAMESPACE = uuid.UUID("6a1f3c52-2b7e-4f0c-9d1e-4b4b9e0f7a11")


@lru_cache(maxsize=65536)  # a document derives the same ids again and again (its parts in every language)
def derived_id(key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, key))


class IdMap:
    """Ids by key: recorded ones (from imports) first, derived ones otherwise.

    `IdMap()` loads every recorded id (import and export runs); `record` keeps the map and the
    table in step. An API request uses `scoped()` instead, which loads only the keys asked for.
    """

    def __init__(self, scoped=False):
        self.scoped = scoped
        self.asked: set[str] = set()
        self._loaded: set[str] = set()
        self._stored = {} if scoped else {key: str(value) for key, value in HsdsId.objects.values_list("key", "hsds_id")}
        self._by_id = None
        self._journal = []  # (key, value before) of each change: a rolled-back import record's are undone
        self.deferred = False  # an import batch: changes are written by `write_changes` at its end

    def mark(self):
        """Where the changes stand (`undo_since` goes back to it): no copy of the whole map,
        which at 20,000 offers held hundreds of thousands of ids, copied for every record."""
        return len(self._journal)

    def undo_since(self, mark):
        while len(self._journal) > mark:
            key, before = self._journal.pop()
            if before is None:
                self._stored.pop(key, None)
            else:
                self._stored[key] = before
        self._by_id = None

    def set_stored(self, key, value):
        """What the table holds for `key` now (None: nothing), undoable."""
        self._journal.append((key, self._stored.get(key)))
        if value is None:
            self._stored.pop(key, None)
        else:
            self._stored[key] = str(value)
        self._by_id = None

    def get(self, key: str) -> str:
        if self.scoped:
            self.asked.add(key)
        return self._stored.get(key) or derived_id(key)

    def load(self, keys) -> bool:
        """Load the recorded ids of `keys` (scoped maps); True when any was recorded."""
        keys = set(keys) - self._loaded
        self._loaded |= keys
        found = False
        for start in range(0, len(keys), 500):
            chunk = sorted(keys)[start : start + 500]
            for key, value in HsdsId.objects.filter(key__in=chunk).values_list("key", "hsds_id"):
                self._stored[key] = str(value)
                found = True
        return found

    def record(self, key: str, value: str) -> bool:
        """Keep `value` as the id of `key`; True when that changed anything."""
        value = str(uuid.UUID(str(value)))
        if self.get(key) == value:
            return False
        kept = None if value == derived_id(key) else value
        if not self.deferred:
            if kept is None:
                HsdsId.objects.filter(key=key).delete()
            else:
                HsdsId.objects.update_or_create(key=key, defaults={"hsds_id": kept})
        self.set_stored(key, kept)
        return True

    def write_changes(self, mark):
        """Write what changed since `mark` (and was not undone) in a few statements: a feed with
        ids of its own records a dozen per service, each an upsert of its own before."""
        keys = sorted({key for key, _before in self._journal[mark:]})
        gone = [key for key in keys if key not in self._stored]
        for start in range(0, len(gone), 500):
            HsdsId.objects.filter(key__in=gone[start : start + 500]).delete()
        store({key: self._stored[key] for key in keys if key in self._stored})

    def keys_for(self, value: str) -> list[str]:
        """Recorded keys holding this id (derived ids are found by recomputing)."""
        if self.scoped:
            rows = list(HsdsId.objects.filter(hsds_id=str(value)).values_list("key", "hsds_id"))
            for key, stored in rows:
                self._stored[key] = str(stored)
                self._loaded.add(key)
            return sorted(key for key, _stored in rows)
        if self._by_id is None:
            self._by_id = {}
            for key, stored in self._stored.items():
                self._by_id.setdefault(stored, []).append(key)
        return self._by_id.get(str(value), [])


def scoped(build):
    """`build(id_map)` with only the recorded ids it asks for loaded, not the whole table: build
    with derived ids, load the recorded ones among the keys asked, build again only when there
    were any (a recorded id can lead to further keys, e.g. a contact's phone)."""
    id_map = IdMap(scoped=True)
    while True:
        result = build(id_map)
        if not id_map.load(id_map.asked):
            return result


# Key builders: one place so import, export and the API agree.
def address_key(place):
    return f"address:{place.hsds_id}"


def sal_key(offer, place):
    return f"service_at_location:{offer.hsds_id}:{place.hsds_id}"


def schedule_key(offer, place, opens, closes, by_appointment):
    where = place.hsds_id if place is not None else "-"
    return f"schedule:{offer.hsds_id}:{where}:{opens:%H:%M}-{closes:%H:%M}:{int(by_appointment)}"


def language_key(offer, code):
    return f"language:{offer.hsds_id}:{code}"


def cost_key(offer):
    return f"cost_option:{offer.hsds_id}"


def attribute_key(entity, link_id, term):
    return f"attribute:{entity}:{link_id}:{term.taxonomy.code}:{term.code}"


def valid_until_key(entity, link_id):
    return f"attribute:{entity}:{link_id}:valid-until"


def phone_key(entity, link_id):
    return f"phone:{entity}:{link_id}"


def contact_key(entity, link_id, number=0):
    return f"contact:{entity}:{link_id}:{number}"


def document_key(offer):
    return f"required_document:{offer.hsds_id}"


def accessibility_key(place, feature):
    return f"accessibility:{place.hsds_id}:{feature}"


def term_alias_key(foreign_id):
    """Another system's id of one of our terms (recorded on import, never re-keying ours)."""
    return f"alias:taxonomy_term:{str(foreign_id).lower()}"


def taxonomy_alias_key(foreign_id):
    return f"alias:taxonomy:{str(foreign_id).lower()}"


def store(ids):
    """Record {key: id} in one statement per chunk, replacing what those keys held."""
    rows = [HsdsId(key=key, hsds_id=value) for key, value in ids.items()]
    for start in range(0, len(rows), 500):
        HsdsId.objects.bulk_create(rows[start : start + 500], update_conflicts=True, unique_fields=["key"], update_fields=["hsds_id"])


def resolve_alias(model, key, value):
    """The record of `model` whose hsds_id is `value`, or which `value` was mapped to on import."""
    objects = model.objects.all() if hasattr(model, "objects") else model  # a model or a query set
    found = objects.filter(hsds_id=value).first()
    if found is None:
        mapped = HsdsId.objects.filter(key=key).values_list("hsds_id", flat=True).first()
        found = objects.filter(hsds_id=mapped).first() if mapped else None
    return found
