"""What an adopted plan and a submitted round print is frozen.

An adopted plan is the board's decision: its areas, risks and controls no longer change
(a new decision makes a new plan). A submitted round went to the board with its memo:
its results, actions, wordings and memo no longer change, nor the plan's risks and
controls it prints. Whether an action is done is progress, not the document, so it
stays open.
"""

from django.utils.translation import gettext as _

from core.freezing import Frozen, register

from .models import (
    Action,
    Control,
    ControlFollowUp,
    CoveringMemo,
    DecisionClause,
    DecisionDocument,
    FollowUpRound,
    MemoSection,
    Plan,
    Risk,
    RiskArea,
    RiskWording,
    Signature,
)


class PlanLocked(Frozen):
    """An adopted plan or a submitted round prints what was to be changed."""


def plan_of(obj) -> Plan | None:
    if isinstance(obj, Plan):
        return obj
    if isinstance(obj, RiskArea | Risk):
        return obj.plan
    if isinstance(obj, Control):
        return obj.risk.plan
    return None


def round_of(obj) -> FollowUpRound | None:
    if isinstance(obj, FollowUpRound):
        return obj
    if isinstance(obj, ControlFollowUp | RiskWording):
        return obj.round
    if isinstance(obj, Action):
        return obj.follow_up.round
    if isinstance(obj, CoveringMemo):
        return FollowUpRound.objects.filter(memo=obj).first()
    if isinstance(obj, DecisionClause | DecisionDocument | MemoSection | Signature):
        return FollowUpRound.objects.filter(memo=obj.memo_id).first()
    return None


def plan_locking(obj) -> PlanLocked | None:
    """Why `obj` may not change: the adopted plan or the submitted round printing it."""
    if (plan := plan_of(obj)) is not None:
        if plan.pk and Plan.objects.filter(pk=plan.pk, state=Plan.State.ADOPTED).exists():
            return PlanLocked(
                _("%(plan)s is adopted; what it decided no longer changes.") % {"plan": plan}
            )
        if plan.pk and plan.rounds.filter(state=FollowUpRound.State.SUBMITTED).exists():
            return PlanLocked(
                _("A submitted follow-up of %(plan)s prints this; it no longer changes.")
                % {"plan": plan}
            )
        return None
    if (follow_up_round := round_of(obj)) is not None and follow_up_round.pk:
        stored = FollowUpRound.objects.filter(pk=follow_up_round.pk).values_list("state", flat=True)
        if list(stored) == [FollowUpRound.State.SUBMITTED]:
            return PlanLocked(
                _("%(round)s is submitted to the board; it no longer changes.")
                % {"round": follow_up_round}
            )
    return None


@register
def refusal(obj) -> Frozen | None:
    return plan_locking(obj)
