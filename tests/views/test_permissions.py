"""Who may read and write what, for every URL of the app and every role.

The URLs come from the URL configuration: a new view fails `test_every_url_is_in_the_matrix`
until its row is added here, so no page ships without a decision about who may use it.
"""

import pytest
from django.urls import URLPattern, reverse

from organisations.models import Board, Role
from reviews import urls as review_urls
from reviews.models import Audit, BoardResponse, FollowUpReview, ReportRender, ReviewedAudit, Status
from reviews.services import review_publish
from tests.factories import (
    AssessmentFactory,
    AuditFactory,
    BoardFactory,
    BoardResponseFactory,
    GroupFactory,
    MembershipFactory,
    OrganisationFactory,
    RecommendationFactory,
    ReviewFactory,
)
from tests.helpers import table_cells

ROLES = ["anonymous", "outsider", "auditor", "elected", "respondent", "secretary", "admin"]
WELFARE = "Granskning av hantering och utbetalning av försörjningsstöd"  # to Socialnämnden
CYBER = "Granskning av cybersäkerhet"  # to Kommunstyrelsen

# URL name → (what to put in the URL, expected GET status per role, expected POST status
# per role), for the small Haninge kommun's review (`small_haninge_review`) as a draft.
# POSTs send an empty form: a permitted user gets the form's refusal (400) or the
# action's redirect, never the data of others.
# 302 for "anonymous" is the redirect to the sign-in page; 404 means "not yours to see".
SIGN_IN = 302
MATRIX = {
    "review-list": (
        "list",
        dict(anonymous=SIGN_IN, outsider=200, auditor=200, elected=200, respondent=200,
             secretary=200, admin=200),
        dict(anonymous=SIGN_IN, outsider=405, auditor=405, elected=405, respondent=405,
             secretary=405, admin=405),
    ),
    "review-create": (
        "organisation",
        dict(anonymous=SIGN_IN, outsider=404, auditor=200, elected=403, respondent=403,
             secretary=403, admin=200),
        dict(anonymous=SIGN_IN, outsider=404, auditor=400, elected=403, respondent=403,
             secretary=403, admin=400),
    ),
    "review-edit": (
        "review",
        dict(anonymous=SIGN_IN, outsider=404, auditor=200, elected=403, respondent=404,
             secretary=404, admin=200),
        dict(anonymous=SIGN_IN, outsider=404, auditor=400, elected=403, respondent=404,
             secretary=404, admin=400),
    ),
    **{
        name: (
            "review",
            dict(anonymous=SIGN_IN, outsider=404, auditor=200, elected=200, respondent=404,
                 secretary=404, admin=200),
            dict(anonymous=SIGN_IN, outsider=405, auditor=405, elected=405, respondent=405,
                 secretary=405, admin=405),
        )
        for name in (
            "review-summary",
            "review-boards",
            "review-summary-csv",
            "review-summary-xlsx",
            "review-pdf",
            "review-docx",
        )
    },
    # How a report's rendering goes, and the rendered file: whoever reads the review.
    **{
        name: (
            "report render",
            dict(anonymous=SIGN_IN, outsider=404, auditor=200, elected=200, respondent=404,
                 secretary=404, admin=200),
            dict(anonymous=SIGN_IN, outsider=405, auditor=405, elected=405, respondent=405,
                 secretary=405, admin=405),
        )
        for name in ("review-render", "review-render-download")
    },
    "report-parts": (
        "review",
        dict(anonymous=SIGN_IN, outsider=404, auditor=200, elected=403, respondent=404,
             secretary=404, admin=200),
        dict(anonymous=SIGN_IN, outsider=404, auditor=400, elected=403, respondent=404,
             secretary=404, admin=400),
    ),
    "assessment-screen": (
        "reviewed audit",
        dict(anonymous=SIGN_IN, outsider=404, auditor=200, elected=200, respondent=404,
             secretary=404, admin=200),
        dict(anonymous=SIGN_IN, outsider=404, auditor=400, elected=403, respondent=404,
             secretary=404, admin=400),
    ),
    **{
        "review-publish": (
            "review",
            dict(anonymous=SIGN_IN, outsider=404, auditor=200, elected=403, respondent=404,
                 secretary=404, admin=200),
            dict(anonymous=SIGN_IN, outsider=404, auditor=302, elected=403, respondent=404,
                 secretary=404, admin=302),
        ),
        "review-reopen": (
            "review",
            dict(anonymous=SIGN_IN, outsider=405, auditor=405, elected=405, respondent=405,
                 secretary=405, admin=405),
            dict(anonymous=SIGN_IN, outsider=404, auditor=302, elected=403, respondent=404,
                 secretary=404, admin=302),
        ),
    },
    # A new recommendation the review issues: the auditors who change the review write it.
    **{
        name: (
            kind,
            dict(anonymous=SIGN_IN, outsider=404, auditor=200, elected=403, respondent=404,
                 secretary=404, admin=200),
            dict(anonymous=SIGN_IN, outsider=404, auditor=400, elected=403, respondent=404,
                 secretary=404, admin=400),
        )
        for name, kind in [
            ("issued-recommendation-create", "reviewed audit"),
            ("issued-recommendation-edit", "issued recommendation"),
        ]
    },
    "audit-list": (
        "list",
        dict(anonymous=SIGN_IN, outsider=200, auditor=200, elected=200, respondent=200,
             secretary=200, admin=200),
        dict(anonymous=SIGN_IN, outsider=405, auditor=405, elected=405, respondent=405,
             secretary=405, admin=405),
    ),
    "audit-create": (
        "organisation",
        dict(anonymous=SIGN_IN, outsider=404, auditor=200, elected=403, respondent=403,
             secretary=403, admin=200),
        dict(anonymous=SIGN_IN, outsider=404, auditor=400, elected=403, respondent=403,
             secretary=403, admin=400),
    ),
    "audit-edit": (
        "audit",
        dict(anonymous=SIGN_IN, outsider=404, auditor=200, elected=403, respondent=403,
             secretary=404, admin=200),
        dict(anonymous=SIGN_IN, outsider=404, auditor=400, elected=403, respondent=403,
             secretary=404, admin=400),
    ),
    **{
        name: (
            kind,
            dict(anonymous=SIGN_IN, outsider=404, auditor=200, elected=403, respondent=200,
                 secretary=404, admin=200),
            dict(anonymous=SIGN_IN, outsider=404, auditor=400, elected=403, respondent=400,
                 secretary=404, admin=400),
        )
        for name, kind in (("response-create", "audit"), ("response-edit", "response"))
    },
    # The dates a response promises: whoever may change the response, and its boards'
    # respondents even once a published review printed it (the dates are not printed).
    "promised-dates": (
        "response",
        dict(anonymous=SIGN_IN, outsider=404, auditor=200, elected=403, respondent=200,
             secretary=404, admin=200),
        dict(anonymous=SIGN_IN, outsider=404, auditor=302, elected=403, respondent=302,
             secretary=404, admin=302),
    ),
    # A progress note: the respondents of the boards it is addressed to write it.
    "board-update-create": (
        "recommendation",
        dict(anonymous=SIGN_IN, outsider=404, auditor=403, elected=403, respondent=200,
             secretary=404, admin=200),
        dict(anonymous=SIGN_IN, outsider=404, auditor=403, elected=403, respondent=400,
             secretary=404, admin=400),
    ),
    # What the reminders would mail: administrators only.
    "reminder-preview": (
        "list",
        dict(anonymous=SIGN_IN, outsider=403, auditor=403, elected=403, respondent=403,
             secretary=403, admin=200),
        dict(anonymous=SIGN_IN, outsider=405, auditor=405, elected=405, respondent=405,
             secretary=405, admin=405),
    ),
    # Ansvarsprövning: who reads the organisation's published follow-ups, and the board's
    # own respondents (for Socialnämnden here).
    "dashboard": (
        "list",
        dict(anonymous=SIGN_IN, outsider=200, auditor=200, elected=200, respondent=200,
             secretary=200, admin=200),
        dict(anonymous=SIGN_IN, outsider=405, auditor=405, elected=405, respondent=405,
             secretary=405, admin=405),
    ),
    "rollup-index": (
        "list",
        dict(anonymous=SIGN_IN, outsider=200, auditor=200, elected=200, respondent=200,
             secretary=200, admin=200),
        dict(anonymous=SIGN_IN, outsider=405, auditor=405, elected=405, respondent=405,
             secretary=405, admin=405),
    ),
    "board-rollup": (
        "board",
        dict(anonymous=SIGN_IN, outsider=404, auditor=200, elected=200, respondent=200,
             secretary=200, admin=200),
        dict(anonymous=SIGN_IN, outsider=405, auditor=405, elected=405, respondent=405,
             secretary=405, admin=405),
    ),
    "recommendation-list": (
        "list",
        dict(anonymous=SIGN_IN, outsider=200, auditor=200, elected=200, respondent=200,
             secretary=200, admin=200),
        dict(anonymous=SIGN_IN, outsider=405, auditor=405, elected=405, respondent=405,
             secretary=405, admin=405),
    ),
    "recommendation-detail": (
        "recommendation",
        dict(anonymous=SIGN_IN, outsider=404, auditor=200, elected=200, respondent=200,
             secretary=404, admin=200),
        dict(anonymous=SIGN_IN, outsider=405, auditor=405, elected=405, respondent=405,
             secretary=405, admin=405),
    ),
}  # fmt: skip


