import ipaddress
import itertools
import uuid
from dataclasses import dataclass
from datetime import timedelta

import pghistory
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
    TrigramSimilarity,
    TrigramWordSimilarity,
)
from django.core.exceptions import PermissionDenied
from django.core.validators import RegexValidator
from django.db import connection, models, transaction
from django.db.models import Case, F, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.functions import Greatest, Length, Lower
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.text import slugify
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from claims import languages, notifications
from claims.lexemes import rarest_lexemes
from claims.quantities import format_quantity
from claims.versioning import StaleEdit, Versioned

# A text search configuration made by migration 0005: English stemming on unaccented words.
SEARCH_CONFIG = "factcheck"

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", "Enter a colour as #rrggbb.")

# Limits on free text: far above anything a desk writes, far below what would hurt a page or a PDF.
CLAIM_TEXT_MAX = 5_000
EXCERPT_MAX = 20_000
NOTE_MAX = 10_000


def length_limits(**limits) -> list[models.CheckConstraint]:
    """The text limits again in the database, for rows that do not come through a form."""
    return [
        models.CheckConstraint(
            condition=LessThanOrEqual(Length(name), limit),
            name=f"%(class)s_{name}_length",
            violation_error_message=f"The {name.replace('_', ' ')} is longer than {limit:,} characters.",
        )
        for name, limit in limits.items()
    ]


def audited(*, exclude=("updated_at",)):
    """Record every insert, update and delete of the model in its event table, by database trigger,
    whatever wrote the row (views, admin, bulk updates, commands, raw SQL). The event tables are
    append-only: a trigger refuses UPDATE and DELETE on them."""
    return pghistory.track(
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        exclude=list(exclude),
        append_only=True,
    )


