"""python manage.py import_offers_csv FILE --provider <hsds_id> [--lang de] [--dry-run] [--draft] [--allow-move] [--report FILE]"""

from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand, CommandError

from open_data.importing import ImportBusy
from open_data.progress import ProgressBar
from open_data.spreadsheet import error_report, import_rows
from services_directory.models import ProviderPage


class Command(BaseCommand):
    help = "Import a carrier's offers from the CSV template (one row per offer; each row all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--provider", required=True, help="HSDS id of the provider (Träger) the offers belong to.")
        parser.add_argument("--lang", default=settings.LANGUAGE_CODE)
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--draft", action="store_true")
        parser.add_argument(
            "--allow-move", action="store_true",
            help="Move offers of other providers named by a row's id to this provider (else such rows are refused).",
        )
        parser.add_argument("--report", help="Write the CSV error report to this file.")

    def handle(self, *args, **options):
        try:
            provider = ProviderPage.objects.filter(hsds_id=options["provider"]).first()
        except Exception:  # not a UUID
            provider = None
        if provider is None:
            raise CommandError(f"--provider {options['provider']}: no provider has this HSDS id")
        try:
            text = Path(options["file"]).read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise CommandError(f"{options['file']}: no such file") from None
        except UnicodeDecodeError:
            raise CommandError(f"{options['file']}: not UTF-8 text (save the spreadsheet as CSV UTF-8)") from None
        lines = max(text.count("\n") - 1, 1)
        try:
            summary, rows = import_rows(
                text, provider, language=options["lang"], draft=options["draft"], dry_run=options["dry_run"],
                progress=ProgressBar(self.stdout, lines + 1, "Importing"), allow_move=options["allow_move"],
            )
        except ValueError as problem:
            raise CommandError(f"{options['file']}: {problem}") from None
        except ImportBusy as busy:
            raise CommandError(str(busy)) from None
        for number, _name, outcome in rows:
            if outcome.status == "rejected":
                self.stderr.write(f"line {number}: rejected {outcome.record_id}: {outcome.reason}")
        if options["report"]:
            Path(options["report"]).write_text(error_report(rows), encoding="utf-8")
        if summary.failed:
            self.stdout.write(self.style.WARNING(str(summary)))
            failed = len(summary.rejected) + len(summary.not_imported)
            raise CommandError(f"{failed} row(s) rejected or not imported", returncode=1)
        self.stdout.write(self.style.SUCCESS(str(summary)))
