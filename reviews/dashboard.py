"""The dashboard of one organisation, or of every organisation the user reads: how the
published follow-ups found the recommendations over the years, the open ones by age and
by board (by organisation across several), and how many are overdue. A few grouped
queries whatever the size; each chart comes with the table of its numbers.

Only published follow-ups count: open means not implemented in the latest published
assessment (`Recommendation.latest_published_status`), overdue is
`RecommendationQuerySet.overdue`'s rule."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from core.charts import BarChart, Series, bar_chart
from organisations.models import Board

from .models import Assessment, FollowUpReview, Recommendation, Status

SERIES = [
    Series(Status.NOT_IMPLEMENTED, str(Status.NOT_IMPLEMENTED.label), "series-not_implemented"),
    Series(Status.PARTIAL, str(Status.PARTIAL.label), "series-partial"),
    Series(Status.IMPLEMENTED, str(Status.IMPLEMENTED.label), "series-implemented"),
]
AGES = [(0, 1), (2, 3), (4, 5), (6, None)]  # years since issued, both ends included
MOST = 25  # bars in the chart of open recommendations per board or organisation


@dataclass
class Dashboard:
    by_review: BarChart
    by_age: BarChart
    age_rows: list[tuple[str, int]]
    by_place: BarChart
    place_rows: list[tuple[str, int]]
    open_count: int
    overdue_count: int
    several: bool  # across several organisations: by year and by organisation

    def workbook(self) -> list[tuple[str, list[list]]]:
        """The page's figures and tables as an Excel workbook's sheets."""
        first = _("Year") if self.several else _("Follow-up")
        by_review = [[first, *(one.label for one in self.by_review.series), _("Total")]]
        by_review += [[label, *values, total] for label, values, total in self.by_review.table_rows]
        place = _("Organisation") if self.several else _("Board")
        return [
            (
                _("Key figures"),
                [
                    [_("Key figure"), _("Recommendations")],
                    [_("Open recommendations"), self.open_count],
                    [_("Overdue"), self.overdue_count],
                ],
            ),
            (_("Follow-ups"), by_review),
            (_("By age"), [[_("Age"), _("Recommendations")], *map(list, self.age_rows)]),
            (
                _("By organisation") if self.several else _("By board"),
                [[place, _("Recommendations")], *map(list, self.place_rows)],
            ),
        ]


def age_label(low: int, high: int | None) -> str:
    if high is None:
        return _("%(low)s years or more") % {"low": low}
    return _("%(low)s–%(high)s years") % {"low": low, "high": high}


def dashboard_of(organisations, *, today: date) -> Dashboard:
    """`organisations`: a queryset of those shown. One organisation: a bar per published
    follow-up and per board; several: per year and per organisation."""
    several = organisations.count() > 1
    review_rows = _review_rows(organisations, several=several)
    open_recommendations = Recommendation.objects.filter(
        audit__organisation__in=organisations
    ).exclude(latest_published_status=Status.IMPLEMENTED)
    # One pass over the open recommendations: how many per place and year issued, and
    # how many of those are overdue.
    place = "audit__organisation__name" if several else "audit__organisation"
    grouped = (
        open_recommendations.annotate(issued=Coalesce(F("issued_by__year"), F("audit__year")))
        .values(place, "issued")
        .annotate(n=Count("pk"), overdue=Count("pk", filter=Q(promised_date__lt=today)))
        .order_by()
    )
    issued: Counter = Counter()
    per_organisation: Counter = Counter()
    overdue = 0
    for row in grouped:
        issued[row["issued"]] += row["n"]
        per_organisation[row[place]] += row["n"]
        overdue += row["overdue"]
    age_rows = [
        (
            age_label(low, high),
            sum(
                n
                for year, n in issued.items()
                if today.year - year >= low and (high is None or today.year - year <= high)
            ),
        )
        for low, high in AGES
    ]
    if several:
        place_rows = sorted(per_organisation.items(), key=lambda item: (-item[1], item[0]))
        place_title = _("Open recommendations by organisation")
    else:
        place_rows = _board_rows(open_recommendations)
        place_title = _("Open recommendations by board")
    single = [Series("n", _("Open recommendations"), "series-single")]
    return Dashboard(
        by_review=bar_chart(
            id="chart-reviews",
            title=_("How the published follow-ups found the recommendations, year by year")
            if several
            else _("How the published follow-ups found the recommendations"),
            description=_(
                "A bar per follow-up, divided by status; the table beside it gives the numbers."
            ),
            series=SERIES,
            rows=review_rows,
        ),
        by_age=bar_chart(
            id="chart-age",
            title=_("Open recommendations by age"),
            description=_("Years since each open recommendation was issued."),
            series=single,
            rows=[(label, {"n": n}) for label, n in age_rows],
        ),
        age_rows=age_rows,
        by_place=bar_chart(
            id="chart-places",
            title=place_title,
            description=_("The most open recommendations first."),
            series=single,
            rows=[(label, {"n": n}) for label, n in place_rows[:MOST]],
        ),
        place_rows=place_rows[:MOST],
        open_count=sum(issued.values()),
        overdue_count=overdue,
        several=several,
    )


def _review_rows(organisations, *, several: bool) -> list[tuple[str, dict]]:
    """(bar label, {status: count}) per published follow-up, or per year."""
    published = FollowUpReview.objects.published().filter(organisation__in=organisations)
    fields = ["review__year"] if several else ["review__year", "review", "review__title"]
    counted = (
        Assessment.objects.filter(review__in=published)
        .exclude(status=Status.NOT_ASSESSED)
        .values(*fields, "status")
        .annotate(n=Count("pk"))
        .order_by(*fields)
    )
    bars: dict[str, Counter] = defaultdict(Counter)
    for row in counted:
        year = row["review__year"]
        bars[str(year) if several else f"{year}: {row['review__title']}"][row["status"]] += row["n"]
    return [(label, dict(counts)) for label, counts in bars.items()]


def _board_rows(open_recommendations) -> list[tuple[str, int]]:
    """(board, open recommendations addressed to it), most first, and those to all
    boards last."""
    counted = dict(
        open_recommendations.filter(addressed_to__isnull=False)
        .values("addressed_to")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("addressed_to", "n")
    )
    names = dict(Board.objects.filter(pk__in=counted).values_list("pk", "name"))
    rows = sorted(((names[pk], n) for pk, n in counted.items()), key=lambda r: (-r[1], r[0]))
    if all_boards := open_recommendations.filter(addressed_to_all_boards=True).count():
        rows.append((_("All boards"), all_boards))
    return rows