class Archivable(models.Model):
    """A web address that can be sent to a web archive (claims.archiving): the copy's address, and how
    the last attempt went. Only the archiving task writes these fields, with an UPDATE of them alone, so
    it never overwrites an edit made meanwhile nor bumps a version. A save of the rest leaves them be,
    except that a changed address forgets the copy of the old one, and a copy's address typed in (admin)
    is kept as the copy."""

    class ArchiveState(models.TextChoices):
        NONE = "none", _("Not archived")
        PENDING = "pending", _("Archiving")
        DONE = "done", _("Archived")
        FAILED = "failed", _("Archiving failed")

    ARCHIVE_FIELDS = ("archived_url", "archive_state", "archive_error", "archived_at")

    archived_url = models.URLField("archived URL", max_length=2000, blank=True, db_default="")
    archive_state = models.CharField(
        max_length=10, choices=ArchiveState, default=ArchiveState.NONE, db_default=ArchiveState.NONE, editable=False
    )
    archive_error = models.CharField(max_length=300, blank=True, default="", db_default="", editable=False)
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, update_fields=None, **kwargs):
        if update_fields is None and not self._state.adding and self.pk is not None:
            update_fields = self._fields_a_save_writes()
        super().save(*args, update_fields=update_fields, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._loaded_addresses = (instance.__dict__.get("url"), instance.__dict__.get("archived_url"))
        return instance

    def _fields_a_save_writes(self) -> list[str]:
        skipped = {*self.ARCHIVE_FIELDS, *self.get_deferred_fields()}
        fields = [
            field.name
            for field in self._meta.concrete_fields
            if not field.primary_key and not field.generated and field.name not in skipped
        ]
        url, copy = getattr(self, "_loaded_addresses", (None, None))
        if copy is not None and copy != self.archived_url:  # typed in: that is the copy now
            self.archive_state = self.ArchiveState.DONE if self.archived_url else self.ArchiveState.NONE
            self.archive_error, self.archived_at = "", timezone.now() if self.archived_url else None
            fields += self.ARCHIVE_FIELDS
        elif url is not None and url != self.url:  # a new address: the old copy is not of it
            self.archived_url, self.archive_error, self.archived_at = "", "", None
            self.archive_state = self.ArchiveState.NONE
            fields += self.ARCHIVE_FIELDS
        self._loaded_addresses = (self.url, self.archived_url)
        return fields

    @property
    def archivable(self) -> bool:
        """Has an address to send, and archiving is switched on (ARCHIVE_ENABLED)."""
        return bool(self.url) and settings.ARCHIVE_ENABLED

    @property
    def archive_pending(self) -> bool:
        return self.archive_state == self.ArchiveState.PENDING


@audited(exclude=("updated_at", "search_vector", "full_text", "archive_state", "archive_error", "archived_at"))
class Source(Archivable, models.Model):
    """Where something was published: an article, a report, a speech transcript, a post."""

    class Kind(models.TextChoices):
        ARTICLE = "article", _("Article")
        REPORT = "report", _("Report")
        STATEMENT = "statement", _("Statement or speech")
        SOCIAL_POST = "social_post", _("Social media post")
        DATASET = "dataset", _("Dataset")
        OTHER = "other", _("Other")

    title = models.CharField(max_length=500)
    url = models.URLField("URL", max_length=2000, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    authors = ArrayField(models.CharField(max_length=200), default=list, blank=True)
    published_on = models.DateField(null=True, blank=True)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.ARTICLE)
    full_text = models.TextField(blank=True)
    text_sha256 = models.CharField(
        max_length=64, blank=True, editable=False, help_text=_("Fingerprint of the imported text, to spot re-imports.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    language = models.CharField(
        max_length=5,
        choices=languages.CHOICES,
        default="en",
        db_default="en",
        help_text=_("The language it is in."),
    )
    search_vector = models.GeneratedField(
        expression=SearchVector("title", "publisher", config=languages.config_of_column()),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        ordering = [F("published_on").desc(nulls_last=True), "title"]
        constraints = [
            models.UniqueConstraint(fields=["url"], condition=~Q(url=""), name="source_unique_url"),
            models.UniqueConstraint(
                fields=["text_sha256"], condition=~Q(text_sha256=""), name="source_unique_text_sha256"
            ),
        ]
        indexes = [
            models.Index(Lower("title"), name="source_title_lower_idx"),
            GinIndex(fields=["search_vector"], name="source_search_idx"),
        ]

    def __str__(self):
        if self.publisher:
            return f"{self.title} ({self.publisher})"
        return self.title


@audited(exclude=("search_vector",))
class Claimant(models.Model):
    """A person or organisation who makes claims."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANISATION = "organisation", _("Organisation")

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.PERSON)
    description = models.CharField(max_length=300, blank=True, help_text=_('e.g. "President of Belarus"'))
    url = models.URLField("URL", max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    search_vector = models.GeneratedField(
        expression=SearchVector("name", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="claimant_unique_name_ci")]
        indexes = [
            GinIndex(fields=["search_vector"], name="claimant_search_idx"),
            GinIndex(OpClass("name", name="gin_trgm_ops"), name="claimant_name_trgm_idx"),
        ]

    def __str__(self):
        return self.name


@audited(exclude=())
class Topic(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


@audited(exclude=())
class RatingScale(models.Model):
    """A set of ratings a verdict chooses from. Exactly one scale is the default."""

    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    is_default = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_rating_scale"
            ),
        ]

    def __str__(self):
        return self.name


@audited(exclude=())
class Rating(models.Model):
    """One step of a scale. `value` orders the scale (higher is more accurate); a rating that is off
    the scale, such as "Unverifiable", has on_scale=False and is left out of best/worst."""

    scale = models.ForeignKey(RatingScale, on_delete=models.CASCADE, related_name="ratings")
    label = models.CharField(max_length=60)
    value = models.SmallIntegerField(help_text=_("Ordinal position: higher means more accurate."))
    on_scale = models.BooleanField(default=True)
    description = models.TextField(blank=True)
    colour = models.CharField(max_length=7, default="#777777", validators=[hex_colour])

    class Meta:
        ordering = ["scale", "-value"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "label"], name="rating_unique_label_per_scale"),
            models.UniqueConstraint(fields=["scale", "value"], name="rating_unique_value_per_scale"),
            models.CheckConstraint(condition=Q(colour__regex=r"^#[0-9a-fA-F]{6}$"), name="rating_colour_hex"),
        ]

    def __str__(self):
        return self.label


class IllegalTransition(Exception):
    """A status change the workflow does not allow, or whose conditions are not met."""


class TransitionNotPermitted(PermissionDenied):
    """The workflow allows the change, but not for this user's role."""


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    permission: str
    action: str

    @property
    def needs_reason(self) -> bool:
        """Setting a claim aside, or sending a verdict back, is done with a reason."""
        S = Claim.Status
        sent_back = self.target == S.IN_RESEARCH and self.source in (S.IN_REVIEW, S.APPROVED, S.PUBLISHED)
        return sent_back or self.target == S.NOT_CHECKABLE

    @property
    def needs_original(self) -> bool:
        return self.target == Claim.Status.DUPLICATE


def any_language_query(terms: str):
    """The words as each language's configuration reads them: a claim in any language can match."""
    queries = [SearchQuery(terms, search_type="websearch", config=config) for config in languages.all_configs()]
    combined = queries[0]
    for query in queries[1:]:
        combined |= query
    return combined


SIMILAR_CLAIMANTS = 10  # names a typo search looks at
SIMILAR_CANDIDATES = 500  # claims the similar-claims lookup compares closely


class ClaimQuerySet(models.QuerySet):
    def for_list(self):
        current = Verdict.objects.filter(is_current=True).select_related("rating", "author", "approved_by")
        return (
            self.select_related("claimant", "assignee")
            .defer("search_vector", "claimant__search_vector")  # never shown: not worth reading
            .prefetch_related(Prefetch("verdicts", queryset=current, to_attr="current_verdicts"))
        )

    def published(self):
        return self.filter(status=Claim.Status.PUBLISHED)

    def matching(self, filters: dict):
        """The filters the claim list and the reports share; empty values are ignored."""
        lookups = {
            "status": "status",
            "claimant": "claimant",
            "topic": "topics",
            "source": "source",
            "origin": "origin",
        }
        claims = self
        for field, lookup in lookups.items():
            if filters.get(field):
                claims = claims.filter(**{lookup: filters[field]})
        if filters.get("rating"):
            claims = claims.filter(verdicts__is_current=True, verdicts__rating=filters["rating"])
        return claims

    def public(self):
        """Claims with a published verdict (also while a correction is being prepared), each with
        `published_verdicts`, newest first, and `published_at`, its latest publication."""
        published = Verdict.objects.filter(published_at__isnull=False).select_related("rating")
        latest = Verdict.objects.filter(claim=OuterRef("pk"), published_at__isnull=False).order_by("-published_at")
        return (
            self.annotate(published_at=Subquery(latest.values("published_at")[:1]))
            .filter(published_at__isnull=False)
            .select_related("claimant", "source")
            .prefetch_related(Prefetch("verdicts", published.order_by("-published_at"), to_attr="published_verdicts"))
        )

    def search(self, terms: str):
        """Full-text search over claim text, claimant and source, ranked; annotates `rank`."""
        query = any_language_query(terms)
        claimants = list(Claimant.objects.filter(search_vector=query).values_list("pk", flat=True))
        sources = list(Source.objects.filter(search_vector=query).values_list("pk", flat=True))
        # Lists of ids, not subqueries: PostgreSQL can then combine three index scans on claims (a
        # BitmapOr) where an OR across joins or subqueries would read every claim.
        matches = Q(search_vector=query)
        if claimants:
            matches |= Q(claimant_id__in=claimants)
        if sources:
            matches |= Q(source_id__in=sources)
        return self.filter(matches).annotate(rank=SearchRank(F("search_vector"), query))

    def similar_to(self, terms: str):
        """Trigram word similarity for typos ("Lukashenco"), on claim text and claimant name."""
        # The closest names only: a short name is "similar" to hundreds, each with their claims to rank.
        claimants = dict(
            Claimant.objects.filter(name__trigram_word_similar=terms)
            .annotate(similarity=TrigramWordSimilarity(terms, "name"))
            .order_by("-similarity", "pk")
            .values_list("pk", "similarity")[:SIMILAR_CLAIMANTS]
        )
        matches = Q(text__trigram_word_similar=terms)
        if claimants:
            matches |= Q(claimant_id__in=list(claimants))  # as in search()
        # The names' similarity as worked out above, by claimant id: ranking needs no join to claimants.
        claimant_similarity = Case(
            *[When(claimant_id=pk, then=Value(similarity)) for pk, similarity in claimants.items()],
            default=Value(0.0),
            output_field=models.FloatField(),
        )
        text_similarity = TrigramWordSimilarity(terms, "text")
        return self.filter(matches).annotate(rank=Greatest(text_similarity, claimant_similarity))

    def similar_to_text(self, text: str, limit: int = 5, language: str = "en"):
        """Claims worded like `text`, best first by trigram similarity; annotates `similarity`. The
        candidates share two of the text's three rarest words: near-duplicates do, and the full-text
        index finds them at once, where comparing trigrams with every claim would not scale."""
        config = languages.config_for(language)
        rare = [lexeme.replace("'", "''") for lexeme in rarest_lexemes(text, 3, config)]
        if not rare:
            return self.none()
        pairs = [f"('{a}' & '{b}')" for a, b in itertools.combinations(rare, 2)] or [f"'{rare[0]}'"]
        # The lexemes are already normalised: the `simple` configuration leaves them as they are.
        query = SearchQuery(" | ".join(pairs), search_type="raw", config="simple")
        # Templated statements ("X has doubled since ...") share words with thousands: the newest of them.
        candidates = self.filter(search_vector=query).order_by("-pk").values("pk")[:SIMILAR_CANDIDATES]
        similar = self.filter(pk__in=candidates).annotate(similarity=TrigramSimilarity("text", text))
        similar = similar.select_related("external_review")  # a reference claim says who rated it how
        return similar.order_by("-similarity", "-id")[:limit]

    def assigned_to(self, user):
        return self.filter(assignee=user)


@audited(exclude=("updated_at", "search_vector"))
class Claim(Versioned, models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        IN_RESEARCH = "in_research", _("In research")
        IN_REVIEW = "in_review", _("In review")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")
        NOT_CHECKABLE = "not_checkable", _("Not checkable")
        DUPLICATE = "duplicate", _("Duplicate")

    class Kind(models.TextChoices):
        QUOTE = "quote", _("Quote")
        QUANTITY = "quantity", _("Quantity")
        COMPARISON = "comparison", _("Comparison")
        PREDICTION = "prediction", _("Prediction")
        EVENT = "event", _("Event")
        OTHER = "other", _("Other")

    class Priority(models.IntegerChoices):
        LOW = 1, pgettext_lazy("priority", "Low")
        NORMAL = 2, pgettext_lazy("priority", "Normal")
        HIGH = 3, pgettext_lazy("priority", "High")
        URGENT = 4, pgettext_lazy("priority", "Urgent")

    class Origin(models.TextChoices):
        DESK = "desk", _("The desk")
        READER_TIP = "reader_tip", _("A reader's tip")
        CHECKED_ELSEWHERE = "checked_elsewhere", _("Checked elsewhere")

    class Qualifier(models.TextChoices):
        EXACT = "exact", _("Exactly")
        ABOUT = "about", _("About")
        AT_LEAST = "at_least", _("At least")
        AT_MOST = "at_most", _("At most")
        MORE_THAN = "more_than", _("More than")
        LESS_THAN = "less_than", _("Less than")

    S = Status
    WORKFLOW = (
        Transition(S.NEW, S.IN_RESEARCH, "claims.research_claim", _("Start research")),
        Transition(S.NEW, S.NOT_CHECKABLE, "claims.research_claim", _("Mark not checkable")),
        Transition(S.NEW, S.DUPLICATE, "claims.research_claim", _("Mark as duplicate")),
        Transition(S.IN_RESEARCH, S.IN_REVIEW, "claims.propose_verdict", _("Propose verdict for review")),
        Transition(S.IN_RESEARCH, S.NOT_CHECKABLE, "claims.research_claim", _("Mark not checkable")),
        Transition(S.IN_RESEARCH, S.DUPLICATE, "claims.research_claim", _("Mark as duplicate")),
        Transition(S.IN_REVIEW, S.APPROVED, "claims.review_verdict", _("Approve verdict")),
        Transition(S.IN_REVIEW, S.IN_RESEARCH, "claims.review_verdict", _("Send back to research")),
        Transition(S.APPROVED, S.PUBLISHED, "claims.publish_claim", _("Publish")),
        Transition(S.APPROVED, S.IN_RESEARCH, "claims.review_verdict", _("Send back to research")),
        Transition(S.PUBLISHED, S.IN_RESEARCH, "claims.publish_claim", _("Reopen for a correction")),
        Transition(S.NOT_CHECKABLE, S.NEW, "claims.reopen_claim", _("Reopen")),
        Transition(S.DUPLICATE, S.NEW, "claims.reopen_claim", _("Reopen")),
    )
    del S

    text = models.TextField(max_length=CLAIM_TEXT_MAX, help_text=_("The claim as it was stated."))
    normalized_text = models.TextField(
        _("checkable sentence"),
        max_length=CLAIM_TEXT_MAX,
        blank=True,
        help_text=_("The claim restated as one checkable sentence."),
    )
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.OTHER)
    claimant = models.ForeignKey(Claimant, on_delete=models.PROTECT, null=True, blank=True, related_name="claims")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, null=True, blank=True, related_name="claims")
    excerpt = models.TextField(
        max_length=EXCERPT_MAX, blank=True, help_text=_("The passage of the source in which the claim appears.")
    )
    stated_on = models.DateField(null=True, blank=True)

    quantity_low = models.DecimalField(max_digits=30, decimal_places=6, null=True, blank=True)
    quantity_high = models.DecimalField(max_digits=30, decimal_places=6, null=True, blank=True)
    quantity_unit = models.CharField(max_length=60, blank=True)
    quantity_qualifier = models.CharField(max_length=20, choices=Qualifier, blank=True)

    status = models.CharField(max_length=20, choices=Status, default=Status.NEW, editable=False)
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="duplicates"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="assigned_claims",
    )
    priority = models.PositiveSmallIntegerField(choices=Priority, default=Priority.NORMAL)
    origin = models.CharField(
        max_length=20,
        choices=Origin,
        default=Origin.DESK,
        db_default=Origin.DESK,  # rows copied in without it (generate_claims) come from the desk too
        help_text=_(
            "Where the claim came from: the desk's own intake, a reader's tip, or another "
            "fact-checker's published review (a reference claim)."
        ),
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="claims")
    followers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Follow", blank=True, related_name="followed_claims"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    language = models.CharField(
        max_length=5,
        choices=languages.CHOICES,
        default="en",
        db_default="en",
        help_text=_("The language the claim was made in; search reads it with that language's rules."),
    )
    search_vector = models.GeneratedField(
        expression=SearchVector("text", weight="A", config=languages.config_of_column())
        + SearchVector("normalized_text", weight="B", config=languages.config_of_column()),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        permissions = [
            ("research_claim", "Can research claims and triage them"),
            ("propose_verdict", "Can propose a verdict for review"),
            ("assign_claim", "Can assign claims to anyone"),
            ("review_verdict", "Can approve or send back verdicts"),
            ("publish_claim", "Can publish fact-checks"),
            ("reopen_claim", "Can reopen claims set aside"),
            ("export_verdicts", "Can export verdict reports"),
        ]
        indexes = [
            models.Index(F("updated_at").desc(), F("id").desc(), name="claim_recent_idx"),
            # The claim list's other orders (ClaimFilterForm.SORTS).
            models.Index(F("created_at").desc(), F("id").desc(), name="claim_created_idx"),
            models.Index(F("priority").desc(), F("updated_at").desc(), F("id").desc(), name="claim_priority_idx"),
            models.Index(F("stated_on").desc(nulls_last=True), F("id").desc(), name="claim_stated_idx"),
            models.Index(fields=["status", "assignee", "-updated_at"], name="claim_status_assignee_idx"),
            models.Index(fields=["assignee", "status"], name="claim_assignee_status_idx"),
            # The few claims from elsewhere than the desk (reader tips), for the list's origin filter.
            models.Index(
                "origin",
                F("updated_at").desc(),
                F("id").desc(),
                condition=~Q(origin="desk"),
                name="claim_origin_recent_idx",
            ),
            GinIndex(fields=["search_vector"], name="claim_search_idx"),
            GinIndex(OpClass("text", name="gin_trgm_ops"), name="claim_text_trgm_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity_low__isnull=True)
                | Q(quantity_high__isnull=True)
                | Q(quantity_low__lte=F("quantity_high")),
                name="claim_quantity_low_lte_high",
                violation_error_message="The low end of the quantity must not exceed the high end.",
            ),
            models.CheckConstraint(
                condition=Q(quantity_unit="") | Q(quantity_low__isnull=False) | Q(quantity_high__isnull=False),
                name="claim_quantity_unit_needs_value",
                violation_error_message="A quantity unit needs a number.",
            ),
            models.CheckConstraint(
                condition=Q(status="duplicate", duplicate_of__isnull=False)
                | (~Q(status="duplicate") & Q(duplicate_of__isnull=True)),
                name="claim_duplicate_of_iff_duplicate",
            ),
            models.CheckConstraint(condition=~Q(duplicate_of=F("id")), name="claim_not_duplicate_of_itself"),
            *length_limits(text=CLAIM_TEXT_MAX, normalized_text=CLAIM_TEXT_MAX, excerpt=EXCERPT_MAX),
        ]

    def __str__(self):
        text = self.text if len(self.text) <= 80 else self.text[:79] + "…"
        return f"{self.claimant}: {text}" if self.claimant_id else text

    def save(self, *args, **kwargs):
        if self._state.adding and self.status != self.Status.NEW:
            raise IllegalTransition("A new claim starts as New; use transition() to move it on.")
        if not self._state.adding and not getattr(self, "_transitioning", False):
            saved = getattr(self, "_saved_status", None)
            if saved is not None and self.status != saved:
                raise IllegalTransition("Claim status changes only through Claim.transition().")
        super().save(*args, **kwargs)
        self._saved_status = self.status

    def get_absolute_url(self):
        return reverse("claims:claim-detail", args=[self.pk])

    @property
    def public_slug(self) -> str:
        return slugify(self.normalized_text or self.text)[:60].strip("-") or "claim"

    def get_public_url(self):
        """The stable, readable address of the published fact check."""
        return reverse("checks:detail", args=[self.pk, self.public_slug])

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._saved_status = instance.__dict__.get("status")
        return instance

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self._saved_status = self.__dict__.get("status")

    @property
    def current_verdict(self):
        if hasattr(self, "current_verdicts"):
            return self.current_verdicts[0] if self.current_verdicts else None
        return self.verdicts.filter(is_current=True).select_related("rating").first()

    @property
    def quantity_display(self) -> str:
        return format_quantity(self.quantity_low, self.quantity_high, self.quantity_unit, self.quantity_qualifier)

    # Workflow

    @classmethod
    def find_transition(cls, source: str, target: str) -> Transition:
        for candidate in cls.WORKFLOW:
            if candidate.source == source and candidate.target == target:
                return candidate
        raise IllegalTransition(
            gettext("A claim that is %(status)s cannot move to %(target)s.")
            % {"status": cls.Status(source).label, "target": cls.Status(target).label}
        )

    def available_transitions(self, user) -> list[Transition]:
        return [t for t in self.WORKFLOW if t.source == self.status and user.has_perm(t.permission)]

    def transition(self, target: str, *, by, note: str = "", duplicate_of: "Claim | None" = None) -> None:
        """Move the claim to `target` as `by`, checking the workflow, the role and the conditions
        of that step; the change and its record are saved together or not at all."""
        step = self.find_transition(self.status, target)
        if not by.has_perm(step.permission):
            raise TransitionNotPermitted(
                gettext("Your role does not allow you to %(action)s.") % {"action": str(step.action).lower()}
            )
        with transaction.atomic():
            locked = Claim.objects.select_for_update().get(pk=self.pk)
            if locked.status != self.status:
                raise IllegalTransition(
                    gettext("Someone else moved this claim to %(status)s in the meantime.")
                    % {"status": locked.get_status_display()}
                )
            self._apply(step, by=by, note=note.strip(), duplicate_of=duplicate_of)
            self.version = locked.version  # a step of the workflow does not depend on the text's version
            self._transitioning = True
            try:
                self.save(update_fields=["status", "duplicate_of", "updated_at"])
            finally:
                self._transitioning = False
            StatusChange.objects.create(
                claim=self, from_status=step.source, to_status=step.target, changed_by=by, note=note.strip()
            )
            notifications.transitioned(self, step, by=by, note=note.strip())

    def _apply(self, step: Transition, *, by, note: str, duplicate_of) -> None:
        S = self.Status
        verdict = self.verdicts.filter(is_current=True).first()
        if step.target in (S.IN_REVIEW, S.APPROVED, S.PUBLISHED) and verdict is None:
            raise IllegalTransition(gettext("Draft a verdict before proposing it for review."))
        if step.target == S.IN_REVIEW:
            if verdict.published_at is not None:
                raise IllegalTransition(
                    gettext("Draft the corrected verdict first: the published one stays on the record.")
                )
            verdict.propose()
        if step.target == S.APPROVED:
            if verdict.author_id == by.pk:
                raise IllegalTransition(gettext("A verdict must be approved by someone other than its author."))
            verdict.approve(by)
        if step.target == S.PUBLISHED:
            verdict.publish()
        if step.needs_reason and not note:
            if step.target == S.NOT_CHECKABLE:
                raise IllegalTransition(gettext("Say why the claim cannot be checked."))
            if step.source == S.PUBLISHED:
                raise IllegalTransition(gettext("Say what the correction is about: readers will see it."))
            raise IllegalTransition(gettext("Say why the verdict is sent back."))
        if step.source in (S.IN_REVIEW, S.APPROVED) and step.target == S.IN_RESEARCH:
            self.verdicts.filter(is_current=True).update(approved_by=None, approved_at=None)
        if step.needs_original and (duplicate_of is None or duplicate_of.pk == self.pk):
            raise IllegalTransition(gettext("Choose the other claim this one duplicates."))
        self.duplicate_of = duplicate_of if step.target == S.DUPLICATE else None
        self.status = step.target

    # Other changes

    def check_editable_by(self, user) -> None:
        """An approved or published claim is what readers see, or are about to: its text and evidence
        change only by an editor's hand (or after it is reopened for a correction)."""
        if self.status in (self.Status.APPROVED, self.Status.PUBLISHED) and not user.has_perm("claims.publish_claim"):
            raise PermissionDenied(
                gettext("This claim is %(status)s: only an editor can change it now.")
                % {"status": self.get_status_display().lower()}
            )

    def assign(self, assignee, *, by) -> None:
        """Reviewers may take a claim themselves; assigning anyone else needs the assign permission."""
        if not by.has_perm("claims.research_claim"):
            raise PermissionDenied(gettext("Your role does not allow you to take or assign claims."))
        can_assign = by.has_perm("claims.assign_claim")
        if assignee is not None and assignee != by and not can_assign:
            raise PermissionDenied(gettext("Only editors assign claims to other people."))
        if assignee is None and self.assignee_id not in (None, by.pk) and not can_assign:
            raise PermissionDenied(gettext("Only editors take a claim away from someone else."))
        if assignee is not None and not assignee.has_perm("claims.research_claim"):
            raise PermissionDenied(gettext("%(person)s is not a reviewer or editor.") % {"person": assignee})
        if assignee == self.assignee:
            return
        with transaction.atomic():
            self.version = Claim.objects.select_for_update().values_list("version", flat=True).get(pk=self.pk)
            self.assignee = assignee
            self.save(update_fields=["assignee", "updated_at"])
            AssignmentChange.objects.create(claim=self, assignee=assignee, changed_by=by)
            if assignee is not None:
                self.follow(assignee)
                notifications.assigned(self, assignee, by=by)

    def follow(self, user) -> None:
        Follow.objects.bulk_create([Follow(claim=self, user=user)], ignore_conflicts=True)

    def unfollow(self, user) -> None:
        Follow.objects.filter(claim=self, user=user).delete()

    def is_followed_by(self, user) -> bool:
        return Follow.objects.filter(claim=self, user=user).exists()

    def draft_verdict(
        self, *, rating: "Rating", headline: str, explanation: str, by, based_on: tuple | None = None
    ) -> "Verdict":
        """Save the draft verdict. Its author's draft not yet proposed is revised in place; a verdict
        proposed, or drafted by someone else, is kept as it was and the new draft becomes the current
        verdict (so every verdict has one author, whom the two-person rule keeps from approving it).

        `based_on` is the (id, version) of the current verdict the writer saw, (None, None) if there
        was none: if the current verdict is no longer that one, StaleEdit is raised and nothing saved."""
        if self.status not in (self.Status.NEW, self.Status.IN_RESEARCH):
            raise IllegalTransition(
                gettext("A claim that is %(status)s takes no new draft verdict.")
                % {"status": self.get_status_display()}
            )
        with transaction.atomic():
            current = self.verdicts.select_for_update().filter(is_current=True).first()
            if based_on is not None and (getattr(current, "pk", None), getattr(current, "version", None)) != based_on:
                raise StaleEdit(current or Verdict(claim=self), based_on[1] or 0)
            if current is not None and current.proposed_at is None and current.author_id == by.pk:
                verdict = current
            else:
                self.verdicts.filter(is_current=True).update(is_current=False)
                verdict = Verdict(claim=self, author=by)
            verdict.rating, verdict.headline, verdict.explanation = rating, headline, explanation
            verdict.save()
            self.follow(by)
            Claim.objects.filter(pk=self.pk).update(updated_at=timezone.now())
        self.__dict__.pop("current_verdicts", None)
        return verdict


class StatusChange(models.Model):
    """One step of a claim through the workflow: who moved it, when, and why."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=Claim.Status)
    to_status = models.CharField(max_length=20, choices=Claim.Status)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["claim", "changed_at", "id"]
        indexes = [models.Index(fields=["claim", "changed_at"], name="statuschange_claim_idx")]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class AssignmentChange(models.Model):
    """Who a claim was given to, by whom and when; `assignee` None means it was unassigned."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="assignment_changes")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["claim", "changed_at", "id"]
        indexes = [models.Index(fields=["claim", "changed_at"], name="assignmentchange_claim_idx")]

    def __str__(self):
        return f"Assigned to {self.assignee or 'nobody'}"


@audited(exclude=("updated_at", *Archivable.ARCHIVE_FIELDS))  # archiving is the machine's, not an edit
class Evidence(Versioned, Archivable, models.Model):
    class Stance(models.TextChoices):
        SUPPORTS = "supports", _("Supports the claim")
        REFUTES = "refutes", _("Refutes the claim")
        CONTEXT = "context", _("Adds context")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, null=True, blank=True, related_name="evidence")
    url = models.URLField("URL", max_length=2000, blank=True)
    excerpt = models.TextField(max_length=EXCERPT_MAX, blank=True)
    stance = models.CharField(max_length=20, choices=Stance)
    note = models.TextField(max_length=NOTE_MAX, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["claim", "created_at", "id"]
        verbose_name_plural = "evidence"
        indexes = [models.Index(fields=["claim", "created_at"], name="evidence_claim_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(source__isnull=False) | ~Q(url=""),
                name="evidence_has_source_or_url",
                violation_error_message="Evidence needs a source or a URL.",
            ),
            *length_limits(excerpt=EXCERPT_MAX, note=NOTE_MAX),
        ]

    def __str__(self):
        return f"{self.get_stance_display()}: {self.source or self.url}"

    @property
    def link(self) -> str:
        return self.url or (self.source.url if self.source_id else "")


@audited()
class Verdict(Versioned, models.Model):
    """A claim's rating with its explanation. A claim has at most one current verdict; the ones it
    replaced stay as history."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="verdicts")
    rating = models.ForeignKey(Rating, on_delete=models.PROTECT, related_name="verdicts")
    headline = models.CharField(max_length=300)
    explanation = models.TextField(max_length=EXCERPT_MAX)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="verdicts_written")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="verdicts_approved",
    )
    proposed_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    is_current = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["claim", "-created_at", "-id"]
        indexes = [models.Index(fields=["rating", "published_at"], name="verdict_rating_published_idx")]
        constraints = [
            models.UniqueConstraint(fields=["claim"], condition=Q(is_current=True), name="one_current_verdict"),
            models.CheckConstraint(condition=~Q(approved_by=F("author")), name="verdict_two_person_rule"),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True, approved_at__isnull=True)
                | Q(approved_by__isnull=False, approved_at__isnull=False),
                name="verdict_approval_complete",
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(approved_at__isnull=False),
                name="verdict_published_after_approval",
            ),
            *length_limits(explanation=EXCERPT_MAX),
        ]

    def __str__(self):
        return f"{self.rating}: {self.headline}"

    def propose(self) -> None:
        self.proposed_at = timezone.now()
        self.save(update_fields=["proposed_at", "updated_at"])

    def approve(self, by) -> None:
        self.approved_by = by
        self.approved_at = timezone.now()
        self.save(update_fields=["approved_by", "approved_at", "updated_at"])

    def publish(self) -> None:
        self.published_at = timezone.now()
        self.save(update_fields=["published_at", "updated_at"])


@audited(exclude=())
class Comment(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(max_length=NOTE_MAX)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claim", "created_at", "id"]
        indexes = [models.Index(fields=["claim", "created_at"], name="comment_claim_idx")]
        constraints = length_limits(body=NOTE_MAX)

    def __str__(self):
        return f"{self.author} on claim {self.claim_id}"


class Candidate(models.Model):
    """A claim the extractor proposed from a source's text, waiting for a reviewer to accept or dismiss."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("To review")
        ACCEPTED = "accepted", _("Accepted")
        DISMISSED = "dismissed", _("Dismissed")

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="candidates")
    kind = models.CharField(max_length=20, choices=Claim.Kind)
    text = models.TextField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    excerpt = models.TextField(blank=True)
    speaker = models.CharField(max_length=200, blank=True)
    quantity_low = models.DecimalField(max_digits=30, decimal_places=6, null=True, blank=True)
    quantity_high = models.DecimalField(max_digits=30, decimal_places=6, null=True, blank=True)
    quantity_unit = models.CharField(max_length=60, blank=True)
    quantity_qualifier = models.CharField(max_length=20, choices=Claim.Qualifier, blank=True)
    score = models.FloatField()
    reasons = ArrayField(models.CharField(max_length=100), default=list, blank=True)
    decision = models.CharField(max_length=20, choices=Decision, default=Decision.PENDING)
    claim = models.OneToOneField(Claim, on_delete=models.SET_NULL, null=True, blank=True, related_name="candidate")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["source", "-score", "start"]
        constraints = [
            models.UniqueConstraint(fields=["source", "start", "end", "kind"], name="candidate_unique_span"),
            models.CheckConstraint(condition=Q(start__lte=F("end")), name="candidate_span_ordered"),
        ]
        indexes = [models.Index(fields=["source", "decision"], name="candidate_source_decision_idx")]

    def __str__(self):
        return self.text[:80]

    @property
    def quantity_display(self) -> str:
        return format_quantity(self.quantity_low, self.quantity_high, self.quantity_unit, self.quantity_qualifier)


