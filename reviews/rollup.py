"""The per-board roll-up for ansvarsprövning: for one board and a year, every
recommendation addressed to it or to any board it replaced (or to all boards), across
every audit and follow-up up to that year, with its latest status in a published review,
its age, the date promised, whether it is overdue, and how many follow-ups in a row
found it not implemented. What the elected auditors read each spring, per board.

Only published reviews count: a draft's statuses are not yet anyone's word."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.models import Board

from .models import Assessment, PromisedDate, Recommendation, ReviewState, Status
from .models.progress import is_overdue

# The report's order: what is still open first.
STATUS_ORDER = [Status.NOT_IMPLEMENTED, Status.PARTIAL, Status.NOT_ASSESSED, Status.IMPLEMENTED]


@dataclass
class RollupRow:
    recommendation: Recommendation
    issued_year: int
    status: str  # "" when no published follow-up has assessed it
    status_review: str
    promised_date: date | None
    overdue: bool
    not_implemented_in_a_row: int
    age: int  # years since it was issued

    @property
    def status_label(self) -> str:
        return str(Status(self.status or Status.NOT_ASSESSED).label)

    @property
    def is_open(self) -> bool:
        return self.status != Status.IMPLEMENTED


@dataclass
class BoardRollup:
    board: Board
    predecessors: list[Board]
    year: int
    as_of: date
    rows: list[RollupRow] = field(default_factory=list)

    @property
    def counts(self) -> list[tuple[str, int]]:
        """(status label, count) in the report's order, zeros left out."""
        counted = Counter(row.status or Status.NOT_ASSESSED for row in self.rows)
        return [(str(s.label), counted[s]) for s in STATUS_ORDER if counted[s]]

    @property
    def open_count(self) -> int:
        return sum(row.is_open for row in self.rows)

    @property
    def overdue_count(self) -> int:
        return sum(row.overdue for row in self.rows)

    def table_rows(self) -> list[list]:
        """Header and rows for the CSV and Excel downloads."""
        header = [
            _("Audit"),
            _("Recommendation"),
            _("Text"),
            _("Issued"),
            _("Age (years)"),
            _("Latest status"),
            _("Found by"),
            _("Planned completion date"),
            _("Overdue"),
            _("Not implemented, follow-ups in a row"),
        ]
        return [header] + [
            [
                row.recommendation.audit.label,
                row.recommendation.numbered_title,
                row.recommendation.text,
                row.issued_year,
                row.age,
                row.status_label,
                row.status_review,
                row.promised_date,
                _("yes") if row.overdue else _("no"),
                row.not_implemented_in_a_row,
            ]
            for row in self.rows
        ]


def board_rollup(board: Board, *, year: int, today: date) -> BoardRollup:
    """The roll-up of `board` for `year`: as of today in the current year, as of 31
    December for a year gone by. Five queries (and the board's lineage)."""
    lineage = board.lineage()
    as_of = today if year >= today.year else date(year, 12, 31)
    recommendations = list(
        Recommendation.objects.filter(audit__organisation=board.organisation_id)
        .filter(Q(addressed_to__in=lineage) | Q(addressed_to_all_boards=True))
        .filter(Q(issued_by=None, audit__year__lte=year) | Q(issued_by__year__lte=year))
        .distinct()
        .select_related("audit", "issued_by")
        .order_by("audit__year", "audit__title", "audit", "issued_by", "number")
    )
    ids = [r.pk for r in recommendations]
    history: dict[int, list[tuple[str, str]]] = {}
    for recommendation_id, status, title in (
        Assessment.objects.filter(
            recommendation__in=ids,
            review__state=ReviewState.PUBLISHED,
            review__year__lte=year,
        )
        .exclude(status=Status.NOT_ASSESSED)
        .order_by("review__year", "review__pk")
        .values_list("recommendation_id", "status", "review__title")
    ):
        history.setdefault(recommendation_id, []).append((status, title))
    promised = promised_dates(ids, year=year, before=None if as_of == today else as_of)
    rollup = BoardRollup(board, predecessors=lineage[1:], year=year, as_of=as_of)
    for recommendation in recommendations:
        found = history.get(recommendation.pk, [])
        status, title = found[-1] if found else ("", "")
        streak = 0
        for earlier, _title in reversed(found):
            if earlier != Status.NOT_IMPLEMENTED:
                break
            streak += 1
        issued = (
            recommendation.issued_by.year if recommendation.issued_by else recommendation.audit.year
        )
        rollup.rows.append(
            RollupRow(
                recommendation=recommendation,
                issued_year=issued,
                status=status,
                status_review=title,
                promised_date=promised.get(recommendation.pk),
                overdue=is_overdue(
                    promised_date=promised.get(recommendation.pk),
                    published_status=status,
                    today=as_of,
                ),
                not_implemented_in_a_row=streak,
                age=max(as_of.year - issued, 0),
            )
        )
    order = {status: place for place, status in enumerate(STATUS_ORDER)}
    rollup.rows.sort(key=lambda row: (order[row.status or Status.NOT_ASSESSED], -row.age))
    return rollup


def promised_dates(ids: list[int], *, year: int, before: date | None) -> dict[int, date]:
    """Each recommendation's promised date: its latest response's (up to `year`) as it
    stands now, or as it stood at the end of the day `before` (a year gone by is judged
    by what was promised then, not by a date moved since). Two queries."""
    current: dict[tuple[int, int], tuple[int, date | None]] = {}
    for recommendation_id, response_id, response_year, promised_on in PromisedDate.objects.filter(
        recommendation__in=ids, response__year__lte=year
    ).values_list("recommendation_id", "response_id", "response__year", "date"):
        current[recommendation_id, response_id] = (response_year, promised_on)
    if before is not None:
        end = timezone.make_aware(datetime.combine(before + timedelta(days=1), time.min))
        then: dict[tuple[int, int], tuple[int, date | None]] = {}
        changed: set[tuple[int, int]] = set()
        for recommendation_id, response_id, response_year, promised_on, kind, when in (
            PromisedDate.history.filter(recommendation_id__in=ids, response__year__lte=year)
            .order_by("history_date", "history_id")
            .values_list(
                "recommendation_id",
                "response_id",
                "response__year",
                "date",
                "history_type",
                "history_date",
            )
        ):
            key = (recommendation_id, response_id)
            changed.add(key)
            if when < end:
                then[key] = (response_year, None if kind == "-" else promised_on)
        # A date with no history (written before the history was kept) is taken as it is.
        current = {key: value for key, value in current.items() if key not in changed} | then
    promised: dict[int, date] = {}
    by_response = sorted(current.items(), key=lambda item: (item[1][0], item[0][1]))
    for (recommendation_id, _response), (_year, promised_on) in by_response:
        if promised_on is not None:  # (a date removed by then promises nothing)
            promised[recommendation_id] = promised_on  # the latest response's wins
    return promised
