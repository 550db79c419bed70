"""Importing a whole plan document (a plan with its rounds) in one transaction."""

from django.db import transaction
from django.utils.translation import gettext as _

from core.documents import DocumentError, Problem, create_row
from organisations.documents import stored_board, stored_organisation

from ..documents.schema import (
    LAYOUTS,
    PLAN_STATES,
    ROUND_KINDS,
    ROUND_STATES,
    SEVERITIES,
    TIMINGS,
    MemoPart,
    PlanDocument,
    RegulationPart,
)
from ..models import (
    Action,
    Control,
    ControlFollowUp,
    CoveringMemo,
    DecisionClause,
    DecisionDocument,
    FollowUpRound,
    Level,
    MemoSection,
    Plan,
    Regulation,
    Risk,
    RiskArea,
    RiskWording,
    Signature,
)


def plan_import(*, document: PlanDocument) -> Plan:
    """Create the plan a checked document describes, with its rounds, all or nothing.

    The organisation, board and regulation are reused by name (a stored regulation must
    have the file's levels). Raises DocumentError, with paths into the document, for
    anything that conflicts with what is stored.
    """
    with transaction.atomic():
        organisation = stored_organisation(document.organisation, ("organisation",))
        board = stored_board(organisation, document.board, ("board",))
        regulation = _regulation(organisation, document.regulation)
        if existing := Plan.objects.filter(board=board, year=document.plan.year).first():
            raise DocumentError(
                [
                    Problem(
                        ("plan", "year"),
                        _(
                            "%(board)s already has a plan for %(year)s (id %(id)s); it is not "
                            "imported twice."
                        )
                        % {"board": board, "year": document.plan.year, "id": existing.pk},
                    )
                ]
            )
        part = document.plan
        plan = create_row(
            Plan,
            ("plan",),
            board=board,
            regulation=regulation,
            year=part.year,
            title=part.title,
            prepared_on=part.dated,
            adopted_on=part.adopted_on,
            minute_reference=part.minute_reference,
            registration_number=part.registration_number,
            introduction_heading=part.introduction_heading,
            introduction=part.introduction,
            state=PLAN_STATES[part.state],
        )
        controls = _areas(plan, document)
        levels = {level.label: level for level in regulation.levels.all()}
        risks = {risk.number: risk for risk in plan.risks.all()}
        for index, round_part in enumerate(document.rounds):
            path = ("rounds", index)
            memo = _memo(board, round_part.memo, path + ("memo",)) if round_part.memo else None
            follow_up_round = create_row(
                FollowUpRound,
                path,
                plan=plan,
                kind=ROUND_KINDS[round_part.kind],
                title=round_part.title,
                date=round_part.date,
                introduction_heading=round_part.introduction_heading,
                introduction=round_part.introduction,
                table_heading=round_part.table_heading,
                state=ROUND_STATES[round_part.state],
                memo=memo,
            )
            for w_index, wording in enumerate(round_part.risk_wordings):
                create_row(
                    RiskWording,
                    path + ("risk_wordings", w_index),
                    round=follow_up_round,
                    risk=risks[wording.risk],
                    text=wording.text,
                )
            for r_index, result in enumerate(round_part.results):
                result_path = path + ("results", r_index)
                follow_up = create_row(
                    ControlFollowUp,
                    result_path,
                    round=follow_up_round,
                    control=controls[(result.risk, result.control)],
                    level=levels[result.assessment] if result.assessment else None,
                    result=result.result,
                    control_wording=result.control_wording,
                )
                for a_index, action in enumerate(result.actions):
                    create_row(
                        Action,
                        result_path + ("actions", a_index),
                        follow_up=follow_up,
                        position=a_index + 1,
                        description=action.description,
                        responsible=action.responsible,
                        end_date=action.end_date,
                        done=action.done,
                    )
    return plan


def _regulation(organisation, part: RegulationPart) -> Regulation:
    stored = organisation.control_regulations.filter(name=part.name).first()
    wanted = [(level.label, SEVERITIES[level.severity]) for level in part.levels]
    if stored is None:
        regulation = create_row(
            Regulation,
            ("regulation",),
            organisation=organisation,
            name=part.name,
            report_layout=LAYOUTS[part.report_layout],
        )
        for index, (label, severity) in enumerate(wanted):
            create_row(
                Level,
                ("regulation", "levels", index),
                regulation=regulation,
                position=index + 1,
                label=label,
                severity=severity,
            )
        return regulation
    have = [(level.label, level.severity) for level in stored.levels.order_by("position")]
    if have != wanted or stored.report_layout != LAYOUTS[part.report_layout]:
        raise DocumentError(
            [
                Problem(
                    ("regulation",),
                    _(
                        "%(name)s is stored with other levels or another report layout; "
                        "describe it as stored, or give it another name."
                    )
                    % {"name": part.name},
                )
            ]
        )
    return stored


def _areas(plan: Plan, document: PlanDocument) -> dict[tuple[int, int], Control]:
    controls = {}
    for a_index, area_part in enumerate(document.areas):
        area = create_row(
            RiskArea, ("areas", a_index), plan=plan, position=a_index + 1, name=area_part.name
        )
        for r_index, risk_part in enumerate(area_part.risks):
            path = ("areas", a_index, "risks", r_index)
            risk = create_row(
                Risk,
                path,
                plan=plan,
                area=area,
                number=risk_part.number,
                description=risk_part.description,
                existing_routines=risk_part.existing_routines,
                mandatory=risk_part.mandatory,
                probability=risk_part.probability,
                consequence=risk_part.consequence,
                stated_value=risk_part.value,
            )
            for c_index, control_part in enumerate(risk_part.controls):
                controls[(risk_part.number, c_index + 1)] = create_row(
                    Control,
                    path + ("controls", c_index),
                    risk=risk,
                    position=c_index + 1,
                    description=control_part.description,
                    method=control_part.method,
                    responsible=control_part.responsible,
                    timing=TIMINGS.get(control_part.when, ""),
                    due_on=control_part.date,
                    mandatory=control_part.mandatory,
                )
    return controls


def _memo(board, part: MemoPart, path) -> CoveringMemo:
    memo = create_row(
        CoveringMemo,
        path,
        board=board,
        sender=part.from_,
        title=part.title,
        date=part.date,
        registration_number=part.registration_number,
        case_officer=part.case_officer,
        decision_intro=part.decision_intro,
        documents_after=part.documents_after_section,
        signed_for=part.signed_for,
    )
    for index, text in enumerate(part.decision):
        create_row(
            DecisionClause, path + ("decision", index), memo=memo, position=index + 1, text=text
        )
    for index, section in enumerate(part.sections):
        create_row(
            MemoSection,
            path + ("sections", index),
            memo=memo,
            position=index + 1,
            heading=section.heading,
            text=section.text,
        )
    for index, text in enumerate(part.documents):
        create_row(
            DecisionDocument, path + ("documents", index), memo=memo, position=index + 1, text=text
        )
    for index, signature in enumerate(part.signatures):
        create_row(
            Signature,
            path + ("signatures", index),
            memo=memo,
            position=index + 1,
            name=signature.name,
            title=signature.title,
        )
    return memo
