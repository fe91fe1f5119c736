"""Writing the database index: documents in `SearchDocument`, change counter in `SearchIndexState`.

Every write takes the state row's lock and bumps `seq` in the same transaction, so processes
that hold an in-memory copy (search.backends.memory) can fetch exactly the documents changed
since the `seq` they know, and a full rebuild starts a new `generation`.
"""

from collections.abc import Callable, Iterable

from django.db import transaction

from search import index_rows
from search.models import SearchDocument, SearchIndexState, new_generation

# Every column a saved document sets: a document saved again replaces its row as a new one would.
UPSERTED_FIELDS = [field.name for field in SearchDocument._meta.concrete_fields if not field.primary_key]


def _locked_state() -> SearchIndexState:
    state = SearchIndexState.objects.select_for_update().order_by("pk").first()
    if state is None:
        state = SearchIndexState.objects.create()
    return state


def current_state() -> tuple[str, int, int, int]:
    """(generation, seq, synonyms_version, vocabulary_version) as committed now."""
    row = (
        SearchIndexState.objects.order_by("pk")
        .values_list("generation", "seq", "synonyms_version", "vocabulary_version")
        .first()
    )
    return row or ("", 0, 0, 0)


@transaction.atomic
def save_documents(documents: Iterable[dict]) -> int:
    """Insert or replace these documents in one statement per chunk (not a read and a write per
    document); each gets the next `seq` in order, as if saved one after the other."""
    state = _locked_state()
    documents = list(documents)
    rows = {}  # offer id -> row; a document given twice: the later one, with its later seq
    for document in documents:
        state.seq += 1
        rows.pop(document["offer_id"], None)
        rows[document["offer_id"]] = SearchDocument(
            offer_id=document["offer_id"], hsds_id=document["hsds_id"], document=document, live=True, seq=state.seq,
            **index_rows.columns(document),
        )
    if rows:
        SearchDocument.objects.bulk_create(
            list(rows.values()), update_conflicts=True, unique_fields=["offer_id"], update_fields=UPSERTED_FIELDS,
        )
    if index_rows.enabled():
        index_rows.write(documents)
    if documents:
        state.save(update_fields=["seq"])
    return len(documents)


@transaction.atomic
def remove_documents(offer_ids: Iterable[int]) -> int:
    offer_ids = list(offer_ids)
    present = list(SearchDocument.objects.filter(offer_id__in=offer_ids, live=True).values_list("pk", flat=True))
    if not present:
        return 0
    state = _locked_state()
    state.seq += 1
    SearchDocument.objects.filter(pk__in=present).update(live=False, seq=state.seq, document={})
    if index_rows.enabled():
        index_rows.delete(present)
    state.save(update_fields=["seq"])
    return len(present)


@transaction.atomic
def bump_synonyms() -> None:
    state = _locked_state()
    state.synonyms_version += 1
    state.save(update_fields=["synonyms_version"])


@transaction.atomic
def bump_vocabulary() -> None:
    """A vocabulary label changed: every process reloads the labels on its next search."""
    state = _locked_state()
    state.vocabulary_version += 1
    state.save(update_fields=["vocabulary_version"])


@transaction.atomic
def replace_all(
    documents: Iterable[dict],
    total: int,
    progress: Callable[[int, int], None] | None = None,
    batch: int = 500,
    rows: bool | None = None,
) -> int:
    """Replace the whole index in one transaction; readers see the old index until it commits.
    `rows`: also write the database-native engine's rows (default: when that engine is on)."""
    rows = index_rows.enabled() if rows is None else rows
    state = _locked_state()
    SearchDocument.objects.all().delete()
    index_rows.clear()
    state.generation = new_generation()
    pending: list[SearchDocument] = []
    done = 0

    def flush():
        SearchDocument.objects.bulk_create(pending)
        if rows:
            index_rows.write([row.document for row in pending], replace=False)

    for document in documents:
        state.seq += 1
        pending.append(
            SearchDocument(
                offer_id=document["offer_id"], hsds_id=document["hsds_id"], document=document, seq=state.seq,
                **index_rows.columns(document),
            )
        )
        if len(pending) >= batch:
            flush()
            done += len(pending)
            pending = []
            if progress:
                progress(done, total)
    if pending:
        flush()
        done += len(pending)
    if progress:
        progress(done, total)
    state.save(update_fields=["generation", "seq"])
    return done
