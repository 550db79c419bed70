"""Documents people write by hand and upload as YAML: read without trusting them, checked
by a pydantic schema, every problem named by its line and its path in the file.

A file is hostile until checked. Before anything is built from it, one streaming pass
over its YAML events refuses what could exhaust the machine or hide a cut: anchors and
aliases (an alias bomb expands a few hundred bytes into gigabytes), nesting deeper than
the format needs, more nodes than a file of the allowed size honestly holds, and a
missing end marker (a file cut short can still be valid YAML).

A format's reader is short: `decode_upload` (bytes) and `load_document` (text) give the
data, the line of every path and the problems found so far; `validate` builds the
format's pydantic document and raises `DocumentError` listing every problem.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, TypeVar

import yaml
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from pydantic import ValidationError as PydanticValidationError

from .validators import TEXT_MAX_LENGTH
from .versioning import insert

# Where a value stands in a document: keys and list indexes (from 0), from the top.
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


def line_of(lines: dict[Path, int], path: Path) -> int | None:
    """The line of the path, or of its nearest ancestor the file has."""
    for end in range(len(path), -1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None


def shorten(text: str, length: int = 60) -> str:
    """A value quoted in a message: a whole page of it helps nobody."""
    return text if len(text) <= length else text[: length - 1] + "…"


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


# C0/C1 control characters (tab and newline aside) and lone surrogates: a YAML escape
# ("\0", "\x07", "\uD800") can put them in a text, and no report should hold them
# (PostgreSQL refuses NUL outright).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def printable(value: str) -> str:
    """The value, if it holds no control character; a pydantic validator."""
    if found := CONTROL_CHARACTERS.search(value):
        raise ValueError(
            _("Contains a control character (U+%(code)04X) at character %(index)s; remove it.")
            % {"code": ord(found.group()), "index": found.start() + 1}
        )
    return value


def short_text(max_length: int, required: bool = True) -> type[str]:
    """A text of at most max_length characters, stripped, without control characters;
    a required one must not be empty."""
    return Annotated[
        str,
        StringConstraints(
            strip_whitespace=True, min_length=1 if required else None, max_length=max_length
        ),
        AfterValidator(printable),
    ]


def name_of(model, field_name: str = "name") -> type[str]:
    """A required one-line text, as long as the database column it is stored in."""
    return short_text(model._meta.get_field(field_name).max_length)


Text = short_text(TEXT_MAX_LENGTH, required=False)
RequiredText = short_text(TEXT_MAX_LENGTH)
Year = Annotated[int, Field(ge=1900, le=2200)]


class Part(BaseModel):
    """A mapping in a document: an unknown key is a mistake, and a part read is final."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# libyaml's parser is C and fast; the pure-Python one is the fallback.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def decode_upload(data: bytes, *, max_bytes: int, setting_name: str, what: str) -> str:
    """A file as it arrives (a file on disk, an upload): at most max_bytes, UTF-8, a
    byte order mark dropped. `what` names the kind of file in messages ("a review file"),
    `setting_name` the setting that holds max_bytes."""
    _check_size(len(data), max_bytes=max_bytes, setting_name=setting_name, what=what)
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
    return text.removeprefix("\ufeff")  # a byte order mark from Windows


