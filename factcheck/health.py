"""/health/ for load balancers and monitors: this process answers, and its database does too."""

import logging
import time

from django.db import DatabaseError, OperationalError, connections, transaction
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

STATEMENT_TIMEOUT_MS = 2000


@csrf_exempt  # it only reads: a POST gets 405, not a CSRF page
@require_safe
@never_cache
def health(request):
    started = time.monotonic()
    try:
        check_database()
    except DatabaseError as error:
        logger.warning("Health check failed: %s", error)  # the details stay in the log: the page is public
        return JsonResponse({"status": "unavailable", "reason": failure_reason(error)}, status=503)
    elapsed_ms = round((time.monotonic() - started) * 1000, 1)
    return JsonResponse({"status": "ok", "database": "ok", "database_ms": elapsed_ms})


def check_database() -> None:
    with transaction.atomic(using="default"), connections["default"].cursor() as cursor:
        cursor.execute(f"SET LOCAL statement_timeout = {STATEMENT_TIMEOUT_MS}")
        cursor.execute("SELECT 1")


def failure_reason(error: DatabaseError) -> str:
    if "statement timeout" in str(error):
        return f"the database did not answer within {STATEMENT_TIMEOUT_MS} ms"
    if isinstance(error, OperationalError):
        return "cannot reach the database"
    return "the database check failed"
