"""Drive an import: one transaction per record, one import at a time, a summary that is always whole.

`HsdsImporter.session()` holds the import lock; in a dry run it also holds one transaction that is
rolled back at the end, so every record sees what the records before it did, exactly as in the
real run (the dry run's counts are the real run's). A run that stops early (a database error, an
interrupt) still reports every record: done, rejected, or "not imported".
"""

from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import DatabaseError, transaction
from django.utils import translation

from open_data import validation
from open_data.importing.idmap import IdSteps
from open_data.importing.lock import import_lock
from open_data.importing.organizations import OrganizationSteps
from open_data.importing.pages import DEFAULT_LANGUAGE, PageSteps
from open_data.importing.parse import duplicate_ids, record_id, split_documents
from open_data.importing.places import PlaceSteps
from open_data.importing.report import NOT_IMPORTED, Outcome, RecordError, Summary
from open_data.importing.services import ServiceSteps
from search.signals import reindex_offers
from services_directory.models import DirectoryIndexPage, OfferPage, ProviderPage


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
        self.touched_offers = []
        self._in_session = False

    @contextmanager
    def session(self):
        """The lock, and in a dry run the transaction that is rolled back at the end."""
        if self._in_session:
            yield
            return
        with import_lock():
            self._in_session = True
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
                    self.touched_offers = []
            finally:
                self._in_session = False

    # -- records -----------------------------------------------------------------------------------

    def run(self, records, progress=None, *, labels=None, summary=None) -> Summary:
        """Import the records in order; duplicates of an id are refused, each naming the others."""
        labels = labels or [f"record {number}" for number in range(1, len(records) + 1)]
        duplicates = duplicate_ids(records, labels)
        summary = summary if summary is not None else Summary()
        with self.session():
            self._run(records, labels, duplicates, summary, progress)
        return summary

    def _run(self, records, labels, duplicates, summary, progress):
        for position, record in enumerate(records):
            try:
                if position in duplicates:
                    outcome = Outcome(record_id(record, labels[position]), "rejected", duplicates[position])
                else:
                    outcome = self.import_record(record, labels[position])
            except (Exception, KeyboardInterrupt) as problem:  # noqa: BLE001 - reported, not hidden
                self._interrupted(summary, records[position:], labels[position:], problem)
                break
            summary.outcomes.append(outcome)
            if progress:
                progress(position + 1)

    @staticmethod
    def _interrupted(summary, records, labels, problem):
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
        while pending:
            ready = [org for org in pending if not org.get("parent_organization_id") or org["parent_organization_id"] in known]
            for org in ready or pending:  # unknown umbrellas: imported without, the id kept for export
                pending.remove(org)
                try:
                    summary.outcomes.append(self._import_organization(org))
                except (Exception, KeyboardInterrupt) as problem:  # noqa: BLE001 - reported, not hidden
                    self._interrupted(summary, [org, *pending], ["organization"] * (len(pending) + 1), problem)
                    services = data.get("services") or []
                    self._interrupted(summary, services, [f"record {n}" for n in range(1, len(services) + 1)], problem)
                    return summary
                known.add(str(org.get("id")))
        return self.run(data.get("services") or [], progress, summary=summary)

    # -- afterwards ----------------------------------------------------------------------------------

    def finish(self):
        """Make translated URL paths right and put the touched offers into the search index."""
        if self.dry_run or not self.touched_offers:
            return
        call_command("set_translation_url_paths", verbosity=0)
        index_offers(self.touched_offers)


def index_offers(offer_ids):
    """Index the offers once more with their final URLs (publishing indexed them before the
    URL paths were set), through the search app's public `reindex_offers`."""
    reindex_offers(OfferPage.objects.live().filter(pk__in=offer_ids).specific())
