"""Production serving: static files from the app server with DEBUG off (WhiteNoise, with
hashed names and compressed copies), and the health check a load balancer asks."""

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.db import DatabaseError
from django.test import Client, override_settings

PRODUCTION_STATIC = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


@pytest.fixture
def collected(tmp_path, settings):
    """The static files collected as `scripts/serve` does, into a directory of the test's."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = PRODUCTION_STATIC
    settings.DEBUG = False
    settings.WHITENOISE_USE_FINDERS = settings.WHITENOISE_AUTOREFRESH = False  # production
    call_command("collectstatic", interactive=False, verbosity=0)
    return tmp_path


@pytest.mark.django_db
def test_the_stylesheet_is_served_with_debug_off_under_its_hashed_name(collected, settings):
    url = staticfiles_storage.url("css/app.css")
    assert url != "/static/css/app.css"  # the name carries the content's hash
    client = Client()  # made after collecting: WhiteNoise lists the files when it starts
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert response["Content-Encoding"] == "gzip"
    assert "immutable" in response["Cache-Control"]
    # ... and the pages link to it by that name.
    login = client.get("/accounts/login/")
    assert url in login.content.decode()


@pytest.mark.django_db
def test_the_health_check_answers_without_signing_in():
    response = Client().get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_health_check_says_unavailable_when_the_database_does_not_answer(monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr("core.health.connection.cursor", broken)
    response = Client().get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}


@override_settings(SECURE_SSL_REDIRECT=True)
@pytest.mark.django_db
def test_the_health_check_is_not_redirected_to_https():
    assert Client().get("/health/").status_code == 200
    assert Client().get("/accounts/login/").status_code == 301
