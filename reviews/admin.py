"""The Django admin for administrators; auditors get the app's own pages."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .forms import ModelMultipleChoiceIds, fits_a_column
from .freezing import ReviewLocked, reviews_locking
from .models import (
    Assessment,
    Audit,
    Board,
    BoardFindings,
    BoardResponse,
    Firm,
    FollowUpReview,
    GroupFindings,
    Membership,
    Organisation,
    Recommendation,
    RecommendationGroup,
    ReviewedAudit,
)


class SafeAutocompleteSelect(AutocompleteSelect):
    """Shows the chosen object again after a refusal; a posted id no column could hold
    is left out rather than queried (SQLite: OverflowError, a 500)."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if fits_a_column(v)], attr)


class SafeAutocompleteSelectMultiple(AutocompleteSelectMultiple):
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if fits_a_column(v)], attr)


class SafeIds:
    """Choices by id in the admin, where an id too large for any column is refused with
    a form error: many-to-many fields validate it first, autocomplete widgets skip it."""

    formfield_overrides = {models.ManyToManyField: {"form_class": ModelMultipleChoiceIds}}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def locking(request, obj) -> list:
    """The published reviews that print `obj`, asked once per object and request."""
    if obj is None:
        return []
    cache = request.__dict__.setdefault("_reviews_locking", {})
    key = (type(obj), obj.pk)
    if key not in cache:
        cache[key] = list(reviews_locking(obj))
    return cache[key]


class RefuseLockedForm(forms.ModelForm):
    """Refuses to add an object to something a published review prints (a recommendation
    to its audit, an assessment to it)."""

    def _post_clean(self):
        super()._post_clean()
        if self.instance.pk is None and (reviews := list(reviews_locking(self.instance))):
            self.add_error(None, ReviewLocked(reviews).message)


