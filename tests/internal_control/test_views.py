"""The internal-control pages through Django's test client: who sees what (every URL and
role), what the pages show, and query counts that do not grow with the plan."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, reverse

from internal_control import urls as ic_urls
from internal_control.models import Action, ControlFollowUp, Plan, Risk
from organisations.models import Board, Role
from reviews.models import Recommendation
from tests.factories import AuditFactory, GroupFactory, MembershipFactory, RecommendationFactory
from tests.helpers import table_cells

from .conftest import import_text, plan_file

ROLES = [
    "anonymous",
    "outsider",
    "auditor",
    "elected",
    "respondent",
    "other_board",
    "secretary",
    "admin",
]
SIGN_IN = 302
EVERYONE = dict(
    anonymous=SIGN_IN,
    outsider=200,
    auditor=200,
    elected=200,
    respondent=200,
    other_board=200,
    secretary=200,
    admin=200,
)
NO_POST = {role: (SIGN_IN if role == "anonymous" else 405) for role in ROLES}
# A draft plan of Socialnämnden with a draft follow-up: its officers and the auditors read
# it; a secretary reads adopted plans and submitted follow-ups only; others get 404.
DRAFT_READERS = dict(
    anonymous=SIGN_IN,
    outsider=404,
    auditor=200,
    elected=200,
    respondent=200,
    other_board=404,
    secretary=404,
    admin=200,
)
WRITERS = dict(
    anonymous=SIGN_IN,
    outsider=404,
    auditor=403,
    elected=403,
    respondent=200,
    other_board=404,
    secretary=404,
    admin=200,
)
POST_ONLY = {role: (SIGN_IN if role == "anonymous" else 405) for role in ROLES}


def writers(status: int) -> dict:
    """The writers' statuses, with `status` for the board's officer and the admin."""
    return {**WRITERS, "respondent": status, "admin": status}


MATRIX = {
    "plan-list": ("list", EVERYONE, NO_POST),
    "action-list": ("list", EVERYONE, NO_POST),
    "plan-detail": ("plan", DRAFT_READERS, NO_POST),
    "plan-pdf": ("plan", DRAFT_READERS, NO_POST),
    "round-detail": ("round", DRAFT_READERS, NO_POST),
    "round-pdf": ("round", DRAFT_READERS, NO_POST),
    # Seeing the board (its organisation) but not being its officer is a 403.
    "plan-create": (
        "board",
        {**WRITERS, "other_board": 403, "secretary": 403},
        {**writers(400), "other_board": 403, "secretary": 403},
    ),
    **{
        name: (kind, WRITERS, writers(400))
        for name, kind in [
            ("plan-edit", "plan"),
            ("area-create", "plan"),
            ("area-edit", "area"),
            ("risk-create", "plan"),
            ("risk-edit", "risk"),
            ("control-create", "risk"),
            ("control-edit", "control"),
            ("round-create", "plan"),
            ("round-edit", "round"),
            ("memo-edit", "round"),
        ]
    },
    # The screen is readable by everyone who reads the round; an empty post is refused.
    "round-assess": ("round", DRAFT_READERS, writers(400)),
    # Actions posted without their data: a 404 for what names no part, else a message.
    "part-move": ("plan", POST_ONLY, writers(404)),
    "part-delete": ("plan", POST_ONLY, writers(404)),
    "plan-adopt": ("plan", POST_ONLY, writers(302)),
    "round-submit": ("round", POST_ONLY, writers(302)),
    "action-done": ("action", POST_ONLY, writers(302)),
    # A recommendation to Socialnämnden: its officer may take it in (the page says when
    # its status does not allow it); the auditors see it, others do not.
    "recommendation-take-in": (
        "recommendation",
        {**WRITERS, "respondent": 200, "admin": 200},
        writers(400),
    ),
}  # fmt: skip


def test_every_url_is_in_the_matrix():
    names = {p.name for p in ic_urls.urlpatterns if isinstance(p, URLPattern)}
    assert names == set(MATRIX), "add every view to the permission matrix"


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


def url_for(name: str, kind: str, plan: Plan) -> str:
    if kind == "board":
        return reverse(f"internal_control:{name}") + f"?board={plan.board_id}"
    risk = plan.risks.first()
    follow_up = plan.rounds.get()
    kwargs = {
        "list": lambda: {},
        "plan": lambda: {"pk": plan.pk},
        "round": lambda: {"round_pk" if name == "round-edit" else "pk": follow_up.pk},
        "area": lambda: {"area_pk": plan.areas.first().pk},
        "risk": lambda: {"risk_pk": risk.pk},
        "control": lambda: {"control_pk": risk.controls.first().pk},
        "action": lambda: {"pk": Action.objects.filter(follow_up__round=follow_up).first().pk},
        "recommendation": lambda: {"pk": Recommendation.objects.get().pk},
    }[kind]()
    return reverse(f"internal_control:{name}", kwargs=kwargs)


CASES = [(name, role) for name in MATRIX for role in ROLES]


@pytest.mark.parametrize("name, role", CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_reading(client, people, draft_plan, name, role):
    kind, expected, _writing = MATRIX[name]
    if people[role]:
        client.force_login(people[role])
    response = client.get(url_for(name, kind, draft_plan))
    assert response.status_code == expected[role]


@pytest.mark.parametrize("name, role", CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_writing(client, people, draft_plan, name, role):
    kind, _reading, expected = MATRIX[name]
    if people[role]:
        client.force_login(people[role])
    before = [model.history.count() for model in (Plan, Risk, ControlFollowUp, Action)]
    response = client.post(url_for(name, kind, draft_plan), {})
    assert response.status_code == expected[role]
    if expected[role] != 302:
        after = [model.history.count() for model in (Plan, Risk, ControlFollowUp, Action)]
        assert after == before  # nothing was written


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
