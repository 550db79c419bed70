"""Files people open in a spreadsheet program (the summary CSV): user text never runs.

Excel and LibreOffice evaluate a cell that begins with =, +, - or @ (or a tab or carriage
return before one) as a formula, quoted or not, so an audit titled
`=HYPERLINK("http://…")` would run on the secretary's machine. Such a cell is written
with a leading apostrophe, which both programs show as the text typed (OWASP's advice).
"""

import csv
from collections.abc import Iterable

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Text that a spreadsheet would evaluate, made plain text; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeCsvWriter:
    """csv.writer with every cell passed through `safe_cell`: Swedish spreadsheet
    programs expect semicolons."""

    def __init__(self, stream):
        self.writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")

    def writerow(self, row) -> None:
        self.writer.writerow([safe_cell(cell) for cell in row])


def csv_response(rows: Iterable[Iterable], *, filename: str) -> HttpResponse:
    """A download of `rows` as a CSV file that Swedish spreadsheet programs open as UTF-8
    (a byte-order mark first), every cell made safe."""
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
    response.write("\ufeff")
    writer = SafeCsvWriter(response)
    for row in rows:
        writer.writerow(row)
    return response
