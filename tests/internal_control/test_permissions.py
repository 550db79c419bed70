"""Who may read and write what in internal control, for every URL of the module and every
role: a new view fails `test_every_url_is_in_the_matrix` until its row is added here."""

from types import SimpleNamespace

import pytest
from django.db import transaction
from django.urls import URLPattern, reverse

from internal_control import urls as ic_urls
from internal_control.models import Action, ControlFollowUp, Plan, Risk
from organisations.models import Board, Role
from reviews.models import Recommendation
from tests.factories import (
    AuditFactory,
    GroupFactory,
    MembershipFactory,
    OrganisationFactory,
    RecommendationFactory,
    UserFactory,
)

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


def build_matrix_world() -> SimpleNamespace:
    """The draft plan, one user per role and the URL of each view for them."""
    plan = import_text(plan_file())
    import_text(plan_file(board="Kommunstyrelsen"))
    audit = AuditFactory(organisation=plan.board.organisation)
    RecommendationFactory(group=GroupFactory(audit=audit), number=1).addressed_to.add(plan.board)
    haninge = plan.board.organisation
    nacka = OrganisationFactory(name="Nacka kommun")
    users = {"anonymous": None}
    for name, organisation, role, boards in [
        ("outsider", nacka, Role.AUDITOR, []),
        ("auditor", haninge, Role.AUDITOR, []),
        ("elected", haninge, Role.ELECTED_AUDITOR, []),
        ("respondent", haninge, Role.BOARD_RESPONDENT, [plan.board]),
        ("other_board", haninge, Role.BOARD_RESPONDENT, ["Kommunstyrelsen"]),
        ("secretary", haninge, Role.SECRETARY, []),
    ]:
        users[name] = UserFactory(username=f"matrix-{name}")
        MembershipFactory(
            user=users[name],
            organisation=organisation,
            role=role,
            boards=[
                b if isinstance(b, Board) else Board.objects.get(organisation=haninge, name=b)
                for b in boards
            ],
        )
    users["admin"] = UserFactory(username="matrix-admin", is_staff=True, is_superuser=True)
    urls = {name: url_for(name, kind, plan) for name, (kind, _r, _w) in MATRIX.items()}
    return SimpleNamespace(users=users, urls=urls)


@pytest.fixture(scope="module")
def matrix_world(django_db_setup, django_db_blocker):
    """The matrix's world, built once for its hundreds of requests and rolled back after
    them (each test's own writes roll back with it)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_matrix_world()
        transaction.set_rollback(True)


@pytest.mark.parametrize("name, role", CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_reading(client, db, matrix_world, name, role):
    _kind, expected, _writing = MATRIX[name]
    if matrix_world.users[role]:
        client.force_login(matrix_world.users[role])
    response = client.get(matrix_world.urls[name])
    assert response.status_code == expected[role]


@pytest.mark.parametrize("name, role", CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_writing(client, db, matrix_world, name, role):
    _kind, _reading, expected = MATRIX[name]
    if matrix_world.users[role]:
        client.force_login(matrix_world.users[role])
    before = [model.history.count() for model in (Plan, Risk, ControlFollowUp, Action)]
    response = client.post(matrix_world.urls[name], {})
    assert response.status_code == expected[role]
    if expected[role] != 302:
        after = [model.history.count() for model in (Plan, Risk, ControlFollowUp, Action)]
        assert after == before  # nothing was written
