"""Editing a review in the workspace: assessments, publishing, reopening.

Every save names the version it started from (`core.versioning`). A save over a newer
version (someone else saved in between) is refused with what is stored now.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.versioning import Edit, locked, save_all

from ..freezing import lock_draft
from ..models import Assessment, FollowUpReview, ReviewedAudit, Status
from ..reports import store_published_report


def assessments_save(
    *,
    review: FollowUpReview,
    assessments: list[Edit[Assessment]],
    follow_up: Edit[ReviewedAudit] | None = None,
    shared_findings: dict[int, str] | None = None,
    board_findings: dict[int, dict[int, str]] | None = None,
) -> None:
    """Save edited assessments, and optionally the audit's overall assessment and the
    groups' shared findings, all or nothing.

    `shared_findings` maps a recommendation group's id to its text; it is guarded by the
    reviewed audit's version, so it needs `follow_up`. `board_findings` maps an
    assessment's id to its per-board texts (board id → text); they are guarded by that
    assessment's version, so the assessment must be among `assessments`.
    """
    board_findings = board_findings or {}
    with transaction.atomic():
        lock_draft(review)
        save_all([*assessments, *([follow_up] if follow_up else [])])  # or EditConflict
        for edit in assessments:
            if edit.instance.pk in board_findings:
                _save_board_findings(edit.instance, board_findings[edit.instance.pk])
        if follow_up is not None:
            _save_shared_findings(review, shared_findings or {})


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
        draft = lock_draft(review)
        pending = draft.assessments.filter(status=Status.NOT_ASSESSED)
        if pending.exists():
            raise ValidationError(
                _("%(count)s recommendations are not yet assessed.") % {"count": pending.count()}
            )
        draft.state = FollowUpReview.State.PUBLISHED
        draft.published_at = timezone.now()
        draft.version += 1
        draft.full_clean()
        draft.save()
        store_published_report(draft)
        return draft


def review_reopen(*, review: FollowUpReview, reason: str) -> FollowUpReview:
    """Make a published review editable again; the reason goes into its history."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the review is reopened.")})
    with transaction.atomic():
        stored = locked(review)
        if not stored.is_published:
            return stored
        stored.state = FollowUpReview.State.DRAFT
        stored.published_at = None
        stored.version += 1
        stored._change_reason = reason.strip()
        stored.full_clean()
        stored.save()
        return stored
