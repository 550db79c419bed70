"""Reading what a user sees out of rendered HTML."""

from bs4 import BeautifulSoup


def table_cells(html: str, caption: str | None = None) -> list[list[str]]:
    """Every row of a table (header, body, footer) as the texts of its cells."""
    soup = BeautifulSoup(html, "html.parser")
    tables = soup.find_all("table")
    if caption is not None:
        tables = [t for t in tables if t.caption and t.caption.get_text(strip=True) == caption]
    assert len(tables) == 1, f"expected one table, found {len(tables)}"
    return [
        [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
        for row in tables[0].find_all("tr")
    ]
