"""The rules of a plan document that no schema can say: references, uniqueness, and what
an adopted plan and a submitted round need."""

from django.utils.translation import gettext as _

from core.documents import Path, Problem

from ..choices import RISK_VALUES
from ..models import stated_value_refusal
from .schema import PlanDocument, RiskPart


def check_document(document: PlanDocument) -> list[Problem]:
    problems: list[Problem] = []
    problems += _check_levels(document)
    risks: dict[int, RiskPart] = {}
    adopted = document.plan.state == "antagen"
    for path, risk in document.risks():
        if risk.number in risks:
            problems.append(
                Problem(
                    path + ("number",),
                    _("Risk %(number)s appears twice in this plan.") % {"number": risk.number},
                )
            )
        risks[risk.number] = risk
        problems += _check_risk(risk, path, adopted)
    labels = {level.label for level in document.regulation.levels}
    titles: set[str] = set()
    for r_index, round_part in enumerate(document.rounds):
        path: Path = ("rounds", r_index)
        if round_part.title in titles:
            problems.append(Problem(path + ("title",), _("Two rounds have this title.")))
        titles.add(round_part.title)
        problems += _check_round(round_part, path, risks, labels)
    return problems


def _check_levels(document: PlanDocument) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    unassessed = 0
    for index, level in enumerate(document.regulation.levels):
        path = ("regulation", "levels", index)
        if level.label in seen:
            problems.append(Problem(path + ("label",), _("This level is listed twice.")))
        seen.add(level.label)
        if level.severity == "ingen bedömning":
            unassessed += 1
            if unassessed > 1:
                problems.append(
                    Problem(
                        path + ("severity",), _("A scale has at most one 'no assessment' level.")
                    )
                )
    return problems


def _check_risk(risk: RiskPart, path: Path, adopted: bool) -> list[Problem]:
    problems = []
    if (risk.probability is None) != (risk.consequence is None):
        missing = "consequence" if risk.consequence is None else "probability"
        problems.append(
            Problem(path + (missing,), _("Give both probability and consequence, or neither."))
        )
    if risk.value is not None:
        if risk.probability is not None or risk.consequence is not None:
            problems.append(
                Problem(
                    path + ("value",),
                    _(
                        "The value is computed from probability and consequence; give it only "
                        "when the document states the value alone."
                    ),
                )
            )
        elif risk.value not in RISK_VALUES:
            problems.append(Problem(path + ("value",), stated_value_refusal(risk.value)))
    has_value = risk.value is not None or (risk.probability and risk.consequence)
    if adopted and not has_value:
        problems.append(
            Problem(
                path,
                _(
                    "An adopted plan needs a value for every risk: give probability and "
                    "consequence (or the value the document states), or mark the plan utkast."
                ),
            )
        )
    for c_index, control in enumerate(risk.controls):
        c_path = path + ("controls", c_index)
        if control.when == "datum" and control.date is None:
            problems.append(Problem(c_path + ("date",), _("'when: datum' needs the date.")))
        if control.date is not None and control.when != "datum":
            problems.append(Problem(c_path + ("when",), _("A date needs 'when: datum'.")))
    return problems


def _check_round(round_part, path: Path, risks: dict[int, RiskPart], labels: set[str]):
    problems = []
    assessed: set[tuple[int, int]] = set()
    seen: set[tuple[int, int]] = set()
    for index, result in enumerate(round_part.results):
        result_path = path + ("results", index)
        risk = risks.get(result.risk)
        if risk is None:
            problems.append(
                Problem(
                    result_path + ("risk",),
                    _("The plan has no risk %(number)s.") % {"number": result.risk},
                )
            )
            continue
        if result.control > len(risk.controls):
            problems.append(
                Problem(
                    result_path + ("control",),
                    _("Risk %(risk)s has %(count)s control(s); there is no control %(number)s.")
                    % {"risk": result.risk, "count": len(risk.controls), "number": result.control},
                )
            )
            continue
        key = (result.risk, result.control)
        if key in seen:
            problems.append(
                Problem(result_path, _("This control already has a result in this round."))
            )
        seen.add(key)
        if result.assessment is not None:
            if result.assessment not in labels:
                problems.append(
                    Problem(
                        result_path + ("assessment",),
                        _("%(label)r is not a level of the regulation; use one of: %(labels)s")
                        % {"label": result.assessment, "labels": ", ".join(sorted(labels))},
                    )
                )
            assessed.add(key)
    if round_part.state == "inlämnad":
        for number, risk in risks.items():
            for place in range(1, len(risk.controls) + 1):
                if (number, place) not in assessed:
                    problems.append(
                        Problem(
                            path + ("state",),
                            _(
                                "A submitted round assesses every control; control %(place)s "
                                "of risk %(risk)s has no assessment (use the scale's 'no "
                                "assessment' level, or mark the round utkast)."
                            )
                            % {"place": place, "risk": number},
                        )
                    )
    wordings: set[int] = set()
    for index, wording in enumerate(round_part.risk_wordings):
        w_path = path + ("risk_wordings", index)
        if wording.risk not in risks:
            problems.append(
                Problem(
                    w_path + ("risk",),
                    _("The plan has no risk %(number)s.") % {"number": wording.risk},
                )
            )
        if wording.risk in wordings:
            problems.append(Problem(w_path, _("This risk already has a wording in this round.")))
        wordings.add(wording.risk)
    memo = round_part.memo
    if memo and memo.documents_after_section is not None:
        if memo.documents_after_section > len(memo.sections):
            problems.append(
                Problem(
                    path + ("memo", "documents_after_section"),
                    _("The memo has only %(count)s section(s).") % {"count": len(memo.sections)},
                )
            )
    return problems
