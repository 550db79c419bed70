"""Recording board responses in the app's own pages."""

import pytest
from django.urls import reverse

from organisations.models import Board
from reviews.models import BoardResponse, Stance
from tests.factories import build_review
from tests.helpers import form_data

pytestmark = pytest.mark.django_db


def test_a_response_is_recorded_for_chosen_recommendations(auditor_client, cyber):
    url = reverse("reviews:response-create", args=[cyber.pk])
    data = form_data(auditor_client.get(url).content.decode(), "form.response-form")
    ks = Board.objects.get(name="Kommunstyrelsen")
    rec_3 = cyber.recommendations.get(number=3)
    data.update(
        {
            "boards": str(ks.pk),
            "year": "2025",
            "stance": Stance.PARTLY_ACCEPTED,
            "recommendations": str(rec_3.pk),
            "text": "Riktlinjerna antas under 2025.",
        }
    )
    response = auditor_client.post(url, data)
    assert response.status_code == 302
    saved = BoardResponse.objects.get(year=2025)
    assert list(saved.recommendations.all()) == [rec_3]
    assert saved.heading == "Styrelsens svar 2025"
    assert saved.history.first().history_user.username == "anna"
    page = auditor_client.get(reverse("reviews:audit-edit", args=[cyber.pk])).content.decode()
    assert "Styrelsens svar 2025" in page


def test_recommendations_of_another_audit_are_refused_keeping_the_text(auditor_client, cyber):
    other = build_review(audits=1, recommendations=1).reviewed_audits.get().audit
    url = reverse("reviews:response-create", args=[cyber.pk])
    response = auditor_client.post(
        url,
        {
            "boards": str(Board.objects.get(name="Kommunstyrelsen").pk),
            "year": "2025",
            "stance": Stance.ACCEPTED,
            "recommendations": str(other.recommendations.get().pk),
            "text": "Ett svar som inte får försvinna.",
        },
    )
    assert response.status_code == 400
    assert "Ett svar som inte får försvinna." in response.content.decode()
    assert not BoardResponse.objects.filter(year=2025).exists()


def test_a_concurrent_edit_of_a_response_is_refused(auditor_client, cyber):
    stored = cyber.responses.get()
    url = reverse("reviews:response-edit", args=[stored.pk])
    data = form_data(auditor_client.get(url).content.decode(), "form.response-form")
    BoardResponse.objects.filter(pk=stored.pk).update(version=2, text="Någon annans text.")
    data["text"] = "Min text."
    response = auditor_client.post(url, data)
    assert response.status_code == 409
    assert "Min text." in response.content.decode()
    assert BoardResponse.objects.get(pk=stored.pk).text == "Någon annans text."
