"""The covering memo (tjänsteskrivelse) a report goes to the board with. Any report can
have one; today the follow-up rounds of internal control do."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.validators import TEXT_VALIDATORS
from organisations.models import Board


class CoveringMemo(models.Model):
    board = models.ForeignKey(
        Board,
        on_delete=models.PROTECT,
        related_name="covering_memos",
        verbose_name=_("board"),
        help_text=_("The board the memo is addressed to."),
    )
    sender = models.CharField(
        _("from"), max_length=300, blank=True, help_text=_("The administration writing it.")
    )
    title = models.CharField(_("title"), max_length=300)
    date = models.DateField(_("date"))
    registration_number = models.CharField(_("registration number"), max_length=100, blank=True)
    case_officer = models.CharField(_("case officer"), max_length=200, blank=True)
    decision_intro = models.CharField(
        _("decision introduction"),
        max_length=300,
        blank=True,
        help_text=_(
            "For example “Arbetsmarknadsnämnden beslutar”; then the clauses are "
            "numbered *att*-clauses."
        ),
    )
    documents_after = models.PositiveSmallIntegerField(
        _("decision documents after section"),
        null=True,
        blank=True,
        help_text=_(
            "How many sections come before the list of decision documents; empty: after the last."
        ),
    )
    signed_for = models.CharField(_("signed for"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "title"]
        verbose_name = _("covering memo")
        verbose_name_plural = _("covering memos")

    def __str__(self):
        return f"{self.title} ({self.date})"

    @property
    def att_clauses(self) -> bool:
        return bool(self.decision_intro)


class MemoPart(models.Model):
    memo = models.ForeignKey(CoveringMemo, on_delete=models.CASCADE, verbose_name=_("memo"))
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        abstract = True
        ordering = ["memo", "position"]

    def __str__(self):
        return str(getattr(self, "heading", None) or getattr(self, "name", None) or self.text)[:80]


class DecisionClause(MemoPart):
    """One clause of the proposed decision ("att godkänna …")."""

    text = models.TextField(_("text"), validators=TEXT_VALIDATORS)

    class Meta(MemoPart.Meta):
        default_related_name = "clauses"
        verbose_name = _("decision clause")
        verbose_name_plural = _("decision clauses")


class MemoSection(MemoPart):
    """A section of the memo under its heading (Ärendet, Beredning, Föredragning, …)."""

    heading = models.CharField(_("heading"), max_length=300)
    text = models.TextField(_("text"), validators=TEXT_VALIDATORS, blank=True)

    class Meta(MemoPart.Meta):
        default_related_name = "sections"
        verbose_name = _("memo section")
        verbose_name_plural = _("memo sections")


class DecisionDocument(MemoPart):
    """One entry of the list of decision documents (beslutsunderlag)."""

    text = models.CharField(_("document"), max_length=500)

    class Meta(MemoPart.Meta):
        default_related_name = "documents"
        verbose_name = _("decision document")
        verbose_name_plural = _("decision documents")


class Signature(MemoPart):
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)

    class Meta(MemoPart.Meta):
        default_related_name = "signatures"
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