# Who holds which role: a user added to or removed from a group is on the record too.
pghistory.track(
    pghistory.InsertEvent("role.add"),
    pghistory.DeleteEvent("role.remove"),
    obj_field=None,
    app_label="claims",
    model_name="RoleMembershipEvent",
    append_only=True,
)(get_user_model().groups.through)


class Job(models.Model):
    """Long work done in the background for someone (a large export, a PDF report, a large import),
    with its progress, and its file or its failure when it ends. The work itself is a django.tasks
    task (claims.jobs); this row is what the person's progress page polls."""

    class Kind(models.TextChoices):
        EXPORT = "export", pgettext_lazy("a background job", "Report")
        IMPORT = "import", pgettext_lazy("a background job", "Import")

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting for a worker")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=20, choices=Kind)
    label = models.CharField(max_length=200)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs")
    parameters = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=20, choices=State, default=State.QUEUED)
    stage = models.CharField(max_length=100, blank=True)
    done = models.PositiveBigIntegerField(default=0)
    total = models.PositiveBigIntegerField(null=True, blank=True)
    file = models.FileField(upload_to="jobs/%Y/%m/", max_length=300, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    result_url = models.CharField(max_length=300, blank=True)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="job_requester_idx")]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return reverse("claims:job-detail", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def percent(self) -> int | None:
        if not self.total:
            return 100 if self.state == self.State.DONE else None
        return min(100, int(100 * self.done / self.total))


class RatingMapping(models.Model):
    """How another fact-checker's rating, as their ClaimReview names it ("Falso", "Mostly false"), reads on
    the local scale. Admins edit these; an imported rating with no mapping keeps its own words only."""

    text = models.CharField(max_length=200, help_text=_("The rating as others write it; case does not matter."))
    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="mappings")

    class Meta:
        ordering = ["text"]
        constraints = [models.UniqueConstraint(Lower("text"), name="rating_mapping_unique_text_ci")]

    def __str__(self):
        return f"{self.text} → {self.rating}"

    @classmethod
    def find(cls, text: str) -> Rating | None:
        mapping = cls.objects.filter(text__iexact=text.strip()).select_related("rating").first()
        return mapping.rating if mapping else None


