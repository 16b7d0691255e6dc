"""Reads for reports and exports go to the read replica when one is configured (REPLICA_DATABASE_URL
makes DATABASES["replica"] and sets REPORT_DATABASE to it), so a large export does not compete with
the desk's own work on the primary. Everything else, and every write, uses the primary."""

import contextlib
from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
_reading_reports = ContextVar("reading_reports", default=False)


@contextlib.contextmanager
def report_reads():
    """Within this block, reads go to the replica (if there is one)."""
    token = _reading_reports.set(True)
    try:
        yield
    finally:
        _reading_reports.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reading_reports.get():
            return settings.REPORT_DATABASE
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"
