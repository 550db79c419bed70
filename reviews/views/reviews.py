"""Pages: the list of follow-up reviews and a review's summary table."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from django.views.generic import DetailView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from ..filters import ReviewFilter
from ..forms import ReopenForm
from ..models import FollowUpReview
from ..summary import review_summary, write_csv
from ..tables import ReviewTable, SummaryTable


class ReviewListView(SingleTableMixin, FilterView):
    table_class = ReviewTable
    filterset_class = ReviewFilter
    queryset = FollowUpReview.objects.for_list()
    template_name = "reviews/review_list.html"
    table_pagination = {"per_page": 50}


class ReviewSummaryView(DetailView):
    queryset = FollowUpReview.objects.select_related("organisation", "firm")
    template_name = "reviews/review_summary.html"
    context_object_name = "review"

    def get_context_data(self, **kwargs):
        summary = review_summary(self.object)
        return super().get_context_data(
            table=SummaryTable(summary, review_id=self.object.pk),
            summary=summary,
            reopen_form=ReopenForm(),
            **kwargs,
        )


def review_summary_csv(request, pk: int) -> HttpResponse:
    review = get_object_or_404(FollowUpReview.objects.select_related("organisation"), pk=pk)
    filename = slugify(f"{review.organisation} {review.title}") + ".csv"
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
    response.write("\ufeff")  # so spreadsheet programs read the file as UTF-8
    write_csv(review_summary(review), response)
    return response
