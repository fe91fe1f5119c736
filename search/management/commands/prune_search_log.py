"""Delete search log days older than the retention period (SEARCH_LOG_RETENTION_MONTHS, default 18)."""

from django.core.management.base import BaseCommand, CommandError

from search.log import prune, retention_cutoff


class Command(BaseCommand):
    help = "Delete search log entries older than SEARCH_LOG_RETENTION_MONTHS (default 18 months)."

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, help="Keep this many months instead of the setting.")

    def handle(self, *args, months=None, **options):
        if months is not None and months < 1:
            raise CommandError("--months must be at least 1")
        cutoff = retention_cutoff(months=months)
        deleted = prune(months=months)
        self.stdout.write(f"deleted {deleted} search log entries from before {cutoff.isoformat()}")
