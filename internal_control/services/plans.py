"""Writes of the plan editor and the follow-up screen.

Every save names the version it started from (`core.versioning`), and nothing an adopted
plan or a submitted round prints changes (`freezing.plan_locking`).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.versioning import Edit, EditConflict, locked, save_all, save_edit, save_versioned

from ..freezing import PlanLocked, plan_locking
from ..models import Action, ControlFollowUp, FollowUpRound, Plan, RiskArea, RiskWording
from ..reports import store_report


def refuse_if_frozen(obj) -> None:
    if (refusal := plan_locking(obj)) is not None:
        raise refusal


def plan_part_save(edit: Edit) -> None:
    """Save a plan, an area, a risk or a control over the version loaded."""
    with transaction.atomic():
        refuse_if_frozen(edit.instance)
        save_edit(edit)


def plan_adopt(edit: Edit[Plan]) -> None:
    """Adopt a plan: the board decided it. Every risk needs its value first."""
    with transaction.atomic():
        plan = locked(edit.instance)
        if plan.is_adopted:
            raise PlanLocked(_("%(plan)s is already adopted.") % {"plan": plan})
        if missing := plan.risks_without_value():
            raise ValidationError(
                _(
                    "A plan is adopted with a value for every risk; risk %(numbers)s has none. "
                    "Give probability and consequence first."
                )
                % {"numbers": ", ".join(str(risk.number) for risk in missing)}
            )
        if not plan.risks.exists():
            raise ValidationError(_("A plan is adopted with at least one risk."))
        edit.instance.state = Plan.State.ADOPTED
        if conflict := save_versioned(edit):
            raise EditConflict([conflict])
        store_report(plan=edit.instance)  # what the board adopted, in the same transaction


def round_save(
    *,
    follow_up_round: FollowUpRound,
    results: list[Edit[ControlFollowUp]],
    actions: list[Edit[Action]] = (),
    removed_actions: list[Edit[Action]] = (),
    risk_wordings: dict[int, str] | None = None,
) -> None:
    """Save a round's changed results and actions, all or nothing. `risk_wordings` maps a
    risk's id to how this round words it ("" removes the round's own wording); the
    round's row lock guards them."""
    with transaction.atomic():
        refuse_if_frozen(locked(follow_up_round))
        stored = [edit for edit in [*results, *actions] if edit.instance.pk is not None]
        save_all(stored)  # or EditConflict, before anything new is added
        for edit in results:
            if edit.instance.pk is None:
                save_edit(edit)
        for edit in actions:
            if edit.instance.pk is None:
                # Its result may have been inserted just above: take the new id.
                edit.instance.follow_up = edit.instance.follow_up
                save_edit(edit)
        for risk_id, text in (risk_wordings or {}).items():
            _save_risk_wording(follow_up_round, risk_id, text)
        for edit in removed_actions:
            deleted, _rows = Action.objects.filter(
                pk=edit.instance.pk, version=edit.version
            ).delete()
            if not deleted and Action.objects.filter(pk=edit.instance.pk).exists():
                raise EditConflict([save_versioned(edit)])  # changed meanwhile: kept


def round_submit(edit: Edit[FollowUpRound]) -> None:
    """Submit a round to the board: every control of the plan assessed (a scale's "no
    assessment made" is an answer; none is not)."""
    with transaction.atomic():
        follow_up_round = locked(edit.instance)
        refuse_if_frozen(follow_up_round)
        if missing := follow_up_round.unassessed_controls():
            raise ValidationError(
                _(
                    "Every control is assessed before the follow-up is submitted; %(count)s "
                    "are not: %(controls)s."
                )
                % {
                    "count": len(missing),
                    "controls": "; ".join(
                        f"{control.risk.number}.{control.position} {control.description[:60]}"
                        for control in missing
                    ),
                }
            )
        edit.instance.state = FollowUpRound.State.SUBMITTED
        if conflict := save_versioned(edit):
            raise EditConflict([conflict])
        store_report(follow_up_round=edit.instance)  # what went to the board


def action_mark(edit: Edit[Action], done: bool) -> None:
    """Mark an action done or open again. Progress, not the report: allowed after the
    round was submitted."""
    with transaction.atomic():
        edit.instance.done = done
        if conflict := save_versioned(edit):
            raise EditConflict([conflict])


def next_position(queryset) -> int:
    last = queryset.order_by("-position").values_list("position", flat=True).first()
    return (last or 0) + 1


def part_move(edit: Edit, up: bool) -> None:
    """Swap an area or a control with its neighbour above or below."""
    with transaction.atomic():
        refuse_if_frozen(edit.instance)
        instance = edit.instance
        siblings = (
            instance.plan.areas.all()
            if isinstance(instance, RiskArea)
            else instance.risk.controls.all()
        )
        ordered = list(siblings.order_by("position", "pk"))
        index = next(i for i, sibling in enumerate(ordered) if sibling.pk == instance.pk)
        other_index = index - 1 if up else index + 1
        if not 0 <= other_index < len(ordered):
            return
        ordered[index], ordered[other_index] = ordered[other_index], ordered[index]
        if conflict := save_versioned(edit):
            raise EditConflict([conflict])
        for position, sibling in enumerate(ordered, start=1):
            type(sibling).objects.filter(pk=sibling.pk).update(position=position)


def part_delete(edit: Edit) -> None:
    """Delete an area (with its risks), a risk (with its controls) or a control, as loaded."""
    with transaction.atomic():
        refuse_if_frozen(edit.instance)
        model = type(edit.instance)
        deleted, _rows = model.objects.filter(pk=edit.instance.pk, version=edit.version).delete()
        if not deleted and model.objects.filter(pk=edit.instance.pk).exists():
            raise EditConflict([save_versioned(edit)])  # changed meanwhile: not deleted


def _save_risk_wording(follow_up_round: FollowUpRound, risk_id: int, text: str) -> None:
    if not follow_up_round.plan.risks.filter(pk=risk_id).exists():
        raise ValidationError(_("The plan has no risk %(number)s.") % {"number": risk_id})
    if not text:
        RiskWording.objects.filter(round=follow_up_round, risk_id=risk_id).delete()
        return
    wording = RiskWording.objects.filter(round=follow_up_round, risk_id=risk_id).first()
    wording = wording or RiskWording(round=follow_up_round, risk_id=risk_id)
    wording.text = text
    wording.full_clean()
    wording.save()
