"""The follow-up report as an editable Word document, read back with python-docx: the
PDF's structure (its headings as Word heading styles, the summary as a real table),
Swedish whoever asks."""

from io import BytesIO

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation
from docx import Document

from reviews.documents import read_review_file
from reviews.reports import report_of
from reviews.services import review_import, review_publish
from tests.conftest import SEED_FILE
from tests.factories import MembershipFactory, UserFactory
from tests.views.test_report_pdf import small_review  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(scope="module")
def seed_docx(django_db_setup, django_db_blocker):
    """The seed report as Word, built once for the module (an English browser asks), and
    what the report holds."""
    with django_db_blocker.unblock(), transaction.atomic():
        review = review_import(document=read_review_file(SEED_FILE.read_text("utf-8")).document)
        user = UserFactory()
        MembershipFactory(user=user, organisation=review.organisation)
        client = Client()
        client.force_login(user)
        response = client.get(
            reverse("reviews:review-docx", args=[review.pk]), HTTP_ACCEPT_LANGUAGE="en"
        )
        report = report_of(review)
        with translation.override("sv"):
            expected = {
                "chapters": [f"{c.heading_number} {c.audit.title}" for c in report.chapters],
                "summary": [[label, *cells] for label, cells, _g in report.summary.printed_rows()],
                "columns": [heading for _name, heading in report.summary.columns()],
            }
        yield response, expected
        transaction.set_rollback(True)


def test_it_is_a_word_file_named_after_the_report(seed_docx):
    response, _expected = seed_docx
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == (
        'attachment; filename="haninge-kommun-uppfoljande-granskning-2024-utkast.docx"'
    )


def test_headings_are_word_headings_in_swedish(seed_docx):
    response, expected = seed_docx
    document = Document(BytesIO(response.content))
    first_level = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    # The cover's title, then the report's parts under the seed's own headings.
    assert first_level[:3] == [
        "Uppföljande granskning 2024",
        "Sammanfattning",
        "Syfte och genomförande",
    ]
    assert [h for h in first_level if h in expected["chapters"]] == expected["chapters"]
    assert any(p.style.name == "Heading 2" for p in document.paragraphs)
    assert document.core_properties.language == "sv-SE"
    # A draft says so at the top and in the header.
    assert "Utkast – inte publicerad" in document.paragraphs[0].text
    assert document.sections[0].header.paragraphs[0].text == "Utkast – inte publicerad"


def test_the_summary_is_a_real_table_with_the_reports_numbers(seed_docx):
    response, expected = seed_docx
    document = Document(BytesIO(response.content))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Granskningar")
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["Granskningar", *expected["columns"]]
    assert rows[1:] == expected["summary"]
    # The header row is marked as one (repeated on each page, read as headers).
    assert (
        table.rows[0]._tr.trPr.find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader"
        )
        is not None
    )


def test_a_published_report_has_no_draft_note(auditor_client, small_review):  # noqa: F811
    review_publish(review=small_review)
    response = auditor_client.get(reverse("reviews:review-docx", args=[small_review.pk]))
    document = Document(BytesIO(response.content))
    assert "Utkast" not in " ".join(p.text for p in document.paragraphs[:3])
    assert not response["Content-Disposition"].endswith('-utkast.docx"')
