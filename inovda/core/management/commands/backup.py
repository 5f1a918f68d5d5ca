"""Back up the database and the uploaded files into one verifiable archive.

manage.py backup                      # var/backups/inovda-backup-<time>.tar.gz
manage.py backup --dir /srv/backups --keep 14
manage.py backup --verify FILE        # check an archive's checksums, change nothing
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from inovda.core import backup


class Command(BaseCommand):
    help = "Write the database and media files into one archive with a manifest and checksums."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(settings.INOVDA_BACKUP_DIR))
        parser.add_argument(
            "--keep", type=int, default=settings.INOVDA_BACKUP_KEEP, help="archives kept"
        )
        parser.add_argument("--verify", metavar="ARCHIVE", help="only verify this archive")

    def handle(self, *args, dir, keep, verify=None, **options):
        try:
            if verify:
                manifest = backup.verify(Path(verify))
                self.stdout.write(
                    f"{verify}: OK, {len(manifest['files'])} members, "
                    f"{manifest['engine']}, created {manifest['created']}"
                )
                return
            summary = backup.create(Path(dir))
            backup.verify(summary.path)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{summary.path} ({summary.bytes} bytes, {summary.engine}, "
            f"{summary.files} media files): verified"
        )
        for old in backup.prune(Path(dir), keep):
            self.stdout.write(f"removed {old.name} (keeping {keep})")
