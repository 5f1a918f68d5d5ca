"""Restore an archive of `manage.py backup` into an empty database and media folder.

    manage.py restore var/backups/inovda-backup-20261204-020000.tar.gz

Every checksum is verified before anything is written. A database that has users, or a
MEDIA_ROOT with files, is refused unless `--force` (which replaces both).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from inovda.core import backup


class Command(BaseCommand):
    help = "Restore a backup archive (database and media files) after verifying it."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--force", action="store_true", help="replace existing data")

    def handle(self, *args, archive, force=False, **options):
        try:
            manifest = backup.restore(Path(archive), force=force)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"restored {archive}: {manifest['engine']} database, "
            f"{len(manifest['files']) - 1} media files, created {manifest['created']}"
        )