class ExternalReview(models.Model):
    """Another fact-checker's published review of a claim, imported from its ClaimReview markup: the
    claim it reviewed is a reference claim (origin "checked elsewhere"). Its URL identifies it: importing
    it again updates it."""

    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, related_name="external_review")
    url = models.URLField("review URL", max_length=2000, unique=True)
    publisher = models.CharField(max_length=300)
    publisher_url = models.URLField(max_length=2000, blank=True)
    published_on = models.DateField(null=True, blank=True)
    rating_text = models.CharField("their rating", max_length=200)
    rating = models.ForeignKey(
        Rating, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", help_text=_("On the local scale.")
    )
    headline = models.CharField(max_length=500, blank=True)
    record = models.JSONField(help_text=_("The ClaimReview as it was imported."))
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_on", "-id"]

    def __str__(self):
        return f"{self.publisher}: {self.rating_text}"

    @property
    def summary(self) -> str:
        """'rated False by Maldita on 3 March 2024'."""
        when = f" on {self.published_on:%-d %B %Y}" if self.published_on else ""
        return f"rated {self.rating_text} by {self.publisher}{when}"


class ApiKey(models.Model):
    """A key for the JSON API, issued by an admin to one person: requests made with it act as that person,
    with their role. Only a hash of the key is kept; the key itself is shown once, when it is issued."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=100, help_text=_('What it is for, e.g. "CMS intake".'))
    prefix = models.CharField(max_length=12, unique=True, editable=False)
    hashed = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API key"

    def __str__(self):
        return f"{self.name} ({self.user}, fc_{self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class ApiRate(models.Model):
    """Requests made with a key in one minute, for the API's rate limit (kept in the database, so that it
    holds across processes and servers)."""

    key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="+")
    minute = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "minute"], name="api_rate_one_row_per_minute")]

    def __str__(self):
        return f"{self.key_id} at {self.minute:%H:%M}: {self.count}"


# A reader's tip: limits of the public form (the database holds them too).
TIP_TEXT_MAX = 2_000
TIP_WHERE_MAX = 2_000
TIP_WHO_MAX = 200


class TooManyTips(Exception):
    """The address has sent TIPS_PER_HOUR tips in the last hour."""


def address_key(address: str) -> str:
    """A keyed hash of the client's address (the address itself is not kept). An IPv6 address counts
    by its /64, which one household or machine usually holds whole."""
    try:
        ip = ipaddress.ip_address(address)
        if ip.version == 6:
            address = str(ipaddress.ip_network(f"{ip}/64", strict=False))
    except ValueError:
        pass
    return salted_hmac("claims.ReaderTip.address", address, algorithm="sha256").hexdigest()


class ReaderTip(models.Model):
    """What a reader sent through the public "suggest a claim" form, as typed, beside the claim it
    became (its text is the claim's). The contact email is for the desk only. Not audited: the event
    tables are append-only, and a reader's email must stay erasable."""

    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, related_name="reader_tip")
    where = models.TextField("where it was seen", max_length=TIP_WHERE_MAX, blank=True)
    who = models.CharField("who said it", max_length=TIP_WHO_MAX, blank=True)
    email = models.EmailField("contact email", blank=True)
    address_hash = models.CharField(max_length=64, editable=False, help_text=_("Keyed hash of the sender's address."))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["address_hash", "-created_at"], name="readertip_address_idx")]
        constraints = length_limits(where=TIP_WHERE_MAX, who=TIP_WHO_MAX)

    def __str__(self):
        return f"Reader tip for claim {self.claim_id}"

    @classmethod
    def submit(cls, *, text: str, where: str = "", who: str = "", email: str = "", address: str) -> "ReaderTip":
        """File the tip as a new claim in the intake queue, unless the address has reached
        TIPS_PER_HOUR in the last hour (TooManyTips). Counted in PostgreSQL, under a lock per address
        for the transaction, so the limit holds across processes and servers."""
        key = address_key(address)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key])
            since = timezone.now() - timedelta(hours=1)
            if cls.objects.filter(address_hash=key, created_at__gte=since).count() >= settings.TIPS_PER_HOUR:
                raise TooManyTips
            claim = Claim.objects.create(text=text, origin=Claim.Origin.READER_TIP)
            return cls.objects.create(claim=claim, where=where, who=who, email=email, address_hash=key)


