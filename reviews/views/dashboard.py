"""The dashboard: one organisation's, or across every organisation the user reads."""

from django import forms
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core.xlsx import workbook_response
from organisations.models import Organisation

from ..dashboard import dashboard_of


class DashboardForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("All of them"),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


@require_safe
def dashboard_view(request):
    visible = Organisation.objects.visible_to(request.user)
    form = DashboardForm(request.GET, organisations=visible)
    if not form.is_valid():
        return render(request, "reviews/dashboard.html", {"form": form}, status=400)
    chosen = form.cleaned_data["organisation"]
    shown = visible.filter(pk=chosen.pk) if chosen else visible
    dashboard = dashboard_of(shown, today=timezone.localdate())
    if request.GET.get("format") == "xlsx":
        filename = slugify(" ".join(map(str, [_("overview"), chosen.name if chosen else _("all")])))
        return workbook_response(dashboard.workbook(), filename=f"{filename}.xlsx")
    query = {"organisation": chosen.pk} if chosen else {}
    first_two = list(visible[:2])  # one query says whether there is a choice to offer
    context = {
        "form": form,
        "several_visible": len(first_two) > 1,
        "chosen": chosen if chosen else (first_two[0] if len(first_two) == 1 else None),
        "dashboard": dashboard,
        "xlsx_url": "?" + urlencode({**query, "format": "xlsx"}),
    }
    return render(request, "reviews/dashboard.html", context)
