"""django-tables2 tables: the review list and the summary table."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import FollowUpReview
from .summary import ReviewSummary, format_count


class ReviewTable(tables.Table):
    caption = _("Follow-up reviews")
    caption_hidden = True  # the page heading says it; screen readers still hear it

    title = tables.Column(linkify=("reviews:review-summary", {"pk": tables.A("pk")}))
    organisation = tables.Column(order_by=("organisation__name",))
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
    )
    implemented = CountColumn()
    partial = CountColumn()
    not_implemented = CountColumn()
    not_assessed = CountColumn()

    def __init__(self, summary: ReviewSummary, *, review_id: int | None = None):
        """With `review_id`, each audit links to its assessment screen."""
        self.summary = summary
        headings = dict(summary.columns())

        def url(row):
            if review_id is None:
                return None
            return reverse("reviews:assessment-screen", args=[review_id, row.audit_id])

        super().__init__(
            [{"label": row.label, "url": url(row), **vars(row.counts)} for row in summary.rows],
            exclude=[name for name in ("not_assessed",) if name not in headings],
        )
        for name, heading in headings.items():
            self.columns[name].column.verbose_name = heading
