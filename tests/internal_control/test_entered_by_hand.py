"""Seed 004 (a socialnämnd's 2023 plan and its year-end follow-up with its memo) typed in
through the app's own pages, as the board's officer would, comes out identical to the
document it was transcribed from."""

import pytest
from django.urls import reverse

from core.documents import first_difference, format_path
from internal_control.documents import plan_to_document, read_plan_file
from internal_control.documents.schema import LAYOUTS, ROUND_KINDS, SEVERITIES
from internal_control.models import FollowUpRound, Level, Plan, Regulation
from organisations.models import Board, Organisation, Role
from tests.factories import MembershipFactory
from tests.helpers import form_data

from .conftest import SOCIAL

pytestmark = pytest.mark.django_db


def posted(client, url: str, data: dict, follow_to: str | None = None):
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


def text(value) -> str:
    return "" if value is None else str(value)


def test_seed_004_entered_through_the_screens(client, respondent):
    document = read_plan_file(SOCIAL.read_text(encoding="utf-8"))[0]
    # What administrators set up: the organisation, its board, its regulation's scale.
    organisation = Organisation.objects.create(name=document.organisation.name)
    board = Board.objects.create(organisation=organisation, name=document.board.name)
    regulation = Regulation.objects.create(
        organisation=organisation,
        name=document.regulation.name,
        report_layout=LAYOUTS[document.regulation.report_layout],
    )
    for position, level in enumerate(document.regulation.levels, start=1):
        Level.objects.create(
            regulation=regulation,
            position=position,
            label=level.label,
            severity=SEVERITIES[level.severity],
        )
    MembershipFactory(
        user=respondent, organisation=organisation, role=Role.BOARD_RESPONDENT, boards=[board]
    )
    client.force_login(respondent)

    # The plan: its header, areas, risks and controls.
    part = document.plan
    posted(
        client,
        reverse("internal_control:plan-create") + f"?board={board.pk}",
        {
            "year": part.year,
            "title": part.title,
            "regulation": regulation.pk,
            "prepared_on": text(part.dated),
            "registration_number": part.registration_number,
            "introduction_heading": part.introduction_heading,
            "introduction": part.introduction,
        },
    )
    plan = Plan.objects.get(board=board, year=part.year)
    for area_part in document.areas:
        posted(
            client,
            reverse("internal_control:area-create", args=[plan.pk]),
            {"name": area_part.name},
        )
        area = plan.areas.get(name=area_part.name)
        for risk_part in area_part.risks:
            posted(
                client,
                reverse("internal_control:risk-create", args=[plan.pk]) + f"?area={area.pk}",
                {
                    "number": risk_part.number,
                    "area": area.pk,
                    "description": risk_part.description,
                    "mandatory": "on" if risk_part.mandatory else "",
                    "existing_routines": risk_part.existing_routines,
                    "probability": text(risk_part.probability),
                    "consequence": text(risk_part.consequence),
                    "stated_value": text(risk_part.value),
                },
            )
            risk = plan.risks.get(number=risk_part.number)
            for control_part in risk_part.controls:
                posted(
                    client,
                    reverse("internal_control:control-create", args=[risk.pk]),
                    {
                        "description": control_part.description,
                        "method": control_part.method,
                        "responsible": control_part.responsible,
                        "timing": "",
                        "due_on": text(control_part.date),
                        "mandatory": "on" if control_part.mandatory else "",
                    },
                )
    plan.refresh_from_db()
    posted(
        client,
        reverse("internal_control:plan-adopt", args=[plan.pk]),
        {
            "adopted_on": text(part.adopted_on),
            "minute_reference": part.minute_reference,
            "version": plan.version,
        },
    )

    # The follow-up: its header, every control on the screen, the memo; then submitted.
    round_part = document.rounds[0]
    posted(
        client,
        reverse("internal_control:round-create", args=[plan.pk]),
        {
            "title": round_part.title,
            "kind": ROUND_KINDS[round_part.kind],
            "date": text(round_part.date),
            "introduction_heading": round_part.introduction_heading,
            "introduction": round_part.introduction,
            "table_heading": round_part.table_heading,
        },
    )
    follow_up = FollowUpRound.objects.get(plan=plan)
    screen = reverse("internal_control:round-assess", args=[follow_up.pk])
    data = form_data(client.get(screen).content.decode(), "form.assessment-form")
    risks = {risk.number: risk for risk in plan.risks.all()}
    levels = {level.label: level.pk for level in regulation.levels.all()}
    for wording in round_part.risk_wordings:
        data[f"risk-{risks[wording.risk].pk}-text"] = wording.text
    for result in round_part.results:
        control = risks[result.risk].controls.get(position=result.control)
        prefix = f"control-{control.pk}"
        data[f"{prefix}-level"] = levels[result.assessment]
        data[f"{prefix}-result"] = result.result
        data[f"{prefix}-control_wording"] = result.control_wording
        assert len(result.actions) <= 1  # the screen adds one action per save
        for action in result.actions:
            data[f"new-action-{control.pk}-description"] = action.description
            data[f"new-action-{control.pk}-responsible"] = action.responsible
            data[f"new-action-{control.pk}-end_date"] = text(action.end_date)
    posted(client, screen, data)

    memo = round_part.memo
    sections = {
        "section-TOTAL_FORMS": str(len(memo.sections)),
        "section-INITIAL_FORMS": "0",
        "section-MIN_NUM_FORMS": "0",
        "section-MAX_NUM_FORMS": "1000",
    }
    for index, section in enumerate(memo.sections):
        sections[f"section-{index}-heading"] = section.heading
        sections[f"section-{index}-text"] = section.text
    posted(
        client,
        reverse("internal_control:memo-edit", args=[follow_up.pk]),
        {
            "title": memo.title,
            "date": text(memo.date),
            "sender": memo.from_,
            "registration_number": memo.registration_number,
            "case_officer": memo.case_officer,
            "decision_intro": memo.decision_intro,
            "documents_after": text(memo.documents_after_section),
            "signed_for": memo.signed_for,
            "clauses": "\n\n".join(memo.decision),
            "documents": "\n".join(memo.documents),
            "signatures": "\n".join(f"{s.name}, {s.title}" for s in memo.signatures),
            **sections,
        },
    )
    follow_up.refresh_from_db()
    posted(
        client,
        reverse("internal_control:round-submit", args=[follow_up.pk]),
        {"version": follow_up.version},
    )

    entered = plan_to_document(Plan.objects.for_export().get(pk=plan.pk))
    difference = first_difference(entered.model_dump(), document.model_dump())
    assert difference is None, f"differs at {format_path(difference)}"
