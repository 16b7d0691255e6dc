"""The editors' review queue: verdicts proposed for review, and approved ones waiting to be published."""

from django.contrib.auth.decorators import permission_required
from django.views.decorators.http import require_GET

from claims.models import Claim
from claims.views.common import desk_member_required, render_page_or_partial


@require_GET
@desk_member_required
@permission_required("claims.review_verdict", raise_exception=True)
def review_queue(request):
    claims = Claim.objects.for_list()
    context = {
        "proposed": claims.filter(status=Claim.Status.IN_REVIEW).order_by("updated_at"),
        "approved": claims.filter(status=Claim.Status.APPROVED).order_by("updated_at"),
    }
    return render_page_or_partial(request, "claims/review_queue.html", "queue", context)
