from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import render
from django.views.decorators.http import require_GET

from claims.models import Claim, Rating, Verdict

QUEUE_SIZE = 20
MY_OPEN_STATUSES = [Claim.Status.NEW, Claim.Status.IN_RESEARCH]


@require_GET
@login_required
def dashboard(request):
    user = request.user
    mine = Claim.objects.for_list().assigned_to(user).exclude(status__in=[Claim.Status.PUBLISHED])
    context = {
        "my_claims": mine.order_by("status", "-priority", "-updated_at")[:QUEUE_SIZE],
        "my_counts": _counts_by_status(Claim.objects.assigned_to(user)),
        "needs_action": _needs_action(user)[:QUEUE_SIZE],
        "recent": Claim.objects.for_list().order_by("-updated_at", "-id")[:10],
        "status_counts": _counts_by_status(Claim.objects.all()),
        "rating_counts": _counts_by_rating(),
    }
    return render(request, "claims/dashboard.html", context)


def _needs_action(user):
    """Mine to research or to propose; for editors also verdicts waiting for review or publication."""
    waiting = Q(assignee=user, status__in=MY_OPEN_STATUSES)
    if user.has_perm("claims.review_verdict"):
        mine = Verdict.objects.filter(claim=OuterRef("pk"), is_current=True, author=user)
        waiting |= Q(status=Claim.Status.IN_REVIEW) & ~Exists(mine)
    if user.has_perm("claims.publish_claim"):
        waiting |= Q(status=Claim.Status.APPROVED)
    return Claim.objects.for_list().filter(waiting).order_by("-priority", "updated_at")


def _counts_by_status(claims) -> list[dict]:
    counts = dict(claims.order_by().values_list("status").annotate(n=Count("pk")))
    largest = max(counts.values(), default=0) or 1
    rows = [(status, counts.get(status, 0)) for status in Claim.Status]
    return [{"status": status, "label": status.label, "count": n, "share": n * 100 // largest} for status, n in rows]


def _counts_by_rating() -> list[dict]:
    ratings = Rating.objects.filter(scale__is_default=True).annotate(
        n=Count("verdicts", filter=Q(verdicts__is_current=True))
    )
    largest = max((rating.n for rating in ratings), default=0) or 1
    return [{"rating": rating, "count": rating.n, "share": rating.n * 100 // largest} for rating in ratings]
