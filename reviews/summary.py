"""The summary table of a follow-up review: status counts per audit and in total.

Always computed from the assessments, so it can never disagree with the report body.
The web page, the CSV download and the `summary_table` command all print this object.
"""

from dataclasses import dataclass, fields, make_dataclass

from django.utils.translation import gettext as _

from core.collation import swedish_key
from core.querysets import related_model
from organisations.models import Board

from .choices import Status
from .models import Assessment, BoardStatus, FollowUpReview, ReviewedAudit
from .spreadsheets import SafeCsvWriter


def _add(self, other):
    return type(self)(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))


# A count per status, named after each status's `column` (`counts.partial`), in the
# statuses' order: made from `Status`, so a status added there is counted everywhere.
StatusCounts = make_dataclass(
    "StatusCounts",
    [(status.column, int, 0) for status in Status],
    frozen=True,
    namespace={"__add__": _add, "__module__": __name__},
)


@dataclass(frozen=True)
class SummaryRow:
    label: str
    counts: StatusCounts
    audit_id: int
    grade: str = ""  # the audit's grade on the review's scale, if it has one


@dataclass(frozen=True)
class ReviewSummary:
    rows: list[SummaryRow]
    graded: bool = False  # the review grades its audits: the table has a grade column

    @property
    def total(self) -> StatusCounts:
        return sum((row.counts for row in self.rows), StatusCounts())

    @property
    def has_unassessed(self) -> bool:
        """True while a draft still has recommendations without a status."""
        return self.total.not_assessed > 0

    def columns(self) -> list[tuple[str, str]]:
        """(attribute, heading) of the count columns, in the order reports print them."""
        return [
            (status.column, str(status.label))
            for status in Status
            if status != Status.NOT_ASSESSED or self.has_unassessed
        ]

    def printed_rows(self) -> list[tuple[str, list[str], str]]:
        """(label, cells, grade) as the report prints them, "-" for zero, the total last
        (without a grade)."""
        columns = [name for name, _heading in self.columns()]
        rows = [(row.label, row.counts, row.grade) for row in self.rows]
        rows.append((_("Total:"), self.total, ""))
        return [
            (label, [format_count(getattr(counts, name)) for name in columns], grade)
            for label, counts, grade in rows
        ]


def review_summary(review: FollowUpReview) -> ReviewSummary:
    reviewed_audits = ReviewedAudit.objects.filter(review=review).with_status_counts()
    return ReviewSummary(
        rows=[
            SummaryRow(
                label=reviewed.audit.label,
                counts=StatusCounts(**{s.column: getattr(reviewed, s.column) for s in Status}),
                audit_id=reviewed.audit_id,
                grade=reviewed.grade,
            )
            for reviewed in reviewed_audits
        ],
        graded=bool(review.grades),
    )


def format_count(count: int) -> str:
    """Reports print a dash, not a zero."""
    return str(count) if count else "-"


def table_rows(summary: ReviewSummary) -> list[list]:
    """The header and a row per audit, then the total: plain numbers, for the CSV and
    the Excel download."""
    columns = summary.columns()
    grade = [_("Grade")] if summary.graded else []
    rows = [[_("Audits"), *(heading for _name, heading in columns), *grade]]
    counted = [(row.label, row.counts, [row.grade]) for row in summary.rows]
    counted.append((_("Total:"), summary.total, [""]))
    for label, counts, grades in counted:
        rows.append(
            [label, *(getattr(counts, name) for name, _heading in columns), *grades[: len(grade)]]
        )
    return rows


def write_csv(summary: ReviewSummary, stream) -> None:
    """Semicolon-separated, as Swedish spreadsheet programs expect; plain numbers for
    scripts; no title can run as a formula."""
    writer = SafeCsvWriter(stream)
    for row in table_rows(summary):
        writer.writerow(row)


def as_text(summary: ReviewSummary) -> str:
    """The table laid out for a terminal, as the report prints it."""
    columns = summary.columns()
    header = [_("Audits"), *(heading for _name, heading in columns)]
    lines = [[label, *cells] for label, cells, _grade in summary.printed_rows()]
    widths = [max(len(line[i]) for line in [header, *lines]) for i in range(len(header))]

    def layout(cells: list[str]) -> str:
        first, *counts = cells
        return "  ".join(
            [first.ljust(widths[0]), *(c.rjust(w) for c, w in zip(counts, widths[1:], strict=True))]
        ).rstrip()

    return "\n".join([layout(header), *(layout(line) for line in lines)]) + "\n"


@dataclass
class BoardLine:
    """One recommendation in one board's view of a review: its status for that board (the
    board's own, when the review judged the boards apart) and the recommendation's."""

    recommendation: object
    assessment: object
    board_status: str
    own: bool  # the board has a status of its own


@dataclass
class BoardView:
    key: str  # the board's id, or "all" for the recommendations addressed to all boards
    name: str
    statuses: list[str]  # each recommendation's status for the board

    @property
    def counts(self) -> StatusCounts:
        return StatusCounts(
            **{
                status.column: sum(1 for each in self.statuses if each == status)
                for status in Status
            }
        )

    @property
    def counts_in_order(self) -> list[int]:
        """The counts in the statuses' order, as the board-by-board table prints them."""
        counts = self.counts
        return [getattr(counts, status.column) for status in Status]


