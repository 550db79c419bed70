"""The follow-up report as a PDF (WeasyPrint): built from the stored assessments, so the
document and the summary table cannot disagree.

Rendering never reaches outside the project's static files (`core.pdf`), and user texts
are escaped (see `prose`), so nothing typed can add a URL.
"""

import hashlib
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from weasyprint.urls import URLFetcher

from core.pdf import render_pdf, report_locale
from core.word import html_to_docx
from core.wording import genitive, joined
from organisations.models import BoardKind

from .models import (
    ChapterLayout,
    FollowUpReview,
    PublishedReport,
    ReviewedAudit,
    SectionPlacement,
)
from .outline import Block, blocks_of, from_several
from .summary import ReviewSummary, review_summary


@dataclass
class FindingsEntry:
    """One recommendation's findings as a board-by-board chapter prints them for one or
    more boards: the text, and its parts' findings (part, text)."""

    recommendation: object
    text: str = ""
    parts: list = field(default_factory=list)


@dataclass
class FindingsUnit:
    """The boards a board-by-board chapter writes findings for together: one board, or
    several written jointly ("Tekniska nämnden och Miljönämnden")."""

    names: str
    entries: list[FindingsEntry] = field(default_factory=list)


@dataclass
class Chapter:
    number: str
    reviewed: ReviewedAudit
    blocks: list[Block] = field(default_factory=list)
    new_blocks: list[Block] = field(default_factory=list)  # what this review issued

    @property
    def audit(self):
        return self.reviewed.audit

    @property
    def heading_number(self) -> str:
        """ "1." for a plain chapter number (as reports write it), "3.1" after a prefix."""
        return self.number if "." in self.number else f"{self.number}."

    def section(self, index: int) -> str:
        """The number of the chapter's index-th section: "1.1", "3.1.2"."""
        return f"{self.number}.{index}"

    @property
    def section_1(self) -> str:
        return self.section(1)

    @property
    def section_2(self) -> str:
        return self.section(2)

    @property
    def section_3(self) -> str:
        return self.section(3)

    @property
    def recommendations(self) -> list:
        return [rec for block in self.blocks for rec in block.recommendations]

    @property
    def new_recommendations(self) -> list:
        return [rec for block in self.new_blocks for rec in block.recommendations]

    @property
    def assessed(self) -> list:
        """(recommendation, assessment) of those this review followed up, in order."""
        return [(r, a) for block in self.blocks for r, a in block.items if a is not None]

    @property
    def responses(self) -> list:
        """Every response printed, board by board: those of the first board addressed
        first, each board's in the order given."""
        responses = [r for block in self.blocks for r in block.responses]
        order: dict[int, int] = {}
        for response in responses:
            for board in response.boards.all():
                order.setdefault(board.pk, len(order))
        # Each board's own responses, board by board; then those given jointly.
        return sorted(
            responses,
            key=lambda r: (
                len(r.boards.all()) > 1,
                min((order[b.pk] for b in r.boards.all()), default=len(order)),
                r.year,
            ),
        )

    @property
    def names_boards(self) -> bool:
        """Whether the chapter's responses (board by board, all together) are headed with
        their boards' names (see `outline.from_several`)."""
        return any(block.names_boards for block in self.blocks) or from_several(self.responses)

    @property
    def shared_findings(self) -> list[tuple]:
        """(group heading, text) of the groups' shared findings."""
        return [(block.group.heading, block.shared) for block in self.blocks if block.shared]

    @property
    def findings_units(self) -> list[FindingsUnit]:
        """The follow-up findings board by board: each board's own, each joint text for
        several, and a recommendation's general findings under all the boards it was
        addressed to; in the order the boards first appear."""
        units: dict[tuple, FindingsUnit] = {}

        def unit(boards: list) -> FindingsUnit:
            key = tuple(sorted(board.pk for board in boards)) or ("all",)
            if key not in units:
                names = joined([b.name for b in boards]) if boards else _("All boards")
                units[key] = FindingsUnit(names=names)
            return units[key]

        for recommendation, assessment in self.assessed:
            addressed = sorted(recommendation.addressed_to.all(), key=lambda b: b.pk)
            parts = {p.part_id: p for p in assessment.part_assessments.all()}
            part_texts = [
                (part, parts[part.pk].findings)
                for part in recommendation.parts.all()
                if part.pk in parts and parts[part.pk].findings
            ]
            if assessment.findings or part_texts:
                unit(addressed).entries.append(
                    FindingsEntry(recommendation, assessment.findings, part_texts)
                )
            for findings in assessment.board_findings.all():
                boards = sorted(findings.boards.all(), key=lambda b: b.pk)
                unit(boards).entries.append(FindingsEntry(recommendation, findings.text))
        return list(units.values())

    @property
    def actions_heading(self) -> str:
        """ "Nämndens vidtagna åtgärder", "Kommunstyrelsens och nämndernas …", as the
        report names whoever the recommendations were addressed to."""
        boards, to_all = {}, False
        for block in self.blocks:
            for recommendation in block.recommendations:
                to_all = to_all or recommendation.addressed_to_all_boards
                boards |= {b.pk: b for b in recommendation.addressed_to.all()}
        executives = [b for b in boards.values() if b.kind == BoardKind.EXECUTIVE]
        committees = len(boards) - len(executives) + (2 if to_all else 0)
        if executives and committees:
            return _("%(board)s and the committees' actions") % {
                "board": executives_genitive(executives)
            }
        if executives:
            return _("%(board)s actions") % {"board": executives_genitive(executives)}
        if committees > 1:
            return _("The committees' actions")
        return _("The committee's actions")


