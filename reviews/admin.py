"""The Django admin for administrators; auditors get the app's own pages."""

from django.contrib import admin

from core.admin import LockedWhilePublished, LockedWithParent

from .models import (
    Assessment,
    Audit,
    BoardFindings,
    BoardResponse,
    BoardStatus,
    FollowUpReview,
    GroupFindings,
    Recommendation,
    RecommendationGroup,
    ReminderSent,
    ReportContact,
    ReportSection,
    ReportSignature,
    ReviewedAudit,
    SubAssessment,
    SubRecommendation,
)


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
    list_select_related = ("audit", "issued_by")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("recommendations")

    list_filter = ("audit__organisation",)
    search_fields = ("title", "observations", "audit__title")


class SubRecommendationInline(LockedWithParent, admin.TabularInline):
    model = SubRecommendation
    extra = 0


@admin.register(Recommendation)
class RecommendationAdmin(LockedWhilePublished, admin.ModelAdmin):
    list_display = ("audit", "number", "text")
    list_select_related = ("audit",)
    list_filter = ("audit__organisation", "audit")
    search_fields = ("text", "audit__title")
    autocomplete_fields = ("addressed_to", "group", "continues")
    inlines = [SubRecommendationInline]


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


class ReportSectionInline(LockedWithParent, admin.StackedInline):
    model = ReportSection
    extra = 0


class ReportContactInline(LockedWithParent, admin.TabularInline):
    model = ReportContact
    extra = 0


class ReportSignatureInline(LockedWithParent, admin.TabularInline):
    model = ReportSignature
    extra = 0


@admin.register(FollowUpReview)
class FollowUpReviewAdmin(LockedWhilePublished, admin.ModelAdmin):
    list_display = ("title", "organisation", "year", "firm", "state")
    list_select_related = ("organisation", "firm")
    list_filter = ("state", "organisation", "year")
    search_fields = ("title",)
    inlines = [
        ReviewedAuditInline,
        ReportSectionInline,
        ReportContactInline,
        ReportSignatureInline,
    ]


class BoardFindingsInline(LockedWithParent, admin.StackedInline):
    model = BoardFindings
    extra = 0
    autocomplete_fields = ("boards",)


class BoardStatusInline(LockedWithParent, admin.TabularInline):
    model = BoardStatus
    extra = 0
    autocomplete_fields = ("board",)


class SubAssessmentInline(LockedWithParent, admin.StackedInline):
    model = SubAssessment
    extra = 0


@admin.register(Assessment)
class AssessmentAdmin(LockedWhilePublished, admin.ModelAdmin):
    list_display = ("recommendation", "review", "status")
    list_select_related = ("recommendation__audit", "review__organisation")
    list_filter = ("status", "review")
    search_fields = ("findings", "recommendation__text", "recommendation__audit__title")
    autocomplete_fields = ("recommendation",)
    inlines = [BoardStatusInline, BoardFindingsInline, SubAssessmentInline]


@admin.register(GroupFindings)
class GroupFindingsAdmin(LockedWhilePublished, admin.ModelAdmin):
    list_display = ("group", "review")
    list_select_related = ("group__audit", "review__organisation")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("group__recommendations")

    list_filter = ("review",)
    autocomplete_fields = ("group",)


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    """The reminders' log: read, never written by hand (that would stop a real one)."""

    list_display = ["user", "period", "email", "recommendation_count", "overdue_count", "sent_at"]
    list_filter = ["period"]
    search_fields = ["user__username", "email"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