def load_document(
    text: str,
    *,
    max_bytes: int,
    max_depth: int,
    setting_name: str,
    what: str,
    bytes_per_node: int = 20,
) -> tuple[object, dict[Path, int], list[Problem]]:
    """The file's data, the line of every path in it, and the problems that do not stop
    the schema from being checked (a missing end marker); pass all three to `validate`.

    Raises DocumentError for a file that must not be built: larger than max_bytes, more
    than one document, anchors or aliases, nested deeper than max_depth, more values than
    max_bytes / bytes_per_node (a flood of empty ones, "[1,1,1,…]", would build millions
    of objects from an allowed size), keys that are not words or appear twice, or YAML
    that does not parse.
    """
    _check_size(
        len(text.encode("utf-8", "surrogatepass")),
        max_bytes=max_bytes,
        setting_name=setting_name,
        what=what,
    )
    max_nodes = max(1000, max_bytes // bytes_per_node)
    try:
        ended = _screen_events(text, max_depth=max_depth, max_nodes=max_nodes, what=what)
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


Document = TypeVar("Document", bound=BaseModel)


def validate(
    model_class: type[Document],
    data: object,
    lines: dict[Path, int],
    problems: list[Problem],
    *,
    docs: str,
    rules: Callable[[Document], list[Problem]] | None = None,
) -> Document:
    """The document `load_document` read, built as model_class; raise DocumentError with
    the problems found so far, the schema's, and those of the format's own `rules` (the
    checks no schema can say), each at its line. `docs` names the format's description,
    where a writer finds the keys a file may use."""
    problems = list(problems)
    try:
        document = model_class.model_validate(data)
    except PydanticValidationError as error:
        problems.extend(problem_from_pydantic(item, docs=docs) for item in error.errors())
    else:
        if rules is not None:
            problems.extend(rules(document))
    if problems:
        for problem in problems:
            if problem.line is None:
                problem.line = line_of(lines, problem.path)
        raise DocumentError(problems)
    return document


def _check_size(size: int, *, max_bytes: int, setting_name: str, what: str) -> None:
    if size > max_bytes:
        raise DocumentError.at_line(
            1,
            _(
                "The file is %(size)s bytes; %(what)s may be at most %(limit)s bytes (the "
                "setting %(setting)s)."
            )
            % {"size": size, "what": what, "limit": max_bytes, "setting": setting_name},
        )


def _screen_events(text: str, *, max_depth: int, max_nodes: int, what: str) -> bool:
    """Walk the file's YAML events once, refusing what must not be built; return whether
    the document ends with an explicit end marker."""
    depth = nodes = documents = 0
    ended = False
    for event in yaml.parse(text, Loader=_Loader):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise DocumentError.at_line(
                line,
                _(
                    "Anchors and aliases (&name, *name) are not allowed in %(what)s: write "
                    "each value out where it belongs."
                )
                % {"what": what},
            )
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise DocumentError.at_line(
                    line,
                    _("Only one document is allowed in %(what)s; this is a second.")
                    % {"what": what},
                )
        elif isinstance(event, yaml.DocumentEndEvent):
            ended = event.explicit
        elif isinstance(event, yaml.CollectionStartEvent):
            depth += 1
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        if isinstance(event, yaml.NodeEvent):
            nodes += 1
        if depth > max_depth:
            message = _("Nested too deeply: %(what)s needs at most %(depth)s levels.")
            raise DocumentError.at_line(line, message % {"what": what, "depth": max_depth})
        if nodes > max_nodes:
            message = _("Too many values: %(what)s may hold at most %(count)s.")
            raise DocumentError.at_line(line, message % {"what": what, "count": max_nodes})
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


def problem_from_pydantic(error: dict, *, docs: str) -> Problem:
    """One of pydantic's errors (an item of `ValidationError.errors()`) in the user's
    language, at its path; `docs` names the format's description for an unknown key."""
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
        message = str(template) % {**context, "docs": docs} if template else error["msg"]
    return Problem(path, message)


PYDANTIC_MESSAGES = {
    "missing": gettext_lazy("Required, but missing."),
    "extra_forbidden": gettext_lazy("Unknown key; see %(docs)s for the keys a file may use."),
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


def create_row(model: type[models.Model], path: Path, **fields) -> models.Model:
    """Insert a row an import builds from the document at `path`: what the model refuses
    (a duplicate name, a rule of `clean`) becomes a problem at that place in the file."""
    instance = model(**fields)
    try:
        insert(instance)  # the same file imported twice at once: one is refused, by name
    except ValidationError as error:
        raise refused_at(path, error) from None
    return instance


def refused_at(path: Path, error: ValidationError) -> DocumentError:
    """What a model refused of a row built from the document at `path`, as problems there."""
    return DocumentError(
        [
            Problem(path + ((name,) if name != "__all__" else ()), " ".join(messages))
            for name, messages in error.message_dict.items()
        ]
    )


class _Dumper(yaml.SafeDumper):
    pass


def _represent_text(dumper: yaml.SafeDumper, value: str):
    # Long and multi-line texts as literal blocks, so paragraphs read as they print.
    style = "|" if "\n" in value or len(value) > 80 else None
    if style:
        value = value + "\n"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_text)


def dump_document(document: BaseModel) -> str:
    """The file's text, without the values left at their defaults, ending with the end
    marker "..." that tells a whole file from one cut short."""
    return yaml.dump(
        document.model_dump(exclude_defaults=True, by_alias=True),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        indent=2,
        explicit_end=True,
    )
