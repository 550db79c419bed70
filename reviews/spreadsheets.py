"""Files people open in a spreadsheet program (the summary CSV): user text never runs.

Excel and LibreOffice evaluate a cell that begins with =, +, - or @ (or a tab or carriage
return before one) as a formula, quoted or not, so an audit titled
`=HYPERLINK("http://…")` would run on the secretary's machine. Such a cell is written
with a leading apostrophe, which both programs show as the text typed (OWASP's advice).
"""

import csv

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
