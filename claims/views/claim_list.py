from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from claims.forms import BulkForm, ClaimFilterForm
from claims.models import Claim, IllegalTransition
from claims.pagination import CappedPaginator
from claims.views.common import desk_member_required, render_page_or_partial

PAGE_SIZE = 50


@require_GET
@desk_member_required
def claim_list(request):
    form = ClaimFilterForm(request.GET, user=request.user)
    claims = Claim.objects.for_list()
    claims = form.filter(claims) if form.is_valid() else claims.none()
    known_count = getattr(form, "matches", None)
    page = CappedPaginator(claims, PAGE_SIZE, known_count=known_count).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "fuzzy": getattr(form, "fuzzy", False),
        "unranked": getattr(form, "unranked", False),
        "bulk_form": BulkForm(),
        "query_without_page": _query_without_page(request),
    }
    return render_page_or_partial(request, "claims/claim_list.html", "results", context)


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_POST
@desk_member_required
def claim_bulk(request):
    """Assign or move the selected claims; each claim goes through the workflow and what is refused is
    reported by claim. The whole batch is one transaction: an unexpected failure leaves nothing done."""
    if not request.user.has_perm("claims.research_claim"):
        raise PermissionDenied(_("Your role does not allow you to change claims in bulk."))
    form = BulkForm(request.POST)
    # Back to the list as it was filtered (the referring URL, kept in sync by hx-push-url).
    back = request.headers.get("Referer", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, require_https=request.is_secure()):
        back = reverse("claims:claim-list")
    if not form.is_valid():
        messages.error(request, _("Select at least one claim and an action."))
        return _back(request, back)
    done, refused = _apply_bulk(request.user, form.cleaned_data)
    if done:
        messages.success(request, _("%(count)s claim(s) updated.") % {"count": done})
    if refused:
        messages.warning(request, _("Not changed: ") + "; ".join(refused))
    return _back(request, back)


def _apply_bulk(user, data) -> tuple[int, list[str]]:
    action, done, refused = data["action"], 0, []
    with transaction.atomic():
        for claim in data["claims"].order_by("pk"):
            try:
                if action == "assign":
                    claim.assign(data["assignee"] or user, by=user)
                else:
                    claim.transition(action.removeprefix("status:"), by=user, note=data["note"])
                done += 1
            except (IllegalTransition, PermissionDenied) as error:
                refused.append(f"#{claim.pk}: {error}")
    return done, refused


def _back(request, url):
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)
