from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("reviews/", views.ReviewListView.as_view(), name="review-list"),
    path("reviews/<int:pk>/", views.ReviewSummaryView.as_view(), name="review-summary"),
    path("reviews/<int:pk>/summary.csv", views.review_summary_csv, name="review-summary-csv"),
]
