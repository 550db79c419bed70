"""Writes of what boards say between reviews: promised dates and progress notes."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.versioning import Conflict, Edit, EditConflict, locked, save_edit

from ..models import BoardResponse, BoardUpdate, PromisedDate, Recommendation


@dataclass
class DateChange:
    """What the form asks for one recommendation: its date (None: no date), the reason
    for a change, and the version of the stored date it was loaded with."""

    recommendation: Recommendation
    date: date | None
    reason: str = ""
    version: int | None = None


def promised_dates_save(*, response: BoardResponse, changes: list[DateChange]) -> int:
    """Set the dates the response promises for recommendations it covers; returns how
    many changed. A first date needs no reason; changing or removing one does, and the
    history keeps the earlier date with it. Not frozen by a published review: the dates
    are the board's word, which no report prints."""
    covered = set(response.recommendations.values_list("pk", flat=True))
    if any(change.recommendation.pk not in covered for change in changes):
        raise ValidationError(_("A response promises dates for the recommendations it covers."))
    stored = {p.recommendation_id: p for p in response.promised_dates.all()}
    changed = 0
    with transaction.atomic():
        for change in changes:
            promise = stored.get(change.recommendation.pk)
            if promise is None and change.date is None:
                continue
            if promise is not None and promise.date == change.date:
                continue
            if promise is not None and not change.reason.strip():
                raise ValidationError(
                    _("%(recommendation)s: say why the planned date changes.")
                    % {"recommendation": change.recommendation.label}
                )
            if promise is None:
                promise = PromisedDate(
                    response=response, recommendation=change.recommendation, date=change.date
                )
                promise.full_clean()
                save_edit(Edit(promise, None))
            elif change.date is None:
                stored_now = locked(promise)
                if stored_now.version != change.version:  # changed since the page loaded
                    raise EditConflict([Conflict(stored_now, "", None)])
                stored_now._change_reason = change.reason.strip()
                stored_now.delete()
            else:
                promise.date = change.date
                promise._change_reason = change.reason.strip()
                save_edit(Edit(promise, change.version))
            changed += 1
    return changed


def board_update_add(*, update: BoardUpdate, user) -> BoardUpdate:
    """Record a board's progress note on a recommendation addressed to it."""
    if (
        not Recommendation.objects.filter(pk=update.recommendation_id)
        .addressed_to(update.board)
        .exists()
    ):
        raise ValidationError(_("The recommendation is not addressed to this board."))
    update.written_by = user
    update.full_clean()
    update.save()
    return update
