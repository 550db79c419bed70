"""Pages: the list of follow-up reviews, creating and editing one, its summary table."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_safe
from django.views.generic import DetailView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from core.tables import ListPaginator, XlsxDownloadMixin
from core.versioning import EditConflict
from core.views import disable, hold_on_form
from core.xlsx import workbook_response, xlsx_response
from organisations.access import allowed_object, organisation_for_new
from organisations.models import Organisation

from ..coverage import plan_coverage
from ..filters import ReviewFilter
from ..forms import AuditChoiceFormSet, ReopenForm, ReviewForm, report_parts_formsets
from ..models import FollowUpReview, ReportRender, Status
from ..reports import review_docx
from ..selection import follow_up_candidates, next_review_initial
from ..services import ReviewLocked, report_parts_save, report_render_request, review_save
from ..spreadsheets import csv_response
from ..summary import board_lines, boards_view, boards_workbook, review_summary, table_rows
from ..tables import ReviewTable, SummaryTable

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class ReviewListView(XlsxDownloadMixin, SingleTableMixin, FilterView):
    xlsx_filename = "uppfoljningar"
    table_class = ReviewTable
    filterset_class = ReviewFilter
    template_name = "reviews/review_list.html"
    table_pagination = {"per_page": 50, "paginator_class": ListPaginator}

    def get_queryset(self):
        return FollowUpReview.objects.for_list().visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        creatable = Organisation.objects.where_allowed(
            self.request.user, "reviews.add_followupreview"
        )
        return super().get_context_data(new_review_organisations=creatable, **kwargs)


class ReviewPage(DetailView):
    """A page of one review the user may read."""

    context_object_name = "review"

    def get_queryset(self):
        return FollowUpReview.objects.select_related("organisation", "firm").visible_to(
            self.request.user
        )


class ReviewBoardsView(ReviewPage):
    """A review board by board: a table of every board's statuses, and one board's
    recommendations (`?board=<id>`, or `all`); a region's review addresses thousands."""

    template_name = "reviews/review_boards.html"

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") != "xlsx":
            return super().get(request, *args, **kwargs)
        review = self.get_object()
        filename = slugify(" ".join([str(review.organisation), review.title, _("boards")]))
        return workbook_response(boards_workbook(review), filename=f"{filename}.xlsx")

    def get_context_data(self, **kwargs):
        boards = boards_view(self.object)
        key = self.request.GET.get("board")
        selected = next((board for board in boards if board.key == key), None)
        return super().get_context_data(
            boards=boards,
            selected=selected,
            lines=board_lines(self.object, selected) if selected else [],
            unknown_board=key is not None and selected is None,
            statuses=list(Status),
            **kwargs,
        )


class ReviewSummaryView(ReviewPage):
    template_name = "reviews/review_summary.html"

    def get_context_data(self, **kwargs):
        summary = review_summary(self.object)
        issued = (
            self.object.issued_recommendations.select_related("audit")
            .prefetch_related("addressed_to", "continues__issued_by")
            # In chapter order: the join is this review's place for the audit.
            .filter(audit__reviewed_in__review=self.object)
            .order_by("audit__reviewed_in__position", "number")
        )
        may_change = self.request.user.has_perm("reviews.change_followupreview", self.object)
        failed_publication = None
        if may_change and self.object.state == FollowUpReview.State.DRAFT:
            # The last attempt to publish, if its PDF could not be rendered.
            last = self.object.renders.filter(publishes=True).only("state", "finished_at").first()
            failed_publication = last if last and last.state == ReportRender.State.FAILED else None
        return super().get_context_data(
            issued=issued,
            failed_publication=failed_publication,
            plan_coverage=plan_coverage(self.object, self.request.user),
            table=SummaryTable(summary, review_id=self.object.pk),
            summary=summary,
            reopen_form=ReopenForm(),
            may_change=may_change,
            **kwargs,
        )


@require_safe
def review_summary_csv(request, pk: int) -> HttpResponse:
    review = get_object_or_404(
        FollowUpReview.objects.select_related("organisation").visible_to(request.user), pk=pk
    )
    filename = slugify(f"{review.organisation} {review.title}") + ".csv"
    return csv_response(table_rows(review_summary(review)), filename=filename)


