"""reviews.services.editing, called directly (the assessment screen that calls it is tested
in tests/views/test_assessments.py)."""

import pytest
from django.core.exceptions import ValidationError

from core.versioning import Edit
from reviews.models import Status
from reviews.services import AssessmentDetails, assessments_save
from tests.factories import BoardFactory, build_review

pytestmark = pytest.mark.django_db


def test_the_service_refuses_a_board_the_recommendation_is_not_addressed_to():
    review = build_review(audits=1, recommendations=1, statuses=[Status.PARTIAL])
    recommendation = review.assessments.get().recommendation
    recommendation.addressed_to.set(
        [
            BoardFactory(organisation=review.organisation, name=name)
            for name in ("Socialnämnden", "Kultur- och fritidsnämnden")
        ]
    )
    outsider = BoardFactory(organisation=review.organisation)
    assessment = review.assessments.get()
    with pytest.raises(ValidationError):
        assessments_save(
            review=review,
            assessments=[Edit(assessment, 1)],
            details={assessment.pk: AssessmentDetails(board_findings={outsider.pk: "Fel nämnd."})},
        )
    assert not assessment.board_findings.exists()
