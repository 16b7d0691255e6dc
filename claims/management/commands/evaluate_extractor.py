from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.evaluation import SCORED_KINDS, GoldError, Report, evaluate_file


class Command(BaseCommand):
    help = (
        "Score the claim extractor against annotated texts: each GOLD_DIR/<name>.json names its text and lists "
        "the claims a desk would check. Prints precision, recall and speaker accuracy per kind. No database."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("gold_dir", nargs="?", default="tests/gold", help="Folder of gold .json files.")

    def handle(self, *args, gold_dir, **options):
        folder = Path(settings.BASE_DIR) / gold_dir
        files = sorted(folder.glob("*.json"))
        if not files:
            raise CommandError(f"No gold .json files in {folder}.")
        total = Report()
        for path in files:
            try:
                report = evaluate_file(path, Path(settings.BASE_DIR))
            except GoldError as error:
                raise CommandError(str(error)) from None
            self.print_report(path.stem, report)
            total.add(report)
        self.print_report("all files", total)

    def print_report(self, title: str, report: Report) -> None:
        self.stdout.write(f"\n{title}")
        self.stdout.write(f"  {'kind':<10} {'gold':>5} {'found':>6} {'recall':>7} {'precision':>10} {'speaker':>8}")
        for kind, tally in report.by_kind.items():
            line = (
                f"  {kind:<10} {tally.gold:>5} {tally.found:>6} {tally.recall:>7.2f} {tally.precision:>10.2f}"
                f" {tally.speaker_accuracy:>8.2f}"
            )
            if kind == "quantity" and tally.found:
                line += f"  numbers right {tally.quantity_right}/{tally.found}, units {tally.unit_right}/{tally.found}"
            self.stdout.write(line if kind in SCORED_KINDS or tally.gold else line + "  (not scored)")
