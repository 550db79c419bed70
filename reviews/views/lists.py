"""Browsing audits and recommendations, filtered and sorted, and a recommendation's story."""

from django.utils import timezone
from django.views.generic import DetailView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from core.tables import ListPaginator, XlsxDownloadMixin
from organisations.models import Organisation

from ..coverage import in_plans
from ..filters import AuditFilter, RecommendationFilter
from ..models import (
    Assessment,
    Audit,
    FollowUpReview,
    PromisedDate,
    Recommendation,
    Status,
)
from ..models.progress import is_overdue
from ..tables import AuditTable, RecommendationTable


class AuditListView(XlsxDownloadMixin, SingleTableMixin, FilterView):
    xlsx_filename = "granskningar"
    table_class = AuditTable
    filterset_class = AuditFilter
    template_name = "reviews/audit_list.html"
    table_pagination = {"per_page": 50, "paginator_class": ListPaginator}

    def get_queryset(self):
        return Audit.objects.for_list().visible_to(self.request.user)

    def get_table_kwargs(self):
        # Titles open the editor where the user may edit, else the audit's recommendations.
        return {"editable": {o.pk for o in self.editable_organisations()}}

    def editable_organisations(self):
        if not hasattr(self, "_editable"):
            self._editable = Organisation.objects.where_allowed(
                self.request.user, "reviews.add_audit"
            )
        return self._editable

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            new_audit_organisations=self.editable_organisations(), **kwargs
        )


class RecommendationListView(XlsxDownloadMixin, SingleTableMixin, FilterView):
    xlsx_filename = "rekommendationer"
    table_class = RecommendationTable
    filterset_class = RecommendationFilter
    template_name = "reviews/recommendation_list.html"
    table_pagination = {"per_page": 25, "paginator_class": ListPaginator}

    def get_queryset(self):
        # The filter set adds the status, from the reviews the user may see.
        return Recommendation.objects.visible_to(self.request.user)


class RecommendationDetailView(DetailView):
    template_name = "reviews/recommendation_detail.html"
    context_object_name = "recommendation"

    def get_queryset(self):
        return Recommendation.objects.for_detail().visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        user = self.request.user
        visible = set(FollowUpReview.objects.visible_to(user).values_list("pk", flat=True))
        assessments = [a for a in self.object.assessments.all() if a.review_id in visible]
        changes = Assessment.changes_of(assessments)
        story = [(assessment, changes[assessment.pk]) for assessment in assessments]
        responses = list(self.object.responses.all())
        published = FollowUpReview.objects.published().filter(
            reviewed_audits__audit=self.object.audit_id
        )
        printed = {r.pk for r in responses for review in published if review.prints_response(r)}
        latest = story[-1][0].status if story else None
        chain = Recommendation.objects.chain(self.object).visible_to(user).with_status_for(user)
        return super().get_context_data(
            story=story,
            chain=list(chain),
            in_plans=in_plans(self.object, user),
            may_take_in=latest in (Status.PARTIAL, Status.NOT_IMPLEMENTED)
            and user.has_perm("internal_control.take_in_recommendation", self.object),
            responses=responses,
            editable_responses={
                r.pk
                for r in responses
                if r.pk not in printed and user.has_perm("reviews.change_boardresponse", r)
            },
            may_respond=user.has_perm("reviews.add_boardresponse", self.object.audit),
            overdue=is_overdue(
                promised_date=self.object.promised_date,
                published_status=self.object.latest_published_status,
                today=timezone.localdate(),
            ),
            date_revisions=PromisedDate.revisions(recommendation=self.object).get(
                self.object.pk, []
            ),
            dated_responses=[
                r for r in responses if user.has_perm("reviews.change_promiseddate", r)
            ],
            board_updates=self.object.board_updates.select_related("board", "written_by"),
            may_write_update=user.has_perm("reviews.add_boardupdate", self.object),
            **kwargs,
        )
