"""Fixtures every test module may use: the seed review, and one user per role plus an
outsider and an administrator.

The people hold their roles in the seed's Haninge kommun in a test that uses the seed
(that asks, directly or through another fixture, for `seed_review`), and nowhere else: an
organisation a test builds itself with the factories has no members until the test gives
it some, with `auditor_of(organisation)` for Anna or `MembershipFactory(...)` for anyone.
Roles and what each may do are tested in tests/views/test_permissions.py.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.utils import translation

from organisations.models import Board, Membership, Organisation, Role
from reviews.documents import read_review_file
from reviews.models import Audit, FollowUpReview
from reviews.services import review_import
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

SEED_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "haninge-2024.yaml"
CYBER = "Granskning av cybersäkerhet"


@pytest.fixture(autouse=True)
def swedish():
    """The UI language; tests assert what a Swedish user reads."""
    with translation.override("sv"):
        yield


@pytest.fixture
def seed_text() -> str:
    return SEED_FILE.read_text(encoding="utf-8")


@pytest.fixture
def seed_review(db, seed_text) -> FollowUpReview:
    """Uppföljande granskning 2024, Haninge kommun, as transcribed from the real report."""
    return review_import(document=read_review_file(seed_text).document)


@pytest.fixture
def haninge(seed_review) -> Organisation:
    """The seed's organisation, Haninge kommun."""
    return seed_review.organisation


@pytest.fixture
def cyber(seed_review) -> Audit:
    """The seed's cybersecurity audit: recommendations 1-3 in one group, addressed to
    Kommunstyrelsen, and its one response."""
    return seed_review.audits.get(title=CYBER)


def in_the_seed(request, user: User, role: Role, boards: tuple[str, ...] = ()) -> User:
    """Give `user` the role in the seed's Haninge kommun if the test uses the seed."""
    if "seed_review" in request.fixturenames:
        haninge = request.getfixturevalue("seed_review").organisation
        MembershipFactory(
            user=user,
            organisation=haninge,
            role=role,
            boards=[Board.objects.get(organisation=haninge, name=name) for name in boards],
        )
    return user


@pytest.fixture
def auditor(request, db) -> User:
    """Anna Andersson, the audit firm's auditor ("anna", password "anna-lösenord-1"):
    auditor of the seed's Haninge kommun when the test uses the seed."""
    anna = UserFactory(
        username="anna", password="anna-lösenord-1", first_name="Anna", last_name="Andersson"
    )
    return in_the_seed(request, anna, Role.AUDITOR)


@pytest.fixture
def auditor_of(auditor):
    """Make Anna auditor of an organisation the test built: `auditor_of(organisation)`."""

    def make(organisation: Organisation) -> Membership:
        return MembershipFactory(user=auditor, organisation=organisation, role=Role.AUDITOR)

    return make


@pytest.fixture
def auditor_client(client, auditor) -> Client:
    """A client signed in as Anna."""
    client.force_login(auditor)
    return client


@pytest.fixture
def elected_auditor(request, db) -> User:
    """Erik Ek, an elected auditor (förtroendevald revisor): of the seed's Haninge kommun
    when the test uses the seed."""
    erik = UserFactory(username="erik", first_name="Erik", last_name="Ek")
    return in_the_seed(request, erik, Role.ELECTED_AUDITOR)


@pytest.fixture
def respondent(request, db) -> User:
    """Sofia Svensson, who enters Socialnämnden's responses: board respondent for it in the
    seed's Haninge kommun when the test uses the seed."""
    sofia = UserFactory(username="sofia", first_name="Sofia", last_name="Svensson")
    return in_the_seed(request, sofia, Role.BOARD_RESPONDENT, boards=("Socialnämnden",))


@pytest.fixture
def secretary(request, db) -> User:
    """Stina Sjöberg, a committee secretary: of the seed's Haninge kommun when the test
    uses the seed."""
    stina = UserFactory(username="stina", first_name="Stina", last_name="Sjöberg")
    return in_the_seed(request, stina, Role.SECRETARY)


@pytest.fixture
def outsider(db) -> User:
    """Otto Olsson, auditor of Nacka kommun and of nothing a test builds: what he reaches of
    another organisation is a leak."""
    otto = UserFactory(username="otto", first_name="Otto", last_name="Olsson")
    MembershipFactory(user=otto, organisation=OrganisationFactory(name="Nacka kommun"))
    return otto


@pytest.fixture
def administrator(db) -> User:
    """Ada Admin, a superuser (administrators need no membership): "ada", password
    "ada-lösenord-1"."""
    return UserFactory(
        username="ada", first_name="Ada", last_name="Admin", is_staff=True, is_superuser=True
    )


@pytest.fixture
def administrator_client(client, administrator) -> Client:
    """A client signed in as the administrator."""
    client.force_login(administrator)
    return client


def pytest_report_header(config):
    database = settings.DATABASES["default"]
    return (
        f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database.get('HOST') or ''}".rstrip()
    )


def pytest_unconfigure(config):
    # SQLite's write-ahead log and its index outlive the test database file when a
    # connection closes after Django removed the file (audit_tracker/settings/test.py).
    name = settings.DATABASES["default"].get("TEST", {}).get("NAME")
    if name and settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        for leftover in (f"{name}-wal", f"{name}-shm"):
            Path(leftover).unlink(missing_ok=True)
