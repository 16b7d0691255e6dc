"""Demo data: the article that started the project, its claims, and one user per role.

Loading is idempotent: users, sources, claimants and claims are found by natural keys, and a claim
that already exists is left as it is, whatever reviewers have done with it since.
"""

import datetime
import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.contrib.auth.models import Group, User
from django.db import transaction

from claims import notifications
from claims.documents import fingerprint, normalise
from claims.models import Claim, Claimant, Comment, Evidence, Rating, RatingScale, Source, Topic
from claims.roles import Role

ARTICLE_PATH = Path(__file__).parent / "fixtures" / "seed_article.txt"
ARTICLE_DATE = datetime.date(2022, 12, 19)
FRIDAY_BEFORE = datetime.date(2022, 12, 16)

USERS = [
    ("reviewer", Role.REVIEWER, "Rita", "Reviewer", False),
    ("editor", Role.EDITOR, "Ed", "Editor", False),
    ("admin", Role.ADMIN, "Ada", "Admin", True),
]

CLAIMANTS = {
    "lukashenko": ("Aleksandr G. Lukashenko", Claimant.Kind.PERSON, "President of Belarus"),
    "muzyka": ("Konrad Muzyka", Claimant.Kind.PERSON, "Independent defense analyst"),
    "nyt": ("The New York Times", Claimant.Kind.ORGANISATION, "Newspaper; publisher of the article"),
    "isw": ("Institute for the Study of War", Claimant.Kind.ORGANISATION, "Washington-based research group"),
    "tass": ("Tass", Claimant.Kind.ORGANISATION, "Russian state news agency"),
    "podolyak": ("Mykhailo Podolyak", Claimant.Kind.PERSON, "Senior adviser to President Zelensky of Ukraine"),
}

TOPICS = {"belarus": "Belarus", "war": "Russia–Ukraine war", "politics": "Politics"}

REFERENCE_SOURCES = {
    "lukashenko": ("Alexander Lukashenko", "https://en.wikipedia.org/wiki/Alexander_Lukashenko"),
    "kyiv": ("Kyiv", "https://en.wikipedia.org/wiki/Kyiv"),
    "relations": ("Belarus–Russia relations", "https://en.wikipedia.org/wiki/Belarus%E2%80%93Russia_relations"),
}


@dataclass
class DemoEvidence:
    stance: Evidence.Stance
    note: str
    source: str = ""  # a REFERENCE_SOURCES key, or "" for the article itself
    excerpt: str = ""


@dataclass
class DemoClaim:
    text: str
    excerpt: str  # must appear verbatim in the article
    kind: Claim.Kind
    claimant: str
    status: Claim.Status = Claim.Status.NEW
    normalized: str = ""
    stated_on: datetime.date = ARTICLE_DATE
    quantity: tuple = ()  # (low, high, unit, qualifier)
    verdict: tuple = ()  # (rating label, headline, explanation)
    evidence: list[DemoEvidence] = field(default_factory=list)
    comment: str = ""
    note: str = ""  # why, for not checkable
    assignee: str = ""
    topics: tuple[str, ...] = ("belarus", "war")


