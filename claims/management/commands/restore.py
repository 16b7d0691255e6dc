import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from claims import backup


class Command(BaseCommand):
    help = (
        "Replace all data in the database by a backup written with `manage.py backup`. Runs in one "
        "transaction: if anything fails, the current data stays as it was."
    )
    requires_system_checks = []  # a backup or a restore must not wait for an unrelated check to pass

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="A file written by `manage.py backup`.")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, **options):
        path = options["path"]
        try:
            backup.check_archive(path)
            backup.list_archive(path)
            if not (options["yes"] or self.confirmed(path)):
                raise CommandError("Restore cancelled: nothing was changed.")
            backup.restore(connection, path)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored {path.absolute()} into the database {connection.settings_dict['NAME']}.")

    def confirmed(self, path: Path) -> bool:
        if not sys.stdin.isatty():
            raise CommandError("Restoring replaces all current data: pass --yes to confirm.")
        name, host = connection.settings_dict["NAME"], connection.settings_dict["HOST"]
        where = f"{name} on {host}" if host else name
        answer = input(f"Replace all data in the database {where} by {path}? Type 'yes' to continue: ")
        return answer.strip().lower() == "yes"