def app_url_names() -> list[str]:
    return [p.name for p in review_urls.urlpatterns if isinstance(p, URLPattern)]


def test_every_url_is_in_the_matrix():
    missing = sorted(set(app_url_names()) - set(MATRIX))
    assert not missing, f"add these views to the permission matrix: {missing}"
    assert not set(MATRIX) - set(app_url_names()), "the matrix names views that do not exist"


@pytest.fixture
def small_haninge_review(db) -> FollowUpReview:
    """A small Haninge kommun: a draft review of one audit to Socialnämnden (answered by
    it), one to Kommunstyrelsen (answered by it), every recommendation assessed."""
    haninge = OrganisationFactory(name="Haninge kommun")
    social = BoardFactory(organisation=haninge, name="Socialnämnden")
    executive = BoardFactory(organisation=haninge, name="Kommunstyrelsen", kind="executive")
    review = ReviewFactory(organisation=haninge, title="Uppföljande granskning 2024")
    for position, (title, board) in enumerate([(WELFARE, social), (CYBER, executive)], 1):
        audit = AuditFactory(organisation=haninge, title=title)
        recommendation = RecommendationFactory(group=GroupFactory(audit=audit), number=1)
        recommendation.addressed_to.add(board)
        BoardResponseFactory(
            audit=audit, year=2023, text="Svar.", boards=[board], recommendations=[recommendation]
        )
        ReviewedAudit.objects.create(review=review, audit=audit, position=position)
        AssessmentFactory(review=review, recommendation=recommendation, status=Status.IMPLEMENTED)
    # The welfare audit also has a recommendation to Kommunstyrelsen.
    welfare = Audit.objects.get(title=WELFARE)
    to_executive = RecommendationFactory(group=GroupFactory(audit=welfare), number=2)
    to_executive.addressed_to.add(executive)
    AssessmentFactory(review=review, recommendation=to_executive, status=Status.PARTIAL)
    # ... and the review issues a new one there.
    issued = RecommendationFactory(
        group=GroupFactory(audit=welfare, issued_by=review), issued_by=review, number=1
    )
    issued.addressed_to.add(social)
    # ... and its report has been rendered once.
    ReportRender.objects.create(
        review=review, sha256="0" * 64, html="<p>", filename="r.pdf", state="ready", pdf=b"%PDF"
    )
    return review


