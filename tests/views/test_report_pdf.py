"""Downloading the report: a draft's is rendered each time, a published one is fixed."""

import io
from datetime import UTC, date, datetime

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from reviews.models import FollowUpReview, PublishedReport, Status
from reviews.reports import render_report_html, report_of
from reviews.services import review_publish, review_reopen
from tests.factories import build_review

pytestmark = pytest.mark.django_db


def pdf_url(review) -> str:
    return reverse("reviews:review-pdf", args=[review.pk])


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def small_review(auditor_of):
    """Two audits of two recommendations each, every one assessed; Anna audits it."""
    review = build_review(
        audits=2, recommendations=2, statuses=[Status.IMPLEMENTED, Status.PARTIAL]
    )
    auditor_of(review.organisation)
    return review


def test_the_summary_page_offers_the_report(auditor_client, small_review):
    html = auditor_client.get(reverse("reviews:review-summary", args=[small_review.pk]))
    assert pdf_url(small_review) in html.content.decode()


def test_a_draft_downloads_as_a_pdf_marked_utkast(auditor_client, small_review):
    response = auditor_client.get(pdf_url(small_review))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('-utkast.pdf"')
    assert response["Cache-Control"] == "private, no-store"
    text = text_of(response.content)
    assert text.count("UTKAST") >= len(PdfReader(io.BytesIO(response.content)).pages)
    assert not PublishedReport.objects.exists()


def test_the_report_is_swedish_and_tagged_whatever_the_browsers_language(
    auditor_client, small_review
):
    """An English interface (the browser asks for English): the interface answers in
    English, the report is the municipality's Swedish document, tagged for screen readers
    (PDF/UA-1: its structure tree and language)."""
    summary = auditor_client.get(
        reverse("reviews:review-summary", args=[small_review.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Download the report (PDF)" in summary.content.decode()
    response = auditor_client.get(pdf_url(small_review), HTTP_ACCEPT_LANGUAGE="en")
    text = text_of(response.content)
    assert "Sammanfattning" in text and "Summary" not in text
    root = PdfReader(io.BytesIO(response.content)).trailer["/Root"]
    assert root["/Lang"] == "sv"
    assert bool(root["/MarkInfo"]["/Marked"])
    kinds = {str(element.get_object().get("/S")) for element in _structure(root)}
    assert {"/H1", "/P", "/Table"} <= kinds


def _structure(root) -> list:
    """Every element of the PDF's structure tree."""
    found, stack = [], [root["/StructTreeRoot"]]
    while stack:
        node = stack.pop().get_object()
        children = node.get("/K", [])
        for child in children if isinstance(children, list) else [children]:
            child = child.get_object() if hasattr(child, "get_object") else child
            if isinstance(child, dict) and "/S" in child:
                found.append(child)
                stack.append(child)
    return found


def test_the_report_dates_a_publication_in_stockholm_time(small_review):
    """Published at 00:30 on 4 March in Stockholm (23:30 on the 3rd in UTC): the report
    carries the 4th, whatever time zone the request or the worker runs in."""
    FollowUpReview.objects.filter(pk=small_review.pk).update(
        state=FollowUpReview.State.PUBLISHED,
        published_at=datetime(2025, 3, 3, 23, 30, tzinfo=UTC),
        report_date=None,
    )
    with timezone.override(UTC):
        report = report_of(small_review)
        html = render_report_html(report)
    assert report.date == date(2025, 3, 4)
    assert "2025-03-04" in html and "2025-03-03" not in html


def test_publishing_stores_the_pdf_and_every_download_is_the_same_bytes(
    auditor_client, small_review
):
    auditor_client.post(reverse("reviews:review-publish", args=[small_review.pk]))
    stored = PublishedReport.objects.get(review=small_review)

    first = auditor_client.get(pdf_url(small_review))
    # Texts changed after publishing do not change the published document.
    recommendation = small_review.assessments.first().recommendation
    recommendation.text = "Ändrad efter publiceringen."
    recommendation.save()
    second = auditor_client.get(pdf_url(small_review))

    assert first.content == second.content == bytes(stored.pdf)
    assert "UTKAST" not in text_of(first.content)
    assert "Ändrad efter publiceringen." not in text_of(second.content)
    assert not first["Content-Disposition"].endswith('-utkast.pdf"')


def test_a_published_download_reads_the_stored_file_without_rendering(
    auditor_client, small_review, django_assert_num_queries, monkeypatch
):
    review_publish(review=small_review)
    monkeypatch.setattr(
        "reviews.services.rendering.render_pdf", lambda *a, **k: pytest.fail("rendered again")
    )
    # session, user, the user's memberships and their boards, review with organisation,
    # the stored report
    with django_assert_num_queries(6):
        response = auditor_client.get(pdf_url(small_review))
    assert response.status_code == 200


def test_reopening_and_publishing_again_makes_a_new_version(auditor_client, small_review):
    review_publish(review=small_review)
    small_review.refresh_from_db()
    review_reopen(review=small_review, reason="Nya uppgifter.")
    small_review.refresh_from_db()
    assert "UTKAST" in text_of(auditor_client.get(pdf_url(small_review)).content)

    review_publish(review=small_review)
    small_review.refresh_from_db()
    versions = list(small_review.published_reports.values_list("review_version", flat=True))
    assert len(versions) == 2 and versions[0] == small_review.version
    assert auditor_client.get(pdf_url(small_review)).content == bytes(
        small_review.published_reports.first().pdf
    )


def test_an_unknown_review_is_not_found(auditor_client, db):
    assert auditor_client.get(reverse("reviews:review-pdf", args=[999])).status_code == 404


def test_the_command_writes_the_same_report(small_review, tmp_path):
    path = tmp_path / "rapport.pdf"
    call_command("export_pdf", small_review.pk, "--output", str(path), stderr=io.StringIO())
    text = text_of(path.read_bytes())
    assert small_review.title in text and "UTKAST" in text


def test_the_command_refuses_an_unknown_review(db, tmp_path):
    with pytest.raises(CommandError, match="999"):
        call_command("export_pdf", 999, "--output", str(tmp_path / "x.pdf"))
