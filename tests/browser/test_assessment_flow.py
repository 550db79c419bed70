"""An auditor reassesses a recommendation, saves by keyboard, and sees the summary change."""

import pytest
from playwright.sync_api import expect

from reviews.models import Assessment, Status
from reviews.services import review_publish
from tests.helpers import FINDINGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_auditor_reassesses_a_recommendation_and_the_summary_follows(
    live_server, signed_in, seed_review, screenshot
):
    page = signed_in
    page.get_by_role("link", name="Uppföljande granskning 2024").click()
    summary = page.get_by_role("table", name="Rekommendationer per granskning och status")
    expect(summary.get_by_role("row").last.get_by_role("cell")).to_have_text(["31", "13", "-"])

    page.get_by_role("link", name="Granskning av cybersäkerhet (2022)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Granskning av cybersäkerhet (2022)"
    )

    status = page.get_by_role("group", name="Status, rekommendation 3")
    status.get_by_label("Åtgärdad", exact=True).check()
    findings = page.get_by_label(f"{FINDINGS} 3")
    findings.fill("Riktlinjerna beslutades av kommunstyrelsen i mars 2025.")
    screenshot("assessment-screen")
    page.keyboard.press("Control+s")  # saves without the mouse

    expect(page.get_by_role("status")).to_contain_text("Sparat.")
    expect(page.get_by_label(f"{FINDINGS} 3")).to_have_value(
        "Riktlinjerna beslutades av kommunstyrelsen i mars 2025."
    )
    saved = Assessment.objects.get(
        review=seed_review,
        recommendation__audit__title="Granskning av cybersäkerhet",
        recommendation__number=3,
    )
    assert saved.status == Status.IMPLEMENTED

    page.get_by_role("link", name="Uppföljande granskning 2024").click()
    summary = page.get_by_role("table", name="Rekommendationer per granskning och status")
    row = summary.get_by_role("row", name="Granskning av cybersäkerhet (2022)")
    expect(row.get_by_role("cell")).to_have_text(["3", "-", "-"])
    expect(summary.get_by_role("row").last.get_by_role("cell")).to_have_text(["32", "12", "-"])


def test_a_refused_save_keeps_what_was_typed(
    live_server, signed_in, seed_review, expected_console_errors
):
    expected_console_errors.append("status of 409 (Conflict)")  # the refusal's status
    page = signed_in
    page.goto(f"{live_server.url}/reviews/{seed_review.pk}/")
    page.get_by_role("link", name="Granskning av cybersäkerhet (2022)").click()
    findings = page.get_by_label(f"{FINDINGS} 1")
    findings.fill("Text som inte får försvinna.")

    # Someone else saves recommendation 1 meanwhile.
    other = Assessment.objects.get(
        review=seed_review,
        recommendation__audit__title="Granskning av cybersäkerhet",
        recommendation__number=1,
    )
    other.findings = "Den andras text."
    other.version += 1
    other.save()

    page.get_by_role("button", name="Spara").first.click()
    expect(page.get_by_role("alert")).to_contain_text("Ingenting sparades")
    expect(page.get_by_label(f"{FINDINGS} 1")).to_have_value("Text som inte får försvinna.")
    expect(page.get_by_text("Den andras text.")).to_be_visible()


def test_a_save_after_publication_is_refused_keeping_the_text_and_the_page_locks(
    live_server, signed_in, seed_review, expected_console_errors
):
    expected_console_errors.append("status of 409 (Conflict)")  # the refusal's status
    page = signed_in
    page.goto(f"{live_server.url}/reviews/{seed_review.pk}/")
    page.get_by_role("link", name="Granskning av cybersäkerhet (2022)").click()
    findings = page.get_by_label(f"{FINDINGS} 2")
    findings.fill("Skrivet medan granskningen publicerades. " * 500)  # 20,500 characters
    expect(page.locator("#id_assessment-1-findings-count")).to_have_text(
        "För lång: 20 500 av högst 20 000 tecken"
    )
    findings.fill("Skrivet medan granskningen publicerades.")
    expect(page.locator("#id_assessment-1-findings-count")).to_have_text(
        "40 av högst 20 000 tecken"
    )

    review_publish(review=seed_review)  # someone else publishes meanwhile
    page.keyboard.press("Control+s")

    expect(page.get_by_role("alert")).to_contain_text("Ingenting sparades")
    expect(page.get_by_label(f"{FINDINGS} 2")).to_have_value(
        "Skrivet medan granskningen publicerades."
    )
    # Opened again, the published screen is read-only and Ctrl+S sends nothing.
    page.goto(page.url)
    expect(page.get_by_label(f"{FINDINGS} 2")).to_be_disabled()
    posts = []
    page.on("request", lambda request: posts.append(request) if request.method == "POST" else 0)
    page.keyboard.press("Control+s")
    page.wait_for_timeout(500)  # time for a submit to start, if one were made
    assert posts == []
