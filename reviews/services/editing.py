"""Editing a review in the workspace: assessments, publishing, reopening.

Every save names the version it started from. A save over a newer version (someone
else saved in between) is refused with what is stored now: never merged, never lost.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ..freezing import ReviewLocked
from ..models import (
    Assessment,
    FollowUpReview,
    ReviewedAudit,
    Status,
)
from ..reports import store_published_report


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


def save_versioned(instance: models.Model, *, expected_version: int) -> Conflict | None:
    """Save `instance` if its row is still at `expected_version`; else describe the clash.

    The conditional UPDATE is the compare-and-swap; the ordinary save() after it writes
    the fields and the history record.
    """
    model = type(instance)
    claimed = model.objects.filter(pk=instance.pk, version=expected_version).update(
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
    instance.version = expected_version + 1
    instance.full_clean()
    instance.save()
    return None


def _lock_draft(review: FollowUpReview) -> FollowUpReview:
    """The review row, locked for this transaction; refuses a published review."""
    locked = FollowUpReview.objects.select_for_update().get(pk=review.pk)
    if locked.is_published:
        raise ReviewLocked([locked])
    return locked


def assessments_save(
    *,
    review: FollowUpReview,
    assessments: list[tuple[Assessment, int]],
    follow_up: tuple[ReviewedAudit, int] | None = None,
    shared_findings: dict[int, str] | None = None,
    board_findings: dict[int, dict[int, str]] | None = None,
) -> None:
    """Save edited assessments (each with the version it was loaded at), and optionally
    the audit's overall assessment and the groups' shared findings, all or nothing.

    `shared_findings` maps a recommendation group's id to its text; it is guarded by the
    reviewed audit's version, so it needs `follow_up`. `board_findings` maps an
    assessment's id to its per-board texts (board id → text); they are guarded by that
    assessment's version, so the assessment must be among `assessments`.
    """
    board_findings = board_findings or {}
    with transaction.atomic():
        _lock_draft(review)
        conflicts = []
        for assessment, version in assessments:
            if conflict := save_versioned(assessment, expected_version=version):
                conflicts.append(conflict)
            elif assessment.pk in board_findings:
                _save_board_findings(assessment, board_findings[assessment.pk])
        if follow_up is not None:
            reviewed_audit, version = follow_up
            conflict = save_versioned(reviewed_audit, expected_version=version)
            if conflict:
                conflicts.append(conflict)
            else:
                _save_shared_findings(review, shared_findings or {})
        if conflicts:
            raise EditConflict(conflicts)  # rolls the whole save back


def _save_board_findings(assessment: Assessment, texts: dict[int, str]) -> None:
    addressed = set(assessment.recommendation.addressed_to.values_list("pk", flat=True))
    if unknown := set(texts) - addressed:
        raise ValidationError(
            _("The recommendation is not addressed to board %(ids)s.")
            % {"ids": ", ".join(map(str, sorted(unknown)))}
        )
    _save_texts(assessment.board_findings, "board_id", texts)


def _save_shared_findings(review: FollowUpReview, texts: dict[int, str]) -> None:
    _save_texts(review.group_findings, "group_id", texts)


def _save_texts(related, key: str, texts: dict[int, str]) -> None:
    """Make the rows of a related manager (BoardFindings, GroupFindings) match `texts`,
    keyed by `key`: create, change, or delete where the text is now empty."""
    stored = {getattr(row, key): row for row in related.filter(**{f"{key}__in": texts})}
    for key_value, text in texts.items():
        current = stored.get(key_value)
        if not text and current:
            current.delete()
        elif text and current is None:
            related.create(**{key: key_value}, text=text)
        elif text and current.text != text:
            current.text = text
            current.save()


def review_publish(*, review: FollowUpReview) -> FollowUpReview:
    """Mark a draft published; every recommendation it covers must have a status.

    The PDF is rendered and stored in the same transaction: the document published is
    the one every later download returns.
    """

    with transaction.atomic():
        locked = _lock_draft(review)
        pending = locked.assessments.filter(status=Status.NOT_ASSESSED)
        if pending.exists():
            raise ValidationError(
                _("%(count)s recommendations are not yet assessed.") % {"count": pending.count()}
            )
        locked.state = FollowUpReview.State.PUBLISHED
        locked.published_at = timezone.now()
        locked.version += 1
        locked.full_clean()
        locked.save()
        store_published_report(locked)
        return locked


def review_reopen(*, review: FollowUpReview, reason: str) -> FollowUpReview:
    """Make a published review editable again; the reason goes into its history."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the review is reopened.")})
    with transaction.atomic():
        locked = FollowUpReview.objects.select_for_update().get(pk=review.pk)
        if not locked.is_published:
            return locked
        locked.state = FollowUpReview.State.DRAFT
        locked.published_at = None
        locked.version += 1
        locked._change_reason = reason.strip()
        locked.full_clean()
        locked.save()
        return locked
