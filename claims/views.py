from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from claims.models import Claim

PAGE_SIZE = 50


@require_GET
@login_required
def claim_list(request):
    status = request.GET.get("status", "")
    claims = Claim.objects.for_list()
    if status in Claim.Status.values:
        claims = claims.filter(status=status)
    context = {
        "claims": claims[:PAGE_SIZE],
        "statuses": Claim.Status.choices,
        "selected_status": status,
    }
    return render(request, "claims/claim_list.html", context)


@require_GET
@login_required
def claim_detail(request, pk: int):
    claim = get_object_or_404(Claim.objects.for_list(), pk=pk)
    context = {
        "claim": claim,
        "evidence": claim.evidence.select_related("source", "added_by"),
        "verdicts": claim.verdicts.select_related("rating", "author", "approved_by"),
        "comments": claim.comments.select_related("author"),
        "status_changes": claim.status_changes.select_related("changed_by"),
    }
    return render(request, "claims/claim_detail.html", context)
