"""Follow-up reviews: which audits they cover, the assessments, and the published PDF."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.validators import TEXT_VALIDATORS, YEAR_VALIDATORS
from core.wording import joined
from organisations.models import Board, Firm, Organisation

from ..choices import (
    ChapterLayout,
    ReviewState,
    Status,
    TrafficLight,
    derived_status,
)
from ..querysets import AssessmentQuerySet, FollowUpReviewQuerySet, ReviewedAuditQuerySet
from .audits import Audit, Recommendation, RecommendationGroup, SubRecommendation

GRADE_MAX_LENGTH = 100


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
    state = models.CharField(_("stage"), max_length=20, choices=State, default=State.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    audits = models.ManyToManyField(
        Audit, through="ReviewedAudit", related_name="reviews", verbose_name=_("audits")
    )

    # How the report is written: firms differ, and a report is entered as it was written.
    report_date = models.DateField(
        _("date of the report"),
        null=True,
        blank=True,
        help_text=_("Printed on the cover. Empty: the date it is published."),
    )
    layout = models.CharField(
        _("chapter layout"),
        max_length=20,
        choices=ChapterLayout,
        default=ChapterLayout.BY_RECOMMENDATION,
    )
    responses_title = models.CharField(
        _("title of the responses section"),
        max_length=100,
        blank=True,
        help_text=_('For example "Nämndernas svar" (in board-by-board chapters). Empty: "Svar".'),
    )
    findings_title = models.CharField(
        _("title of the follow-up section"),
        max_length=100,
        blank=True,
        help_text=_('For example "Uppföljande iakttagelser". Empty: "Uppföljning" and the year.'),
    )
    assessment_title = models.CharField(
        _("title of the assessment section"),
        max_length=100,
        blank=True,
        help_text=_('For example "Bedömning". Empty: "Sammantagen bedömning".'),
    )
    chapter_prefix = models.CharField(
        _("chapter number prefix"),
        max_length=20,
        blank=True,
        help_text=_('"3." numbers the chapters 3.1, 3.2, …'),
    )
    first_chapter = models.PositiveSmallIntegerField(
        _("number of the first chapter"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
        help_text=_("2 when the chapters follow an introduction numbered 1."),
    )
    grading_scale = models.TextField(
        _("grading scale"),
        blank=True,
        max_length=1000,
        help_text=_(
            'The firm\'s grades of an audit, best first, one per line ("i allt väsentligt", '
            '"till stor del", …). Empty: no grades.'
        ),
    )
    grade_in_summary = models.BooleanField(_("grade column in the summary table"), default=False)
    prints_status_table = models.BooleanField(
        _("print the status table"),
        default=True,
        help_text=_("Some reports have none; the pages show it anyway."),
    )
    names_boards_in_responses = models.BooleanField(
        _("name the boards in response headings"),
        default=False,
        help_text=_('"Kultur- och fritidsnämndens svar 2019" rather than "Nämndens svar 2019".'),
    )
    audit_years_in_list = models.BooleanField(
        _("print each audit's year in the list of audits"), default=False
    )
    recommendations_lead_in = models.CharField(
        _("sentence before a list of recommendations"),
        max_length=300,
        blank=True,
        help_text=_('For example "Vi lämnar följande rekommendationer till nämnden:".'),
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
    def grades(self) -> list[str]:
        """The grading scale's words, best first."""
        return [line.strip() for line in self.grading_scale.splitlines() if line.strip()]

    def chapter_label(self, index: int) -> str:
        """The number of the index-th chapter (0-based): "1", "3", "3.1"."""
        return f"{self.chapter_prefix}{self.first_chapter + index}"

    def clean(self):
        grades = self.grades
        if len(set(grades)) != len(grades):
            raise ValidationError({"grading_scale": _("A grade is listed twice.")})
        if any(len(grade) > GRADE_MAX_LENGTH for grade in grades):
            raise ValidationError(
                {
                    "grading_scale": _("A grade is at most %(max)s characters.")
                    % {"max": GRADE_MAX_LENGTH}
                }
            )
        if self.pk:
            used = set(
                ReviewedAudit.objects.filter(review=self.pk)
                .exclude(grade="")
                .values_list("grade", flat=True)
            )
            if missing := sorted(used - set(grades)):
                raise ValidationError(
                    {
                        "grading_scale": _("Audits in this review are graded %(grades)s.")
                        % {"grades": ", ".join(f"“{g}”" for g in missing)}
                    }
                )

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED

    @property
    def is_frozen(self) -> bool:
        """Published, or being published: what it holds no longer changes."""
        return self.state != self.State.DRAFT

    @property
    def is_publishing(self) -> bool:
        """Published and waiting for its PDF: nothing changes, nothing is printed yet."""
        return self.state == self.State.PUBLISHING

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
    grade = models.CharField(
        _("grade"),
        max_length=GRADE_MAX_LENGTH,
        blank=True,
        help_text=_("A word of the review's grading scale."),
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
        if self.grade and self.review_id and self.grade not in self.review.grades:
            raise ValidationError(
                {
                    "grade": _("“%(grade)s” is not on the review's grading scale.")
                    % {"grade": self.grade}
                }
            )


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
    # A recommendation judged board by board or part by part gets its status from theirs
    # (`derived_status`), unless the auditor sets it: then this is True and it is kept.
    status_overridden = models.BooleanField(_("status set by the auditor"), default=False)
    findings = models.TextField(_("findings"), validators=TEXT_VALIDATORS, blank=True)
    # Optimistic locking: a save states the version it started from (see services).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    objects = AssessmentQuerySet.as_manager()

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

    def sub_statuses(self) -> list[str]:
        """The statuses this one is derived from: each lettered part's (not yet assessed
        without one), and each board's once any board has one. Works on prefetched
        `recommendation__parts`, `part_assessments` and `board_statuses`."""
        by_part = {p.part_id: p.status for p in self.part_assessments.all()}
        parts = [
            by_part.get(part.pk, Status.NOT_ASSESSED) for part in self.recommendation.parts.all()
        ]
        return parts + [b.status for b in self.board_statuses.all()]

    @cached_property
    def derived(self) -> str | None:
        """The status the rule gives, or None when there is nothing to derive from
        (worked out once per object: pages ask it several times per row)."""
        return derived_status(self.sub_statuses())

    @property
    def derived_display(self) -> str:
        derived = self.derived
        return "" if derived is None else Status(derived).label

    @property
    def is_derived(self) -> bool:
        """True when the status shown is the rule's, not the auditor's own. (One set
        outside the screen and the file, in the admin, counts as the auditor's.)"""
        return (
            not self.status_overridden
            and self.derived is not None
            and (self.derived == self.status)
        )

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
    """Findings for one, or jointly for several, of the boards a recommendation was
    addressed to ("Tekniska nämnden och miljönämnden"): written and printed once."""

    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.CASCADE,
        related_name="board_findings",
        verbose_name=_("assessment"),
    )
    boards = models.ManyToManyField(Board, related_name="findings", verbose_name=_("boards"))
    text = models.TextField(_("findings"), validators=TEXT_VALIDATORS)
    history = HistoricalRecords(m2m_fields=["boards"])

    class Meta:
        ordering = ["assessment", "pk"]
        verbose_name = _("findings for boards")
        verbose_name_plural = _("findings per board")

    def __str__(self):
        return f"{self.assessment.recommendation}: {self.names}"

    @property
    def names(self) -> str:
        """ "Tekniska nämnden och Miljönämnden": whom the text is about."""
        return joined([board.name for board in self.boards.all()])

    @property
    def is_joint(self) -> bool:
        return len(self.boards.all()) > 1


