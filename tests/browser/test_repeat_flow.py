"""The second year, in a real browser: the auditor sees what last year's review found,
starts from its findings with one button, works only through what is not yet assessed,
and after saving is back where Save was pressed, with the focus there."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from reviews.models import Assessment, FollowUpReview, ReviewedAudit, Status
from reviews.services import review_publish
from tests.browser.test_internal_control_flow import axe_violations
from tests.factories import build_review
from tests.helpers import FINDINGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def second_year(auditor_of):
    first = build_review(
        audits=1,
        recommendations=3,
        statuses=[Status.PARTIAL, Status.NOT_IMPLEMENTED, Status.PARTIAL],
    )
    FollowUpReview.objects.filter(pk=first.pk).update(year=2024, title="Uppföljning 2024")
    audit = first.reviewed_audits.get().audit
    recommendations = list(audit.recommendations.order_by("number"))
    Assessment.objects.filter(recommendation=recommendations[0]).update(
        findings="Rutinen är påbörjad men inte beslutad."
    )
    review_publish(review=FollowUpReview.objects.get(pk=first.pk))
    second = FollowUpReview.objects.create(
        organisation=first.organisation, title="Uppföljning 2025", year=2025, firm=first.firm
    )
    ReviewedAudit.objects.create(review=second, audit=audit, position=1)
    Assessment.objects.create(review=second, recommendation=recommendations[0])
    Assessment.objects.create(
        review=second, recommendation=recommendations[1], status=Status.IMPLEMENTED
    )
    Assessment.objects.create(review=second, recommendation=recommendations[2])
    auditor_of(first.organisation)
    return second, audit, recommendations


def test_the_auditor_follows_up_again_from_last_years_findings(
    live_server, page, second_year, screenshot
):
    review, audit, (one, two, three) = second_year
    page.goto(live_server.url)
    page.get_by_label("Användarnamn").fill("anna")
    page.get_by_label("Lösenord").fill("anna-lösenord-1")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state("load")
    url = live_server.url + reverse("reviews:assessment-screen", args=[review.pk, audit.pk])
    page.goto(url, wait_until="load")

    jump = page.get_by_role("navigation", name="Rekommendationer som följs upp")
    expect(jump).to_contain_text("1 av 3 bedömda")
    assert axe_violations(page) == []
    screenshot("repeat-screen")

    # Only those not yet assessed: the assessed one hides.
    page.get_by_label("Visa bara de som inte är bedömda").check()
    expect(page.locator(f"#recommendation-{two.pk}")).to_be_hidden()
    expect(page.locator(f"#recommendation-{one.pk}")).to_be_visible()

    # The jump list takes the user to recommendation 1; last year's findings are there.
    jump.get_by_role("link", name=one.numbered_title[:20]).click()
    earlier = page.get_by_role("region", name="Tidigare uppföljningars bedömningar").first
    expect(earlier).to_contain_text("Rutinen är påbörjad men inte beslutad.")
    earlier.get_by_role("button", name="Utgå från iakttagelserna i Uppföljning 2024").click()
    findings = page.get_by_label(f"{FINDINGS} 1")
    expect(findings).to_be_focused()
    expect(findings).to_have_value("Rutinen är påbörjad men inte beslutad.")
    findings.press("End")
    findings.type(" Nu är den beslutad.")
    page.locator(f"#recommendation-{one.pk}").get_by_label("Åtgärdad", exact=True).check()

    # Save in that group: back at the group, focus there, the count moved on.
    page.locator(f"#group-{one.group_id}").locator("xpath=..").get_by_role(
        "button", name="Spara"
    ).click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"#group-{one.group_id}")
    expect(page.locator(f"#group-{one.group_id}")).to_be_focused()
    expect(jump).to_contain_text("2 av 3 bedömda")
    stored = Assessment.objects.get(review=review, recommendation=one)
    assert stored.findings == "Rutinen är påbörjad men inte beslutad. Nu är den beslutad."
    assert stored.status == Status.IMPLEMENTED
