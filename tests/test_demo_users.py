"""`create_demo_users`: one development account per role in the seed organisation."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.models import Membership, Role
from reviews.management.commands.create_demo_users import demo_password
from reviews.models import FollowUpReview, PromisedDate, Recommendation, Status
from reviews.reminders import reminder_digests
from reviews.selection import follow_up_candidates
from reviews.services import review_reopen
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


class TestPrepareDemo:
    """`prepare_demo`: the seed review published and the next year's follow-up started, so
    that every demo person has something to see on first sign-in."""

    def test_a_secretary_reads_the_published_seed_and_an_auditor_has_a_draft(
        self, client, settings, seed_review
    ):
        settings.DEBUG = True
        create_demo_users()
        call_command("prepare_demo", stdout=StringIO())
        seed_review.refresh_from_db()
        assert seed_review.is_published  # the test settings render its PDF at once
        draft = FollowUpReview.objects.exclude(pk=seed_review.pk).get()
        assert (draft.title, draft.year, draft.firm) == (
            "Uppföljande granskning 2025",
            2025,
            seed_review.firm,
        )
        # The audits with recommendations the seed found not (fully) implemented, in order.
        proposed = [c.audit for c in follow_up_candidates(seed_review.organisation) if c.open_count]
        assert [ra.audit for ra in draft.reviewed_audits.order_by("position")] == proposed
        # ... each with a pending assessment of every recommendation still open.
        still_open = seed_review.assessments.filter(recommendation__audit__in=proposed).exclude(
            status=Status.IMPLEMENTED
        )
        assert set(draft.assessments.values_list("recommendation", "status")) == {
            (assessment.recommendation_id, Status.NOT_ASSESSED) for assessment in still_open
        }

        # The open ones have a date promised: those not implemented overdue, the partly
        # implemented ones due within the month; the respondent will be reminded of them.
        promised = PromisedDate.objects.filter(response__audit__organisation=draft.organisation)
        assert promised.exists()
        today = timezone.localdate()
        overdue = Recommendation.objects.overdue(today=today).filter(
            audit__organisation=draft.organisation
        )
        assert (
            set(overdue) == {p.recommendation for p in promised if p.date < today}
            and overdue.exists()
        )
        (digest,) = reminder_digests(today=today)
        assert digest.user.username == "socialnamnden"

        client.post(
            reverse("login"), {"username": "sekreterare", "password": demo_password("sekreterare")}
        )
        summary = client.get(reverse("reviews:review-summary", args=[seed_review.pk]))
        assert summary.status_code == 200
        assert (
            client.get(reverse("reviews:review-pdf", args=[seed_review.pk]))["Content-Type"]
            == "application/pdf"
        )

    def test_run_again_or_after_a_reopening_it_changes_nothing(self, settings, seed_review):
        settings.DEBUG = True
        call_command("prepare_demo", stdout=StringIO())
        review_reopen(review=FollowUpReview.objects.get(pk=seed_review.pk), reason="Rättelse")
        before = FollowUpReview.history.count()
        out = StringIO()
        call_command("prepare_demo", stdout=out)
        assert out.getvalue() == ""
        assert FollowUpReview.history.count() == before
        assert FollowUpReview.objects.count() == 2

    def test_it_refuses_when_debug_is_off(self, settings, seed_review):
        settings.DEBUG = False
        with pytest.raises(CommandError, match="DJANGO_DEBUG=1"):
            call_command("prepare_demo")
        assert FollowUpReview.objects.count() == 1
