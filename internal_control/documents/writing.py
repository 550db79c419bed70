"""Building the document of a stored plan, to write it back as a file."""

from organisations.documents import board_part, organisation_part

from ..models import Plan
from ..summary import risks_by_area
from .schema import (
    FORMAT,
    LAYOUTS,
    PLAN_STATES,
    ROUND_KINDS,
    ROUND_STATES,
    SEVERITIES,
    TIMINGS,
    ActionPart,
    AreaPart,
    ControlPart,
    LevelPart,
    MemoPart,
    PlanDocument,
    PlanPart,
    RegulationPart,
    ResultPart,
    RiskPart,
    RiskWordingPart,
    RoundPart,
    SectionPart,
    SignaturePart,
)


def word_for(words: dict[str, str], value: str) -> str | None:
    return next((word for word, stored in words.items() if stored == value), None)


def plan_to_document(plan: Plan) -> PlanDocument:
    """The document of a plan read with `Plan.objects.for_export()`."""
    regulation = plan.regulation
    places = {}  # control id → (risk number, place under the risk)
    numbers = {risk.pk: risk.number for risk in plan.risks.all()}
    areas = []
    for area, area_risks in risks_by_area(plan):
        risks = []
        for risk in area_risks:
            controls = []
            for place, control in enumerate(risk.controls.all(), start=1):
                places[control.pk] = (risk.number, place)
                controls.append(
                    ControlPart(
                        description=control.description,
                        method=control.method,
                        responsible=control.responsible,
                        when=word_for(TIMINGS, control.timing),
                        date=control.due_on,
                        mandatory=control.mandatory,
                    )
                )
            risks.append(
                RiskPart(
                    number=risk.number,
                    description=risk.description,
                    mandatory=risk.mandatory,
                    existing_routines=risk.existing_routines,
                    probability=risk.probability,
                    consequence=risk.consequence,
                    value=risk.stated_value,
                    controls=controls,
                )
            )
        areas.append(AreaPart(name=area.name, risks=risks))
    return PlanDocument(
        format=FORMAT,
        organisation=organisation_part(plan.board.organisation),
        regulation=RegulationPart(
            name=regulation.name,
            report_layout=word_for(LAYOUTS, regulation.report_layout),
            levels=[
                LevelPart(label=level.label, severity=word_for(SEVERITIES, level.severity))
                for level in regulation.levels.all()
            ],
        ),
        board=board_part(plan.board),
        plan=PlanPart(
            title=plan.title,
            year=plan.year,
            state=word_for(PLAN_STATES, plan.state),
            dated=plan.prepared_on,
            adopted_on=plan.adopted_on,
            minute_reference=plan.minute_reference,
            registration_number=plan.registration_number,
            introduction_heading=plan.introduction_heading,
            introduction=plan.introduction,
        ),
        areas=areas,
        rounds=[_round_part(round_, places, numbers) for round_ in plan.rounds.all()],
    )


def _round_part(round_, places, numbers) -> RoundPart:
    results = sorted(round_.results.all(), key=lambda result: places[result.control_id])
    return RoundPart(
        title=round_.title,
        kind=word_for(ROUND_KINDS, round_.kind),
        date=round_.date,
        state=word_for(ROUND_STATES, round_.state),
        introduction_heading=round_.introduction_heading,
        introduction=round_.introduction,
        table_heading=round_.table_heading,
        memo=_memo_part(round_.memo) if round_.memo else None,
        risk_wordings=sorted(
            (
                RiskWordingPart(risk=numbers[wording.risk_id], text=wording.text)
                for wording in round_.risk_wordings.all()
            ),
            key=lambda part: part.risk,
        ),
        results=[
            ResultPart(
                risk=places[result.control_id][0],
                control=places[result.control_id][1],
                control_wording=result.control_wording,
                assessment=result.level.label if result.level else None,
                result=result.result,
                actions=[
                    ActionPart(
                        description=action.description,
                        responsible=action.responsible,
                        end_date=action.end_date,
                        done=action.done,
                    )
                    for action in result.actions.all()
                ],
            )
            for result in results
        ],
    )


def _memo_part(memo) -> MemoPart:
    return MemoPart(
        from_=memo.sender,
        title=memo.title,
        date=memo.date,
        registration_number=memo.registration_number,
        case_officer=memo.case_officer,
        decision_intro=memo.decision_intro,
        decision=[clause.text for clause in memo.clauses.all()],
        sections=[
            SectionPart(heading=section.heading, text=section.text)
            for section in memo.sections.all()
        ],
        documents=[document.text for document in memo.documents.all()],
        documents_after_section=memo.documents_after,
        signed_for=memo.signed_for,
        signatures=[
            SignaturePart(name=signature.name, title=signature.title)
            for signature in memo.signatures.all()
        ],
    )
