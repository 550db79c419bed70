"""django-tables2 tables: the plans and the open actions."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.collation import swedish
from core.tables import USER_TEXT

from .models import Action, Plan

NUMERIC = {"th": {"class": "num"}, "td": {"class": "num"}}


class PlanTable(tables.Table):
    caption = _("Internal-control plans")
    caption_hidden = True

    title = tables.Column(
        linkify=("internal_control:plan-detail", {"pk": tables.A("pk")}), attrs=USER_TEXT
    )
    board = tables.Column(order_by=("board__name",), attrs=USER_TEXT)
    organisation = tables.Column(
        accessor="board__organisation",
        verbose_name=_("Organisation"),
        order_by=("board__organisation__name",),
    )
    year = tables.Column()
    risk_count = tables.Column(verbose_name=_("Risks"), attrs=NUMERIC)
    round_count = tables.Column(verbose_name=_("Follow-ups"), attrs=NUMERIC)
    state = tables.Column()

    class Meta:
        model = Plan
        fields = ("title", "board", "organisation", "year", "risk_count", "round_count", "state")
        order_by = ("-year", "board")
        empty_text = _("No internal-control plans yet.")

    def order_title(self, queryset, is_descending):
        return queryset.order_by(swedish("title", descending=is_descending)), True

    def order_board(self, queryset, is_descending):
        return queryset.order_by(swedish("board__name", descending=is_descending), "-year"), True


class ActionTable(tables.Table):
    caption = _("Actions")
    caption_hidden = True

    description = tables.Column(
        verbose_name=_("Action"),
        linkify=lambda record: record.follow_up.round.get_absolute_url(),
        orderable=False,
        attrs=USER_TEXT,
    )
    board = tables.Column(
        accessor="follow_up__round__plan__board",
        verbose_name=_("Board"),
        order_by=("follow_up__round__plan__board__name",),
        attrs=USER_TEXT,
    )
    plan = tables.Column(
        accessor="follow_up__round__plan__year", verbose_name=_("Plan year"), attrs=NUMERIC
    )
    risk = tables.Column(
        accessor="follow_up__control__risk__number", verbose_name=_("Risk"), attrs=NUMERIC
    )
    responsible = tables.Column(orderable=False)
    end_date = tables.Column(verbose_name=_("End date"))
    done = tables.Column(verbose_name=_("Progress"), orderable=False, empty_values=())

    class Meta:
        model = Action
        fields = ("description", "board", "plan", "risk", "responsible", "end_date", "done")
        order_by = ("end_date",)
        empty_text = _("No actions match.")

    def __init__(self, *args, today, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)

    def render_description(self, value):
        return value if len(value) <= 160 else value[:159] + "…"

    def value_description(self, value):
        return value  # the whole text in a download

    def render_done(self, record):
        if record.done:
            return format_html('<span class="state state-done">{}</span>', _("done"))
        if record.end_date and record.end_date < self.today:
            return format_html('<span class="state state-overdue">{}</span>', _("overdue"))
        return format_html('<span class="state state-open">{}</span>', _("open"))
