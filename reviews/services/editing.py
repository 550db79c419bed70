"""Editing a review in the workspace: assessments, publishing, reopening.

Every save names the version it started from (`core.versioning`). A save over a newer
version (someone else saved in between) is refused with what is stored now.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.versioning import Edit, locked, save_all
from organisations.models import Board

from ..freezing import lock_draft
from ..models import (
    Assessment,
    Audit,
    BoardFindings,
    BoardStatus,
    FollowUpReview,
    Recommendation,
    RecommendationGroup,
    ReviewedAudit,
    Status,
    SubAssessment,
)
from .rendering import report_render_request


@dataclass
class AssessmentDetails:
    """What an assessment holds besides its own fields, as the screen sends it: board id →
    findings and → status, part id → (status, findings). An empty text or status removes
    the row; a board or part left out is left as it is."""

    board_findings: dict[int, str] = field(default_factory=dict)
    board_statuses: dict[int, str] = field(default_factory=dict)
    parts: dict[int, tuple[str, str]] = field(default_factory=dict)


def assessments_save(
    *,
    review: FollowUpReview,
    assessments: list[Edit[Assessment]],
    follow_up: Edit[ReviewedAudit] | None = None,
    shared_findings: dict[int, str] | None = None,
    details: dict[int, AssessmentDetails] | None = None,
) -> None:
    """Save edited assessments, and optionally the audit's overall assessment and the
    groups' shared findings, all or nothing.

    `shared_findings` maps a recommendation group's id to its text; it is guarded by the
    reviewed audit's version, so it needs `follow_up`. `details` maps an assessment's id
    to its statuses and findings per board and per part; they are guarded by that
    assessment's version, so the assessment must be among `assessments`. An assessment
    whose status the auditor did not set gets the one derived from its boards' and
    parts' statuses (`Assessment.derived`).
    """
    details = details or {}
    with transaction.atomic():
        lock_draft(review)
        save_all([*assessments, *([follow_up] if follow_up else [])])  # or EditConflict
        for edit in assessments:
            if edit.instance.pk in details:
                _save_details(edit.instance, details[edit.instance.pk])
        _apply_rule([edit.instance for edit in assessments])
        if follow_up is not None:
            _save_shared_findings(review, shared_findings or {})


def _save_details(assessment: Assessment, details: AssessmentDetails) -> None:
    addressed = set(assessment.recommendation.addressed_to.values_list("pk", flat=True))
    if unknown := (set(details.board_findings) | set(details.board_statuses)) - addressed:
        raise ValidationError(
            _("The recommendation is not addressed to board %(ids)s.")
            % {"ids": ", ".join(map(str, sorted(unknown)))}
        )
    parts = set(assessment.recommendation.parts.values_list("pk", flat=True))
    if unknown := set(details.parts) - parts:
        raise ValidationError(
            _("The recommendation has no part %(ids)s.")
            % {"ids": ", ".join(map(str, sorted(unknown)))}
        )
    own = {
        f.boards.all()[0].pk: f
        for f in assessment.board_findings.prefetch_related("boards")
        if len(f.boards.all()) == 1
    }
    for board_id, text in details.board_findings.items():
        current = own.get(board_id)
        if not text and current:
            current.delete()
        elif text and current is None:
            BoardFindings.objects.create(assessment=assessment, text=text).boards.set([board_id])
        elif text and current.text != text:
            current.text = text
            current.save()
    for board_id, status in details.board_statuses.items():
        if status:
            BoardStatus.objects.update_or_create(
                assessment=assessment, board_id=board_id, defaults={"status": status}
            )
        else:
            BoardStatus.objects.filter(assessment=assessment, board_id=board_id).delete()
    for part_id, (status, findings) in details.parts.items():
        if status or findings:
            SubAssessment.objects.update_or_create(
                assessment=assessment,
                part_id=part_id,
                defaults={"status": status, "findings": findings},
            )
        else:
            SubAssessment.objects.filter(assessment=assessment, part_id=part_id).delete()


def _apply_rule(assessments: list[Assessment]) -> None:
    """Unless the auditor set it, an assessment's status is the one its boards and parts
    give: the saved assessments are read again once, with what they derive from."""
    changed = []
    saved = Assessment.objects.for_document().filter(
        pk__in=[a.pk for a in assessments], status_overridden=False
    )
    for fresh in saved:
        if fresh.derived is not None and fresh.derived != fresh.status:
            fresh.status = fresh.derived
            changed.append(fresh)
    Assessment.objects.bulk_update(changed, ["status"])
    # bulk_update sends no signals: the recommendations' latest statuses follow here.
    Recommendation.objects.filter(pk__in=[a.recommendation_id for a in changed]).refresh_latest()


def _save_shared_findings(review: FollowUpReview, texts: dict[int, str]) -> None:
    _save_texts(review.group_findings, "group_id", texts)


def _save_texts(related, key: str, texts: dict[int, str]) -> None:
    """Make the rows of a related manager (GroupFindings) match `texts`,
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
    """Publish a draft; every recommendation it covers must have a status.

    The review is locked as being published and its final PDF is queued
    (`rendering.report_render_request`); it counts as published once that PDF exists,
    and every later download is that document. Returns the review as stored.
    """

    with transaction.atomic():
        draft = lock_draft(review)
        pending = draft.assessments.filter(status=Status.NOT_ASSESSED)
        if pending.exists():
            raise ValidationError(
                _("%(count)s recommendations are not yet assessed.") % {"count": pending.count()}
            )
        draft.state = FollowUpReview.State.PUBLISHING
        draft.published_at = timezone.now()
        draft.version += 1
        draft.full_clean()
        draft.save()
        report_render_request(draft, publishes=True)
    return FollowUpReview.objects.get(pk=review.pk)


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


def issued_recommendation_save(
    *,
    review: FollowUpReview,
    audit: Audit,
    recommendation: Recommendation,
    addressed_to: list[Board],
    continues: list[Recommendation],
) -> Recommendation:
    """Save a recommendation the draft review issues in the audit's chapter, continuing
    `continues` (recommendations of the same audit the review holds): in the review's own
    group of the audit, created after the audit's groups when it is the first."""
    with transaction.atomic():
        lock_draft(review)
        if not review.reviewed_audits.filter(audit=audit).exists():
            raise ValidationError(_("The review does not follow up this audit."))
        if any(
            earlier.audit_id != audit.pk or earlier.issued_by_id == review.pk
            for earlier in continues
        ):
            raise ValidationError(
                {"continues": _("Continue recommendations the audit had before this review.")}
            )
        group = audit.groups.filter(issued_by=review).first()
        if group is None:
            last = audit.groups.aggregate(last=Max("position"))["last"] or 0
            group = RecommendationGroup(audit=audit, position=last + 1, issued_by=review)
            group.full_clean()
            group.save()
        recommendation.audit, recommendation.group, recommendation.issued_by = audit, group, review
        recommendation.full_clean()
        recommendation.save()
        recommendation.addressed_to.set(addressed_to)
        recommendation.continues.set(continues)
        return recommendation


def issued_recommendation_delete(*, review: FollowUpReview, recommendation: Recommendation) -> None:
    """Take back a recommendation the draft review issued (its group goes with the last)."""
    with transaction.atomic():
        lock_draft(review)
        if recommendation.issued_by_id != review.pk:
            raise ValidationError(_("The review did not issue this recommendation."))
        group = recommendation.group
        recommendation.delete()
        if not group.recommendations.exists():
            group.delete()
