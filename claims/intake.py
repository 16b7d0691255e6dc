"""Claim intake: a document becomes a Source with ranked claim candidates; a reviewer accepts a
candidate into a Claim or dismisses it. Each operation is one transaction."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from claims.documents import Document, fingerprint
from claims.extraction import extract_claims
from claims.models import Candidate, Claim, Claimant, IllegalTransition, Source

# The extractor's kinds that have no Claim.Kind of their own.
KIND_FOR_CLAIM = {"statement": Claim.Kind.OTHER}


@dataclass
class ImportResult:
    source: Source
    created: bool
    candidates_added: int


def import_document(document: Document, *, kind: str = Source.Kind.ARTICLE, on_progress=None) -> ImportResult:
    """Store the document as a Source (or find it again, by URL or by its text) and propose its claims.
    Importing the same document again adds nothing. The claims are found before the transaction (the
    long part, reported to `on_progress` as a position in the text), then saved in it."""
    digest = fingerprint(document.text)
    found = extract_claims(document.text, on_progress=on_progress)
    with transaction.atomic():
        source = find_source(document.url, digest)
        created = source is None
        if created:
            source = create_source(document, digest, kind)
        elif not source.full_text:
            source.full_text, source.text_sha256 = document.text, digest
            source.save(update_fields=["full_text", "text_sha256", "updated_at"])
        added = propose_candidates(source, found if source.full_text == document.text else None)
    return ImportResult(source, created, added)


def find_source(url: str, digest: str) -> Source | None:
    if url and (source := Source.objects.select_for_update().filter(url=url).first()):
        return source
    return Source.objects.select_for_update().filter(text_sha256=digest).first()


def create_source(document: Document, digest: str, kind: str) -> Source:
    return Source.objects.create(
        title=document.title or "Untitled document",
        url=document.url,
        publisher=document.publisher,
        authors=document.authors,
        published_on=document.published_on,
        kind=kind,
        full_text=document.text,
        text_sha256=digest,
        language=document.language,
    )


def propose_candidates(source: Source, extracted=None) -> int:
    """Add the claims found in the source's text (`extracted` from it already, if given) not yet proposed."""
    text = source.full_text
    known = set(source.candidates.values_list("start", "end", "kind"))
    new = []
    for found in extract_claims(text) if extracted is None else extracted:
        kind = KIND_FOR_CLAIM.get(found.kind, found.kind)
        if (found.start, found.end, kind) in known:
            continue
        known.add((found.start, found.end, kind))
        new.append(
            Candidate(
                source=source,
                kind=kind,
                text=found.text,
                start=found.start,
                end=found.end,
                excerpt=text[found.excerpt_start : found.excerpt_end],
                speaker=(found.speaker or "")[:200],
                quantity_low=found.quantity_low,
                quantity_high=found.quantity_high,
                quantity_unit=found.unit[:60],
                quantity_qualifier=found.qualifier,
                score=found.score,
                reasons=list(found.reasons),
            )
        )
    Candidate.objects.bulk_create(new)
    return len(new)


def accept(candidate_pk: int, *, by, changes: dict | None = None) -> Claim:
    """Make a claim of the candidate, with the reviewer's changes (text, kind, speaker, quantity)."""
    with transaction.atomic():
        candidate = Candidate.objects.select_for_update().select_related("source").get(pk=candidate_pk)
        ensure_pending(candidate)
        values = {**claim_values(candidate), **(changes or {})}
        speaker = values.pop("speaker", "").strip()
        claim = Claim.objects.create(claimant=claimant_named(speaker), created_by=by, **values)
        decide(candidate, Candidate.Decision.ACCEPTED, by, claim)
    return claim


def dismiss(candidate_pk: int, *, by) -> Candidate:
    with transaction.atomic():
        candidate = Candidate.objects.select_for_update().get(pk=candidate_pk)
        ensure_pending(candidate)
        decide(candidate, Candidate.Decision.DISMISSED, by)
    return candidate


def ensure_pending(candidate: Candidate) -> None:
    if candidate.decision != Candidate.Decision.PENDING:
        raise IllegalTransition(
            gettext("This candidate was already %(decision)s.") % {"decision": candidate.get_decision_display().lower()}
        )


def decide(candidate: Candidate, decision: str, by, claim: Claim | None = None) -> None:
    candidate.decision, candidate.decided_by, candidate.claim = decision, by, claim
    candidate.save(update_fields=["decision", "decided_by", "claim"])


def claim_values(candidate: Candidate) -> dict:
    low, high = sorted_range(candidate.quantity_low, candidate.quantity_high)
    return {
        "text": candidate.text,
        "kind": candidate.kind,
        "speaker": candidate.speaker,
        "source": candidate.source,
        "language": candidate.source.language,
        "excerpt": candidate.excerpt,
        "stated_on": candidate.source.published_on or timezone.localdate(candidate.source.created_at),
        "quantity_low": low,
        "quantity_high": high,
        "quantity_unit": candidate.quantity_unit if (low, high) != (None, None) else "",
        "quantity_qualifier": candidate.quantity_qualifier,
    }


def sorted_range(low, high):
    if low is not None and high is not None and low > high:
        return high, low
    return low, high


def claimant_named(name: str) -> Claimant | None:
    if not name:
        return None
    return Claimant.objects.filter(name__iexact=name).first() or Claimant.objects.create(name=name[:200])
