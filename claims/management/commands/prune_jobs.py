from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from claims.models import Job


class Command(BaseCommand):
    help = (
        "Delete background jobs that ended more than --days ago, with their files (reports are made anew "
        "from the data at any time). Run it daily beside django-tasks-db's prune_db_task_results."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7)

    def handle(self, *args, days, **options):
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        old = Job.objects.filter(finished_at__lt=timezone.now() - timedelta(days=days))
        files = 0
        for job in old.exclude(file=""):
            job.file.delete(save=False)
            files += 1
        deleted, _ = old.delete()
        self.stdout.write(f"Deleted {deleted} finished job(s) and {files} file(s) older than {days} day(s).")
