"""PDFs rendered on the task queue (the database backend and its worker, as in
production): a request queues the render and shows how it goes; a second request joins
the same job; an unchanged draft is not rendered again; publishing waits for its PDF."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.versioning import Edit
from reviews.models import FollowUpReview, PublishedReport, ReportRender
from reviews.services import (
    ReviewLocked,
    assessments_save,
    report_render_request,
    review_publish,
)
from tests.factories import UserFactory, build_review

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def queue(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The worker closes connections between tasks, as a long-running process should; here
    # that would close the test's own transaction (PostgreSQL), so it keeps them.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def status(client, url: str) -> dict:
    return client.get(url, {"format": "json"}).json()


def test_a_draft_pdf_is_queued_rendered_by_the_worker_and_then_served(admin_client):
    review = build_review(audits=1, recommendations=2)
    pdf_url = reverse("reviews:review-pdf", args=[review.pk])

    first = admin_client.get(pdf_url)
    assert first.status_code == 302
    page = first["Location"]
    assert status(admin_client, page)["state"] == "queued"
    html = admin_client.get(page).content.decode()
    assert "väntar på att skapas" in html and 'role="status"' in html

    # A second request while it waits joins the same job.
    assert admin_client.get(pdf_url)["Location"] == page
    assert ReportRender.objects.count() == 1 and DBTaskResult.objects.count() == 1

    run_worker()

    ready = status(admin_client, page)
    assert ready["state"] == "ready" and ready["ready"]
    download = admin_client.get(ready["download"])
    assert download.content.startswith(b"%PDF")
    assert download["Content-Disposition"].endswith('-utkast.pdf"')
    # Unchanged: served at once, not rendered again.
    again = admin_client.get(pdf_url)
    assert again.status_code == 200 and again.content == download.content
    assert DBTaskResult.objects.count() == 1

    # Changed: a new render, and the old one's PDF is not kept.
    first_render = ReportRender.objects.get()
    assessment = review.assessments.first()
    assessment.findings = "Ny uppföljning."
    assessments_save(review=review, assessments=[_edit(assessment)])
    assert admin_client.get(pdf_url).status_code == 302
    assert list(ReportRender.objects.values_list("state", flat=True)) == ["queued"]
    assert not ReportRender.objects.filter(pk=first_render.pk).exists()


def _edit(assessment) -> Edit:
    return Edit(assessment, assessment.version)


def test_publishing_counts_once_the_pdf_exists(admin_client, monkeypatch):
    monkeypatch.setattr("reviews.services.rendering.render_pdf", lambda html: b"%PDF-final")
    review = build_review(audits=1, recommendations=2)

    published = review_publish(review=review)
    assert published.state == FollowUpReview.State.PUBLISHING
    summary = admin_client.get(reverse("reviews:review-summary", args=[review.pk]))
    assert "PDF:en skapas" in summary.content.decode()
    with pytest.raises(ReviewLocked):  # nothing changes while its PDF is rendered
        assessments_save(review=review, assessments=[_edit(review.assessments.first())])

    run_worker()

    review.refresh_from_db()
    assert review.state == FollowUpReview.State.PUBLISHED
    stored = PublishedReport.objects.get(review=review, review_version=review.version)
    assert bytes(stored.pdf) == b"%PDF-final"
    response = admin_client.get(reverse("reviews:review-pdf", args=[review.pk]))
    assert response.content == b"%PDF-final" and not response["Content-Disposition"].endswith(
        '-utkast.pdf"'
    )


def test_a_failed_render_gives_the_review_back_as_a_draft_and_may_be_asked_again(
    admin_client, monkeypatch
):
    def broken(html):
        raise RuntimeError("out of memory")

    monkeypatch.setattr("reviews.services.rendering.render_pdf", broken)
    review = build_review(audits=1, recommendations=1)
    review_publish(review=review)
    run_worker()
    review.refresh_from_db()
    assert (review.state, review.published_at) == (FollowUpReview.State.DRAFT, None)
    render = ReportRender.objects.get()
    assert render.state == "failed" and "out of memory" in render.error
    page = reverse("reviews:review-render", args=[review.pk, render.pk])
    assert "Be om PDF:en igen" in admin_client.get(page).content.decode()
    summary = admin_client.get(reverse("reviews:review-summary", args=[review.pk]))
    assert "Publiceringen misslyckades" in summary.content.decode()

    monkeypatch.setattr("reviews.services.rendering.render_pdf", lambda html: b"%PDF-again")
    review_publish(review=review)  # the same final report: the failed render is queued again
    run_worker()
    review.refresh_from_db()
    assert review.state == FollowUpReview.State.PUBLISHED


def test_a_render_whose_worker_stopped_is_rendered_again(admin_client, monkeypatch, settings):
    """A worker killed mid-render (out of memory, a restart) leaves its render "rendering"
    for ever; after REPORT_RENDER_TIMEOUT_SECONDS the progress page queues it again, and
    the publication it was for completes. The lost worker's late result is not recorded."""
    monkeypatch.setattr("reviews.services.rendering.render_pdf", lambda html: b"%PDF-late")
    review = build_review(audits=1, recommendations=1)
    review_publish(review=review)
    render = ReportRender.objects.get()
    # The worker claimed it an hour ago, then died.
    ReportRender.objects.filter(pk=render.pk).update(
        state="rendering", started_at=timezone.now() - timedelta(hours=1)
    )
    DBTaskResult.objects.all().delete()
    page = reverse("reviews:review-render", args=[review.pk, render.pk])

    settings.REPORT_RENDER_TIMEOUT_SECONDS = 2 * 3600  # not yet taken as lost
    assert status(admin_client, page)["state"] == "rendering"
    assert DBTaskResult.objects.count() == 0

    settings.REPORT_RENDER_TIMEOUT_SECONDS = 900
    assert status(admin_client, page)["state"] == "queued"
    assert DBTaskResult.objects.count() == 1
    run_worker()
    review.refresh_from_db()
    assert review.state == FollowUpReview.State.PUBLISHED
    assert status(admin_client, page)["state"] == "ready"


def test_a_lost_workers_late_result_does_not_overwrite_the_new_render(monkeypatch):
    """The first worker was only slow: its render was queued again and taken by another
    worker (a new `started_at`); when the first one finishes, its result is dropped."""
    review = build_review(audits=1, recommendations=1)
    render = report_render_request(review)

    def slow(html):
        # While this worker renders, its render is taken as lost and claimed again.
        ReportRender.objects.filter(pk=render.pk).update(started_at=timezone.now())
        return b"%PDF-first"

    monkeypatch.setattr("reviews.services.rendering.render_pdf", slow)
    run_worker()
    render.refresh_from_db()
    assert render.state == "rendering" and render.pdf is None
