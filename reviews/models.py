"""The domain: organisations and their boards, audits with their recommendations and
board responses, and follow-up reviews with the auditors' assessments.

A board's *response* (what it said it would do) and an auditor's *assessment* (what
was actually done) are separate objects with separate authors.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .querysets import (
    AuditQuerySet,
    FollowUpReviewQuerySet,
    RecommendationQuerySet,
    ReviewedAuditQuerySet,
)

YEAR_VALIDATORS = [MinValueValidator(1900), MaxValueValidator(2200)]


class Status(models.TextChoices):
    """The outcome of one recommendation in one follow-up review."""

    IMPLEMENTED = "implemented", _("Implemented")
    PARTIAL = "partial", _("Partially implemented")
    NOT_IMPLEMENTED = "not_implemented", _("Not implemented")
    NOT_ASSESSED = "", _("Not yet assessed")


class Stance(models.TextChoices):
    """What a board said about a recommendation in its response."""

    ACCEPTED = "accepted", _("Accepted")
    PARTLY_ACCEPTED = "partly_accepted", _("Partly accepted")
    REJECTED = "rejected", _("Rejected")
    NOT_STATED = "not_stated", _("Not stated")


class TrafficLight(models.TextChoices):
    GREEN = "green", _("Green")
    YELLOW = "yellow", _("Yellow")
    RED = "red", _("Red")
    NONE = "", _("No colour")


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    REGION = "region", _("Region")
    ASSOCIATION = "association", _("Association of local authorities")


class BoardKind(models.TextChoices):
    COMMITTEE = "committee", _("Committee")  # nämnd
    EXECUTIVE = "executive", _("Executive board")  # styrelse


class Role(models.TextChoices):
    """What a person does in one organisation (see `permissions`)."""

    AUDITOR = "auditor", _("Auditor")  # revisionskonsult
    ELECTED_AUDITOR = "elected_auditor", _("Elected auditor")  # förtroendevald revisor
    BOARD_RESPONDENT = "board_respondent", _("Board respondent")  # a board's officer
    SECRETARY = "secretary", _("Committee secretary")  # nämndsekreterare


class ReviewState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Organisation(models.Model):
    Kind = OrganisationKind

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.MUNICIPALITY)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OrganisationKind.values), name="organisation_kind_valid"
            ),
        ]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A person's role in one organisation; one person may hold roles in several.

    A board respondent answers for the boards listed (and the boards they replaced).
    Administrators are Django staff users and need no membership.
    """

    Role = Role

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role)
    boards = models.ManyToManyField(
        "Board",
        blank=True,
        related_name="respondents",
        verbose_name=_("boards"),
        help_text=_("For board respondents: the boards whose responses they enter."),
    )

    class Meta:
        ordering = ["organisation", "user"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self):
        return f"{self.user}: {self.get_role_display()}, {self.organisation}"

    def clean_boards(self, boards) -> None:
        """Boards belong to the membership's organisation, and only respondents have them
        (a many-to-many field is checked by the admin form; see MembershipAdmin)."""
        if any(board.organisation_id != self.organisation_id for board in boards):
            raise ValidationError({"boards": _("The board belongs to another organisation.")})
        if boards and self.role != Role.BOARD_RESPONDENT:
            raise ValidationError({"boards": _("Only board respondents answer for boards.")})


class Firm(models.Model):
    """An audit firm (EY, KPMG, PwC, ...): serves many organisations."""

    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("audit firm")
        verbose_name_plural = _("audit firms")

    def __str__(self):
        return self.name


class Board(models.Model):
    """A board or committee (nämnd/styrelse) of an organisation.

    Boards are never renamed in place: a reorganisation creates the new board and
    links the old one to it through `successors`, so old audits keep the name the
    board had then, and `current_boards()` says who answers now. One link is a
    rename, several successors a split, several predecessors a merge.
    """

    Kind = BoardKind

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="boards",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.COMMITTEE)
    successors = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="predecessors",
        verbose_name=_("replaced by"),
        help_text=_(
            "The board or boards that took over when this board was renamed, merged or split."
        ),
    )

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = _("board")
        verbose_name_plural = _("boards")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="board_name_unique"),
            models.CheckConstraint(condition=Q(kind__in=BoardKind.values), name="board_kind_valid"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_active(self) -> bool:
        return not self.successors.exists()

    def lineage(self) -> list["Board"]:
        """This board and every board it replaced, however long ago."""
        lineage, queue = [self], [self]
        while queue:
            for predecessor in queue.pop(0).predecessors.all():
                if predecessor not in lineage:
                    lineage.append(predecessor)
                    queue.append(predecessor)
        return lineage

    def current_boards(self) -> list["Board"]:
        """The boards that answer for this one today (itself if never replaced)."""
        current, seen, queue = [], {self.pk}, [self]
        while queue:
            board = queue.pop(0)
            successors = sorted(board.successors.all(), key=lambda b: b.pk)  # uses a prefetch
            if not successors:
                current.append(board)
            for successor in successors:
                if successor.pk not in seen:
                    seen.add(successor.pk)
                    queue.append(successor)
        return current


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
    purpose = models.TextField(_("purpose"), blank=True)
    conclusion = models.TextField(_("overall conclusion"), blank=True)
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
    observations = models.TextField(_("observations"), blank=True)
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


def responses_by_group(groups: list, responses) -> dict[int, list]:
    """Where a report prints each response: under the group of its lowest-numbered
    recommendation (a response covering none goes under the first group).

    Works on prefetched groups (with recommendations) and responses (with recommendations).
    """
    group_of_number = {
        rec.number: group.pk for group in groups for rec in group.recommendations.all()
    }
    placed: dict[int, list] = {group.pk: [] for group in groups}
    for response in responses:
        numbers = [rec.number for rec in response.recommendations.all()]
        placed[group_of_number[min(numbers)] if numbers else groups[0].pk].append(response)
    return placed


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
    text = models.TextField(_("recommendation"))
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
    text = models.TextField(_("response"))
    # Optimistic locking: a save states the version it started from (see services).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords(m2m_fields=["boards", "recommendations"])

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
    purpose = models.TextField(_("purpose"), blank=True)
    method = models.TextField(_("method"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
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
        blank=True,
        help_text=_("Scope of this follow-up, reorganisations, who answered."),
    )
    overall_assessment = models.TextField(_("overall assessment"), blank=True)
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
    findings = models.TextField(_("findings"), blank=True)
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
    text = models.TextField(_("findings"))
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
    text = models.TextField(_("shared findings"))
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
