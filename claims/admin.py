from urllib.parse import urlencode

from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from pghistory.admin import EventModelAdmin

from claims import apikeys
from claims.forms import VersionedModelForm
from claims.history import event_model
from claims.models import (
    ApiKey,
    Candidate,
    Claim,
    Claimant,
    Comment,
    Evidence,
    ExternalReview,
    IllegalTransition,
    Rating,
    RatingMapping,
    RatingScale,
    Source,
    StatusChange,
    Topic,
    Verdict,
)


class AuditTrailAdmin(admin.ModelAdmin):
    """The "History" button shows the audit record the database triggers keep: every change to the
    record and to the records that point at it (a claim's evidence and verdicts), with who and where."""

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return super().history_view(request, object_id, extra_context)
        query = urlencode({"obj": f"{obj._meta.label}:{obj.pk}", "method": "references"})
        return redirect(f"{reverse('admin:pghistory_middlewareevents_changelist')}?{query}")


@admin.register(Source)
class SourceAdmin(AuditTrailAdmin):
    list_display = ["title", "publisher", "kind", "published_on", "url"]
    list_filter = ["kind", "published_on", "publisher"]
    search_fields = ["title", "publisher", "url"]
    date_hierarchy = "published_on"
    readonly_fields = ["archive_state", "archive_error", "archived_at"]


