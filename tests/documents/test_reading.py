"""reviews.documents.reading: hostile and broken review files are refused by the reader with
their line, quickly, and nothing is written. (Ordinary refusals and what the importer itself
refuses are in tests/services/test_imports.py; random ones in test_imports_fuzz.py.)"""

import io
import time

import pytest
from django.core.management import CommandError, call_command

from organisations.models import Firm
from reviews.models import FollowUpReview
from tests.services.test_imports import VALID, refused, row_counts, run_import

pytestmark = pytest.mark.django_db


def alias_bomb(levels: int) -> str:
    """The "billion laughs": each level is nine aliases of the one before."""
    lines = ['a0: &a0 ["ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha"]']
    for level in range(1, levels + 1):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n...\n"


def test_it_refuses_an_alias_bomb_before_expanding_anything(tmp_path):
    started = time.monotonic()
    message = refused(tmp_path, alias_bomb(9))  # 9**10 strings if expanded
    assert "rad 1, filen: Ankare och alias (&namn, *namn) är inte tillåtna" in message
    # Refused while reading, not after expanding: well under a second on any machine.
    assert time.monotonic() - started < 5


def test_it_refuses_an_alias_even_in_an_otherwise_valid_review(tmp_path):
    text = VALID.replace("  firm: EY\n  summary", "  firm: &firm EY\n  summary", 1)
    text = text.replace("    year: 2023\n    firm: EY", "    year: 2023\n    firm: *firm", 1)
    message = refused(tmp_path, text)
    assert "rad 12, filen: Ankare och alias" in message


def test_it_refuses_a_file_over_the_size_limit_without_reading_it_whole(tmp_path, settings):
    settings.REVIEW_FILE_MAX_BYTES = 2000
    text = VALID.replace("audits:\n", "# " + "x" * 3000 + "\naudits:\n", 1)
    message = refused(tmp_path, text)
    assert "högst 2000 byte" in message
    assert "REVIEW_FILE_MAX_BYTES" in message


@pytest.mark.parametrize(
    "old, new, line, expected",
    [
        # a raw control character, on line 8
        ("  - name: Socialnämnden", "  - name: Social\x07nämnden", 8, "ett styrtecken (U+0007)"),
        # a list used as a key
        ("review:\n", "? [review, x]\n: 1\nreview:\n", 9, "En nyckel måste vara ett ord"),
        # a mapping used as a key
        ("review:\n", "? {a: 1}\n: 1\nreview:\n", 9, "En nyckel måste vara ett ord"),
        # 500 nested brackets
        (
            "  summary: |",
            "  deep: " + "[" * 500 + "]" * 500 + "\n  summary: |",
            13,
            "djupt nästlad",
        ),
        # a NUL character and a lone surrogate written as YAML escapes
        ("text: Ta fram rutiner.", 'text: "Ta fram\\0 rutiner."', 25, "styrtecken (U+0000)"),
        ("text: Ta fram rutiner.", 'text: "Ta fram\\uD800 rutiner."', 25, "Inte giltig YAML"),
        # a date that does not exist, and an integer of 5,000 digits
        ("year: 2023\n    firm", "year: 2023-13-45\n    firm", 17, "kan inte läsa värdet"),
        ("year: 2023\n    firm", "year: " + "9" * 5000 + "\n    firm", 17, "kan inte läsa värdet"),
        # two documents in one file
        ("format:", "a: 1\n---\nformat:", 2, "ett andra"),
    ],
    ids=[
        "control-character",
        "list-key",
        "mapping-key",
        "nested-brackets",
        "nul",
        "surrogate",
        "impossible-date",
        "huge-integer",
        "two-documents",
    ],
)
def test_it_refuses_what_used_to_crash_the_importer_naming_the_line(
    tmp_path, old, new, line, expected
):
    assert old in VALID
    message = refused(tmp_path, VALID.replace(old, new, 1))
    assert f"rad {line}," in message
    assert expected in message


def test_invalid_utf8_is_reported_by_line_and_column_not_byte_position(tmp_path):
    data = VALID.encode("utf-8").replace(
        "Socialnämnden".encode(), "Socialnämnden".encode("latin-1"), 1
    )
    path = tmp_path / "review.yaml"
    path.write_bytes(data)
    message = refused_path(path)
    assert "rad 8, filen: Filen är inte UTF-8-text: byte 0xE4 i kolumn 18" in message


def refused_path(path) -> str:
    before = row_counts()
    with pytest.raises(CommandError) as error:
        call_command("import_review", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert row_counts() == before
    return str(error.value)


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "review.yaml"
    path.write_bytes("\ufeff".encode() + VALID.encode())
    call_command("import_review", str(path), stdout=io.StringIO())
    assert FollowUpReview.objects.count() == 1


def test_a_name_longer_than_its_column_is_refused_before_the_database_sees_it(tmp_path):
    """The schema allowed 300 characters where the column holds 200: PostgreSQL crashed."""
    long_firm = "Revisionsbyrån " + "x" * 200
    message = refused(
        tmp_path, VALID.replace("  firm: EY\n  summary", f"  firm: {long_firm}\n  summary")
    )
    assert "rad 12, review.firm: För lång (högst 200 tecken)." in message
    assert not Firm.objects.exists()


def test_a_text_over_the_length_limit_is_refused(tmp_path):
    text = VALID.replace("text: Ta fram rutiner.", "text: " + "Lång text. " * 2000, 1)
    message = refused(tmp_path, text)
    assert (
        "rad 25, audits[1].groups[1].recommendations[1].text: För lång (högst 20000 tecken)."
        in message
    )


@pytest.mark.parametrize(
    "cut_after", ["            status: åtgärdad\n", "  - name: Socialnämnden\n"]
)
def test_a_file_cut_short_is_not_imported_as_a_shorter_review(tmp_path, cut_after):
    # Cut at a line end, so what is left is valid YAML and would pass the schema.
    whole = VALID
    cut = whole[: whole.index(cut_after) + len(cut_after)]
    message = refused(tmp_path, cut)
    assert "slutmarkeringen '...'" in message
    assert f"rad {cut.count(chr(10))}," in message


def test_a_whole_file_without_its_end_marker_is_refused_with_how_to_fix_it(tmp_path):
    message = refused(tmp_path, VALID.removesuffix("...\n"))
    assert "Om filen är hel, lägg till raden '...' sist." in message
    run_import(tmp_path, VALID)  # and with it, the file imports
    assert FollowUpReview.objects.count() == 1
