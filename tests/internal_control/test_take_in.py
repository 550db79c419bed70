"""From the audit to the plan: a recommendation a published follow-up found partly or not
implemented, taken by the board's officer into the board's next plan in one step; the link
shown on the recommendation, the plan and the review."""

import pytest
from django.urls import reverse

from internal_control.models import Control, Risk
from organisations.models import Board, Role
from reviews.services import review_publish
from tests.factories import MembershipFactory

from .conftest import import_text, plan_file

WELFARE = "Granskning av hantering och utbetalning av försörjningsstöd"


@pytest.fixture
def published_seed(seed_review, monkeypatch):
    """The seed review published (its PDF is not what is tried here)."""
    monkeypatch.setattr("reviews.services.rendering.render_pdf", lambda html: b"%PDF-1.7")
    return review_publish(review=seed_review)


@pytest.fixture
def next_plan(published_seed):
    """Socialnämnden's draft plan for 2025, in the seed's Haninge kommun."""
    return import_text(
        plan_file(organisation="Haninge kommun", board="Socialnämnden", round_state=None)
    )


@pytest.fixture
def officer(client, respondent, next_plan):
    """Sofia, Socialnämnden's officer in the seed's Haninge kommun."""
    client.force_login(respondent)
    return client


def recommendation(published_seed, number):
    return published_seed.audits.get(title=WELFARE).recommendations.get(number=number)


def test_the_officer_takes_a_partly_implemented_recommendation_in_as_a_risk(
    officer, published_seed, next_plan
):
    partial = recommendation(published_seed, 4)  # delvis åtgärdad
    page = officer.get(reverse("reviews:recommendation-detail", args=[partial.pk])).content.decode()
    take_in = reverse("internal_control:recommendation-take-in", args=[partial.pk])
    assert take_in in page
    area = next_plan.areas.get()
    response = officer.post(take_in, {"target": f"area-{area.pk}"})
    risk = Risk.objects.get(plan=next_plan, number=3)
    assert response.status_code == 302 and response["Location"].endswith(f"/risks/{risk.pk}/edit/")
    assert risk.description == partial.text and list(risk.recommendations.all()) == [partial]
    # Shown both ways: the recommendation names the plan, the plan the recommendation.
    page = officer.get(reverse("reviews:recommendation-detail", args=[partial.pk])).content.decode()
    assert f"Risk 3 i {next_plan.title}" in page
    plan_page = officer.get(next_plan.get_absolute_url()).content.decode()
    assert reverse("reviews:recommendation-detail", args=[partial.pk]) in plan_page


def test_as_a_control_under_an_existing_risk_and_listed_in_the_review(
    officer, published_seed, next_plan, auditor
):
    partial = recommendation(published_seed, 4)
    risk = next_plan.risks.get(number=1)
    take_in = reverse("internal_control:recommendation-take-in", args=[partial.pk])
    assert officer.post(take_in, {"target": f"risk-{risk.pk}"}).status_code == 302
    control = Control.objects.get(risk=risk, position=3)
    assert list(control.recommendations.all()) == [partial]
    officer.force_login(auditor)  # the seed's auditor
    summary = officer.get(reverse("reviews:review-summary", args=[published_seed.pk]))
    page = summary.content.decode()
    assert "Öppna rekommendationer i nämndernas internkontrollplaner" in page
    assert f"Kontrollmoment 1.3 i {next_plan.title}" in page


def test_an_implemented_recommendation_is_not_taken_in(officer, published_seed, next_plan):
    implemented = recommendation(published_seed, 1)  # åtgärdad
    detail = officer.get(reverse("reviews:recommendation-detail", args=[implemented.pk]))
    take_in = reverse("internal_control:recommendation-take-in", args=[implemented.pk])
    assert take_in not in detail.content.decode()
    area = next_plan.areas.get()
    assert officer.post(take_in, {"target": f"area-{area.pk}"}).status_code == 400
    assert not Risk.objects.filter(recommendations=implemented).exists()


def test_only_the_addressed_boards_officers_and_only_into_open_plans(
    client, published_seed, next_plan, auditor, django_user_model
):
    partial = recommendation(published_seed, 4)
    take_in = reverse("internal_control:recommendation-take-in", args=[partial.pk])
    haninge = next_plan.board.organisation
    client.force_login(auditor)
    assert client.get(take_in).status_code == 403  # sees it, is no board's officer
    other = django_user_model.objects.create_user("kent")
    MembershipFactory(
        user=other,
        organisation=haninge,
        role=Role.BOARD_RESPONDENT,
        boards=[Board.objects.get(organisation=haninge, name="Kommunstyrelsen")],
    )
    client.force_login(other)
    assert client.get(take_in).status_code in (403, 404)  # not addressed to their board
    # Another organisation's target is no choice, even for the right officer.
    officer = django_user_model.objects.create_user("sofia2")
    MembershipFactory(
        user=officer, organisation=haninge, role=Role.BOARD_RESPONDENT, boards=[next_plan.board]
    )
    elsewhere = import_text(plan_file(organisation="Nacka kommun", board="Socialnämnden"))
    client.force_login(officer)
    response = client.post(take_in, {"target": f"area-{elsewhere.areas.get().pk}"})
    assert response.status_code == 400
    assert not Risk.objects.filter(recommendations=partial).exists()
