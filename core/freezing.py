"""What a published document prints is frozen until it is reopened.

Each module that publishes documents says, in its own `freezing.py`, which of them print
a given object: it calls `register` with a function returning a refusal (a `Frozen`
exception naming the documents) or None. The app loads those modules at start-up; the
admin (`core.admin`) asks `refusals(obj)` of every object it shows, whichever module it
belongs to (an organisation's name is printed by reviews and, later, by other modules).
"""

from collections.abc import Callable

from django.db import models

Finder = Callable[[models.Model], "Frozen | None"]

_finders: list[Finder] = []


class Frozen(Exception):
    """A published document prints what was to be changed. `message` says which and how
    to reopen it."""

    @property
    def message(self) -> str:
        return str(self)


def register(finder: Finder) -> Finder:
    _finders.append(finder)
    return finder


def refusals(obj: models.Model) -> list[Frozen]:
    """Why `obj` may not change now: one refusal per module whose published documents
    print it; empty when it may change."""
    return [refusal for finder in _finders if (refusal := finder(obj)) is not None]
