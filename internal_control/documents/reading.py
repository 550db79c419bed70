"""Reading a plan file: `core.documents` reads the YAML without trusting it and checks the
schema; the cross-reference rules are in `checks`."""

from django.conf import settings
from django.utils.translation import gettext_lazy

from core.documents import decode_upload, load_document, validate

from .checks import check_document
from .schema import PlanDocument

# The deepest place is rounds[].results[].actions[].description: seven levels.
MAX_DEPTH = 16
SIZE_SETTING = "PLAN_FILE_MAX_BYTES"
WHAT = gettext_lazy("a plan file")
DOCS = "docs/INTERNAL_CONTROL_FORMAT.md"


def read_plan_bytes(data: bytes) -> tuple[PlanDocument, dict]:
    """A plan file as it arrives (a file on disk, an upload): bounded in size, UTF-8."""
    text = decode_upload(
        data, max_bytes=settings.PLAN_FILE_MAX_BYTES, setting_name=SIZE_SETTING, what=WHAT
    )
    return read_plan_file(text)


def read_plan_file(text: str) -> tuple[PlanDocument, dict]:
    """The checked document and the line of every path in the file; raises DocumentError
    listing every problem, each at its line."""
    data, lines, problems = load_document(
        text,
        max_bytes=settings.PLAN_FILE_MAX_BYTES,
        max_depth=MAX_DEPTH,
        setting_name=SIZE_SETTING,
        what=WHAT,
    )
    document = validate(PlanDocument, data, lines, problems, docs=DOCS, rules=check_document)
    return document, lines
