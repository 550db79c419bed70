"""The review document format (docs/REVIEW_FORMAT.md): read, check and write YAML files.

Reading never touches the database: `read_review_file` parses and checks the file on its
own and returns a `ReviewFile`, or raises `DocumentError` whose problems name the line
and the path in the file. `services.review_import` then writes it. The reading machinery
every document format shares is `core.documents`.
"""

from core.documents import DocumentError, Path, Problem, first_difference

from .reading import check_document, read_review_bytes, read_review_file
from .schema import (
    BOARD_KINDS,
    COLOURS,
    FORMAT,
    ORGANISATION_KINDS,
    REVIEW_STATES,
    STANCES,
    STATUSES,
    AuditPart,
    BoardPart,
    OrganisationPart,
    ReviewDocument,
    ReviewFile,
)
from .writing import audit_to_part, dump_review_document, review_to_document

__all__ = [
    "BOARD_KINDS",
    "COLOURS",
    "FORMAT",
    "ORGANISATION_KINDS",
    "REVIEW_STATES",
    "STANCES",
    "STATUSES",
    "AuditPart",
    "BoardPart",
    "DocumentError",
    "OrganisationPart",
    "Path",
    "Problem",
    "ReviewDocument",
    "ReviewFile",
    "audit_to_part",
    "check_document",
    "dump_review_document",
    "first_difference",
    "read_review_bytes",
    "read_review_file",
    "review_to_document",
]
