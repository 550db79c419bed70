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

    review = document.review
    published = review.state == "publicerad"
    grades = review.grading.scale if review.grading else []
    if len(set(grades)) != len(grades):
        problems.append(Problem(("review", "grading", "scale"), _("A grade is listed twice.")))
    seen_audits: set[tuple[str, int]] = set()
    for a_index, audit in enumerate(document.audits):
        audit_path: Path = ("audits", a_index)
        if (audit.title, audit.year) in seen_audits:
            problems.append(Problem(audit_path + ("title",), _("Audit listed twice.")))
        seen_audits.add((audit.title, audit.year))
        check_boards(audit.boards, audit_path + ("boards",))
        if audit.all_boards and audit.boards:
            problems.append(
                Problem(
                    audit_path + ("all_boards",),
                    _("Either list the boards covered or cover all boards, not both."),
                )
            )
        grade = audit.follow_up.grade
        if grade is not None and grade not in grades:
            problems.append(
                Problem(
                    audit_path + ("follow_up", "grade"),
                    _("“%(grade)s” is not on the review's grading scale (review: grading: scale).")
                    % {"grade": grade},
                )
            )
        problems.extend(_check_groups(audit, audit_path, review.title, declared, published))
        numbers = {
            rec.number
            for group in audit.groups
            if group.issued_by is None
            for rec in group.recommendations
        }
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


def _check_groups(audit, audit_path: Path, title: str, declared: set[str], published: bool):
    """Numbers unique within the audit (each review numbers what it issues afresh); the
    groups a review issued after the audit's own; what `continues` names exists."""
    problems: list[Problem] = []
    numbers: dict[str | None, set[int]] = {}
    issued_seen = False
    for g_index, group in enumerate(audit.groups):
        group_path = audit_path + ("groups", g_index)
        if group.issued_by is None and issued_seen:
            problems.append(
                Problem(
                    group_path,
                    _("The audit's own recommendations come before those a review issued."),
                )
            )
        issued_seen = issued_seen or group.issued_by is not None
        issued_here = group.issued_by == title
        if issued_here and (group.responses or group.shared_findings):
            problems.append(
                Problem(
                    group_path,
                    _("Recommendations this review issues have no responses or findings yet."),
                )
            )
        taken = numbers.setdefault(group.issued_by, set())
        for r_index, rec in enumerate(group.recommendations):
            rec_path = group_path + ("recommendations", r_index)
            if rec.number in taken:
                problems.append(
                    Problem(
                        rec_path + ("number",),
                        _("Recommendation %(number)s appears twice in this audit.")
                        % {"number": rec.number},
                    )
                )
            taken.add(rec.number)
            if issued_here and rec.followed_up:
                problems.append(
                    Problem(
                        rec_path + ("status",),
                        _(
                            "This review issues the recommendation: it is followed up by a "
                            "later review, not here."
                        ),
                    )
                )
            if group.issued_by is None and rec.continues:
                problems.append(
                    Problem(
                        rec_path + ("continues",),
                        _("Only a recommendation a follow-up issued continues another."),
                    )
                )
            problems.extend(_check_recommendation(rec, rec_path, declared, published))
    for g_index, group in enumerate(audit.groups):
        for r_index, rec in enumerate(group.recommendations):
            for c_index, earlier in enumerate(rec.continues):
                issued_by, number = (
                    (None, earlier)
                    if isinstance(earlier, int)
                    else (earlier.issued_by, earlier.number)
                )
                if number not in numbers.get(issued_by, set()) or (
                    issued_by == group.issued_by and number == rec.number
                ):
                    path = audit_path + ("groups", g_index, "recommendations", r_index)
                    problems.append(
                        Problem(
                            path + ("continues", c_index),
                            _("This audit lists no such earlier recommendation."),
                        )
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
    if not rec.followed_up and (rec.findings or rec.findings_by_board or rec.joint_findings):
        problems.append(
            Problem(
                path + ("status",),
                _("Findings need a status (use '%(word)s' while not yet assessed).")
                % {"word": Status.NOT_ASSESSED.word},
            )
        )
    letters: set[str] = set()
    for index, part in enumerate(rec.parts):
        if part.letter in letters:
            problems.append(
                Problem(path + ("parts", index, "letter"), _("This letter appears twice."))
            )
        letters.add(part.letter)
        if part.findings and part.status is None:
            problems.append(
                Problem(
                    path + ("parts", index, "status"),
                    _("Findings need a status (use '%(word)s' while not yet assessed).")
                    % {"word": Status.NOT_ASSESSED.word},
                )
            )
    if published and rec.followed_up:
        pending = Status.NOT_ASSESSED.word
        sub = [pending if p.status is None else p.status for p in rec.parts]
        sub += list(rec.status_by_board.values())
        derived = pending in sub if rec.status is None else rec.status == pending
        if derived or pending in rec.status_by_board.values():
            problems.append(
                Problem(
                    path + ("status",),
                    _("A published review cannot have recommendations not yet assessed."),
                )
            )
    problems.extend(_check_board_keys(rec, path, declared))
    return problems


def _check_board_keys(rec, path: Path, declared: set[str]) -> list[Problem]:
    """Statuses and findings per board name declared boards the recommendation is
    addressed to; each board's findings are in one place (its own or one joint text)."""
    problems = []

    def check(name: str, place: Path) -> None:
        if name not in declared:
            problems.append(
                Problem(place, _("Board %(name)r is not declared under boards.") % {"name": name})
            )
        elif rec.addressed_to and name not in rec.addressed_to:
            problems.append(
                Problem(
                    place,
                    _("The recommendation is not addressed to %(name)r.") % {"name": name},
                )
            )

    for index, name in enumerate(rec.addressed_to):
        if name not in declared:
            problems.append(
                Problem(
                    path + ("addressed_to", index),
                    _("Board %(name)r is not declared under boards.") % {"name": name},
                )
            )
    for name in rec.status_by_board:
        check(name, path + ("status_by_board", name))
    written = set()
    for name in rec.findings_by_board:
        check(name, path + ("findings_by_board", name))
        written.add(name)
    for index, joint in enumerate(rec.joint_findings):
        for b_index, name in enumerate(joint.boards):
            place = path + ("joint_findings", index, "boards", b_index)
            check(name, place)
            if name in written:
                problems.append(
                    Problem(
                        place,
                        _("%(name)r already has findings of its own or in another joint text.")
                        % {"name": name},
                    )
                )
            written.add(name)
    return problems
