"""Playwright driving Debian's chromium against pytest-django's live server."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "artifacts"

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# around it are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def expected_console_errors() -> list[str]:
    """Console errors a test causes on purpose (Chromium logs an HTTP error status, such as
    a refused save's 409, as one), each as part of its text."""
    return []


@pytest.fixture
def page(browser, expected_console_errors):
    """A fresh page; the test fails if it logged a console error it did not expect or raised
    an uncaught script error (Chromium logs a Content-Security-Policy violation as a console
    error)."""
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []

    def on_console(message):
        if message.type == "error" and not any(
            expected in message.text for expected in expected_console_errors
        ):
            errors.append(f"console: {message.text} ({message.location.get('url')})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    yield page
    if not page.is_closed():
        # Let the last page finish loading, so that what it logs is counted too.
        page.wait_for_load_state("load")
    context.close()
    assert errors == [], "The browser logged errors:\n" + "\n".join(errors)


@pytest.fixture
def screenshot(page):
    """Save what the user saw, for people to look at (artifacts/ is not committed)."""

    def take(name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def signed_in(live_server, page, auditor, seed_review):
    """Sign in through the login form, as a person would, with the seed review stored."""
    page.goto(live_server.url)
    page.get_by_label("Användarnamn").fill("anna")
    page.get_by_label("Lösenord").fill("anna-lösenord-1")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uppföljande granskningar")
    page.wait_for_load_state("load")
    return page
