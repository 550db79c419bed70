"""A board's officer assesses a follow-up's controls with the keyboard only and submits
it; the plan with its risk matrix, the round and the screen pass axe-core."""

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from internal_control.models import ControlFollowUp, FollowUpRound
from organisations.models import Role
from tests.factories import MembershipFactory, password_for
from tests.internal_control.conftest import import_text, plan_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parent.parent.parent / "node_modules" / "axe-core" / "axe.min.js"


def sign_in(page, live_server, username: str) -> None:
    page.goto(live_server.url)
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password_for(username))
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state("load")


def axe_violations(page) -> list[str]:
    """axe-core's WCAG 2.1 A and AA violations on the page (run through the DevTools
    protocol, which the page's Content-Security-Policy does not govern)."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => JSON.stringify(await axe.run(document, {runOnly: {type: 'tag', "
        "values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}))"
    )
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}: {v['nodes'][0]['target']})"
        for v in json.loads(result)["violations"]
    ]


@pytest.fixture
def officer_plan(respondent):
    plan = import_text(plan_file(risks=2, controls=2))
    MembershipFactory(
        user=respondent,
        organisation=plan.board.organisation,
        role=Role.BOARD_RESPONDENT,
        boards=[plan.board],
    )
    return plan


def test_an_officer_fills_a_round_by_keyboard_and_submits_it(
    live_server, page, respondent, officer_plan, screenshot
):
    sign_in(page, live_server, respondent.username)
    page.get_by_role("link", name="Intern kontroll").click()
    page.get_by_role("link", name="Plan för intern kontroll 2025").click()
    page.get_by_role("link", name="Uppföljning 2025").click()
    page.get_by_role("link", name="Bedöm kontrollmomenten").click()
    expect(page.get_by_role("status").first).to_have_text("0 av 4 kontrollmoment bedömda.")

    for number, place in [(1, 1), (1, 2), (2, 1), (2, 2)]:
        label = f"kontrollmoment {number}.{place}"
        group = page.get_by_role("group", name=f"Bedömning, {label}")
        group.get_by_role("radio").first.focus()  # "ännu inte bedömd"
        page.keyboard.press("ArrowDown")  # → Inga brister
        if (number, place) == (2, 2):
            page.keyboard.press("ArrowDown")  # → Mindre brister
        page.keyboard.press("Tab")
        expect(page.get_by_label(f"Resultat, {label}")).to_be_focused()
        page.keyboard.press("Control+a")
        page.keyboard.type(f"Kontrollen {number}.{place} är gjord.")
    screenshot("internal-control-round-screen")
    page.keyboard.press("Control+s")

    expect(page.get_by_role("status").first).to_contain_text("Sparat.")
    expect(page.get_by_text("4 av 4 kontrollmoment bedömda.")).to_be_visible()
    results = ControlFollowUp.objects.filter(round__plan=officer_plan).select_related("level")
    assert sorted(r.level.label for r in results) == ["Inga brister"] * 3 + ["Mindre brister"]
    assert {r.result for r in results} >= {"Kontrollen 2.2 är gjord."}

    page.once("dialog", lambda dialog: dialog.accept())
    submit = page.get_by_role("button", name="Lämna in uppföljningen")
    submit.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("inlämnad till nämnden")
    assert FollowUpRound.objects.get(plan=officer_plan).is_submitted
    counts = page.get_by_role("table", name="Kontrollmoment per bedömning")
    expect(counts.get_by_role("row", name="Mindre brister")).to_contain_text("1")


def test_the_plan_with_its_matrix_the_round_and_the_screen_pass_axe(
    live_server, page, auditor, officer_plan, screenshot
):
    MembershipFactory(user=auditor, organisation=officer_plan.board.organisation, role=Role.AUDITOR)
    sign_in(page, live_server, auditor.username)
    follow_up = officer_plan.rounds.get()
    for path in [
        officer_plan.get_absolute_url(),
        follow_up.get_absolute_url(),
        f"/internal-control/follow-ups/{follow_up.pk}/assess/",
        "/internal-control/",
        "/internal-control/actions/",
    ]:
        page.goto(live_server.url + path)
        assert axe_violations(page) == [], path
    page.goto(live_server.url + officer_plan.get_absolute_url())
    matrix = page.get_by_role("table", name="Risker efter sannolikhet och konsekvens")
    # Both risks have probability 3 and consequence 4: value 12, band "hög", in words.
    cell = matrix.get_by_role("row", name="4").get_by_role("cell").nth(2)
    expect(cell).to_contain_text("12 hög")
    expect(cell.get_by_role("link")).to_have_text(["Risk 1", "Risk 2"])
    screenshot("internal-control-plan")
