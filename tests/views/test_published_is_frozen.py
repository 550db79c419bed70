"""A published review never changes: every way to write what it prints is refused (the
app's pages, the services, the admin for superusers and staff alike), the refusal names
the review and how to reopen it, and the summary page, the CSV, the stored PDF, what a
fresh rendering would print and the assessment screens are the same before and after.

The PDF renderer is replaced by the report's HTML here: what matters is what the report
prints, and rendering it to PDF is tested in test_reports.py.
"""

import re

import pytest
from django.contrib.auth.models import Permission, User
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from core.versioning import Edit
from organisations.models import Board, Firm, Organisation
from reviews import reports
from reviews.freezing import ReviewLocked, reviews_locking
from reviews.models import (
    Assessment,
    Audit,
    BoardResponse,
    FollowUpReview,
    GroupFindings,
    Recommendation,
    Status,
)
from reviews.services import (
    RecommendationRow,
    assessments_save,
    audit_save,
    rendering,
    response_save,
    review_publish,
    review_reopen,
    review_save,
)
from tests.factories import UserFactory
from tests.helpers import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def html_instead_of_pdf(monkeypatch):
    # The stored "PDF" is the report's HTML: what it prints, without WeasyPrint's time.
    monkeypatch.setattr(rendering, "render_pdf", lambda html, **kw: html.encode())


@pytest.fixture
def published(seed_review, auditor):
    review_publish(review=seed_review)
    seed_review.refresh_from_db()
    return seed_review


def printed_now(review: FollowUpReview) -> dict[str, object]:
    """Everything the review shows, read afresh by a reader of its own."""
    reader = Client()
    reader.force_login(User.objects.get(username="anna"))

    def page(url: str) -> str:
        html = reader.get(url).content.decode()
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)

    review = FollowUpReview.objects.get(pk=review.pk)
    return {
        "summary": page(reverse("reviews:review-summary", args=[review.pk])),
        "csv": reader.get(reverse("reviews:review-summary-csv", args=[review.pk])).content,
        "pdf": reader.get(reverse("reviews:review-pdf", args=[review.pk])).content,
        "rendered now": reports.render_report_html(reports.report_of(review)).encode(),
        "screens": [
            page(reverse("reviews:assessment-screen", args=[review.pk, audit_id]))
            for audit_id in review.reviewed_audits.values_list("audit_id", flat=True)
        ],
    }


def test_the_stored_pdf_is_what_the_review_prints(published):
    shown = printed_now(published)
    assert shown["pdf"] == shown["rendered now"]


def test_the_app_pages_refuse_every_write_and_say_which_review_locks_it(
    published, cyber, auditor_client
):
    before = printed_now(published)
    response = cyber.responses.get()
    screen = reverse("reviews:assessment-screen", args=[published.pk, cyber.pk])

    edit_audit = reverse("reviews:audit-edit", args=[cyber.pk])
    page = auditor_client.get(edit_audit)
    assert "Uppföljande granskning 2024" in page.content.decode()
    assert "kan inte ändras" in page.content.decode()
    data = form_data(auditor_client.get(edit_audit).content.decode(), "form.audit-form")
    assert not data.get("title"), "a locked audit's inputs are disabled"

    attempts = {
        "audit title": (edit_audit, {"title": "Ny titel", "year": "2022"}),
        "response text": (
            reverse("reviews:response-edit", args=[response.pk]),
            {"text": "Nytt svar.", "year": "2023"},
        ),
        "assessment": (screen, {"assessment-TOTAL_FORMS": "0", "assessment-INITIAL_FORMS": "0"}),
        "review": (reverse("reviews:review-edit", args=[published.pk]), {"title": "Ny"}),
    }
    for name, (url, posted) in attempts.items():
        refusal = auditor_client.post(url, posted)
        assert refusal.status_code == 409, name
        assert "Ingenting sparades" in refusal.content.decode(), name

    # The audit editor keeps what was typed, and names the review and how to reopen it.
    refusal = auditor_client.post(edit_audit, {"title": "Min nya titel", "year": "2022"})
    html = refusal.content.decode()
    assert 'value="Min nya titel"' in html
    assert f'href="{reverse("reviews:review-summary", args=[published.pk])}"' in html
    assert "återöppnas" in html

    assert (
        auditor_client.post(reverse("reviews:review-publish", args=[published.pk])).status_code
        == 302
    )
    assert printed_now(published) == before


