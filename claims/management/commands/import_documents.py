from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims import intake
from claims.documents import DocumentError, fetch, read_upload
from claims.models import Source
from claims.progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Import documents (.txt, .html or .pdf files, or http(s) URLs) as sources and propose their claims "
        "for review, as the Import page does; progress goes to standard error. A document imported before "
        "adds nothing. Exits non-zero if any document could not be imported, after trying the others."
    )

    def add_arguments(self, parser):
        parser.add_argument("documents", nargs="+", metavar="PATH_OR_URL")
        parser.add_argument("--kind", choices=Source.Kind.values, default=Source.Kind.ARTICLE)

    def handle(self, *args, documents, kind, **options):
        refused = []
        for name in documents:
            try:
                document = self.read(name)
                with ProgressBar(len(document.text), "Characters", stream=self.stderr._out) as bar:
                    result = intake.import_document(
                        document, kind=kind, on_progress=lambda at: bar.advance(at - bar.done)
                    )
            except DocumentError as error:
                refused.append(f"{name}: {error}")
                continue
            again = "" if result.created else " (imported before)"
            self.stdout.write(
                f"{name}: source #{result.source.pk}{again}, {result.candidates_added} claims proposed for review."
            )
        if refused:
            raise CommandError("Not imported: " + " ".join(refused))

    def read(self, name: str):
        if name.startswith(("http://", "https://")):
            return fetch(
                name,
                timeout=settings.IMPORT_FETCH_TIMEOUT,
                max_bytes=settings.IMPORT_MAX_BYTES,
                allow_private=settings.IMPORT_ALLOW_PRIVATE_URLS,
            )
        path = Path(name)
        try:
            size = path.stat().st_size
            if size > settings.IMPORT_MAX_BYTES:
                raise DocumentError(f"the file is larger than {settings.IMPORT_MAX_BYTES:,} bytes.")
            return read_upload(path.name, path.read_bytes())
        except OSError as error:
            raise DocumentError(f"{error.strerror or error}.") from None
