"""Reading what a user sees out of rendered HTML."""

from bs4 import BeautifulSoup

# The label of a recommendation's findings box, before its number.
FINDINGS = "Vad har gjorts: iakttagelser, rekommendation"


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


def form_data(html: str, selector: str = "form") -> dict[str, str]:
    """What a browser would submit for the form, untouched: inputs, checked radios, textareas."""
    soup = BeautifulSoup(html, "html.parser")
    form = soup.select_one(selector)
    data: dict[str, str] = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.has_attr("disabled"):
            continue
        if field.name == "textarea":
            data[name] = field.text.removeprefix("\n")
        elif field.name == "select":
            chosen = field.find("option", selected=True) or field.find("option")
            data[name] = chosen.get("value", "") if chosen else ""
        elif field.get("type") in ("radio", "checkbox"):
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        elif field.get("type") not in ("submit", "button"):
            data[name] = field.get("value", "")
    return data


def field_name(html: str, label: str) -> str:
    """The name of the input a label (or a fieldset legend) belongs to."""
    soup = BeautifulSoup(html, "html.parser")
    for legend in soup.find_all("legend"):
        if legend.get_text(strip=True) == label:
            fieldset = legend.find_parent("fieldset")
            return fieldset.find("input", attrs={"type": lambda t: t != "hidden"})["name"]
    for element in soup.find_all("label"):
        if element.get_text(strip=True) == label and element.get("for"):
            return soup.find(id=element["for"])["name"]
    raise AssertionError(f"no field labelled {label!r}")
