import datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import TruncWeek
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from claims.models import Claim, Rating, StatusChange, Verdict
from claims.views.common import desk_member_required

QUEUE_SIZE = 20
MY_OPEN_STATUSES = [Claim.Status.NEW, Claim.Status.IN_RESEARCH]


@require_GET
@desk_member_required
def dashboard(request):
    user = request.user
    mine = Claim.objects.for_list().assigned_to(user).exclude(status__in=[Claim.Status.PUBLISHED])
    context = {
        "my_claims": mine.order_by("status", "-priority", "-updated_at")[:QUEUE_SIZE],
        "my_counts": _counts_by_status(Claim.objects.assigned_to(user)),
        "needs_action": _needs_action(user)[:QUEUE_SIZE],
        "recent": Claim.objects.for_list().order_by("-updated_at", "-id")[:10],
        **desk_figures(editor=user.has_perm("claims.review_verdict")),
    }
    return render(request, "claims/dashboard.html", context)


def desk_figures(*, editor: bool) -> dict:
    """Counts over every claim. At a million claims they take longer than the rest of the page, and
    figures a few seconds old harm no one: each process works them out at most every DESK_FIGURES_SECONDS."""

    def work_out():
        figures = {
            "status_counts": _counts_by_status(Claim.objects.all()),
            "rating_counts": _counts_by_rating(),
            "figures_at": timezone.now(),
        }
        if editor:
            figures.update(published_per_week=_published_per_week(), open_by_age=_open_by_age())
        return figures

    key = "dashboard:desk-figures:editor" if editor else "dashboard:desk-figures"
    return cache.get_or_set(key, work_out, settings.DESK_FIGURES_SECONDS)


WEEKS = 12
# label, days
AGES = [(_("Under a day"), 0, 1), (_("1–7 days"), 1, 7), (_("1–4 weeks"), 7, 28), (_("Over 4 weeks"), 28, None)]
OPEN = [Claim.Status.NEW, Claim.Status.IN_RESEARCH, Claim.Status.IN_REVIEW, Claim.Status.APPROVED]


def _published_per_week() -> list[dict]:
    """Publications per week over the last WEEKS weeks, oldest first, weeks without any included."""
    this_week = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday())
    weeks = [this_week - datetime.timedelta(weeks=n) for n in reversed(range(WEEKS))]
    published = (
        StatusChange.objects.filter(to_status=Claim.Status.PUBLISHED, changed_at__date__gte=weeks[0])
        .annotate(week=TruncWeek("changed_at"))
        .values_list("week")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {week.date(): n for week, n in published}
    largest = max(counts.values(), default=0) or 1
    return [
        {"week": week, "count": counts.get(week, 0), "share": counts.get(week, 0) * 100 // largest} for week in weeks
    ]


def _open_by_age() -> list[dict]:
    now = timezone.now()
    buckets = {}
    for number, (_label, low, high) in enumerate(AGES):
        age = Q(created_at__lte=now - datetime.timedelta(days=low))
        if high is not None:
            age &= Q(created_at__gt=now - datetime.timedelta(days=high))
        buckets[f"age{number}"] = Count("pk", filter=age)
    counts = list(Claim.objects.filter(status__in=OPEN).aggregate(**buckets).values())
    largest = max(counts, default=0) or 1
    return [{"label": age[0], "count": n, "share": n * 100 // largest} for age, n in zip(AGES, counts, strict=True)]


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
