"""Internal-control fixtures: the two seed documents, and small plans written as plan
files (the format is the shortest way to say a whole plan)."""

from pathlib import Path

import pytest

from internal_control.documents import read_plan_file
from internal_control.models import Plan
from internal_control.services import plan_import

FIXTURES = Path(__file__).resolve().parent.parent.parent / "fixtures"
UPPSALA = FIXTURES / "uppsala-amn-internkontroll-2024.yaml"  # seed 002
SOCIAL = FIXTURES / "socialnamnden-internkontroll-2023.yaml"  # seed 004


def import_text(text: str) -> Plan:
    document, _lines = read_plan_file(text)
    return plan_import(document=document)


@pytest.fixture
def uppsala_plan(db) -> Plan:
    """Arbetsmarknadsnämnden's 2024 plan (a draft: its values are not in the seed) with
    the submitted half-year follow-up."""
    return import_text(UPPSALA.read_text(encoding="utf-8"))


@pytest.fixture
def social_plan(db) -> Plan:
    """Socialnämnden's adopted 2023 plan with its submitted year-end follow-up."""
    return import_text(SOCIAL.read_text(encoding="utf-8"))


def plan_file(
    *,
    organisation: str = "Haninge kommun",
    board: str = "Socialnämnden",
    year: int = 2025,
    state: str = "utkast",
    risks: int = 2,
    controls: int = 2,
    round_state: str | None = "utkast",
    assessed: bool = False,
) -> str:
    """A plan file of `risks` risks (probability 3, consequence 4) with `controls` controls
    each, in one area, and optionally a round (with every control assessed, or none)."""
    lines = [
        "format: audit-tracker/internal-control 1",
        f"organisation: {{name: {organisation}}}",
        "regulation:",
        "  name: Reglemente",
        "  levels:",
        "    - {label: Inga brister, severity: inga brister}",
        "    - {label: Mindre brister, severity: mindre brister}",
        "    - {label: Ingen bedömning gjord, severity: ingen bedömning}",
        f"board: {{name: {board}}}",
        f"plan: {{title: Plan för intern kontroll {year}, year: {year}, state: {state}}}",
        "areas:",
        "  - name: Ekonomi",
        "    risks:",
    ]
    for number in range(1, risks + 1):
        lines += [
            f"      - number: {number}",
            f"        description: Risk {number} att något går fel.",
            "        probability: 3",
            "        consequence: 4",
            "        controls:",
        ]
        lines += [f"          - description: Kontroll {number}.{c}" for c in range(1, controls + 1)]
    if round_state:
        lines += [
            "rounds:",
            f"  - title: Uppföljning {year}",
            f"    date: {year}-09-01",
            f"    state: {round_state}",
            "    results:",
        ]
        for number in range(1, risks + 1):
            for place in range(1, controls + 1):
                lines += [
                    f"      - risk: {number}",
                    f"        control: {place}",
                    *(["        assessment: Mindre brister"] if assessed else []),
                    f"        result: Resultat för {number}.{place}.",
                    "        actions:",
                    f"          - {{description: Åtgärd {number}.{place}, end_date: {year}-12-31}}",
                ]
        if round_state == "utkast":
            pass
    if lines[-1] == "    results:":
        lines[-1] = "    results: []"
    return "\n".join(lines) + "\n...\n"
