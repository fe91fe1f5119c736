"""`manage.py restore_portal ARCHIVE`: a backup_portal archive into an empty database (portal/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal import backup


class Command(BaseCommand):
    help = "Restore a backup_portal archive into an empty database (SQLite or PostgreSQL) and rebuild the indexes."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="a .tar.gz written by backup_portal")

    def handle(self, *args, archive, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"{path} does not exist")
        try:
            manifest = backup.restore(path, progress=self.stdout.write)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(
            f"Restored {manifest['objects']} objects and {manifest['media_files']} media files "
            f"from the backup of {manifest['created']} in {manifest['seconds']} s"
        ))
