"""python manage.py import_hsds FILE --lang de [--dry-run] [--draft] [--allow-move] [--strict]"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand, CommandError

from open_data import export
from open_data.importing import HsdsImporter, ImportBusy, read_file
from open_data.progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Import HSDS 3.1 documents: services, organizations (with nested services) or service_at_locations, "
        "as one object, a JSON list or an HSDS Page, or a directory written by export_hsds. Each record is all "
        "or nothing; what the directory cannot hold is kept for export and listed per record; records lacking "
        "what the profile needs are saved as drafts for review (refused with --strict). The exit status is 1 "
        "when any record was rejected or not imported."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="JSON file (HSDS documents: one object, a list or an HSDS Page), or a directory written by export_hsds."
        )
        parser.add_argument(
            "--lang", default=settings.LANGUAGE_CODE,
            help="Language of the texts in the file (default de). Other languages fill only translations.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check and report, change nothing.")
        parser.add_argument(
            "--strict", action="store_true",
            help="Refuse records that lack what the profile needs (a Cologne address, a district) instead of "
            "saving them as drafts for review.",
        )
        parser.add_argument("--draft", action="store_true", help="Save imported pages as drafts, do not publish.")
        parser.add_argument(
            "--allow-move", action="store_true",
            help="Move an offer to the organization the file names when it belongs to another one "
            "(without this option such records are refused).",
        )

    def handle(self, *args, **options):
        directory = Path(options["file"])
        try:
            records = None if directory.is_dir() else read_file(options["file"])
        except FileNotFoundError:
            raise CommandError(f"{options['file']}: no such file") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as problem:
            raise CommandError(f"{options['file']}: not valid JSON ({problem})") from None
        except ValueError as problem:
            raise CommandError(f"{options['file']}: {problem}") from None
        try:
            importer = HsdsImporter(
                options["lang"], draft=options["draft"], dry_run=options["dry_run"], allow_move=options["allow_move"],
                strict=options["strict"],
            )
            if records is None:
                data = export.read(directory)
                bar = ProgressBar(self.stdout, len(data["services"]), "Importing services")
                summary = importer.run_directory(data, progress=bar)
            else:
                summary = importer.run_documents(records, progress=ProgressBar(self.stdout, len(records), "Importing"))
        except (ValueError, ImportBusy) as problem:
            raise CommandError(str(problem)) from None
        for outcome in summary.outcomes:
            if outcome.review:
                self.stdout.write(f"{outcome.status} {outcome.record_id} as a draft for review: {outcome.reason[len('draft for review: '):]}")
            if outcome.notes and outcome.status != "rejected":
                self.stdout.write(f"{outcome.record_id}: {len(outcome.notes)} field(s) not kept as they came")
                for note in outcome.notes:
                    self.stdout.write(f"  {note}")
        for outcome in summary.rejected:
            self.stderr.write(f"rejected {outcome.record_id}: {outcome.reason}")
        for outcome in summary.not_imported:
            self.stderr.write(f"not imported {outcome.record_id}")
        prefix = "Dry run, nothing saved: " if options["dry_run"] else ""
        line = f"{prefix}{summary}"
        if summary.failed:
            self.stdout.write(self.style.WARNING(line))
            failed = len(summary.rejected) + len(summary.not_imported)
            raise CommandError(f"{failed} record(s) rejected or not imported", returncode=1)
        self.stdout.write(self.style.SUCCESS(line))
