"""schema.org ClaimReview, the markup search engines and fact-check aggregators read.

Pure mapping from a published claim to JSON-LD: no Django, no database. Fields follow Google's
fact-check markup (required: claimReviewed, reviewRating, url, author; recommended: itemReviewed with
its author, datePublished, appearance and firstAppearance)."""

import json
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

CONTEXT = "https://schema.org"
WEB_SCHEMES = {"http", "https", "ftp", "ftps"}
# What a browser ignores when it reads a URL: spaces and control characters around it, tabs and
# newlines anywhere in it (so that "java\tscript:" is "javascript:").
_URL_EDGES = "".join(map(chr, range(0x21)))
_URL_IGNORED = re.compile(r"[\t\n\r]")


def web_url(url: str) -> str:
    """`url` when it is an absolute web address (http, https, ftp), else "". Forms accept nothing
    else, but the admin, an import or the shell may store a `javascript:` or `data:` URL: no page or
    feed links to one."""
    address = _URL_IGNORED.sub("", (url or "").strip(_URL_EDGES))
    try:
        scheme = urlsplit(address).scheme
    except ValueError:
        return ""
    return url if scheme.lower() in WEB_SCHEMES else ""


@dataclass(frozen=True)
class Organisation:
    name: str
    url: str
    logo: str = ""

    def as_json_ld(self) -> dict:
        data = {"@type": "Organization", "name": self.name, "url": self.url}
        if self.logo:
            data["logo"] = {"@type": "ImageObject", "url": self.logo}
        return data


def claim_review(claim, verdict, scale_ratings, *, url: str, publisher: Organisation) -> dict:
    """The ClaimReview of `claim` judged by `verdict`; `scale_ratings` are the ratings of its scale."""
    review = {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim.normalized_text or claim.text,
        "headline": verdict.headline,
        "datePublished": verdict.published_at.date().isoformat(),
        "author": publisher.as_json_ld(),
        "reviewRating": review_rating(verdict.rating, scale_ratings),
        "itemReviewed": item_reviewed(claim),
    }
    if verdict.updated_at and verdict.updated_at.date() > verdict.published_at.date():
        review["dateModified"] = verdict.updated_at.date().isoformat()
    return review


def review_rating(rating, scale_ratings) -> dict:
    """A rating on the ordered scale carries its value and the scale's ends; one off the scale
    ("Unverifiable") carries only its name, as Google allows."""
    data = {"@type": "Rating", "alternateName": rating.label}
    values = [r.value for r in scale_ratings if r.on_scale]
    if rating.on_scale and values:
        data.update(ratingValue=rating.value, bestRating=max(values), worstRating=min(values))
    return data


def item_reviewed(claim) -> dict:
    item = {"@type": "Claim"}
    if claim.claimant_id:
        item["author"] = claimant(claim.claimant)
    if claim.stated_on:
        item["datePublished"] = claim.stated_on.isoformat()
    if claim.source_id:
        appearance = creative_work(claim.source)
        item["appearance"] = [appearance]
        item["firstAppearance"] = appearance
    return item


def claimant(person) -> dict:
    kind = "Person" if person.kind == "person" else "Organization"
    data = {"@type": kind, "name": person.name}
    if person.description and kind == "Person":
        data["jobTitle"] = person.description
    elif person.description:
        data["description"] = person.description
    if web_url(person.url):
        data["url"] = person.url
    return data


def creative_work(source) -> dict:
    data = {"@type": "CreativeWork", "headline": source.title}
    if web_url(source.url):
        data["url"] = source.url
    if source.published_on:
        data["datePublished"] = source.published_on.isoformat()
    if source.publisher:
        data["publisher"] = {"@type": "Organization", "name": source.publisher}
    if source.authors:
        data["author"] = [{"@type": "Person", "name": name} for name in source.authors]
    return data


def data_feed(reviews: list[dict], *, publisher: Organisation, url: str) -> dict:
    """A schema.org DataFeed of ClaimReviews, as aggregators fetch them."""
    return {
        "@context": CONTEXT,
        "@type": "DataFeed",
        "url": url,
        "name": f"{publisher.name}: fact checks",
        "publisher": publisher.as_json_ld(),
        "dataFeedElement": [{key: value for key, value in review.items() if key != "@context"} for review in reviews],
    }


def script_safe(data: dict) -> str:
    """JSON for a <script type="application/ld+json"> block: nothing in it can close the tag."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
