"""Follow-up rounds of a plan: each control's assessment, result and actions."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.validators import TEXT_VALIDATORS

from ..choices import RoundKind, RoundState
from ..querysets import ActionQuerySet, FollowUpRoundQuerySet
from .memos import CoveringMemo
from .plans import Control, Level, Plan, Risk


class FollowUpRound(models.Model):
    """A follow-up of a plan reported to the board (after the interim accounts, at year
    end), usually with a covering memo."""

    State = RoundState

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("plan")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RoundKind, default=RoundKind.OTHER)
    title = models.CharField(_("title"), max_length=300)
    date = models.DateField(_("date"))
    introduction_heading = models.CharField(_("heading of the text"), max_length=300, blank=True)
    introduction = models.TextField(_("text"), validators=TEXT_VALIDATORS, blank=True)
    table_heading = models.CharField(_("heading of the table"), max_length=300, blank=True)
    state = models.CharField(
        _("stage"), max_length=20, choices=RoundState, default=RoundState.DRAFT
    )
    memo = models.OneToOneField(
        CoveringMemo,
        on_delete=models.PROTECT,
        related_name="round",
        null=True,
        blank=True,
        verbose_name=_("covering memo"),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    objects = FollowUpRoundQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "date", "pk"]
        verbose_name = _("follow-up round")
        verbose_name_plural = _("follow-up rounds")
        constraints = [
            models.UniqueConstraint(fields=["plan", "title"], name="round_title_unique"),
            models.CheckConstraint(
                condition=Q(state__in=RoundState.values), name="round_state_valid"
            ),
            models.CheckConstraint(condition=Q(kind__in=RoundKind.values), name="round_kind_valid"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("internal_control:round-detail", args=[self.pk])

    @property
    def is_submitted(self) -> bool:
        return self.state == RoundState.SUBMITTED

    def unassessed_controls(self) -> list[Control]:
        """The plan's controls without an assessment in this round, in plan order."""
        assessed = self.results.filter(level__isnull=False).values("control")
        return list(
            Control.objects.filter(risk__plan=self.plan_id)
            .exclude(pk__in=assessed)
            .select_related("risk")
            .order_by("risk__number", "position", "pk")
        )


class ControlFollowUp(models.Model):
    """One control in one round: the assessment, the result, and (below) the actions."""

    round = models.ForeignKey(
        FollowUpRound, on_delete=models.CASCADE, related_name="results", verbose_name=_("round")
    )
    control = models.ForeignKey(
        Control, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("control")
    )
    level = models.ForeignKey(
        Level,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("assessment"),
    )
    result = models.TextField(_("result"), validators=TEXT_VALIDATORS, blank=True)
    control_wording = models.TextField(
        _("control as this report words it"),
        validators=TEXT_VALIDATORS,
        blank=True,
        help_text=_("Leave empty to print the plan's wording."),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "control__risk__number", "control__position", "control__pk"]
        verbose_name = _("control follow-up")
        verbose_name_plural = _("control follow-ups")
        constraints = [
            models.UniqueConstraint(fields=["round", "control"], name="control_follow_up_unique")
        ]

    def __str__(self):
        return f"{self.round}: {self.control}"

    @property
    def wording(self) -> str:
        return self.control_wording or self.control.description


class RiskWording(models.Model):
    """A risk as one report words it, when that differs from the plan (seed 004 does)."""

    round = models.ForeignKey(FollowUpRound, on_delete=models.CASCADE, related_name="risk_wordings")
    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="wordings")
    text = models.TextField(_("risk as this report words it"), validators=TEXT_VALIDATORS)

    class Meta:
        verbose_name = _("risk wording")
        verbose_name_plural = _("risk wordings")
        constraints = [
            models.UniqueConstraint(fields=["round", "risk"], name="risk_wording_unique")
        ]

    def __str__(self):
        return self.text[:80]


class Action(models.Model):
    """What will be done after a control's follow-up (åtgärd med slutdatum)."""

    follow_up = models.ForeignKey(
        ControlFollowUp,
        on_delete=models.CASCADE,
        related_name="actions",
        verbose_name=_("control follow-up"),
    )
    position = models.PositiveSmallIntegerField(_("position"))
    description = models.TextField(_("action"), validators=TEXT_VALIDATORS)
    responsible = models.CharField(_("responsible"), max_length=300, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["follow_up", "position", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self):
        return self.description[:80]
