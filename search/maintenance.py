"""Index maintenance that never fails silently.

Every index write goes through `sync` (make one backend agree with the visibility rule for some
offers). A write that fails is recorded as a `PendingIndexUpdate` and logged at ERROR once;
the next successful write to that backend and `check_search_index` retry it. `check` compares
what the public may see with what a backend holds (missing, stale, extra) and `repair` fixes it.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import DatabaseError, transaction
from django.db.models import Count, F, Min
from django.utils import timezone

from search.documents import iter_documents, live_offers
from search.models import PendingIndexUpdate
from search.query import SearchQuery
from services_directory.models import OfferPage

logger = logging.getLogger("kim.search")

RETRY_BATCH = 50  # pending offers retried on an editor's write: bounded, so publishing stays quick
CHECK_PAGE = 100  # hits per page when reading an index through the search interface


def sync(backend, offer_ids: Iterable[int]) -> None:
    """Make `backend` agree with the visibility rule for these offers: index the public ones,
    remove the others (also offers that no longer exist)."""
    offer_ids = set(offer_ids)
    offers = list(OfferPage.objects.filter(pk__in=offer_ids).only("pk").order_by("pk"))  # the backends read them by id
    if offers:
        backend.index_offers(offers)
    for gone in sorted(offer_ids - {offer.pk for offer in offers}):
        backend.remove_offer(gone)


def queue(backend_name: str, offer_ids: Iterable[int]) -> None:
    """Inside the transaction that changes these offers: note that `backend_name`'s index is
    behind for them until `apply` has sent the change after the commit. Commits with the change,
    so a process that dies before sending it leaves the offers pending (retried, reported,
    and kept out of that backend's answers by `search.service`), never silently findable."""
    PendingIndexUpdate.objects.bulk_create(
        [PendingIndexUpdate(backend=backend_name, offer_id=offer_id, reason=PendingIndexUpdate.REASON_STALE)
         for offer_id in sorted(set(offer_ids))],
        ignore_conflicts=True,  # already pending (e.g. a failed update): keep that record
    )


def has_pending(backend_name: str) -> bool:
    return PendingIndexUpdate.objects.filter(backend=backend_name).exists()


def apply(backend, offer_ids: Iterable[int]) -> bool:
    """`sync` that never raises: a failure is recorded for retry; on success, the offers' pending
    entries are settled and due retries run."""
    offer_ids = sorted(set(offer_ids))
    if not offer_ids:
        return True
    started = timezone.now()
    try:
        with transaction.atomic():
            sync(backend, offer_ids)
    except Exception as error:  # noqa: BLE001 - an index failure must never stop an editor's action
        logger.error(
            "Updating the %s search index failed for %d offer(s) %s; recorded for retry",
            backend.name, len(offer_ids), _sample(offer_ids), exc_info=True,
        )
        record_failure(backend.name, offer_ids, error)
        return False
    try:  # a failure recorded by a later write in the meantime stays
        PendingIndexUpdate.objects.filter(backend=backend.name, offer_id__in=offer_ids, updated_at__lte=started).delete()
    except DatabaseError:
        logger.warning("Settled %s index updates could not be cleared; the next check does", backend.name, exc_info=True)
    retry_pending(backend)
    return True


def _sample(offer_ids, size=10):
    shown = ", ".join(str(offer_id) for offer_id in offer_ids[:size])
    return f"[{shown}{', …' if len(offer_ids) > size else ''}]"


def record(backend_name: str, offer_ids: Iterable[int], reason: str, error: str = "") -> None:
    """Remember offers whose entry in `backend_name`'s index is wrong (one row per offer)."""
    offer_ids = set(offer_ids)
    if not offer_ids:
        return
    error = error[:2000]
    known = PendingIndexUpdate.objects.filter(backend=backend_name, offer_id__in=offer_ids)
    known.update(reason=reason, error=error, attempts=F("attempts") + (1 if reason == "failed" else 0))
    existing = set(known.values_list("offer_id", flat=True))
    PendingIndexUpdate.objects.bulk_create(
        [
            PendingIndexUpdate(
                backend=backend_name, offer_id=offer_id, reason=reason, error=error,
                attempts=1 if reason == PendingIndexUpdate.REASON_FAILED else 0,
            )
            for offer_id in sorted(offer_ids - existing)
        ],
        ignore_conflicts=True,
    )


def record_failure(backend_name: str, offer_ids, error) -> None:
    try:
        with transaction.atomic():
            record(backend_name, offer_ids, PendingIndexUpdate.REASON_FAILED, f"{type(error).__name__}: {error}")
    except DatabaseError:
        logger.error("Could not even record the failed %s index update for retry", backend_name, exc_info=True)


def retry_pending(backend, limit: int | None = RETRY_BATCH) -> tuple[int, int]:
    """Retry recorded offers of one backend, oldest first: (repaired, still failing)."""
    started = timezone.now()
    try:
        entries = PendingIndexUpdate.objects.filter(backend=backend.name).order_by("updated_at", "pk")
        entries = list(entries[:limit] if limit else entries)
    except DatabaseError:
        logger.warning("Pending %s index updates could not be read", backend.name, exc_info=True)
        return 0, 0
    if not entries:
        return 0, 0
    offer_ids = [entry.offer_id for entry in entries]
    try:
        with transaction.atomic():
            sync(backend, offer_ids)
    except Exception as error:  # noqa: BLE001 - logged at ERROR when first recorded; a retry warns
        logger.warning("Retrying %d pending %s index update(s) failed again: %s", len(entries), backend.name, error)
        try:
            with transaction.atomic():
                PendingIndexUpdate.objects.filter(pk__in=[entry.pk for entry in entries]).update(
                    attempts=F("attempts") + 1, error=f"{type(error).__name__}: {error}"[:2000]
                )
        except DatabaseError:
            pass
        return 0, len(entries)
    # Rows changed since we read them (a newer failure) stay for the next retry.
    PendingIndexUpdate.objects.filter(pk__in=[entry.pk for entry in entries], updated_at__lte=started).delete()
    return len(entries), 0


def pending_summary() -> dict:
    """For /healthz: pending entries per backend and reason, and the oldest one's age (one query)."""
    rows = PendingIndexUpdate.objects.values("backend", "reason").annotate(count=Count("pk"), oldest=Min("created_at"))
    summary: dict = {"pending": 0, "backends": {}}
    oldest = None
    for row in rows:
        backend = summary["backends"].setdefault(row["backend"], {})
        backend[row["reason"]] = row["count"]
        summary["pending"] += row["count"]
        oldest = row["oldest"] if oldest is None else min(oldest, row["oldest"])
    summary["oldest_seconds"] = int((timezone.now() - oldest).total_seconds()) if oldest else 0
    return summary


# -- comparing what the public may see with what an index holds -------------------------------


@dataclass
class Differences:
    backend: str
    public: int = 0
    held: int = 0
    missing: list[int] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)
    extra: list[int] = field(default_factory=list)

    @property
    def offer_ids(self) -> list[int]:
        return sorted({*self.missing, *self.stale, *self.extra})

    def __str__(self):
        return (
            f"{self.backend}: {self.public} public offers, {self.held} in the index; "
            f"missing {len(self.missing)}, stale {len(self.stale)}, extra {len(self.extra)}"
        )