CLAIMS = [
    DemoClaim(
        text="No one, except us, governs Belarus.",
        excerpt="insisted: “no one, except us, governs Belarus.”",
        kind=Claim.Kind.QUOTE,
        claimant="lukashenko",
        topics=("belarus", "politics"),
        stated_on=FRIDAY_BEFORE,
        normalized="Belarus is governed by its own authorities, not by Russia.",
        comment="Look for concrete cases where Minsk decided against Moscow's wishes in 2022.",
    ),
    DemoClaim(
        text="Russia has between 10,000 to 15,000 soldiers engaged in training activities in Belarus.",
        excerpt="said open-source intelligence suggests that Russia has between 10,000 to 15,000 soldiers "
        "engaged in training activities in Belarus",
        kind=Claim.Kind.QUANTITY,
        claimant="muzyka",
        quantity=(Decimal(10000), Decimal(15000), "soldiers", ""),
        status=Claim.Status.IN_REVIEW,
        assignee="reviewer",
        verdict=(
            "Unverifiable",
            "No official figure confirms or refutes the 10,000–15,000 estimate",
            "The range is an open-source estimate. Neither Minsk nor Moscow publishes troop numbers, and "
            "the article itself only speaks of 'thousands of Russian troops'.",
        ),
        evidence=[
            DemoEvidence(
                Evidence.Stance.SUPPORTS,
                "The article independently reports thousands of Russian troops arriving for training.",
                excerpt="the arrival of thousands of Russian troops ostensibly for training",
            ),
        ],
        comment="Muzyka's figure is an open-source estimate: ask Rochan Consulting for their method.",
    ),
    DemoClaim(
        text="Kyiv is only around 55 miles from the Belarusian border.",
        excerpt="Kyiv, only around 55 miles from the Belarusian border",
        kind=Claim.Kind.QUANTITY,
        claimant="nyt",
        quantity=(Decimal(55), Decimal(55), "miles", Claim.Qualifier.ABOUT),
        status=Claim.Status.PUBLISHED,
        assignee="reviewer",
        verdict=(
            "True",
            "Kyiv lies about 90 km (56 miles) from the Belarusian border",
            "Measured in a straight line from central Kyiv to the nearest point of the Belarus–Ukraine "
            "border, the distance is about 90 km, or 56 miles: 'around 55 miles' is accurate.",
        ),
        evidence=[
            DemoEvidence(
                Evidence.Stance.SUPPORTS,
                "Map measurement: about 90 km (56 miles) from the city centre to the border.",
                source="kyiv",
            ),
        ],
    ),
    DemoClaim(
        text="Mr. Lukashenko has held power for 28 years.",
        topics=("belarus", "politics"),
        excerpt="to maintain his 28-year grip on power",
        kind=Claim.Kind.QUANTITY,
        claimant="nyt",
        quantity=(Decimal(28), Decimal(28), "years", Claim.Qualifier.EXACT),
        status=Claim.Status.APPROVED,
        assignee="reviewer",
        verdict=(
            "True",
            "Lukashenko has been president of Belarus since July 1994",
            "He took office on 20 July 1994, 28 years and five months before the article appeared.",
        ),
        evidence=[
            DemoEvidence(
                Evidence.Stance.SUPPORTS,
                "President since the office was created on 20 July 1994.",
                source="lukashenko",
            ),
        ],
    ),
    DemoClaim(
        text="Putin and Lukashenko have met at least six times since Russia's full-scale invasion began.",
        excerpt="The two men have met at least six times since Russia launched its full-scale invasion of "
        "Ukraine in February",
        kind=Claim.Kind.QUANTITY,
        claimant="nyt",
        quantity=(Decimal(6), None, "meetings", Claim.Qualifier.AT_LEAST),
    ),
    DemoClaim(
        text="It was Mr. Putin's first visit to Belarus since 2019.",
        excerpt="It was Mr. Putin’s first visit to Belarus since 2019, according to the Russian news agency Tass.",
        kind=Claim.Kind.EVENT,
        claimant="tass",
        topics=("belarus", "politics"),
        status=Claim.Status.IN_RESEARCH,
        assignee="reviewer",
        evidence=[
            DemoEvidence(
                Evidence.Stance.CONTEXT,
                "Belarus depends on Moscow for loans, gas and security; the two presidents usually meet in "
                "Russia, which fits a long gap between visits to Minsk.",
                source="relations",
            ),
        ],
    ),
    DemoClaim(
        text="There are still no indicators that Russian forces are forming a strike force in Belarus.",
        excerpt="“there are still no indicators that Russian forces are forming a strike force in Belarus.”",
        kind=Claim.Kind.QUOTE,
        claimant="isw",
        stated_on=FRIDAY_BEFORE,
        status=Claim.Status.NOT_CHECKABLE,
        note="An intelligence assessment of what forces are doing; no public record can settle it.",
    ),
    DemoClaim(
        text="Russia's military has been badly battered by nearly 10 months of war.",
        excerpt="Russia’s military has been so badly battered by nearly 10 months of war",
        kind=Claim.Kind.QUANTITY,
        claimant="nyt",
        quantity=(Decimal(10), Decimal(10), "months", Claim.Qualifier.ABOUT),
    ),
    DemoClaim(
        text="Russian troops in Belarus are a fraction of the number Russia had when it launched the "
        "full-scale invasion.",
        excerpt="although that is a fraction of the number they had when they launched the full-scale invasion",
        kind=Claim.Kind.COMPARISON,
        claimant="muzyka",
        status=Claim.Status.IN_RESEARCH,
        assignee="editor",
    ),
    DemoClaim(
        text="Putin's meeting with Lukashenko will reinforce the Russian information operation designed to "
        "convince Ukrainians and Westerners that Russia may attack Ukraine from Belarus.",
        excerpt="“will reinforce the Russian information operation designed to convince Ukrainians and "
        "Westerners that Russia may attack Ukraine from Belarus.”",
        kind=Claim.Kind.PREDICTION,
        claimant="isw",
    ),
    DemoClaim(
        text="The meeting with Mr. Putin will focus on economic matters, particularly the price of Russian "
        "natural gas.",
        excerpt="his meeting with Mr. Putin on Monday would focus on economic matters, particularly the price "
        "of Russian natural gas",
        kind=Claim.Kind.PREDICTION,
        claimant="lukashenko",
        topics=("belarus", "politics"),
    ),
    DemoClaim(
        text="Ukraine is bracing for the possibility that Russia will escalate the war by launching a winter "
        "offensive.",
        excerpt="Ukraine is bracing for the possibility that Russia will escalate the war by launching a "
        "winter offensive",
        kind=Claim.Kind.PREDICTION,
        claimant="podolyak",
        stated_on=datetime.date(2022, 12, 18),
    ),
]


