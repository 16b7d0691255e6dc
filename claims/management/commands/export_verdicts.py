import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from claims import exports, report_files
from claims.forms import ExportForm
from claims.models import Claim, Rating, Topic
from claims.progress import ProgressBar
from factcheck.routers import report_reads


class Command(BaseCommand):
    help = (
        "Write a verdict report (CSV, XLSX, JSON, ClaimReview JSON-LD or PDF) for scheduled jobs, with the page's "
        "filters; progress goes to standard error."
    )

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
        kind, output = options["format"], options["output"]
        with report_reads():
            claims = exports.export_claims(self.filters(options))
            with ProgressBar(
                claims.count(), "Claims", stream=self.stderr._out
            ) as progress:  # the bare stream: the bar writes its own line ends
                if output == "-":
                    self.write_to_stdout(kind, claims, progress)
                    return
                try:
                    report_files.write_export(kind, claims, Path(output), progress)
                except OSError as error:
                    raise CommandError(f"{output}: {error.strerror}.") from None
        self.stderr.write(f"Wrote {output}.")

    def write_to_stdout(self, kind, claims, progress) -> None:
        if kind in ("xlsx", "pdf"):
            raise CommandError("XLSX and PDF are binary: give a file with --output.")
        for chunk in report_files.text_chunks(kind, claims, progress):
            self.stdout.write(chunk, ending="")

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
