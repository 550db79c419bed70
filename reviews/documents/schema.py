"""The review document format: its vocabulary, its parts (pydantic), and where problems are."""

from dataclasses import dataclass, field
from typing import Annotated, Literal

from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StringConstraints

from ..models import (
    Board,
    FollowUpReview,
    Organisation,
    Stance,
    Status,
    TrafficLight,
)

FORMAT = "audit-tracker/review 1"

# The words a file uses for the fixed sets, as reports write them, mapped to stored values.
ORGANISATION_KINDS = {
    "kommun": Organisation.Kind.MUNICIPALITY,
    "region": Organisation.Kind.REGION,
    "kommunalförbund": Organisation.Kind.ASSOCIATION,
}
BOARD_KINDS = {"nämnd": Board.Kind.COMMITTEE, "styrelse": Board.Kind.EXECUTIVE}
REVIEW_STATES = {"utkast": FollowUpReview.State.DRAFT, "publicerad": FollowUpReview.State.PUBLISHED}
STATUSES = {
    "åtgärdad": Status.IMPLEMENTED,
    "delvis åtgärdad": Status.PARTIAL,
    "ej åtgärdad": Status.NOT_IMPLEMENTED,
    "ej bedömd": Status.NOT_ASSESSED,
}
STANCES = {
    "instämmer": Stance.ACCEPTED,
    "instämmer delvis": Stance.PARTLY_ACCEPTED,
    "instämmer inte": Stance.REJECTED,
    "framgår inte": Stance.NOT_STATED,
}
COLOURS = {"grön": TrafficLight.GREEN, "gul": TrafficLight.YELLOW, "röd": TrafficLight.RED}


def word_for(words: dict[str, str], value: str) -> str:
    """The file's word for a stored value (the inverse of the tables above)."""
    return next(word for word, stored in words.items() if stored == value)


Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Text = Annotated[str, StringConstraints(strip_whitespace=True)]
RequiredText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Year = Annotated[int, Field(ge=1900, le=2200)]


class Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OrganisationPart(Part):
    name: Name
    kind: Literal["kommun", "region", "kommunalförbund"] = "kommun"


class BoardPart(Part):
    name: Name
    kind: Literal["nämnd", "styrelse"] = "nämnd"
    replaced_by: list[Name] = []


class ReviewPart(Part):
    title: Name
    year: Year
    firm: Name
    state: Literal["utkast", "publicerad"] = "utkast"
    purpose: Text = ""
    method: Text = ""
    summary: Text = ""


class RecommendationPart(Part):
    number: Annotated[int, Field(ge=1, le=32767)]
    text: RequiredText
    addressed_to: list[Name] = []
    addressed_to_all_boards: StrictBool = False
    status: Literal["åtgärdad", "delvis åtgärdad", "ej åtgärdad", "ej bedömd"] | None = None
    findings: Text = ""
    findings_by_board: dict[Name, RequiredText] = {}


class ResponsePart(Part):
    boards: Annotated[list[Name], Field(min_length=1)]
    year: Year
    stance: Literal["instämmer", "instämmer delvis", "instämmer inte", "framgår inte"] = (
        "framgår inte"
    )
    recommendations: Annotated[list[int], Field(min_length=1)]
    text: RequiredText


class GroupPart(Part):
    title: Text = ""
    observations: Text = ""
    recommendations: Annotated[list[RecommendationPart], Field(min_length=1)]
    responses: list[ResponsePart] = []
    shared_findings: Text = ""


class FollowUpPart(Part):
    introduction: Text = ""
    overall_assessment: Text = ""
    colour: Literal["grön", "gul", "röd"] | None = None


class AuditPart(Part):
    title: Name
    year: Year
    firm: Name
    boards: list[Name] = []
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


Path = tuple[str | int, ...]


@dataclass
class Problem:
    path: Path
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = format_path(self.path)
        if self.line is not None:
            where = _("line %(line)s, %(path)s") % {"line": self.line, "path": where}
        return f"{where}: {self.message}"


class DocumentError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def format_path(path: Path) -> str:
    """`audits[3].groups[1].recommendations[2].status`, counting from 1 as people do."""
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or _("the file")


@dataclass
class ReviewFile:
    document: ReviewDocument
    lines: dict[Path, int] = field(default_factory=dict)

    def locate(self, error: DocumentError) -> DocumentError:
        for problem in error.problems:
            if problem.line is None:
                problem.line = line_of(self.lines, problem.path)
        return error


def line_of(lines: dict[Path, int], path: Path) -> int | None:
    """The line of the path, or of its nearest ancestor the file has."""
    for end in range(len(path), -1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None


def first_difference(left, right, path: Path = ()) -> Path | None:
    """The path of the first place where two plain data trees differ, or None."""
    if isinstance(left, dict) and isinstance(right, dict):
        for key in [*left, *(k for k in right if k not in left)]:
            if key not in left or key not in right:
                return path + (key,)
            found = first_difference(left[key], right[key], path + (key,))
            if found is not None:
                return found
        return None
    if isinstance(left, list) and isinstance(right, list):
        for index, (a, b) in enumerate(zip(left, right, strict=False)):
            found = first_difference(a, b, path + (index,))
            if found is not None:
                return found
        return None if len(left) == len(right) else path
    return None if left == right else path
