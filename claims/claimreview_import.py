"""Other fact-checkers' published reviews, read from their ClaimReview markup, as reference claims.

Publishers write ClaimReview many ways: one object, a list, a `@graph`, a DataFeed (its items bare or
wrapped in DataFeedItems), or JSON-LD blocks inside an HTML page; ratings with a number or only a name,
often in their own language ("Falso"); claim authors as a name, a Person with a job title and an
affiliation, or an Organization. Each record becomes, or updates (its URL is its key), a claim with
origin "checked elsewhere" and an ExternalReview holding the publisher, URL, date and rating, mapped onto
the local scale through RatingMapping. A record that cannot be used is refused with the reason."""

import datetime
import json
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext

from claims import languages
from claims.claimreview import web_url
from claims.models import CLAIM_TEXT_MAX, Claim, Claimant, ExternalReview, RatingMapping


class ReviewImportError(ValueError):
    """The input as a whole cannot be read (not JSON, no JSON-LD in the page)."""


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    refused: list[str] = field(default_factory=list)

    def __str__(self):
        return f"{self.created} created, {self.updated} updated, {len(self.refused)} refused"


class _JsonLdBlocks(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks, self._inside = [], False

    def handle_starttag(self, tag, attrs):
        self._inside = tag == "script" and (dict(attrs).get("type") or "").lower() == "application/ld+json"
        if self._inside:
            self.blocks.append("")

    def handle_endtag(self, tag):
        self._inside = False if tag == "script" else self._inside

    def handle_data(self, data):
        if self._inside:
            self.blocks[-1] += data


def parse(data: bytes | str) -> list:
    """The JSON-LD documents in `data`: one JSON document, or the blocks of an HTML page."""
    text = data.decode("utf-8-sig", errors="replace") if isinstance(data, bytes) else data
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        try:
            return [json.loads(stripped)]
        except ValueError as error:
            raise ReviewImportError(gettext("This is not valid JSON: %(error)s.") % {"error": error}) from None
    reader = _JsonLdBlocks()
    reader.feed(text)
    documents = []
    for block in reader.blocks:
        try:
            documents.append(json.loads(block))
        except ValueError:
            continue  # a broken block on a page does not spoil the others
    if not documents:
        raise ReviewImportError(gettext("No JSON-LD found: give ClaimReview JSON, or a page with JSON-LD blocks."))
    return documents


def types(node: dict) -> set[str]:
    kind = node.get("@type", [])
    return {str(name).rsplit(":", 1)[-1].rsplit("/", 1)[-1] for name in (kind if isinstance(kind, list) else [kind])}


def claim_reviews(node) -> list[dict]:
    """Every ClaimReview object in a JSON-LD document, wherever the formats put it."""
    if isinstance(node, list):
        return [review for item in node for review in claim_reviews(item)]
    if not isinstance(node, dict):
        return []
    if "ClaimReview" in types(node):
        return [node]
    found = []
    for key in ("@graph", "dataFeedElement", "item", "mainEntity"):
        if key in node:
            found += claim_reviews(node[key])
    return found


def text_of(value) -> str:
    """A plain string from a JSON-LD value: a string, a language-tagged {"@value": …}, or the first of a list."""
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name") or ""
    return " ".join(str(value or "").split())


def date_of(value) -> datetime.date | None:
    text = text_of(value)
    try:
        return datetime.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def first(value):
    """A JSON-LD value that may come as a list: its first item."""
    if isinstance(value, list):
        return value[0] if value else None
    return value


def item_of(review: dict) -> dict:
    """The Claim the review is about (itemReviewed), or {}."""
    item = first(review.get("itemReviewed"))
    return item if isinstance(item, dict) else {}


def publisher_of(review: dict) -> tuple[str, str]:
    """The fact-checker who wrote the review (its author): name and web address."""
    author = first(review.get("author"))
    if isinstance(author, dict):
        return text_of(author.get("name")), web_url(text_of(author.get("url")))
    return text_of(author), ""


def claimant_of(review: dict) -> Claimant | None:
    """The claim's author: a name, a Person (job title, affiliation) or an Organization."""
    author = first(item_of(review).get("author"))
    if not author:
        return None
    if isinstance(author, str):
        name, about, kind = text_of(author), "", Claimant.Kind.PERSON
    else:
        name = text_of(author.get("name"))
        affiliation = author.get("affiliation")
        about = ", ".join(part for part in (text_of(author.get("jobTitle")), text_of(affiliation)) if part)
        kind = Claimant.Kind.ORGANISATION if "Organization" in types(author) else Claimant.Kind.PERSON
    if not name:
        return None
    claimant = Claimant.objects.filter(name__iexact=name[:200]).first()
    if claimant is None:
        claimant = Claimant.objects.create(name=name[:200], kind=kind, description=about[:300])
    elif about and not claimant.description:
        Claimant.objects.filter(pk=claimant.pk).update(description=about[:300])
    return claimant


def rating_text(review: dict) -> str:
    rating = first(review.get("reviewRating")) or {}
    name = text_of(rating.get("alternateName") or rating.get("name"))
    if name:
        return name
    value, best = text_of(rating.get("ratingValue")), text_of(rating.get("bestRating"))
    return f"{value} out of {best}" if value and best else value


def refusal(review: dict) -> str:
    """Why a record cannot be imported, or ""."""
    if not text_of(review.get("claimReviewed")):
        return "it has no claimReviewed (the claim's text)"
    if not web_url(text_of(review.get("url"))):
        return "it has no web address (url) of its own"
    if not rating_text(review):
        return "its reviewRating has neither a name (alternateName) nor a value"
    if not publisher_of(review)[0]:
        return "its author (the fact-checker) has no name"
    return ""


def import_reviews(data: bytes | str) -> Outcome:
    """Create or update a reference claim per ClaimReview in `data`; each record in a transaction of its
    own, so a refused one leaves the others done."""
    outcome = Outcome()
    reviews = [review for document in parse(data) for review in claim_reviews(document)]
    if not reviews:
        raise ReviewImportError(gettext("No ClaimReview in it: the JSON-LD describes something else."))
    for number, review in enumerate(reviews, start=1):
        url = text_of(review.get("url"))
        reason = refusal(review)
        if reason:
            outcome.refused.append(f"record {number} ({url or 'no URL'}): {reason}")
            continue
        with transaction.atomic():
            created = save_review(review)
        if created:
            outcome.created += 1
        else:
            outcome.updated += 1
    return outcome


def save_review(review: dict) -> bool:
    url = text_of(review.get("url"))
    publisher, publisher_url = publisher_of(review)
    text = text_of(review.get("claimReviewed"))[:CLAIM_TEXT_MAX]
    said = rating_text(review)
    fields = {
        "publisher": publisher[:300],
        "publisher_url": publisher_url,
        "published_on": date_of(review.get("datePublished")),
        "rating_text": said[:200],
        "rating": RatingMapping.find(said),
        "headline": text_of(review.get("headline") or review.get("name"))[:500],
        "record": review,
    }
    existing = ExternalReview.objects.filter(url=url).first()
    claimant = claimant_of(review)
    item = item_of(review)
    stated_on = date_of(item.get("datePublished"))
    language = languages.code_from_tag(text_of(review.get("inLanguage") or item.get("inLanguage")))
    if existing:
        Claim.objects.filter(pk=existing.claim_id).update(
            text=text, claimant=claimant, stated_on=stated_on, language=language, version=F("version") + 1
        )
        ExternalReview.objects.filter(pk=existing.pk).update(**fields)
        return False
    claim = Claim.objects.create(
        text=text, claimant=claimant, stated_on=stated_on, language=language, origin=Claim.Origin.CHECKED_ELSEWHERE
    )
    ExternalReview.objects.create(claim=claim, url=url, **fields)
    return True
