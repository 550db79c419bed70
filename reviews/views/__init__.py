"""Pages of the reviews app, one module per area."""

from .assessments import (
    AssessmentScreenView,
    IssuedRecommendationView,
    review_publish_view,
    review_reopen_view,
)
from .audits import AuditEditView, ResponseEditView
from .lists import AuditListView, RecommendationDetailView, RecommendationListView
from .reviews import (
    ReportPartsView,
    ReviewBoardsView,
    ReviewEditView,
    ReviewListView,
    ReviewSummaryView,
    review_pdf_view,
    review_render_download,
    review_render_view,
    review_summary_csv,
)

__all__ = [
    "AssessmentScreenView",
    "AuditEditView",
    "AuditListView",
    "IssuedRecommendationView",
    "RecommendationDetailView",
    "RecommendationListView",
    "ResponseEditView",
    "ReportPartsView",
    "ReviewBoardsView",
    "ReviewEditView",
    "ReviewListView",
    "ReviewSummaryView",
    "review_pdf_view",
    "review_render_download",
    "review_render_view",
    "review_publish_view",
    "review_reopen_view",
    "review_summary_csv",
]
