"""The per-board roll-up for ansvarsprövning, against a case built by hand: two published
follow-ups and a draft, a board renamed in between, a recommendation to all boards."""

import csv
from datetime import date, datetime
from io import BytesIO, StringIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from organisations.models import Role
from reviews.models import PromisedDate, Status
from reviews.rollup import board_rollup
from reviews.services import review_publish
from reviews.views.rollup import default_year
from tests.factories import (
    AssessmentFactory,
    AuditFactory,
    BoardFactory,
    BoardResponseFactory,
    GroupFactory,
    MembershipFactory,
    OrganisationFactory,
    RecommendationFactory,
    ReviewFactory,
)
from tests.helpers import table_cells

pytestmark = pytest.mark.django_db
TODAY = date(2025, 3, 1)
NI, PA, IM = Status.NOT_IMPLEMENTED, Status.PARTIAL, Status.IMPLEMENTED


@pytest.fixture
def case(elected_auditor):
    """Socialnämnden was renamed Social- och omsorgsnämnden in 2024.

    A (2021): 1, 2, 3 to Socialnämnden; B (2023): 1 to the new board; C (2022): 1 to all
    boards; D (2022): 1 to Kommunstyrelsen (not in the roll-up).
    2022, published: A1 ej, A2 delvis, A3 åtgärdad, C1 ej, D1 ej.
    2024, published: A1 ej, A2 åtgärdad, B1 ej, C1 delvis.
    2025, draft: A1 åtgärdad (does not count yet).
    A1 was promised for 2023-12-31.
    """
    org = OrganisationFactory(name="Haninge kommun")
    old = BoardFactory(organisation=org, name="Socialnämnden")
    new = BoardFactory(organisation=org, name="Social- och omsorgsnämnden")
    old.successors.add(new)
    executive = BoardFactory(organisation=org, name="Kommunstyrelsen")

    def recommendations(title, year, board, count=1, everyone=False):
        audit = AuditFactory(organisation=org, title=title, year=year)
        group = GroupFactory(audit=audit)
        made = []
        for number in range(1, count + 1):
            r = RecommendationFactory(group=group, number=number, addressed_to_all_boards=everyone)
            if board:
                r.addressed_to.add(board)
            made.append(r)
        return made

    a1, a2, a3 = recommendations("Granskning A", 2021, old, count=3)
    (b1,) = recommendations("Granskning B", 2023, new)
    (c1,) = recommendations("Granskning C", 2022, None, everyone=True)
    (d1,) = recommendations("Granskning D", 2022, executive)

    def review(year, statuses, publish=True):
        made = ReviewFactory(organisation=org, year=year, title=f"Uppföljning {year}")
        audits = {r.audit for r in statuses}
        for position, audit in enumerate(sorted(audits, key=lambda a: a.pk), 1):
            made.reviewed_audits.create(audit=audit, position=position)
        for recommendation, status in statuses.items():
            AssessmentFactory(review=made, recommendation=recommendation, status=status)
        if publish:
            review_publish(review=made)
        return made

    review(2022, {a1: NI, a2: PA, a3: IM, c1: NI, d1: NI})
    review(2024, {a1: NI, a2: IM, b1: NI, c1: PA})
    review(2025, {a1: IM}, publish=False)
    response = BoardResponseFactory(audit=a1.audit, year=2022, boards=[old], recommendations=[a1])
    promise = PromisedDate(response=response, recommendation=a1, date=date(2023, 12, 31))
    promise._history_date = aware(2022, 6, 1)  # when the board answered
    promise.save()
    MembershipFactory(user=elected_auditor, organisation=org, role=Role.ELECTED_AUDITOR)
    return new, {"A1": a1, "A2": a2, "A3": a3, "B1": b1, "C1": c1, "D1": d1}


def aware(*day) -> datetime:
    return timezone.make_aware(datetime(*day, 9, 0))


def summary(rollup, names):
    label = {r.pk: name for name, r in names.items()}
    return [
        (
            label[row.recommendation.pk],
            row.status,
            row.age,
            row.overdue,
            row.not_implemented_in_a_row,
        )
        for row in rollup.rows
    ]


def test_the_roll_up_through_the_rename_and_two_follow_ups(case):
    board, names = case
    rollup = board_rollup(board, year=2025, today=TODAY)
    assert [b.name for b in rollup.predecessors] == ["Socialnämnden"]
    # Open first (not implemented, then partly), oldest first; the draft does not count.
    assert summary(rollup, names) == [
        ("A1", NI, 4, True, 2),
        ("B1", NI, 2, False, 1),
        ("C1", PA, 3, False, 0),
        ("A2", IM, 4, False, 0),
        ("A3", IM, 4, False, 0),
    ]
    assert rollup.counts == [("Ej åtgärdad", 2), ("Delvis åtgärdad", 1), ("Åtgärdad", 2)]
    assert (rollup.open_count, rollup.overdue_count) == (3, 1)


def test_a_year_gone_by_is_as_of_its_end(case):
    board, names = case
    rollup = board_rollup(board, year=2022, today=TODAY)
    assert rollup.as_of == date(2022, 12, 31)
    # B (2023) was not issued yet; only the 2022 follow-up had spoken; A1 not yet overdue.
    assert summary(rollup, names) == [
        ("A1", NI, 1, False, 1),
        ("C1", NI, 0, False, 1),
        ("A2", PA, 1, False, 0),
        ("A3", IM, 1, False, 0),
    ]


