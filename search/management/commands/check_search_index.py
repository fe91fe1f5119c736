"""Compare what the public may see with what each search index holds; `--repair` fixes it.

Meant for a periodic run (cron, see README): differences are recorded as pending index work, so
/healthz reports them and the next index write retries them; `--repair` re-syncs them at once.
Exit status 1 while differences remain.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from search import maintenance
from search.service import get_backend


class Command(BaseCommand):
    help = "Check the search index against the offers the public may see (missing, stale, extra); --repair fixes it."

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="Re-index every differing offer.")
        parser.add_argument(
            "--backend", choices=["database", "elasticsearch", "all"], default="all",
            help="Which index to check (default: the database index and the configured backend).",
        )

    def _progress(self, label):
        def show(done, total):
            self.stdout.write(f"{label}: {done}/{total}", ending="\n" if done >= total else "\r")
            self.stdout.flush()

        return show

    def handle(self, *args, repair=False, backend="all", **options):
        names = ["database"]
        if backend == "elasticsearch":
            if not settings.ELASTICSEARCH_URL:
                raise CommandError("ELASTICSEARCH_URL is not set: there is no Elasticsearch index to check")
            names = ["elasticsearch"]
        elif backend == "all" and settings.ELASTICSEARCH_URL:
            names = ["database", "elasticsearch"]

        expected = maintenance.expected_versions(self._progress("building documents of public offers"))
        remaining = 0
        for name in names:
            index = get_backend(name)
            retried, failing = maintenance.retry_pending(index, limit=None)
            if retried or failing:
                self.stdout.write(f"{name}: retried {retried + failing} pending updates, {failing} still failing")
            try:
                differences = maintenance.check(index, expected)
            except Exception as error:  # noqa: BLE001 - name the backend, go on with the next one
                self.stderr.write(f"{name}: the index could not be read: {error}")
                remaining += 1
                continue
            self.stdout.write(str(differences))
            for label, offer_ids in (("missing", differences.missing), ("stale", differences.stale), ("extra", differences.extra)):
                if offer_ids:
                    shown = ", ".join(str(offer_id) for offer_id in offer_ids[:20])
                    self.stdout.write(f"  {label}: {shown}{' …' if len(offer_ids) > 20 else ''}")
            if not differences.offer_ids:
                continue
            if repair:
                repaired = maintenance.repair(index, differences, progress=self._progress(f"{name}: repairing"))
                left = len(differences.offer_ids) - repaired
                self.stdout.write(f"{name}: repaired {repaired}, failed {left}")
                remaining += left
            else:
                maintenance.record_differences(differences)
                remaining += len(differences.offer_ids)
        if remaining:
            hint = "" if repair else " (run with --repair to fix them)"
            raise CommandError(f"{remaining} index entries differ from what the public may see{hint}")
        self.stdout.write("the search index matches what the public may see")
