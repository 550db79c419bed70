"""Entering an audit and its recommendations by hand, in the app's own pages."""

import pytest
from django.urls import reverse

from organisations.models import Board
from reviews.models import Audit
from tests.helpers import field_name, form_data

pytestmark = pytest.mark.django_db


def create_url(organisation):
    return f"{reverse('reviews:audit-create')}?organisation={organisation.pk}"


def fill_new_audit(client, organisation):
    html = client.get(create_url(organisation)).content.decode()
    data = form_data(html, "form.audit-form")
    ks = str(Board.objects.get(name="Kommunstyrelsen").pk)
    data.update(
        {
            field_name(html, "Titel"): "Granskning av lönehantering",
            field_name(html, "År"): "2025",
            field_name(html, "Revisionsbyrå"): str(organisation.reviews.get().firm_id),
            "rec-0-number": "1",
            "rec-0-text": "Inför kontroller.",
            "rec-0-observations": "Kontroller saknas.",
            "rec-0-addressed_to": ks,
            "rec-1-number": "2",
            "rec-1-text": "Följ upp kontrollerna.",
            "rec-1-joins_previous": "on",
            "rec-1-addressed_to_all_boards": "on",
        }
    )
    return data


def test_an_auditor_enters_a_new_audit_with_grouped_recommendations(auditor_client, haninge):
    response = auditor_client.post(create_url(haninge), fill_new_audit(auditor_client, haninge))
    assert response.status_code == 302
    audit = Audit.objects.get(title="Granskning av lönehantering")
    group = audit.groups.get()
    assert group.heading == "Rekommendation 1 & 2"
    assert group.observations == "Kontroller saknas."
    assert audit.history.first().history_user.username == "anna"


def test_the_editor_shows_the_stored_audit_and_saves_a_change(auditor_client, seed_review):
    audit = seed_review.audits.get(title="Granskning av cybersäkerhet")
    url = reverse("reviews:audit-edit", args=[audit.pk])
    data = form_data(auditor_client.get(url).content.decode(), "form.audit-form")
    assert data["rec-1-joins_previous"] == "on" and data["rec-2-joins_previous"] == "on"
    data["rec-0-text"] = "Ny lydelse."
    assert auditor_client.post(url, data).status_code == 302
    assert audit.recommendations.get(number=1).text == "Ny lydelse."
    assert audit.groups.count() == 1  # still "Rekommendation 1-3"


def test_a_refused_form_keeps_what_was_typed(auditor_client, haninge):
    data = fill_new_audit(auditor_client, haninge)
    data["rec-1-number"] = "1"  # the same number twice
    response = auditor_client.post(create_url(haninge), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Varje rekommendation behöver ett eget nummer." in html
    assert "Följ upp kontrollerna." in html and "Granskning av lönehantering" in html
    assert not Audit.objects.filter(title="Granskning av lönehantering").exists()


def test_removing_an_assessed_recommendation_is_refused(auditor_client, seed_review):
    audit = seed_review.audits.get(title="Granskning av cybersäkerhet")
    url = reverse("reviews:audit-edit", args=[audit.pk])
    data = form_data(auditor_client.get(url).content.decode(), "form.audit-form")
    data["rec-2-DELETE"] = "on"
    response = auditor_client.post(url, data)
    assert response.status_code == 400
    assert "Rekommendation 3 har bedömningar och kan inte tas bort." in response.content.decode()
    assert audit.recommendations.count() == 3


def test_a_concurrent_edit_of_the_audit_is_refused(auditor_client, seed_review):
    audit = seed_review.audits.get(title="Granskning av cybersäkerhet")
    url = reverse("reviews:audit-edit", args=[audit.pk])
    data = form_data(auditor_client.get(url).content.decode(), "form.audit-form")
    Audit.objects.filter(pk=audit.pk).update(version=2, title="Någon annans titel")
    data[[k for k in data if k.endswith("title")][0]] = "Min titel"
    response = auditor_client.post(url, data)
    assert response.status_code == 409
    assert "Min titel" in response.content.decode()
    assert Audit.objects.get(pk=audit.pk).title == "Någon annans titel"
