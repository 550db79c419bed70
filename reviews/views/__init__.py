"""Pages of the reviews app, one module per area."""

from .assessments import AssessmentScreenView, review_publish_view, review_reopen_view
from .reviews import ReviewListView, ReviewSummaryView, review_summary_csv

__all__ = [
    "AssessmentScreenView",
    "ReviewListView",
    "ReviewSummaryView",
    "review_publish_view",
    "review_reopen_view",
    "review_summary_csv",
]
