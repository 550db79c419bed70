"""The domain: organisations and their boards, audits with their recommendations and
board responses, and follow-up reviews with the auditors' assessments.

A board's *response* (what it said it would do) and an auditor's *assessment* (what
was actually done) are separate objects with separate authors. One module per area;
everything is importable from `reviews.models`.
"""

from .audits import (
    Audit,
    BoardResponse,
    Recommendation,
    RecommendationGroup,
    recommendation_heading,
    responses_by_group,
)
from .choices import (
    TEXT_MAX_LENGTH,
    TEXT_VALIDATORS,
    YEAR_VALIDATORS,
    BoardKind,
    OrganisationKind,
    ReviewState,
    Role,
    Stance,
    Status,
    TrafficLight,
)
from .organisations import (
    Board,
    Firm,
    Membership,
    Organisation,
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
    "TEXT_MAX_LENGTH",
    "TEXT_VALIDATORS",
    "YEAR_VALIDATORS",
    "Status",
    "Stance",
    "TrafficLight",
    "OrganisationKind",
    "BoardKind",
    "Role",
    "ReviewState",
    "Organisation",
    "Membership",
    "Firm",
    "Board",
    "Audit",
    "RecommendationGroup",
    "recommendation_heading",
    "responses_by_group",
    "Recommendation",
    "BoardResponse",
    "FollowUpReview",
    "ReviewedAudit",
    "Assessment",
    "BoardFindings",
    "GroupFindings",
    "PublishedReport",
]
