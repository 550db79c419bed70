"""The internal-control documents: the plan, and a follow-up round with its covering memo,
as PDF (WeasyPrint, through `core.pdf`). The round's table is laid out as the
organisation's regulation says (`ReportLayout`): seed 002's numbered table grouped by area,
or seed 004's risk → controls table."""

import hashlib
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.pdf import render_pdf, report_locale

from .models import (
    Control,
    ControlFollowUp,
    FollowUpRound,
    Plan,
    Risk,
    RiskArea,
    StoredReport,
)
from .summary import RoundCounts, risk_matrix, risks_by_area, round_counts


@dataclass
class Row:
    """One control of the plan in a round's table, with what the round says of it."""

    area: RiskArea
    risk: Risk
    risk_text: str  # as this round words it
    control: Control
    control_text: str
    follow_up: ControlFollowUp | None
    first_in_area: bool
    first_in_risk: bool

    @property
    def keep_together(self) -> bool:
        """Whether the PDF keeps this row whole on one page (see `fits_easily`)."""
        follow_up = self.follow_up
        return fits_easily(
            self.risk_text if self.first_in_risk else "",
            self.control_text,
            self.control.method,
            self.control.responsible,
            follow_up.result if follow_up else "",
            "\n\n".join(a.description for a in follow_up.actions.all()) if follow_up else "",
        )


# A table row of the PDFs whose every cell holds at most this many characters fits in
# well under a landscape page even in the narrowest column: it is moved whole to the next
# page rather than started in the last lines of one. Longer rows break across pages.
EASY_CELL = 600


def fits_easily(*cells: str) -> bool:
    return all(len(cell or "") <= EASY_CELL for cell in cells)


def round_rows(follow_up_round: FollowUpRound, plan: Plan) -> list[Row]:
    """Every control of the plan (read with `for_page`) in plan order, with the round's
    result for it (read with `FollowUpRound.objects.for_page`)."""
    results = {result.control_id: result for result in follow_up_round.results.all()}
    wordings = {wording.risk_id: wording.text for wording in follow_up_round.risk_wordings.all()}
    rows: list[Row] = []
    seen_areas: set[int] = set()
    for area, risks in risks_by_area(plan):
        for risk in risks:
            for place, control in enumerate(risk.controls.all()):
                follow_up = results.get(control.pk)
                rows.append(
                    Row(
                        area=area,
                        risk=risk,
                        risk_text=wordings.get(risk.pk, risk.description),
                        control=control,
                        control_text=(follow_up.wording if follow_up else control.description),
                        follow_up=follow_up,
                        first_in_area=area.pk not in seen_areas,
                        first_in_risk=place == 0,
                    )
                )
                seen_areas.add(area.pk)
    return rows


def plan_workbook(plan: Plan) -> list[tuple[str, list[list]]]:
    """The plan's table as an Excel sheet: a row per control (a risk without one gets a
    row of its own), the risk's columns repeated, so the sheet sorts and filters whole.
    From a plan read with `for_page`: no query."""
    rows = [
        [
            _("Area"),
            _("Risk"),
            _("Mandatory risk"),
            _("Risk description"),
            _("Probability"),
            _("Consequence"),
            _("Risk value"),
            _("Existing routines"),
            _("Control"),
            _("Mandatory control"),
            _("Control description"),
            _("Method"),
            _("Responsible"),
            _("When"),
        ]
    ]
    for area, risks in risks_by_area(plan):
        for risk in risks:
            about_risk = [
                area.name,
                risk.number,
                _("yes") if risk.mandatory else "",
                risk.description,
                risk.probability,
                risk.consequence,
                risk.value,
                risk.existing_routines,
            ]
            controls = list(risk.controls.all())
            if not controls:
                rows.append(about_risk)
            for control in controls:
                rows.append(
                    [
                        *about_risk,
                        control.number,
                        _("yes") if control.mandatory else "",
                        control.description,
                        control.method,
                        control.responsible,
                        control.due_on or (control.get_timing_display() if control.timing else ""),
                    ]
                )
    return [(_("Risks and controls"), rows)]