@dataclass
class DemoResult:
    created_users: list[str]
    created_claims: int
    password: str | None  # the password set in this run, if any


def load_demo(password: str | None = None) -> DemoResult:
    """Load the demo; `password` (DEMO_PASSWORD) is set on the demo users when given, else a
    generated one is set on users created now. Existing users keep theirs unless told otherwise."""
    article_text = normalise(ARTICLE_PATH.read_text(encoding="utf-8"))
    # The demo's steps leave notifications in the bells, but email nobody.
    with notifications.without_email(), transaction.atomic():
        users, created_users, password = _ensure_users(password)
        article = _ensure_article(article_text)
        claimants = {key: _ensure_claimant(*values) for key, values in CLAIMANTS.items()}
        created = sum(_ensure_claim(spec, article, article_text, claimants, users) for spec in CLAIMS)
    return DemoResult(created_users, created, password)


def _ensure_users(password: str | None):
    new_password = password or secrets.token_urlsafe(12)
    users, created_names = {}, []
    for username, role, first, last, is_staff in USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "is_staff": is_staff, "email": f"{username}@example.org"},
        )
        if created:
            created_names.append(username)
            user.groups.add(Group.objects.get(name=role))
        if (created or password) and not user.check_password(new_password):
            user.set_password(new_password)
            user.save(update_fields=["password"])
        users[username] = user
    return users, created_names, new_password if (created_names or password) else None


def _ensure_article(text: str) -> Source:
    title = text.splitlines()[0].strip()
    article, _ = Source.objects.get_or_create(
        title=title,
        publisher="The New York Times",
        defaults={
            "kind": Source.Kind.ARTICLE,
            "published_on": ARTICLE_DATE,
            "authors": ["Marc Santora (contributor)"],
            "full_text": text,
            "text_sha256": fingerprint(text),
        },
    )
    return article


def _ensure_claimant(name: str, kind: Claimant.Kind, description: str) -> Claimant:
    claimant = Claimant.objects.filter(name__iexact=name).first()
    return claimant or Claimant.objects.create(name=name, kind=kind, description=description)


def _ensure_topic(key: str) -> Topic:
    topic, _ = Topic.objects.get_or_create(slug=key, defaults={"name": TOPICS[key]})
    return topic


def _ensure_reference(key: str) -> Source:
    title, url = REFERENCE_SOURCES[key]
    source, _ = Source.objects.get_or_create(
        url=url, defaults={"title": title, "publisher": "Wikipedia", "kind": Source.Kind.OTHER}
    )
    return source


def _ensure_claim(spec: DemoClaim, article, article_text, claimants, users) -> bool:
    if spec.excerpt not in article_text:
        raise ValueError(f"Demo excerpt not found in the article: {spec.excerpt!r}")
    if Claim.objects.filter(source=article, text=spec.text).exists():
        return False
    reviewer, editor = users["reviewer"], users["editor"]
    low, high, unit, qualifier = spec.quantity or (None, None, "", "")
    claim = Claim.objects.create(
        text=spec.text,
        normalized_text=spec.normalized,
        kind=spec.kind,
        claimant=claimants[spec.claimant],
        source=article,
        excerpt=spec.excerpt,
        stated_on=spec.stated_on,
        quantity_low=low,
        quantity_high=high,
        quantity_unit=unit,
        quantity_qualifier=qualifier,
        created_by=reviewer,
    )
    claim.topics.set(_ensure_topic(key) for key in spec.topics)
    if spec.assignee:
        claim.assign(users[spec.assignee], by=editor)
    if spec.comment:
        Comment.objects.create(claim=claim, author=editor, body=spec.comment)
    _walk_workflow(claim, spec, article, reviewer, editor)
    return True


def _walk_workflow(claim: Claim, spec: DemoClaim, article: Source, reviewer, editor) -> None:
    S = Claim.Status
    if spec.status == S.NEW:
        return
    if spec.status == S.NOT_CHECKABLE:
        claim.transition(S.NOT_CHECKABLE, by=reviewer, note=spec.note)
        return
    claim.transition(S.IN_RESEARCH, by=reviewer)
    for item in spec.evidence:
        source = _ensure_reference(item.source) if item.source else article
        Evidence.objects.create(
            claim=claim, source=source, stance=item.stance, excerpt=item.excerpt, note=item.note, added_by=reviewer
        )
    if spec.verdict:
        label, headline, explanation = spec.verdict
        rating = Rating.objects.get(scale=RatingScale.objects.get(is_default=True), label=label)
        claim.draft_verdict(rating=rating, headline=headline, explanation=explanation, by=reviewer)
    for target, actor in [(S.IN_REVIEW, reviewer), (S.APPROVED, editor), (S.PUBLISHED, editor)]:
        if claim.status == spec.status:
            break
        claim.transition(target, by=actor)
