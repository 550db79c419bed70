"""Creating a follow-up review and choosing the audits it covers."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from core.versioning import Edit, save_edit

from ..freezing import lock_draft
from ..models import (
    Assessment,
    Audit,
    FollowUpReview,
    Recommendation,
    ReportContact,
    ReportSection,
    ReportSignature,
    ReviewedAudit,
    Status,
)
from ..selection import open_recommendations
from .firms import firm_for

PARKING = 1000  # above any real chapter number


def review_save(
    *, review: FollowUpReview, version: int | None, audits: list[Audit], new_firm: str = ""
) -> FollowUpReview:
    """Create or edit a draft review; `audits` are the audits it covers, in chapter order;
    `new_firm` names its firm when that is not yet stored.

    An audit newly covered gets a pending assessment for each recommendation still open
    (see `selection.open_recommendations`). An audit can be dropped only while nothing
    has been written about it in this review.
    """
    if not audits:
        raise ValidationError(_("Choose at least one audit to follow up."))
    with transaction.atomic():
        if new_firm:
            review.firm = firm_for(new_firm)
        if review.pk:
            lock_draft(review)
        save_edit(Edit(review, version))
        covered = {ra.audit_id: ra for ra in review.reviewed_audits.select_related("audit")}
        chosen = {audit.pk for audit in audits}
        for audit_id, reviewed in covered.items():
            if audit_id not in chosen:
                _drop(review, reviewed)
        # Positions are unique per review: park the kept ones out of the way first.
        review.reviewed_audits.update(position=F("position") + PARKING)
        for position, audit in enumerate(audits, start=1):
            if audit.pk in covered:
                reviewed = covered[audit.pk]
                if reviewed.position != position:
                    # A moved chapter is a change: an overall assessment loaded before it
                    # must not write the old position back.
                    reviewed.version += 1
                reviewed.position = position
                reviewed.save(update_fields=["position", "version"])
            else:
                _add(review, audit, position)
        return review


def _add(review: FollowUpReview, audit: Audit, position: int) -> None:
    reviewed = ReviewedAudit(review=review, audit=audit, position=position)
    reviewed.full_clean()
    reviewed.save()
    added = Assessment.objects.bulk_create(
        Assessment(review=review, recommendation=recommendation)
        for recommendation in open_recommendations(audit, review=review)
    )
    # bulk_create sends no signals: the latest statuses are refreshed here.
    Recommendation.objects.filter(pk__in=[a.recommendation_id for a in added]).refresh_latest()


def _drop(review: FollowUpReview, reviewed: ReviewedAudit) -> None:
    assessments = review.assessments.filter(recommendation__audit=reviewed.audit_id)
    written = assessments.filter(
        ~Q(status=Status.NOT_ASSESSED)
        | ~Q(findings="")
        | Q(board_findings__isnull=False)
        | Q(board_statuses__isnull=False)
        | Q(part_assessments__isnull=False)
    )
    if written.exists() or reviewed.overall_assessment or reviewed.introduction:
        raise ValidationError(
            _(
                "%(audit)s already has assessments in this review and cannot be removed from "
                "it. Clear its statuses and texts first."
            )
            % {"audit": reviewed.audit.label}
        )
    assessments.delete()
    review.group_findings.filter(group__audit=reviewed.audit_id).delete()
    reviewed.delete()


def report_parts_save(
    *, review: FollowUpReview, sections: list[dict], contacts: list[dict], signatures: list[dict]
) -> None:
    """Replace the draft review's extra sections, contact persons and signatures with
    these, in this order (nothing refers to them, so they are written afresh)."""
    with transaction.atomic():
        lock_draft(review)
        by_placement: dict[str, int] = {}
        review.sections.all().delete()
        for section in sections:
            position = by_placement[section["placement"]] = (
                by_placement.get(section["placement"], 0) + 1
            )
            _create(ReportSection(review=review, position=position, **section))
        for model, rows in ((ReportContact, contacts), (ReportSignature, signatures)):
            model.objects.filter(review=review).delete()
            for position, row in enumerate(rows, start=1):
                _create(model(review=review, position=position, **row))


def _create(row) -> None:
    row.full_clean()
    row.save()
