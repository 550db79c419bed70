"""An auditor starts next year's follow-up from the form filled in from the last one, and
picks audits from the proposal by keyboard."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_auditor_creates_a_review_from_the_proposed_audits(
    live_server, signed_in, seed_review, screenshot
):
    page = signed_in
    page.get_by_role("button", name="Ny uppföljande granskning").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ny uppföljande granskning")

    # Filled in from the seed review, which is still a draft: the year after, its firm,
    # the audits with open recommendations chosen and numbered; a warning about the draft.
    expect(page.get_by_label("Titel")).to_have_value("Uppföljande granskning 2025")
    expect(page.get_by_label("År", exact=True)).to_have_value("2025")
    expect(page.get_by_label("Revisionsbyrå")).to_have_value(str(seed_review.firm_id))
    expect(page.get_by_role("status").filter(has_text="är fortfarande ett utkast")).to_be_visible()
    # This auditor follows up two of them only: clear the proposal first.
    for box in page.get_by_role("checkbox", name="Följ upp").all():
        box.uncheck()
    for number in page.get_by_role("spinbutton", name="Kapitel för").all():
        number.fill("")
    # Keyboard only: focus the tick box, tick it with the space bar, type the chapter.
    page.get_by_label("Följ upp Granskning av cybersäkerhet (2022)").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.type("2")
    page.get_by_label("Följ upp Granskning av skyddade personuppgifter (2022)").check()
    page.get_by_label("Kapitel för Granskning av skyddade personuppgifter (2022)").fill("1")
    screenshot("review-create")
    page.keyboard.press("Control+s")

    expect(page.get_by_role("heading", level=1)).to_contain_text("Uppföljande granskning 2025")
    table = page.get_by_role("table", name="Rekommendationer per granskning och status")
    rows = table.get_by_role("rowheader")
    expect(rows).to_have_text(
        [
            "Granskning av skyddade personuppgifter (2022)",
            "Granskning av cybersäkerhet (2022)",
            "Totalt:",
        ]
    )
    # Cybersecurity's two implemented recommendations are not followed up again.
    cybersecurity = table.get_by_role("row", name="Granskning av cybersäkerhet (2022)")
    expect(cybersecurity.get_by_role("cell")).to_have_text(["-", "-", "-", "1"])
    screenshot("review-created")
