"""Follow-up reviews: which audits they cover, the assessments, and the published PDF."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.validators import TEXT_VALIDATORS, YEAR_VALIDATORS
from organisations.models import Board, Firm, Organisation

from ..choices import ReviewState, Status, TrafficLight
from ..querysets import FollowUpReviewQuerySet, ReviewedAuditQuerySet
from .audits import Audit, Recommendation, RecommendationGroup


class FollowUpReview(models.Model):
    """A follow-up report (uppföljande granskning) covering a selection of audits."""

    State = ReviewState

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="reviews",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("title"), max_length=300)
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    firm = models.ForeignKey(
        Firm, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("audit firm")
    )
    purpose = models.TextField(_("purpose"), validators=TEXT_VALIDATORS, blank=True)
    method = models.TextField(_("method"), validators=TEXT_VALIDATORS, blank=True)
    summary = models.TextField(_("summary"), validators=TEXT_VALIDATORS, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State, default=State.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    audits = models.ManyToManyField(
        Audit, through="ReviewedAudit", related_name="reviews", verbose_name=_("audits")
    )
    # Optimistic locking: a save states the version it started from (see services).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    objects = FollowUpReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("follow-up review")
        verbose_name_plural = _("follow-up reviews")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "title"], name="review_title_unique"),
            models.CheckConstraint(
                condition=Q(state__in=ReviewState.values), name="review_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(state=ReviewState.DRAFT) | Q(published_at__isnull=False),
                name="review_published_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.title}, {self.organisation}"

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED

    def prints_response(self, response) -> bool:
        """A published review prints the board responses it had when it was published; a
        board's later answer belongs to the next follow-up (and leaves this one as it was)."""
        return (
            not self.is_published
            or response.created_at is None
            or response.created_at <= self.published_at
        )

    def printed_responses(self, responses) -> list:
        """Of an audit's responses (prefetched), those this review prints."""
        return [response for response in responses if self.prints_response(response)]


class ReviewedAudit(models.Model):
    """One audit inside one review, with the review's overall assessment of it."""

    review = models.ForeignKey(
        FollowUpReview,
        on_delete=models.CASCADE,
        related_name="reviewed_audits",
        verbose_name=_("follow-up review"),
    )
    audit = models.ForeignKey(
        Audit, on_delete=models.PROTECT, related_name="reviewed_in", verbose_name=_("audit")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    introduction = models.TextField(
        _("introduction"),
        validators=TEXT_VALIDATORS,
        blank=True,
        help_text=_("Scope of this follow-up, reorganisations, who answered."),
    )
    overall_assessment = models.TextField(
        _("overall assessment"), validators=TEXT_VALIDATORS, blank=True
    )
    colour = models.CharField(
        _("traffic light"), max_length=10, choices=TrafficLight, blank=True, default=""
    )
    # Optimistic locking: a save states the version it started from (see services).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    objects = ReviewedAuditQuerySet.as_manager()

    class Meta:
        ordering = ["review", "position"]
        verbose_name = _("reviewed audit")
        verbose_name_plural = _("reviewed audits")
        constraints = [
            models.UniqueConstraint(fields=["review", "audit"], name="reviewed_audit_unique"),
            models.UniqueConstraint(fields=["review", "position"], name="reviewed_audit_position"),
            models.CheckConstraint(
                condition=Q(colour__in=TrafficLight.values),
                name="reviewed_audit_colour_valid",
            ),
        ]

    def __str__(self):
        return f"{self.review.title}: {self.audit.label}"

    def clean(self):
        if (
            self.review_id
            and self.audit_id
            and self.review.organisation_id != self.audit.organisation_id
        ):
            raise ValidationError({"audit": _("The audit belongs to another organisation.")})


class Assessment(models.Model):
    """The follow-up of one recommendation in one review: findings and a status.

    An empty status means the recommendation is part of the review but not yet assessed.
    """

    review = models.ForeignKey(
        FollowUpReview,
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("follow-up review"),
    )
    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("recommendation"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, blank=True, default="")
    findings = models.TextField(_("findings"), validators=TEXT_VALIDATORS, blank=True)
    # Optimistic locking: a save states the version it started from (see services).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "recommendation__audit", "recommendation__number"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "recommendation"], name="assessment_once_per_review"
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values),
                name="assessment_status_valid",
            ),
        ]

    def __str__(self):
        return f"{self.recommendation}: {self.get_status_display()}"

    @classmethod
    def changes_of(cls, assessments) -> dict[int, list]:
        """Every recorded version of these assessments, newest first, in one query."""
        changes: dict[int, list] = {a.pk: [] for a in assessments}
        for record in cls.history.filter(id__in=changes).select_related("history_user"):
            changes[record.id].append(record)
        return changes

    def clean(self):
        if (
            self.review_id
            and self.recommendation_id
            and not self.review.reviewed_audits.filter(
                audit_id=self.recommendation.audit_id
            ).exists()
        ):
            raise ValidationError(
                {"recommendation": _("The review does not cover this recommendation's audit.")}
            )


class BoardFindings(models.Model):
    """Findings for one of several boards a recommendation was addressed to."""

    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.CASCADE,
        related_name="board_findings",
        verbose_name=_("assessment"),
    )
    board = models.ForeignKey(
        Board, on_delete=models.PROTECT, related_name="findings", verbose_name=_("board")
    )
    text = models.TextField(_("findings"), validators=TEXT_VALIDATORS)
    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "board__pk"]
        verbose_name = _("findings for a board")
        verbose_name_plural = _("findings per board")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "board"], name="board_findings_unique"),
        ]

    def __str__(self):
        return f"{self.assessment.recommendation}: {self.board}"


class GroupFindings(models.Model):
    """Follow-up text a review writes once for a whole group of recommendations."""

    review = models.ForeignKey(
        FollowUpReview,
        on_delete=models.CASCADE,
        related_name="group_findings",
        verbose_name=_("follow-up review"),
    )
    group = models.ForeignKey(
        RecommendationGroup,
        on_delete=models.CASCADE,
        related_name="shared_findings",
        verbose_name=_("recommendation group"),
    )
    text = models.TextField(_("shared findings"), validators=TEXT_VALIDATORS)
    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "group"]
        verbose_name = _("shared findings")
        verbose_name_plural = _("shared findings")
        constraints = [
            models.UniqueConstraint(fields=["review", "group"], name="group_findings_unique"),
        ]

    def __str__(self):
        return f"{self.review.title}: {self.group}"


class PublishedReport(models.Model):
    """The PDF of a published review, rendered once and kept: every later download is
    these bytes. Reopening and publishing again makes a new one (a new review version)."""

    review = models.ForeignKey(
        FollowUpReview,
        on_delete=models.CASCADE,
        related_name="published_reports",
        verbose_name=_("follow-up review"),
    )
    review_version = models.PositiveIntegerField(_("review version"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    filename = models.CharField(_("file name"), max_length=300)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    pdf = models.BinaryField(_("PDF"))

    class Meta:
        ordering = ["review", "-review_version"]
        verbose_name = _("published report")
        verbose_name_plural = _("published reports")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "review_version"], name="published_report_once_per_version"
            ),
        ]

    def __str__(self):
        return self.filename
