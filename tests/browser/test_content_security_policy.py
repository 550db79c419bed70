"""Every kind of page works under the Content-Security-Policy: the app's pages, sign-in and
password pages, and Django's admin with its widgets. The `page` fixture fails the test on
any console error, which is how Chromium reports a blocked script, style or image."""

import pytest
from playwright.sync_api import Page, expect

from organisations.models import Board, Organisation, Role
from reviews.models import Recommendation
from tests.factories import MembershipFactory, password_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def visit(page: Page, url: str) -> None:
    """Open `url` and check that it came with the policy (scripts from our own files only)."""
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, f"{url}: {response and response.status}"
    policy = response.header_value("content-security-policy") or ""
    assert "script-src 'self';" in f"{policy};", f"{url}: {policy!r}"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


@pytest.fixture
def signed_in_administrator(live_server, page, administrator, seed_review) -> Page:
    visit(page, live_server.url)  # redirects to the sign-in page
    page.get_by_label("Användarnamn").fill(administrator.username)
    page.get_by_label("Lösenord").fill(password_for(administrator.username))
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uppföljande granskningar")
    page.wait_for_load_state("load")
    return page


def test_the_apps_pages_work_under_the_policy(live_server, signed_in_administrator, seed_review):
    page, base = signed_in_administrator, live_server.url
    audit = seed_review.reviewed_audits.order_by("position").first().audit
    pages = [
        "/reviews/",
        f"/reviews/{seed_review.pk}/",
        f"/reviews/{seed_review.pk}/audits/{audit.pk}/",
        f"/audits/{audit.pk}/edit/",
        f"/recommendations/?review={seed_review.pk}&status=implemented",
        "/accounts/password_change/",
        "/accounts/password_reset/",
    ]
    for path in pages:
        visit(page, base + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()

    # The assessment screen's own script runs: Ctrl+S submits the form.
    visit(page, f"{base}/reviews/{seed_review.pk}/audits/{audit.pk}/")
    page.keyboard.press("Control+s")
    expect(page.get_by_role("status")).to_contain_text("Sparat.")


def test_the_admin_and_its_widgets_work_under_the_policy(
    live_server, page, administrator, seed_review
):
    base = f"{live_server.url}/admin"
    visit(page, f"{base}/login/")
    page.locator("#id_username").fill(administrator.username)
    page.locator("#id_password").fill(password_for(administrator.username))
    page.locator("input[type=submit]").click()
    expect(page.locator("#site-name")).to_be_visible()

    visit(page, f"{base}/")
    haninge = Organisation.objects.get()
    filtered = f"audit__organisation__id__exact={haninge.pk}&q=rutin"
    visit(page, f"{base}/reviews/recommendation/?{filtered}")
    expect(page.locator("#changelist-filter")).to_be_visible()
    expect(page.locator("#result_list")).to_be_visible()

    # filter_horizontal: SelectFilter2.js turns the list into two boxes.
    board = Board.objects.filter(successors__isnull=False).first()
    visit(page, f"{base}/organisations/board/{board.pk}/change/")
    expect(page.locator("#id_successors_from")).to_be_visible()
    expect(page.locator("#id_successors_to")).to_be_visible()

    membership = MembershipFactory(
        user=administrator, organisation=haninge, role=Role.BOARD_RESPONDENT
    )
    visit(page, f"{base}/organisations/membership/{membership.pk}/change/")
    expect(page.locator("#id_boards_from")).to_be_visible()

    # Autocomplete: select2 fetches the choices from the admin's autocomplete view (a result
    # has aria-selected; the "searching" line has not).
    recommendation = Recommendation.objects.filter(addressed_to__isnull=False).first()
    visit(page, f"{base}/reviews/recommendation/{recommendation.pk}/change/")
    page.locator(".field-addressed_to .select2-selection").click()
    expect(page.locator(".select2-results__option[aria-selected]").first).to_be_visible()
    page.keyboard.press("Escape")

    # An add form with a date and time widget and an inline.
    visit(page, f"{base}/reviews/followupreview/add/")
    page.locator("#calendarlink0").click()
    expect(page.locator(".calendarbox").first).to_be_visible()
    page.locator(".inline-group .add-row a").first.click()
    expect(page.locator(".inline-related.dynamic-reviewed_audits").first).to_be_visible()