@pytest.fixture
def people(
    small_haninge_review, auditor, elected_auditor, respondent, secretary, outsider, administrator
) -> dict:
    """The shared people, each given their role in the small Haninge kommun (the outsider
    stays in Nacka kommun, the administrator needs no role)."""
    haninge = small_haninge_review.organisation
    for user, role in [
        (auditor, Role.AUDITOR),
        (elected_auditor, Role.ELECTED_AUDITOR),
        (secretary, Role.SECRETARY),
    ]:
        MembershipFactory(user=user, organisation=haninge, role=role)
    social = Board.objects.get(organisation=haninge, name="Socialnämnden")
    MembershipFactory(
        user=respondent, organisation=haninge, role=Role.BOARD_RESPONDENT, boards=[social]
    )
    return {
        "anonymous": None,
        "outsider": outsider,
        "auditor": auditor,
        "elected": elected_auditor,
        "respondent": respondent,
        "secretary": secretary,
        "admin": administrator,
    }


def url_for(name: str, kind: str, review) -> str:
    audit = Audit.objects.get(title=WELFARE)
    objects = {
        "list": {},
        "organisation": {},
        "review": {"pk": review.pk},
        "reviewed audit": {"pk": review.pk, "audit_pk": audit.pk},
        "audit": {"audit_pk": audit.pk} if name == "response-create" else {"pk": audit.pk},
        "response": {"pk": BoardResponse.objects.filter(audit=audit).first().pk},
        "recommendation": {"pk": audit.recommendations.get(number=1, issued_by=None).pk},
        "board": {"pk": review.organisation.boards.get(name="Socialnämnden").pk},
        "report render": {"pk": review.pk, "render_pk": review.renders.get().pk},
        "issued recommendation": {
            "pk": review.pk,
            "audit_pk": audit.pk,
            "rec_pk": audit.recommendations.get(issued_by=review).pk,
        },
    }
    url = reverse(f"reviews:{name}", kwargs=objects[kind])
    if kind == "organisation":
        url += f"?organisation={review.organisation_id}"
    return url


