from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("reviews/", views.ReviewListView.as_view(), name="review-list"),
    path("reviews/new/", views.ReviewEditView.as_view(), name="review-create"),
    path("reviews/<int:pk>/edit/", views.ReviewEditView.as_view(), name="review-edit"),
    path("audits/", views.AuditListView.as_view(), name="audit-list"),
    path("audits/new/", views.AuditEditView.as_view(), name="audit-create"),
    path("audits/<int:pk>/edit/", views.AuditEditView.as_view(), name="audit-edit"),
    path(
        "audits/<int:audit_pk>/responses/new/",
        views.ResponseEditView.as_view(),
        name="response-create",
    ),
    path("responses/<int:pk>/edit/", views.ResponseEditView.as_view(), name="response-edit"),
    path("responses/<int:pk>/dates/", views.PromisedDatesView.as_view(), name="promised-dates"),
    path("reminders/", views.reminder_preview_view, name="reminder-preview"),
    path("rollup/", views.rollup_index_view, name="rollup-index"),
    path("dashboard/", views.dashboard_view, name="dashboard"),
    path("boards/<int:pk>/rollup/", views.board_rollup_view, name="board-rollup"),
    path(
        "recommendations/<int:pk>/updates/new/",
        views.BoardUpdateView.as_view(),
        name="board-update-create",
    ),
    path("recommendations/", views.RecommendationListView.as_view(), name="recommendation-list"),
    path(
        "recommendations/<int:pk>/",
        views.RecommendationDetailView.as_view(),
        name="recommendation-detail",
    ),
    path("reviews/<int:pk>/", views.ReviewSummaryView.as_view(), name="review-summary"),
    path("reviews/<int:pk>/boards/", views.ReviewBoardsView.as_view(), name="review-boards"),
    path("reviews/<int:pk>/report-parts/", views.ReportPartsView.as_view(), name="report-parts"),
    path("reviews/<int:pk>/summary.csv", views.review_summary_csv, name="review-summary-csv"),
    path("reviews/<int:pk>/summary.xlsx", views.review_summary_xlsx, name="review-summary-xlsx"),
    path("reviews/<int:pk>/report.pdf", views.review_pdf_view, name="review-pdf"),
    path("reviews/<int:pk>/report.docx", views.review_docx_view, name="review-docx"),
    path(
        "reviews/<int:pk>/report/<int:render_pk>/",
        views.review_render_view,
        name="review-render",
    ),
    path(
        "reviews/<int:pk>/report/<int:render_pk>/download/",
        views.review_render_download,
        name="review-render-download",
    ),
    path(
        "reviews/<int:pk>/audits/<int:audit_pk>/",
        views.AssessmentScreenView.as_view(),
        name="assessment-screen",
    ),
    path(
        "reviews/<int:pk>/audits/<int:audit_pk>/new-recommendations/",
        views.IssuedRecommendationView.as_view(),
        name="issued-recommendation-create",
    ),
    path(
        "reviews/<int:pk>/audits/<int:audit_pk>/new-recommendations/<int:rec_pk>/",
        views.IssuedRecommendationView.as_view(),
        name="issued-recommendation-edit",
    ),
    path("reviews/<int:pk>/publish/", views.review_publish_view, name="review-publish"),
    path("reviews/<int:pk>/reopen/", views.review_reopen_view, name="review-reopen"),
]
