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

from core.pdf import render_pdf
from organisations.models import BoardKind

from .models import FollowUpReview, PublishedReport, ReviewedAudit
from .outline import Block, blocks_of
from .summary import ReviewSummary, review_summary


@dataclass
class Chapter:
    number: int
    reviewed: ReviewedAudit
    blocks: list[Block] = field(default_factory=list)

    @property
    def audit(self):
        return self.reviewed.audit

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
            return _("%(board)s and the committees' actions") % {"board": genitive(executives)}
        if executives:
            return _("%(board)s actions") % {"board": genitive(executives)}
        if committees > 1:
            return _("The committees' actions")
        return _("The committee's actions")


def genitive(executives: list) -> str:
    """ "Kommunstyrelsens"; several executive boards are "Styrelsernas"."""
    if len(executives) > 1:
        return _("The executive boards'")
    name = executives[0].name
    return name if name.endswith(("s", "x", "z")) else f"{name}s"


@dataclass
class Report:
    review: FollowUpReview
    summary: ReviewSummary
    chapters: list[Chapter]
    draft: bool
    date: object

    @property
    def filename(self) -> str:
        name = slugify(f"{self.review.organisation} {self.review.title}")
        return f"{name}-utkast.pdf" if self.draft else f"{name}.pdf"


def report_of(review: FollowUpReview) -> Report:
    """Everything the report prints, in a fixed number of queries."""
    review = FollowUpReview.objects.for_export().get(pk=review.pk)
    assessments = {a.recommendation_id: a for a in review.assessments.all()}
    shared = {g.group_id: g.text for g in review.group_findings.all()}
    chapters = [
        Chapter(
            number=number,
            reviewed=reviewed,
            blocks=blocks_of(
                reviewed.audit,
                responses=review.printed_responses(reviewed.audit.responses.all()),
                by_recommendation=assessments,
                shared=shared,
            ),
        )
        for number, reviewed in enumerate(review.reviewed_audits.all(), start=1)
    ]
    return Report(
        review=review,
        summary=review_summary(review),
        chapters=chapters,
        draft=not review.is_published,
        date=(review.published_at or timezone.now()).date(),
    )


def render_report_html(report: Report) -> str:
    return render_to_string("reviews/pdf/report.html", {"report": report, "review": report.review})


def render_report_pdf(report: Report, *, fetcher: URLFetcher | None = None) -> bytes:
    return render_pdf(render_report_html(report), fetcher=fetcher)


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


def store_published_report(review: FollowUpReview) -> PublishedReport:
    report = report_of(review)
    pdf = render_report_pdf(report)
    stored, _created = PublishedReport.objects.get_or_create(
        review=review,
        review_version=review.version,
        defaults={
            "pdf": pdf,
            "sha256": hashlib.sha256(pdf).hexdigest(),
            "filename": report.filename,
        },
    )
    return stored
