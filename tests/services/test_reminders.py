"""Reminders: one digest per board respondent of what is due within their organisation's
reminder days or overdue, Swedish, plain text and HTML with links back, never twice in
one month, logged; a preview for administrators."""

from datetime import date
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from organisations.models import Role
from reviews.models import PromisedDate, ReminderSent, Status
from reviews.reminders import reminder_digests
from reviews.services import reminders_send, review_publish
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
    UserFactory,
)

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 10)


@pytest.fixture(autouse=True)
def locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://revision.haninge.se"


@pytest.fixture
def world():
    """Haninge kommun (reminded 45 days ahead): five recommendations to Socialnämnden,
    promised for dates around TODAY, one of them found implemented; Sofia answers for
    Socialnämnden, Karl for Kommunstyrelsen (nothing due)."""
    haninge = OrganisationFactory(name="Haninge kommun")
    social = BoardFactory(organisation=haninge, name="Socialnämnden")
    executive = BoardFactory(organisation=haninge, name="Kommunstyrelsen")
    audit = AuditFactory(organisation=haninge, title="Granskning av försörjningsstöd", year=2023)
    group = GroupFactory(audit=audit)
    dates = {
        1: date(2026, 1, 31),  # overdue
        2: date(2026, 4, 20),  # due within 45 days
        3: date(2026, 6, 30),  # later: not yet
        4: date(2026, 2, 28),  # overdue, but implemented
        5: None,  # no date promised
    }
    recommendations = {}
    for number in dates:
        recommendations[number] = RecommendationFactory(group=group, number=number)
        recommendations[number].addressed_to.add(social)
    response = BoardResponseFactory(audit=audit, year=2024, boards=[social],
                                    recommendations=list(recommendations.values()))  # fmt: skip
    for number, promised in dates.items():
        if promised:
            PromisedDate.objects.create(response=response, recommendation=recommendations[number],
                                        date=promised)  # fmt: skip
    review = ReviewFactory(organisation=haninge, year=2025)
    review.reviewed_audits.create(audit=audit, position=1)
    for number, recommendation in recommendations.items():
        status = Status.IMPLEMENTED if number == 4 else Status.PARTIAL
        AssessmentFactory(review=review, recommendation=recommendation, status=status)
    review_publish(review=review)
    sofia = UserFactory(username="sofia", email="sofia@haninge.se", first_name="Sofia")
    MembershipFactory(user=sofia, organisation=haninge, role=Role.BOARD_RESPONDENT,
                      boards=[social])  # fmt: skip
    karl = UserFactory(username="karl", email="karl@haninge.se")
    MembershipFactory(user=karl, organisation=haninge, role=Role.BOARD_RESPONDENT,
                      boards=[executive])  # fmt: skip
    return haninge, recommendations, sofia


def test_one_digest_of_what_is_due_or_overdue_overdue_first(world):
    _haninge, recommendations, sofia = world
    (digest,) = reminder_digests(today=TODAY)
    assert digest.user == sofia
    assert [(i.recommendation, i.overdue) for i in digest.items] == [
        (recommendations[1], True),
        (recommendations[2], False),
    ]
    assert digest.overdue_count == 1


def test_the_organisations_reminder_days_set_the_horizon(world):
    haninge, recommendations, _sofia = world
    haninge.reminder_days = 120
    haninge.save()
    (digest,) = reminder_digests(today=TODAY)
    assert [i.recommendation for i in digest.items] == [recommendations[n] for n in (1, 2, 3)]


def test_the_mail_is_swedish_text_and_html_with_links_back(world):
    _haninge, recommendations, _sofia = world
    sent, skipped = reminders_send(today=TODAY)
    assert (len(sent), skipped) == (1, 0)
    (message,) = mail.outbox
    assert message.to == ["sofia@haninge.se"]
    assert message.subject == "Påminnelse: 2 rekommendationer ska vara genomförda (1 försenad)"
    link = "https://revision.haninge.se" + reverse(
        "reviews:recommendation-detail", args=[recommendations[1].pk]
    )
    assert "Hej Sofia" in message.body and link in message.body
    assert "2026-01-31 (försenad)" in message.body
    assert "Rekommendation 3" not in message.body  # not due yet
    html, kind = message.alternatives[0]
    assert kind == "text/html" and f'href="{link}"' in html and 'lang="sv"' in html
    record = ReminderSent.objects.get()
    assert (record.period, record.recommendation_count, record.overdue_count) == ("2026-03", 2, 1)


