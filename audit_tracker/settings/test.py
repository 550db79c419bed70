"""Settings for the test suite: development defaults plus a fast password hasher."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")

from .base import *  # noqa: E402,F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# As in development: the files where they are (tests/test_serving.py collects them as
# production does and turns these off).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Tasks run at once, in the request that queues them (tests of the queue itself use the
# database backend and run the worker).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # The test database is a file, not SQLite's in-memory default. An in-memory database
    # lives in one connection, which the browser tests' live server then shares between
    # its request threads and the test: two threads in one connection deadlock as soon as
    # one of them sorts with the Python collation (core/collation.py) while the other
    # waits for that connection holding the interpreter lock. With a file each thread
    # opens its own connection, as in production. It sits in memory where the machine
    # has a RAM disk, and is named after the process, so that two runs never share it.
    _ram_disk = Path("/dev/shm")
    _folder = _ram_disk if _ram_disk.is_dir() else Path(tempfile.gettempdir())
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(_folder / f"audit_tracker_test_{os.getpid()}.sqlite3")
    }
    DATABASES["default"].setdefault("OPTIONS", {}).update(  # noqa: F405
        # A writer waits for another instead of failing at once; nothing is synced to
        # disk (a test database is thrown away); readers never wait for a writer.
        timeout=20,
        init_command="PRAGMA synchronous=OFF; PRAGMA journal_mode=WAL",
    )
