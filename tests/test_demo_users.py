"""`create_demo_users`: one development account per role in the seed organisation."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils.translation import gettext as _

from organisations.models import Membership, Role
from tests.internal_control.conftest import SOCIAL, UPPSALA, import_text

pytestmark = pytest.mark.django_db

INTENDED = {
    "revisor": Role.AUDITOR,
    "fortroendevald": Role.ELECTED_AUDITOR,
    "socialnamnden": Role.BOARD_RESPONDENT,
    "sekreterare": Role.SECRETARY,
    "admin": None,
}


def create_demo_users() -> list[list[str]]:
    """The printed lines, split into username, password and role label."""
    out = StringIO()
    call_command("create_demo_users", stdout=out)
    return [line.split(maxsplit=2) for line in out.getvalue().splitlines()]


def test_every_printed_account_signs_in_with_its_role(client, settings, seed_review):
    settings.DEBUG = True
    printed = create_demo_users()
    assert create_demo_users() == printed  # running it twice changes nothing
    assert [username for username, _password, _label in printed] == list(INTENDED)
    for username, password, label in printed:
        response = client.post(reverse("login"), {"username": username, "password": password})
        assert response.status_code == 302, username
        assert client.session["_auth_user_id"] == str(User.objects.get(username=username).pk)
        client.post(reverse("logout"))

        role = INTENDED[username]
        memberships = Membership.objects.filter(user__username=username)
        if role is None:
            assert label == _("Administrator")
            assert not memberships.exists()
            assert User.objects.filter(username=username, is_staff=True, is_superuser=True).exists()
            continue
        assert label == str(role.label)
        membership = memberships.get()
        assert (membership.organisation.name, membership.role) == ("Haninge kommun", role)
        boards = [board.name for board in membership.boards.all()]
        assert boards == (["Socialnämnden"] if role == Role.BOARD_RESPONDENT else [])
        assert not User.objects.get(username=username).is_staff


def test_it_refuses_without_the_seed_organisation(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="import_review"):
        create_demo_users()
    assert not User.objects.exists()


def test_it_refuses_when_debug_is_off(settings, seed_review):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG=1"):
        create_demo_users()
    assert not User.objects.exists()


def test_the_demo_people_hold_their_roles_in_the_internal_control_seeds(settings, seed_review):
    settings.DEBUG = True
    social = import_text(SOCIAL.read_text(encoding="utf-8"))
    uppsala = import_text(UPPSALA.read_text(encoding="utf-8"))
    create_demo_users()
    officer = Membership.objects.get(
        user__username="socialnamnden", organisation__name="Alingsås kommun"
    )
    assert list(officer.boards.all()) == [social.board]
    assert not Membership.objects.filter(
        user__username="socialnamnden", organisation=uppsala.board.organisation
    ).exists()
    assert (
        Membership.objects.get(
            user__username="revisor", organisation=uppsala.board.organisation
        ).role
        == Role.AUDITOR
    )
