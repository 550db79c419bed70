"""Project settings, read from the environment.

Development: DJANGO_DEBUG=1 (the Makefile's `run` sets it). Production: set
DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and DATABASE_URL; everything security-related
defaults to the safe value whenever DEBUG is off.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for development).")
    SECRET_KEY = "insecure-development-key-only-for-debug"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "core.views.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tables2",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    # django-rules, reading each app's rules.py (see organisations.permissions).
    "rules.apps.AutodiscoverRulesConfig",
    "core",
    "organisations",
    "reviews",
    "internal_control",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from the app server, before anything else looks at the
    # request (WhiteNoise: compressed, with far-future caching of the hashed names).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Early, so that it also sets the header on responses other middleware make
    # (the sign-in redirect, the lockout page).
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a signed-in user; views opt out with @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Records request.user as the author of every history entry.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "audit_tracker.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# django-axes first: it refuses a locked-out sign-in before any password is checked.
# django-rules answers object permissions from the rules each app registers (rules.py).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "rules.permissions.ObjectPermissionBackend",
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "reviews:review-list"
LOGOUT_REDIRECT_URL = "login"

WSGI_APPLICATION = "audit_tracker.wsgi.application"

# SQLite in the project directory unless DATABASE_URL names another database
# (PostgreSQL in production: postgres://user:password@host:5432/name).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL compiles a query it expects to be costly (JIT): on a region's lists that
    # spent some 170 ms compiling a query that then ran in 800, on every request. Pages
    # run many short queries, never one long enough to win that back.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # `collectstatic` writes each file under a name with its hash, and gzip/brotli copies.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# In development WhiteNoise finds the files where they are (no collectstatic needed).
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Background work (rendering PDFs) runs on a queue kept in the database; `manage.py
# db_worker` runs it (see README: `make run` and scripts/serve start one).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A report still rendering after this long has lost its worker (killed, out of memory) and
# is queued again when next asked for. The 500-page report renders in about three minutes.
REPORT_RENDER_TIMEOUT_SECONDS = int(os.environ.get("DJANGO_REPORT_RENDER_TIMEOUT", "900"))

# The largest review file (YAML) the importer reads, in bytes: the seed is 92 kB; a review
# of several hundred audits fits in a few MB.
# The review form has a row per audit of the organisation and the assessment screen
# fields per recommendation, board and part: an organisation with 500 audits posts over
# Django's default of 1,000 fields (the request was refused with a 400). The body stays
# bounded by DATA_UPLOAD_MAX_MEMORY_SIZE.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 50_000

REVIEW_FILE_MAX_BYTES = int(os.environ.get("DJANGO_REVIEW_FILE_MAX_MB", "10")) * 1024 * 1024
# A plan file (docs/INTERNAL_CONTROL_FORMAT.md): seed 002, the longest, is some 40 kB.
PLAN_FILE_MAX_BYTES = int(os.environ.get("DJANGO_PLAN_FILE_MAX_MB", "5")) * 1024 * 1024

# django-filter: an unchosen filter reads "Alla" (all), not dashes.
FILTERS_EMPTY_CHOICE_LABEL = _("All")

# django-tables2 renders with our own table template (semantic markup, captions).
DJANGO_TABLES2_TEMPLATE = "reviews/_table.html"

# Security: safe by default, relaxed only by DEBUG (plain http on localhost).
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# A load balancer asks for the health check over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SESSION_COOKIE_SECURE = env_bool("DJANGO_SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("DJANGO_CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
# A working day, and never beyond closing the browser (shared computers in the town hall).
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_HOURS", "8")) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_HSTS_SECONDS = int(
    os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp), the same everywhere, so that development and the
# browser tests see what production sends: scripts, styles, images and fonts only from
# our own static files, no inline code, no eval, no plugins, never framed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
BEHIND_TLS_PROXY = env_bool("DJANGO_BEHIND_TLS_PROXY", False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Sign-in lockout (django-axes): after DJANGO_LOGIN_FAILURE_LIMIT wrong passwords for one
# username from one address, that pair is refused (429) until DJANGO_LOGIN_COOLOFF_MINUTES
# have passed without another try. Locking the pair, not the address, keeps one office's
# shared address from locking out everyone in it.
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
if BEHIND_TLS_PROXY:
    # The client's address is the last one in X-Forwarded-For, the one our proxy appended
    # (REMOTE_ADDR is the proxy itself); whatever a client puts in front of it is ignored.
    # proxy_count counts the proxies listed in the header after the client: none.
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    AXES_IPWARE_PROXY_COUNT = 0
    # Not strict: a header with entries in front of ours still counts (we take the last);
    # strict would drop it and charge the attempt to the proxy's address instead.
    IPWARE_STRICT = False

# Email (password reset links): printed on the console in development, SMTP otherwise.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", not DEBUG)
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "587" if EMAIL_USE_TLS else "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_TIMEOUT = 10  # seconds; a mail server that hangs must not hang the reset page
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "webmaster@localhost")
# Where the app is reached from outside: mails (reminders) link back to its pages.
SITE_URL = os.environ.get("DJANGO_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