def test_a_year_gone_by_is_judged_by_the_dates_promised_then(case):
    board, names = case
    a1 = names["A1"]
    # In January 2025 the board moves A1's date to the end of 2025, with a reason; a new
    # response promises B1 for 2025-06-30.
    promise = PromisedDate.objects.get(recommendation=a1)
    promise.date, promise._change_reason = date(2025, 12, 31), "Ny upphandling"
    promise._history_date = aware(2025, 1, 15)
    promise.save()
    b1 = names["B1"]
    response = BoardResponseFactory(audit=b1.audit, year=2024, recommendations=[b1])
    later = PromisedDate(response=response, recommendation=b1, date=date(2025, 6, 30))
    later._history_date = aware(2025, 2, 1)
    later.save()

    def promised(year):
        return {
            row.recommendation.pk: (row.promised_date, row.overdue)
            for row in board_rollup(board, year=year, today=TODAY).rows
            if row.promised_date
        }

    # 2024 as of its last day: A1's date then (2023-12-31) was missed; B1 had none yet.
    assert promised(2024) == {a1.pk: (date(2023, 12, 31), True)}
    # This year: the dates as they stand.
    assert promised(2025) == {a1.pk: (date(2025, 12, 31), False), b1.pk: (date(2025, 6, 30), False)}
    # A date removed before the year ended promised nothing at its end.
    promise._change_reason, promise._history_date = "Åtgärdad", aware(2025, 2, 20)
    promise.delete()
    assert promised(2024) == {a1.pk: (date(2023, 12, 31), True)}
    assert promised(2025) == {b1.pk: (date(2025, 6, 30), False)}


def test_the_page_and_its_downloads_say_the_same(client, case, elected_auditor):
    board, _names = case
    client.force_login(elected_auditor)
    url = reverse("reviews:board-rollup", args=[board.pk])
    page = client.get(url, {"year": 2025})
    assert page.status_code == 200
    html = page.content.decode()
    assert table_cells(html, "Rekommendationer efter senaste status") == [
        ["Senaste status", "Rekommendationer"],
        ["Ej åtgärdad", "2"],
        ["Delvis åtgärdad", "1"],
        ["Åtgärdad", "2"],
        ["Öppna (inte åtgärdade)", "3"],
        ["Försenade", "1"],
    ]
    rows = table_cells(html, "Rekommendationer till Social- och omsorgsnämnden")
    assert len(rows) == 6 and rows[1][0].startswith("Rekommendation 1 Granskning A")

    sheet = load_workbook(BytesIO(client.get(url, {"year": 2025, "format": "xlsx"}).content))
    xlsx = list(sheet.active.iter_rows(values_only=True))
    text = client.get(url, {"year": 2025, "format": "csv"}).content.decode().lstrip("\ufeff")
    csv_rows = list(csv.reader(StringIO(text), delimiter=";"))
    assert len(xlsx) == len(csv_rows) == 6
    assert [row[5] for row in xlsx[1:]] == [row[5] for row in csv_rows[1:]] == [
        "Ej åtgärdad", "Ej åtgärdad", "Delvis åtgärdad", "Åtgärdad", "Åtgärdad",
    ]  # fmt: skip
    assert xlsx[1][8] == csv_rows[1][8] == "ja"  # A1 is overdue

    pdf = client.get(url, {"year": 2025, "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    reader = PdfReader(BytesIO(pdf.content))
    words = " ".join(p.extract_text() for p in reader.pages)
    assert "Ansvarsprövning 2025: Social- och omsorgsnämnden" in words
    assert "Socialnämnden" in words  # the predecessor is named
    assert reader.trailer["/Root"]["/Lang"] == "sv"


def test_an_english_browser_gets_the_swedish_pack(client, case, elected_auditor):
    board, _names = case
    client.force_login(elected_auditor)
    url = reverse("reviews:board-rollup", args=[board.pk])
    pdf = client.get(url, {"format": "pdf"}, HTTP_ACCEPT_LANGUAGE="en")
    words = " ".join(p.extract_text() for p in PdfReader(BytesIO(pdf.content)).pages)
    assert "Ansvarsprövning" in words and "Senaste status" in words


@pytest.mark.parametrize("query", [{"year": "1066"}, {"year": "tjugo"}, {"format": "docm"}])
def test_a_bad_address_is_explained(client, case, elected_auditor, query):
    board, _names = case
    client.force_login(elected_auditor)
    page = client.get(reverse("reviews:board-rollup", args=[board.pk]), query)
    assert page.status_code == 400
    assert "Adressen frågar efter något som inte finns" in page.content.decode()


def test_the_page_costs_the_same_queries_for_any_number_of_rows(
    client, case, elected_auditor, django_assert_max_num_queries
):
    board, names = case
    client.force_login(elected_auditor)
    url = reverse("reviews:board-rollup", args=[board.pk])
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    group = names["B1"].group
    for number in range(2, 40):
        RecommendationFactory(group=group, number=number).addressed_to.add(board)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_index_lists_the_boards_the_user_may_read(client, case, elected_auditor):
    board, _names = case
    client.force_login(elected_auditor)
    html = client.get(reverse("reviews:rollup-index")).content.decode()
    assert reverse("reviews:board-rollup", args=[board.pk]) in html
    assert "Kommunstyrelsen" in html


@pytest.mark.parametrize(
    "today, year", [(date(2026, 3, 15), 2025), (date(2026, 6, 30), 2025), (date(2026, 9, 1), 2026)]
)
def test_without_a_year_the_spring_shows_the_year_just_ended(today, year):
    assert default_year(today) == year
