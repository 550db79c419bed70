"""reviews.models: what the models and the database refuse. (Organisations and boards:
tests/organisations/test_models.py.)"""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from reviews.models import (
    Assessment,
    FollowUpReview,
    Recommendation,
    ReviewedAudit,
    Status,
    recommendation_heading,
)
from tests.factories import (
    AssessmentFactory,
    AuditFactory,
    GroupFactory,
    RecommendationFactory,
    ReviewFactory,
    build_review,
)

pytestmark = pytest.mark.django_db


def test_a_recommendation_is_assessed_once_per_review():
    review = build_review(audits=1, recommendations=1)
    assessment = review.assessments.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        AssessmentFactory(review=review, recommendation=assessment.recommendation)


def test_the_same_recommendation_can_be_assessed_again_in_a_later_review():
    first = build_review(audits=1, recommendations=1)
    recommendation = first.assessments.get().recommendation
    later = ReviewFactory(organisation=first.organisation, title="Uppföljande granskning 2026")
    ReviewedAudit.objects.create(review=later, audit=recommendation.audit, position=1)
    AssessmentFactory(review=later, recommendation=recommendation, status=Status.PARTIAL)

    history = recommendation.assessments.order_by("review__year", "pk")
    assert [a.status for a in history] == [Status.IMPLEMENTED, Status.PARTIAL]


def test_recommendation_numbers_are_unique_within_an_audit():
    group = GroupFactory()
    RecommendationFactory(group=group, number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        RecommendationFactory(group=group, number=1)
    RecommendationFactory(group=GroupFactory(), number=1)  # another audit may reuse it


def test_the_database_refuses_a_status_outside_the_fixed_set():
    review = build_review(audits=1, recommendations=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        review.assessments.update(status="done")


def test_an_empty_status_means_not_yet_assessed():
    review = build_review(audits=1, recommendations=1, statuses=[""])
    assessment = review.assessments.get()
    assessment.full_clean()
    assert assessment.get_status_display() == "Ej bedömd"


def test_a_published_review_must_have_a_publication_date():
    review = ReviewFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUpReview.objects.filter(pk=review.pk).update(state=FollowUpReview.State.PUBLISHED)


def test_an_assessment_must_belong_to_an_audit_the_review_covers():
    review = ReviewFactory()
    recommendation = RecommendationFactory(group__audit__organisation=review.organisation)
    assessment = Assessment(review=review, recommendation=recommendation)
    with pytest.raises(ValidationError, match="täcker inte"):
        assessment.full_clean()


def test_a_recommendation_cannot_sit_in_another_audits_group():
    recommendation = RecommendationFactory()
    recommendation.group = GroupFactory()
    with pytest.raises(ValidationError):
        recommendation.full_clean()


def test_a_review_cannot_cover_another_organisations_audit():
    review = ReviewFactory()
    reviewed = ReviewedAudit(review=review, audit=AuditFactory(), position=1)
    with pytest.raises(ValidationError):
        reviewed.full_clean()


@pytest.mark.parametrize(
    "numbers, heading",
    [
        ([1], "Rekommendation 1"),
        ([4, 3], "Rekommendation 3 & 4"),
        ([1, 2, 3, 4, 5], "Rekommendation 1-5"),
        ([1, 3, 4], "Rekommendation 1, 3, 4"),
    ],
)
def test_group_headings_read_as_reports_print_them(numbers, heading):
    assert recommendation_heading(numbers) == heading


def test_an_audit_is_labelled_with_its_year():
    audit = AuditFactory(title="Granskning av cybersäkerhet", year=2022)
    assert audit.label == "Granskning av cybersäkerhet (2022)"


def test_deleting_a_recommendation_with_assessments_is_refused():
    review = build_review(audits=1, recommendations=1)
    recommendation = Recommendation.objects.get()
    with pytest.raises(Exception, match="protected"):
        recommendation.delete()
    assert review.assessments.count() == 1
