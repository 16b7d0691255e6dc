"""What every claim view shares: the lookup of a claim, and answering htmx and plain requests alike."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django_htmx.http import trigger_client_event

from claims.models import Claim

CLAIM_CHANGED = "claimChanged"


def desk_member_required(view):
    """Logged in, and holding a role on the desk (reading claims is every role's first permission):
    an account without a role, or taken out of its role, sees nothing of the desk."""

    @functools.wraps(view)
    def checked(request, *args, **kwargs):
        if not request.user.has_perm("claims.view_claim"):
            raise PermissionDenied(_("Your account has no role on the desk: ask an admin to give you one."))
        return view(request, *args, **kwargs)

    return login_required(checked)


def get_claim(pk: int) -> Claim:
    claims = Claim.objects.for_list().select_related("source", "created_by", "reader_tip")
    claims = claims.defer("source__search_vector")
    return get_object_or_404(claims.defer("source__full_text"), pk=pk)


def render_page_or_partial(request, template: str, partial: str, context: dict, status: int = 200):
    """The partial for htmx (not for history restores, which need the page), else the whole page."""
    if request.htmx and not request.htmx.history_restore_request:
        template = f"{template}#{partial}"
    response = render(request, template, context, status=status)
    response.headers["Vary"] = "HX-Request"
    return response


def claim_changed(request, claim: Claim, message: str):
    """After a successful write: htmx gets an event that refreshes the claim's panels; a plain
    form post is redirected back to the claim page (post/redirect/get) with the message."""
    if request.htmx:
        response = HttpResponse(status=204)
        return trigger_client_event(response, CLAIM_CHANGED, {"message": message})
    messages.success(request, message)
    return redirect(claim)
