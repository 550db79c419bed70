"""The review document format: its vocabulary, its parts (pydantic), and where problems are."""

import re
from dataclasses import dataclass, field
from typing import Annotated, Literal

from django.utils.translation import gettext as _
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictBool, StringConstraints

from core.validators import TEXT_MAX_LENGTH
from organisations.models import Board, Firm, Organisation

from ..models import Audit, FollowUpReview, RecommendationGroup, Stance, Status, TrafficLight

FORMAT = "audit-tracker/review 1"

# The words a file uses for the fixed sets, as reports write them, mapped to stored values
# (the statuses' words are `Status.word`); the parts below accept exactly these words.
ORGANISATION_KINDS = {
    "kommun": Organisation.Kind.MUNICIPALITY,
    "region": Organisation.Kind.REGION,
    "kommunalförbund": Organisation.Kind.ASSOCIATION,
}
BOARD_KINDS = {"nämnd": Board.Kind.COMMITTEE, "styrelse": Board.Kind.EXECUTIVE}
REVIEW_STATES = {"utkast": FollowUpReview.State.DRAFT, "publicerad": FollowUpReview.State.PUBLISHED}
STATUSES = {status.word: status for status in Status}
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


# C0/C1 control characters (tab and newline aside) and lone surrogates: a YAML escape
# ("\0", "\x07", "\uD800") can put them in a text, and no report should hold them
# (PostgreSQL refuses NUL outright).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def printable(value: str) -> str:
    if found := CONTROL_CHARACTERS.search(value):
        raise ValueError(
            _("Contains a control character (U+%(code)04X) at character %(index)s; remove it.")
            % {"code": ord(found.group()), "index": found.start() + 1}
        )
    return value


def name_of(model, field_name: str = "name") -> type[str]:
    """A required one-line text, as long as the database column it is stored in."""
    max_length = model._meta.get_field(field_name).max_length
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length),
        AfterValidator(printable),
    ]


OrganisationName = name_of(Organisation)
BoardName = name_of(Board)
FirmName = name_of(Firm)
ReviewTitle = name_of(FollowUpReview, "title")
AuditTitle = name_of(Audit, "title")
GroupTitle = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, max_length=RecommendationGroup._meta.get_field("title").max_length
    ),
    AfterValidator(printable),
]
Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=TEXT_MAX_LENGTH),
    AfterValidator(printable),
]
RequiredText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=TEXT_MAX_LENGTH),
    AfterValidator(printable),
]
Year = Annotated[int, Field(ge=1900, le=2200)]


class Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OrganisationPart(Part):
    name: OrganisationName
    kind: Literal[tuple(ORGANISATION_KINDS)] = "kommun"


class BoardPart(Part):
    name: BoardName
    kind: Literal[tuple(BOARD_KINDS)] = "nämnd"
    replaced_by: list[BoardName] = []


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

    @classmethod
    def at_line(cls, line: int, message: str) -> "DocumentError":
        """One problem with the file itself (not a key in it), at a line."""
        return cls([Problem((), message, line=line)])


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


def shorten(text: str, length: int = 60) -> str:
    """A value quoted in a message: a whole page of it helps nobody."""
    return text if len(text) <= length else text[: length - 1] + "…"


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
