import contextlib

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db import transaction
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from claims.forms import ClaimForm
from claims.models import Claimant
from claims.versioning import StaleEdit
from claims.views.common import desk_member_required, get_claim

SUGGESTIONS = 10


@require_http_methods(["GET", "POST"])
@desk_member_required
@permission_required("claims.add_claim", raise_exception=True)
def claim_create(request):
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.instance.created_by = request.user
            claim = form.save()
        messages.success(request, _("Claim added."))
        return redirect(claim)
    status = 422 if request.method == "POST" else 200
    return render(request, "claims/claim_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@desk_member_required
@permission_required("claims.change_claim", raise_exception=True)
def claim_edit(request, pk: int):
    claim = get_claim(pk)
    claim.check_editable_by(request.user)
    form = ClaimForm(request.POST or None, instance=claim)
    if request.method == "POST" and form.is_valid():
        with contextlib.suppress(StaleEdit), transaction.atomic():
            form.save()
            messages.success(request, _("Claim saved."))
            return redirect(claim)
    status = (409 if form.conflict is not None else 422) if request.method == "POST" else 200
    return render(request, "claims/claim_form.html", {"form": form, "claim": claim}, status=status)


@require_GET
@desk_member_required
def claimant_suggest(request):
    """Options for the claimant field's datalist, matched on the start of a word or by similarity."""
    typed = request.GET.get("claimant_name", "").strip()
    claimants = Claimant.objects.none()
    if len(typed) >= 2:
        matches = Q(name__icontains=typed) | Q(name__trigram_word_similar=typed)
        claimants = Claimant.objects.filter(matches)[:SUGGESTIONS]
    return render(request, "claims/claim_form.html#claimant-options", {"claimants": claimants})
