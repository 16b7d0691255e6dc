"""Import a document, then review the claims proposed from it: accept (as is or corrected), dismiss."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from claims import intake, jobs
from claims.forms import CandidateForm, ImportForm
from claims.models import Candidate, Claim, IllegalTransition, Source
from claims.quantities import as_input
from claims.views.common import desk_member_required, render_page_or_partial

REVIEW = "claims/candidate_review.html"


def import_limits() -> dict:
    return {
        "max_bytes": settings.IMPORT_MAX_BYTES,
        "timeout": settings.IMPORT_FETCH_TIMEOUT,
        "private": settings.IMPORT_ALLOW_PRIVATE_URLS,
    }


@require_http_methods(["GET", "POST"])
@desk_member_required
@permission_required(["claims.add_source", "claims.add_claim"], raise_exception=True)
def import_source(request):
    form = ImportForm(request.POST or None, request.FILES or None, limits=import_limits())
    if request.method == "POST" and form.is_valid():
        if len(form.document.text) > settings.IMPORT_BACKGROUND_CHARS:
            job = jobs.start_import(user=request.user, document=form.document, kind=form.cleaned_data["kind"])
            messages.info(request, _("A long document: its claims are being found in the background."))
            return redirect(job)
        result = intake.import_document(form.document, kind=form.cleaned_data["kind"])
        if result.created:
            messages.success(
                request,
                _("Imported “%(title)s”: %(count)s claims proposed.")
                % {"title": result.source.title, "count": result.candidates_added},
            )
        else:
            proposed = (
                " " + _("%(count)s more claims proposed.") % {"count": result.candidates_added}
                if result.candidates_added
                else ""
            )
            messages.info(request, _("This document was imported before: nothing was duplicated.") + proposed)
        return redirect("claims:candidate-review", pk=result.source.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "claims/import.html", {"form": form}, status=status)


def highlighted(text: str, candidates) -> list[tuple[str, Candidate | None]]:
    """The text cut into runs, each with the candidate it belongs to (the first, where spans overlap)."""
    runs, position = [], 0
    for candidate in sorted(candidates, key=lambda c: (c.start, -c.end)):
        if candidate.start < position or candidate.end > len(text):
            continue
        runs.append((text[position : candidate.start], None))
        runs.append((text[candidate.start : candidate.end], candidate))
        position = candidate.end
    runs.append((text[position:], None))
    return [run for run in runs if run[0]]


def review_context(source: Source) -> dict:
    candidates = list(source.candidates.select_related("claim"))
    return {
        "source": source,
        "pending": [c for c in candidates if c.decision == Candidate.Decision.PENDING],
        "decided": [c for c in candidates if c.decision != Candidate.Decision.PENDING],
        "runs": highlighted(source.full_text, candidates),
    }


@require_GET
@desk_member_required
def candidate_review(request, pk: int):
    source = get_object_or_404(Source, pk=pk)
    return render_page_or_partial(request, REVIEW, "candidates", review_context(source))


@require_GET
@desk_member_required
def candidate_similar(request, pk: int):
    candidate = get_object_or_404(Candidate, pk=pk)
    exclude = [candidate.claim_id] if candidate.claim_id else []
    similar = (
        Claim.objects.for_list()
        .exclude(pk__in=exclude)
        .similar_to_text(candidate.text, language=candidate.source.language)
    )
    return render(request, "claims/_similar_claims.html", {"similar": similar, "for_candidate": candidate})


def require_reviewer(user):
    if not user.has_perm("claims.add_claim"):
        raise PermissionDenied(_("Your role does not allow you to accept or dismiss candidates."))


def after_decision(request, source_pk: int, message: str):
    if request.htmx:
        context = review_context(get_object_or_404(Source, pk=source_pk))
        context["notice"] = message
        return render(request, f"{REVIEW}#candidates", context)
    messages.success(request, message)
    return redirect("claims:candidate-review", pk=source_pk)


@require_http_methods(["GET", "POST"])
@desk_member_required
def candidate_accept(request, pk: int):
    """GET: the form to correct the candidate; POST: accept it, with the corrections if any were sent."""
    require_reviewer(request.user)
    candidate = get_object_or_404(Candidate.objects.select_related("source"), pk=pk)
    form = CandidateForm(request.POST or None, initial=candidate_initial(candidate), prefix=f"candidate-{pk}")
    corrected = f"{form.prefix}-text" in request.POST  # else a plain "Accept": the candidate as proposed
    if request.method == "POST" and (not corrected or form.is_valid()):
        try:
            claim = intake.accept(pk, by=request.user, changes=form.cleaned_data if corrected else None)
        except IllegalTransition as error:
            return after_decision(request, candidate.source_id, str(error))
        return after_decision(
            request,
            candidate.source_id,
            _("Claim %(number)s created: %(text)s") % {"number": claim.pk, "text": claim.text[:60]},
        )
    status = 422 if request.method == "POST" else 200
    context = {"candidate": candidate, "form": form, "source": candidate.source}
    return render_page_or_partial(request, "claims/candidate_edit.html", "candidate-form", context, status=status)


def candidate_initial(candidate: Candidate) -> dict:
    return {
        "text": candidate.text,
        "kind": candidate.kind,
        "speaker": candidate.speaker,
        "quantity_low": as_input(candidate.quantity_low),
        "quantity_high": as_input(candidate.quantity_high),
        "quantity_unit": candidate.quantity_unit,
        "quantity_qualifier": candidate.quantity_qualifier,
    }


@require_POST
@desk_member_required
def candidate_dismiss(request, pk: int):
    require_reviewer(request.user)
    candidate = get_object_or_404(Candidate, pk=pk)
    try:
        intake.dismiss(pk, by=request.user)
    except IllegalTransition as error:
        return after_decision(request, candidate.source_id, str(error))
    return after_decision(request, candidate.source_id, "Candidate dismissed.")


@require_POST
@desk_member_required
def candidates_accept_selected(request, pk: int):
    """Accept the ticked candidates as proposed, all or none."""
    require_reviewer(request.user)
    source = get_object_or_404(Source, pk=pk)
    chosen = source.candidates.filter(pk__in=request.POST.getlist("candidates"), decision=Candidate.Decision.PENDING)
    ids = list(chosen.values_list("pk", flat=True))
    if not ids:
        return after_decision(request, pk, "Tick the candidates to accept first.")
    with transaction.atomic():
        for candidate_pk in ids:
            intake.accept(candidate_pk, by=request.user)
    return after_decision(request, pk, _("%(count)s claims created.") % {"count": len(ids)})