class Follow(models.Model):
    """Someone who wants to hear when the claim is published. Whoever is assigned a claim, or drafts
    its verdict, follows it from then on; anyone on the desk can follow or unfollow from its page."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["claim", "created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["claim", "user"], name="follow_unique_claim_user")]
        indexes = [models.Index(fields=["user", "claim"], name="follow_user_idx")]

    def __str__(self):
        return f"{self.user} follows claim {self.claim_id}"


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def mark_read(self) -> int:
        return self.unread().update(read_at=timezone.now())


class Notification(models.Model):
    """Something that happened to a claim that one person should know about, shown in the bell and on
    their notifications page (and emailed, unless they muted email): see claims.notifications."""

    class Kind(models.TextChoices):
        ASSIGNED = "assigned", _("Assigned to you")
        SENT_BACK = "sent_back", _("Verdict sent back")
        APPROVED = "approved", _("Verdict approved")
        PUBLISHED = "published", _("Published")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind)
    text = models.CharField(max_length=500)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(F("recipient"), F("created_at").desc(), F("id").desc(), name="notification_list_idx"),
            # The bell counts a person's unread ones on every page.
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread_idx"),
        ]

    def __str__(self):
        return self.text

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationSettings(models.Model):
    """A person's choices about notifications; without a row, the defaults (email on)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="notification_settings"
    )
    email_muted = models.BooleanField(default=False, help_text=_("In-app notifications only, no email."))
    language = models.CharField(
        max_length=10, choices=settings.LANGUAGES, blank=True, help_text=_("Empty: the browser's language.")
    )

    class Meta:
        ordering = ["user"]
        verbose_name_plural = "notification settings"

    def __str__(self):
        return f"Notification settings of {self.user}"
