"""A user finds the follow-up review and reads its summary table, by mouse and by keyboard."""

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_user_opens_the_review_and_reads_the_summary(
    live_server, signed_in, seed_review, screenshot
):
    page = signed_in
    expect(page.get_by_role("heading", level=1)).to_have_text("Uppföljande granskningar")
    screenshot("review-list")

    page.get_by_role("link", name="Uppföljande granskning 2024").click()

    table = page.get_by_role("table", name="Rekommendationer per granskning och status")
    expect(table).to_be_visible()
    total = table.get_by_role("row").last
    expect(total.get_by_role("rowheader")).to_have_text("Totalt:")
    expect(total.get_by_role("cell")).to_have_text(["31", "13", "-"])
    cybersecurity = table.get_by_role("row", name="Granskning av cybersäkerhet (2022)")
    expect(cybersecurity.get_by_role("cell")).to_have_text(["2", "1", "-"])
    screenshot("review-summary")


def test_the_summary_is_reachable_by_keyboard(live_server, signed_in, seed_review):
    page = signed_in
    # Start from a fully loaded page, not mid-way through the sign-in redirect.
    page.goto(f"{live_server.url}/reviews/", wait_until="load")
    expect(page.get_by_role("heading", level=1)).to_have_text("Uppföljande granskningar")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Hoppa till innehållet")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    link = page.get_by_role("link", name="Uppföljande granskning 2024")
    for _ in range(30):  # past the filter fields to the first review
        page.keyboard.press("Tab")
        if link.evaluate("el => el === document.activeElement"):
            break
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Uppföljande granskning 2024")


def test_the_csv_download_carries_the_totals(live_server, signed_in, seed_review):
    page = signed_in
    page.goto(f"{live_server.url}/reviews/{seed_review.pk}/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ladda ned tabellen som CSV").click()
    download = download_info.value
    assert download.suggested_filename == "haninge-kommun-uppfoljande-granskning-2024.csv"
    content = open(download.path(), encoding="utf-8-sig").read()
    assert content.splitlines()[-1] == "Totalt:;31;13;0"


def test_the_report_downloads_as_a_pdf(live_server, signed_in, seed_review):
    page = signed_in
    page.goto(f"{live_server.url}/reviews/{seed_review.pk}/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ladda ned rapporten (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == "haninge-kommun-uppfoljande-granskning-2024-utkast.pdf"
    reader = PdfReader(download.path())
    summary = next(p.extract_text() for p in reader.pages if "Totalt:" in p.extract_text())
    assert "Totalt: 31 13 -" in summary
    assert reader.metadata.title == "Uppföljande granskning 2024, Haninge kommun"
