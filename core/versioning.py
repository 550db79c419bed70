"""Optimistic locking: two people editing the same thing never overwrite each other.

Every editable row carries a `version`. An editor loads it with the row, and a save names
it (`Edit`): if someone else saved in between, the save is refused (`EditConflict`) with
what is stored now, never merged, never lost. New rows go in through `insert`, so one
added twice at the same moment (a double-clicked Save) is refused like any duplicate.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils.translation import gettext as _

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Edit(Generic[M]):
    """An object as the user changed it, and the version they loaded it at (None for an
    object not stored yet)."""

    instance: M
    version: int | None


@dataclass(frozen=True)
class Conflict:
    """Someone saved `stored` after the editor loaded it."""

    stored: models.Model
    changed_by: str
    changed_at: datetime | None


class EditConflict(Exception):
    def __init__(self, conflicts: list[Conflict]):
        self.conflicts = conflicts
        super().__init__(f"{len(conflicts)} conflicting edit(s)")


def insert(instance: models.Model) -> None:
    """Validate and insert a new row. A duplicate that someone else inserted after our
    check (a double-clicked Save, two people at once) is refused with the ValidationError
    full_clean gives for an earlier one, never with the database's IntegrityError."""
    instance.full_clean()
    try:
        with transaction.atomic():  # a savepoint: the transaction survives the refusal
            instance.save()
    except IntegrityError:
        instance.validate_constraints()  # finds the duplicate, now committed
        raise


def save_versioned(edit: Edit) -> Conflict | None:
    """Save the edited object if its row is still at the version loaded; else describe
    the clash (and save nothing).

    The conditional UPDATE is the compare-and-swap; the ordinary save() after it writes
    the fields and the history record.
    """
    instance = edit.instance
    model = type(instance)
    instance.full_clean()  # before the claim: a refused edit leaves the instance as loaded
    claimed = model.objects.filter(pk=instance.pk, version=edit.version).update(
        version=F("version") + 1
    )
    if not claimed:
        stored = model.objects.get(pk=instance.pk)
        latest = stored.history.select_related("history_user").first()
        user = latest.history_user if latest else None
        return Conflict(
            stored=stored,
            changed_by=(user.get_full_name() or user.get_username()) if user else _("someone"),
            changed_at=latest.history_date if latest else None,
        )
    instance.version = edit.version + 1
    instance.save()
    return None


def save_edit(edit: Edit) -> None:
    """Insert a new object, or save a stored one over the version loaded; raises
    EditConflict if someone else saved it meanwhile."""
    if edit.instance.pk is None:
        insert(edit.instance)
    elif conflict := save_versioned(edit):
        raise EditConflict([conflict])


def save_all(edits: list[Edit]) -> None:
    """Save each edit over the version loaded; those someone else saved meanwhile are
    left as stored, and their conflicts raised together at the end (the caller's
    transaction then rolls the rest back)."""
    conflicts = [conflict for edit in edits if (conflict := save_versioned(edit))]
    if conflicts:
        raise EditConflict(conflicts)


def locked(instance: M) -> M:
    """The row of `instance` as stored, locked until the transaction ends (PostgreSQL;
    SQLite writes one transaction at a time anyway)."""
    return type(instance).objects.select_for_update().get(pk=instance.pk)