class BoardStatus(models.Model):
    """The status of a recommendation for one of the boards it was addressed to, when a
    follow-up judges them apart ("två av nämnderna har genomfört en analys …")."""

    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.CASCADE,
        related_name="board_statuses",
        verbose_name=_("assessment"),
    )
    board = models.ForeignKey(
        Board, on_delete=models.PROTECT, related_name="statuses", verbose_name=_("board")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, blank=True, default="")
    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "board__pk"]
        verbose_name = _("status for a board")
        verbose_name_plural = _("statuses per board")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "board"], name="board_status_unique"),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="board_status_valid"
            ),
        ]

    def __str__(self):
        return f"{self.assessment.recommendation}, {self.board}: {self.get_status_display()}"


class SubAssessment(models.Model):
    """The follow-up of one lettered part of a recommendation: a status and findings."""

    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.CASCADE,
        related_name="part_assessments",
        verbose_name=_("assessment"),
    )
    part = models.ForeignKey(
        SubRecommendation,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("part"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, blank=True, default="")
    findings = models.TextField(_("findings"), validators=TEXT_VALIDATORS, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "part__pk"]
        verbose_name = _("assessment of a part")
        verbose_name_plural = _("assessments of parts")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "part"], name="part_assessment_unique"),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="part_assessment_status_valid"
            ),
        ]

    def __str__(self):
        return f"{self.part}: {self.get_status_display()}"

    def clean(self):
        if self.part_id and self.assessment_id:
            if self.part.recommendation_id != self.assessment.recommendation_id:
                raise ValidationError({"part": _("The part belongs to another recommendation.")})


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
