"""The fixed sets of internal control. An organisation's assessment scale is data (its
regulations decide the words), but what each level means for counting is fixed here."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The risk matrix: probability and consequence on five-step scales, value = their product.
SCALE_STEPS = range(1, 6)
RISK_VALUES = frozenset(p * c for p in SCALE_STEPS for c in SCALE_STEPS)


class Severity(models.TextChoices):
    """What an assessment level says about the control, whatever the scale calls it."""

    NO_REMARKS = "none", _("no deficiencies")
    MINOR = "minor", _("minor deficiencies")
    SIGNIFICANT = "significant", _("significant deficiencies")
    NOT_ASSESSED = "not_assessed", _("no assessment made")


class ReportLayout(models.TextChoices):
    """How an organisation's follow-up reports lay out their table (the two seeds)."""

    BY_AREA = "by_area", _("Numbered risks grouped by area (one row per risk)")
    BY_RISK = "by_risk", _("Each risk with its controls (one row per control)")


class PlanState(models.TextChoices):
    DRAFT = "draft", _("draft")
    ADOPTED = "adopted", _("adopted")


class RoundState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")


class RoundKind(models.TextChoices):
    HALF_YEAR = "half_year", _("interim accounts (delår)")
    YEAR_END = "year_end", _("year-end accounts (årsbokslut)")
    OTHER = "other", _("other")


class Timing(models.TextChoices):
    """When a control is carried out."""

    NOT_STATED = "", _("not stated")
    FIRST_HALF = "first_half", _("first half of the year")
    SECOND_HALF = "second_half", _("second half of the year")
    WHOLE_YEAR = "whole_year", _("during the year")
    DATE = "date", _("by a date")
