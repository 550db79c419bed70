"""Signing in and out, the lockout after repeated wrong passwords, and password reset.

Texts this change introduced are looked up through gettext, so the tests hold before and
after their Swedish translation; Django's own texts are asserted in Swedish.
"""

import re

import pytest
from axes.models import AccessAttempt
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "berits-lösenord-1"
NEW_PASSWORD = "ett-helt-nytt-lösenord-9"
INVALID_LINK = "This link cannot be used: it has already been used, or it is too old."


@pytest.fixture
def berit(db) -> User:
    return UserFactory(
        username="berit", email="berit@haninge.se", password=PASSWORD, first_name="Berit"
    )


def sign_in(client, username: str, password: str, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def unlabelled_inputs(html: str) -> list[str]:
    """Inputs a person can see or reach that no <label for=…> names."""
    soup = BeautifulSoup(html, "html.parser")
    labelled = {label.get("for") for label in soup.find_all("label")}
    return [
        str(field)
        for field in soup.find_all(["input", "select", "textarea"])
        if field.get("type") not in ("hidden", "submit", "button")
        and not field.has_attr("hidden")
        and field.get("id") not in labelled
    ]


class TestSignIn:
    def test_the_sign_in_page_opens_signed_out_without_queries(
        self, client, django_assert_num_queries
    ):
        with django_assert_num_queries(0):
            response = client.get(reverse("login"))
        assert response.status_code == 200
        assert "Användarnamn" in text(response) and "Lösenord" in text(response)
        assert unlabelled_inputs(response.content.decode()) == []
        forgot = BeautifulSoup(response.content, "html.parser").find(
            "a", string=_("Forgot your password?")
        )
        assert forgot["href"] == reverse("password_reset")

    def test_a_signed_out_visitor_is_sent_to_sign_in(self, client):
        response = client.get(reverse("reviews:review-list"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    def test_the_browser_icon_opens_signed_out(self, client):
        # Browsers ask for it on every page, the sign-in page and the admin's included.
        response = client.get("/favicon.ico")
        assert response.status_code == 302
        assert response["Location"] == static("favicon.svg")
        assert finders.find("favicon.svg")
        # The app's own pages name it, so the browser need not ask the app.
        page = client.get(reverse("login")).content.decode()
        assert f'<link rel="icon" href="{static("favicon.svg")}" type="image/svg+xml">' in page

    def test_the_right_password_signs_in(self, client, berit):
        response = sign_in(client, "berit", PASSWORD)
        assert response.status_code == 302
        assert response["Location"] == reverse("reviews:review-list")
        assert client.session["_auth_user_id"] == str(berit.pk)

    def test_the_session_cookie_is_http_only_and_ends_with_the_browser(self, client, berit):
        response = sign_in(client, "berit", PASSWORD)
        cookie = response.cookies[settings.SESSION_COOKIE_NAME]
        assert cookie["httponly"] is True
        assert cookie["max-age"] == "" and cookie["expires"] == ""  # a browser-session cookie
        # ... and the server forgets it after the configured hours all the same
        assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE

    def test_signing_out_takes_a_post_and_ends_the_session(self, client, berit):
        sign_in(client, "berit", PASSWORD)
        assert client.get(reverse("logout")).status_code == 405
        assert signed_in(client)

        response = client.post(reverse("logout"))
        assert response.status_code == 302
        assert response["Location"] == reverse("login")
        assert not signed_in(client)
        assert client.get(reverse("reviews:review-list")).status_code == 302


class TestLockout:
    def fail(self, client, times: int, username: str = "berit", **extra):
        return [sign_in(client, username, "fel", **extra).status_code for _ in range(times)]

    def test_the_limit_of_wrong_passwords_locks_out_even_the_right_one(self, client, berit):
        limit = settings.AXES_FAILURE_LIMIT
        assert self.fail(client, limit) == [200] * (limit - 1) + [429]

        response = sign_in(client, "berit", PASSWORD)
        assert response.status_code == 429
        assert not signed_in(client)
        assert _("Sign-in blocked for now") in text(response)
        minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
        assert f" {minutes} " in text(response)  # how long to wait
        assert unlabelled_inputs(response.content.decode()) == []

    def test_only_that_username_from_that_address_is_locked(self, client, berit):
        UserFactory(username="cecilia", password="cecilias-lösenord-1")
        self.fail(client, settings.AXES_FAILURE_LIMIT)

        assert sign_in(client, "cecilia", "cecilias-lösenord-1").status_code == 302
        client.post(reverse("logout"))
        elsewhere = {"REMOTE_ADDR": "192.0.2.44"}
        assert sign_in(client, "berit", PASSWORD, **elsewhere).status_code == 302

    def test_a_successful_sign_in_starts_the_count_again(self, client, berit):
        limit = settings.AXES_FAILURE_LIMIT
        self.fail(client, limit - 1)
        assert sign_in(client, "berit", PASSWORD).status_code == 302
        client.post(reverse("logout"))

        assert self.fail(client, limit - 1) == [200] * (limit - 1)
        assert sign_in(client, "berit", PASSWORD).status_code == 302

    def test_the_lockout_lifts_after_the_cool_off(self, client, berit):
        self.fail(client, settings.AXES_FAILURE_LIMIT)
        attempt = AccessAttempt.objects.get(username="berit")
        attempt.attempt_time -= settings.AXES_COOLOFF_TIME
        attempt.save()

        assert sign_in(client, "berit", PASSWORD).status_code == 302


class TestPasswordReset:
    def test_every_password_reset_page_opens_signed_out(self, client):
        pages = [
            reverse("password_reset"),
            reverse("password_reset_done"),
            reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "x-y"}),
            reverse("password_reset_complete"),
        ]
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
            assert unlabelled_inputs(response.content.decode()) == [], url
        bad_link = client.get(pages[2])
        assert _(INVALID_LINK) in text(bad_link)
        assert reverse("password_reset") in bad_link.content.decode()

    def test_a_forgotten_password_is_replaced_through_the_emailed_link(
        self, client, berit, mailoutbox
    ):
        response = client.post(reverse("password_reset"), {"email": "berit@haninge.se"})
        assert response.status_code == 302
        assert response["Location"] == reverse("password_reset_done")
        assert len(mailoutbox) == 1
        mail = mailoutbox[0]
        assert mail.to == ["berit@haninge.se"]
        assert mail.subject == _("Choose a new password for audit_tracker")
        assert "berit" in mail.body

        link = re.search(r"http://testserver(/accounts/reset/\S+)", mail.body).group(1)
        response = client.get(link)  # Django swaps the token for a session entry ...
        assert response.status_code == 302
        form_page = client.get(response["Location"])  # ... and shows the form without it
        assert form_page.status_code == 200
        assert unlabelled_inputs(form_page.content.decode()) == []
        assert "Nytt lösenord" in text(form_page)

        response = client.post(
            response["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("password_reset_complete")
        assert not signed_in(client)

        assert sign_in(client, "berit", PASSWORD).status_code == 200  # the old one is gone
        assert sign_in(client, "berit", NEW_PASSWORD).status_code == 302

    def test_a_used_link_does_not_work_again(self, client, berit, mailoutbox):
        client.post(reverse("password_reset"), {"email": "berit@haninge.se"})
        link = re.search(r"http://testserver(/accounts/reset/\S+)", mailoutbox[0].body).group(1)
        set_password = client.get(link)["Location"]
        client.post(set_password, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

        assert _(INVALID_LINK) in text(client.get(link, follow=True))

    def test_an_unknown_address_gets_the_same_answer_and_no_email(self, client, berit, mailoutbox):
        response = client.post(reverse("password_reset"), {"email": "okand@haninge.se"})
        assert response["Location"] == reverse("password_reset_done")
        assert mailoutbox == []


class TestPasswordChange:
    def test_it_needs_a_signed_in_user(self, client):
        response = client.get(reverse("password_change"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    def test_a_signed_in_user_changes_the_password(self, client, berit):
        sign_in(client, "berit", PASSWORD)
        page = client.get(reverse("password_change"))
        assert page.status_code == 200
        assert unlabelled_inputs(page.content.decode()) == []

        response = client.post(
            reverse("password_change"),
            {
                "old_password": PASSWORD,
                "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD,
            },
        )
        assert response["Location"] == reverse("password_change_done")
        assert signed_in(client)  # Django keeps this session signed in
        berit.refresh_from_db()
        assert berit.check_password(NEW_PASSWORD)
