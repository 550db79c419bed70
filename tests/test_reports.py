"""The PDF report: what it prints (checked in the PDF's own text), how it is built, and
that rendering reaches nothing outside the project's static files."""

import re
import socket
from pathlib import Path

import pytest
from django.db import transaction
from pypdf import PdfReader
from weasyprint import HTML

from core.pdf import ASSETS, RefusedFetch, StaticFilesOnly
from reviews.documents import read_review_file
from reviews.models import Status
from reviews.reports import render_report_html, render_report_pdf, report_of
from reviews.services import review_import
from reviews.summary import review_summary
from tests.conftest import SEED_FILE
from tests.factories import BoardFactory, BoardResponseFactory, build_review


def squeeze(text: str) -> str:
    """Text without white space or hyphens, so line breaks and hyphenation don't matter,
    and without the *emphasis* markers, which print as italics."""
    return re.sub(r"[\s\-\u2010\u00ad*]", "", text)


def pages_of(pdf: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return [page.extract_text() for page in PdfReader(path).pages]


@pytest.fixture(scope="module")
def seed(django_db_setup, django_db_blocker, tmp_path_factory):
    """The seed review's PDF, rendered once for this module (the data rolled back)."""
    document = read_review_file(SEED_FILE.read_text(encoding="utf-8")).document
    with django_db_blocker.unblock(), transaction.atomic():
        review = review_import(document=document)
        summary = review_summary(review)
        pdf = render_report_pdf(report_of(review))
        transaction.set_rollback(True)
    path = tmp_path_factory.mktemp("seed") / "report.pdf"
    path.write_bytes(pdf)
    reader = PdfReader(path)
    return {
        "document": document,
        "summary": summary,
        "reader": reader,
        "pages": [page.extract_text() for page in reader.pages],
    }


@pytest.mark.django_db  # the module's PDF needs the test database, whichever test asks first
class TestTheSeedReport:
    def test_the_summary_page_prints_every_row_with_its_counts(self, seed):
        summary_page = next(p for p in seed["pages"] if p.startswith("Sammanfattning"))
        text = " ".join(summary_page.split())
        for label, cells, _grade in seed["summary"].printed_rows():
            assert f"{label} {' '.join(cells)}" in text
        assert "Totalt: 31 13 -" in text

    def test_every_recommendation_and_every_finding_is_printed(self, seed):
        furniture = re.compile(
            r"^(•\s*|UTKAST|Uppföljande granskning 2024 – UTKAST.*|Sida \d+ av \d+)$"
        )
        everything = squeeze(
            "".join(
                "\n".join(line for line in page.splitlines() if not furniture.match(line))
                for page in seed["pages"]
            )
        )
        for audit in seed["document"].audits:
            for group in audit.groups:
                for recommendation in group.recommendations:
                    assert squeeze(recommendation.text) in everything, recommendation.text
                    assert squeeze(recommendation.findings) in everything
                for response in group.responses:
                    assert squeeze(response.text) in everything

    def test_the_contents_page_numbers_point_at_the_chapters(self, seed):
        reader, pages = seed["reader"], seed["pages"]
        contents = next(p for p in pages if p.startswith("Innehållsförteckning"))
        listed = {}
        for line in contents.splitlines():
            if match := re.match(r"(.+?)\s*\.{3,}\s*(\d+)$", line):
                listed[match[1].strip()] = int(match[2])
        titles = ["Sammanfattning", "Syfte och genomförande"] + [
            f"{n}. {audit.title}" for n, audit in enumerate(seed["document"].audits, start=1)
        ]
        assert list(listed) == titles
        for title, page_number in listed.items():
            # The page the contents name opens with that heading (after the running header).
            assert squeeze(pages[page_number - 1]).startswith(squeeze(title)), title
        outline = {
            item.title: reader.get_destination_page_number(item) + 1
            for item in reader.outline
            if not isinstance(item, list)
        }
        assert outline == listed

    def test_the_outline_mirrors_the_chapters(self, seed):
        outline = seed["reader"].outline
        chapter_one = outline[outline.index(next(i for i in outline if i.title.startswith("1.")))]
        children = outline[outline.index(chapter_one) + 1]
        assert [child.title for child in children] == [
            "1.1 Nämndens vidtagna åtgärder",
            "1.2 Sammantagen bedömning",
        ]

    def test_it_carries_title_author_and_swedish_language(self, seed):
        reader = seed["reader"]
        assert reader.metadata.title == "Uppföljande granskning 2024, Haninge kommun"
        assert reader.metadata.author == "EY"
        assert reader.trailer["/Root"]["/Lang"] == "sv"

    def test_it_is_an_a4_document_with_page_numbers_and_running_headers(self, seed):
        reader, pages = seed["reader"], seed["pages"]
        width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
        assert (round(width), round(height)) == (595, 842)  # A4 in points
        total = len(pages)
        for number, text in enumerate(pages[1:], start=2):
            assert f"Sida {number} av {total}" in text
            assert "Uppföljande granskning 2024" in text and "Haninge kommun" in text
        assert "Sida 1 av" not in pages[0]  # the cover has no page number

    def test_a_draft_is_marked_on_every_page(self, seed):
        assert all("UTKAST" in text for text in seed["pages"])

    def test_grouped_recommendations_print_under_one_heading_with_their_numbers(self, seed):
        everything = " ".join(" ".join(seed["pages"]).split())
        assert "Rekommendation 3 & 4" in everything
        assert "3. Genomföra penetrationstester" in everything

    def test_statuses_are_printed_as_words(self, seed):
        everything = " ".join(" ".join(seed["pages"]).split())
        assert everything.count("Rekommendation 1 Åtgärdad") >= 1
        assert "Delvis åtgärdad" in everything


@pytest.mark.django_db
class TestBuildingTheReport:
    @pytest.mark.parametrize("audits", [1, 4])
    def test_it_reads_the_review_in_a_fixed_number_of_queries(
        self, django_assert_num_queries, audits
    ):
        review = build_review(audits=audits, recommendations=3)
        for reviewed in review.reviewed_audits.all():
            BoardResponseFactory(
                audit=reviewed.audit,
                year=2023,
                text="Svar.",
                recommendations=reviewed.audit.recommendations.all(),
                boards=[BoardFactory(organisation=review.organisation)],
            )
        # review with organisation and firm, reviewed audits with audit and firm, boards,
        # groups with the reviews that issued them, recommendations, their addressed_to,
        # parts and what they continue (with its review), responses, their boards, their
        # recommendations, assessments, their findings per board (and those boards), their
        # statuses per board (and those boards), per part (and those parts), their
        # recommendations' parts, shared findings, the report's sections, contacts and
        # signatures, the summary's aggregate (Django skips a prefetch of rows under none:
        # here the boards of findings per board and the boards of statuses per board);
        # printing it asks for nothing more
        with django_assert_num_queries(22):
            report = report_of(review)
            html = render_report_html(report)
        assert len(report.chapters) == audits
        assert html.count("Svar.") == audits

    def test_a_published_review_has_no_draft_mark(self, tmp_path):
        review = build_review(audits=1, recommendations=1, statuses=[Status.IMPLEMENTED])
        review.state, review.published_at = review.State.PUBLISHED, "2025-01-31T10:00Z"
        review.save()
        pages = pages_of(render_report_pdf(report_of(review)), tmp_path)
        assert not any("UTKAST" in text for text in pages)
        assert "2025-01-31" in pages[0]


@pytest.mark.django_db
class TestSafeRendering:
    HOSTILE = (
        '<b>fet</b> <img src="http://127.0.0.1:9/spion.png"> '
        '<link rel="stylesheet" href="file:///etc/passwd"> https://example.org/x'
    )

    class Recording(StaticFilesOnly):
        def __init__(self):
            super().__init__()
            self.asked, self.refused = [], []

        def fetch(self, url, headers=None):
            self.asked.append(url)
            try:
                return super().fetch(url, headers)
            except RefusedFetch:
                self.refused.append(url)
                raise

    def test_typed_markup_and_addresses_are_printed_as_text_and_never_fetched(
        self, tmp_path, monkeypatch
    ):
        def no_network(*args, **kwargs):
            raise AssertionError("the renderer opened a network connection")

        monkeypatch.setattr(socket.socket, "connect", no_network)
        review = build_review(audits=1, recommendations=1)
        assessment = review.assessments.get()
        assessment.findings = self.HOSTILE
        assessment.save()
        fetcher = self.Recording()

        pdf = render_report_pdf(report_of(review), fetcher=fetcher)

        text = " ".join(" ".join(pages_of(pdf, tmp_path)).split())
        assert '<b>fet</b> <img src="http://127.0.0.1:9/spion.png">' in text
        assert "https://example.org/x" in text
        assert fetcher.asked and not fetcher.refused  # only the fonts were asked for
        assert all(url.startswith(ASSETS.resolve().as_uri()) for url in fetcher.asked)

    def test_the_fetcher_refuses_what_a_template_might_still_ask_for(self, monkeypatch):
        monkeypatch.setattr(
            socket.socket, "connect", lambda *a, **k: pytest.fail("network connection")
        )
        fetcher = self.Recording()
        html = (
            '<img src="http://127.0.0.1:9/a.png"><img src="https://example.org/b.png">'
            '<link rel="stylesheet" href="file:///etc/passwd">'
            '<img src="data:image/png;base64,iVBORw0KGgo=">'
            '<img src="fonts/../../manage.py">'
        )
        HTML(string=html, base_url=ASSETS.as_uri() + "/", url_fetcher=fetcher).write_pdf()
        assert len(fetcher.refused) == 5
        assert fetcher.refused == fetcher.asked


class TestTheFetcher:
    @pytest.mark.parametrize(
        "url",
        [
            "http://127.0.0.1:9/x.png",
            "https://example.org/x.css",
            "ftp://example.org/x",
            "data:text/css,body{}",
            "file:///etc/passwd",
            "file://otherhost/share/x.ttf",
        ],
    )
    def test_it_refuses_anything_but_static_files(self, url):
        with pytest.raises(RefusedFetch):
            StaticFilesOnly().fetch(url)

    def test_it_refuses_a_path_that_climbs_out_of_the_static_files(self):
        with pytest.raises(RefusedFetch):
            StaticFilesOnly().fetch((ASSETS / "fonts" / ".." / ".." / "manage.py").as_uri())

    def test_it_refuses_a_link_inside_that_points_outside(self, tmp_path):
        root = tmp_path / "static"
        root.mkdir()
        (tmp_path / "secret.txt").write_text("hemligt")
        (root / "innocent.txt").symlink_to(tmp_path / "secret.txt")
        with pytest.raises(RefusedFetch):
            StaticFilesOnly(root).fetch((root / "innocent.txt").as_uri())

    def test_it_serves_the_fonts(self):
        font = ASSETS / "fonts" / "Carlito-Regular.ttf"
        response = StaticFilesOnly().fetch(font.as_uri())
        assert response.read() == font.read_bytes()
