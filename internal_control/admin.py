"""The Django admin for administrators: an organisation's regulations and scales are set
up here; boards' officers use the app's own pages for plans and follow-ups."""

from django.contrib import admin

from core.admin import LockedWhilePublished, LockedWithParent

from .models import (
    ControlFollowUp,
    CoveringMemo,
    DecisionClause,
    DecisionDocument,
    FollowUpRound,
    Level,
    MemoSection,
    Plan,
    Regulation,
    Risk,
    RiskArea,
    Signature,
)


class LevelInline(admin.TabularInline):
    model = Level
    extra = 0


@admin.register(Regulation)
class RegulationAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "report_layout")
    list_select_related = ("organisation",)
    list_filter = ("organisation",)
    inlines = [LevelInline]


class RiskAreaInline(LockedWithParent, admin.TabularInline):
    model = RiskArea
    extra = 0


@admin.register(Plan)
class PlanAdmin(LockedWhilePublished, admin.ModelAdmin):
    list_display = ("title", "board", "year", "state")
    list_select_related = ("board",)
    list_filter = ("board__organisation", "year", "state")
    search_fields = ("title", "board__name")
    inlines = [RiskAreaInline]


@admin.register(Risk)
class RiskAdmin(LockedWhilePublished, admin.ModelAdmin):
    list_display = ("__str__", "plan", "probability", "consequence", "stated_value")
    list_select_related = ("plan",)
    list_filter = ("plan__board__organisation",)
    search_fields = ("description", "plan__title")
    autocomplete_fields = ("recommendations",)


@admin.register(FollowUpRound)
class FollowUpRoundAdmin(LockedWhilePublished, admin.ModelAdmin):
    list_display = ("title", "plan", "date", "state")
    list_select_related = ("plan",)
    list_filter = ("plan__board__organisation", "state")
    search_fields = ("title",)


@admin.register(ControlFollowUp)
class ControlFollowUpAdmin(LockedWhilePublished, admin.ModelAdmin):
    list_display = ("__str__", "level")
    list_select_related = ("round", "control", "level")
    list_filter = ("round__plan__board__organisation",)


class ClauseInline(LockedWithParent, admin.TabularInline):
    model = DecisionClause
    extra = 0


class SectionInline(LockedWithParent, admin.StackedInline):
    model = MemoSection
    extra = 0


class DocumentInline(LockedWithParent, admin.TabularInline):
    model = DecisionDocument
    extra = 0


class SignatureInline(LockedWithParent, admin.TabularInline):
    model = Signature
    extra = 0


@admin.register(CoveringMemo)
class CoveringMemoAdmin(LockedWhilePublished, admin.ModelAdmin):
    list_display = ("title", "board", "date")
    list_select_related = ("board",)
    list_filter = ("board__organisation",)
    search_fields = ("title",)
    inlines = [ClauseInline, SectionInline, DocumentInline, SignatureInline]
