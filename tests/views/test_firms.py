"""Audit firms are shared between organisations, but each organisation's forms and filters
offer only the firms it uses, and a firm not yet among them can be typed in."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from organisations.models import Firm
from reviews.models import Audit, FollowUpReview
from tests.factories import AuditFactory, FirmFactory, OrganisationFactory
from tests.helpers import field_name, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def ystad_firm(db):
    """A small local firm that another organisation uses."""
    firm = FirmFactory(name="Revisionsbyrån i Ystad")
    AuditFactory(organisation=OrganisationFactory(name="Ystads kommun"), firm=firm)
    return firm


def options(html: str, label: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    select = soup.find(attrs={"name": field_name(html, label)})
    return [o.get_text(strip=True) for o in select.find_all("option") if o.get("value")]


def review_create(organisation) -> str:
    return reverse("reviews:review-create") + f"?organisation={organisation.pk}"


def audit_create(organisation) -> str:
    return reverse("reviews:audit-create") + f"?organisation={organisation.pk}"


def test_forms_and_filters_offer_only_the_firms_the_organisation_uses(
    auditor_client, haninge, ystad_firm
):
    for url in (review_create(haninge), audit_create(haninge)):
        assert options(auditor_client.get(url).content.decode(), "Revisionsbyrå") == ["EY"]
    audits = auditor_client.get(reverse("reviews:audit-list")).content.decode()
    assert options(audits, "Revisionsbyrå") == ["EY"]


def test_a_firm_not_in_the_list_is_typed_in_and_added(auditor_client, seed_review, ystad_firm):
    haninge = seed_review.organisation
    html = auditor_client.get(review_create(haninge)).content.decode()
    data = form_data(html, "form.review-form")
    data |= {
        field_name(html, "Titel"): "Uppföljande granskning 2025",
        field_name(html, "År"): "2025",
        field_name(html, "Eller en byrå som inte finns i listan"): "KPMG",
        "audit-0-include": "on",
    }
    # The previous review's firm comes chosen: typing another one as well is refused...
    refused = auditor_client.post(review_create(haninge), data)
    assert refused.status_code == 400
    assert "Välj en byrå i listan eller skriv en, inte båda." in refused.content.decode()
    # ...until the list is cleared.
    data[field_name(html, "Revisionsbyrå")] = ""
    assert auditor_client.post(review_create(haninge), data).status_code == 302
    review = FollowUpReview.objects.get(title="Uppföljande granskning 2025")
    assert review.firm.name == "KPMG"
    # Now KPMG is one of Haninge's firms; typing a stored firm in any case finds it.
    html = auditor_client.get(audit_create(haninge)).content.decode()
    assert options(html, "Revisionsbyrå") == ["EY", "KPMG"]
    data = form_data(html, "form.audit-form")
    data |= {
        "title": "Granskning av upphandling",
        "year": "2025",
        "new_firm": "revisionsbyrån i ystad",
        "rec-0-number": "1",
        "rec-0-text": "Följ upp avtalen.",
        "rec-0-addressed_to_all_boards": "on",
    }
    assert auditor_client.post(audit_create(haninge), data).status_code == 302
    assert Audit.objects.get(title="Granskning av upphandling").firm == ystad_firm
    assert Firm.objects.filter(name__iexact="revisionsbyrån i ystad").count() == 1


@pytest.mark.parametrize(
    "firm, typed, error",
    [
        ("", "", "Välj revisionsbyrå, eller skriv dess namn nedan."),
        ("EY", "KPMG", "Välj en byrå i listan eller skriv en, inte båda."),
        ("other", "", "Välj ett giltigt alternativ."),
    ],
)
def test_a_firm_is_required_once_and_only_from_the_list(
    auditor_client, seed_review, ystad_firm, firm, typed, error
):
    haninge = seed_review.organisation
    html = auditor_client.get(review_create(haninge)).content.decode()
    data = form_data(html, "form.review-form")
    chosen = {"EY": str(seed_review.firm_id), "other": str(ystad_firm.pk), "": ""}[firm]
    data |= {
        field_name(html, "Titel"): "Uppföljande granskning 2025",
        field_name(html, "År"): "2025",
        field_name(html, "Revisionsbyrå"): chosen,
        field_name(html, "Eller en byrå som inte finns i listan"): typed,
        "audit-0-include": "on",
    }
    response = auditor_client.post(review_create(haninge), data)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not FollowUpReview.objects.filter(title="Uppföljande granskning 2025").exists()
    assert not Firm.objects.filter(name="KPMG").exists()
