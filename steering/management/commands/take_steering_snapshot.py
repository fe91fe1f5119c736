"""Store this month's headline figures of the steering reports (run daily or monthly from cron)."""

from django.core.management.base import BaseCommand, CommandError

from steering import trend


class Command(BaseCommand):
    help = (
        "Store the steering reports' headline figures as this month's snapshot (a later run in the same "
        "month replaces it). With --backfill, first reconstruct earlier months from the revision history."
    )

    def add_arguments(self, parser):
        parser.add_argument("--backfill", action="store_true", help="Also fill earlier months that have no snapshot.")
        parser.add_argument("--months", type=int, default=24, help="How many months back --backfill looks (default 24).")

    def handle(self, *args, backfill=False, months=24, **options):
        if months < 1 or months > 120:
            raise CommandError("--months must be between 1 and 120")
        if backfill:
            self.stdout.write(f"back-filling up to {months} months from the revision history ...")
            counts = trend.backfill(months=months)
            self.stdout.write(
                f"back-fill: created {counts['created']}, kept {counts['kept']} (already recorded), "
                f"no history for {counts['no_history']}"
            )
        snapshot, created = trend.take_snapshot()
        figures = ", ".join(f"{key} {value}" for key, value in snapshot.figures.items())
        self.stdout.write(f"snapshot {snapshot.month:%Y-%m} {'created' if created else 'updated'}: {figures}")
