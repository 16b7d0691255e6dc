import datetime
import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from claims import exports, reports
from claims.forms import ExportForm
from claims.models import Claim, Rating, Topic
from claims.views.public import feed_of, published_checks, site_request


class Command(BaseCommand):
    help = "Write a verdict report (CSV, JSON or ClaimReview JSON-LD) for scheduled jobs, with the page's filters."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "xlsx", "json", "claimreview", "pdf"], default="csv")
        parser.add_argument("--output", required=True, help="File to write; '-' for standard output.")
        parser.add_argument("--status", choices=Claim.Status.values)
        parser.add_argument("--rating", help="Rating label on the default scale, e.g. 'False'.")
        parser.add_argument("--reviewer", help="Username of the verdict's author.")
        parser.add_argument("--claimant", help="The claimant's name.")
        parser.add_argument("--topic", help="A topic's slug, e.g. 'belarus'.")
        parser.add_argument("--source", help="Words of the source's title.")
        parser.add_argument("--published-from", type=self.date)
        parser.add_argument("--published-to", type=self.date)

    @staticmethod
    def date(text):
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise CommandError(f"{text!r} is not a date (YYYY-MM-DD).") from None

    def handle(self, *args, **options):
        claims = exports.export_claims(self.filters(options))
        if options["format"] in ("xlsx", "pdf"):
            return self.write_binary(options, self.document(options["format"], claims))
        chunks = self.chunks(options["format"], claims)
        if options["output"] == "-":
            for chunk in chunks:
                self.stdout.write(chunk, ending="")
            return
        try:
            with Path(options["output"]).open("w", encoding="utf-8", newline="") as out:
                out.writelines(chunks)
        except OSError as error:
            raise CommandError(f"{options['output']}: {error.strerror}.") from None
        self.stderr.write(f"Wrote {options['output']}.")

    def document(self, kind, claims) -> bytes:
        if kind == "xlsx":
            return reports.xlsx_bytes(claims)
        title = f"Verdict report, {datetime.date.today().isoformat()}"
        return reports.pdf_bytes(claims, title=title, organisation=settings.ORGANISATION_NAME)

    def write_binary(self, options, data: bytes) -> None:
        if options["output"] == "-":
            raise CommandError("XLSX and PDF are binary: give a file with --output.")
        try:
            Path(options["output"]).write_bytes(data)
        except OSError as error:
            raise CommandError(f"{options['output']}: {error.strerror}.") from None
        self.stderr.write(f"Wrote {options['output']}.")

    def filters(self, options) -> dict:
        form = ExportForm(
            {name: options[name] or "" for name in ("status", "claimant", "source")}
            | {"topic": Topic.objects.filter(slug=options["topic"]).values_list("pk", flat=True).first() or ""}
        )
        if options["topic"] and not form.data["topic"]:
            raise CommandError(f"No topic with the slug {options['topic']!r}.")
        if not form.is_valid():
            raise CommandError(" ".join(error for errors in form.errors.values() for error in errors))
        filters = {**form.cleaned_data, "published_from": options["published_from"]}
        filters["published_to"] = options["published_to"]
        if options["rating"]:
            filters["rating"] = Rating.objects.filter(label__iexact=options["rating"], scale__is_default=True).first()
            if filters["rating"] is None:
                raise CommandError(f"No rating called {options['rating']!r} on the default scale.")
        if options["reviewer"]:
            filters["reviewer"] = get_user_model().objects.filter(username=options["reviewer"]).first()
            if filters["reviewer"] is None:
                raise CommandError(f"No user called {options['reviewer']!r}.")
        return filters

    def chunks(self, kind, claims):
        if kind == "csv":
            return exports.csv_lines(exports.verdict_rows(claims))
        if kind == "json":
            return exports.json_chunks(exports.verdict_rows(claims))
        feed = feed_of(site_request(), published_checks().filter(pk__in=claims.values("pk")))
        return [json.dumps(feed, ensure_ascii=False, indent=2), "\n"]
