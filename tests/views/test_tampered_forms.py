"""Forms whose rows do not match the page (an id removed, foreign, repeated or not a
number; a row added; the management data gone) are refused with 400 and a message, and
nothing is written. They used to end in a 500."""

import pytest
from django.urls import reverse

from reviews.models import Assessment, Recommendation
from reviews.services import review_publish
from tests.factories import build_review
from tests.helpers import form_data

pytestmark = pytest.mark.django_db


def stored_assessments() -> list[tuple]:
    return list(
        Assessment.objects.order_by("pk").values_list("pk", "status", "findings", "version")
    )


def stored_recommendations() -> list[tuple]:
    return list(Recommendation.objects.order_by("pk").values_list("pk", "audit", "number", "text"))


def screen_data(client, review, audit) -> tuple[str, dict]:
    url = reverse("reviews:assessment-screen", args=[review.pk, audit.pk])
    data = form_data(client.get(url).content.decode(), "form.assessment-form")
    data["assessment-0-findings"] = "Ändrad text som inte får sparas."
    return url, data


def other_assessment(review, audit) -> int:
    """An assessment of the same review, but of another audit's recommendation."""
    return Assessment.objects.filter(review=review).exclude(recommendation__audit=audit).first().pk


TAMPERINGS = {
    "no id": lambda data, foreign: data.pop("assessment-0-id"),
    "id not a number": lambda data, foreign: data.update({"assessment-0-id": "1 OR 1=1"}),
    "id in other digits": lambda data, foreign: data.update({"assessment-0-id": "²"}),
    "id of 5,000 digits": lambda data, foreign: data.update({"assessment-0-id": "9" * 5000}),
    "foreign id": lambda data, foreign: data.update({"assessment-0-id": str(foreign)}),
    "repeated id": lambda data, foreign: data.update({"assessment-1-id": data["assessment-0-id"]}),
    "extra row": lambda data, foreign: data.update(
        {
            "assessment-TOTAL_FORMS": "4",
            "assessment-INITIAL_FORMS": "4",
            "assessment-3-id": str(foreign),
            "assessment-3-version": "1",
        }
    ),
    "extra new row": lambda data, foreign: data.update({"assessment-TOTAL_FORMS": "4"}),
    "no management form": lambda data, foreign: data.pop("assessment-TOTAL_FORMS"),
    "absurd row count": lambda data, foreign: data.update(
        {"assessment-TOTAL_FORMS": "99999999", "assessment-INITIAL_FORMS": "99999999"}
    ),
}


@pytest.mark.parametrize("tampering", TAMPERINGS)
def test_the_assessment_screen_refuses_rows_that_are_not_its_own(
    auditor_client, seed_review, cyber, tampering
):
    url, data = screen_data(auditor_client, seed_review, cyber)
    TAMPERINGS[tampering](data, other_assessment(seed_review, cyber))
    before = stored_assessments()

    response = auditor_client.post(url, data)

    assert response.status_code == 400
    assert "stämmer inte med rekommendationerna på sidan" in response.content.decode()
    assert stored_assessments() == before


def test_an_assessment_of_another_organisation_cannot_be_slipped_in(
    auditor_client, seed_review, cyber
):
    elsewhere = build_review(audits=1, recommendations=1).assessments.get()
    url, data = screen_data(auditor_client, seed_review, cyber)
    data["assessment-0-id"] = str(elsewhere.pk)
    before = stored_assessments()
    assert auditor_client.post(url, data).status_code == 400
    assert stored_assessments() == before


def test_a_published_screen_has_no_save_shortcut_and_its_disabled_form_is_no_500(
    auditor_client, seed_review, cyber
):
    review_publish(review=seed_review)
    url = reverse("reviews:assessment-screen", args=[seed_review.pk, cyber.pk])
    html = auditor_client.get(url).content.decode()
    assert "data-save-shortcut" not in html
    # What a browser sends for a form whose every field is disabled (Ctrl+S used to).
    before = stored_assessments()
    response = auditor_client.post(url, form_data(html, "form.assessment-form"))
    assert response.status_code == 400
    assert stored_assessments() == before


def audit_rows(client, audit) -> tuple[str, dict]:
    url = reverse("reviews:audit-edit", args=[audit.pk])
    return url, form_data(client.get(url).content.decode(), "form.audit-form")


@pytest.mark.parametrize(
    "tampering",
    ["stored row without id", "foreign id", "repeated id", "stored row left out"],
)
def test_the_audit_editor_refuses_rows_that_are_not_the_audits_own(
    auditor_client, cyber, tampering
):
    url, data = audit_rows(auditor_client, cyber)
    foreign = Recommendation.objects.exclude(audit=cyber).first().pk
    if tampering == "stored row without id":
        data["rec-2-id"] = ""  # would become a new recommendation 3 beside the stored one
    elif tampering == "foreign id":
        data["rec-0-id"] = str(foreign)
    elif tampering == "repeated id":
        data["rec-1-id"] = data["rec-0-id"]
    else:  # the last stored row and the empty ones after it are not sent
        for key in [k for k in data if k.startswith(("rec-2-", "rec-3-", "rec-4-"))]:
            del data[key]
        data["rec-TOTAL_FORMS"] = "2"
    before = stored_recommendations()

    response = auditor_client.post(url, data)

    assert response.status_code == 400
    assert "Ladda om sidan" in response.content.decode()
    assert stored_recommendations() == before
