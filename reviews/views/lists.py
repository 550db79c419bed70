"""Browsing audits and recommendations, filtered and sorted, and a recommendation's story."""

from django.views.generic import DetailView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from ..filters import AuditFilter, RecommendationFilter
from ..models import Assessment, Audit, Recommendation
from ..tables import AuditTable, RecommendationTable


class AuditListView(SingleTableMixin, FilterView):
    table_class = AuditTable
    filterset_class = AuditFilter
    queryset = Audit.objects.for_list()
    template_name = "reviews/audit_list.html"
    table_pagination = {"per_page": 50}


class RecommendationListView(SingleTableMixin, FilterView):
    table_class = RecommendationTable
    filterset_class = RecommendationFilter
    queryset = (
        Recommendation.objects.all()
    )  # the filter set adds the status of the review asked for
    template_name = "reviews/recommendation_list.html"
    table_pagination = {"per_page": 25}


class RecommendationDetailView(DetailView):
    queryset = Recommendation.objects.for_detail()
    template_name = "reviews/recommendation_detail.html"
    context_object_name = "recommendation"

    def get_context_data(self, **kwargs):
        assessments = list(self.object.assessments.all())
        changes = Assessment.changes_of(assessments)
        story = [(assessment, changes[assessment.pk]) for assessment in assessments]
        return super().get_context_data(story=story, **kwargs)
