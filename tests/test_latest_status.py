"""Each recommendation's latest status is stored (the lists read it rather than compute it
per row): after every write path it equals a fresh computation from the assessments."""

import pytest

from core.versioning import Edit
from reviews.models import Assessment, FollowUpReview, Recommendation, Status
from reviews.services import assessments_save, review_publish, review_reopen, review_save
from tests.factories import AuditFactory, GroupFactory, RecommendationFactory
from tests.test_firm_variants import FILES, import_file

pytestmark = pytest.mark.django_db


def computed(recommendation) -> tuple:
    """From scratch: the latest assessment over every review, and over published ones."""
    assessments = sorted(
        Assessment.objects.filter(recommendation=recommendation).select_related("review"),
        key=lambda a: (a.review.year, a.review.pk),
        reverse=True,
    )
    published = [a for a in assessments if a.review.is_published]
    return (
        assessments[0].status if assessments else "",
        assessments[0].review_id if assessments else None,
        published[0].status if published else "",
        published[0].review_id if published else None,
    )


def assert_stored_is_computed() -> None:
    stored = {
        r.pk: (r.latest_status, r.latest_review_id, r.latest_published_status,
               r.latest_published_review_id)
        for r in Recommendation.objects.all()
    }  # fmt: skip
    assert stored == {r.pk: computed(r) for r in Recommendation.objects.all()}


def test_after_every_write_path(seed_review):
    assert_stored_is_computed()  # the import
    for path in FILES:
        import_file(path)
    assert_stored_is_computed()

    # An assessment saved on the screen.
    assessment = seed_review.assessments.order_by("pk").first()
    assessment.status = Status.NOT_IMPLEMENTED
    assessments_save(review=seed_review, assessments=[Edit(assessment, assessment.version)])
    assert_stored_is_computed()

    # Published, reopened, published again.
    published = review_publish(review=seed_review)
    assert_stored_is_computed()
    reopened = review_reopen(review=published, reason="Rättelse.")
    assert_stored_is_computed()
    review_publish(review=reopened)
    assert_stored_is_computed()

    # A new review covering an audit: its pending assessments are the latest now.
    audit = seed_review.reviewed_audits.first().audit
    later = FollowUpReview.objects.create(
        organisation=seed_review.organisation,
        title="Uppföljande granskning 2026",
        year=2026,
        firm=seed_review.firm,
    )
    review_save(review=later, version=later.version, audits=[audit])
    assert_stored_is_computed()
    assert Recommendation.objects.filter(latest_review=later).exists()

    # ... and dropped again, then the review deleted.
    later.refresh_from_db()
    extra = AuditFactory(organisation=seed_review.organisation, firm=seed_review.firm)
    RecommendationFactory(group=GroupFactory(audit=extra), number=1)
    later = FollowUpReview.objects.get(pk=later.pk)
    review_save(review=later, version=later.version, audits=[extra])
    assert_stored_is_computed()
    later.delete()
    assert_stored_is_computed()
