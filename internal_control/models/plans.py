"""The organisation's regulations for internal control, and a board's yearly plan: risk
areas, risks (with their value) and the controls that check them."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.validators import TEXT_VALIDATORS, YEAR_VALIDATORS
from organisations.models import Board, Organisation

from ..choices import RISK_VALUES, PlanState, ReportLayout, Severity, Timing
from ..querysets import ControlQuerySet, PlanQuerySet, RegulationQuerySet, RiskQuerySet

STEP_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Regulation(models.Model):
    """An organisation's regulations for internal control (reglemente), as far as the
    product needs them: the assessment scale every follow-up uses, and how the reports
    lay out their table."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="control_regulations",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=300)
    report_layout = models.CharField(
        _("report layout"), max_length=20, choices=ReportLayout, default=ReportLayout.BY_RISK
    )

    objects = RegulationQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = _("internal-control regulation")
        verbose_name_plural = _("internal-control regulations")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="regulation_name_unique"),
            models.CheckConstraint(
                condition=Q(report_layout__in=ReportLayout.values), name="regulation_layout_valid"
            ),
        ]

    def __str__(self):
        return self.name


class Level(models.Model):
    """One step of a regulation's assessment scale, in the regulation's own words."""

    regulation = models.ForeignKey(
        Regulation, on_delete=models.CASCADE, related_name="levels", verbose_name=_("regulation")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    label = models.CharField(_("label"), max_length=100)
    severity = models.CharField(_("severity"), max_length=20, choices=Severity)

    class Meta:
        ordering = ["regulation", "position"]
        verbose_name = _("assessment level")
        verbose_name_plural = _("assessment levels")
        constraints = [
            models.UniqueConstraint(fields=["regulation", "position"], name="level_position"),
            models.UniqueConstraint(fields=["regulation", "label"], name="level_label_unique"),
            models.CheckConstraint(
                condition=Q(severity__in=Severity.values), name="level_severity_valid"
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def is_assessment(self) -> bool:
        """False for "ingen bedömning gjord": an explicit answer, but not a judgement."""
        return self.severity != Severity.NOT_ASSESSED


class Plan(models.Model):
    """A board's internal-control plan for a year (internkontrollplan)."""

    State = PlanState

    board = models.ForeignKey(
        Board, on_delete=models.PROTECT, related_name="control_plans", verbose_name=_("board")
    )
    regulation = models.ForeignKey(
        Regulation, on_delete=models.PROTECT, related_name="plans", verbose_name=_("regulation")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    title = models.CharField(_("title"), max_length=300)
    prepared_on = models.DateField(_("dated"), null=True, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    minute_reference = models.CharField(
        _("minute reference"), max_length=50, blank=True, help_text=_("For example § 19.")
    )
    registration_number = models.CharField(_("registration number"), max_length=100, blank=True)
    introduction_heading = models.CharField(
        _("heading of the introduction"), max_length=300, blank=True
    )
    introduction = models.TextField(_("introduction"), validators=TEXT_VALIDATORS, blank=True)
    state = models.CharField(_("stage"), max_length=20, choices=PlanState, default=PlanState.DRAFT)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "board__name"]
        verbose_name = _("internal-control plan")
        verbose_name_plural = _("internal-control plans")
        constraints = [
            models.UniqueConstraint(fields=["board", "year"], name="plan_board_year_unique"),
            models.CheckConstraint(
                condition=Q(state__in=PlanState.values), name="plan_state_valid"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("internal_control:plan-detail", args=[self.pk])

    @property
    def organisation_id(self) -> int:
        return self.board.organisation_id

    @property
    def is_adopted(self) -> bool:
        return self.state == PlanState.ADOPTED

    def risks_without_value(self) -> list["Risk"]:
        return list(
            self.risks.filter(stated_value__isnull=True)
            .filter(Q(probability__isnull=True) | Q(consequence__isnull=True))
            .order_by("number")
        )

    def clean(self):
        super().clean()
        if (
            self.board_id
            and self.regulation_id
            and self.regulation.organisation_id != self.board.organisation_id
        ):
            raise ValidationError(
                {"regulation": _("The regulation must be the board's organisation's.")}
            )


class RiskArea(models.Model):
    """A heading of the plan (riskområde / kontrollområde) its risks are grouped under."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="areas", verbose_name=_("plan")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=300)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "position", "pk"]
        verbose_name = _("risk area")
        verbose_name_plural = _("risk areas")

    def __str__(self):
        return self.name


class Risk(models.Model):
    """A risk of the plan, scored for probability and consequence (1–5 each).

    A document that prints only the value (seed 004) records `stated_value` instead: it
    must be a product of two steps, and such a risk cannot be placed in the matrix."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="risks", verbose_name=_("plan")
    )
    area = models.ForeignKey(
        RiskArea, on_delete=models.CASCADE, related_name="risks", verbose_name=_("risk area")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    description = models.TextField(_("risk description"), validators=TEXT_VALIDATORS)
    existing_routines = models.TextField(
        _("existing routines"), validators=TEXT_VALIDATORS, blank=True
    )
    mandatory = models.BooleanField(
        _("mandatory"), default=False, help_text=_("Set centrally for every board.")
    )
    probability = models.PositiveSmallIntegerField(
        _("probability"), null=True, blank=True, validators=STEP_VALIDATORS
    )
    consequence = models.PositiveSmallIntegerField(
        _("consequence"), null=True, blank=True, validators=STEP_VALIDATORS
    )
    recommendations = models.ManyToManyField(
        "reviews.Recommendation",
        related_name="plan_risks",
        blank=True,
        verbose_name=_("from audit recommendations"),
        help_text=_("Recommendations of audits this risk takes into the plan."),
    )
    stated_value = models.PositiveSmallIntegerField(
        _("stated risk value"),
        null=True,
        blank=True,
        help_text=_("Only when the document gives the value without probability and consequence."),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    objects = RiskQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="risk_number_unique"),
            models.CheckConstraint(
                condition=Q(probability__isnull=True, consequence__isnull=True)
                | Q(
                    probability__gte=1,
                    probability__lte=5,
                    consequence__gte=1,
                    consequence__lte=5,
                    stated_value__isnull=True,
                ),
                name="risk_scores_valid",
            ),
            models.CheckConstraint(
                condition=Q(stated_value__isnull=True) | Q(stated_value__in=sorted(RISK_VALUES)),
                name="risk_stated_value_a_product",
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.description[:80]}"

    def get_absolute_url(self):
        return reverse("internal_control:plan-detail", args=[self.plan_id]) + f"#risk-{self.number}"

    @property
    def plan_label(self) -> str:
        return _("Risk %(number)s in %(plan)s") % {"number": self.number, "plan": self.plan}

    @property
    def value(self) -> int | None:
        """Probability × consequence, or the value the document stated; None if neither."""
        if self.probability and self.consequence:
            return self.probability * self.consequence
        return self.stated_value

    @property
    def in_matrix(self) -> bool:
        return bool(self.probability and self.consequence)

    def clean(self):
        super().clean()
        errors = {}
        if (self.probability is None) != (self.consequence is None):
            missing = "consequence" if self.consequence is None else "probability"
            errors[missing] = _("Give both probability and consequence, or neither.")
        if self.stated_value is not None:
            if self.probability is not None or self.consequence is not None:
                errors["stated_value"] = _(
                    "The value is computed from probability and consequence; leave it empty."
                )
            elif self.stated_value not in RISK_VALUES:
                errors["stated_value"] = stated_value_refusal(self.stated_value)
        if errors:
            raise ValidationError(errors)


def stated_value_refusal(value: int) -> str:
    return _(
        "%(value)s is not a risk value: it must be probability × consequence, two numbers "
        "from 1 to 5 (possible values: %(values)s)."
    ) % {"value": value, "values": ", ".join(str(v) for v in sorted(RISK_VALUES))}


class Control(models.Model):
    """A control (kontrollmoment) under a risk: what is checked, how, by whom, when."""

    risk = models.ForeignKey(
        Risk, on_delete=models.CASCADE, related_name="controls", verbose_name=_("risk")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    description = models.TextField(_("control"), validators=TEXT_VALIDATORS)
    method = models.TextField(_("control method"), validators=TEXT_VALIDATORS, blank=True)
    responsible = models.CharField(_("responsible"), max_length=300, blank=True)
    timing = models.CharField(
        _("when"), max_length=20, choices=Timing, default=Timing.NOT_STATED, blank=True
    )
    due_on = models.DateField(_("date"), null=True, blank=True)
    mandatory = models.BooleanField(
        _("mandatory"), default=False, help_text=_("Set centrally for every board.")
    )
    recommendations = models.ManyToManyField(
        "reviews.Recommendation",
        related_name="plan_controls",
        blank=True,
        verbose_name=_("from audit recommendations"),
        help_text=_("Recommendations of audits this control takes into the plan."),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    objects = ControlQuerySet.as_manager()

    class Meta:
        ordering = ["risk", "position", "pk"]
        verbose_name = _("control")
        verbose_name_plural = _("controls")
        constraints = [
            models.CheckConstraint(
                condition=Q(timing__in=Timing.values), name="control_timing_valid"
            ),
            models.CheckConstraint(
                condition=Q(timing=Timing.DATE, due_on__isnull=False)
                | (~Q(timing=Timing.DATE) & Q(due_on__isnull=True)),
                name="control_date_with_timing",
            ),
        ]

    def __str__(self):
        return self.description[:80]

    def get_absolute_url(self):
        return self.risk.get_absolute_url()

    @property
    def number(self) -> str:
        """How the documents number a control: its risk's number and its place, "3.1"."""
        return f"{self.risk.number}.{self.position}"

    @property
    def plan_label(self) -> str:
        return _("Control %(number)s.%(place)s in %(plan)s") % {
            "number": self.risk.number,
            "place": self.position,
            "plan": self.risk.plan,
        }

    def clean(self):
        super().clean()
        if self.timing == Timing.DATE and self.due_on is None:
            raise ValidationError({"due_on": _("Give the date, or choose another time.")})
        if self.timing != Timing.DATE:
            self.due_on = None
