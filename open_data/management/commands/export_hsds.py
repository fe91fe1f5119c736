"""python manage.py export_hsds DIR --lang de"""

from django.conf import settings
from django.core.management import BaseCommand, CommandError

from open_data import export


class Command(BaseCommand):
    help = (
        "Write the documents the HSDS API serves (services, organizations, taxonomies, taxonomy_terms) "
        "as JSON files into DIR, in one portal language."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument("--lang", default=settings.LANGUAGE_CODE, help="Portal language of the texts (default de).")

    def handle(self, *args, **options):
        codes = [code for code, _name in settings.LANGUAGES]
        if options["lang"] not in codes:
            raise CommandError(f"unknown language {options['lang']!r}; use one of {', '.join(codes)}")
        try:
            written = export.write(options["directory"], options["lang"])
        except OSError as problem:
            raise CommandError(f"cannot write to {options['directory']}: {problem}") from None
        summary = ", ".join(f"{name} {count}" for name, count in written.items())
        self.stdout.write(self.style.SUCCESS(f"Exported to {options['directory']}: {summary}"))
