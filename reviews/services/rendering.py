"""PDFs rendered in the background: asking for one, and what happens when it is done.

The request builds the report's HTML (fast: a fixed number of queries and a template) and
hashes it; the slow part, WeasyPrint, runs on the task queue (`reviews.tasks`). The hash
makes one render per content: a second request joins the job, an unchanged draft is
served again, and publishing renders the final report the same way. A review counts as
published only once its PDF exists.
"""

import hashlib

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from core.pdf import render_pdf
from core.versioning import locked

from ..models import FollowUpReview, ReportRender
from ..reports import render_report_html, report_of, store_published_report


def report_render_request(review: FollowUpReview, *, publishes: bool = False) -> ReportRender:
    """The render of the review's report as it is now (a draft with its mark, a published
    or publishing review as published), queued if it is not there yet or failed."""
    report = report_of(review, final=publishes or review.is_publishing)
    html = render_report_html(report)
    sha256 = hashlib.sha256(html.encode()).hexdigest()
    with transaction.atomic():
        # get_or_create answers two requests at the same moment with the one row.
        render, created = ReportRender.objects.get_or_create(
            review=review,
            sha256=sha256,
            defaults={"html": html, "filename": report.filename, "publishes": publishes},
        )
        if not created and publishes and not render.publishes:
            ReportRender.objects.filter(pk=render.pk).update(publishes=True)
            render.publishes = True
        if created:
            # A draft's earlier renders are of what it no longer holds: only the newest
            # is kept, so that every save does not leave a PDF behind in the database.
            ReportRender.objects.filter(review=review, publishes=False).exclude(
                pk=render.pk
            ).filter(state__in=[ReportRender.State.READY, ReportRender.State.FAILED]).delete()
        if created or render.state == ReportRender.State.FAILED or render.is_abandoned:
            ReportRender.objects.filter(pk=render.pk).update(
                state=ReportRender.State.QUEUED, error="", started_at=None
            )
            _enqueue(render)
            render.refresh_from_db()  # a backend that runs the task at once has run it
        elif render.is_ready and render.publishes:
            report_render_finished(render)  # the same report was rendered before
    return render


def _enqueue(render: ReportRender) -> None:
    # In the same transaction: the worker sees the job once the render row is there.
    render_report.enqueue(render.pk)


def report_render_finished(render: ReportRender) -> None:
    """What a finished render completes: publishing the review it was rendered for (or,
    when it failed, giving the review back as a draft), and a published review's
    stored document."""
    with transaction.atomic():
        review = locked(render.review)
        if render.publishes and review.is_publishing:
            if render.is_ready:
                review.state = FollowUpReview.State.PUBLISHED
            else:
                review.state, review.published_at = FollowUpReview.State.DRAFT, None
            review.save(update_fields=["state", "published_at"])
        if review.is_published and render.is_ready:
            store_published_report(review, pdf=bytes(render.pdf), filename=render.filename)


@task()
def render_report(render_id: int) -> None:
    """The task (run by `manage.py db_worker`): render the PDF of a queued render and
    record the outcome."""
    claimed = ReportRender.objects.filter(pk=render_id, state=ReportRender.State.QUEUED).update(
        state=ReportRender.State.RENDERING, started_at=timezone.now()
    )
    if not claimed:
        return  # done already, or taken by another worker
    render = ReportRender.objects.select_related("review").get(pk=render_id)
    started_at = render.started_at
    try:
        render.pdf = render_pdf(render.html)
        render.state = ReportRender.State.READY
    except Exception as error:  # noqa: BLE001 (recorded; the user is told, may ask again)
        render.state, render.error = ReportRender.State.FAILED, f"{type(error).__name__}: {error}"
    render.finished_at = timezone.now()
    # Only if still ours: taken as abandoned and queued again, the next run records it.
    if ReportRender.objects.filter(
        pk=render.pk, state=ReportRender.State.RENDERING, started_at=started_at
    ).update(
        pdf=render.pdf, state=render.state, error=render.error, finished_at=render.finished_at
    ):
        report_render_finished(render)
