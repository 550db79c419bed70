"""Who changed what in a plan or a follow-up, and when: django-simple-history's records
of the plan's own rows, newest first (a fixed number of queries)."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from .models import Action, Control, ControlFollowUp, FollowUpRound, Plan, Risk, RiskArea

KINDS = {"+": _("added"), "~": _("changed"), "-": _("deleted")}


@dataclass
class Change:
    when: datetime
    who: str
    what: str  # the object as it was
    kind: str  # "added", "changed" or "deleted"
    reason: str


def _changes(records, label, limit: int) -> list[Change]:
    return [
        Change(
            when=record.history_date,
            who=(
                record.history_user.get_full_name() or record.history_user.get_username()
                if record.history_user
                else _("import")
            ),
            what=label(record),
            kind=KINDS.get(record.history_type, record.history_type),
            reason=record.history_change_reason or "",
        )
        for record in records.select_related("history_user").order_by("-history_date")[:limit]
    ]


def plan_changes(plan: Plan, limit: int = 30) -> list[Change]:
    risk_ids = list(Risk.history.filter(plan_id=plan.pk).values_list("id", flat=True))
    changes = [
        *_changes(Plan.history.filter(id=plan.pk), lambda r: str(_("the plan")), limit),
        *_changes(
            RiskArea.history.filter(plan_id=plan.pk),
            lambda r: str(_("risk area %(name)s")) % {"name": r.name},
            limit,
        ),
        *_changes(
            Risk.history.filter(plan_id=plan.pk),
            lambda r: str(_("risk %(number)s")) % {"number": r.number},
            limit,
        ),
        *_changes(
            Control.history.filter(risk_id__in=risk_ids),
            lambda r: str(_("control: %(text)s")) % {"text": r.description[:60]},
            limit,
        ),
    ]
    return sorted(changes, key=lambda change: change.when, reverse=True)[:limit]


def round_changes(follow_up_round: FollowUpRound, limit: int = 30) -> list[Change]:
    result_ids = list(
        ControlFollowUp.history.filter(round_id=follow_up_round.pk).values_list("id", flat=True)
    )
    places = {
        control.pk: control.number
        for control in Control.objects.filter(risk__plan=follow_up_round.plan_id).select_related(
            "risk"
        )
    }
    changes = [
        *_changes(
            FollowUpRound.history.filter(id=follow_up_round.pk),
            lambda r: str(_("the follow-up")),
            limit,
        ),
        *_changes(
            ControlFollowUp.history.filter(round_id=follow_up_round.pk),
            lambda r: (
                str(_("control %(place)s: assessment and result"))
                % {"place": places.get(r.control_id, "–")}
            ),
            limit,
        ),
        *_changes(
            Action.history.filter(follow_up_id__in=result_ids),
            lambda r: str(_("action: %(text)s")) % {"text": r.description[:60]},
            limit,
        ),
    ]
    return sorted(changes, key=lambda change: change.when, reverse=True)[:limit]
