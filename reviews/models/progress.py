"""What happens to a recommendation between reviews, in the board's own words: the date
a board response promises it done by (and each later revision of that date, with its
reason), and the board's progress notes. Neither is an auditor's assessment: they never
change what a review counts or prints."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.validators import TEXT_VALIDATORS
from organisations.models import Board

from ..choices import BoardProgress, Status
from .audits import BoardResponse, Recommendation


def is_overdue(*, promised_date: date | None, published_status: str, today: date) -> bool:
    """The overdue rule for one recommendation (`RecommendationQuerySet.overdue` is the
    same rule for many): past the date promised, and not implemented in its latest
    assessment in a published review."""
    return (
        promised_date is not None
        and promised_date < today
        and published_status != Status.IMPLEMENTED
    )


class PromisedDate(models.Model):
    """When a board response says a recommendation will be done (planerat klart).

    The first date is the promise; a later change needs a reason, and the history keeps
    each version with its reason, who changed it and when. A recommendation's current
    date is its latest response's, stored as `Recommendation.promised_date`.
    """

    response = models.ForeignKey(
        BoardResponse,
        on_delete=models.CASCADE,
        related_name="promised_dates",
        verbose_name=_("board response"),
    )
    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.CASCADE,
        related_name="promised_dates",
        verbose_name=_("recommendation"),
    )
    date = models.DateField(_("planned completion date"))
    # Optimistic locking: a save states the version it started from (see services).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["recommendation", "response__year", "response"]
        verbose_name = _("planned completion date")
        verbose_name_plural = _("planned completion dates")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "recommendation"], name="promised_date_once_per_response"
            ),
        ]

    def __str__(self):
        return f"{self.recommendation.label}: {self.date:%Y-%m-%d}"

    @classmethod
    def revisions(cls, **lookup) -> dict[int, list]:
        """The dates each recommendation has had in the promises matching `lookup`
        (`response=…` or `recommendation__in=…`), oldest first: history rows with `date`
        (None once removed), `history_change_reason`, `history_user` and
        `history_date`, one per change of date. One query."""
        rows = cls.history.filter(**lookup).select_related("history_user", "response")
        found: dict[int, list] = {}
        for row in rows.order_by("history_date", "history_id"):
            if row.history_type == "-":
                row.date = None
            kept = found.setdefault(row.recommendation_id, [])
            if not kept or kept[-1].date != row.date or kept[-1].response_id != row.response_id:
                kept.append(row)
        return found


class BoardUpdate(models.Model):
    """A board's own progress note on an open recommendation, written at any time between
    reviews: where the work stands (planerad / pågår / genomförd) and by when."""

    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.CASCADE,
        related_name="board_updates",
        verbose_name=_("recommendation"),
    )
    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, related_name="updates", verbose_name=_("board")
    )
    progress = models.CharField(_("progress"), max_length=20, choices=BoardProgress)
    progress_date = models.DateField(
        _("date"),
        help_text=_("When it was done, or when it is planned to be done."),
    )
    note = models.TextField(_("progress note"), validators=TEXT_VALIDATORS)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("written by"),
    )
    written_at = models.DateTimeField(_("written at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["recommendation", "-written_at", "-pk"]
        verbose_name = _("board update")
        verbose_name_plural = _("board updates")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__in=BoardProgress.values),
                name="board_update_progress_valid",
            ),
        ]

    def __str__(self):
        return f"{self.board}: {self.get_progress_display()} ({self.progress_date:%Y-%m-%d})"


class ReminderSent(models.Model):
    """The log of reminders: one digest per person per period (a month), so that running
    the reminders again in the same month sends nothing twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("person"),
    )
    period = models.CharField(_("period"), max_length=7, help_text=_("The month, YYYY-MM."))
    email = models.EmailField(_("sent to"))
    recommendation_count = models.PositiveIntegerField(_("recommendations"))
    overdue_count = models.PositiveIntegerField(_("overdue"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["user", "period"], name="one_reminder_per_period"),
        ]

    def __str__(self):
        return f"{self.user} {self.period}"