@require_safe
def review_summary_xlsx(request, pk: int) -> HttpResponse:
    review = get_object_or_404(
        FollowUpReview.objects.select_related("organisation").visible_to(request.user), pk=pk
    )
    return xlsx_response(
        table_rows(review_summary(review)),
        title=review.title,
        filename=slugify(f"{review.organisation} {review.title}") + ".xlsx",
    )


@require_safe
def review_docx_view(request, pk: int) -> HttpResponse:
    """The report as an editable Word document, from the review as it is now."""
    review = get_object_or_404(
        FollowUpReview.objects.select_related("organisation").visible_to(request.user), pk=pk
    )
    document, filename = review_docx(review)
    return HttpResponse(
        document,
        content_type=DOCX,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )


@require_safe
def review_pdf_view(request, pk: int) -> HttpResponse:
    """The report as a PDF: a published review's stored document; otherwise the PDF of
    the report as it is now when it has been rendered, or else the page that follows its
    rendering on the task queue."""
    review = get_object_or_404(
        FollowUpReview.objects.select_related("organisation").visible_to(request.user), pk=pk
    )
    if review.is_published:
        stored = review.published_reports.filter(review_version=review.version).first()
        if stored is not None:
            return pdf_response(bytes(stored.pdf), stored.filename, published=True)
    render = report_render_request(review)
    if render.is_ready:
        return pdf_response(bytes(render.pdf), render.filename, published=review.is_published)
    return redirect("reviews:review-render", pk=review.pk, render_pk=render.pk)


def pdf_response(pdf: bytes, filename: str, *, published: bool) -> HttpResponse:
    response = HttpResponse(
        pdf,
        content_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
    # A published document never changes; a draft's may with the next save.
    response["Cache-Control"] = "private, max-age=3600" if published else "private, no-store"
    return response


@require_safe
def review_render_view(request, pk: int, render_pk: int) -> HttpResponse:
    """How the rendering of a report goes (queued, rendering, ready, failed): a page that
    says so and offers the file when it is ready; with `?format=json`, the same for the
    page's script, which asks again every few seconds."""
    review = get_object_or_404(
        FollowUpReview.objects.select_related("organisation").visible_to(request.user), pk=pk
    )
    job = get_object_or_404(ReportRender.objects.defer("html", "pdf"), review=review, pk=render_pk)
    if job.is_abandoned:  # its worker stopped: render it again, and follow that
        job = report_render_request(review)
        if job.pk != render_pk:
            return redirect("reviews:review-render", pk=review.pk, render_pk=job.pk)
    download = reverse("reviews:review-render-download", args=[review.pk, job.pk])
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "state": job.state,
                "label": str(job.get_state_display()),
                "ready": job.is_ready,
                "finished": job.is_finished,
                "download": download if job.is_ready else None,
            }
        )
    return render(
        request,
        "reviews/review_render.html",
        {"review": review, "render": job, "download": download},
    )


@require_safe
def review_render_download(request, pk: int, render_pk: int) -> HttpResponse:
    review = get_object_or_404(FollowUpReview.objects.visible_to(request.user), pk=pk)
    job = get_object_or_404(
        ReportRender, review=review, pk=render_pk, state=ReportRender.State.READY
    )
    return pdf_response(bytes(job.pdf), job.filename, published=False)


