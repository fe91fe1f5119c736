"""Prepare an empty portal on a fresh database; safe to run again at any time."""

from django.core.management import BaseCommand, call_command

from carriers.roles import ensure_roles
from network.structure import ensure_network_pages
from portal.page_tree import update_url_paths
from portal.structure import ensure_structure
from services_directory.vocabulary import load_taxonomies


class Command(BaseCommand):
    help = "Migrate, add page translation columns, load the vocabulary and create the site's pages."

    def add_arguments(self, parser):
        parser.add_argument(
            "--skip-migrate", action="store_true", help="Assume the schema is current (used by the test suite)."
        )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        # The cache table first: migrations save pages, and the save signals already use the cache.
        steps = [("Creating the cache table", self._cache_table)]
        if not options["skip_migrate"]:
            steps.append(("Migrating the database", self._migrate))
        steps += [
            ("Syncing page translation columns", self._translation_columns),
            ("Loading the vocabulary", self._vocabulary),
            ("Creating the site and its pages", self._structure),
            ("Creating the network pages", self._network),
            ("Creating carrier roles and the review workflow", self._roles),
            ("Setting translated URL paths", self._url_paths),
        ]
        results = []
        for number, (label, step) in enumerate(steps, start=1):
            self.stdout.write(f"[{number}/{len(steps)}] {label} …")
            result = step(verbosity)
            if result:
                self.stdout.write(f"      {result}")
                results.append(f"{label.lower()}: {result}")
        self.stdout.write(self.style.SUCCESS("Portal ready. " + "; ".join(results)))

    def _migrate(self, verbosity):
        call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0))
        return "up to date"

    def _cache_table(self, verbosity):
        # The default shared cache (rate limits) is a database table; Redis needs none.
        call_command("createcachetable", verbosity=max(verbosity - 1, 0))
        return "done"

    def _translation_columns(self, verbosity):
        call_command("sync_page_translation_fields", interactive=False, verbosity=max(verbosity - 1, 0))
        call_command("update_translation_fields", verbosity=max(verbosity - 1, 0))
        return "done"

    def _vocabulary(self, verbosity):
        return f"terms {load_taxonomies()}"

    def _structure(self, verbosity):
        created = ensure_structure()
        return f"pages created {len(created)}"

    def _network(self, verbosity):
        return f"pages created {len(ensure_network_pages())}"

    def _roles(self, verbosity):
        ensure_roles()
        return "done"

    def _url_paths(self, verbosity):
        return f"pages updated {update_url_paths()}"
