"""The review document format: its vocabulary and its parts (pydantic)."""

import datetime
from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import Field, StrictBool

# What every document format shares; first_difference and format_path are re-exported
# for code that imports them from here.
from core.documents import (
    DocumentError,
    Part,
    Path,
    RequiredText,
    Text,
    Year,
    first_difference,  # noqa: F401
    format_path,  # noqa: F401
    line_of,
    name_of,
    short_text,
)
from organisations.documents import (  # noqa: F401 (the organisation's parts, re-exported)
    BOARD_KINDS,
    ORGANISATION_KINDS,
    BoardName,
    BoardPart,
    OrganisationPart,
    word_for,
)
from organisations.models import Firm

from ..models import (
    Audit,
    BoardResponse,
    ChapterLayout,
    FollowUpReview,
    Recommendation,
    RecommendationGroup,
    ReportContact,
    ReportSection,
    ReportSignature,
    Stance,
    Status,
    SubRecommendation,
    TrafficLight,
)
from ..models.reviews import GRADE_MAX_LENGTH

FORMAT = "audit-tracker/review 1"

# The words a file uses for the fixed sets, as reports write them, mapped to stored values
# (the statuses' words are `Status.word`); the parts below accept exactly these words.
REVIEW_STATES = {"utkast": FollowUpReview.State.DRAFT, "publicerad": FollowUpReview.State.PUBLISHED}
STATUSES = {status.word: status for status in Status}
STANCES = {
    "instämmer": Stance.ACCEPTED,
    "instämmer delvis": Stance.PARTLY_ACCEPTED,
    "instämmer inte": Stance.REJECTED,
    "framgår inte": Stance.NOT_STATED,
}
COLOURS = {"grön": TrafficLight.GREEN, "gul": TrafficLight.YELLOW, "röd": TrafficLight.RED}
LAYOUTS = {
    "per rekommendation": ChapterLayout.BY_RECOMMENDATION,
    "per nämnd": ChapterLayout.BY_BOARD,
}


FirmName = name_of(Firm)
ReviewTitle = name_of(FollowUpReview, "title")
AuditTitle = name_of(Audit, "title")
GroupTitle = short_text(RecommendationGroup._meta.get_field("title").max_length, required=False)


def optional_text(model, field_name: str) -> type[str]:
    """An optional one-line text, as long as its column."""
    return short_text(model._meta.get_field(field_name).max_length, required=False)


def required_text(model, field_name: str) -> type[str]:
    return short_text(model._meta.get_field(field_name).max_length)


SectionTitle = optional_text(FollowUpReview, "responses_title")
Grade = short_text(GRADE_MAX_LENGTH)


class TitlesPart(Part):
    """The report's own titles of a chapter's sections; empty keeps the default."""

    responses: SectionTitle = ""
    findings: SectionTitle = ""
    assessment: SectionTitle = ""


class ChaptersPart(Part):
    """Chapter numbers: `prefix` "3." and `first` 1 number them 3.1, 3.2, …"""

    prefix: optional_text(FollowUpReview, "chapter_prefix") = ""
    first: Annotated[int, Field(ge=1, le=99)] = 1


class GradingPart(Part):
    scale: Annotated[list[Grade], Field(min_length=1, max_length=20)]
    in_summary: StrictBool = False


class SectionPart(Part):
    heading: required_text(ReportSection, "heading")
    text: Text = ""


class ContactPart(Part):
    name: required_text(ReportContact, "name")
    role: optional_text(ReportContact, "role") = ""
    organisation: optional_text(ReportContact, "organisation") = ""


class SignaturePart(Part):
    name: required_text(ReportSignature, "name")
    title: optional_text(ReportSignature, "title") = ""
    firm: optional_text(ReportSignature, "firm") = ""


class ReviewPart(Part):
    title: ReviewTitle
    year: Year
    firm: FirmName
    state: Literal[tuple(REVIEW_STATES)] = "utkast"
    date: datetime.date | None = None
    purpose: Text = ""
    method: Text = ""
    summary: Text = ""
    layout: Literal[tuple(LAYOUTS)] = "per rekommendation"
    titles: TitlesPart = TitlesPart()
    chapters: ChaptersPart = ChaptersPart()
    grading: GradingPart | None = None
    status_table: StrictBool = True
    name_boards_in_responses: StrictBool = False
    audit_years_in_list: StrictBool = False
    recommendations_lead_in: optional_text(FollowUpReview, "recommendations_lead_in") = ""
    sections_before: list[SectionPart] = []
    sections_after: list[SectionPart] = []
    contacts: list[ContactPart] = []
    signatures: list[SignaturePart] = []


