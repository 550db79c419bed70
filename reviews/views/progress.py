"""Pages for what boards say between reviews: the dates a response promises, and the
boards' progress notes."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_safe

from core.versioning import EditConflict
from organisations.access import allowed_object
from organisations.models import Board
from organisations.scope import scope_of

from ..forms import BoardUpdateForm, PromisedDateForm
from ..models import BoardResponse, BoardUpdate, PromisedDate, Recommendation, ReminderSent
from ..reminders import reminder_digests, respondents_without_email
from ..services import (
    DateChange,
    board_update_add,
    period_of,
    promised_dates_save,
    reminder_message,
)


class PromisedDatesView(View):
    """The planned completion date of each recommendation a response covers; a change
    asks why, and the page shows every earlier date with its reason."""

    template_name = "reviews/promised_dates.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.response = allowed_object(
            request,
            BoardResponse.objects.select_related("audit__organisation"),
            "reviews.change_promiseddate",
            pk=kwargs["pk"],
        )
        recommendations = self.response.recommendations.order_by("number")
        # Board respondents date their boards' recommendations only (as they answer them).
        if not request.user.has_perm("reviews.change_audit", self.response.audit):
            recommendations = recommendations.answerable_by(scope_of(request.user).boards)
        self.recommendations = list(recommendations)

    def forms(self, data=None) -> list[PromisedDateForm]:
        stored = {p.recommendation_id: p for p in self.response.promised_dates.all()}
        return [
            PromisedDateForm(data, recommendation=r, promise=stored.get(r.pk))
            for r in self.recommendations
        ]

    def get(self, request, *args, **kwargs):
        return self.render(self.forms())

    def post(self, request, *args, **kwargs):
        forms = self.forms(request.POST)
        if not all([form.is_valid() for form in forms]):
            return self.render(forms, status=400)
        changes = [
            DateChange(
                recommendation=form.recommendation,
                date=form.cleaned_data["date"],
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
            )
            for form in forms
        ]
        try:
            changed = promised_dates_save(response=self.response, changes=changes)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self.render(forms, status=400)
        except EditConflict:
            messages.error(
                request,
                _(
                    "Nothing was saved: someone else changed these dates while you were "
                    "editing. Your input is kept below; reload the page to see theirs."
                ),
            )
            return self.render(forms, status=409)
        messages.success(
            request, _("Saved.") if changed else _("Nothing changed: the dates are as they were.")
        )
        return redirect("reviews:promised-dates", pk=self.response.pk)

    def render(self, forms, status=200):
        revisions = PromisedDate.revisions(response=self.response)
        rows = [(form, revisions.get(form.recommendation.pk, [])) for form in forms]
        context = {
            "response": self.response,
            "audit": self.response.audit,
            "rows": rows,
            "has_errors": any(form.errors for form in forms),
        }
        return render(self.request, self.template_name, context, status=status)


class BoardUpdateView(View):
    """A board's progress note on one of its recommendations."""

    template_name = "reviews/board_update_form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.recommendation = allowed_object(
            request,
            Recommendation.objects.select_related("audit__organisation"),
            "reviews.add_boardupdate",
            pk=kwargs["pk"],
        )
        self.boards = update_boards(request.user, self.recommendation)

    def get(self, request, *args, **kwargs):
        return self.render(self.form())

    def form(self, data=None) -> BoardUpdateForm:
        update = BoardUpdate(recommendation=self.recommendation)
        return BoardUpdateForm(data, instance=update, boards=self.boards)

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        try:
            board_update_add(update=form.save(commit=False), user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
            return self.render(form, status=400)
        messages.success(request, _("Saved."))
        return redirect("reviews:recommendation-detail", pk=self.recommendation.pk)

    def render(self, form, status=200):
        context = {"form": form, "recommendation": self.recommendation}
        return render(self.request, self.template_name, context, status=status)


def update_boards(user, recommendation: Recommendation):
    """The boards `user` writes progress notes for on `recommendation`: those answering
    for it today (a renamed board's successor) that are theirs."""
    addressed = Board.objects.filter(organisation=recommendation.audit.organisation_id)
    if not recommendation.addressed_to_all_boards:
        answering = {
            current.pk
            for board in recommendation.addressed_to.prefetch_related("successors")
            for current in board.current_boards()
        }
        addressed = addressed.filter(pk__in=answering)
    scope = scope_of(user)
    if not scope.everything:
        addressed = addressed.filter(pk__in=scope.boards)
    return addressed.order_by("name")


@require_safe
def reminder_preview_view(request):
    """For administrators: what the reminders would mail today, and what was sent."""
    if not request.user.is_staff:
        raise PermissionDenied
    today = timezone.localdate()
    sent = {r.user_id: r for r in ReminderSent.objects.filter(period=period_of(today))}
    previews = [
        (digest, reminder_message(digest), sent.get(digest.user.pk))
        for digest in reminder_digests(today=today)
    ]
    log = ReminderSent.objects.select_related("user")[:50]
    context = {
        "today": today,
        "previews": previews,
        "log": log,
        "without_email": respondents_without_email(),
    }
    return render(request, "reviews/reminder_preview.html", context)