def executives_genitive(executives: list) -> str:
    """ "Kommunstyrelsens"; several executive boards are "Styrelsernas"."""
    if len(executives) > 1:
        return _("The executive boards'")
    return genitive(executives[0].name)


@dataclass
class Report:
    review: FollowUpReview
    summary: ReviewSummary
    chapters: list[Chapter]
    draft: bool
    date: object  # the report's own date, or the day it was published; None before

    @property
    def filename(self) -> str:
        name = slugify(f"{self.review.organisation} {self.review.title}")
        return f"{name}-utkast.pdf" if self.draft else f"{name}.pdf"

    @property
    def by_board(self) -> bool:
        return self.review.layout == ChapterLayout.BY_BOARD

    @property
    def findings_label(self) -> str:
        """What the findings of this review are headed: "Uppföljning 2024", or the
        review's own title with the year ("Uppföljande iakttagelser 2024")."""
        if self.review.findings_title:
            return f"{self.review.findings_title} {self.review.year}"
        return _("Follow-up %(year)s") % {"year": self.review.year}

    @property
    def findings_section(self) -> str:
        return self.review.findings_title or _("Follow-up findings")

    @property
    def responses_section(self) -> str:
        return self.review.responses_title or _("Responses")

    @property
    def assessment_section(self) -> str:
        return self.review.assessment_title or _("Overall assessment")

    @property
    def sections_before(self) -> list:
        return [s for s in self.review.sections.all() if s.placement == SectionPlacement.BEFORE]

    @property
    def sections_after(self) -> list:
        return [s for s in self.review.sections.all() if s.placement == SectionPlacement.AFTER]

    @property
    def new_recommendations(self) -> list[tuple]:
        """(chapter, recommendation) of every recommendation this review issued."""
        return [(c, r) for c in self.chapters for r in c.new_recommendations]


@report_locale()
def report_of(review: FollowUpReview, *, final: bool = False) -> Report:
    """Everything the report prints, in a fixed number of queries. `final`: the report
    as published (no draft mark), for a review being published."""
    review = FollowUpReview.objects.for_export().get(pk=review.pk)
    assessments = {a.recommendation_id: a for a in review.assessments.all()}
    shared = {g.group_id: g.text for g in review.group_findings.all()}
    chapters = []
    for index, reviewed in enumerate(review.reviewed_audits.all()):
        blocks = blocks_of(
            reviewed.audit,
            review=review,
            responses=review.printed_responses(reviewed.audit.responses.all()),
            by_recommendation=assessments,
            shared=shared,
        )
        chapters.append(
            Chapter(
                number=review.chapter_label(index),
                reviewed=reviewed,
                blocks=[block for block in blocks if not block.issued_here],
                new_blocks=[block for block in blocks if block.issued_here],
            )
        )
    published = review.published_at and timezone.localdate(review.published_at)
    return Report(
        review=review,
        summary=review_summary(review),
        chapters=chapters,
        draft=not (final or review.is_published),
        date=review.report_date or published or None,
    )


@report_locale()
def render_report_html(report: Report) -> str:
    return render_to_string("reviews/pdf/report.html", {"report": report, "review": report.review})


def render_report_pdf(report: Report, *, fetcher: URLFetcher | None = None) -> bytes:
    return render_pdf(render_report_html(report), fetcher=fetcher)


@report_locale()
def review_docx(review: FollowUpReview) -> tuple[bytes, str]:
    """The report as an editable Word document and its file name: written from the same
    HTML as the PDF (`core.word`), Swedish whoever asks; a draft says so at its top."""
    report = report_of(review)
    document = html_to_docx(
        render_report_html(report),
        title=f"{review.title}, {review.organisation}",
        author=str(review.firm or ""),
        draft_note=_("Draft – not published") if report.draft else "",
    )
    return document, report.filename.removesuffix(".pdf") + ".docx"


def review_pdf(review: FollowUpReview) -> tuple[bytes, str]:
    """The PDF to download and its file name. A draft is rendered afresh (marked UTKAST
    on every page); a published review's PDF is rendered once and then always the same
    bytes, until the review is reopened and published again."""
    if not review.is_published:
        report = report_of(review)
        return render_report_pdf(report), report.filename
    stored = review.published_reports.filter(review_version=review.version).first()
    if stored is None:
        stored = store_published_report(review)
    return bytes(stored.pdf), stored.filename


def store_published_report(
    review: FollowUpReview, *, pdf: bytes | None = None, filename: str = ""
) -> PublishedReport:
    """Keep a published review's PDF for its version: `pdf` as rendered on the task
    queue, or rendered here (the `export_pdf` command)."""
    if pdf is None:
        report = report_of(review)
        pdf, filename = render_report_pdf(report), report.filename
    stored, _created = PublishedReport.objects.get_or_create(
        review=review,
        review_version=review.version,
        defaults={"pdf": pdf, "sha256": hashlib.sha256(pdf).hexdigest(), "filename": filename},
    )
    return stored
