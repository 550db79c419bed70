"""Reading a review file: YAML with line numbers, the schema, and the cross-reference rules.

A file is hostile until checked. Before anything is built from it, one streaming pass
over its YAML events refuses what could exhaust the machine or hide a cut: anchors and
aliases (an alias bomb expands a few hundred bytes into gigabytes), nesting deeper than
any review needs, more nodes than a file of the allowed size honestly holds, and a
missing end marker (a file cut short can still be valid YAML).
"""

import yaml
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic import ValidationError as PydanticValidationError

from ..choices import Status
from .schema import DocumentError, Path, Problem, ReviewDocument, ReviewFile, line_of, shorten

# The deepest place in a review is audits[].groups[].recommendations[].addressed_to[]:
# eight levels. Twenty leaves room and keeps every walk over the tree shallow.
MAX_DEPTH = 20
# An honest review spends some 65 bytes on each value (the seed) and never under twenty; a
# flood of empty ones ("[1,1,1,…]") would build millions of objects from an allowed size.
BYTES_PER_NODE = 20
END_MARKER = "..."

# libyaml's parser is C and fast; the pure-Python one is the fallback.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_review_bytes(data: bytes) -> ReviewFile:
    """A review file as it arrives (a file on disk, an upload): bounded in size, UTF-8."""
    _check_size(len(data))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line_start = data.rfind(b"\n", 0, error.start) + 1
        raise DocumentError.at_line(
            data.count(b"\n", 0, error.start) + 1,
            _(
                "The file is not UTF-8 text: byte %(byte)s at column %(column)s cannot be "
                "read. Save the file as UTF-8 and try again."
            )
            % {"byte": f"0x{data[error.start]:02X}", "column": error.start - line_start + 1},
        ) from None
    return read_review_file(text.removeprefix("\ufeff"))  # a byte order mark from Windows


def read_review_file(text: str) -> ReviewFile:
    """Parse and check a review document; raise DocumentError listing every problem."""
    _check_size(len(text.encode("utf-8", "surrogatepass")))
    data, lines, problems = _load_yaml(text)
    try:
        document = ReviewDocument.model_validate(data)
    except PydanticValidationError as error:
        for item in error.errors():
            problem = _problem_from_pydantic(item)
            problem.line = line_of(lines, problem.path)
            problems.append(problem)
        raise DocumentError(problems) from None
    review_file = ReviewFile(document=document, lines=lines)
    problems.extend(review_file.locate(DocumentError(check_document(document))).problems)
    if problems:
        raise DocumentError(problems)
    return review_file


def _check_size(size: int) -> None:
    limit = settings.REVIEW_FILE_MAX_BYTES
    if size > limit:
        raise DocumentError.at_line(
            1,
            _(
                "The file is %(size)s bytes; a review file may be at most %(limit)s bytes (the "
                "setting REVIEW_FILE_MAX_BYTES)."
            )
            % {"size": size, "limit": limit},
        )


def _load_yaml(text: str) -> tuple[object, dict[Path, int], list[Problem]]:
    """The file's data, the line of every path in it, and the problems that do not stop
    the schema from being checked (a missing end marker)."""
    try:
        ended = _screen_events(text)
        loader = _CheckedLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                raise DocumentError.at_line(1, _("The file is empty."))
            lines: dict[Path, int] = {}
            problems: list[Problem] = []
            _index_lines(node, (), lines, problems)
            if problems:
                raise DocumentError(problems)
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        raise DocumentError([_yaml_problem(error, text)]) from None
    problems = []
    if not ended:
        problems.append(
            Problem(
                (),
                _(
                    "The file does not end with the end marker '...' on a line of its own, "
                    "so it may have been cut short. If the file is whole, add the line '...' "
                    "at its end."
                ),
                line=text.count("\n") + (0 if text.endswith("\n") else 1),
            )
        )
    return data, lines, problems


def _screen_events(text: str) -> bool:
    """Walk the file's YAML events once, refusing what must not be built; return whether
    the document ends with an explicit end marker."""
    max_nodes = max(1000, settings.REVIEW_FILE_MAX_BYTES // BYTES_PER_NODE)
    depth = nodes = documents = 0
    ended = False
    for event in yaml.parse(text, Loader=_Loader):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise DocumentError.at_line(
                line,
                _(
                    "Anchors and aliases (&name, *name) are not allowed in a review file: "
                    "write each value out where it belongs."
                ),
            )
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise DocumentError.at_line(
                    line, _("A review file holds one document; this is a second.")
                )
        elif isinstance(event, yaml.DocumentEndEvent):
            ended = event.explicit
        elif isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise DocumentError.at_line(
                    line,
                    _("Nested too deeply: a review file needs at most %(depth)s levels.")
                    % {"depth": MAX_DEPTH},
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        if isinstance(event, yaml.NodeEvent):
            nodes += 1
            if nodes > max_nodes:
                raise DocumentError.at_line(
                    line,
                    _("Too many values: a review file may hold at most %(count)s.")
                    % {"count": max_nodes},
                )
    return ended


class _CheckedLoader(_Loader):
    """Turns a value Python cannot build (a date that does not exist, an integer of
    thousands of digits) into a YAML error at its place, instead of a crash."""

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, OverflowError, TypeError) as error:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                _("cannot read this value (%(error)s)") % {"error": error},
                node.start_mark,
            ) from None


def _yaml_problem(error: yaml.YAMLError, text: str) -> Problem:
    if isinstance(error, yaml.reader.ReaderError):
        # libyaml counts bytes of UTF-8, Python's reader counts characters.
        encoded = text.encode("utf-8", "surrogatepass")
        if _Loader is yaml.SafeLoader:
            line = text.count("\n", 0, error.position) + 1
        else:
            line = encoded.count(b"\n", 0, error.position) + 1
        return Problem(
            (),
            _("The file contains a control character (U+%(code)04X), which is not allowed.")
            % {"code": error.character if isinstance(error.character, int) else 0},
            line=line,
        )
    mark = getattr(error, "problem_mark", None)
    message = getattr(error, "problem", None) or str(error)
    return Problem(
        (),
        _("Not valid YAML: %(problem)s") % {"problem": message},
        line=mark.line + 1 if mark else 1,
    )


def _index_lines(node, path: Path, lines: dict[Path, int], problems: list[Problem]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(
                    Problem(path, _("A key must be a single word, not a list or mapping."), line)
                )
                continue
            key = key_node.value
            if key in seen:
                problems.append(Problem(path + (key,), _("The key appears twice."), line))
            seen.add(key)
            _index_lines(value_node, path + (key,), lines, problems)
            lines[path + (key,)] = line
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index_lines(item, path + (index,), lines, problems)


def _problem_from_pydantic(error: dict) -> Problem:
    """Pydantic's error, in Swedish, at its place in the file."""
    path = tuple(part for part in error["loc"] if not str(part).startswith("function-"))
    kind, context = error["type"], error.get("ctx", {})
    if kind == "literal_error":
        value = error["input"]
        message = _("%(value)r is not allowed; use one of: %(expected)s") % {
            "value": shorten(value) if isinstance(value, str) else value,
            "expected": context.get("expected", ""),
        }
    elif kind == "value_error":
        message = str(context.get("error", error["msg"]))
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
    "int_parsing_size": gettext_lazy("Must be a whole number."),
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
                _("Findings need a status (use '%(word)s' while not yet assessed).")
                % {"word": Status.NOT_ASSESSED.word},
            )
        )
    if published and rec.status == Status.NOT_ASSESSED.word:
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