def test_the_services_refuse_every_write(published, cyber):
    before = printed_now(published)
    recommendation = cyber.recommendations.get(number=1)
    response = cyber.responses.get()
    assessment = Assessment.objects.get(review=published, recommendation=recommendation)

    cyber.title = "Ändrad"
    with pytest.raises(ReviewLocked) as refused:
        audit_save(
            audit=cyber,
            version=cyber.version,
            rows=[RecommendationRow(number=1, text="Ny text", recommendation=recommendation)],
        )
    assert [r.pk for r in refused.value.reviews] == [published.pk]
    assert "Uppföljande granskning 2024" in refused.value.message

    response.text = "Ändrat svar."
    with pytest.raises(ReviewLocked):
        response_save(
            response=response,
            version=response.version,
            boards=list(response.boards.all()),
            recommendations=list(response.recommendations.all()),
        )
    assessment.status = Status.NOT_IMPLEMENTED
    with pytest.raises(ReviewLocked):
        assessments_save(review=published, assessments=[Edit(assessment, assessment.version)])
    with pytest.raises(ReviewLocked):
        review_save(review=published, version=published.version, audits=[cyber])
    assert printed_now(published) == before


@pytest.fixture(params=["superuser", "staff"])
def staff_client(request, published):
    """The admin signed in as an administrator, and as a staff member with every permission
    on the app's models."""
    if request.param == "superuser":
        user = request.getfixturevalue("administrator")
    else:
        user = UserFactory(username="staff", is_staff=True)
        user.user_permissions.set(
            Permission.objects.filter(content_type__app_label__in=["organisations", "reviews"])
        )
    client = Client()
    client.force_login(user)
    return client


def admin_url(obj, action: str = "change") -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{action}", args=[obj.pk])


def test_the_admin_refuses_every_write_for_superusers_and_staff_alike(
    published, cyber, staff_client
):
    before = printed_now(published)
    recommendation = cyber.recommendations.get(number=1)
    assessment = Assessment.objects.get(review=published, recommendation=recommendation)
    locked = [
        published,
        cyber,
        recommendation,
        recommendation.group,
        cyber.responses.get(),
        assessment,
        GroupFindings.objects.filter(review=published).first(),
    ]
    for obj in locked:
        page = staff_client.get(admin_url(obj))
        assert page.status_code == 200, obj
        assert "Uppföljande granskning 2024" in page.content.decode(), obj
        assert staff_client.post(admin_url(obj), {"text": "Ändrad"}).status_code == 403, obj
        deleting = staff_client.post(admin_url(obj, "delete"), {"post": "yes"})
        assert deleting.status_code in (200, 403), obj  # the confirmation page, or refused
        assert type(obj).objects.filter(pk=obj.pk).exists(), obj

    # The bulk action asks no per-object permission; it is refused all the same.
    changelist = reverse("admin:reviews_followupreview_changelist")
    staff_client.post(
        changelist, {"action": "delete_selected", "_selected_action": [published.pk], "post": "yes"}
    )
    assert FollowUpReview.objects.filter(pk=published.pk).exists()

    # Adding to what the review prints is refused with the review named.
    added = staff_client.post(
        reverse("admin:reviews_recommendation_add"),
        {
            "audit": cyber.pk,
            "group": recommendation.group_id,
            "number": 99,
            "text": "En ny rekommendation.",
            "addressed_to_all_boards": "on",
        },
    )
    assert added.status_code == 200
    assert "Uppföljande granskning 2024" in added.content.decode()
    assert not Recommendation.objects.filter(number=99).exists()

    # Names the report prints are read-only; a board's successors stay editable.
    board = recommendation.addressed_to.first()
    organisation, firm = published.organisation, published.firm
    successor = Board.objects.create(organisation=organisation, name="Nya styrelsen")
    for obj, posted in [
        (board, {"name": "Omdöpt", "successors": [successor.pk]}),
        (organisation, {"name": "Omdöpt kommun", "kind": "region"}),
        (firm, {"name": "Omdöpt byrå"}),
    ]:
        page = staff_client.get(admin_url(obj)).content.decode()
        data = {**form_data(page, f"#{obj._meta.model_name}_form"), **posted}
        staff_client.post(admin_url(obj), data)
    board.refresh_from_db()
    assert [s.name for s in board.successors.all()] == ["Nya styrelsen"]
    assert Board.objects.get(pk=board.pk).name != "Omdöpt"
    assert Organisation.objects.get(pk=organisation.pk).name == "Haninge kommun"
    assert Firm.objects.get(pk=firm.pk).name == "EY"

    assert printed_now(published) == before


