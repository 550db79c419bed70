"""The review document format: its vocabulary and its parts (pydantic)."""

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

from ..models import Audit, FollowUpReview, RecommendationGroup, Stance, Status, TrafficLight

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


FirmName = name_of(Firm)
ReviewTitle = name_of(FollowUpReview, "title")
AuditTitle = name_of(Audit, "title")
GroupTitle = short_text(RecommendationGroup._meta.get_field("title").max_length, required=False)


class ReviewPart(Part):
    title: ReviewTitle
    year: Year
    firm: FirmName
    state: Literal[tuple(REVIEW_STATES)] = "utkast"
    purpose: Text = ""
    method: Text = ""
    summary: Text = ""


class RecommendationPart(Part):
    number: Annotated[int, Field(ge=1, le=32767)]
    text: RequiredText
    addressed_to: list[BoardName] = []
    addressed_to_all_boards: StrictBool = False
    status: Literal[tuple(STATUSES)] | None = None
    findings: Text = ""
    findings_by_board: dict[BoardName, RequiredText] = {}


class ResponsePart(Part):
    boards: Annotated[list[BoardName], Field(min_length=1)]
    year: Year
    stance: Literal[tuple(STANCES)] = "framgår inte"
    recommendations: Annotated[list[int], Field(min_length=1)]
    text: RequiredText


class GroupPart(Part):
    title: GroupTitle = ""
    observations: Text = ""
    recommendations: Annotated[list[RecommendationPart], Field(min_length=1)]
    responses: list[ResponsePart] = []
    shared_findings: Text = ""


class FollowUpPart(Part):
    introduction: Text = ""
    overall_assessment: Text = ""
    colour: Literal[tuple(COLOURS)] | None = None


class AuditPart(Part):
    title: AuditTitle
    year: Year
    firm: FirmName
    boards: list[BoardName] = []
    purpose: Text = ""
    conclusion: Text = ""
    follow_up: FollowUpPart = FollowUpPart()
    groups: Annotated[list[GroupPart], Field(min_length=1)]

    def content(self) -> dict:
        """The audit itself, without this review's follow-up: what two reviews share.

        Lists of boards are sets, so they are compared sorted.
        """
        data = self.model_dump(exclude={"follow_up"})
        data["boards"].sort()
        for group in data["groups"]:
            group.pop("shared_findings")
            for recommendation in group["recommendations"]:
                for key in ("status", "findings", "findings_by_board"):
                    recommendation.pop(key)
                recommendation["addressed_to"].sort()
            for response in group["responses"]:
                response["boards"].sort()
                response["recommendations"].sort()
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
