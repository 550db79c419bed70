"""The review document format (docs/REVIEW_FORMAT.md): read, check and write YAML files.

Reading never touches the database: `read_review_file` parses and checks the file on its
own and returns a `ReviewFile`, or raises `DocumentError` whose problems name the line
and the path in the file. `services.review_import` then writes it.
"""

from dataclasses import dataclass, field
from typing import Annotated, Literal

import yaml
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StringConstraints
from pydantic import ValidationError as PydanticValidationError

from .models import (
    Audit,
    Board,
    FollowUpReview,
    Organisation,
    RecommendationGroup,
    ReviewedAudit,
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


# --- reading ---------------------------------------------------------------------------


def read_review_file(text: str) -> ReviewFile:
    """Parse and check a review document; raise DocumentError listing every problem."""
    data, lines = _load_yaml(text)
    try:
        document = ReviewDocument.model_validate(data)
    except PydanticValidationError as error:
        problems = [_problem_from_pydantic(item) for item in error.errors()]
        for problem in problems:
            problem.line = line_of(lines, problem.path)
        raise DocumentError(problems) from None
    review_file = ReviewFile(document=document, lines=lines)
    problems = check_document(document)
    if problems:
        raise review_file.locate(DocumentError(problems))
    return review_file


def _load_yaml(text: str) -> tuple[object, dict[Path, int]]:
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise DocumentError([Problem((), _("The file is empty."))])
        lines: dict[Path, int] = {}
        duplicates: list[Problem] = []
        _index_lines(node, (), lines, duplicates)
        if duplicates:
            raise DocumentError(duplicates)
        return loader.construct_document(node), lines
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        message = getattr(error, "problem", None) or str(error)
        raise DocumentError(
            [
                Problem(
                    (),
                    _("Not valid YAML: %(problem)s") % {"problem": message},
                    line=mark.line + 1 if mark else None,
                )
            ]
        ) from None
    finally:
        loader.dispose()


def _index_lines(node, path: Path, lines: dict[Path, int], duplicates: list[Problem]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                duplicates.append(
                    Problem(
                        path + (key,), _("The key appears twice."), key_node.start_mark.line + 1
                    )
                )
            seen.add(key)
            _index_lines(value_node, path + (key,), lines, duplicates)
            lines[path + (key,)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index_lines(item, path + (index,), lines, duplicates)


def _problem_from_pydantic(error: dict) -> Problem:
    """Pydantic's error, in Swedish, at its place in the file."""
    path = tuple(part for part in error["loc"] if not str(part).startswith("function-"))
    kind, context = error["type"], error.get("ctx", {})
    if kind == "literal_error":
        message = _("%(value)r is not allowed; use one of: %(expected)s") % {
            "value": error["input"],
            "expected": context.get("expected", ""),
        }
    else:
        template = PYDANTIC_MESSAGES.get(kind)
        message = str(template) % context if template else error["msg"]
    return Problem(path, message)


PYDANTIC_MESSAGES = {
    "missing": gettext_lazy("Required, but missing."),
    "extra_forbidden": gettext_lazy(
        "Unknown key; see docs/REVIEW_FORMAT.md for the keys a file may use."
    ),
    "string_type": gettext_lazy("Must be text."),
    "string_too_short": gettext_lazy("Must not be empty."),
    "string_too_long": gettext_lazy("Too long (at most %(max_length)s characters)."),
    "int_type": gettext_lazy("Must be a whole number."),
    "int_parsing": gettext_lazy("Must be a whole number."),
    "int_from_float": gettext_lazy("Must be a whole number."),
    "greater_than_equal": gettext_lazy("Must be at least %(ge)s."),
    "less_than_equal": gettext_lazy("Must be at most %(le)s."),
    "bool_type": gettext_lazy("Must be true or false."),
    "list_type": gettext_lazy("Must be a list."),
    "dict_type": gettext_lazy("Must be a mapping of keys to values."),
    "model_type": gettext_lazy("Must be a mapping of keys to values."),
    "too_short": gettext_lazy("Must not be empty."),
}


def check_document(document: ReviewDocument) -> list[Problem]:
    """The rules no schema can say: references, uniqueness, what a published review needs."""
    problems: list[Problem] = []
    declared: set[str] = set()
    for index, board in enumerate(document.boards):
        if board.name in declared:
            problems.append(Problem(("boards", index, "name"), _("Board declared twice.")))
        declared.add(board.name)

    def check_boards(names: list[str], path: Path) -> None:
        for index, name in enumerate(names):
            if name not in declared:
                problems.append(
                    Problem(
                        path + (index,),
                        _("Board %(name)r is not declared under boards.") % {"name": name},
                    )
                )

    for index, board in enumerate(document.boards):
        check_boards(board.replaced_by, ("boards", index, "replaced_by"))
        if board.name in board.replaced_by:
            problems.append(
                Problem(("boards", index, "replaced_by"), _("A board cannot replace itself."))
            )

    published = document.review.state == "publicerad"
    seen_audits: set[tuple[str, int]] = set()
    for a_index, audit in enumerate(document.audits):
        audit_path: Path = ("audits", a_index)
        if (audit.title, audit.year) in seen_audits:
            problems.append(Problem(audit_path + ("title",), _("Audit listed twice.")))
        seen_audits.add((audit.title, audit.year))
        check_boards(audit.boards, audit_path + ("boards",))
        numbers: set[int] = set()
        for g_index, group in enumerate(audit.groups):
            group_path = audit_path + ("groups", g_index)
            for r_index, rec in enumerate(group.recommendations):
                rec_path = group_path + ("recommendations", r_index)
                if rec.number in numbers:
                    problems.append(
                        Problem(
                            rec_path + ("number",),
                            _("Recommendation %(number)s appears twice in this audit.")
                            % {"number": rec.number},
                        )
                    )
                numbers.add(rec.number)
                problems.extend(_check_recommendation(rec, rec_path, declared, published))
                check_boards(rec.addressed_to, rec_path + ("addressed_to",))
        for g_index, group in enumerate(audit.groups):
            for s_index, response in enumerate(group.responses):
                path = audit_path + ("groups", g_index, "responses", s_index)
                check_boards(response.boards, path + ("boards",))
                for n_index, number in enumerate(response.recommendations):
                    if number not in numbers:
                        problems.append(
                            Problem(
                                path + ("recommendations", n_index),
                                _("This audit has no recommendation %(number)s.")
                                % {"number": number},
                            )
                        )
                if len(set(response.recommendations)) != len(response.recommendations):
                    problems.append(
                        Problem(path + ("recommendations",), _("A number appears twice."))
                    )
    return problems


def _check_recommendation(rec, path: Path, declared: set[str], published: bool) -> list[Problem]:
    problems = []
    if not rec.addressed_to and not rec.addressed_to_all_boards:
        problems.append(
            Problem(
                path + ("addressed_to",),
                _("Name the boards addressed, or set addressed_to_all_boards: true."),
            )
        )
    if rec.addressed_to and rec.addressed_to_all_boards:
        problems.append(
            Problem(
                path + ("addressed_to_all_boards",),
                _("Either list the boards addressed or address all boards, not both."),
            )
        )
    if rec.status is None and (rec.findings or rec.findings_by_board):
        problems.append(
            Problem(
                path + ("status",),
                _("Findings need a status (use 'ej bedömd' while not yet assessed)."),
            )
        )
    if published and rec.status == "ej bedömd":
        problems.append(
            Problem(
                path + ("status",),
                _("A published review cannot have recommendations not yet assessed."),
            )
        )
    for name in rec.findings_by_board:
        if name not in declared:
            problems.append(
                Problem(
                    path + ("findings_by_board", name),
                    _("Board %(name)r is not declared under boards.") % {"name": name},
                )
            )
        elif rec.addressed_to and name not in rec.addressed_to:
            problems.append(
                Problem(
                    path + ("findings_by_board", name),
                    _("The recommendation is not addressed to %(name)r.") % {"name": name},
                )
            )
    return problems


# --- writing ---------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    pass


def _represent_text(dumper: yaml.SafeDumper, value: str):
    # Long and multi-line texts as literal blocks, so paragraphs read as they print.
    style = "|" if "\n" in value or len(value) > 80 else None
    if style:
        value = value + "\n"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_text)


def dump_review_document(document: ReviewDocument) -> str:
    data = document.model_dump(exclude_defaults=True)
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100, indent=2)


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


# --- from the database -----------------------------------------------------------------


def review_to_document(review: FollowUpReview) -> ReviewDocument:
    """The document of a stored review; pass one from `FollowUpReview.objects.for_export()`."""
    assessments = {a.recommendation_id: a for a in review.assessments.all()}
    shared = {g.group_id: g.text for g in review.group_findings.all()}
    audits = [
        audit_to_part(reviewed.audit, assessments=assessments, shared=shared, follow_up=reviewed)
        for reviewed in review.reviewed_audits.all()
    ]
    return ReviewDocument(
        format=FORMAT,
        organisation=OrganisationPart(
            name=review.organisation.name,
            kind=word_for(ORGANISATION_KINDS, review.organisation.kind),
        ),
        boards=_board_parts(review.organisation, audits),
        review=ReviewPart(
            title=review.title,
            year=review.year,
            firm=review.firm.name,
            state=word_for(REVIEW_STATES, review.state),
            purpose=review.purpose,
            method=review.method,
            summary=review.summary,
        ),
        audits=audits,
    )


def _board_parts(organisation: Organisation, audits: list[AuditPart]) -> list[BoardPart]:
    """Every board the audits name, and the boards that replaced them, in stored order."""
    boards = {b.name: b for b in organisation.boards.prefetch_related("successors")}
    named = set()
    for audit in audits:
        named.update(audit.boards)
        for group in audit.groups:
            for rec in group.recommendations:
                named.update(rec.addressed_to)
                named.update(rec.findings_by_board)
            for response in group.responses:
                named.update(response.boards)
    queue = list(named)
    while queue:
        for successor in boards[queue.pop()].successors.all():
            if successor.name not in named:
                named.add(successor.name)
                queue.append(successor.name)
    return [
        BoardPart(
            name=board.name,
            kind=word_for(BOARD_KINDS, board.kind),
            replaced_by=[s.name for s in sorted(board.successors.all(), key=by_pk)],
        )
        for board in sorted(boards.values(), key=by_pk)
        if board.name in named
    ]


def by_pk(instance) -> int:
    return instance.pk


def audit_to_part(
    audit: Audit,
    *,
    assessments: dict | None = None,
    shared: dict | None = None,
    follow_up: ReviewedAudit | None = None,
) -> AuditPart:
    """One audit as the document writes it, with one review's follow-up if given."""
    assessments, shared = assessments or {}, shared or {}
    groups = list(audit.groups.all())
    group_of_number = {
        rec.number: group.pk for group in groups for rec in group.recommendations.all()
    }
    responses_by_group: dict[int, list] = {group.pk: [] for group in groups}
    for response in audit.responses.all():
        numbers = sorted(rec.number for rec in response.recommendations.all())
        responses_by_group[group_of_number[numbers[0]]].append(
            ResponsePart(
                boards=[b.name for b in sorted(response.boards.all(), key=by_pk)],
                year=response.year,
                stance=word_for(STANCES, response.stance),
                recommendations=numbers,
                text=response.text,
            )
        )
    return AuditPart(
        title=audit.title,
        year=audit.year,
        firm=audit.firm.name,
        boards=[b.name for b in sorted(audit.boards.all(), key=by_pk)],
        purpose=audit.purpose,
        conclusion=audit.conclusion,
        follow_up=FollowUpPart(
            introduction=follow_up.introduction,
            overall_assessment=follow_up.overall_assessment,
            colour=word_for(COLOURS, follow_up.colour) if follow_up.colour else None,
        )
        if follow_up
        else FollowUpPart(),
        groups=[
            _group_part(group, responses_by_group[group.pk], assessments, shared)
            for group in groups
        ],
    )


def _group_part(
    group: RecommendationGroup, responses: list, assessments: dict, shared: dict
) -> GroupPart:
    recommendations = []
    for rec in group.recommendations.all():
        assessment = assessments.get(rec.pk)
        recommendations.append(
            RecommendationPart(
                number=rec.number,
                text=rec.text,
                addressed_to=[b.name for b in sorted(rec.addressed_to.all(), key=by_pk)],
                addressed_to_all_boards=rec.addressed_to_all_boards,
                status=word_for(STATUSES, assessment.status) if assessment else None,
                findings=assessment.findings if assessment else "",
                findings_by_board={f.board.name: f.text for f in assessment.board_findings.all()}
                if assessment
                else {},
            )
        )
    return GroupPart(
        title=group.title,
        observations=group.observations,
        recommendations=recommendations,
        responses=responses,
        shared_findings=shared.get(group.pk, ""),
    )
