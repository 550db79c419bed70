"""core.documents serves any document format: a small plan format of its own is read,
and its messages name its kind of file, its size setting and its description.
(What the review format makes of it: tests/documents/test_reading.py.)"""

import pytest

from core.documents import (
    DocumentError,
    Part,
    Problem,
    RequiredText,
    Year,
    decode_upload,
    load_document,
    validate,
)

LIMITS = {"max_bytes": 2000, "setting_name": "PLAN_FILE_MAX_BYTES", "what": "en planfil"}


class PlanDocument(Part):
    title: RequiredText
    year: Year
    controls: list[RequiredText] = []


def no_control_twice(plan: PlanDocument) -> list[Problem]:
    return [
        Problem(("controls", index), "Kontrollen finns redan.")
        for index, control in enumerate(plan.controls)
        if control in plan.controls[:index]
    ]


def read_plan(text: str) -> PlanDocument:
    data, lines, problems = load_document(text, max_depth=4, **LIMITS)
    return validate(
        PlanDocument,
        data,
        lines,
        problems,
        docs="docs/INTERNAL_CONTROL_FORMAT.md",
        rules=no_control_twice,
    )


def refused(text: str) -> str:
    with pytest.raises(DocumentError) as error:
        read_plan(text)
    return str(error.value)


def test_a_plan_is_read():
    plan = read_plan("title: Attestordning\nyear: 2025\ncontrols: [Stickprov]\n...\n")
    assert plan == PlanDocument(title="Attestordning", year=2025, controls=["Stickprov"])


def test_the_messages_name_the_plan_format_not_the_review_format():
    assert "högst 2000 byte (inställningen PLAN_FILE_MAX_BYTES)" in refused("x" * 2001)
    assert "inte tillåtna i en planfil" in refused("a: &a 1\nb: *a\n...\n")
    assert "en planfil behöver högst 4 nivåer" in refused("a: [[[[[1]]]]]\n...\n")
    assert "se docs/INTERNAL_CONTROL_FORMAT.md" in refused(
        "title: T\nyear: 2025\nowner: Ekonomi\n...\n"
    )


def test_every_problem_is_reported_at_its_line():
    message = refused("title: T\nyear: 2025\ncontrols:\n- A\n- A\n")
    assert "rad 5, controls[2]: Kontrollen finns redan." in message
    assert "rad 5, filen: Filen slutar inte med slutmarkeringen '...'" in message


def test_an_upload_is_decoded_without_its_byte_order_mark():
    assert decode_upload("\ufefftitle: Å\n".encode(), **LIMITS) == "title: Å\n"