ALL_BOARDS = "all"


def boards_view(review: FollowUpReview) -> list[BoardView]:
    """For each board addressed, the statuses of its recommendations in this review (its
    own where the review judged the boards apart, else the recommendation's), boards in
    Swedish order; those addressed to all boards under one heading. Four queries of plain
    values: a region's review addresses thousands of recommendations."""
    assessments = review.assessments.values_list(
        "pk", "status", "recommendation_id", "recommendation__addressed_to_all_boards"
    )
    Addressed = related_model(Assessment, "recommendation").addressed_to.through
    addressed: dict[int, list[int]] = {}
    for recommendation_id, board_id in Addressed.objects.filter(
        recommendation__assessments__review=review
    ).values_list("recommendation_id", "board_id"):
        addressed.setdefault(recommendation_id, []).append(board_id)
    own = {
        (assessment_id, board_id): status
        for assessment_id, board_id, status in BoardStatus.objects.filter(
            assessment__review=review
        ).values_list("assessment_id", "board_id", "status")
    }
    names = dict(
        Board.objects.filter(
            pk__in={board for boards in addressed.values() for board in boards}
        ).values_list("pk", "name")
    )
    views: dict[object, BoardView] = {}
    for pk, status, recommendation_id, to_all in assessments:
        for board_id in addressed.get(recommendation_id, ()):
            view = views.setdefault(
                board_id, BoardView(key=str(board_id), name=names[board_id], statuses=[])
            )
            view.statuses.append(own.get((pk, board_id), status))
        if to_all:
            view = views.setdefault(
                ALL_BOARDS, BoardView(key=ALL_BOARDS, name=_("All boards"), statuses=[])
            )
            view.statuses.append(status)
    return sorted(views.values(), key=lambda view: swedish_key(view.name))


def board_lines(review: FollowUpReview, view: BoardView) -> list[BoardLine]:
    """One board's recommendations in this review, in the report's order, with their
    statuses for the board. Five queries."""
    assessments = _in_report_order(review)
    if view.key == ALL_BOARDS:
        key = ALL_BOARDS
        assessments = assessments.filter(recommendation__addressed_to_all_boards=True)
    else:
        key = int(view.key)
        assessments = assessments.filter(recommendation__addressed_to=key)
    return [_board_line(assessment, key) for assessment in assessments]


def every_board_lines(review: FollowUpReview) -> list[tuple[str, list[BoardLine]]]:
    """Every board's recommendations (`board_lines` for each of `boards_view`), as
    (board name, lines), boards in Swedish order. Six queries, however many boards."""
    assessments = _in_report_order(review).prefetch_related("recommendation__addressed_to")
    boards: dict[object, tuple[str, list[BoardLine]]] = {}
    for assessment in assessments:
        recommendation = assessment.recommendation
        keys = [(board.pk, board.name) for board in recommendation.addressed_to.all()]
        if recommendation.addressed_to_all_boards:
            keys.append((ALL_BOARDS, _("All boards")))
        for key, name in keys:
            boards.setdefault(key, (name, []))[1].append(_board_line(assessment, key))
    return sorted(boards.values(), key=lambda board: swedish_key(board[0]))


def boards_workbook(review: FollowUpReview) -> list[tuple[str, list[list]]]:
    """The board-by-board page as an Excel workbook's sheets: the boards' status counts,
    then every board's recommendations with their statuses."""
    counts = [[_("Board"), *(status.label for status in Status), _("Total")]]
    for view in boards_view(review):
        counts.append([view.name, *view.counts_in_order, len(view.statuses)])
    lines = [
        [
            _("Board"),
            _("Audit"),
            _("Recommendation"),
            _("Status for the board"),
            _("The board's own"),
            _("Status of the recommendation"),
        ]
    ]
    for name, lines_of_board in every_board_lines(review):
        for line in lines_of_board:
            lines.append(
                [
                    name,
                    line.recommendation.audit.label,
                    line.recommendation.numbered_title,
                    Status(line.board_status).label if line.board_status else "",
                    _("yes") if line.own else "",
                    line.assessment.get_status_display() if line.assessment.status else "",
                ]
            )
    return [(_("Boards"), counts), (_("Recommendations"), lines)]


def _in_report_order(review: FollowUpReview):
    return (
        review.assessments.select_related("recommendation__audit")
        .prefetch_related("recommendation__parts", "board_statuses", "part_assessments")
        .filter(recommendation__audit__reviewed_in__review=review)
        .order_by("recommendation__audit__reviewed_in__position", "recommendation__number")
    )


def _board_line(assessment: Assessment, key) -> BoardLine:
    own = {status.board_id: status.status for status in assessment.board_statuses.all()}
    return BoardLine(
        recommendation=assessment.recommendation,
        assessment=assessment,
        board_status=own.get(key, assessment.status),
        own=key in own,
    )
