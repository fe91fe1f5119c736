"""Drive an import: one transaction per record, one import at a time, a summary that is always whole.

`HsdsImporter.session()` holds the import lock; in a dry run it also holds one transaction that is
rolled back at the end, so every record sees what the records before it did, exactly as in the
real run (the dry run's counts are the real run's). A run that stops early (a database error, an
interrupt) still reports every record: done, rejected, or "not imported".
"""

from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import translation

from open_data import validation
from open_data.importing import batch
from open_data.importing.grouping import import_order
from open_data.importing.idmap import IdSteps
from open_data.importing.lock import import_lock
from open_data.importing.organizations import OrganizationSteps
from open_data.importing.pages import DEFAULT_LANGUAGE, PageSteps
from open_data.importing.parse import duplicate_ids, record_id, split_documents
from open_data.importing.places import PlaceSteps
from open_data.importing.report import NOT_IMPORTED, Outcome, RecordError, Summary
from open_data.importing.services import ServiceSteps
from open_data.importing.validate import Vocabulary
from portal.bulk_work import bulk_work
from services_directory.models import DirectoryIndexPage, ProviderPage
from services_directory.models.offers import known_language_codes

BATCH_SIZE = 100  # records per transaction: the upkeep after saving is done once per batch


class _Rollback(Exception):
    def __init__(self, status):
        super().__init__(status)
        self.status = status


class _DryRunDone(Exception):
    """Leaves the dry run's transaction, rolling it back."""


