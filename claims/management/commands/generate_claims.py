from django.core.management.base import BaseCommand, CommandError

from claims.generation import DEFAULT_SEED, generate_claims


class Command(BaseCommand):
    help = (
        "Add N realistic generated claims, with claimants, sources, evidence, verdicts, status history and "
        "comments, for load tests and benchmarks. One transaction: interrupted, it adds nothing. Progress goes "
        "to standard error."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", required=True, help="How many claims to add (a positive number).")
        parser.add_argument("--seed", default=DEFAULT_SEED, help="Seed of the random generator: same seed, same texts.")
        parser.add_argument("--reviewers", default=50, help="Reviewers reviewer-001… to create or reuse (default 50).")

    def handle(self, *args, **options):
        count = positive(options["count"], "--count")
        reviewers = positive(options["reviewers"], "--reviewers")
        seed = whole(options["seed"], "--seed")
        result = generate_claims(count, seed=seed, reviewers=reviewers, stream=self.stderr._out)
        made = ", ".join(f"{rows:,} {table.removeprefix('claims_')}" for table, rows in result.counts.items())
        self.stdout.write(f"Added {made}.")


def whole(value, option: str) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        raise CommandError(f"{option} must be a whole number, not {value!r}.") from None


def positive(value, option: str) -> int:
    number = whole(value, option)
    if number < 1:
        raise CommandError(f"{option} must be at least 1, not {number}.")
    return number
