"""WCAG 1.4.10 reflow: at 320 px wide no page scrolls sideways (the header wraps; a wide
table scrolls inside its own box), and every page passes axe-core there too."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from reviews.models import Recommendation
from tests.browser.test_internal_control_flow import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What sticks out of the page, if anything: elements wider than the viewport that are not
# inside a box of their own that scrolls.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  return [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > width + 1 && !el.closest('.table-scroll'))
    .slice(0, 5).map(el => el.tagName + '.' + el.className);
}"""


def test_no_page_scrolls_sideways_on_a_phone(live_server, signed_in, seed_review, screenshot):
    page = signed_in
    page.set_viewport_size({"width": 320, "height": 700})
    audit = seed_review.reviewed_audits.first().audit
    recommendation = Recommendation.objects.filter(audit=audit).first()
    board = recommendation.addressed_to.first()
    urls = {
        "reviews": reverse("reviews:review-list"),
        "audits": reverse("reviews:audit-list"),
        "recommendations": reverse("reviews:recommendation-list"),
        "summary": reverse("reviews:review-summary", args=[seed_review.pk]),
        "boards": reverse("reviews:review-boards", args=[seed_review.pk])
        + (f"?board={board.pk}" if board else ""),
        "assessments": reverse("reviews:assessment-screen", args=[seed_review.pk, audit.pk]),
        "recommendation": reverse("reviews:recommendation-detail", args=[recommendation.pk]),
        "plans": reverse("internal_control:plan-list"),
        "not-found": "/no-such-page/",
    }
    wide = {}
    for name, url in urls.items():
        page.goto(live_server.url + url, wait_until="load")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        if sticking_out := page.evaluate(OVERFLOW):
            wide[name] = sticking_out
        assert axe_violations(page) == [], name
        if name in ("summary", "assessments", "not-found"):
            screenshot(f"phone-{name}")
    assert wide == {}, wide


@pytest.fixture
def expected_console_errors() -> list[str]:
    return ["status of 404"]  # the not-found page, visited on purpose
