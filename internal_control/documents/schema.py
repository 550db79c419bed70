"""The internal-control document format (docs/INTERNAL_CONTROL_FORMAT.md): its vocabulary
and its parts (pydantic)."""

import datetime
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, StrictBool

from core.documents import Part, RequiredText, Text, Year, name_of, short_text
from organisations.documents import BoardPart, OrganisationPart

from ..choices import (
    PlanState,
    ReportLayout,
    RoundKind,
    RoundState,
    Severity,
    Timing,
)
from ..models import (
    Action,
    Control,
    CoveringMemo,
    DecisionDocument,
    FollowUpRound,
    Level,
    MemoSection,
    Plan,
    Regulation,
    RiskArea,
    Signature,
)

FORMAT = "audit-tracker/internal-control 1"

# The words a file uses for the fixed sets, mapped to stored values.
LAYOUTS = {"per område": ReportLayout.BY_AREA, "per risk": ReportLayout.BY_RISK}
SEVERITIES = {
    "inga brister": Severity.NO_REMARKS,
    "mindre brister": Severity.MINOR,
    "väsentliga brister": Severity.SIGNIFICANT,
    "ingen bedömning": Severity.NOT_ASSESSED,
}
PLAN_STATES = {"utkast": PlanState.DRAFT, "antagen": PlanState.ADOPTED}
ROUND_STATES = {"utkast": RoundState.DRAFT, "inlämnad": RoundState.SUBMITTED}
ROUND_KINDS = {
    "delår": RoundKind.HALF_YEAR,
    "årsbokslut": RoundKind.YEAR_END,
    "annan": RoundKind.OTHER,
}
TIMINGS = {
    "första halvåret": Timing.FIRST_HALF,
    "andra halvåret": Timing.SECOND_HALF,
    "under året": Timing.WHOLE_YEAR,
    "datum": Timing.DATE,
}

Step = Annotated[int, Field(ge=1, le=5)]
Number = Annotated[int, Field(ge=1, le=32767)]


def optional(model, field_name: str):
    """A one-line text that may be empty, as long as its column."""
    return short_text(model._meta.get_field(field_name).max_length, required=False)


class LevelPart(Part):
    label: name_of(Level, "label")
    severity: Literal[tuple(SEVERITIES)]


class RegulationPart(Part):
    name: name_of(Regulation)
    report_layout: Literal[tuple(LAYOUTS)] = "per risk"
    levels: Annotated[list[LevelPart], Field(min_length=1)]


class PlanPart(Part):
    title: name_of(Plan, "title")
    year: Year
    state: Literal[tuple(PLAN_STATES)] = "utkast"
    dated: datetime.date | None = None
    adopted_on: datetime.date | None = None
    minute_reference: optional(Plan, "minute_reference") = ""
    registration_number: optional(Plan, "registration_number") = ""
    introduction_heading: optional(Plan, "introduction_heading") = ""
    introduction: Text = ""


class ControlPart(Part):
    description: RequiredText
    method: Text = ""
    responsible: optional(Control, "responsible") = ""
    when: Literal[tuple(TIMINGS)] | None = None
    date: datetime.date | None = None
    mandatory: StrictBool = False


class RiskPart(Part):
    number: Number
    description: RequiredText
    mandatory: StrictBool = False
    existing_routines: Text = ""
    probability: Step | None = None
    consequence: Step | None = None
    value: Annotated[int, Field(ge=1, le=25)] | None = None
    controls: list[ControlPart] = []


class AreaPart(Part):
    name: name_of(RiskArea)
    risks: list[RiskPart] = []


class SignaturePart(Part):
    name: name_of(Signature)
    title: optional(Signature, "title") = ""


class SectionPart(Part):
    heading: name_of(MemoSection, "heading")
    text: Text = ""


class MemoPart(Part):
    model_config = ConfigDict(populate_by_name=True)  # "from" is a Python keyword

    from_: optional(CoveringMemo, "sender") = Field("", alias="from")
    title: name_of(CoveringMemo, "title")
    date: datetime.date
    registration_number: optional(CoveringMemo, "registration_number") = ""
    case_officer: optional(CoveringMemo, "case_officer") = ""
    decision_intro: optional(CoveringMemo, "decision_intro") = ""
    decision: list[RequiredText] = []
    sections: list[SectionPart] = []
    documents: list[name_of(DecisionDocument, "text")] = []
    documents_after_section: Annotated[int, Field(ge=0, le=32767)] | None = None
    signed_for: optional(CoveringMemo, "signed_for") = ""
    signatures: list[SignaturePart] = []


class ActionPart(Part):
    description: RequiredText
    responsible: optional(Action, "responsible") = ""
    end_date: datetime.date | None = None
    done: StrictBool = False


class ResultPart(Part):
    risk: Number
    control: Number
    control_wording: Text = ""
    assessment: name_of(Level, "label") | None = None
    result: Text = ""
    actions: list[ActionPart] = []


class RiskWordingPart(Part):
    risk: Number
    text: RequiredText


class RoundPart(Part):
    title: name_of(FollowUpRound, "title")
    kind: Literal[tuple(ROUND_KINDS)] = "annan"
    date: datetime.date
    state: Literal[tuple(ROUND_STATES)] = "utkast"
    introduction_heading: optional(FollowUpRound, "introduction_heading") = ""
    introduction: Text = ""
    table_heading: optional(FollowUpRound, "table_heading") = ""
    memo: MemoPart | None = None
    risk_wordings: list[RiskWordingPart] = []
    results: list[ResultPart] = []


class PlanDocument(Part):
    format: Literal["audit-tracker/internal-control 1"]
    organisation: OrganisationPart
    regulation: RegulationPart
    board: BoardPart
    plan: PlanPart
    areas: list[AreaPart] = []
    rounds: list[RoundPart] = []

    def risks(self):
        """Every risk with its path in the file."""
        for a_index, area in enumerate(self.areas):
            for r_index, risk in enumerate(area.risks):
                yield ("areas", a_index, "risks", r_index), risk
