"""Random damage to review files, seeded and bounded: whatever a file holds, the importer
either imports it whole or refuses it naming a line, and never writes half of it.

Each case mutates a valid file a few ways (lines dropped, doubled, swapped or
re-indented; nasty tokens and values put in; the file cut short; bytes broken), then
reads and imports it inside a transaction that is always rolled back.
"""

import random

import pytest
from django.db import transaction

from reviews.documents import DocumentError, read_review_bytes
from reviews.services import review_import
from tests.conftest import SEED_FILE
from tests.services.test_imports import VALID, row_counts

pytestmark = pytest.mark.django_db

SEED = 20261124
CASES_SMALL = 200  # on the short test file: a few milliseconds each
CASES_SEED = 10  # on the real report: about a fifth of a second each

TOKENS = [
    "&a ", "*a", "<<: *a", "\x00", "\x07", "\x1b", "\t", "\r", "[", "]", "{", "}", ": ",
    "- ", "? ", "#", "|", ">", "'", '"', "\\", "%YAML 1.1\n", "---\n", "...\n", "!!binary ",
    "!foo ", "!!python/object:os.system ", "\ufeff", "\u2028", "\ud7ff",
]  # fmt: skip
VALUES = [
    '"\\0"', '"\\x07"', '"\\uD800"', '"\\e"', "9" * 5000, "-1", "0", "32768", "1e400", ".nan",
    ".inf", "~", "null", "yes", "2024-13-45", "2024-02-30", "[]", "{}", "[[[[]]]]", "{a: b}",
    "x" * 25_000, "Ö" * 250, "'", "ej bedömd", "publicerad", "åtgärdad", "styrelse",
    "audit-tracker/review 2", "!!binary aGVq", "=HYPERLINK(\"http://x\")",
]  # fmt: skip


def mutate(text: str, rng: random.Random) -> bytes:
    for _ in range(rng.randint(1, 3)):
        lines = text.split("\n")
        index = rng.randrange(len(lines))
        match rng.randrange(9):
            case 0:
                del lines[index]
            case 1:
                lines.insert(index, lines[index])
            case 2:
                other = rng.randrange(len(lines))
                lines[index], lines[other] = lines[other], lines[index]
            case 3:
                line = lines[index]
                lines[index] = (
                    " " * rng.choice([1, 2, 4]) + line if rng.random() < 0.5 else line[2:]
                )
            case 4:
                line = lines[index]
                at = rng.randint(0, len(line))
                lines[index] = line[:at] + rng.choice(TOKENS) + line[at:]
            case 5:
                line = lines[index]
                if ": " in line:
                    lines[index] = line[: line.index(": ") + 2] + rng.choice(VALUES)
            case 6:
                cut = rng.randint(0, len(text))
                text = text[:cut] + ("...\n" if rng.random() < 0.3 else "")
                continue
            case 7:
                lines = lines[:index] + ["...", ""]  # cut, with an end marker put back
            case 8:
                data = bytearray(text.encode("utf-8"))
                at = rng.randrange(len(data))
                data[at : at + 1] = rng.choice([b"\xff", b"\xc3", b"\xe4", b"\xed\xa0\x80"])
                return bytes(data)
        text = "\n".join(lines)
    return text.encode("utf-8")


def import_or_refuse(data: bytes) -> DocumentError | None:
    """Read and import the file in a transaction that is always rolled back; return the
    refusal, if any. Any other exception escapes and fails the test."""
    with transaction.atomic():
        review_file = None
        try:
            review_file = read_review_bytes(data)
            review_import(document=review_file.document)
        except DocumentError as error:
            if review_file is not None:
                review_file.locate(error)
            return error
        finally:
            transaction.set_rollback(True)
    return None


@pytest.mark.parametrize(
    "name, text, cases",
    [("small", VALID, CASES_SMALL), ("seed", SEED_FILE.read_text(encoding="utf-8"), CASES_SEED)],
)
def test_no_damaged_file_crashes_the_importer_or_writes_anything(name, text, cases):
    rng = random.Random(f"{SEED}-{name}")
    before = row_counts()
    refusals = 0
    for case in range(cases):
        data = mutate(text, rng)
        error = import_or_refuse(data)
        if error is not None:
            refusals += 1
            unplaced = [str(p) for p in error.problems if not p.line]
            assert not unplaced, f"case {case}: refusal without a line: {unplaced}\n{data!r}"
        assert row_counts() == before, f"case {case} left rows behind:\n{data!r}"
    # The mutations are meant to break files: most must be refused, some may survive.
    assert refusals > cases * 0.6
