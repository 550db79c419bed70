"""Every text a user writes is bounded (a 2 MB findings text made each draft PDF take a
minute): the page shows the limit, and a longer text is refused with its count, kept on
screen, and not saved."""

import pytest
from django.urls import reverse

from core.validators import TEXT_MAX_LENGTH
from reviews.models import Assessment
from tests.helpers import form_data

pytestmark = pytest.mark.django_db


def test_findings_over_the_limit_are_refused_with_the_count_and_kept(
    auditor_client, seed_review, cyber
):
    url = reverse("reviews:assessment-screen", args=[seed_review.pk, cyber.pk])
    html = auditor_client.get(url).content.decode()
    assert f'data-max-length="{TEXT_MAX_LENGTH}"' in html
    data = form_data(html, "form.assessment-form")
    too_long = "Iakttagelse. " * 1600  # 20,800 characters
    data["assessment-0-findings"] = too_long
    before = list(Assessment.objects.values_list("pk", "findings", "version"))

    response = auditor_client.post(url, data)

    assert response.status_code == 400
    page = response.content.decode()
    assert f"som mest {TEXT_MAX_LENGTH} tecken (den har {len(too_long.strip())})" in page
    assert too_long.strip() in page
    assert list(Assessment.objects.values_list("pk", "findings", "version")) == before


def test_a_recommendation_text_over_the_limit_is_refused_in_the_audit_editor(auditor_client, cyber):
    url = reverse("reviews:audit-edit", args=[cyber.pk])
    data = form_data(auditor_client.get(url).content.decode(), "form.audit-form")
    data["rec-0-text"] = "x" * (TEXT_MAX_LENGTH + 1)
    response = auditor_client.post(url, data)
    assert response.status_code == 400
    assert f"som mest {TEXT_MAX_LENGTH} tecken (den har {TEXT_MAX_LENGTH + 1})" in (
        response.content.decode()
    )
    assert cyber.recommendations.get(number=1).text != "x" * (TEXT_MAX_LENGTH + 1)
