"""The per-board roll-up for ansvarsprövning: a page, and the same as CSV, Excel and PDF."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from core.pdf import render_pdf, report_locale
from core.xlsx import xlsx_response
from organisations.models import Board, Organisation

from ..rollup import BoardRollup, board_rollup
from ..spreadsheets import csv_response
from .reviews import pdf_response

FORMATS = ["", "csv", "xlsx", "pdf"]


class RollupForm(forms.Form):
    """The year asked for (`default_year` when none) and the format of a download."""

    format = forms.ChoiceField(
        label=gettext_lazy("Format"), choices=[(f, f) for f in FORMATS], required=False
    )

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"] = forms.IntegerField(
            label=gettext_lazy("Year"), min_value=2000, max_value=today.year + 1, required=False
        )


@require_safe
def rollup_index_view(request):
    """The boards whose roll-up the user may read, per organisation."""
    organisations = Organisation.objects.visible_to(request.user).prefetch_related(
        "boards__successors"
    )
    listed = []
    for organisation in organisations:
        boards = [
            b
            for b in organisation.boards.all()
            if request.user.has_perm("reviews.view_board_rollup", b)
        ]
        if boards:
            # Today's boards first: a replaced board's roll-up is in its successor's.
            boards.sort(key=lambda b: (bool(list(b.successors.all())), b.name))
            listed.append((organisation, boards))
    return render(request, "reviews/rollup_index.html", {"organisations": listed})


@require_safe
def board_rollup_view(request, pk: int):
    board = get_object_or_404(
        Board.objects.filter(
            organisation__in=Organisation.objects.visible_to(request.user)
        ).select_related("organisation"),
        pk=pk,
    )
    if not request.user.has_perm("reviews.view_board_rollup", board):
        raise PermissionDenied
    today = timezone.localdate()
    form = RollupForm(request.GET, today=today)
    if not form.is_valid():
        context = {"board": board, "form": form, "rollup": None}
        return render(request, "reviews/board_rollup.html", context, status=400)
    year = form.cleaned_data["year"] or default_year(today)
    rollup = board_rollup(board, year=year, today=today)
    name = slugify(f"ansvarsprovning {year} {board.name}")
    match form.cleaned_data["format"]:
        case "csv":
            return csv_response(rollup.table_rows(), filename=f"{name}.csv")
        case "xlsx":
            return xlsx_response(rollup.table_rows(), title=board.name, filename=f"{name}.xlsx")
        case "pdf":
            return pdf_response(rollup_pdf(rollup), f"{name}.pdf", published=False)
    context = {"board": board, "form": form, "rollup": rollup, "years": years_for(today)}
    return render(request, "reviews/board_rollup.html", context)


def default_year(today) -> int:
    """The year a board is judged for: in the spring, the year just ended (the council's
    ansvarsprövning); from July, the year under way."""
    return today.year - 1 if today.month <= 6 else today.year


def years_for(today) -> list[int]:
    return list(range(today.year, today.year - 10, -1))


@report_locale()
def rollup_pdf(rollup: BoardRollup) -> bytes:
    """The pack for the elected auditors: Swedish whoever asks, tagged like every report."""
    html = render_to_string("reviews/pdf/rollup.html", {"rollup": rollup})
    return render_pdf(html)