StatusWord = Literal[tuple(STATUSES)]
Number = Annotated[int, Field(ge=1, le=32767)]


class SubRecommendationPart(Part):
    """A lettered part of a recommendation, with this review's follow-up of it."""

    letter: required_text(SubRecommendation, "letter")
    text: RequiredText
    status: StatusWord | None = None
    findings: Text = ""


class JointFindingsPart(Part):
    """Findings written once for several of the boards addressed."""

    boards: Annotated[list[BoardName], Field(min_length=2)]
    text: RequiredText


class EarlierRecommendation(Part):
    """A recommendation another follow-up issued: its review's title and its number."""

    issued_by: ReviewTitle
    number: Number


class RecommendationPart(Part):
    number: Number
    short_title: optional_text(Recommendation, "short_title") = ""
    text: RequiredText
    parts: list[SubRecommendationPart] = []
    addressed_to: list[BoardName] = []
    addressed_to_all_boards: StrictBool = False
    continues: list[Number | EarlierRecommendation] = []
    status: StatusWord | None = None
    status_by_board: dict[BoardName, StatusWord] = {}
    findings: Text = ""
    findings_by_board: dict[BoardName, RequiredText] = {}
    joint_findings: list[JointFindingsPart] = []

    @property
    def followed_up(self) -> bool:
        """Whether this review follows it up: a status of its own, or of a board or part."""
        return (
            self.status is not None
            or bool(self.status_by_board)
            or any(part.status is not None for part in self.parts)
        )


class ResponsePart(Part):
    boards: Annotated[list[BoardName], Field(min_length=1)]
    year: Year
    stance: Literal[tuple(STANCES)] = "framgår inte"
    recommendations: Annotated[list[int], Field(min_length=1)]
    decision_date: datetime.date | None = None
    decision_reference: optional_text(BoardResponse, "decision_reference") = ""
    text: RequiredText


class GroupPart(Part):
    title: GroupTitle = ""
    issued_by: ReviewTitle | None = None
    observations: Text = ""
    recommendations: Annotated[list[RecommendationPart], Field(min_length=1)]
    responses: list[ResponsePart] = []
    shared_findings: Text = ""


class FollowUpPart(Part):
    introduction: Text = ""
    overall_assessment: Text = ""
    colour: Literal[tuple(COLOURS)] | None = None
    grade: Grade | None = None


class AuditPart(Part):
    title: AuditTitle
    year: Year
    firm: FirmName | None = None
    boards: list[BoardName] = []
    all_boards: StrictBool = False
    purpose: Text = ""
    conclusion: Text = ""
    follow_up: FollowUpPart = FollowUpPart()
    groups: Annotated[list[GroupPart], Field(min_length=1)]

    def content(self, *, leaving_out: str | None = None) -> dict:
        """The audit itself, without this review's follow-up: what two reviews share;
        without the recommendations the review titled `leaving_out` issued.

        Lists of boards are sets, so they are compared sorted.
        """
        data = self.model_dump(exclude={"follow_up"})
        data["boards"].sort()
        data["groups"] = [
            g for g in data["groups"] if g["issued_by"] is None or g["issued_by"] != leaving_out
        ]
        for group in data["groups"]:
            group.pop("shared_findings")
            for recommendation in group["recommendations"]:
                for key in (
                    "status",
                    "status_by_board",
                    "findings",
                    "findings_by_board",
                    "joint_findings",
                ):
                    recommendation.pop(key)
                for part in recommendation["parts"]:
                    part.pop("status")
                    part.pop("findings")
                recommendation["addressed_to"].sort()
                recommendation["continues"].sort(key=repr)
            for response in group["responses"]:
                response["boards"].sort()
                response["recommendations"].sort()
        # Where a response is printed follows from what it answers (`outline`), so two
        # files placing it under different groups describe the same audit.
        data["responses"] = sorted(
            (response for group in data["groups"] for response in group.pop("responses")),
            key=repr,
        )
        return data


class ReviewDocument(Part):
    format: Literal["audit-tracker/review 1"]
    organisation: OrganisationPart
    boards: list[BoardPart] = []
    review: ReviewPart
    audits: Annotated[list[AuditPart], Field(min_length=1)]


@dataclass
class ReviewFile:
    document: ReviewDocument
    lines: dict[Path, int] = field(default_factory=dict)

    def locate(self, error: DocumentError) -> DocumentError:
        for problem in error.problems:
            if problem.line is None:
                problem.line = line_of(self.lines, problem.path)
        return error
