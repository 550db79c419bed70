"""Audits, their recommendations (in the groups reports print them under), and what
boards answered."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.validators import TEXT_VALIDATORS, YEAR_VALIDATORS
from organisations.models import Board, BoardKind, Firm, Organisation

from ..choices import Stance
from ..querysets import AuditQuerySet, BoardResponseQuerySet, RecommendationQuerySet


class Audit(models.Model):
    """An in-depth audit (granskning) carried out in a given year."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="audits",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("title"), max_length=300)
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    firm = models.ForeignKey(
        Firm, on_delete=models.PROTECT, related_name="audits", verbose_name=_("audit firm")
    )
    purpose = models.TextField(_("purpose"), validators=TEXT_VALIDATORS, blank=True)
    conclusion = models.TextField(_("overall conclusion"), validators=TEXT_VALIDATORS, blank=True)
    boards = models.ManyToManyField(
        Board, blank=True, related_name="audits", verbose_name=_("boards covered")
    )
    # Optimistic locking: a save states the version it started from (see services).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords(m2m_fields=["boards"])

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "-year", "title"]
        verbose_name = _("audit")
        verbose_name_plural = _("audits")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "title", "year"], name="audit_title_year_unique"
            ),
            models.CheckConstraint(condition=Q(year__gte=1900), name="audit_year_plausible"),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """How reports name an audit: "Granskning av cybersäkerhet (2022)"."""
        return f"{self.title} ({self.year})"


class RecommendationGroup(models.Model):
    """Recommendations that a report prints under one heading with shared observations.

    A recommendation printed on its own is a group of one.
    """

    audit = models.ForeignKey(
        Audit, on_delete=models.CASCADE, related_name="groups", verbose_name=_("audit")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(
        _("heading"),
        max_length=300,
        blank=True,
        help_text=_('Leave empty to use "Recommendation 1", "Recommendation 3 & 4", ...'),
    )
    observations = models.TextField(_("observations"), validators=TEXT_VALIDATORS, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["audit", "position"]
        verbose_name = _("recommendation group")
        verbose_name_plural = _("recommendation groups")
        constraints = [
            models.UniqueConstraint(fields=["audit", "position"], name="group_position_unique"),
        ]

    def __str__(self):
        return f"{self.audit.title}: {self.heading}"

    @property
    def heading(self) -> str:
        if self.title:
            return self.title
        return recommendation_heading([r.number for r in self.recommendations.all()])


def recommendation_heading(numbers: list[int]) -> str:
    """ "Rekommendation 1", "Rekommendation 3 & 4", "Rekommendation 1-5", as reports print."""
    numbers = sorted(numbers)
    if not numbers:
        return str(_("Recommendation"))
    if len(numbers) == 1:
        label = str(numbers[0])
    elif len(numbers) == 2:
        label = f"{numbers[0]} & {numbers[1]}"
    elif numbers == list(range(numbers[0], numbers[-1] + 1)):
        label = f"{numbers[0]}-{numbers[-1]}"
    else:
        label = ", ".join(str(n) for n in numbers)
    return _("Recommendation %(numbers)s") % {"numbers": label}


class Recommendation(models.Model):
    audit = models.ForeignKey(
        Audit, on_delete=models.CASCADE, related_name="recommendations", verbose_name=_("audit")
    )
    group = models.ForeignKey(
        RecommendationGroup,
        on_delete=models.CASCADE,
        related_name="recommendations",
        verbose_name=_("group"),
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    text = models.TextField(_("recommendation"), validators=TEXT_VALIDATORS)
    addressed_to = models.ManyToManyField(
        Board, blank=True, related_name="recommendations", verbose_name=_("addressed to")
    )
    addressed_to_all_boards = models.BooleanField(
        _("addressed to all boards"),
        default=False,
        help_text=_('For recommendations "to all boards" (till samtliga nämnder).'),
    )
    history = HistoricalRecords(m2m_fields=["addressed_to"])

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["audit", "number"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.UniqueConstraint(
                fields=["audit", "number"], name="recommendation_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="recommendation_number_positive"
            ),
        ]

    def __str__(self):
        return f"{self.audit.title}: {self.label}"

    @property
    def label(self) -> str:
        return recommendation_heading([self.number])

    def clean(self):
        if self.group_id and self.audit_id and self.group.audit_id != self.audit_id:
            raise ValidationError({"group": _("The group belongs to another audit.")})


class BoardResponse(models.Model):
    """What one or more boards answered (nämndens/styrelsens svar) to recommendations."""

    audit = models.ForeignKey(
        Audit, on_delete=models.CASCADE, related_name="responses", verbose_name=_("audit")
    )
    boards = models.ManyToManyField(Board, related_name="responses", verbose_name=_("boards"))
    recommendations = models.ManyToManyField(
        Recommendation, related_name="responses", verbose_name=_("recommendations")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    stance = models.CharField(_("stance"), max_length=20, choices=Stance, default=Stance.NOT_STATED)
    text = models.TextField(_("response"), validators=TEXT_VALIDATORS)
    # A review published before a response was recorded does not print it (see
    # FollowUpReview.prints_response). Empty for responses recorded before this was kept.
    created_at = models.DateTimeField(
        _("recorded at"), default=timezone.now, null=True, editable=False
    )
    # Optimistic locking: a save states the version it started from (see services).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords(m2m_fields=["boards", "recommendations"])

    objects = BoardResponseQuerySet.as_manager()

    class Meta:
        ordering = ["audit", "year", "pk"]
        verbose_name = _("board response")
        verbose_name_plural = _("board responses")
        constraints = [
            models.CheckConstraint(
                condition=Q(stance__in=Stance.values), name="response_stance_valid"
            ),
        ]

    def __str__(self):
        return _("Response %(year)s to %(audit)s") % {"year": self.year, "audit": self.audit.title}

    @property
    def heading(self) -> str:
        """ "Nämndens svar 2022", "Styrelsens och nämndernas svar 2023", as reports write."""
        kinds = [board.kind for board in self.boards.all()]
        executives = kinds.count(BoardKind.EXECUTIVE)
        committees = len(kinds) - executives
        if executives and committees:
            who = _("The executive board's and the committees' response")
        elif executives:
            who = _("The executive board's response")
        elif committees > 1:
            who = _("The committees' response")
        else:
            who = _("The committee's response")
        return f"{who} {self.year}"
