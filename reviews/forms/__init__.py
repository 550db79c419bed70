"""Forms: validate and tidy what users type; the services do the saving. One module per
area; everything is importable from `reviews.forms`."""

from .assessments import (
    AssessmentForm,
    AssessmentFormSet,
    AssessmentFormSetFactory,
    FollowUpForm,
    IssuedRecommendationForm,
    ReopenForm,
    SharedFindingsForm,
)
from .audits import (
    AuditForm,
    BaseRecommendationRowFormSet,
    RecommendationRowForm,
    RecommendationRowFormSet,
    ResponseForm,
)
from .common import FirmChoice
from .progress import BoardUpdateForm, PromisedDateForm
from .reviews import (
    AuditChoiceForm,
    AuditChoiceFormSet,
    BaseAuditChoiceFormSet,
    ReviewForm,
    report_parts_formsets,
)

__all__ = [
    "BoardUpdateForm",
    "PromisedDateForm",
    "AssessmentForm",
    "AssessmentFormSet",
    "AssessmentFormSetFactory",
    "AuditChoiceForm",
    "AuditChoiceFormSet",
    "AuditForm",
    "BaseAuditChoiceFormSet",
    "BaseRecommendationRowFormSet",
    "FirmChoice",
    "FollowUpForm",
    "IssuedRecommendationForm",
    "RecommendationRowForm",
    "RecommendationRowFormSet",
    "ReopenForm",
    "ResponseForm",
    "ReviewForm",
    "SharedFindingsForm",
    "report_parts_formsets",
]
