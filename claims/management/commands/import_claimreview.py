from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.claimreview_import import ReviewImportError, import_reviews
from claims.documents import DocumentError, fetch_raw


class Command(BaseCommand):
    help = (
        "Import other fact-checkers' ClaimReview markup (JSON-LD files or http(s) URLs of JSON-LD or of pages "
        "holding it) as reference claims checked elsewhere; a review imported before is updated. Prints how "
        "many records were created, updated and refused, with why. Exits non-zero if a source could not be "
        "read, after trying the others."
    )

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="+", metavar="PATH_OR_URL")

    def handle(self, *args, sources, **options):
        unreadable = []
        for name in sources:
            try:
                outcome = import_reviews(self.read(name))
            except (DocumentError, ReviewImportError) as error:
                unreadable.append(f"{name}: {error}")
                continue
            self.stdout.write(f"{name}: {outcome}.")
            for reason in outcome.refused:
                self.stdout.write(f"  refused {reason}")
        if unreadable:
            raise CommandError("Not read: " + " ".join(unreadable))

    def read(self, name: str) -> bytes:
        if name.startswith(("http://", "https://")):
            body, _, _ = fetch_raw(
                name,
                timeout=settings.IMPORT_FETCH_TIMEOUT,
                max_bytes=settings.IMPORT_MAX_BYTES,
                allow_private=settings.IMPORT_ALLOW_PRIVATE_URLS,
            )
            return body
        path = Path(name)
        try:
            if path.stat().st_size > settings.IMPORT_MAX_BYTES:
                raise DocumentError(f"larger than IMPORT_MAX_BYTES ({settings.IMPORT_MAX_BYTES} bytes).")
            return path.read_bytes()
        except OSError as error:
            raise DocumentError(f"cannot be read ({error.strerror}).") from None
