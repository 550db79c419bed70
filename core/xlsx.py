"""Excel downloads (openpyxl, write-only: rows stream to the file without a cell object
per value held in memory).

Every text is written as a string cell: Excel never evaluates a string cell, so a title
beginning with "=" stays that text (a CSV needs `reviews.spreadsheets.safe_cell`
instead). Characters an XLSX file cannot hold (control characters) are dropped, and
HTML a table renders is reduced to its text.
"""

import re
from collections.abc import Iterable
from datetime import date, datetime, time
from html import unescape
from io import BytesIO

from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import SafeString
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
HEADER = Font(bold=True)
# The most rows a list gives as one Excel file in a request (some four seconds on a slow
# machine; benchmarks/README.md).
XLSX_MAX_ROWS = 10_000


def cell_value(value):
    """What a cell holds: numbers and dates as they are, everything else as plain text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)  # Excel has no time zones
    if isinstance(value, int | float | date | time):
        return value
    text = str(value)
    if isinstance(value, SafeString):
        text = unescape(strip_tags(text))
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def xlsx_bytes(rows: Iterable[Iterable], *, title: str) -> bytes:
    """A workbook of one sheet named `title`: the first row is the header (bold)."""
    return workbook_bytes([(title, rows)])


def workbook_bytes(sheets: Iterable[tuple[str, Iterable[Iterable]]]) -> bytes:
    """A workbook of the sheets given as (title, rows); each sheet's first row is its
    header (bold)."""
    workbook = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = workbook.create_sheet(sheet_title(title))
        for index, row in enumerate(rows):
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=cell_value(value))
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula
                if index == 0:
                    cell.font = HEADER
                cells.append(cell)
            sheet.append(cells)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sheet_title(title) -> str:
    """A sheet's name as Excel allows it: 31 characters, none of []:*?/\\."""
    return SHEET_TITLE_FORBIDDEN.sub(" ", str(title))[:31].strip() or "Data"


def xlsx_response(rows: Iterable[Iterable], *, title: str, filename: str) -> HttpResponse:
    return workbook_response([(title, rows)], filename=filename)


def workbook_response(
    sheets: Iterable[tuple[str, Iterable[Iterable]]], *, filename: str
) -> HttpResponse:
    response = HttpResponse(workbook_bytes(sheets), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
