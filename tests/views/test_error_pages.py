"""Error pages in the app's look and the user's language: the header and its menu, one
sentence saying why and one saying what to do, links onwards; never Django's bare page."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def assert_app_page(response, status: int, *phrases: str, language: str = "sv") -> str:
    html = response.content.decode()
    assert response.status_code == status
    assert f'<html lang="{language}">' in html
    assert 'class="site-header"' in html and 'class="skip-link"' in html
    assert html.count("<h1>") == 1
    for phrase in phrases:
        assert phrase in html, phrase
    return html


def test_a_missing_page_says_why_in_swedish_with_the_menu(auditor_client):
    html = assert_app_page(
        auditor_client.get("/no-such-page/"),
        404,
        "Sidan hittades inte",
        "en organisation som du inte arbetar för",
        reverse("reviews:recommendation-list"),
    )
    assert 'aria-label="Huvudmeny"' in html  # the signed-in user's menu


def test_a_missing_page_in_english_for_an_english_browser(auditor_client):
    assert_app_page(
        auditor_client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en"),
        404,
        "The page was not found",
        language="en",
    )


def test_a_refused_change_explains_the_role(client, elected_auditor, seed_review):
    client.force_login(elected_auditor)
    response = client.get(reverse("reviews:review-edit", args=[seed_review.pk]))
    assert_app_page(response, 403, "Du får inte göra detta", "förtroendevald revisor")


def test_an_expired_form_is_explained_not_djangos_csrf_page(auditor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(auditor)
    html = assert_app_page(
        client.post(reverse("logout")), 403, "Formuläret kunde inte skickas", "Ingenting sparades"
    )
    assert "CSRF" not in html


@override_settings(ROOT_URLCONF="tests.views.error_urls")
def test_a_bug_gets_the_500_page_without_its_details(auditor):
    client = Client(raise_request_exception=False)
    client.force_login(auditor)
    html = assert_app_page(
        client.get("/broken/"), 500, "Något gick fel hos oss", "felet har loggats"
    )
    assert "a bug" not in html and "Traceback" not in html


def test_the_language_switch_comes_back_to_the_page_in_the_other_language(auditor_client):
    page = reverse("reviews:review-list")
    html = auditor_client.get(page).content.decode()
    assert 'lang="en"' in html and ">English</button>" in html
    response = auditor_client.post(reverse("set_language"), {"language": "en", "next": page})
    assert response.status_code == 302 and response["Location"] == page
    english = auditor_client.get(page).content.decode()
    assert '<html lang="en">' in english and ">svenska</button>" in english
    # Not somewhere else: the switch only goes back within the site.
    away = auditor_client.post(
        reverse("set_language"), {"language": "sv", "next": "https://evil.example/"}
    )
    assert "evil.example" not in away.get("Location", "")


def test_the_sign_in_page_has_the_switch_too(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    assert '<html lang="en">' in client.get(reverse("login")).content.decode()


def test_a_sign_in_form_left_open_too_long_is_explained_too(db):
    """Anonymous: the sign-in page's form with a stale token (the commonest case)."""
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "anna", "password": "x"})
    assert_app_page(response, 403, "Formuläret kunde inte skickas")
