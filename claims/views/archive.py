"""Sending the link of a piece of evidence, or of a source, to the web archive (claims.archiving).
The task runs in the background; the row says "archiving…" until it ends, then links the archived
copy or says why there is none, with a button to try again."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from claims import archiving
from claims.models import Source
from claims.views.claim_page import get_evidence, require
from claims.views.common import claim_changed, desk_member_required, render_page_or_partial

MESSAGE = _("Sent to the archive: the archived copy's link appears here when it is saved.")


def check_archivable(url: str) -> None:
    if not settings.ARCHIVE_ENABLED:
        raise Http404("Link archiving is switched off.")
    if not url:
        raise Http404("There is no link to archive.")


@require_POST
@desk_member_required
def evidence_archive(request, pk: int, evidence_pk: int):
    require(request.user, "claims.research_claim", _("archive links"))
    item = get_evidence(pk, evidence_pk)
    check_archivable(item.url)
    archiving.start(item)
    return claim_changed(request, item.claim, MESSAGE)


@require_POST
@desk_member_required
def source_archive(request, pk: int):
    require(request.user, "claims.research_claim", _("archive links"))
    source = get_object_or_404(Source.objects.defer("full_text", "search_vector"), pk=pk)
    check_archivable(source.url)
    archiving.start(source)
    if not request.htmx:
        messages.success(request, MESSAGE)
        return redirect("claims:source-detail", pk=source.pk)
    source.refresh_from_db()
    return render_page_or_partial(request, "claims/source_detail.html", "archive", {"source": source})
