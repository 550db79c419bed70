"""Creating and editing an audit with its recommendations, and board responses."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.versioning import Edit, save_edit
from organisations.models import Board

from ..freezing import ensure_unlocked, lock_reviews_of
from ..models import Audit, BoardResponse, Recommendation, RecommendationGroup, SubRecommendation
from .firms import firm_for

# Numbers are unique within an audit, so renumbering (1 <-> 2) parks rows out of the way first.
PARKING = 20000


@dataclass
class RecommendationRow:
    """One recommendation as the audit form lists them, in order."""

    number: int
    text: str
    recommendation: Recommendation | None = None  # None: a new one
    addressed_to: list[Board] = field(default_factory=list)
    addressed_to_all_boards: bool = False
    short_title: str = ""
    parts: list[tuple[str, str]] = field(default_factory=list)  # (letter, text), in order
    joins_previous: bool = False  # printed under the previous recommendation's heading
    heading: str = ""  # the group's own heading, on a group's first row
    observations: str = ""  # the group's observations, on a group's first row
    delete: bool = False


def audit_save(
    *, audit: Audit, version: int | None, rows: list[RecommendationRow], new_firm: str = ""
) -> Audit:
    """Save the audit and rebuild its groups from the rows, all or nothing.

    `version` is the audit's version the editor loaded (None for a new audit). An audit a
    published review prints is refused whole (ReviewLocked). `new_firm`: the name of the
    audit's firm when it is not yet stored.
    """
    kept = sorted((row for row in rows if not row.delete), key=lambda row: row.number)
    if not kept:
        raise ValidationError(_("An audit needs at least one recommendation."))
    with transaction.atomic():
        if audit.pk is not None:
            lock_reviews_of(audit)
            ensure_unlocked(audit)
        if new_firm:
            audit.firm = firm_for(new_firm)
        save_edit(Edit(audit, version))
        for row in rows:
            if row.delete and row.recommendation is not None:
                _delete(row.recommendation)
        for offset, row in enumerate(r for r in kept if r.recommendation):  # the audit's own
            Recommendation.objects.filter(pk=row.recommendation.pk).update(number=PARKING + offset)
        # The audit's own groups are rebuilt; those of recommendations follow-ups issued
        # keep their recommendations and follow, in their order.
        groups = list(audit.groups.filter(issued_by=None).order_by("position"))
        issued = list(audit.groups.exclude(issued_by=None).order_by("position"))
        for group in groups + issued:
            group.position += PARKING
            group.save(update_fields=["position"])
        used = _rebuild(audit, kept, groups)
        for group in groups:
            if group.pk not in used:
                group.delete()
        for position, group in enumerate(issued, start=len(used) + 1):
            group.position = position
            group.save(update_fields=["position"])
    return audit


def _delete(recommendation: Recommendation) -> None:
    if recommendation.assessments.exists():
        raise ValidationError(
            _("%(label)s has assessments and cannot be removed.") % {"label": recommendation.label}
        )
    recommendation.delete()


def _rebuild(audit: Audit, rows: list[RecommendationRow], groups: list) -> set[int]:
    """Place the rows in groups, reusing the stored groups in order; return those used."""
    used: set[int] = set()
    group = None
    for row in rows:
        if group is None or not row.joins_previous:
            position = len(used) + 1
            group = (
                groups[position - 1]
                if position <= len(groups)
                else RecommendationGroup(audit=audit)
            )
            group.position, group.title, group.observations = (
                position,
                row.heading,
                row.observations,
            )
            group.full_clean()
            group.save()
            used.add(group.pk)
        recommendation = row.recommendation or Recommendation(audit=audit)
        recommendation.group, recommendation.number, recommendation.text = (
            group,
            row.number,
            row.text,
        )
        recommendation.addressed_to_all_boards = row.addressed_to_all_boards
        recommendation.short_title = row.short_title
        recommendation.full_clean()
        recommendation.save()
        recommendation.addressed_to.set(row.addressed_to)
        _save_parts(recommendation, row.parts)
    return used


def _save_parts(recommendation: Recommendation, parts: list[tuple[str, str]]) -> None:
    """Make the recommendation's lettered parts these, matched by letter; a part a review
    has assessed cannot be removed."""
    stored = {part.letter: part for part in recommendation.parts.all()}
    for letter, part in stored.items():
        if letter not in dict(parts):
            if part.assessments.exists():
                raise ValidationError(
                    _("Part %(letter)s of %(label)s has assessments and cannot be removed.")
                    % {"letter": letter, "label": recommendation.label}
                )
            part.delete()
    # Parts print in the order stored: a new letter comes after those there.
    for letter, text in parts:
        part = stored.get(letter) or SubRecommendation(recommendation=recommendation, letter=letter)
        if part.pk is None or part.text != text:
            part.text = text
            part.full_clean()
            part.save()


def response_save(
    *,
    response: BoardResponse,
    version: int | None,
    boards: list[Board],
    recommendations: list[Recommendation],
) -> BoardResponse:
    """Save a board response with who answered and what it covers.

    A response a published review prints is refused (ReviewLocked); a new one is dated
    now, after every review already published, which therefore do not print it.
    """
    if any(r.audit_id != response.audit_id for r in recommendations):
        raise ValidationError(_("A response covers recommendations of its own audit only."))
    with transaction.atomic():
        lock_reviews_of(response.audit)
        if response.pk is None:
            response.created_at = timezone.now()
        else:
            ensure_unlocked(response)
        save_edit(Edit(response, version))
        response.boards.set(boards)
        response.recommendations.set(recommendations)
    return response
