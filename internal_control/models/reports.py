"""The PDF of an adopted plan or of a submitted follow-up, rendered once and kept."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .plans import Plan
from .rounds import FollowUpRound


class StoredReport(models.Model):
    """What went to the board: rendered when the plan was adopted or the follow-up
    submitted (or, for one imported so, at its first download), and every later download
    is these bytes, whatever later versions of the product would print."""

    plan = models.OneToOneField(
        Plan,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="stored_report",
        verbose_name=_("plan"),
    )
    round = models.OneToOneField(
        FollowUpRound,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="stored_report",
        verbose_name=_("round"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    filename = models.CharField(_("file name"), max_length=300)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    pdf = models.BinaryField(_("PDF"))

    class Meta:
        verbose_name = _("stored report")
        verbose_name_plural = _("stored reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(plan__isnull=False, round__isnull=True)
                | Q(plan__isnull=True, round__isnull=False),
                name="stored_report_of_one_document",
            )
        ]

    def __str__(self):
        return self.filename
