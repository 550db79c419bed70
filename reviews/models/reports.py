"""What a review's report prints besides its chapters (sections, contact persons,
signatures), and its PDFs: rendered on the task queue, and kept once published."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.validators import TEXT_VALIDATORS

from ..choices import SectionPlacement
from .reviews import FollowUpReview


class ReportSection(models.Model):
    """A section of the report with its own heading, before the chapters (Revisions-
    kriterier, Ansvarig nämnd) or after them (Källförteckning)."""

    review = models.ForeignKey(
        FollowUpReview,
        on_delete=models.CASCADE,
        related_name="sections",
        verbose_name=_("follow-up review"),
    )
    placement = models.CharField(_("placement"), max_length=10, choices=SectionPlacement)
    position = models.PositiveSmallIntegerField(_("position"))
    heading = models.CharField(_("heading"), max_length=200)
    text = models.TextField(_("text"), validators=TEXT_VALIDATORS, blank=True)

    class Meta:
        ordering = ["review", "placement", "position"]
        verbose_name = _("report section")
        verbose_name_plural = _("report sections")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "placement", "position"], name="report_section_position"
            ),
            models.CheckConstraint(
                condition=Q(placement__in=SectionPlacement.values),
                name="report_section_placement_valid",
            ),
        ]

    def __str__(self):
        return self.heading


class ReportContact(models.Model):
    """A contact person the report lists (Kontaktpersoner): name, role, organisation."""

    review = models.ForeignKey(
        FollowUpReview,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("follow-up review"),
    )
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)

    class Meta:
        ordering = ["review", "position"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        constraints = [
            models.UniqueConstraint(fields=["review", "position"], name="report_contact_position"),
        ]

    def __str__(self):
        return self.name


class ReportSignature(models.Model):
    """Who signs the report at its end: name, title and firm."""

    review = models.ForeignKey(
        FollowUpReview,
        on_delete=models.CASCADE,
        related_name="signatures",
        verbose_name=_("follow-up review"),
    )
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    firm = models.CharField(_("firm"), max_length=200, blank=True)

    class Meta:
        ordering = ["review", "position"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "position"], name="report_signature_position"
            ),
        ]

    def __str__(self):
        return self.name


class ReportRender(models.Model):
    """A PDF of a review rendered in the background (the task queue), from the HTML it
    was asked for. One per review and content: a second request while it renders waits
    for the same job, and a draft that has not changed is not rendered again."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to be rendered")
        RENDERING = "rendering", _("Being rendered")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Could not be rendered")

    review = models.ForeignKey(
        FollowUpReview,
        on_delete=models.CASCADE,
        related_name="renders",
        verbose_name=_("follow-up review"),
    )
    sha256 = models.CharField(_("SHA-256 of the HTML"), max_length=64)
    html = models.TextField(_("HTML"))
    filename = models.CharField(_("file name"), max_length=300)
    state = models.CharField(_("state"), max_length=20, choices=State, default=State.QUEUED)
    # Rendered to publish the review: when ready, the review is published with this PDF.
    publishes = models.BooleanField(_("publishes the review"), default=False)
    pdf = models.BinaryField(_("PDF"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["review", "-created_at"]
        verbose_name = _("rendered report")
        verbose_name_plural = _("rendered reports")
        constraints = [
            models.UniqueConstraint(fields=["review", "sha256"], name="render_once_per_content"),
            models.CheckConstraint(
                condition=Q(state__in=["queued", "rendering", "ready", "failed"]),
                name="render_state_valid",
            ),
        ]

    def __str__(self):
        return f"{self.filename} ({self.get_state_display()})"

    @property
    def is_ready(self) -> bool:
        return self.state == self.State.READY

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.READY, self.State.FAILED)

    @property
    def is_abandoned(self) -> bool:
        """Rendering for longer than any report takes: its worker stopped (killed, out of
        memory, the machine restarted) and will not finish it. The next request queues
        it again (`report_render_request`)."""
        return (
            self.state == self.State.RENDERING
            and self.started_at is not None
            and timezone.now() - self.started_at
            > timedelta(seconds=settings.REPORT_RENDER_TIMEOUT_SECONDS)
        )


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
