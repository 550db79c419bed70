"""The rules of adopting a plan and submitting a follow-up, and what they freeze."""

import pytest
from django.core.exceptions import ValidationError

from core.freezing import refusals
from core.versioning import Edit, EditConflict
from internal_control.freezing import PlanLocked
from internal_control.models import Action, ControlFollowUp, Level, Risk, StoredReport
from internal_control.reports import plan_pdf, round_pdf
from internal_control.services import (
    action_mark,
    plan_adopt,
    plan_part_save,
    round_save,
    round_submit,
)

from .conftest import import_text, plan_file


@pytest.fixture
def draft_plan(db):
    return import_text(plan_file())


def test_a_plan_is_not_adopted_with_a_risk_lacking_its_value(draft_plan):
    risk = draft_plan.risks.get(number=2)
    risk.probability = risk.consequence = None
    plan_part_save(Edit(risk, risk.version))
    with pytest.raises(ValidationError, match="risk 2 saknar värde"):
        plan_adopt(Edit(draft_plan, draft_plan.version))
    draft_plan.refresh_from_db()
    assert not draft_plan.is_adopted


def test_an_adopted_plan_is_frozen(draft_plan):
    plan_adopt(Edit(draft_plan, draft_plan.version))
    draft_plan.refresh_from_db()
    assert draft_plan.is_adopted and draft_plan.version == 2
    risk = draft_plan.risks.get(number=1)
    risk.description = "Ändrad."
    with pytest.raises(PlanLocked, match="är antagen"):
        plan_part_save(Edit(risk, risk.version))
    assert Risk.objects.get(pk=risk.pk).description == "Risk 1 att något går fel."
    assert refusals(risk)  # the admin refuses too


def test_a_stated_value_must_be_a_product(draft_plan):
    risk = draft_plan.risks.get(number=1)
    risk.probability = risk.consequence = None
    risk.stated_value = 7
    with pytest.raises(ValidationError, match="7 är inte ett riskvärde"):
        plan_part_save(Edit(risk, risk.version))
    risk.stated_value = 20
    plan_part_save(Edit(risk, risk.version))
    assert Risk.objects.get(pk=risk.pk).value == 20 and not risk.in_matrix


def test_a_round_is_not_submitted_with_a_control_unassessed(draft_plan):
    follow_up_round = draft_plan.rounds.get()
    with pytest.raises(ValidationError, match="4 är inte bedömda"):
        round_submit(Edit(follow_up_round, follow_up_round.version))
    not_assessed = Level.objects.get(label="Ingen bedömning gjord")
    minor = Level.objects.get(label="Mindre brister")
    edits = []
    for index, result in enumerate(follow_up_round.results.order_by("pk")):
        result.level = not_assessed if index == 0 else minor  # "no assessment" is an answer
        edits.append(Edit(result, result.version))
    round_save(follow_up_round=follow_up_round, results=edits)
    round_submit(Edit(follow_up_round, follow_up_round.version))
    follow_up_round.refresh_from_db()
    assert follow_up_round.is_submitted


def test_a_submitted_round_is_frozen_but_actions_can_be_marked_done(db):
    plan = import_text(plan_file(round_state="inlämnad", assessed=True))
    follow_up_round = plan.rounds.get()
    result = follow_up_round.results.first()
    result.result = "Ändrat."
    with pytest.raises(PlanLocked, match="är inlämnad"):
        round_save(follow_up_round=follow_up_round, results=[Edit(result, result.version)])
    assert ControlFollowUp.objects.get(pk=result.pk).result != "Ändrat."
    control = result.control
    control.description = "Ändrad."
    with pytest.raises(PlanLocked):
        plan_part_save(Edit(control, control.version))
    action = Action.objects.filter(follow_up__round=follow_up_round).first()
    action_mark(Edit(action, action.version), True)
    assert Action.objects.get(pk=action.pk).done


def test_a_concurrent_edit_is_refused(draft_plan):
    follow_up_round = draft_plan.rounds.get()
    first = follow_up_round.results.first()
    second = ControlFollowUp.objects.get(pk=first.pk)
    first.result = "Min text."
    round_save(follow_up_round=follow_up_round, results=[Edit(first, first.version)])
    second.result = "Din text."
    with pytest.raises(EditConflict):
        round_save(follow_up_round=follow_up_round, results=[Edit(second, second.version)])
    assert ControlFollowUp.objects.get(pk=first.pk).result == "Min text."


def test_what_went_to_the_board_is_stored_and_never_rendered_again(db, monkeypatch):
    plan = import_text(plan_file(round_state="utkast", assessed=True))
    follow_up_round = plan.rounds.get()
    assert round_pdf(follow_up_round)[0].startswith(b"%PDF")  # a draft: rendered afresh
    assert not StoredReport.objects.exists()
    round_submit(Edit(follow_up_round, follow_up_round.version))
    plan_adopt(Edit(plan, plan.version))
    stored_round = StoredReport.objects.get(round=follow_up_round)
    stored_plan = StoredReport.objects.get(plan=plan)
    assert stored_round.pdf and stored_plan.pdf
    # A later version of the product would print them differently: the files stay.
    monkeypatch.setattr("internal_control.reports.render_pdf", lambda html: b"%PDF other")
    follow_up_round.refresh_from_db()
    plan.refresh_from_db()
    assert round_pdf(follow_up_round) == (bytes(stored_round.pdf), stored_round.filename)
    assert plan_pdf(plan) == (bytes(stored_plan.pdf), stored_plan.filename)
    assert StoredReport.objects.count() == 2
