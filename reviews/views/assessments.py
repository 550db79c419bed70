"""The assessment screen: one audit in one review, every recommendation, saved together."""

import re
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from core.forms import FormTampered
from core.versioning import EditConflict
from core.views import disable, show_refusal
from organisations.access import allowed_object

from ..forms import (
    AssessmentFormSetFactory,
    FollowUpForm,
    IssuedRecommendationForm,
    ReopenForm,
    SharedFindingsForm,
)
from ..models import (
    Assessment,
    BoardUpdate,
    FollowUpReview,
    Recommendation,
    ReviewedAudit,
    Status,
)
from ..outline import Block, blocks_of
from ..services import (
    ReviewLocked,
    assessments_save,
    issued_recommendation_delete,
    issued_recommendation_save,
    review_publish,
    review_reopen,
)


@dataclass
class JumpList:
    rows: list[tuple]  # (recommendation, assessed)
    assessed: int
    total: int


# Where a save may return to: a group's heading or the overall assessment.
RETURN_PLACE = re.compile(r"group-\d{1,12}|overall-heading")


class AssessmentScreenView(View):
    """One audit in one review. In a repeat follow-up each recommendation shows what the
    earlier reviews found, a list beside jumps to each and counts those assessed, and a
    save returns to where it was pressed."""

    template_name = "reviews/assessment_screen.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.reviewed = get_object_or_404(
            ReviewedAudit.objects.for_assessment_screen().visible_to(request.user),
            # `review__pk`, not `review_id`: Django answers an id beyond the column's range
            # with no rows there, but passes it on to the database for a foreign key
            # (SQLite: OverflowError).
            review__pk=kwargs["pk"],
            audit__pk=kwargs["audit_pk"],
        )
        self.review = self.reviewed.review
        self.may_change = request.user.has_perm("reviews.change_followupreview", self.review)
        self.shared = {
            g.group_id: g.text
            for g in self.review.group_findings.filter(group__audit=self.reviewed.audit_id)
        }

    def get(self, request, *args, **kwargs):
        return self.render(self.forms(data=None))

    def post(self, request, *args, **kwargs):
        if not self.may_change:
            raise PermissionDenied
        forms = self.forms(data=request.POST)
        try:
            forms["assessments"].check_rows()
        except FormTampered:
            return self.render(self.forms(data=None), status=400, tampered=True)
        if self.review.is_frozen:
            return self.render(forms, status=409, locked_refusal=True)
        if not all(form.is_valid() for form in forms.values()):
            return self.render(forms, status=400)
        try:
            assessments_save(
                review=self.review,
                assessments=forms["assessments"].changed_assessments(),
                details=forms["assessments"].changed_details(),
                **self.follow_up_changes(forms),
            )
        except ReviewLocked:
            return self.render(forms, status=409, locked_refusal=True)
        except EditConflict as error:
            return self.render(self.forms_after_conflict(error), status=409)
        messages.success(request, _("Saved."))
        # Back to the part of the page whose Save was pressed, not to the top.
        place = request.POST.get("return_to", "")
        return redirect(request.path + (f"#{place}" if RETURN_PLACE.fullmatch(place) else ""))

    def forms(self, data) -> dict:
        forms = {
            "assessments": AssessmentFormSetFactory(
                data,
                queryset=Assessment.objects.filter(
                    review=self.review, recommendation__audit=self.reviewed.audit_id
                )
                .select_related("recommendation")
                .prefetch_related(
                    "recommendation__addressed_to",
                    "recommendation__parts",
                    "board_findings__boards",
                    "board_statuses",
                    "part_assessments",
                )
                .order_by("recommendation__number"),
                prefix="assessment",
            ),
            "follow_up": FollowUpForm(data, instance=self.reviewed, prefix="follow-up"),
        }
        for group in self.groups():
            forms[f"group-{group.pk}"] = SharedFindingsForm(
                data, initial={"text": self.shared.get(group.pk, "")}, prefix=f"group-{group.pk}"
            )
        return forms

    def board_updates(self) -> dict[int, list[BoardUpdate]]:
        """The boards' progress notes on each of the audit's recommendations, newest
        first (one query): the boards' word beside the auditor's input."""
        updates: dict[int, list[BoardUpdate]] = {}
        for update in BoardUpdate.objects.filter(
            recommendation__audit=self.reviewed.audit_id
        ).select_related("board", "written_by"):
            updates.setdefault(update.recommendation_id, []).append(update)
        return updates

    @staticmethod
    def follow_up_changes(forms) -> dict:
        shared = {
            int(name.removeprefix("group-")): form.cleaned_data["text"]
            for name, form in forms.items()
            if name.startswith("group-") and form.has_changed()
        }
        if not forms["follow_up"].has_changed() and not shared:
            return {}
        return {"follow_up": forms["follow_up"].edit(), "shared_findings": shared}

    def forms_after_conflict(self, error: EditConflict) -> dict:
        """The user's input again, now stating the stored versions, with the clashes shown:
        saving once more overwrites knowingly."""
        data = self.request.POST.copy()
        clashes = {(type(c.stored), c.stored.pk): c for c in error.conflicts}
        forms = self.forms(data=None)
        for form in forms["assessments"].forms:
            if conflict := clashes.get((Assessment, form.instance.pk)):
                data[f"{form.prefix}-version"] = conflict.stored.version
        if conflict := clashes.get((ReviewedAudit, self.reviewed.pk)):
            data["follow-up-version"] = conflict.stored.version
        forms = self.forms(data=data)
        for form in forms["assessments"].forms:
            form.conflict = clashes.get((Assessment, form.instance.pk))
        forms["follow_up"].conflict = clashes.get((ReviewedAudit, self.reviewed.pk))
        for form in forms.values():
            form.is_valid()
        return forms

    def render(self, forms, *, status=200, locked_refusal=False, tampered=False):
        # Read-only when published, except right after a refused save: the typed text stays.
        if (self.review.is_frozen and not locked_refusal) or not self.may_change:
            disable(*self.all_forms(forms))
        earlier = self.earlier_assessments()
        updates = self.board_updates()
        for form in forms["assessments"].forms:
            form.earlier = earlier.get(form.instance.recommendation_id, [])
            form.board_updates = updates.get(form.instance.recommendation_id, [])
        return render(
            self.request,
            self.template_name,
            {
                "review": self.review,
                "reviewed": self.reviewed,
                "audit": self.reviewed.audit,
                "sections": self.sections(forms),
                "progress": self.progress(forms["assessments"]),
                "formset": forms["assessments"],
                "follow_up_form": forms["follow_up"],
                "conflicts": any(getattr(f, "conflict", None) for f in self.all_forms(forms)),
                "locked_refusal": locked_refusal,
                "tampered": tampered,
                "may_change": self.may_change,
            },
            status=status,
        )

    def earlier_assessments(self) -> dict[int, list[Assessment]]:
        """What the reviews before this one found of each of the audit's recommendations,
        newest first (one query)."""
        earlier: dict[int, list[Assessment]] = {}
        for assessment in Assessment.objects.earlier_than(self.review).filter(
            recommendation__audit=self.reviewed.audit_id
        ):
            earlier.setdefault(assessment.recommendation_id, []).append(assessment)
        return earlier

    @staticmethod
    def progress(formset) -> "JumpList":
        """The jump list: each recommendation assessed here and whether it has a status
        yet, in number order (as stored: a status typed but not saved does not count)."""
        rows = [
            (form.instance.recommendation, form.instance.status != Status.NOT_ASSESSED)
            for form in formset.forms
        ]
        return JumpList(rows=rows, assessed=sum(done for _rec, done in rows), total=len(rows))

    @staticmethod
    def all_forms(forms):
        return [*forms["assessments"].forms, *(f for n, f in forms.items() if n != "assessments")]

    def sections(self, forms) -> list[Block]:
        """The report's blocks, each recommendation with its form, each group with the
        form of its shared findings."""
        audit = self.reviewed.audit
        return blocks_of(
            audit,
            review=self.review,
            responses=self.review.printed_responses(audit.responses.all()),
            by_recommendation={
                form.instance.recommendation_id: form for form in forms["assessments"].forms
            },
            shared={group.pk: forms[f"group-{group.pk}"] for group in self.groups()},
        )

    def groups(self) -> list:
        """The groups this review follows up: not those it issued, nor later reviews'."""
        return [
            block.group
            for block in blocks_of(self.reviewed.audit, review=self.review, responses=[])
            if not block.issued_here
        ]


