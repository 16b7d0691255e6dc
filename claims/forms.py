from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Q
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from claims import archiving, languages
from claims.documents import DocumentError, fetch, fetch_raw, read_text, read_upload, size_text
from claims.history import changes_since
from claims.models import (
    CLAIM_TEXT_MAX,
    EXCERPT_MAX,
    TIP_TEXT_MAX,
    TIP_WHERE_MAX,
    TIP_WHO_MAX,
    Claim,
    Claimant,
    Comment,
    Evidence,
    Rating,
    RatingScale,
    Source,
    Topic,
)
from claims.pagination import CappedPaginator
from claims.people import name as name_of
from claims.quantities import as_input, parse_number
from claims.versioning import StaleEdit
from claims.widgets import QuickSelect

User = get_user_model()


def desk_members():
    """People who can hold a claim: reviewers, editors and admins with the research permission."""
    research = Q(groups__permissions__codename="research_claim") | Q(user_permissions__codename="research_claim")
    return User.objects.filter(research, is_active=True).distinct().order_by("username")


class ClaimFilterForm(forms.Form):
    SORTS = {
        "updated": (_("Recently changed"), ["-updated_at", "-id"]),
        "created": (_("Newest first"), ["-created_at", "-id"]),
        "priority": (_("Priority"), ["-priority", "-updated_at", "-id"]),
        "stated": (_("Date stated"), [F("stated_on").desc(nulls_last=True), "-id"]),
        "relevance": (_("Best match"), ["-rank", "-id"]),
    }

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(
        choices=[("", _("Any status")), *Claim.Status.choices], required=False, widget=QuickSelect
    )
    rating = forms.ModelChoiceField(
        queryset=Rating.objects.select_related("scale"), required=False, empty_label=_("Any rating"), widget=QuickSelect
    )
    assignee = forms.ChoiceField(required=False, widget=QuickSelect)
    claimant = forms.ModelChoiceField(queryset=Claimant.objects.all(), required=False, widget=forms.HiddenInput)
    topic = forms.ModelChoiceField(
        queryset=Topic.objects.all(), required=False, empty_label=_("Any topic"), widget=QuickSelect
    )
    # Reference claims (checked elsewhere) are shown when asked for: they are not the desk's work.
    origin = forms.ChoiceField(
        choices=[("", _("Ours and readers' tips")), *Claim.Origin.choices], required=False, widget=QuickSelect
    )
    source = forms.ModelChoiceField(queryset=Source.objects.all(), required=False, widget=forms.HiddenInput)
    stated_from = forms.DateField(
        label=_("Stated from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    stated_to = forms.DateField(label=_("Stated until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    sort = forms.ChoiceField(
        choices=[(key, label) for key, (label, _order) in SORTS.items()], required=False, widget=QuickSelect
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = list(desk_members())
        people = [(str(person.pk), name_of(person)) for person in self.people]
        self.fields["assignee"].choices = [("", _("Anyone")), ("me", _("Me")), ("none", _("Nobody")), *people]
        self.user = user

    def clean(self):
        data = super().clean()
        start, end = data.get("stated_from"), data.get("stated_to")
        if start and end and start > end:
            self.add_error("stated_to", _("The end date is before the start date."))
        return data

    def filter(self, claims):
        """Apply the valid filters to a claim queryset, with its order."""
        data = self.cleaned_data
        claims = claims.matching(data)
        if not data.get("origin"):
            claims = claims.exclude(origin=Claim.Origin.CHECKED_ELSEWHERE)
        claims = self._filter_assignee(claims, data.get("assignee"))
        if data.get("stated_from"):
            claims = claims.filter(stated_on__gte=data["stated_from"])
        if data.get("stated_to"):
            claims = claims.filter(stated_on__lte=data["stated_to"])
        return self._search_and_sort(claims, data.get("q", "").strip(), data.get("sort"))

    def _filter_assignee(self, claims, assignee):
        if assignee == "me":
            return claims.filter(assignee=self.user)
        if assignee == "none":
            return claims.filter(assignee__isnull=True)
        if assignee:
            return claims.filter(assignee_id=assignee)
        return claims

    def _search_and_sort(self, claims, terms, sort):
        """Search results are ranked by best match, unless they are too many to rank in time (more
        than the list counts): then the most recently changed come first, and `unranked` says so."""
        self.fuzzy = self.unranked = False
        self.matches = None  # the capped count of the search results, for the paginator
        if terms:
            found = claims.search(terms)
            self.matches = CappedPaginator.capped_count(found)
            if not self.matches:
                found, self.fuzzy, self.matches = claims.similar_to(terms), True, None
            claims = found
            sort = sort or "relevance"
            if sort == "relevance" and self.matches and self.matches > CappedPaginator.CAP:
                sort, self.unranked = "updated", True
        elif sort == "relevance":
            sort = "updated"
        return claims.order_by(*self.SORTS[sort or "updated"][1])


class VersionedFormMixin:
    """Carries the version of the row the person started editing. Saving over a newer version is
    refused (claims.versioning): the form gets an error and `conflict`, the changes made meanwhile."""

    conflict = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.setdefault("version", version_field())
        self.initial["version"] = self.instance.version

    def clean(self):
        data = super().clean()
        if self.instance.pk is None:
            return data
        version = data.get("version")
        if version is None:
            raise forms.ValidationError(
                _("This form does not say which version it edits: reload the page and try again.")
            )
        current = type(self.instance).objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
        if current is not None and current != version:
            self.report_conflict(version)
        return data

    def _post_clean(self):
        super()._post_clean()
        if self.instance.pk and self.cleaned_data.get("version"):
            self.instance.version = self.cleaned_data["version"]

    def save(self, commit=True):
        try:
            return super().save(commit)
        except StaleEdit as stale:  # someone saved between our check and our UPDATE
            self.report_conflict(stale.expected_version)
            raise

    def report_conflict(self, version: int) -> None:
        self.conflict = changes_since(self.instance, version)
        self.add_error(None, conflict_message(self.instance._meta.verbose_name, self.conflict))


# What a conflict message calls the record, by its model's verbose name (admin's other models: as named).
RECORD_NAMES = {"claim": _("claim"), "evidence": _("evidence"), "verdict": _("verdict")}


def conflict_message(what: str, conflict) -> str:
    someone = gettext("someone")
    people = sorted({str(r.user.get_full_name() or r.user) if r.user else someone for r in conflict}) or [someone]
    fields = sorted({change.name for r in conflict for change in r.changes})
    changed = f" ({', '.join(fields)})" if fields else ""
    saved = gettext("%(people)s saved this %(what)s%(fields)s while you were editing it.") % {
        "people": gettext(" and ").join(people).capitalize(),
        "what": RECORD_NAMES.get(str(what), what),
        "fields": changed,
    }
    return f"{saved} " + gettext("Your changes are not saved: reload to see the current version, then make them again.")


def version_field():
    return forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class VersionedModelForm(VersionedFormMixin, forms.ModelForm):
    """For admin: the same check on every versioned model's change form (declared, so that admin
    lays the hidden field out with the others)."""

    version = version_field()


class QuantityMixin:
    """Quantity fields typed as written ("10,000"), with the range and unit checked together."""

    def _number(self, field):
        text = self.cleaned_data.get(field) or ""
        if not text.strip():
            return None
        try:
            number = parse_number(text)
        except ValueError:
            raise forms.ValidationError(_("%(text)s is not a number.") % {"text": repr(text.strip())}) from None
        Claim._meta.get_field(field).run_validators(number)  # digits the column can hold
        return number

    def clean_quantity_low(self):
        return self._number("quantity_low")

    def clean_quantity_high(self):
        return self._number("quantity_high")

    def check_quantity(self, data):
        low, high = data.get("quantity_low"), data.get("quantity_high")
        if low is not None and high is not None and low > high:
            self.add_error("quantity_high", _("The high end must not be below the low end."))
        if data.get("quantity_unit") and low is None and high is None:
            self.add_error("quantity_low", _("A unit needs a number."))


class ClaimForm(VersionedFormMixin, QuantityMixin, forms.ModelForm):
    """Create or edit a claim: the claimant by name (created when new), a source picked or added."""

    claimant_name = forms.CharField(
        label=_("Claimant"),
        required=False,
        max_length=200,
        help_text=_("Who made the claim. A new name creates a new claimant."),
        widget=forms.TextInput(attrs={"list": "claimant-options", "autocomplete": "off"}),
    )
    claimant_description = forms.CharField(
        label=_("Claimant description"), required=False, max_length=300, help_text=_('e.g. "President of Belarus"')
    )
    new_source_title = forms.CharField(label=_("New source: title"), required=False, max_length=500)
    new_source_url = forms.URLField(label=_("New source: URL"), required=False, max_length=2000, assume_scheme="https")
    new_source_publisher = forms.CharField(label=_("New source: publisher"), required=False, max_length=200)
    new_source_kind = forms.ChoiceField(label=_("New source: kind"), choices=Source.Kind.choices, required=False)
    quantity_low = forms.CharField(label=_("Quantity: low"), required=False, help_text=_('A number, e.g. "10,000".'))
    quantity_high = forms.CharField(
        label=_("Quantity: high"), required=False, help_text=_("Empty for a single number.")
    )

    class Meta:
        model = Claim
        fields = [
            "text",
            "normalized_text",
            "kind",
            "language",
            "source",
            "excerpt",
            "stated_on",
            "quantity_qualifier",
            "quantity_low",
            "quantity_high",
            "quantity_unit",
            "priority",
            "topics",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "normalized_text": forms.Textarea(attrs={"rows": 2}),
            "excerpt": forms.Textarea(attrs={"rows": 3}),
            "stated_on": forms.DateInput(attrs={"type": "date"}),
            "topics": forms.CheckboxSelectMultiple,
        }
        labels = {
            "text": _("Text"),
            "normalized_text": _("Checkable sentence"),
            "kind": _("Kind"),
            "excerpt": _("Excerpt"),
            "stated_on": _("Stated on"),
            "quantity_qualifier": _("Quantity qualifier"),
            "quantity_unit": _("Quantity unit"),
            "priority": _("Priority"),
            "topics": _("Topics"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        recent = Source.objects.order_by("-pk").values_list("pk", flat=True)[:200]  # the newest, by the index
        current = [self.instance.source_id] if self.instance.source_id else []
        self.fields["source"].queryset = Source.objects.filter(pk__in=[*recent, *current]).only("title", "publisher")
        self.fields["source"].empty_label = _("No source, or a new one below")
        self.fields["source"].label = _("Source")
        self.fields["language"].required = False  # a form that does not say is in English
        if self.instance.claimant_id:
            self.initial.setdefault("claimant_name", self.instance.claimant.name)
            self.initial.setdefault("claimant_description", self.instance.claimant.description)
        for field in ("quantity_low", "quantity_high"):
            if getattr(self.instance, field) is not None:
                self.initial[field] = as_input(getattr(self.instance, field))

    def clean_language(self):
        return self.cleaned_data.get("language") or "en"

    def clean(self):
        data = super().clean()
        self.check_quantity(data)
        if data.get("source") and (data.get("new_source_title") or data.get("new_source_url")):
            self.add_error("new_source_title", _("Pick an existing source or add a new one, not both."))
        if data.get("new_source_url") and not data.get("new_source_title"):
            existing = Source.objects.filter(url=data["new_source_url"]).first()
            if existing is None:
                self.add_error("new_source_title", _("A new source needs a title."))
        return data

    def save(self, commit=True):
        claim = super().save(commit=False)
        claim.claimant = self._claimant()
        claim.source = self.cleaned_data.get("source") or self._new_source()
        if commit:
            claim.save()
            self.save_m2m()
        return claim

    def _claimant(self):
        name = self.cleaned_data.get("claimant_name", "").strip()
        if not name:
            return None
        description = self.cleaned_data.get("claimant_description", "").strip()
        claimant = Claimant.objects.filter(name__iexact=name).first()
        if claimant is None:
            return Claimant.objects.create(name=name, description=description)
        if description and description != claimant.description:
            claimant.description = description
            claimant.save(update_fields=["description"])
        return claimant

    def _new_source(self):
        data = self.cleaned_data
        url, title = data.get("new_source_url", ""), data.get("new_source_title", "").strip()
        if url and (existing := Source.objects.filter(url=url).first()):
            return existing
        if not title:
            return None
        return Source.objects.create(
            title=title,
            url=url,
            publisher=data.get("new_source_publisher", "").strip(),
            kind=data.get("new_source_kind") or Source.Kind.ARTICLE,
        )


class EvidenceForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Evidence
        fields = ["stance", "url", "source", "excerpt", "note"]
        widgets = {
            "stance": forms.RadioSelect,
            "source": QuickSelect,
            "excerpt": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "stance": _("Stance"),
            "url": _("Link"),
            "source": _("Or a source on file"),
            "excerpt": _("Excerpt"),
            "note": _("Note"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        recent = Source.objects.order_by("-pk").values_list("pk", flat=True)[:200]  # the newest, by the index
        current = [self.instance.source_id] if self.instance.source_id else []
        self.fields["source"].queryset = Source.objects.filter(pk__in=[*recent, *current]).only("title", "publisher")
        self.fields["source"].empty_label = _("None: the link above")
        self.fields["stance"].choices = Evidence.Stance.choices  # no blank radio button

    def clean(self):
        data = super().clean()
        if not data.get("url") and not data.get("source"):
            raise forms.ValidationError(_("Give a link or pick a source for this evidence."))
        return data

    def add_to(self, claim: Claim, *, by) -> Evidence:
        """Save the valid form as new evidence of `claim`, added by `by`: the claim counts as changed, and
        the link goes to the web archive when ARCHIVE_ON_ADD is on. The page and the API add it so."""
        with transaction.atomic():
            self.instance.claim, self.instance.added_by = claim, by
            item = self.save()
            Claim.objects.filter(pk=claim.pk).update(updated_at=item.created_at)
            if settings.ARCHIVE_ON_ADD and item.archivable:
                archiving.start(item)
        return item


class VerdictForm(forms.Form):
    rating = forms.ModelChoiceField(queryset=Rating.objects.none(), empty_label=None, widget=forms.RadioSelect)
    headline = forms.CharField(label=_("Headline"), max_length=300, help_text=_("One sentence a reader sees first."))
    explanation = forms.CharField(
        label=_("Explanation"), max_length=EXCERPT_MAX, widget=forms.Textarea(attrs={"rows": 6})
    )
    # The current verdict the writer saw (empty when there was none): see Claim.draft_verdict.
    based_on_id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    based_on_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].queryset = Rating.objects.filter(scale=RatingScale.objects.filter(is_default=True)[:1])


class CommentForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["body"]
        labels = {"body": _("Comment")}
        widgets = {"body": forms.Textarea(attrs={"rows": 2})}


class TransitionForm(forms.Form):
    target = forms.ChoiceField(choices=Claim.Status.choices)
    note = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    duplicate_of = forms.IntegerField(required=False, min_value=1, label=_("Duplicate of claim number"))

    def clean_duplicate_of(self):
        number = self.cleaned_data.get("duplicate_of")
        if number is None:
            return None
        claim = Claim.objects.filter(pk=number).first()
        if claim is None:
            raise forms.ValidationError(_("There is no claim number %(number)s.") % {"number": number})
        return claim


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, empty_label=_("Nobody"), widget=QuickSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = desk_members()


class BulkForm(forms.Form):
    claims = forms.ModelMultipleChoiceField(queryset=Claim.objects.all(), widget=forms.MultipleHiddenInput)
    action = forms.ChoiceField(
        choices=[
            ("assign", _("Assign to")),
            *[(f"status:{value}", format_lazy(_("Move to {}"), label)) for value, label in Claim.Status.choices],
        ]
    )
    assignee = forms.ModelChoiceField(queryset=User.objects.none(), required=False, empty_label=_("Me"))
    note = forms.CharField(required=False, max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = desk_members()


class ImportForm(forms.Form):
    """One document to import: pasted text, an uploaded file, or a URL to fetch."""

    text = forms.CharField(label=_("Paste text"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    file = forms.FileField(label=_("Or upload a file"), required=False, help_text=_(".txt, .html or .pdf"))
    url = forms.URLField(label=_("Or fetch a URL"), required=False, max_length=2000)
    title = forms.CharField(
        label=_("Title"), required=False, max_length=500, help_text=_("Leave empty to take it from the document.")
    )
    publisher = forms.CharField(label=_("Publisher"), required=False, max_length=200)
    published_on = forms.DateField(
        label=_("Published on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Source.Kind.choices, initial=Source.Kind.ARTICLE)
    language = forms.ChoiceField(
        label=_("Language"),
        choices=languages.CHOICES,
        initial="en",
        required=False,
        help_text=_("The language it is written in."),
    )

    def __init__(self, *args, limits: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.limits = limits
        self.document = None

    def clean(self):
        data = super().clean()
        given = [name for name in ("text", "file", "url") if data.get(name)]
        if len(given) != 1:
            raise forms.ValidationError(_("Paste a text, upload a file or give a URL: one of the three."))
        try:
            self.document = self.read(given[0], data[given[0]])
        except DocumentError as error:
            self.add_error(given[0], error.translated(gettext))
            return data
        self.apply_overrides(data)
        return data

    def read(self, field, value):
        max_bytes = self.limits["max_bytes"]
        if field == "text":
            if len(value.encode()) > max_bytes:
                raise DocumentError(
                    _("The text is longer than %(size)s: import it in parts.") % {"size": size_text(max_bytes)}
                )
            return read_text(value.encode("utf-8"))
        if field == "file":
            if value.size > max_bytes:
                raise DocumentError(
                    _("The file is larger than %(size)s: it is not imported.") % {"size": size_text(max_bytes)}
                )
            return read_upload(value.name, value.read())
        return fetch(value, timeout=self.limits["timeout"], max_bytes=max_bytes, allow_private=self.limits["private"])

    def apply_overrides(self, data):
        self.document.language = data.get("language") or "en"
        for field in ("title", "publisher", "published_on"):
            if data.get(field):
                setattr(self.document, field, data[field])


class CandidateForm(QuantityMixin, forms.Form):
    """A candidate as the reviewer corrects it before accepting."""

    text = forms.CharField(label=_("Text"), max_length=CLAIM_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3}))
    kind = forms.ChoiceField(label=_("Kind"), choices=Claim.Kind.choices)
    speaker = forms.CharField(required=False, max_length=200, label=_("Claimant"))
    quantity_low = forms.CharField(required=False, label=_("Low"))
    quantity_high = forms.CharField(required=False, label=_("High"))
    quantity_unit = forms.CharField(required=False, max_length=60, label=_("Unit"))
    quantity_qualifier = forms.ChoiceField(
        choices=[("", "—"), *Claim.Qualifier.choices], required=False, label=_("Qualifier")
    )

    def clean(self):
        data = super().clean()
        self.check_quantity(data)
        return data


class ExportForm(forms.Form):
    """Which claims a verdict report covers."""

    FORMATS = [
        ("csv", "CSV"),
        ("xlsx", _("XLSX workbook")),
        ("json", "JSON"),
        ("claimreview", "ClaimReview JSON-LD"),
        ("pdf", _("PDF report")),
    ]

    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status")), *Claim.Status.choices], required=False
    )
    rating = forms.ModelChoiceField(
        label=_("Rating"), queryset=Rating.objects.all(), required=False, empty_label=_("Any rating")
    )
    reviewer = forms.ModelChoiceField(
        label=_("Reviewer"), queryset=User.objects.none(), required=False, empty_label=_("Anyone")
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"), queryset=Topic.objects.all(), required=False, empty_label=_("Any topic")
    )
    claimant = forms.CharField(label=_("Claimant"), required=False, max_length=200, help_text=_("The claimant's name."))
    source = forms.CharField(
        label=_("Source"), required=False, max_length=200, help_text=_("Words of the source's title.")
    )
    published_from = forms.DateField(
        label=_("Published from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    published_to = forms.DateField(
        label=_("Published to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    format = forms.ChoiceField(label=_("Format"), choices=FORMATS, required=False)

    def clean_claimant(self):
        name = self.cleaned_data["claimant"].strip()
        if not name:
            return None
        claimant = Claimant.objects.filter(name__iexact=name).first()
        if claimant is None:
            raise forms.ValidationError(_("No claimant is called %(name)s.") % {"name": repr(name)})
        return claimant

    def clean_source(self):
        words = self.cleaned_data["source"].strip()
        if not words:
            return None
        sources = list(Source.objects.filter(title__icontains=words)[:2])
        if len(sources) != 1:
            message = (
                _("No source has %(words)s in its title.")
                if not sources
                else _("More than one source has %(words)s in its title.")
            )
            raise forms.ValidationError(message % {"words": repr(words)})
        return sources[0]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = desk_members()

    def clean(self):
        data = super().clean()
        start, end = data.get("published_from"), data.get("published_to")
        if start and end and start > end:
            self.add_error("published_to", _("The end date is before the start date."))
        return data


class ClaimReviewImportForm(forms.Form):
    """Other fact-checkers' ClaimReview markup: an uploaded file, or a URL to fetch."""

    file = forms.FileField(
        label=_("Upload a file"), required=False, help_text=_("JSON-LD (.json, .jsonld) or an HTML page")
    )
    url = forms.URLField(label=_("Or fetch a URL"), required=False, max_length=2000)

    def __init__(self, *args, limits: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.limits = limits
        self.data_read = b""

    def clean(self):
        data = super().clean()
        given = [name for name in ("file", "url") if data.get(name)]
        if len(given) != 1:
            raise forms.ValidationError(_("Upload a file or give a URL: one of the two."))
        try:
            self.data_read = self.read(given[0], data[given[0]])
        except DocumentError as error:
            self.add_error(given[0], error.translated(gettext))
        return data

    def read(self, field, value) -> bytes:
        max_bytes = self.limits["max_bytes"]
        if field == "file":
            if value.size > max_bytes:
                raise DocumentError(_("The file is larger than %(size)s.") % {"size": size_text(max_bytes)})
            return value.read()
        body, *_rest = fetch_raw(
            value, timeout=self.limits["timeout"], max_bytes=max_bytes, allow_private=self.limits["private"]
        )
        return body


class TipForm(forms.Form):
    """A reader's tip, from the public "suggest a claim" form. `website` is the honeypot: hidden by the
    stylesheet, so people leave it empty and form-filling bots do not."""

    text = forms.CharField(
        label=_("The claim"),
        max_length=TIP_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=format_lazy(
            _("What was said or written, as close to the words as you can (up to {} characters)."), f"{TIP_TEXT_MAX:,}"
        ),
    )
    where = forms.CharField(
        label=_("Where did you see or hear it?"),
        max_length=TIP_WHERE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("A link, or a description: the programme, the page, the post, the date."),
    )
    who = forms.CharField(label=_("Who said it?"), max_length=TIP_WHO_MAX, required=False)
    email = forms.EmailField(
        label=_("Your email (optional)"),
        required=False,
        help_text=_("Only if we may ask you about your tip. We never publish it."),
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False)  # no limit: no error to tell bots

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("text", "where"):
            del self.fields[name].widget.attrs["maxlength"]  # longer text pasted in is kept and explained
        self.fields["website"].widget.attrs.update(autocomplete="off", tabindex="-1")

    @property
    def from_a_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))
