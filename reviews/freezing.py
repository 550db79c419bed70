"""What a published review prints is frozen: which published reviews lock an object.

A published review's PDF is rendered once and kept; its summary page, CSV and screens
are computed from the stored rows. So while it is published, nothing it prints may
change: the review with its assessments and texts, the audits it covers with their
groups and recommendations, the board responses it printed, and the names of its
organisation, boards and firms. Reopening the review (with a reason) unlocks them.
A board's later response is not printed by a review published before it was recorded
(`FollowUpReview.prints_response`), so boards can still answer for the next follow-up.
"""

from django.db.models import Q, QuerySet
from django.utils.translation import ngettext

from core.freezing import Frozen, register
from core.versioning import locked
from organisations.models import Board, Firm, Organisation

from .models import (
    Assessment,
    Audit,
    BoardFindings,
    BoardResponse,
    BoardStatus,
    FollowUpReview,
    GroupFindings,
    Recommendation,
    RecommendationGroup,
    ReportContact,
    ReportSection,
    ReportSignature,
    ReviewedAudit,
    SubAssessment,
    SubRecommendation,
)


class ReviewLocked(Frozen):
    """A published review prints what was to be changed: it changes only after that
    review is reopened."""

    def __init__(self, reviews):
        self.reviews = list(reviews)
        super().__init__(self.message)

    @property
    def message(self) -> str:
        titles = ", ".join(f"{review.title} ({review.organisation})" for review in self.reviews)
        return ngettext(
            "The published review %(reviews)s prints this, so it cannot be changed. To change "
            "it, reopen the review on its page (with a reason); publishing it again makes a "
            "new PDF.",
            "The published reviews %(reviews)s print this, so it cannot be changed. To change "
            "it, reopen the reviews on their pages (with a reason); publishing them again "
            "makes new PDFs.",
            len(self.reviews),
        ) % {"reviews": titles}


def reviews_locking(obj) -> QuerySet[FollowUpReview]:
    """The published reviews that print `obj` (stored or about to be added); empty when
    it may change."""
    # Also one being published: its PDF is being rendered from what it holds now.
    published = FollowUpReview.objects.filter(
        state__in=[FollowUpReview.State.PUBLISHED, FollowUpReview.State.PUBLISHING]
    ).select_related("organisation")
    condition = _printing(obj)
    if condition is None:
        return published.none()
    return published.filter(condition).distinct().order_by("organisation__name", "-year", "pk")


def _printing(obj) -> Q | None:
    """Which reviews print `obj`, as a condition on FollowUpReview; None for none."""
    match obj:
        case FollowUpReview():
            return Q(pk=obj.pk) if obj.pk else None
        case (
            ReviewedAudit()
            | Assessment()
            | GroupFindings()
            | ReportSection()
            | ReportContact()
            | ReportSignature()
        ):
            return Q(pk=obj.review_id) if obj.review_id else None
        case BoardFindings() | BoardStatus() | SubAssessment():
            return Q(assessments=obj.assessment_id) if obj.assessment_id else None
        case Audit():
            return Q(reviewed_audits__audit=obj.pk) if obj.pk else None
        case RecommendationGroup() | Recommendation():
            if not obj.audit_id:
                return None
            return Q(reviewed_audits__audit=obj.audit_id) & _holding(obj.issued_by)
        case SubRecommendation():
            if not obj.recommendation_id:
                return None
            recommendation = obj.recommendation
            return Q(reviewed_audits__audit=recommendation.audit_id) & _holding(
                recommendation.issued_by
            )
        case BoardResponse():
            if not obj.pk or not obj.audit_id:
                return None  # recorded now: no review published before it prints it
            printed = Q(reviewed_audits__audit=obj.audit_id)
            if obj.created_at is not None:
                printed &= Q(published_at__gte=obj.created_at)
            return printed
        case Board():
            if not obj.pk:
                return None
            audits = Audit.objects.filter(
                Q(boards=obj) | Q(recommendations__addressed_to=obj) | Q(responses__boards=obj)
            ).values("pk")
            return (
                Q(reviewed_audits__audit__in=audits)
                | Q(assessments__board_findings__boards=obj)
                | Q(assessments__board_statuses__board=obj)
            )
        case Organisation():
            return Q(organisation=obj.pk) if obj.pk else None
        case Firm():
            return Q(firm=obj.pk) | Q(reviewed_audits__audit__firm=obj.pk) if obj.pk else None
    raise TypeError(f"no rule for what prints a {type(obj).__name__}")


def _holding(issuer: FollowUpReview | None) -> Q:
    """The reviews that print what `issuer` issued (`outline.sees`): itself and the reviews
    after it; every review, for an audit's own recommendations."""
    if issuer is None:
        return Q()
    return Q(pk=issuer.pk) | Q(year__gt=issuer.year) | Q(year=issuer.year, pk__gt=issuer.pk)


PRINTED = (
    FollowUpReview,
    ReviewedAudit,
    Assessment,
    GroupFindings,
    BoardFindings,
    BoardStatus,
    SubAssessment,
    ReportSection,
    ReportContact,
    ReportSignature,
    Audit,
    RecommendationGroup,
    Recommendation,
    SubRecommendation,
    BoardResponse,
    Board,
    Organisation,
    Firm,
)


@register
def refusal(obj) -> ReviewLocked | None:
    """For `core.freezing`: the refusal to change what published reviews print."""
    if not isinstance(obj, PRINTED):
        return None
    locking = list(reviews_locking(obj))
    return ReviewLocked(locking) if locking else None


def ensure_unlocked(obj) -> None:
    """Raise ReviewLocked if a published review prints `obj`."""
    if locking := list(reviews_locking(obj)):
        raise ReviewLocked(locking)


def lock_reviews_of(audit: Audit) -> None:
    """Lock the rows of every review covering the audit until the transaction ends, so a
    review cannot be published between our check and our write (PostgreSQL; SQLite
    writes one transaction at a time anyway)."""
    list(
        FollowUpReview.objects.select_for_update(of=("self",))
        .filter(reviewed_audits__audit=audit.pk)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def lock_draft(review: FollowUpReview) -> FollowUpReview:
    """The review's row, locked until the transaction ends; refuses a published review
    (and one being published: its PDF is rendered from what it holds now)."""
    draft = locked(review)
    if draft.is_frozen:
        raise ReviewLocked([draft])
    return draft
