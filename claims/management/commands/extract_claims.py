import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.documents import DocumentError, read_upload
from claims.extraction import extract_claims
from claims.quantities import as_json


class Command(BaseCommand):
    help = (
        "Propose check-worthy claims from a .txt or .html file and print them as JSON lines (kind, text, "
        "speaker, quantity_low, quantity_high, unit, start, end, score; offsets into the extracted text). "
        "Needs no database and writes nothing."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("path", help="A .txt or .html file.")

    def handle(self, *args, path, **options):
        file = Path(path)
        if file.suffix.lower() not in (".txt", ".html", ".htm"):
            raise CommandError(f"{path}: give a .txt or .html file.")
        try:
            document = read_upload(file.name, file.read_bytes())
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror or error}.") from None
        except DocumentError as error:
            raise CommandError(f"{path}: {error}") from None
        for candidate in extract_claims(document.text):
            self.stdout.write(json.dumps(self.as_record(candidate), ensure_ascii=False))

    def as_record(self, candidate) -> dict:
        return {
            "kind": candidate.kind,
            "text": candidate.text,
            "speaker": candidate.speaker,
            "quantity_low": as_json(candidate.quantity_low),
            "quantity_high": as_json(candidate.quantity_high),
            "unit": candidate.unit,
            "start": candidate.start,
            "end": candidate.end,
            "score": round(candidate.score, 3),
            "reasons": list(candidate.reasons),
        }
