from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from claims import backup


class Command(BaseCommand):
    help = (
        "Write a backup of the database to PATH: a pg_dump custom-format archive, restored with "
        "`manage.py restore PATH`. Works with the embedded server and with DATABASE_URL."
    )
    requires_system_checks = []  # a backup or a restore must not wait for an unrelated check to pass

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The file to write, e.g. factcheck-2026-11-25.dump.")
        parser.add_argument("--force", action="store_true", help="Overwrite PATH if it exists.")

    def handle(self, *args, **options):
        try:
            size = backup.dump(connection, options["path"], force=options["force"])
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Wrote {options['path'].absolute()} ({human_size(size)}).")


def human_size(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