CASES = [(name, role) for name in MATRIX for role in ROLES]


@pytest.mark.parametrize("name, role", CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_reading(client, people, small_haninge_review, name, role):
    kind, expected, _writing = MATRIX[name]
    if people[role]:
        client.force_login(people[role])
    response = client.get(url_for(name, kind, small_haninge_review))
    assert response.status_code == expected[role]
    if response.status_code == SIGN_IN:
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name, role", CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_writing(client, people, small_haninge_review, name, role):
    kind, _reading, expected = MATRIX[name]
    if people[role]:
        client.force_login(people[role])
    url = url_for(name, kind, small_haninge_review)
    before = small_haninge_review.history.count()
    response = client.post(url, {})
    assert response.status_code == expected[role]
    if expected[role] in (403, 404, 405) or role == "anonymous":
        assert small_haninge_review.history.count() == before  # nothing was written


class TestIsolation:
    def test_another_organisations_lists_count_and_show_nothing(self, client, people):
        client.force_login(people["outsider"])
        for name in ("review-list", "audit-list", "recommendation-list"):
            html = client.get(reverse(f"reviews:{name}"), {"q": "Granskning"}).content.decode()
            assert "Haninge" not in html
            assert len(table_cells(html)) == 2  # the header and the "nothing found" row

    def test_a_secretary_sees_a_review_once_it_is_published(
        self, client, people, small_haninge_review
    ):
        client.force_login(people["secretary"])
        summary = reverse("reviews:review-summary", args=[small_haninge_review.pk])
        assert client.get(summary).status_code == 404
        review_publish(review=small_haninge_review)
        assert client.get(summary).status_code == 200
        assert (
            client.get(reverse("reviews:review-pdf", args=[small_haninge_review.pk])).status_code
            == 200
        )
        # ... but changes nothing: no publishing controls, and a write is refused.
        assert "Återöppna" not in client.get(summary).content.decode()
        reopen = reverse("reviews:review-reopen", args=[small_haninge_review.pk])
        assert client.post(reopen, {"reason": "x"}).status_code == 403

    def test_a_respondent_answers_only_for_their_own_board(self, client, people):
        client.force_login(people["respondent"])
        audit = Audit.objects.get(title=WELFARE)
        html = client.get(reverse("reviews:response-create", args=[audit.pk])).content.decode()
        assert "Socialnämnden" in html and "Kommunstyrelsen" not in html
        # Only the recommendations addressed to their board can be answered.
        to_executive = audit.recommendations.get(number=2)
        response = client.post(
            reverse("reviews:response-create", args=[audit.pk]),
            {
                "boards": [Board.objects.get(name="Socialnämnden").pk],
                "year": 2024,
                "stance": "accepted",
                "recommendations": [to_executive.pk],
                "text": "Vi svarar på fel rekommendation.",
            },
        )
        assert response.status_code == 400
        assert not BoardResponse.objects.filter(text__startswith="Vi svarar").exists()
        others = BoardResponse.objects.exclude(boards__name="Socialnämnden").first()
        url = reverse("reviews:response-edit", args=[others.pk])
        assert client.get(url).status_code in (403, 404)

    def test_an_elected_auditor_reads_drafts_but_the_screen_is_read_only(
        self, client, people, small_haninge_review
    ):
        client.force_login(people["elected"])
        audit = Audit.objects.get(title=WELFARE)
        url = reverse("reviews:assessment-screen", args=[small_haninge_review.pk, audit.pk])
        html = client.get(url).content.decode()
        assert "<button" not in html.split('class="assessment-form"')[1]
        assert 'name="assessment-0-findings"' not in html or "disabled" in html
