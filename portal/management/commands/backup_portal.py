"""`manage.py backup_portal ARCHIVE`: content, search log and media in one tar.gz (portal/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal import backup


class Command(BaseCommand):
    help = "Write content, search log and media files to one archive (restore it with restore_portal)."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the .tar.gz file to write, e.g. var/backups/kim-2026-11-27.tar.gz")

    def handle(self, *args, archive, **options):
        path = Path(archive)
        if path.exists():
            raise CommandError(f"{path} exists already; choose a new name")
        try:
            manifest = backup.backup(path, progress=self.stdout.write)
        except OSError as error:
            raise CommandError(f"could not write {path}: {error}") from None
        self.stdout.write(self.style.SUCCESS(
            f"Backup written to {path}: {manifest['objects']} objects of {len(manifest['models'])} kinds, "
            f"{manifest['media_files']} media files in {manifest['seconds']} s"
        ))
