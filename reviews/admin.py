"""The Django admin for administrators; auditors get the app's own pages."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

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


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind")
    search_fields = ("name",)


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
class MembershipAdmin(admin.ModelAdmin):
    """Role assignments: who does what in which organisation."""

    list_display = ("user", "organisation", "role")
    list_select_related = ("user", "organisation")
    list_filter = ("role", "organisation")
    search_fields = ("user__username", "user__first_name", "user__last_name")
    autocomplete_fields = ("user", "organisation")
    filter_horizontal = ("boards",)
    form = MembershipForm


@admin.register(Firm)
class FirmAdmin(admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "kind", "is_active")
    list_filter = ("organisation", "kind")
    search_fields = ("name", "organisation__name")
    filter_horizontal = ("successors",)
    list_select_related = ("organisation",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(successor_count=Count("successors"))

    @admin.display(boolean=True, description=_("active"), ordering="successor_count")
    def is_active(self, board):
        return board.successor_count == 0


class RecommendationGroupInline(admin.TabularInline):
    model = RecommendationGroup
    extra = 0


class RecommendationInline(admin.StackedInline):
    model = Recommendation
    extra = 0
    autocomplete_fields = ("addressed_to",)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "group":
            audit_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = RecommendationGroup.objects.filter(audit_id=audit_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Audit)
class AuditAdmin(admin.ModelAdmin):
    list_display = ("title", "year", "organisation", "firm")
    list_select_related = ("organisation", "firm")
    list_filter = ("organisation", "year", "firm")
    search_fields = ("title",)
    autocomplete_fields = ("boards",)
    inlines = [RecommendationGroupInline, RecommendationInline]


@admin.register(RecommendationGroup)
class RecommendationGroupAdmin(admin.ModelAdmin):
    list_display = ("__str__", "audit", "position")
    list_select_related = ("audit",)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("recommendations")

    list_filter = ("audit__organisation",)
    search_fields = ("title", "observations", "audit__title")


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ("audit", "number", "text")
    list_select_related = ("audit",)
    list_filter = ("audit__organisation", "audit")
    search_fields = ("text", "audit__title")
    autocomplete_fields = ("addressed_to", "group")


@admin.register(BoardResponse)
class BoardResponseAdmin(admin.ModelAdmin):
    list_display = ("audit", "year", "stance")
    list_select_related = ("audit",)
    list_filter = ("stance", "year", "audit__organisation")
    search_fields = ("text", "audit__title")
    autocomplete_fields = ("boards", "recommendations")


class ReviewedAuditInline(admin.StackedInline):
    model = ReviewedAudit
    extra = 0
    autocomplete_fields = ("audit",)


@admin.register(FollowUpReview)
class FollowUpReviewAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "year", "firm", "state")
    list_select_related = ("organisation", "firm")
    list_filter = ("state", "organisation", "year")
    search_fields = ("title",)
    inlines = [ReviewedAuditInline]


class BoardFindingsInline(admin.StackedInline):
    model = BoardFindings
    extra = 0
    autocomplete_fields = ("board",)


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ("recommendation", "review", "status")
    list_select_related = ("recommendation__audit", "review__organisation")
    list_filter = ("status", "review")
    search_fields = ("findings", "recommendation__text", "recommendation__audit__title")
    autocomplete_fields = ("recommendation",)
    inlines = [BoardFindingsInline]


@admin.register(GroupFindings)
class GroupFindingsAdmin(admin.ModelAdmin):
    list_display = ("group", "review")
    list_select_related = ("group__audit", "review__organisation")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("group__recommendations")

    list_filter = ("review",)
    autocomplete_fields = ("group",)
