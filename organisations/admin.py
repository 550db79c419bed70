"""The admin of organisations, boards, firms and role assignments (administrators manage
people here; everyone else uses the app's own pages)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from core.admin import LockedWhilePublished, SafeIds

from .models import Board, Firm, Membership, Organisation


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