def test_reopening_unlocks_and_publishing_again_locks(published, cyber):
    assert list(reviews_locking(cyber)) == [published]
    review_reopen(review=published, reason="Rättar en titel.")
    assert not reviews_locking(cyber).exists()
    rows = [
        RecommendationRow(number=r.number, text=r.text, recommendation=r, joins_previous=i > 0,
                          addressed_to=list(r.addressed_to.all()))
        for i, r in enumerate(cyber.recommendations.order_by("number"))
    ]  # fmt: skip
    cyber.title = "Granskning av it-säkerhet"
    audit_save(audit=cyber, version=cyber.version, rows=rows)
    published.refresh_from_db()
    review_publish(review=published)
    assert list(reviews_locking(Audit.objects.get(pk=cyber.pk))) == [published]


def test_a_response_recorded_after_publishing_belongs_to_the_next_follow_up(
    published, cyber, auditor_client
):
    """Boards answer again for the next review; the published one stays as it was."""
    before = printed_now(published)
    next_review = FollowUpReview(
        organisation=published.organisation, title="Uppföljande granskning 2025", year=2025,
        firm=published.firm,
    )  # fmt: skip
    review_save(review=next_review, version=None, audits=[cyber])
    recommendation = cyber.recommendations.get(number=1)

    created = auditor_client.post(
        reverse("reviews:response-create", args=[cyber.pk]),
        {
            "boards": [b.pk for b in recommendation.addressed_to.all()],
            "year": "2025",
            "stance": "accepted",
            "recommendations": [recommendation.pk],
            "text": "Styrelsen har nu antagit en plan.",
        },
    )
    assert created.status_code == 302
    new_response = BoardResponse.objects.get(text="Styrelsen har nu antagit en plan.")
    assert not reviews_locking(new_response).exists()  # still editable

    assert printed_now(published) == before
    next_screen = reverse("reviews:assessment-screen", args=[next_review.pk, cyber.pk])
    assert "Styrelsen har nu antagit en plan." in auditor_client.get(next_screen).content.decode()

    # Reopened and published again, the review prints it too, and then it is locked.
    review_reopen(review=published, reason="Med nämndens nya svar.")
    review_publish(review=FollowUpReview.objects.get(pk=published.pk))
    assert "Styrelsen har nu antagit en plan." in printed_now(published)["pdf"].decode()
    assert reviews_locking(new_response).exists()


def test_a_board_cannot_be_replaced_in_a_circle_in_the_admin(published, staff_client):
    first = Board.objects.get(name="Kommunstyrelsen")
    second = Board.objects.create(organisation=first.organisation, name="Nya kommunstyrelsen")
    second.successors.add(first)
    data = form_data(staff_client.get(admin_url(first)).content.decode(), "#board_form")
    page = staff_client.post(admin_url(first), {**data, "successors": [second.pk]})
    assert page.status_code == 200
    assert "Kommunstyrelsen → Nya kommunstyrelsen → Kommunstyrelsen" in page.content.decode()
    assert not first.successors.exists()
    with pytest.raises(ValidationError):
        first.check_successors([first])