def round_workbook(follow_up_round: FollowUpRound, plan: Plan) -> list[tuple[str, list[list]]]:
    """A follow-up round as Excel sheets: the assessments counted, a row per control with
    what the round found, and a row per action. From the round and plan read with
    `for_page`: no query."""
    rows = round_rows(follow_up_round, plan)
    counts = round_counts(follow_up_round, len(rows))
    counted = [[_("Assessment"), _("Controls")]]
    counted += [[item.level.label, item.count] for item in counts.levels]
    if counts.not_yet_assessed:
        counted.append([_("not yet assessed"), counts.not_yet_assessed])
    counted.append([_("Total:"), counts.total])
    controls = [
        [
            _("Area"),
            _("Risk"),
            _("Risk description"),
            _("Control"),
            _("Control description"),
            _("Method"),
            _("Responsible"),
            _("Assessment"),
            _("Result"),
            _("Actions"),
        ]
    ]
    actions = [[_("Control"), _("Action"), _("Responsible"), _("End date"), _("Done")]]
    for row in rows:
        follow_up = row.follow_up
        number = row.control.number
        planned = list(follow_up.actions.all()) if follow_up else []
        controls.append(
            [
                row.area.name,
                row.risk.number,
                row.risk_text,
                number,
                row.control_text,
                row.control.method,
                row.control.responsible,
                follow_up.level.label if follow_up and follow_up.level else "",
                follow_up.result if follow_up else "",
                len(planned),
            ]
        )
        for action in planned:
            actions.append(
                [
                    number,
                    action.description,
                    action.responsible,
                    action.end_date,
                    _("yes") if action.done else "",
                ]
            )
    return [(_("Assessments"), counted), (_("Controls"), controls), (_("Actions"), actions)]


@dataclass
class RoundReport:
    follow_up_round: FollowUpRound
    plan: Plan
    rows: list[Row]
    counts: RoundCounts
    draft: bool

    @property
    def filename(self) -> str:
        name = slugify(f"{self.plan.board} {self.follow_up_round.title}")
        return f"{name}-utkast.pdf" if self.draft else f"{name}.pdf"


@dataclass
class PlanReport:
    plan: Plan
    areas: list  # (area, its risks)
    matrix: object
    draft: bool
    date: object
    keep_together: frozenset = frozenset()  # the risks whose table row the PDF keeps whole

    @property
    def filename(self) -> str:
        name = slugify(f"{self.plan.board} {self.plan.title}")
        return f"{name}-utkast.pdf" if self.draft else f"{name}.pdf"


@report_locale()
def plan_report_of(plan: Plan) -> PlanReport:
    """Everything the plan's PDF prints, in a fixed number of queries."""
    plan = Plan.objects.for_page().get(pk=plan.pk)
    risks = list(plan.risks.all())
    return PlanReport(
        plan=plan,
        areas=risks_by_area(plan),
        matrix=risk_matrix(risks),
        draft=not plan.is_adopted,
        date=timezone.localdate(),
        keep_together=frozenset(
            risk.pk
            for risk in risks
            if fits_easily(
                risk.description,
                risk.existing_routines,
                "\n\n".join(
                    f"{c.description}\n\n{c.method}\n\n{c.responsible}" for c in risk.controls.all()
                ),
            )
        ),
    )


@report_locale()
def round_report_of(follow_up_round: FollowUpRound) -> RoundReport:
    """Everything a round's PDF prints (memo, text, table, counts), in fixed queries."""
    follow_up_round = FollowUpRound.objects.for_page().get(pk=follow_up_round.pk)
    plan = Plan.objects.for_page().get(pk=follow_up_round.plan_id)
    rows = round_rows(follow_up_round, plan)
    return RoundReport(
        follow_up_round=follow_up_round,
        plan=plan,
        rows=rows,
        counts=round_counts(follow_up_round, len(rows)),
        draft=not follow_up_round.is_submitted,
    )


@report_locale()
def render_plan(plan: Plan) -> tuple[bytes, str]:
    report = plan_report_of(plan)
    html = render_to_string("internal_control/pdf/plan.html", {"report": report})
    return render_pdf(html), report.filename


@report_locale()
def render_round(follow_up_round: FollowUpRound) -> tuple[bytes, str]:
    report = round_report_of(follow_up_round)
    html = render_to_string("internal_control/pdf/round.html", {"report": report})
    return render_pdf(html), report.filename


def plan_pdf(plan: Plan) -> tuple[bytes, str]:
    """The plan's PDF and its file name: a draft rendered afresh (UTKAST on every page),
    an adopted plan's the one stored when it was adopted."""
    if not plan.is_adopted:
        return render_plan(plan)
    stored = StoredReport.objects.filter(plan=plan).first() or store_report(plan=plan)
    return bytes(stored.pdf), stored.filename


def round_pdf(follow_up_round: FollowUpRound) -> tuple[bytes, str]:
    """The round's PDF with its memo: a draft rendered afresh, a submitted round's the one
    stored when it was submitted."""
    if not follow_up_round.is_submitted:
        return render_round(follow_up_round)
    stored = StoredReport.objects.filter(round=follow_up_round).first() or store_report(
        follow_up_round=follow_up_round
    )
    return bytes(stored.pdf), stored.filename


def store_report(*, plan: Plan | None = None, follow_up_round=None) -> StoredReport:
    """Render and keep the PDF of an adopted plan or a submitted round (once: a second
    call at the same moment keeps the first)."""
    pdf, filename = render_plan(plan) if plan is not None else render_round(follow_up_round)
    stored, _created = StoredReport.objects.get_or_create(
        plan=plan,
        round=follow_up_round,
        defaults={"pdf": pdf, "sha256": hashlib.sha256(pdf).hexdigest(), "filename": filename},
    )
    return stored