class HsdsImporter(ServiceSteps, OrganizationSteps, PlaceSteps, PageSteps, IdSteps):
    """`user` is who imports (None: the operator on the command line); `allow_move` lets the
    import move offers between providers (for a user: only when the ownership rule allows it)."""

    def __init__(self, language=DEFAULT_LANGUAGE, *, draft=False, dry_run=False, allow_move=False, user=None, strict=False):
        codes = [code for code, _name in settings.LANGUAGES]
        if language not in codes:
            raise ValueError(f"unknown language {language!r}; use one of {', '.join(codes)}")
        self.language, self.draft, self.dry_run = language, draft, dry_run
        self.allow_move, self.user = allow_move, user
        self.strict = strict  # a record lacking what the profile needs is refused, not saved as a draft
        self.notes, self.review = [], []
        self.index = DirectoryIndexPage.objects.first()
        if self.index is None:
            raise ValueError("the portal has no directory page yet: run setup_portal first")
        self._reset_ids()
        self._in_session = False

    @contextmanager
    def session(self):
        """The lock, and in a dry run the transaction that is rolled back at the end."""
        if self._in_session:
            yield
            return
        with import_lock(), bulk_work():
            self._in_session = True
            self.vocabulary, self.language_codes = Vocabulary(), known_language_codes()
            try:
                if not self.dry_run:
                    yield
                    return
                try:
                    with transaction.atomic():
                        yield
                        raise _DryRunDone
                except _DryRunDone:
                    self._reset_ids()
            finally:
                self._in_session = False

    # -- records -----------------------------------------------------------------------------------

    def run(self, records, progress=None, *, labels=None, summary=None) -> Summary:
        """Import the records (services); duplicates of an id are refused, each naming the others.
        The outcomes come in the records' order, whatever order `_run` imports them in."""
        labels = labels or [f"record {number}" for number in range(1, len(records) + 1)]
        summary = summary if summary is not None else Summary()
        with self.session():
            self._run([], records, labels, summary, progress)
        return summary

    def _run(self, organizations, services, labels, summary, progress):
        """Import organizations (umbrellas first) and services, grouped (`grouping.import_order`);
        their outcomes are added in that order, the organizations' first, whatever order they
        were imported in."""
        duplicates = duplicate_ids(services, labels)
        first_service = len(organizations)
        items = [*organizations, *services]
        item_labels = ["organization"] * first_service + list(labels)

        order = import_order(items, first_service)

        def one(position):
            if position < first_service:
                return self._import_organization(items[position])
            number = position - first_service
            if number in duplicates:
                return Outcome(record_id(services[number], labels[number]), "rejected", duplicates[number])
            return self.import_record(services[number], labels[number])

        def prepare(positions):
            named_organizations = [items[position] for position in positions if position < first_service]
            records = [items[position] for position in positions if position >= first_service]
            if named_organizations:
                self._preload_parts(named_organizations, organizations=True)
            if records:
                self._preload_offers(records)

        done = 0

        def advance(position):
            nonlocal done
            if progress and position >= first_service:
                done += 1
                progress(done)

        return self._in_batches(items, item_labels, one, summary, advance, prepare, order)

    def _in_batches(self, items, labels, import_one, summary, advance=None, prepare=None, order=None):
        """Import the items at the positions of `order` (default: as given) in batches of
        BATCH_SIZE, each one transaction with one savepoint per item (all or nothing per item) and
        the upkeep once per batch (importing.batch); `advance(position)` after each item. A run
        that stops (a database error, an interrupt) keeps the items done before; a batch that
        cannot be finished keeps none of its items. The outcomes are added in the items' order.
        False when the run stopped."""
        order = list(range(len(items))) if order is None else order
        first = len(summary.outcomes)

        def in_items_order(finished):
            by_position = sorted(zip(order, summary.outcomes[first:], strict=True), key=lambda pair: pair[0])
            summary.outcomes[first:] = [outcome for _position, outcome in by_position]
            return finished

        for start in range(0, len(order), BATCH_SIZE):
            positions = order[start : start + BATCH_SIZE]
            done, snapshot = len(summary.outcomes), self._snapshot()
            problem, stopped_at = None, None
            try:
                with transaction.atomic(), batch.deferred() as collected:
                    collected.texts_only = not self.structural
                    self.id_map.deferred = True  # part ids written once, below
                    if prepare:
                        prepare(positions)
                    for index, position in enumerate(positions, start):
                        before = self._snapshot()
                        try:
                            summary.outcomes.append(import_one(position))
                        except (Exception, KeyboardInterrupt) as error:  # noqa: BLE001 - reported, not hidden
                            self._restore(before)  # its savepoint is rolled back
                            problem, stopped_at = error, index
                            break
                        if advance:
                            advance(position)
                    self.id_map.write_changes(snapshot[0])
                    batch.flush(collected)
            except (Exception, KeyboardInterrupt) as error:  # noqa: BLE001 - reported, not hidden
                del summary.outcomes[done:]
                self._restore(snapshot)
                problem, stopped_at = error, start
            finally:
                self.id_map.deferred = False
                self._offers = self._originals = self._tree = None  # read ahead for this batch only
            if problem is not None:
                rest = order[stopped_at:]
                self._interrupted(summary, [items[position] for position in rest], [labels[position] for position in rest], problem)
                return in_items_order(False)
        return in_items_order(True)

    @staticmethod
    def _interrupted(summary, records, labels, problem):
        if not isinstance(problem, str):
            summary.interrupted = f"{type(problem).__name__}: {problem}".strip()
        for record, label in zip(records, labels, strict=True):
            summary.outcomes.append(Outcome(record_id(record, label), NOT_IMPORTED, summary.interrupted))

    def import_record(self, record, label="record") -> Outcome:
        """One record, all or nothing (inside `session()`: a dry run needs its transaction)."""
        if not self._in_session:
            raise RuntimeError("import_record runs inside HsdsImporter.session()")
        return self._all_or_nothing(record_id(record, label), lambda: self._apply(record))

    def _import_organization(self, organization) -> Outcome:
        def apply():
            problems = validation.errors("organization.json", organization)
            if problems:
                raise RecordError("schema: " + problems[0])
            original = {k: v for k, v in organization.items() if k != "services"}
            provider = self._organization({"organization": original}, keep=True)
            return self._org_status if provider else "unchanged"

        return self._all_or_nothing(str(organization.get("id") or "(organization)"), apply)

    def _all_or_nothing(self, key, apply):
        snapshot = self._snapshot()
        self.notes, self.review = [], []
        try:
            with transaction.atomic(), translation.override(DEFAULT_LANGUAGE):
                status = apply()
                if status == "unchanged":
                    raise _Rollback(status)  # nothing to keep, not even a revision
            reason = ("draft for review: " + "; ".join(self.review)) if self.review else ""
            return Outcome(key, status, reason, notes=list(self.notes), review=bool(self.review))
        except _Rollback as rollback:
            self._restore(snapshot)
            return Outcome(key, rollback.status, notes=list(self.notes))
        except (RecordError, ValidationError, DatabaseError) as problem:
            self._restore(snapshot)
            if isinstance(problem, ValidationError):
                return Outcome(key, "rejected", "; ".join(problem.messages))
            prefix = "database: " if isinstance(problem, DatabaseError) else ""
            return Outcome(key, "rejected", f"{prefix}{problem}")

    # -- whole export directories ------------------------------------------------------------------

    def run_directory(self, data, progress=None) -> Summary:
        """An export_hsds directory: vocabulary ids, organizations (umbrellas first), services."""
        with self.session():
            return self._run_directory(data, progress)

    def run_documents(self, documents, progress=None) -> Summary:
        """Any HSDS documents (see parse.split_documents): organizations first, then services."""
        organizations, services = split_documents(documents)
        return self.run_directory({"organizations": organizations, "services": services}, progress)

    def _run_directory(self, data, progress):
        with transaction.atomic():
            self._adopt_vocabulary_ids(data.get("taxonomies") or [], data.get("taxonomy_terms") or [])
        self._reset_ids()
        summary = Summary()
        pending = list(data.get("organizations") or [])
        known = {str(value) for value in ProviderPage.objects.values_list("hsds_id", flat=True)}
        ordered = []  # umbrellas first; unknown umbrellas: imported without, the id kept for export
        while pending:
            ready = [org for org in pending if not org.get("parent_organization_id") or org["parent_organization_id"] in known]
            for org in ready or list(pending):
                pending.remove(org)
                ordered.append(org)
                known.add(str(org.get("id")))
        services = data.get("services") or []
        self._run(ordered, services, [f"record {number}" for number in range(1, len(services) + 1)], summary, progress)
        return summary
