"""Audits, their recommendations (in the groups reports print them under), and what
boards answered."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.search import search_vector_field
from core.validators import TEXT_VALIDATORS, YEAR_VALIDATORS
from core.wording import genitive, joined
from organisations.models import Board, BoardKind, Firm, Organisation

from ..choices import Stance, Status
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
    # Empty when the firm that carried out an old audit is not known.
    firm = models.ForeignKey(
        Firm,
        on_delete=models.PROTECT,
        related_name="audits",
        verbose_name=_("audit firm"),
        null=True,
        blank=True,
    )
    purpose = models.TextField(_("purpose"), validators=TEXT_VALIDATORS, blank=True)
    conclusion = models.TextField(_("overall conclusion"), validators=TEXT_VALIDATORS, blank=True)
    boards = models.ManyToManyField(
        Board, blank=True, related_name="audits", verbose_name=_("boards covered")
    )
    all_boards = models.BooleanField(
        _("covers all boards"),
        default=False,
        help_text=_('For an audit of "samtliga nämnder" rather than a list of boards.'),
    )
    # Optimistic locking: a save states the version it started from (see services).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    search_vector = search_vector_field()
    history = HistoricalRecords(m2m_fields=["boards"], excluded_fields=["search_vector"])

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
    # Recommendations a follow-up review issued (see Recommendation.issued_by): printed as
    # that review's new recommendations, followed up like any other by the reviews after it.
    issued_by = models.ForeignKey(
        "reviews.FollowUpReview",
        on_delete=models.CASCADE,
        related_name="issued_groups",
        verbose_name=_("issued by the follow-up review"),
        null=True,
        blank=True,
    )
    search_vector = search_vector_field()
    history = HistoricalRecords(excluded_fields=["search_vector"])

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
        heading = recommendation_heading([r.number for r in self.recommendations.all()])
        if self.issued_by_id:  # numbered afresh: say whose numbers they are
            return f"{heading} ({self.issued_by.title})"
        return heading


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
    short_title = models.CharField(
        _("short heading"),
        max_length=200,
        blank=True,
        help_text=_('Used in the follow-up sections: "3. Säkerställ rutinen för attest".'),
    )
    text = models.TextField(_("recommendation"), validators=TEXT_VALIDATORS)
    addressed_to = models.ManyToManyField(
        Board, blank=True, related_name="recommendations", verbose_name=_("addressed to")
    )
    addressed_to_all_boards = models.BooleanField(
        _("addressed to all boards"),
        default=False,
        help_text=_('For recommendations "to all boards" (till samtliga nämnder).'),
    )
    # A recommendation a follow-up review issued ("Vi rekommenderar att kommunstyrelsen
    # fortsätter …"), numbered afresh within that review; empty for the audit's own.
    issued_by = models.ForeignKey(
        "reviews.FollowUpReview",
        on_delete=models.CASCADE,
        related_name="issued_recommendations",
        verbose_name=_("issued by the follow-up review"),
        null=True,
        blank=True,
    )
    continues = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="continued_by",
        verbose_name=_("continues"),
        help_text=_("The earlier recommendations this one carries on."),
    )
    # The status of its latest assessment ("" when never followed up, or not yet assessed
    # in the latest review), over every review and over published ones: what lists
    # show and filter, kept right by `RecommendationQuerySet.refresh_latest` whenever an
    # assessment or a review's state changes (reviews/signals.py), never computed per row.
    latest_status = models.CharField(
        _("latest status"), max_length=20, choices=Status, blank=True, default="", editable=False
    )
    latest_review = models.ForeignKey(
        "reviews.FollowUpReview",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("latest review"),
    )
    latest_published_status = models.CharField(
        _("latest published status"),
        max_length=20,
        choices=Status,
        blank=True,
        default="",
        editable=False,
    )
    latest_published_review = models.ForeignKey(
        "reviews.FollowUpReview",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("latest published review"),
    )
    # The date its latest board response promises it done by (None: none promised),
    # kept right by `RecommendationQuerySet.refresh_promised_dates` whenever a promised
    # date or a response changes (reviews/signals.py): the overdue rule filters on it.
    promised_date = models.DateField(
        _("planned completion date"), null=True, blank=True, editable=False
    )
    search_vector = search_vector_field()
    history = HistoricalRecords(
        m2m_fields=["addressed_to", "continues"],
        excluded_fields=[
            "promised_date",
            "search_vector",
            "latest_status",
            "latest_review",
            "latest_published_status",
            "latest_published_review",
        ],
    )

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["audit", "issued_by", "number"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            # The audit numbers its own; each review numbers those it issues afresh.
            models.UniqueConstraint(
                fields=["audit", "number"],
                condition=Q(issued_by__isnull=True),
                name="recommendation_number_unique",
            ),
            models.UniqueConstraint(
                fields=["audit", "issued_by", "number"],
                condition=Q(issued_by__isnull=False),
                name="issued_recommendation_number_unique",
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

    @property
    def addressees(self) -> str:
        """Whom it is addressed to: all boards, or its boards' names."""
        if self.addressed_to_all_boards:
            return str(_("all boards"))
        return ", ".join(board.name for board in self.addressed_to.all())

    @property
    def numbered_title(self) -> str:
        """ "3. Säkerställ rutinen för attest", or "Rekommendation 3" without a short
        heading: how the follow-up sections name a recommendation."""
        if self.short_title:
            return f"{self.number}. {self.short_title}"
        return self.label

    def clean(self):
        if self.group_id and self.audit_id and self.group.audit_id != self.audit_id:
            raise ValidationError({"group": _("The group belongs to another audit.")})
        if self.group_id and self.group.issued_by_id != self.issued_by_id:
            raise ValidationError(
                {"group": _("A group holds either the audit's recommendations or one review's.")}
            )


class SubRecommendation(models.Model):
    """A lettered part of a recommendation ("1. Kommunstyrelsen bör a. … b. …"), which a
    follow-up assesses on its own (see SubAssessment)."""

    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.CASCADE,
        related_name="parts",
        verbose_name=_("recommendation"),
    )
    letter = models.CharField(_("letter"), max_length=5)
    text = models.TextField(_("text"), validators=TEXT_VALIDATORS)
    history = HistoricalRecords()

    class Meta:
        ordering = ["recommendation", "pk"]
        verbose_name = _("part of a recommendation")
        verbose_name_plural = _("parts of recommendations")
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "letter"], name="part_letter_unique"),
        ]

    def __str__(self):
        return f"{self.recommendation}, {self.letter}."


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
    decision_date = models.DateField(_("date of the board's decision"), null=True, blank=True)
    decision_reference = models.CharField(
        _("reference of the decision"),
        max_length=100,
        blank=True,
        help_text=_('For example "§ 45, dnr KS 2019/123".'),
    )
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

    @property
    def named_heading(self) -> str:
        """ "Kultur- och fritidsnämndens svar 2019", "Tekniska nämndens och miljönämndens
        svar 2019": the boards' own names, as some reports write."""
        boards = sorted(self.boards.all(), key=lambda board: board.pk)  # as declared
        names = [genitive(board.name) for board in boards]
        return _("%(boards)s response %(year)s") % {"boards": joined(names), "year": self.year}
