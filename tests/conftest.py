from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.db.models.signals import post_save
from django.utils import translation

from organisations.models import Membership, Organisation, Role
from reviews.documents import read_review_file
from reviews.services import review_import

SEED_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "haninge-2024.yaml"


@pytest.fixture(autouse=True)
def swedish():
    """The UI language; tests assert what a Swedish user reads."""
    with translation.override("sv"):
        yield


@pytest.fixture
def auditor(db) -> User:
    """Anna, the audit firm's auditor for every organisation a test creates (roles and
    what the others may do are tested in tests/views/test_permissions.py)."""
    anna = User.objects.create_user(
        "anna", password="anna-lösenord-1", first_name="Anna", last_name="Andersson"
    )

    def make_anna_its_auditor(sender, instance, created, **kwargs):
        if created:
            Membership.objects.create(user=anna, organisation=instance, role=Role.AUDITOR)

    for organisation in Organisation.objects.all():
        make_anna_its_auditor(Organisation, organisation, created=True)
    post_save.connect(make_anna_its_auditor, sender=Organisation, weak=False)
    yield anna
    post_save.disconnect(make_anna_its_auditor, sender=Organisation)


@pytest.fixture
def auditor_client(client, auditor):
    client.force_login(auditor)
    return client


@pytest.fixture
def seed_text() -> str:
    return SEED_FILE.read_text(encoding="utf-8")


@pytest.fixture
def seed_review(db, seed_text):
    """Uppföljande granskning 2024, Haninge kommun, as transcribed from the real report."""
    return review_import(document=read_review_file(seed_text).document)


def pytest_report_header(config):
    from django.conf import settings

    database = settings.DATABASES["default"]
    return (
        f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database.get('HOST') or ''}".rstrip()
    )
