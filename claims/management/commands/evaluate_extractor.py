from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.evaluation import GoldError, Report, Tally, evaluate_file


class Command(BaseCommand):
    help = (
        "Score the claim extractor against annotated texts: each GOLD_DIR/<name>.json names its text "
        '("text_path", relative to the project) and lists the claims a desk would check. Prints precision, '
        "recall, speaker and quantity accuracy per file and overall; -v 2 also lists each miss. No database."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("gold_dir", nargs="?", default="tests/gold", help="Folder of gold .json files.")

    def handle(self, *args, gold_dir, verbosity=1, **options):
        project = Path(settings.BASE_DIR)
        files = sorted((project / gold_dir).glob("*.json"))
        if not files:
            raise CommandError(f"No gold .json files in {project / gold_dir}.")
        total = Report()
        for path in files:
            try:
                report = evaluate_file(path, project)
            except GoldError as error:
                raise CommandError(f"Malformed gold file {error}") from None
            self.print_report(path.stem, report, show_misses=verbosity >= 2)
            total.add(report)
        self.print_report("all files", total)

    def print_report(self, title: str, report: Report, show_misses: bool = False) -> None:
        self.stdout.write(f"\n{title}")
        self.stdout.write(f"  {'kind':<9} {'gold':>5} {'found':>6} {'recall':>7} {'precision':>10} {'speaker':>8}")
        for kind, tally in [*report.by_kind.items(), ("overall", report.overall)]:
            self.stdout.write(self.row(kind, tally))
        for miss in report.misses if show_misses else []:
            self.stdout.write(f"    {miss}")

    @staticmethod
    def row(kind: str, tally: Tally) -> str:
        line = (
            f"  {kind:<9} {tally.gold:>5} {tally.found:>6} {tally.recall:>7.2f} {tally.precision:>10.2f}"
            f" {tally.speaker_accuracy:>8.2f}"
        )
        if kind == "quantity" and tally.found:
            line += f"  numbers right {tally.numbers_right}/{tally.found}, units right {tally.unit_right}/{tally.found}"
        return line
