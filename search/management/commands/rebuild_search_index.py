"""Rebuild the search index from the live offers, with a progress bar and a summary."""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from search.models import PendingIndexUpdate
from search.service import get_backend


class Command(BaseCommand):
    help = "Rebuild the search index (database backend, and Elasticsearch when configured)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--backend", choices=["database", "elasticsearch", "all"], default="all",
            help="Which index to rebuild (default: the database index and the configured backend).",
        )

    def _progress(self, label):
        def show(done, total):
            if not self.stdout.isatty() and done < total:
                return
            width = 30
            filled = width * done // total if total else width
            bar = "#" * filled + "-" * (width - filled)
            end = "\n" if done >= total else "\r"
            self.stdout.write(f"{label:14} [{bar}] {done}/{total}", ending=end)
            self.stdout.flush()

        return show

    def handle(self, *args, backend, **options):
        names = ["database"]
        if backend == "elasticsearch" or (backend == "all" and settings.ELASTICSEARCH_URL):
            names = ["elasticsearch"] if backend == "elasticsearch" else ["database", "elasticsearch"]
        failed = False
        for name in names:
            started = timezone.now()
            try:
                summary = get_backend(name).rebuild(self._progress(name))
            except Exception as error:  # noqa: BLE001 - report and go on with the other backend
                self.stderr.write(f"{name}: rebuild failed: {error}")
                failed = True
                continue
            self.stdout.write(f"{name}: {summary}")
            # A complete rebuild settles whatever was pending for this index before it started.
            PendingIndexUpdate.objects.filter(backend=name, updated_at__lt=started).delete()
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
                cursor.execute("PRAGMA optimize")
        elif connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "ANALYZE kim_search_searchdocument, kim_search_word, kim_search_posting, kim_search_facet, kim_search_point"
                )
        if failed:
            raise CommandError("the search index could not be rebuilt completely")
        sys.stdout.flush()
