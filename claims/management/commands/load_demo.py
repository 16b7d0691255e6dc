import os

from django.core.management.base import BaseCommand

from claims.demo import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo: the seed article on Putin's December 2022 visit to Minsk, its claims in every "
        "state of the workflow, and the users reviewer, editor and admin. Running it again changes nothing. "
        "The users' password is DEMO_PASSWORD when set, else generated for users created now."
    )

    def handle(self, *args, **options):
        result = load_demo(password=os.environ.get("DEMO_PASSWORD") or None)
        self.stdout.write(f"Demo claims created: {result.created_claims} (existing ones left as they were).")
        if result.created_users:
            self.stdout.write(f"Demo users created: {', '.join(result.created_users)}.")
        if result.password:
            self.stdout.write(f"Demo users reviewer, editor and admin have the password: {result.password}")
        else:
            self.stdout.write("Demo users exist; their password is unchanged (set DEMO_PASSWORD to reset it).")
