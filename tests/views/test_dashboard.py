"""The dashboard against the roll-up's hand-built case: the charts' numbers equal their
tables, and both equal what the published follow-ups found."""

from datetime import date
from io import BytesIO

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils.http import urlencode
from openpyxl import load_workbook

from reviews.models import Status
from tests.factories import AuditFactory, GroupFactory, OrganisationFactory, RecommendationFactory
from tests.helpers import table_cells
from tests.views.test_rollup import case  # noqa: F401 (the fixture)
from tests.views.test_xlsx import XLSX

pytestmark = pytest.mark.django_db
NI, PA, IM = Status.NOT_IMPLEMENTED, Status.PARTIAL, Status.IMPLEMENTED


@pytest.fixture(autouse=True)
def spring_2025(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: date(2025, 3, 1))


def chart(soup, chart_id: str) -> list[list[str]]:
    """Each bar of the chart as [label, value per labelled segment…, total]."""
    svg = soup.find("svg", attrs={"aria-labelledby": f"{chart_id}-title {chart_id}-desc"})
    assert svg.find("title").get_text() and svg.find("desc").get_text()
    # Every coordinate one number (a Swedish "20,0" would place each letter apart).
    for shape in svg.find_all(["text", "rect"]):
        for name in ("x", "y", "width"):
            if shape.has_attr(name):
                float(shape[name])
    return [
        [bar["data-label"]]
        + [text.get_text() for text in bar.select("text.value")]
        + [bar.select_one("text.total").get_text()]
        for bar in svg.select("g.bar")
    ]


def test_one_organisations_charts_equal_their_tables(client, case, elected_auditor):  # noqa: F811
    client.force_login(elected_auditor)
    page = client.get(reverse("reviews:dashboard"))
    assert page.status_code == 200
    html = page.content.decode()
    soup = BeautifulSoup(html, "html.parser")

    reviews = table_cells(html, "Rekommendationer per uppföljning och status")
    assert reviews == [
        ["Uppföljning", "Ej åtgärdad", "Delvis åtgärdad", "Åtgärdad", "Totalt"],
        ["2022: Uppföljning 2022", "3", "1", "1", "5"],
        ["2024: Uppföljning 2024", "2", "1", "1", "4"],  # the 2025 draft is not counted
    ]
    assert chart(soup, "chart-reviews") == [row for row in reviews[1:]]

    ages = table_cells(html, "Öppna rekommendationer efter ålder")
    assert ages[1:] == [["0–1 år", "0"], ["2–3 år", "3"], ["4–5 år", "1"], ["6 år eller mer", "0"]]
    # A bar with nothing in it has no segment, so only its total.
    assert chart(soup, "chart-age") == [
        [label, n, n] if n != "0" else [label, n] for label, n in ages[1:]
    ]

    boards = table_cells(html, "Öppna rekommendationer per nämnd")
    assert sorted(boards[1:]) == sorted(
        [
            ["Kommunstyrelsen", "1"],
            ["Social- och omsorgsnämnden", "1"],
            ["Socialnämnden", "1"],
            ["Samtliga nämnder", "1"],
        ]
    )
    assert [[bar[0], bar[-1]] for bar in chart(soup, "chart-places")] == boards[1:]

    figures = [dd.get_text(strip=True) for dd in soup.select(".key-figures dd")]
    assert figures == ["4", "1"]  # open: A1, B1, C1, D1; overdue: A1


def test_across_organisations_a_bar_per_year(client, case, administrator):  # noqa: F811
    other = OrganisationFactory(name="Nynäshamns kommun")
    RecommendationFactory(group=GroupFactory(audit=AuditFactory(organisation=other, year=2024)))
    client.force_login(administrator)
    html = client.get(reverse("reviews:dashboard")).content.decode()
    rows = table_cells(html, "Rekommendationer per uppföljning och status")
    assert [row[0] for row in rows] == ["År", "2022", "2024"]
    assert "alla organisationer du läser" in html
    assert table_cells(html, "Öppna rekommendationer per organisation")[1:] == [
        ["Haninge kommun", "4"],
        ["Nynäshamns kommun", "1"],
    ]
    one = client.get(reverse("reviews:dashboard"), {"organisation": other.pk}).content.decode()
    assert table_cells(one, "Öppna rekommendationer efter ålder")[1] == ["0–1 år", "1"]


def test_a_bad_organisation_is_explained(client, case, elected_auditor):  # noqa: F811
    client.force_login(elected_auditor)
    for junk in ["999999", "x", "9" * 30]:
        page = client.get(reverse("reviews:dashboard"), {"organisation": junk})
        assert page.status_code == 400
        assert "Adressen frågar efter något som inte finns" in page.content.decode()


def test_the_same_queries_whatever_the_size(
    client,
    case,  # noqa: F811
    elected_auditor,
    django_assert_max_num_queries,
):
    board, names = case
    client.force_login(elected_auditor)
    url = reverse("reviews:dashboard")
    with django_assert_max_num_queries(15) as few:
        client.get(url)
    for number in range(2, 30):
        RecommendationFactory(group=names["B1"].group, number=number).addressed_to.add(board)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_workbook_holds_the_pages_figures_and_tables(client, case, administrator):  # noqa: F811
    other = OrganisationFactory(name="Nynäshamns kommun")
    RecommendationFactory(group=GroupFactory(audit=AuditFactory(organisation=other, year=2024)))
    client.force_login(administrator)
    url = reverse("reviews:dashboard")
    for query, places in [({}, "Öppna rekommendationer per organisation"), (None, None)]:
        if query is None:  # one organisation chosen: the link keeps the choice
            query = {"organisation": case[0].organisation.pk}
            places = "Öppna rekommendationer per nämnd"
        html = client.get(url, query).content.decode()
        link = BeautifulSoup(html, "html.parser").select_one("p.download a[download]")["href"]
        assert link == "?" + urlencode({**query, "format": "xlsx"})
        response = client.get(url + link)
        assert response["Content-Type"] == XLSX
        workbook = load_workbook(BytesIO(response.content), read_only=True)
        sheets = {
            sheet.title: [[str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
            for sheet in workbook
        }
        soup = BeautifulSoup(html, "html.parser")
        figures = [dd.get_text(strip=True) for dd in soup.select(".key-figures dd")]
        assert sheets["Nyckeltal"] == [
            ["Nyckeltal", "Rekommendationer"],
            ["Öppna rekommendationer", figures[0]],
            ["Försenade", figures[1]],
        ]
        reviews = table_cells(html, "Rekommendationer per uppföljning och status")
        assert sheets["Uppföljningar"] == [[cell or "None" for cell in row] for row in reviews]
        assert sheets["Efter ålder"] == table_cells(html, "Öppna rekommendationer efter ålder")
        by_place = "Per organisation" if "organisation" not in query else "Per nämnd"
        assert sheets[by_place] == table_cells(html, places)
