"""Reading a review file: YAML with line numbers, the schema, and the cross-reference rules."""

import yaml
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic import ValidationError as PydanticValidationError

from .schema import DocumentError, Path, Problem, ReviewDocument, ReviewFile, line_of


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