def expected_versions(progress: Callable[[int, int], None] | None = None) -> dict[int, str]:
    """offer id -> document version for every offer the public may see."""
    total = live_offers().count()
    versions = {}
    for document in iter_documents():
        versions[document["offer_id"]] = document["version"]
        if progress and len(versions) % 500 == 0:
            progress(len(versions), total)
    if progress:
        progress(len(versions), total)
    return versions


def held_versions(backend) -> dict[int, str]:
    """offer id -> document version of every entry `backend` holds."""
    if backend.name == "elasticsearch":
        return _elasticsearch_versions(backend)
    held: dict[int, str] = {}
    page = 1
    while True:  # an empty query matches every indexed offer; sorted by name, paged
        result = backend.search(SearchQuery(sort="name", page=page, page_size=CHECK_PAGE))
        for hit in result.hits:
            held[hit.offer_id] = hit.version
        if not result.hits or page * CHECK_PAGE >= result.count:
            return held
        page += 1


def _elasticsearch_versions(backend) -> dict[int, str]:
    """Scrolls the whole alias: paging through search stops at 10,000 hits in Elasticsearch."""
    from elasticsearch import NotFoundError  # noqa: PLC0415  (only where a cluster is configured)
    from elasticsearch.helpers import scan  # noqa: PLC0415  (only where a cluster is configured)

    held = {}
    try:
        for hit in scan(backend.client, index=backend.alias, _source=["offer_id", "document.version"]):
            source = hit.get("_source") or {}
            held[int(source.get("offer_id") or hit["_id"])] = (source.get("document") or {}).get("version", "")
    except NotFoundError:
        return {}
    return held


def check(backend, expected: dict[int, str] | None = None) -> Differences:
    expected = expected_versions() if expected is None else expected
    held = held_versions(backend)
    return Differences(
        backend=backend.name,
        public=len(expected),
        held=len(held),
        missing=sorted(set(expected) - set(held)),
        stale=sorted(offer_id for offer_id, version in held.items() if offer_id in expected and expected[offer_id] != version),
        extra=sorted(set(held) - set(expected)),
    )


def record_differences(differences: Differences) -> None:
    """Known-wrong entries become pending work: /healthz reports them, the next write retries them."""
    for reason, offer_ids in (
        (PendingIndexUpdate.REASON_MISSING, differences.missing),
        (PendingIndexUpdate.REASON_STALE, differences.stale),
        (PendingIndexUpdate.REASON_EXTRA, differences.extra),
    ):
        record(differences.backend, offer_ids, reason)


def repair(backend, differences: Differences, chunk: int = 200, progress=None) -> int:
    """Re-sync every differing offer in chunks; the number repaired (failed chunks stay pending)."""
    offer_ids = differences.offer_ids
    repaired = 0
    for start in range(0, len(offer_ids), chunk):
        part = offer_ids[start : start + chunk]
        try:
            with transaction.atomic():
                sync(backend, part)
                PendingIndexUpdate.objects.filter(backend=backend.name, offer_id__in=part).delete()
        except Exception as error:  # noqa: BLE001 - recorded, the summary says what is left
            logger.error("Repairing the %s search index failed for %d offer(s)", backend.name, len(part), exc_info=True)
            record_failure(backend.name, part, error)
        else:
            repaired += len(part)
        if progress:
            progress(min(start + chunk, len(offer_ids)), len(offer_ids))
    return repaired
