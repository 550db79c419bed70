"""django-tables2 tables: the review list and the summary table."""

from dataclasses import asdict

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.collation import swedish, swedish_long
from core.tables import USER_TEXT

from .models import Audit, FollowUpReview, Recommendation, Status
from .summary import ReviewSummary, format_count


class ReviewTable(tables.Table):
    caption = _("Follow-up reviews")
    caption_hidden = True  # the page heading says it; screen readers still hear it

    title = tables.Column(
        linkify=("reviews:review-summary", {"pk": tables.A("pk")}), attrs=USER_TEXT
    )
    organisation = tables.Column(order_by=("organisation__name",), attrs=USER_TEXT)
    year = tables.Column()
    firm = tables.Column(order_by=("firm__name",))
    audit_count = tables.Column(
        verbose_name=_("Audits"), attrs={"th": {"class": "num"}, "td": {"class": "num"}}
    )
    state = tables.Column()

    class Meta:
        model = FollowUpReview
        fields = ("title", "organisation", "year", "firm", "audit_count", "state")
        order_by = ("-year", "title")
        empty_text = _("No follow-up reviews yet.")

    def order_title(self, queryset, is_descending):
        return queryset.order_by(swedish("title", descending=is_descending)), True


class CountColumn(tables.Column):
    """A status count, printed as reports print it: "-" for zero."""

    def __init__(self, **kwargs):
        numeric = {"class": "num"}
        super().__init__(
            orderable=False, attrs={"th": numeric, "td": numeric, "tf": numeric}, **kwargs
        )

    def render(self, value):
        return format_count(value)

    def render_footer(self, bound_column, table):
        return format_count(getattr(table.summary.total, bound_column.name))


class SummaryTable(tables.Table):
    """One row per audit followed up, a count per status, and the total."""

    caption = _("Recommendations per audit and status")

    label = tables.Column(
        verbose_name=_("Audits"),
        orderable=False,
        footer=_("Total:"),
        linkify=lambda record: record.get("url"),
        attrs=USER_TEXT,
    )

    def __init__(self, summary: ReviewSummary, *, review_id: int | None = None):
        """A count column per status the summary prints. With `review_id`, each audit
        links to its assessment screen."""
        self.summary = summary

        def url(row):
            if review_id is None:
                return None
            return reverse("reviews:assessment-screen", args=[review_id, row.audit_id])

        grade = (
            [("grade", tables.Column(verbose_name=_("Grade"), orderable=False))]
            if summary.graded
            else []
        )
        super().__init__(
            [
                {"label": row.label, "url": url(row), "grade": row.grade, **asdict(row.counts)}
                for row in summary.rows
            ],
            extra_columns=[
                *((name, CountColumn(verbose_name=heading)) for name, heading in summary.columns()),
                *grade,
            ],
        )


class AuditTable(tables.Table):
    caption = _("Audits")
    caption_hidden = True

    title = tables.Column(attrs=USER_TEXT)
    year = tables.Column()
    organisation = tables.Column(order_by=("organisation__name",), attrs=USER_TEXT)
    firm = tables.Column(order_by=("firm__name",))
    recommendation_count = tables.Column(
        verbose_name=_("Recommendations"), attrs={"th": {"class": "num"}, "td": {"class": "num"}}
    )

    class Meta:
        model = Audit
        fields = ("title", "year", "organisation", "firm", "recommendation_count")
        order_by = ("-year", "title")
        empty_text = _("No audits match.")

    def __init__(self, *args, editable: set[int] = frozenset(), **kwargs):
        """`editable`: the organisations whose audits the user may edit."""
        super().__init__(*args, **kwargs)
        self.editable = editable

    def value_title(self, value):
        return value

    def render_title(self, record, value):
        if record.organisation_id in self.editable:
            url = reverse("reviews:audit-edit", args=[record.pk])
        else:
            url = reverse("reviews:recommendation-list") + f"?audit={record.pk}"
        return format_html('<a href="{}">{}</a>', url, value)

    def order_title(self, queryset, is_descending):
        return queryset.order_by(swedish("title", descending=is_descending), "year"), True


class RecommendationTable(tables.Table):
    caption = _("Recommendations")
    caption_hidden = True

    audit = tables.Column(verbose_name=_("Audit"), accessor="audit__label", attrs=USER_TEXT)
    number = tables.Column(verbose_name=_("No."), attrs={"td": {"class": "num"}})
    text = tables.Column(
        linkify=("reviews:recommendation-detail", {"pk": tables.A("pk")}), attrs=USER_TEXT
    )
    addressed_to = tables.Column(
        verbose_name=_("Addressed to"), orderable=False, empty_values=(), attrs=USER_TEXT
    )
    status = tables.Column(verbose_name=_("Status"), empty_values=())

    class Meta:
        model = Recommendation
        fields = ("audit", "number", "text", "addressed_to", "status")
        order_by = ("audit", "number")
        empty_text = _("No recommendations match.")

    def render_text(self, value):
        return value if len(value) <= 160 else value[:159].rsplit(" ", 1)[0] + " …"

    def value_text(self, value):
        return value  # the whole text in a download

    def render_addressed_to(self, record):
        return record.addressees

    def render_number(self, record):
        """A follow-up numbers what it issues afresh: its number says whose it is."""
        if record.issued_by_id:
            return f"{record.number} ({record.issued_by.title})"
        return record.number

    def render_status(self, record):
        label = Status(record.status or "").label
        return f"{label} ({record.status_review})" if record.status_review else label

    def order_audit(self, queryset, is_descending):
        ordering = swedish("audit__title", descending=is_descending)
        return queryset.order_by(ordering, "audit__year", "number"), True

    def order_text(self, queryset, is_descending):
        return queryset.order_by(*swedish_long("text", descending=is_descending), "pk"), True
