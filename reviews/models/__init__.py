"""The follow-up domain: audits with their recommendations and board responses, and
follow-up reviews with the auditors' assessments (organisations, boards and firms are
the `organisations` app's).

A board's *response* (what it said it would do) and an auditor's *assessment* (what
was actually done) are separate objects with separate authors. One module per area;
everything is importable from `reviews.models`.
"""

# Connects the handlers that keep each recommendation's latest status right.
from .. import signals  # noqa: E402,F401
from ..choices import (
    STATUS_WORDS,
    BoardProgress,
    ChapterLayout,
    ReviewState,
    SectionPlacement,
    Stance,
    Status,
    TrafficLight,
    derived_status,
)
from .audits import (
    Audit,
    BoardResponse,
    Recommendation,
    RecommendationGroup,
    SubRecommendation,
    recommendation_heading,
)
from .progress import BoardUpdate, PromisedDate, ReminderSent
from .reports import (
    PublishedReport,
    ReportContact,
    ReportRender,
    ReportSection,
    ReportSignature,
)
from .reviews import (
    Assessment,
    BoardFindings,
    BoardStatus,
    FollowUpReview,
    GroupFindings,
    ReviewedAudit,
    SubAssessment,
)

__all__ = [
    "Status",
    "STATUS_WORDS",
    "Stance",
    "TrafficLight",
    "ReviewState",
    "ChapterLayout",
    "SectionPlacement",
    "derived_status",
    "Audit",
    "RecommendationGroup",
    "recommendation_heading",
    "Recommendation",
    "SubRecommendation",
    "BoardResponse",
    "FollowUpReview",
    "ReviewedAudit",
    "Assessment",
    "BoardFindings",
    "BoardStatus",
    "SubAssessment",
    "ReportSection",
    "ReportContact",
    "ReportSignature",
    "GroupFindings",
    "PublishedReport",
    "ReportRender",
    "BoardProgress",
    "PromisedDate",
    "BoardUpdate",
    "ReminderSent",
]