class ReviewEditView(View):
    """Create a follow-up review, or edit a draft's texts and the audits it covers."""

    template_name = "reviews/review_form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if "pk" in kwargs:
            self.review = allowed_object(
                request,
                FollowUpReview.objects.select_related("organisation"),
                "reviews.change_followupreview",
                pk=kwargs["pk"],
            )
            self.organisation = self.review.organisation
        else:
            self.organisation = organisation_for_new(request, "reviews.add_followupreview")
            self.review = FollowUpReview(organisation=self.organisation)
        self.candidates = follow_up_candidates(self.organisation, review=self.review)
        self.locking = [self.review] if self.review.is_published else []
        self.previous = (
            None
            if self.review.pk
            else FollowUpReview.objects.filter(organisation=self.organisation)
            .select_related("firm")
            .order_by("-year", "-pk")
            .first()
        )

    def forms(self, data=None):
        review_initial = {}
        if self.review.pk:
            chapters = dict(self.review.reviewed_audits.values_list("audit_id", "position"))
        else:
            # The next review starts from the last: its year on, its firm, and the audits
            # with open recommendations chosen in the order proposed.
            opened = [c.audit.pk for c in self.candidates if c.open_count]
            chapters = {audit: number for number, audit in enumerate(opened, start=1)}
            if self.previous is not None:
                review_initial = next_review_initial(self.previous)
        initial = [
            {
                "audit": c.audit.pk,
                "include": c.audit.pk in chapters,
                "chapter": chapters.get(c.audit.pk),
            }
            for c in self.candidates
        ]
        return (
            ReviewForm(
                data,
                instance=self.review,
                organisation=self.organisation,
                initial=review_initial,
            ),
            AuditChoiceFormSet(
                data,
                initial=initial,
                prefix="audit",
                form_kwargs={"candidates": {c.audit.pk: c for c in self.candidates}},
            ),
        )

    def get(self, request, *args, **kwargs):
        return self.render(*self.forms())

    def post(self, request, *args, **kwargs):
        form, choices = self.forms(request.POST)
        if self.locking:
            return self.render(form, choices, status=409, refused=True)
        if not (form.is_valid() and choices.is_valid()):
            return self.render(form, choices, status=400)
        try:
            review = review_save(
                review=form.save(commit=False),
                version=form.cleaned_data["version"],
                audits=choices.chosen_audits(),
                new_firm=form.new_firm_name,
            )
        except ValidationError as error:
            if not hold_on_form(form, error):
                choices._non_form_errors = choices.error_class(error.messages)
            return self.render(form, choices, status=400)
        except ReviewLocked as error:  # published meanwhile
            self.locking = error.reviews
            return self.render(form, choices, status=409, refused=True)
        except EditConflict:
            messages.error(
                request,
                _(
                    "Nothing was saved: someone else changed this review while you were "
                    "editing. Your input is kept below; reload the page to see their version."
                ),
            )
            return self.render(form, choices, status=409)
        messages.success(request, _("Saved."))
        return redirect("reviews:review-summary", pk=review.pk)

    def render(self, form, choices, status=200, refused=False):
        if self.locking and not refused:  # a refused save keeps the typed text on screen
            disable(form, *choices.forms)
        context = {
            "form": form,
            "choices": choices,
            "review": self.review,
            "organisation": self.organisation,
            "locking_reviews": self.locking,
            "refused": refused,
            "previous": self.previous,
        }
        return render(self.request, self.template_name, context, status=status)


class ReportPartsView(View):
    """The report's sections before and after the chapters, its contact persons and its
    signatures, edited together while the review is a draft."""

    template_name = "reviews/report_parts_form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.review = allowed_object(
            request, FollowUpReview.objects, "reviews.change_followupreview", pk=kwargs["pk"]
        )

    def get(self, request, *args, **kwargs):
        return self.render(report_parts_formsets(review=self.review))

    def post(self, request, *args, **kwargs):
        formsets = report_parts_formsets(request.POST, review=self.review)
        if self.review.is_published:
            return self.render(formsets, status=409, locked_refusal=True)
        if not all(formset.is_valid() for formset in formsets.values()):
            return self.render(formsets, status=400)
        rows = {
            name: [
                {key: value for key, value in form.cleaned_data.items() if key != "DELETE"}
                for form in formset.forms  # a blank row has no cleaned data
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            ]
            for name, formset in formsets.items()
        }
        try:
            report_parts_save(review=self.review, **rows)
        except ReviewLocked:
            return self.render(formsets, status=409, locked_refusal=True)
        except ValidationError as error:
            return self.render(formsets, status=400, refusal=error)
        messages.success(request, _("Saved."))
        return redirect("reviews:review-summary", pk=self.review.pk)

    def render(self, formsets, *, status=200, locked_refusal=False, refusal=None):
        return render(
            self.request,
            self.template_name,
            {
                "review": self.review,
                **formsets,
                "locked_refusal": locked_refusal,
                "refusal": refusal,
            },
            status=status,
        )
