"""Pages of the reviews app, one module per area."""

from .assessments import (
    AssessmentScreenView,
    IssuedRecommendationView,
    review_publish_view,
    review_reopen_view,
)
from .audits import AuditEditView, ResponseEditView
from .dashboard import dashboard_view
from .lists import AuditListView, RecommendationDetailView, RecommendationListView
from .progress import BoardUpdateView, PromisedDatesView, reminder_preview_view
from .reviews import (
    ReportPartsView,
    ReviewBoardsView,
    ReviewEditView,
    ReviewListView,
    ReviewSummaryView,
    review_docx_view,
    review_pdf_view,
    review_render_download,
    review_render_view,
    review_summary_csv,
    review_summary_xlsx,
)
from .rollup import board_rollup_view, rollup_index_view

__all__ = [
    "dashboard_view",
    "board_rollup_view",
    "rollup_index_view",
    "BoardUpdateView",
    "PromisedDatesView",
    "reminder_preview_view",
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
    "review_docx_view",
    "review_pdf_view",
    "review_render_download",
    "review_render_view",
    "review_publish_view",
    "review_reopen_view",
    "review_summary_csv",
    "review_summary_xlsx",
]