@admin.register(Claimant)
class ClaimantAdmin(AuditTrailAdmin):
    list_display = ["name", "kind", "description"]
    list_filter = ["kind"]
    search_fields = ["name", "description"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class RatingInline(admin.TabularInline):
    model = Rating
    extra = 0


@admin.register(RatingScale)
class RatingScaleAdmin(AuditTrailAdmin):
    list_display = ["name", "is_default"]
    search_fields = ["name"]
    inlines = [RatingInline]


@admin.register(Rating)
class RatingAdmin(AuditTrailAdmin):
    list_display = ["label", "scale", "value", "on_scale", "colour"]
    list_filter = ["scale", "on_scale"]
    search_fields = ["label", "description"]


class EvidenceInline(admin.StackedInline):
    model = Evidence
    form = VersionedModelForm
    extra = 0
    autocomplete_fields = ["source"]
    readonly_fields = ["added_by", "created_at"]


class VerdictInline(admin.StackedInline):
    model = Verdict
    form = VersionedModelForm
    extra = 0
    can_delete = False
    fields = ["rating", "headline", "explanation", "author", "approved_by", "approved_at", "published_at"]
    readonly_fields = ["author", "approved_by", "approved_at", "published_at", "is_current"]

    def has_add_permission(self, request, obj=None):
        return False


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    fields = ["changed_at", "from_status", "to_status", "changed_by", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class CurrentRatingFilter(admin.SimpleListFilter):
    title = "current rating"
    parameter_name = "rating"

    def lookups(self, request, model_admin):
        return [(str(r.pk), f"{r.label} ({r.scale})") for r in Rating.objects.select_related("scale")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(verdicts__is_current=True, verdicts__rating_id=self.value())
        return queryset


def transition_action(target: Claim.Status):
    """An admin action moving the selected claims to `target` through the workflow, one by one."""

    def action(modeladmin, request, queryset):
        moved, skipped = 0, []
        with transaction.atomic():  # refusals are skipped and reported; a failure undoes the whole batch
            for claim in queryset.order_by("pk"):
                try:
                    claim.transition(target, by=request.user, note="Bulk change in admin")
                    moved += 1
                except (IllegalTransition, PermissionDenied) as error:
                    skipped.append(f"#{claim.pk}: {error}")
        if moved:
            modeladmin.message_user(request, f"Moved {moved} claim(s) to {target.label}.", messages.SUCCESS)
        if skipped:
            modeladmin.message_user(request, f"Skipped {len(skipped)}: " + "; ".join(skipped), messages.WARNING)

    action.__name__ = f"move_to_{target.value}"
    action.short_description = f"Move selected claims to {target.label}"
    return action


@admin.register(Claim)
class ClaimAdmin(AuditTrailAdmin):
    form = VersionedModelForm
    list_display = ["id", "__str__", "kind", "status", "current_rating", "assignee", "priority", "updated_at"]
    list_display_links = ["id", "__str__"]
    list_filter = ["status", CurrentRatingFilter, "origin", "kind", "priority", "assignee", "claimant", "created_at"]
    list_select_related = ["claimant", "assignee"]
    search_fields = ["text", "normalized_text", "claimant__name", "source__title"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["claimant", "source", "topics"]
    readonly_fields = ["status", "duplicate_of", "assignee", "created_by", "created_at", "updated_at"]
    inlines = [EvidenceInline, VerdictInline, StatusChangeInline]
    actions = [transition_action(status) for status in Claim.Status if status != Claim.Status.DUPLICATE]

    def get_queryset(self, request):
        current_rating = Verdict.objects.filter(claim=OuterRef("pk"), is_current=True).values("rating__label")
        return super().get_queryset(request).annotate(current_rating_label=Subquery(current_rating[:1]))

    @admin.display(description="rating", ordering="current_rating_label")
    def current_rating(self, claim):
        return claim.current_rating_label or "—"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for instance in formset.save(commit=False):
            if isinstance(instance, Evidence) and not instance.added_by_id:
                instance.added_by = request.user
            instance.save()
        for instance in formset.deleted_objects:
            instance.delete()
        formset.save_m2m()


@admin.register(Evidence)
class EvidenceAdmin(AuditTrailAdmin):
    form = VersionedModelForm
    list_display = ["claim", "stance", "source", "url", "added_by", "created_at"]
    list_filter = ["stance", "created_at"]
    list_select_related = ["claim__claimant", "source", "added_by"]
    search_fields = ["excerpt", "note", "url", "claim__text", "source__title"]
    autocomplete_fields = ["claim", "source"]
    readonly_fields = ["added_by", "created_at", "updated_at", "archive_state", "archive_error", "archived_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.added_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Verdict)
class VerdictAdmin(AuditTrailAdmin):
    form = VersionedModelForm
    list_display = ["headline", "rating", "claim", "author", "approved_by", "published_at", "is_current"]
    list_filter = ["rating", "is_current", "published_at", "author"]
    list_select_related = ["rating", "claim__claimant", "author", "approved_by"]
    search_fields = ["headline", "explanation", "claim__text"]
    autocomplete_fields = ["claim", "rating"]
    readonly_fields = ["author", "approved_by", "approved_at", "published_at", "is_current", "created_at"]

    def has_add_permission(self, request):
        return False


@admin.register(Comment)
class CommentAdmin(AuditTrailAdmin):
    list_display = ["claim", "author", "created_at"]
    list_filter = ["created_at", "author"]
    list_select_related = ["claim__claimant", "author"]
    search_fields = ["body", "claim__text"]
    autocomplete_fields = ["claim"]
    readonly_fields = ["author", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ["claim", "from_status", "to_status", "changed_by", "changed_at"]
    list_filter = ["to_status", "from_status", "changed_at"]
    list_select_related = ["claim__claimant", "changed_by"]
    search_fields = ["claim__text", "note"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "speaker", "score", "decision", "source"]
    list_filter = ["decision", "kind"]
    list_select_related = ["source"]
    search_fields = ["text", "speaker", "source__title"]
    readonly_fields = ["source", "start", "end", "claim", "decided_by", "created_at"]


class AuditEventAdmin(EventModelAdmin):
    """One event table of the audit record: read-only for everybody (the tables refuse changes anyway)."""

    list_display = ["pgh_created_at", "pgh_label", "pgh_obj_id", "__str__"]
    date_hierarchy = "pgh_created_at"


for audited_model in (Claim, Claimant, Comment, Evidence, Rating, RatingScale, Source, Topic, Verdict):
    admin.site.register(event_model(audited_model), AuditEventAdmin)


@admin.register(apps.get_model("claims", "RoleMembershipEvent"))
class RoleMembershipEventAdmin(EventModelAdmin):
    list_display = ["pgh_created_at", "pgh_label", "user", "group"]
    list_filter = ["pgh_label", "group"]
    date_hierarchy = "pgh_created_at"


@admin.register(RatingMapping)
class RatingMappingAdmin(admin.ModelAdmin):
    list_display = ["text", "rating"]
    list_filter = ["rating__scale", "rating"]
    search_fields = ["text", "rating__label"]


@admin.register(ExternalReview)
class ExternalReviewAdmin(admin.ModelAdmin):
    list_display = ["publisher", "rating_text", "rating", "published_on", "url"]
    list_filter = ["publisher", "rating", "published_on"]
    search_fields = ["publisher", "rating_text", "url", "claim__text"]
    raw_id_fields = ["claim"]
    readonly_fields = ["imported_at", "updated_at"]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """Keys for the JSON API. Adding one shows the key once; only its hash is kept."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter), "user"]
    search_fields = ["name", "user__username", "prefix"]
    fields = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]
    autocomplete_fields = ["user"]
    actions = ["revoke"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        token = apikeys.new_token(obj)
        super().save_model(request, obj, form, change)
        messages.warning(request, f"The key for {obj.user}, shown this once: {token}")
        return None

    @admin.action(description="Revoke the selected keys")
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        messages.success(request, f"{count} key(s) revoked.")