class IssuedRecommendationView(View):
    """A new recommendation the review issues in one audit's chapter: written, changed or
    taken back while the review is a draft."""

    template_name = "reviews/issued_recommendation_form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # What is not there is a 404 before what may not be done is a 403.
        self.reviewed = get_object_or_404(
            ReviewedAudit.objects.select_related("review", "audit__organisation").visible_to(
                request.user
            ),
            review__pk=kwargs["pk"],
            audit__pk=kwargs["audit_pk"],
        )
        self.review = self.reviewed.review
        self.recommendation = (
            get_object_or_404(
                Recommendation,
                pk=kwargs["rec_pk"],
                issued_by=self.review,
                audit=self.reviewed.audit,
            )
            if "rec_pk" in kwargs
            else Recommendation()
        )
        if not request.user.has_perm("reviews.change_followupreview", self.review):
            raise PermissionDenied

    def form(self, data=None) -> IssuedRecommendationForm:
        return IssuedRecommendationForm(
            data, instance=self.recommendation, review=self.review, audit=self.reviewed.audit
        )

    def get(self, request, *args, **kwargs):
        return self.render(self.form())

    def post(self, request, *args, **kwargs):
        screen = reverse("reviews:assessment-screen", args=[self.review.pk, self.reviewed.audit_id])
        if self.review.is_frozen:
            return self.render(self.form(request.POST), status=409, locked_refusal=True)
        if "delete" in request.POST and self.recommendation.pk:
            try:
                issued_recommendation_delete(review=self.review, recommendation=self.recommendation)
            except ReviewLocked:
                return self.render(self.form(request.POST), status=409, locked_refusal=True)
            messages.success(request, _("The new recommendation is taken back."))
            return redirect(screen + "#new-recommendations")
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        try:
            issued_recommendation_save(
                review=self.review,
                audit=self.reviewed.audit,
                recommendation=form.save(commit=False),
                addressed_to=list(form.cleaned_data["addressed_to"]),
                continues=list(form.cleaned_data["continues"]),
            )
        except ReviewLocked:
            return self.render(form, status=409, locked_refusal=True)
        except ValidationError as error:
            show_refusal(form, error)
            return self.render(form, status=400)
        messages.success(request, _("Saved."))
        return redirect(screen + "#new-recommendations")

    def render(self, form, *, status=200, locked_refusal=False):
        return render(
            self.request,
            self.template_name,
            {
                "review": self.review,
                "audit": self.reviewed.audit,
                "form": form,
                "recommendation": self.recommendation,
                "locked_refusal": locked_refusal,
            },
            status=status,
        )


