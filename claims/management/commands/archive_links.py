from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims import archiving
from claims.progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Send evidence and source links to the web archive (ARCHIVE_SAVE_URL), one after the other, here "
        "rather than in the task worker; progress goes to standard error. Each link's copy, or why there is "
        "none, is kept on its row as the Archive button does."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument(
            "--pending", action="store_true", help='links left "archiving…", e.g. when a worker was stopped'
        )
        which.add_argument(
            "--all-unarchived", action="store_true", help="every link without an archived copy (failed ones too)"
        )
        parser.add_argument("--limit", type=int, default=None, help="at most this many links")
        parser.add_argument("--dry-run", action="store_true", help="only count the links")

    def handle(self, *args, pending, all_unarchived, limit, dry_run, **options):
        if not settings.ARCHIVE_ENABLED:
            raise CommandError("Link archiving is switched off (ARCHIVE_ENABLED).")
        if limit is not None and limit < 1:
            raise CommandError("--limit must be 1 or more.")
        links = archiving.to_archive(pending=pending, limit=limit)
        if dry_run:
            self.stdout.write(f"{len(links)} links would be sent to the archive.")
            return
        archived = 0
        with ProgressBar(len(links), "Links", stream=self.stderr._out) as bar:
            for model, pk in links:
                archived += bool(archiving.archive_link.call(model, pk))
                bar.advance()
        failed = len(links) - archived
        reasons = " (the reasons are on their rows)" if failed else ""
        self.stdout.write(f"{archived} links archived, {failed} not{reasons}.")
