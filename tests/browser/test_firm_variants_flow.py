"""Reports as other firms write them, in a real browser: an auditor assesses a lettered
part with the keyboard and sees the recommendation's status follow by the rule; the pages
that show grades, boards judged apart and a chain of recommendations pass axe-core."""

import pytest
from playwright.sync_api import expect

from organisations.models import Role
from tests.browser.test_internal_control_flow import axe_violations
from tests.factories import MembershipFactory
from tests.test_firm_variants import FILES, import_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def norrvik(live_server, page, auditor):
    """The made-up reviews stored, and the auditor signed in as their auditor."""
    reviews = [import_file(path) for path in FILES]
    MembershipFactory(user=auditor, organisation=reviews[0].organisation, role=Role.AUDITOR)
    page.goto(live_server.url)
    page.get_by_label("Användarnamn").fill("anna")
    page.get_by_label("Lösenord").fill("anna-lösenord-1")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state("load")
    return reviews


def test_a_part_assessed_by_keyboard_derives_the_recommendations_status(
    live_server, page, norrvik, screenshot
):
    graded = norrvik[1]
    page.goto(f"{live_server.url}/reviews/{graded.pk}/")
    page.get_by_role("link", name="Granskning av styrning och uppföljning av investeringar").click()
    page.wait_for_load_state("load")  # the Ctrl+S shortcut is the page's script
    part_b = page.get_by_role("group", name="Status, rekommendation 1 b")
    part_b.get_by_label("Delvis åtgärdad").focus()
    page.keyboard.press("ArrowLeft")  # radios move with the arrow keys: to Åtgärdad
    expect(part_b.get_by_label("Åtgärdad", exact=True)).to_be_checked()
    with page.expect_navigation():
        page.keyboard.press("Control+s")  # saves without the mouse
    expect(page.get_by_text("Sparat.")).to_be_visible()
    expect(page.locator(".derived-status").first).to_contain_text(
        "Status nu: Åtgärdad, härledd ur statusarna nedan."
    )
    screenshot("firm-variants-parts")


def test_the_pages_of_other_firms_reports_pass_axe(live_server, page, norrvik):
    by_board, graded, continued = norrvik
    investeringar = continued.reviewed_audits.get().audit
    latest = continued.issued_recommendations.get()
    for url in [
        f"/reviews/{graded.pk}/",
        f"/reviews/{by_board.pk}/boards/",
        f"/reviews/{by_board.pk}/audits/{by_board.reviewed_audits.get(position=1).audit_id}/",
        f"/reviews/{graded.pk}/audits/{investeringar.pk}/",
        f"/reviews/{graded.pk}/edit/",
        f"/reviews/{graded.pk}/report-parts/",
        f"/reviews/{graded.pk}/audits/{investeringar.pk}/new-recommendations/",
        f"/audits/{investeringar.pk}/edit/",
        f"/recommendations/{latest.pk}/",
    ]:
        page.goto(live_server.url + url)
        assert axe_violations(page) == [], url