def review_publish_view(request, pk: int):
    """GET: what publishing does, and the button that does it; POST: publish (the review
    counts as published once its PDF is rendered, see `services.rendering`)."""
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    review = allowed_object(
        request,
        FollowUpReview.objects.select_related("organisation"),
        "reviews.change_followupreview",
        pk=pk,
    )
    if request.method == "GET":
        unassessed = review.assessments.filter(status=Status.NOT_ASSESSED).count()
        return render(
            request, "reviews/review_publish.html", {"review": review, "unassessed": unassessed}
        )
    try:
        published = review_publish(review=review)
    except ReviewLocked:
        messages.info(request, _("The review is already published or being published."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if published.is_published:
            messages.success(request, _("The review is published and can no longer be changed."))
        else:
            messages.success(
                request,
                _(
                    "The review is being published: its PDF is being produced, and it counts "
                    "as published once the PDF exists."
                ),
            )
    return redirect("reviews:review-summary", pk=pk)


def review_reopen_view(request, pk: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    review = allowed_object(request, FollowUpReview.objects, "reviews.change_followupreview", pk=pk)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the review is reopened."))
        return redirect("reviews:review-summary", pk=pk)
    review_reopen(review=review, reason=form.cleaned_data["reason"])
    messages.success(request, _("The review is reopened as a draft."))
    return redirect("reviews:review-summary", pk=pk)
