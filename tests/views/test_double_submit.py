"""A Save pressed twice (or two people creating the same thing at once): the second
insert meets the first in the database, and the user gets the form's own "already
exists" message, not a 500 from the IntegrityError."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from core.versioning import insert
from reviews.models import Audit, FollowUpReview
from reviews.views import audits as audit_views
from reviews.views import reviews as review_views
from tests.factories import ReviewFactory
from tests.helpers import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def first_click_lands_in_between(monkeypatch):
    """The other request's insert lands after this one's form was checked and before its
    service runs: what the second of two simultaneous requests meets."""

    def arrange(view_module, service_name: str, model, **twin):
        service = getattr(view_module, service_name)

        def after_the_other_click(**kwargs):
            model.objects.create(**twin)
            return service(**kwargs)

        monkeypatch.setattr(view_module, service_name, after_the_other_click)

    return arrange


def test_an_insert_that_meets_a_twin_in_the_database_is_a_validation_error(db, monkeypatch):
    """The last moment: both requests passed every check, the database refuses one."""
    review = ReviewFactory()
    twin = FollowUpReview(
        organisation=review.organisation, title=review.title, year=2025, firm=review.firm
    )
    monkeypatch.setattr(twin, "full_clean", lambda: None)  # checked before the first landed
    with transaction.atomic():
        with pytest.raises(ValidationError) as refused:
            insert(twin)
        # The transaction goes on (PostgreSQL aborts it after an error unless a
        # savepoint took the error).
        assert FollowUpReview.objects.count() == 1
    assert refused.value.messages == [
        "Uppföljande granskning med samma Organisation och Titel finns redan."
    ]


def test_a_review_saved_twice_at_once_gets_the_forms_own_message(
    auditor_client, seed_review, first_click_lands_in_between
):
    organisation = seed_review.organisation
    url = reverse("reviews:review-create") + f"?organisation={organisation.pk}"
    data = form_data(auditor_client.get(url).content.decode(), "form.review-form")
    data.update(title="Uppföljande granskning 2025", year="2025", firm=str(seed_review.firm.pk))
    data["audit-0-include"] = "on"
    first_click_lands_in_between(
        review_views,
        "review_save",
        FollowUpReview,
        organisation=organisation,
        title="Uppföljande granskning 2025",
        year=2025,
        firm=seed_review.firm,
    )

    response = auditor_client.post(url, data)

    assert response.status_code == 400
    assert (
        "Haninge kommun har redan en uppföljande granskning med den här titeln."
        in response.content.decode()
    )
    assert 'value="Uppföljande granskning 2025"' in response.content.decode()  # kept
    assert FollowUpReview.objects.filter(title="Uppföljande granskning 2025").count() == 1


def new_audit(client, organisation, *, title: str, year: int, firm) -> tuple[str, dict]:
    """The audit editor's create page and what it sends for a one-recommendation audit."""
    url = reverse("reviews:audit-create") + f"?organisation={organisation.pk}"
    data = form_data(client.get(url).content.decode(), "form.audit-form")
    data |= {
        "title": title,
        "year": str(year),
        "firm": str(firm.pk),
        "rec-0-number": "1",
        "rec-0-text": "Säkerställ att avtal följs upp.",
        "rec-0-addressed_to_all_boards": "on",
    }
    return url, data


def test_an_audit_saved_twice_at_once_gets_the_forms_own_message(
    auditor_client, seed_review, first_click_lands_in_between
):
    organisation, firm = seed_review.organisation, seed_review.firm
    title = "Granskning av upphandling"
    url, data = new_audit(auditor_client, organisation, title=title, year=2025, firm=firm)
    first_click_lands_in_between(
        audit_views, "audit_save", Audit, organisation=organisation, title=title, year=2025,
        firm=firm,
    )  # fmt: skip

    response = auditor_client.post(url, data)

    assert response.status_code == 400
    assert (
        "Haninge kommun har redan en granskning med den här titeln och året."
        in response.content.decode()
    )
    assert Audit.objects.filter(title=title).count() == 1


def test_an_audit_that_already_exists_is_refused_by_the_form_itself(auditor_client, seed_review):
    existing = seed_review.audits.first()
    url, data = new_audit(
        auditor_client,
        seed_review.organisation,
        title=existing.title,
        year=existing.year,
        firm=existing.firm,
    )
    response = auditor_client.post(url, data)
    assert response.status_code == 400
    assert "har redan en granskning med den här titeln och året." in response.content.decode()