def test_never_twice_in_one_month_and_again_the_next(world):
    reminders_send(today=TODAY)
    assert reminders_send(today=date(2026, 3, 31)) == ([], 1)
    assert len(mail.outbox) == 1
    sent, _skipped = reminders_send(today=date(2026, 4, 1))
    assert len(sent) == 1 and len(mail.outbox) == 2
    assert list(ReminderSent.objects.values_list("period", flat=True).order_by("period")) == [
        "2026-03",
        "2026-04",
    ]


def test_a_mail_that_fails_is_not_logged_and_goes_out_next_time(world, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("the mail server is down")

    monkeypatch.setattr("django.core.mail.message.EmailMessage.send", refuse)
    with pytest.raises(ConnectionRefusedError):
        reminders_send(today=TODAY)
    assert not ReminderSent.objects.exists()
    monkeypatch.undo()
    assert len(reminders_send(today=TODAY)[0]) == 1


def test_the_command_says_what_it_did_and_refuses_a_bad_date(world):
    out = StringIO()
    call_command("send_reminders", "--date", "2026-03-10", "--dry-run", stdout=out)
    assert "0 påminnelser skickade, 0 redan skickade" in out.getvalue()
    assert not mail.outbox
    call_command("send_reminders", "--date", "2026-03-10", stdout=out)
    call_command("send_reminders", "--date", "2026-03-11", stdout=out)
    assert out.getvalue().splitlines()[-2:] == [
        "1 påminnelser skickade, 0 redan skickade denna månad.",
        "0 påminnelser skickade, 1 redan skickade denna månad.",
    ]
    with pytest.raises(CommandError, match="2026-13-01"):
        call_command("send_reminders", "--date", "2026-13-01")


def test_administrators_preview_what_would_be_sent(client, world, administrator, outsider):
    client.force_login(administrator)
    page = client.get(reverse("reviews:reminder-preview")).content.decode()
    assert "sofia@haninge.se" in page and "Inte skickad ännu denna månad." in page
    assert "karl@haninge.se" not in page  # nothing due for Kommunstyrelsen
    assert "utan e-postadress" not in page  # every respondent has one
    # A respondent without an address gets nothing, and the administrators are told.
    haninge = world[0]
    silent = UserFactory(first_name="Tyst", last_name="Tystnadsson", email="")
    MembershipFactory(user=silent, organisation=haninge, role=Role.BOARD_RESPONDENT,
                      boards=[haninge.boards.get(name="Socialnämnden")])  # fmt: skip
    assert silent.pk not in {digest.user.pk for digest in reminder_digests(today=TODAY)}
    page = client.get(reverse("reviews:reminder-preview")).content.decode()
    listed = BeautifulSoup(page, "html.parser").select_one("#without-email").parent
    assert "Tyst Tystnadsson" in listed.get_text()
    assert listed.select_one("a")["href"] == reverse("admin:auth_user_change", args=[silent.pk])
    client.force_login(outsider)
    assert client.get(reverse("reviews:reminder-preview")).status_code == 403


def test_the_digests_cost_the_same_queries_for_more_respondents(
    world, django_assert_max_num_queries
):
    haninge, _recommendations, _sofia = world
    social = haninge.boards.get(name="Socialnämnden")
    with django_assert_max_num_queries(10) as few:
        reminder_digests(today=TODAY)
    for n in range(5):
        officer = UserFactory(email=f"officer{n}@haninge.se")
        MembershipFactory(user=officer, organisation=haninge, role=Role.BOARD_RESPONDENT,
                          boards=[social])  # fmt: skip
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(reminder_digests(today=TODAY)) == 6
