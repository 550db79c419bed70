"""Production settings come from the environment and pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "audit_tracker.settings.base", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY="x7#Lq9!vR2@mZ8$wT4%kP6^nB3&hJ5*cF1(dG0)sY-uE_aW+oI=",
        DJANGO_ALLOWED_HOSTS="revision.example.se",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", DJANGO_ALLOWED_HOSTS="revision.example.se")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_debug_is_off_unless_asked_for():
    result = manage(
        "shell",
        "--verbosity=0",
        "-c",
        "from django.conf import settings; print(settings.DEBUG, settings.SESSION_COOKIE_SECURE)",
        DJANGO_SECRET_KEY="k" * 60,
    )
    assert result.stdout.split() == ["False", "True"]


def test_demo_users_are_refused_outside_development():
    result = manage("create_demo_users", DJANGO_SECRET_KEY="k" * 60, DJANGO_ALLOWED_HOSTS="x.se")
    assert result.returncode != 0
    assert "DJANGO_DEBUG=1" in result.stderr


PRODUCTION = {"DJANGO_SECRET_KEY": "k" * 60, "DJANGO_ALLOWED_HOSTS": "revision.example.se"}


def printed(code: str, **env: str) -> list[str]:
    """What `code` prints under the production settings with `env` set, one item a line."""
    result = manage("shell", "--verbosity=0", "-c", code, **{**PRODUCTION, **env})
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def settings_of(*names: str, **env: str) -> list[str]:
    code = "from django.conf import settings\n" + "".join(
        f"print(settings.{name})\n" for name in names
    )
    return printed(code, **env)


def test_session_cookies_are_secure_http_only_and_last_a_working_day():
    names = [
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_AGE",
        "SESSION_EXPIRE_AT_BROWSER_CLOSE",
    ]
    assert settings_of(*names) == ["True", "True", "True", str(8 * 3600), "True"]
    assert settings_of("SESSION_COOKIE_AGE", DJANGO_SESSION_HOURS="2") == [str(2 * 3600)]


def test_development_cookies_work_over_plain_http():
    names = ["SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY"]
    assert settings_of(*names, DJANGO_DEBUG="1") == ["False", "False", "True"]


def test_sign_in_lockout_comes_from_the_environment():
    names = ["AXES_FAILURE_LIMIT", "AXES_COOLOFF_TIME", "AXES_LOCKOUT_PARAMETERS"]
    assert settings_of(*names) == ["5", "0:15:00", "[['username', 'ip_address']]"]
    env = {"DJANGO_LOGIN_FAILURE_LIMIT": "3", "DJANGO_LOGIN_COOLOFF_MINUTES": "60"}
    assert settings_of("AXES_FAILURE_LIMIT", "AXES_COOLOFF_TIME", **env) == ["3", "1:00:00"]


def test_the_lockout_backend_comes_first_and_the_role_backend_last():
    assert settings_of("AUTHENTICATION_BACKENDS", "MIDDLEWARE[-1]") == [
        "['axes.backends.AxesStandaloneBackend', 'django.contrib.auth.backends.ModelBackend', "
        "'rules.permissions.ObjectPermissionBackend']",
        "axes.middleware.AxesMiddleware",
    ]


CLIENT_ADDRESS = """
from axes.helpers import get_client_ip_address
from django.test import RequestFactory

for forwarded in ["203.0.113.7", "198.51.100.1, 203.0.113.7", ""]:
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    print(get_client_ip_address(request))
"""


def test_behind_a_proxy_the_lockout_counts_the_address_the_proxy_saw():
    # The proxy (10.0.0.2) appends the client's address to X-Forwarded-For; anything a
    # client put in front of it is ignored, so nobody can pick the address they are locked by.
    assert printed(CLIENT_ADDRESS, DJANGO_BEHIND_TLS_PROXY="1") == [
        "203.0.113.7",
        "203.0.113.7",
        "10.0.0.2",
    ]


def test_without_a_proxy_the_forwarded_header_is_not_believed():
    assert printed(CLIENT_ADDRESS) == ["10.0.0.2"] * 3


def test_email_goes_out_by_smtp_with_tls_in_production_and_to_the_console_in_development():
    names = ["EMAIL_BACKEND", "EMAIL_USE_TLS", "EMAIL_PORT"]
    assert settings_of(*names) == ["django.core.mail.backends.smtp.EmailBackend", "True", "587"]
    assert settings_of("EMAIL_BACKEND", DJANGO_DEBUG="1") == [
        "django.core.mail.backends.console.EmailBackend"
    ]
    env = {
        "DJANGO_EMAIL_HOST": "smtp.haninge.se",
        "DJANGO_EMAIL_PORT": "465",
        "DJANGO_EMAIL_HOST_USER": "revision",
        "DJANGO_EMAIL_HOST_PASSWORD": "hemligt",
        "DJANGO_EMAIL_USE_TLS": "0",
        "DJANGO_DEFAULT_FROM_EMAIL": "revision@haninge.se",
    }
    names = [
        "EMAIL_HOST",
        "EMAIL_PORT",
        "EMAIL_HOST_USER",
        "EMAIL_HOST_PASSWORD",
        "EMAIL_USE_TLS",
        "DEFAULT_FROM_EMAIL",
    ]
    assert settings_of(*names, **env) == [
        "smtp.haninge.se",
        "465",
        "revision",
        "hemligt",
        "False",
        "revision@haninge.se",
    ]


CONTENT_SECURITY_POLICY = """
from django.test import Client

response = Client().get("/accounts/login/", secure=True, HTTP_HOST="revision.example.se")
print(response.status_code)
print(response.headers["Content-Security-Policy"])
"""


def test_production_pages_carry_a_content_security_policy_without_inline_code(tmp_path):
    # As scripts/serve does: the pages link to the collected, hashed static files.
    env = {"DJANGO_STATIC_ROOT": str(tmp_path)}
    collected = manage("collectstatic", "--noinput", "--verbosity=0", **{**PRODUCTION, **env})
    assert collected.returncode == 0, collected.stderr
    status, header = printed(CONTENT_SECURITY_POLICY, **env)
    policy = dict(directive.split(" ", 1) for directive in header.split("; "))
    assert status == "200"
    assert policy["script-src"] == "'self'"
    assert "unsafe-inline" not in header and "unsafe-eval" not in header
    assert policy == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self'",
        "font-src": "'self'",
        "connect-src": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
        "base-uri": "'self'",
        "object-src": "'none'",
    }
