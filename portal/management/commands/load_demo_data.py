"""Load the demo portal: editorial pages, the directory landscape, demo users. Idempotent."""

from django.core.management import BaseCommand, CommandError

from carriers import demo as carriers_demo
from curation import demo as curation_demo
from network import demo as network_demo
from open_data import demo as open_data_demo
from portal import demo as portal_demo
from services_directory import demo as directory_demo
from services_directory.demo.catalogue import DemoDataError


class Command(BaseCommand):
    help = "Fill the portal with demo content (marked as such). Safe to run again."

    def handle(self, *args, **options):
        steps = [
            ("Editorial pages", portal_demo.load),
            ("Directory landscape", directory_demo.load),
            ("Carrier roles and demo logins", carriers_demo.load),
            ("Network: committees, events and news", network_demo.load),
            ("Landing pages for target groups and districts", curation_demo.load),
            ("Recurrences kept from a carrier's own system (HSDS)", open_data_demo.load),
        ]
        summaries = []
        for number, (label, load) in enumerate(steps, start=1):
            self.stdout.write(f"[{number}/{len(steps)}] {label} …")
            try:
                summary = load(self.stdout)
            except DemoDataError as error:  # an edited data file: say which entry, no traceback
                raise CommandError(str(error)) from None
            summaries.append(f"{label.lower()}: {summary}")
        self.stdout.write(self.style.SUCCESS("Demo data loaded. " + "; ".join(summaries)))
