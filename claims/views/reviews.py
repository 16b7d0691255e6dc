"""Editors bring in other fact-checkers' published reviews (ClaimReview markup) as reference claims."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from claims.claimreview_import import ReviewImportError, import_reviews
from claims.forms import ClaimReviewImportForm
from claims.models import ExternalReview
from claims.views.common import desk_member_required
from claims.views.intake import import_limits


@require_http_methods(["GET", "POST"])
@desk_member_required
@permission_required("claims.review_verdict", raise_exception=True)
def import_claimreview(request):
    form = ClaimReviewImportForm(request.POST or None, request.FILES or None, limits=import_limits())
    if request.method == "POST" and form.is_valid():
        try:
            outcome = import_reviews(form.data_read)
        except ReviewImportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Reviews imported: %(outcome)s.") % {"outcome": outcome})
            for reason in outcome.refused:
                messages.warning(request, _("Refused %(reason)s.") % {"reason": reason})
            return redirect("claims:import-claimreview")
    context = {"form": form, "recent": ExternalReview.objects.select_related("claim")[:20]}
    return render(request, "claims/claimreview_import.html", context, status=422 if form.errors else 200)