class LockedWhilePublished(SafeIds):
    """Admin for what published reviews print: read-only while they are published, for
    superusers too (reopening the review, with a reason, is how it changes), with a
    message naming the reviews. `frozen_fields`: only these fields are frozen (names on
    a board or firm); None: the whole object, which cannot be deleted either."""

    frozen_fields = None
    form = RefuseLockedForm

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (self.frozen_fields is not None or not locking(request, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not locking(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if self.frozen_fields is not None and locking(request, obj):
            return (*fields, *self.frozen_fields)
        return fields

    def get_deleted_objects(self, objs, request):
        # The bulk "delete selected" action asks no per-object permission: refuse here.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        refused = [
            f"{obj}: {ReviewLocked(reviews).message}"
            for obj in objs
            if (reviews := locking(request, obj))
        ]
        return deleted, counts, perms_needed, [*protected, *refused]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        # On a refused POST (403) the message would wait for whatever page came next.
        if request.method == "GET" and (reviews := locking(request, obj)):
            self.message_user(request, ReviewLocked(reviews).message, messages.WARNING)
        return super().change_view(request, object_id, form_url, extra_context)


class LockedWithParent(SafeIds):
    """Inline rows of a parent a published review prints: read-only with it."""

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and not locking(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not locking(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not locking(request, obj)


@admin.register(Organisation)
class OrganisationAdmin(LockedWhilePublished, admin.ModelAdmin):
    list_display = ("name", "kind")
    search_fields = ("name",)
    frozen_fields = ("name", "kind")


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["user", "organisation", "role", "boards"]

    def clean(self):
        data = super().clean()
        if not self.errors:
            membership = Membership(organisation=data["organisation"], role=data["role"])
            try:
                membership.clean_boards(list(data.get("boards") or []))
            except ValidationError as error:
                self.add_error(None, error)
        return data


@admin.register(Membership)
class MembershipAdmin(SafeIds, admin.ModelAdmin):
    """Role assignments: who does what in which organisation."""

    list_display = ("user", "organisation", "role")
    list_select_related = ("user", "organisation")
    list_filter = ("role", "organisation")
    search_fields = ("user__username", "user__first_name", "user__last_name")
    autocomplete_fields = ("user", "organisation")
    filter_horizontal = ("boards",)
    form = MembershipForm


@admin.register(Firm)
class FirmAdmin(LockedWhilePublished, admin.ModelAdmin):
    search_fields = ("name",)
    frozen_fields = ("name",)


class BoardForm(forms.ModelForm):
    class Meta:
        model = Board
        fields = ["organisation", "name", "kind", "successors"]

    def clean(self):
        data = super().clean()
        if data.get("organisation"):
            self.instance.organisation = data["organisation"]
        if self.instance.organisation_id and "successors" in data:
            try:
                self.instance.check_successors(data["successors"])
            except ValidationError as error:
                self.add_error("successors", error.messages)
        return data


@admin.register(Board)
class BoardAdmin(LockedWhilePublished, admin.ModelAdmin):
    """Boards: a reorganisation adds successors, so those stay editable while published
    reviews print the board's name."""

    form = BoardForm
    frozen_fields = ("organisation", "name", "kind")
    list_display = ("name", "organisation", "kind", "is_active")
    list_filter = ("organisation", "kind")
    search_fields = ("name", "organisation__name")
    filter_horizontal = ("successors",)
    list_select_related = ("organisation",)

    def get_queryset(self, request):
        # An aggregate drops the model's ordering; the autocomplete pages through this list.
        queryset = super().get_queryset(request).annotate(successor_count=Count("successors"))
        return queryset.order_by("organisation__name", "name")

    @admin.display(boolean=True, description=_("active"), ordering="successor_count")
    def is_active(self, board):
        return board.successor_count == 0


class RecommendationGroupInline(LockedWithParent, admin.TabularInline):
    model = RecommendationGroup
    extra = 0


class RecommendationInline(LockedWithParent, admin.StackedInline):
    model = Recommendation
    extra = 0
    autocomplete_fields = ("addressed_to",)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "group":
            audit_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = RecommendationGroup.objects.filter(audit_id=audit_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Audit)
class AuditAdmin(LockedWhilePublished, admin.ModelAdmin):
    list_display = ("title", "year", "organisation", "firm")
    list_select_related = ("organisation", "firm")
    list_filter = ("organisation", "year", "firm")
    search_fields = ("title",)
    autocomplete_fields = ("boards",)
    inlines = [RecommendationGroupInline, RecommendationInline]


@admin.register(RecommendationGroup)
class RecommendationGroupAdmin(LockedWhilePublished, admin.ModelAdmin):
    list_display = ("__str__", "audit", "position")
    list_select_related = ("audit",)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("recommendations")

    list_filter = ("audit__organisation",)
    search_fields = ("title", "observations", "audit__title")


@admin.register(Recommendation)
class RecommendationAdmin(LockedWhilePublished, admin.ModelAdmin):
    list_display = ("audit", "number", "text")
    list_select_related = ("audit",)
    list_filter = ("audit__organisation", "audit")
    search_fields = ("text", "audit__title")
    autocomplete_fields = ("addressed_to", "group")


@admin.register(BoardResponse)
class BoardResponseAdmin(LockedWhilePublished, admin.ModelAdmin):
    list_display = ("audit", "year", "stance")
    list_select_related = ("audit",)
    list_filter = ("stance", "year", "audit__organisation")
    search_fields = ("text", "audit__title")
    autocomplete_fields = ("boards", "recommendations")


class ReviewedAuditInline(LockedWithParent, admin.StackedInline):
    model = ReviewedAudit
    extra = 0
    autocomplete_fields = ("audit",)


@admin.register(FollowUpReview)
class FollowUpReviewAdmin(LockedWhilePublished, admin.ModelAdmin):
    list_display = ("title", "organisation", "year", "firm", "state")
    list_select_related = ("organisation", "firm")
    list_filter = ("state", "organisation", "year")
    search_fields = ("title",)
    inlines = [ReviewedAuditInline]


class BoardFindingsInline(LockedWithParent, admin.StackedInline):
    model = BoardFindings
    extra = 0
    autocomplete_fields = ("board",)


@admin.register(Assessment)
class AssessmentAdmin(LockedWhilePublished, admin.ModelAdmin):
    list_display = ("recommendation", "review", "status")
    list_select_related = ("recommendation__audit", "review__organisation")
    list_filter = ("status", "review")
    search_fields = ("findings", "recommendation__text", "recommendation__audit__title")
    autocomplete_fields = ("recommendation",)
    inlines = [BoardFindingsInline]


@admin.register(GroupFindings)
class GroupFindingsAdmin(LockedWhilePublished, admin.ModelAdmin):
    list_display = ("group", "review")
    list_select_related = ("group__audit", "review__organisation")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("group__recommendations")

    list_filter = ("review",)
    autocomplete_fields = ("group",)
