"""The follow-up domain: audits with their recommendations and board responses, and
follow-up reviews with the auditors' assessments (organisations, boards and firms are
the `organisations` app's).

A board's *response* (what it said it would do) and an auditor's *assessment* (what
was actually done) are separate objects with separate authors. One module per area;
everything is importable from `reviews.models`.
"""

from ..choices import STATUS_WORDS, ReviewState, Stance, Status, TrafficLight
from .audits import (
    Audit,
    BoardResponse,
    Recommendation,
    RecommendationGroup,
    recommendation_heading,
)
from .reviews import (
    Assessment,
    BoardFindings,
    FollowUpReview,
    GroupFindings,
    PublishedReport,
    ReviewedAudit,
)

__all__ = [
    "Status",
    "STATUS_WORDS",
    "Stance",
    "TrafficLight",
    "ReviewState",
    "Audit",
    "RecommendationGroup",
    "recommendation_heading",
    "Recommendation",
    "BoardResponse",
    "FollowUpReview",
    "ReviewedAudit",
    "Assessment",
    "BoardFindings",
    "GroupFindings",
    "PublishedReport",
]
