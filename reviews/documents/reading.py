"""Reading a review file: core.documents reads the YAML without trusting it and checks
the schema; the cross-reference rules are here."""

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.documents import Path, Problem, decode_upload, load_document, validate

from ..choices import Status
from .schema import ReviewDocument, ReviewFile

# The deepest place in a review is audits[].groups[].recommendations[].addressed_to[]:
# eight levels. Twenty leaves room and keeps every walk over the tree shallow.
MAX_DEPTH = 20
# An honest review spends some 65 bytes on each value (the seed) and never under twenty.
BYTES_PER_NODE = 20
SIZE_SETTING = "REVIEW_FILE_MAX_BYTES"
WHAT = gettext_lazy("a review file")  # in messages: "… not allowed in a review file"
DOCS = "docs/REVIEW_FORMAT.md"


def read_review_bytes(data: bytes) -> ReviewFile:
    """A review file as it arrives (a file on disk, an upload): bounded in size, UTF-8."""
    text = decode_upload(
        data, max_bytes=settings.REVIEW_FILE_MAX_BYTES, setting_name=SIZE_SETTING, what=WHAT
    )
    return read_review_file(text)


def read_review_file(text: str) -> ReviewFile:
    """Parse and check a review document; raise DocumentError listing every problem."""
    data, lines, problems = load_document(
        text,
        max_bytes=settings.REVIEW_FILE_MAX_BYTES,
        max_depth=MAX_DEPTH,
        setting_name=SIZE_SETTING,
        what=WHAT,
        bytes_per_node=BYTES_PER_NODE,
    )
    document = validate(ReviewDocument, data, lines, problems, docs=DOCS, rules=check_document)
    return ReviewFile(document=document, lines=lines)


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
