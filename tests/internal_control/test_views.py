"""The internal-control pages through Django's test client: what the pages show, who
sees which rows, and query counts that do not grow with the plan. (Who may open which
page: test_permissions.py.)"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from internal_control.models import Plan
from organisations.models import Board, Role
from tests.factories import AuditFactory, GroupFactory, MembershipFactory, RecommendationFactory
from tests.helpers import form_data, table_cells

from .conftest import import_text, plan_file
from .test_permissions import MATRIX, url_for


@pytest.fixture
def draft_plan(db) -> Plan:
    plan = import_text(plan_file())
    import_text(plan_file(board="Kommunstyrelsen"))  # another board of the organisation
    audit = AuditFactory(organisation=plan.board.organisation)
    RecommendationFactory(group=GroupFactory(audit=audit), number=1).addressed_to.add(plan.board)
    return plan


@pytest.fixture
def people(
    draft_plan,
    auditor,
    elected_auditor,
    respondent,
    secretary,
    outsider,
    administrator,
    django_user_model,
):
    haninge = draft_plan.board.organisation
    for user, role in [
        (auditor, Role.AUDITOR),
        (elected_auditor, Role.ELECTED_AUDITOR),
        (secretary, Role.SECRETARY),
    ]:
        MembershipFactory(user=user, organisation=haninge, role=role)
    MembershipFactory(
        user=respondent, organisation=haninge, role=Role.BOARD_RESPONDENT, boards=[draft_plan.board]
    )
    other = django_user_model.objects.create_user("kent")
    MembershipFactory(
        user=other,
        organisation=haninge,
        role=Role.BOARD_RESPONDENT,
        boards=[Board.objects.get(organisation=haninge, name="Kommunstyrelsen")],
    )
    return {
        "anonymous": None,
        "outsider": outsider,
        "auditor": auditor,
        "elected": elected_auditor,
        "respondent": respondent,
        "other_board": other,
        "secretary": secretary,
        "admin": administrator,
    }  # fmt: skip


def test_lists_count_only_what_the_user_sees(client, people, draft_plan):
    client.force_login(people["respondent"])
    rows = table_cells(client.get(reverse("internal_control:plan-list")).content)
    assert [row[1] for row in rows[1:]] == ["Socialnämnden"]
    client.force_login(people["secretary"])
    page = client.get(reverse("internal_control:plan-list")).content.decode()
    assert "Socialnämnden" not in page  # a draft
    client.force_login(people["outsider"])
    page = client.get(reverse("internal_control:action-list") + "?show=all").content.decode()
    assert "Åtgärd 1.1" not in page


def test_a_secretary_reads_adopted_plans_and_submitted_follow_ups(client, secretary, social_plan):
    MembershipFactory(user=secretary, organisation=social_plan.board.organisation,
                      role=Role.SECRETARY)  # fmt: skip
    client.force_login(secretary)
    assert client.get(social_plan.get_absolute_url()).status_code == 200
    follow_up = social_plan.rounds.get()
    page = client.get(follow_up.get_absolute_url())
    assert page.status_code == 200
    pdf = client.get(reverse("internal_control:round-pdf", args=[follow_up.pk]))
    assert pdf["Content-Type"] == "application/pdf"


def test_the_plan_page_shows_the_matrix_and_the_values(client, auditor, social_plan, draft_plan):
    MembershipFactory(user=auditor, organisation=draft_plan.board.organisation, role=Role.AUDITOR)
    client.force_login(auditor)
    page = client.get(draft_plan.get_absolute_url()).content.decode()
    # Risks 1 and 2 have probability 3 and consequence 4: the cell of value 12, band "hög".
    assert page.count('href="#risk-1"') == 1 and page.count('href="#risk-2"') == 1
    cell = page[page.index("12 <span") : page.index('href="#risk-2"')]
    assert "hög" in cell
    MembershipFactory(user=auditor, organisation=social_plan.board.organisation, role=Role.AUDITOR)
    page = client.get(social_plan.get_absolute_url()).content.decode()
    assert "Risker med enbart angivet riskvärde" in page
    for number, value in [(1, 16), (2, 12), (3, 12), (4, 15)]:
        assert f"Risk {number}: värde {value}" in page


def test_the_round_page_counts_the_assessments(client, auditor, uppsala_plan):
    MembershipFactory(user=auditor, organisation=uppsala_plan.board.organisation, role=Role.AUDITOR)
    client.force_login(auditor)
    page = client.get(uppsala_plan.rounds.get().get_absolute_url())
    counts = {row[0]: row[1] for row in table_cells(page.content, "Kontrollmoment per bedömning")}
    assert counts["utan anmärkning"] == "7"
    assert counts["med mindre anmärkning"] == "2"
    assert counts["Totalt:"] == "9"


@pytest.mark.parametrize(
    "name", ["plan-detail", "plan-edit", "round-detail", "round-assess", "plan-list", "action-list"]
)
def test_query_counts_do_not_grow_with_the_plan(client, administrator, name, db):
    counts = []
    for year, risks in [(2025, 2), (2026, 12)]:
        plan = import_text(plan_file(year=year, risks=risks, controls=3, assessed=True))
        client.force_login(administrator)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url_for(name, MATRIX[name][0], plan)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_plan_and_the_round_show_who_changed_what(client, people, draft_plan):
    client.force_login(people["respondent"])
    risk = draft_plan.risks.get(number=1)
    edit = reverse("internal_control:risk-edit", args=[risk.pk])
    data = form_data(client.get(edit).content.decode(), "main form")
    data["description"] = "Risk 1, omformulerad."
    assert client.post(edit, data).status_code == 302
    page = client.get(draft_plan.get_absolute_url()).content.decode()
    who = people["respondent"].get_full_name()
    assert f"{who} – ändring: risk 1" in page
    assert "import – tillägg: planen" in page
    follow_up = draft_plan.rounds.get()
    assess = reverse("internal_control:round-assess", args=[follow_up.pk])
    data = form_data(client.get(assess).content.decode(), "form.assessment-form")
    control = risk.controls.get(position=2)
    data[f"control-{control.pk}-result"] = "Nytt resultat."
    assert client.post(assess, data).status_code == 302
    page = client.get(follow_up.get_absolute_url()).content.decode()
    assert f"{who} – ändring: kontrollmoment 1.2: bedömning och resultat" in page
