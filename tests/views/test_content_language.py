"""WCAG 3.1.2: what people wrote (titles, names, recommendations, findings) is Swedish,
and is marked `lang="sv"` when the interface is English, so that a screen reader reads
it as Swedish; the interface's own words stay in the page's language."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from reviews.models import Recommendation
from tests.internal_control.conftest import UPPSALA, import_text

pytestmark = pytest.mark.django_db


def language_of(element) -> str:
    """The language an element is read in: its own lang, or its nearest ancestor's."""
    holder = element if element.get("lang") else element.find_parent(attrs={"lang": True})
    return holder["lang"]


def page(client, url: str, language: str = "en") -> BeautifulSoup:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_the_assessment_screen_under_english(auditor_client, seed_review, cyber):
    soup = page(
        auditor_client, reverse("reviews:assessment-screen", args=[seed_review.pk, cyber.pk])
    )
    assert soup.html["lang"] == "en"
    heading = soup.h1.find(string=lambda text: cyber.title in text)
    assert language_of(heading.parent) == "sv"
    recommendation = Recommendation.objects.filter(audit=cyber).first()
    text = soup.find(id=f"recommendation-{recommendation.pk}").select_one(".recommendation-text")
    assert language_of(text) == "sv"
    assert text.get_text(" ", strip=True).startswith(recommendation.text.split()[0])
    # The findings box: what the auditor writes is Swedish too.
    assert {box["lang"] for box in soup.find_all("textarea")} == {"sv"}
    # ... while the interface's words are English.
    assert language_of(soup.find("button", string=lambda s: s and "Save" in s)) == "en"


def test_the_lists_mark_the_written_columns_only(auditor_client, seed_review, cyber):
    soup = page(auditor_client, reverse("reviews:recommendation-list"))
    row = soup.find("tbody").find("tr")
    cells = row.find_all(["th", "td"])
    # The audit, its number, the recommendation's text, the boards, the status.
    assert [cell.get("lang") for cell in cells] == ["sv", None, "sv", "sv", None]
    status = cells[-1]
    assert status.get("lang") is None and language_of(status) == "en"


def test_nothing_extra_under_swedish(auditor_client, seed_review):
    soup = page(auditor_client, reverse("reviews:review-summary", args=[seed_review.pk]), "sv")
    assert soup.html["lang"] == "sv"
    assert soup.h1.find("span", attrs={"lang": "sv", "class": None}) is None


def test_a_plan_under_english(client, administrator):
    plan = import_text(UPPSALA.read_text(encoding="utf-8"))
    client.force_login(administrator)
    soup = page(client, reverse("internal_control:plan-detail", args=[plan.pk]))
    assert language_of(soup.h1.find(string=lambda text: plan.title in text).parent) == "sv"
    assert language_of(soup.h1.select_one(".subtitle")) == "sv"
    listing = page(client, reverse("internal_control:plan-list"))
    title_cell = listing.find("a", string=plan.title).find_parent(["th", "td"])
    assert title_cell["lang"] == "sv"
