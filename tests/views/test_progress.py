"""Between reviews: the dates board responses promise (and each revision, with its
reason), the overdue rule, and the boards' progress notes."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from organisations.models import Role
from reviews.freezing import reviews_locking
from reviews.models import BoardUpdate, PromisedDate, Recommendation, Status
from reviews.models.progress import is_overdue
from reviews.services import review_publish
from reviews.summary import review_summary
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
from tests.helpers import form_data

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 1)


@pytest.fixture
def world(respondent, auditor):
    """Haninge kommun: an audit with three recommendations to Socialnämnden, one 2024
    response covering all three, and Sofia as Socialnämnden's respondent."""
    haninge = OrganisationFactory(name="Haninge kommun")
    social = BoardFactory(organisation=haninge, name="Socialnämnden")
    audit = AuditFactory(organisation=haninge, title="Granskning av försörjningsstöd", year=2023)
    group = GroupFactory(audit=audit)
    recommendations = [RecommendationFactory(group=group, number=n) for n in (1, 2, 3)]
    for recommendation in recommendations:
        recommendation.addressed_to.add(social)
    response = BoardResponseFactory(
        audit=audit, year=2024, boards=[social], recommendations=recommendations
    )
    MembershipFactory(user=respondent, organisation=haninge, role=Role.BOARD_RESPONDENT,
                      boards=[social])  # fmt: skip
    MembershipFactory(user=auditor, organisation=haninge, role=Role.AUDITOR)
    return audit, recommendations, response, social


def dates_url(response) -> str:
    return reverse("reviews:promised-dates", args=[response.pk])


def post_dates(client, response, values: dict, reasons: dict | None = None):
    """The dates page as loaded, with `values` (recommendation → date or "") and
    `reasons` typed in."""
    html = client.get(dates_url(response)).content.decode()
    data = form_data(html, "main form")
    for recommendation, value in values.items():
        data[f"rec-{recommendation.pk}-date"] = value
    for recommendation, reason in (reasons or {}).items():
        data[f"rec-{recommendation.pk}-reason"] = reason
    return client.post(dates_url(response), data)


class TestTheOverdueRule:
    @pytest.mark.parametrize(
        "promised, published, draft, overdue",
        [
            (None, Status.NOT_IMPLEMENTED, None, False),  # nothing promised
            (TODAY - timedelta(days=1), Status.PARTIAL, None, True),
            (TODAY - timedelta(days=1), "", None, True),  # never followed up yet
            (TODAY, Status.PARTIAL, None, False),  # due today is not late
            (TODAY + timedelta(days=30), Status.NOT_IMPLEMENTED, None, False),
            (TODAY - timedelta(days=1), Status.IMPLEMENTED, None, False),
            # A draft's "implemented" is not final: the published word counts.
            (TODAY - timedelta(days=1), Status.PARTIAL, Status.IMPLEMENTED, True),
        ],
    )
    def test_one_recommendation(self, world, promised, published, draft, overdue):
        audit, (recommendation, *_others), response, _social = world
        if promised:
            PromisedDate.objects.create(response=response, recommendation=recommendation,
                                        date=promised)  # fmt: skip
        if published:
            review = ReviewFactory(organisation=audit.organisation, year=2025)
            AssessmentFactory(review=review, recommendation=recommendation, status=published)
            review_publish(review=review)
        if draft:
            later = ReviewFactory(organisation=audit.organisation, year=2026)
            AssessmentFactory(review=later, recommendation=recommendation, status=draft)
        stored = Recommendation.objects.get(pk=recommendation.pk)
        found = Recommendation.objects.overdue(today=TODAY).filter(pk=recommendation.pk).exists()
        assert found == overdue
        assert (
            is_overdue(
                promised_date=stored.promised_date,
                published_status=stored.latest_published_status,
                today=TODAY,
            )
            == overdue
        )

    def test_the_latest_response_with_a_date_is_the_current_date(self, world):
        audit, (recommendation, *_others), response, social = world
        PromisedDate.objects.create(response=response, recommendation=recommendation,
                                    date=date(2025, 1, 31))  # fmt: skip
        later = BoardResponseFactory(audit=audit, year=2025, boards=[social],
                                     recommendations=[recommendation])  # fmt: skip
        PromisedDate.objects.create(response=later, recommendation=recommendation,
                                    date=date(2026, 6, 30))  # fmt: skip
        assert Recommendation.objects.get(pk=recommendation.pk).promised_date == date(2026, 6, 30)
        assert not Recommendation.objects.overdue(today=TODAY).exists()

    def test_the_stored_date_follows_every_change(self, world):
        audit, (recommendation, *_others), response, social = world

        def stored():
            return Recommendation.objects.get(pk=recommendation.pk).promised_date

        first = PromisedDate.objects.create(response=response, recommendation=recommendation,
                                            date=date(2025, 1, 31))  # fmt: skip
        later = BoardResponseFactory(audit=audit, year=2025, boards=[social],
                                     recommendations=[recommendation])  # fmt: skip
        second = PromisedDate.objects.create(response=later, recommendation=recommendation,
                                             date=date(2026, 6, 30))  # fmt: skip
        assert stored() == date(2026, 6, 30)
        later.year = 2023  # now the earlier response: 2024's date is the latest
        later.save()
        assert stored() == date(2025, 1, 31)
        first.date = date(2025, 5, 31)
        first.save()
        assert stored() == date(2025, 5, 31)
        response.delete()  # its promise goes with it
        assert stored() == date(2026, 6, 30)
        second.delete()
        assert stored() is None


class TestPromisedDates:
    def test_a_first_date_needs_no_reason_a_change_does_and_history_keeps_both(
        self, client, world, respondent
    ):
        _audit, (first, second, _third), response, _social = world
        client.force_login(respondent)
        saved = post_dates(client, response, {first: "2025-06-30", second: "2025-12-31"})
        assert saved.status_code == 302
        assert dict(response.promised_dates.values_list("recommendation", "date")) == {
            first.pk: date(2025, 6, 30),
            second.pk: date(2025, 12, 31),
        }

        # A change without a reason: refused, nothing written, the typed date kept.
        refused = post_dates(client, response, {first: "2025-09-30"})
        assert refused.status_code == 400
        html = refused.content.decode()
        assert "Ange varför det planerade datumet ändras." in html
        assert 'value="2025-09-30"' in html
        assert response.promised_dates.get(recommendation=first).date == date(2025, 6, 30)

        changed = post_dates(client, response, {first: "2025-09-30"},
                             {first: "Upphandlingen drog ut på tiden."})  # fmt: skip
        assert changed.status_code == 302
        revisions = PromisedDate.revisions(response=response)[first.pk]
        assert [(r.date, r.history_change_reason, r.history_user) for r in revisions] == [
            (date(2025, 6, 30), None, respondent),
            (date(2025, 9, 30), "Upphandlingen drog ut på tiden.", respondent),
        ]
        # The page shows both, with the reason.
        page = client.get(dates_url(response)).content.decode()
        assert "2025-06-30" in page and "Upphandlingen drog ut på tiden." in page

        # Removing a date is a change too: it needs a reason, and the history says so.
        assert post_dates(client, response, {second: ""}).status_code == 400
        removed = post_dates(client, response, {second: ""}, {second: "Ingår i ny plan."})
        assert removed.status_code == 302
        assert not response.promised_dates.filter(recommendation=second).exists()
        assert [r.date for r in PromisedDate.revisions(response=response)[second.pk]] == [
            date(2025, 12, 31),
            None,
        ]

    def test_dates_can_still_be_revised_after_a_review_printed_the_response(
        self, client, world, respondent
    ):
        audit, (first, *_others), response, _social = world
        PromisedDate.objects.create(response=response, recommendation=first,
                                    date=date(2025, 6, 30))  # fmt: skip
        review = ReviewFactory(organisation=audit.organisation, year=2025)
        review.reviewed_audits.create(audit=audit, position=1)
        for recommendation in audit.recommendations.all():
            AssessmentFactory(review=review, recommendation=recommendation, status=Status.PARTIAL)
        review_publish(review=review)
        counted = review_summary(review).total
        client.force_login(respondent)
        # The response itself is frozen: the published review prints it ...
        assert list(reviews_locking(response)) == [review]
        # ... its dates are the board's word, and move on with a reason.
        moved = post_dates(client, response, {first: "2026-06-30"}, {first: "Nytt beslut."})
        assert moved.status_code == 302
        # ... and the report counts exactly what it counted.
        assert review_summary(review).total == counted

    def test_a_date_changed_meanwhile_is_refused_with_the_input_kept(
        self, client, world, respondent
    ):
        _audit, (first, *_others), response, _social = world
        promise = PromisedDate.objects.create(response=response, recommendation=first,
                                              date=date(2025, 6, 30))  # fmt: skip
        client.force_login(respondent)
        html = client.get(dates_url(response)).content.decode()
        data = form_data(html, "main form")
        promise.date, promise.version = date(2025, 7, 31), 2  # someone else saved
        promise.save()
        data[f"rec-{first.pk}-date"] = "2025-08-31"
        data[f"rec-{first.pk}-reason"] = "Min ändring."
        refused = client.post(dates_url(response), data)
        assert refused.status_code == 409
        assert 'value="2025-08-31"' in refused.content.decode()
        assert PromisedDate.objects.get(pk=promise.pk).date == date(2025, 7, 31)

    def test_a_date_removed_after_someone_changed_it_is_refused(self, client, world, respondent):
        _audit, (first, *_others), response, _social = world
        promise = PromisedDate.objects.create(response=response, recommendation=first,
                                              date=date(2025, 6, 30))  # fmt: skip
        client.force_login(respondent)
        data = form_data(client.get(dates_url(response)).content.decode(), "main form")
        promise.date, promise.version = date(2025, 7, 31), 2
        promise.save()
        data[f"rec-{first.pk}-date"] = ""
        data[f"rec-{first.pk}-reason"] = "Ingår i ny plan."
        assert client.post(dates_url(response), data).status_code == 409
        assert PromisedDate.objects.get(pk=promise.pk).date == date(2025, 7, 31)

    @pytest.mark.parametrize("junk", ["2025-02-30", "igår", "9" * 30, "2025-06-30\x00"])
    def test_junk_dates_are_named_and_nothing_is_written(self, client, world, respondent, junk):
        _audit, (first, second, _third), response, _social = world
        client.force_login(respondent)
        refused = post_dates(client, response, {first: junk, second: junk})
        assert refused.status_code == 400
        html = refused.content.decode()
        assert html.count("Fyll i ett giltigt datum.") == 2  # each field named
        assert html.count('role="alert"') == 1  # one notice, not one per field
        assert not PromisedDate.objects.exists()

    def test_the_recommendation_page_shows_the_date_overdue_and_its_history(
        self, client, world, auditor
    ):
        _audit, (first, *_others), response, _social = world
        promise = PromisedDate.objects.create(response=response, recommendation=first,
                                              date=date(2024, 6, 30))  # fmt: skip
        promise.date, promise._change_reason = date(2024, 12, 31), "Försenad upphandling."
        promise.save()
        client.force_login(auditor)
        html = client.get(reverse("reviews:recommendation-detail", args=[first.pk])).content
        html = html.decode()
        assert "2024-12-31" in html and "försenad</strong>" in html  # said in words
        assert "Försenad upphandling." in html and "2024-06-30" in html

    def test_the_page_costs_the_same_queries_for_one_or_many_dates(self, client, world, respondent):
        audit, recommendations, response, social = world
        client.force_login(respondent)
        url = dates_url(response)
        client.get(url)
        with CaptureQueriesContext(connection) as few:
            assert client.get(url).status_code == 200
        for n in range(4, 24):
            recommendation = RecommendationFactory(group=recommendations[0].group, number=n)
            recommendation.addressed_to.add(social)
            response.recommendations.add(recommendation)
            promise = PromisedDate.objects.create(response=response, recommendation=recommendation,
                                                  date=date(2025, 1, 1))  # fmt: skip
            promise.date, promise._change_reason = date(2025, 2, 1), "Ändrat."
            promise.save()
        with CaptureQueriesContext(connection) as many:
            assert client.get(url).status_code == 200
        assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


class TestBoardUpdates:
    def test_a_respondent_writes_one_and_the_auditor_sees_it_on_the_next_screen(
        self, client, world, respondent, auditor
    ):
        audit, (first, *_others), _response, social = world
        review = ReviewFactory(organisation=audit.organisation, year=2025)
        for recommendation in audit.recommendations.all():
            AssessmentFactory(review=review, recommendation=recommendation, status=Status.PARTIAL)
        review.reviewed_audits.create(audit=audit, position=1)
        before = review_summary(review).total
        client.force_login(respondent)
        url = reverse("reviews:board-update-create", args=[first.pk])
        form = client.get(url).content.decode()
        assert "---------" not in form and "Planerad" in form and "Genomförd" in form
        saved = client.post(url, {"board": social.pk, "progress": "in_progress",
                                  "progress_date": "2025-10-01",
                                  "note": "Rutinen är *remitterad*."})  # fmt: skip
        assert saved.status_code == 302
        update = BoardUpdate.objects.get()
        assert (update.board, update.written_by, update.progress) == (
            social,
            respondent,
            "in_progress",
        )
        detail = client.get(reverse("reviews:recommendation-detail", args=[first.pk]))
        assert "Rutinen är <em>remitterad</em>." in detail.content.decode()
        # The auditor sees it beside the assessment; what the review counts is unchanged.
        client.force_login(auditor)
        screen = client.get(reverse("reviews:assessment-screen", args=[review.pk, audit.pk]))
        assert "Rutinen är <em>remitterad</em>." in screen.content.decode()
        assert "Pågår" in screen.content.decode()
        assert review_summary(review).total == before

    def test_bad_input_is_named_and_the_text_kept(self, client, world, respondent):
        _audit, (first, *_others), _response, social = world
        client.force_login(respondent)
        url = reverse("reviews:board-update-create", args=[first.pk])
        refused = client.post(url, {"board": social.pk, "progress": "finished!",
                                    "progress_date": "snart", "note": "Min text."})  # fmt: skip
        assert refused.status_code == 400
        html = refused.content.decode()
        assert "Min text." in html and "Fyll i ett giltigt datum." in html
        assert not BoardUpdate.objects.exists()

    def test_another_boards_respondent_cannot_write_for_it(self, client, world):
        audit, (first, *_others), _response, _social = world
        other = BoardFactory(organisation=audit.organisation, name="Kommunstyrelsen")
        officer = MembershipFactory(organisation=audit.organisation,
                                    role=Role.BOARD_RESPONDENT, boards=[other]).user  # fmt: skip
        client.force_login(officer)
        url = reverse("reviews:board-update-create", args=[first.pk])
        assert client.get(url).status_code in (403, 404)
        note = {"board": other.pk, "progress": "done", "progress_date": "2025-01-01", "note": "x"}
        assert client.post(url, note).status_code in (403, 404)
        assert not BoardUpdate.objects.exists()

    def test_a_renamed_boards_successor_writes_for_it(self, client, world, respondent):
        audit, (first, *_others), _response, social = world
        renamed = BoardFactory(organisation=audit.organisation, name="Social- och omsorgsnämnden")
        social.successors.add(renamed)
        officer = MembershipFactory(organisation=audit.organisation,
                                    role=Role.BOARD_RESPONDENT, boards=[renamed]).user  # fmt: skip
        client.force_login(officer)
        url = reverse("reviews:board-update-create", args=[first.pk])
        page = client.get(url)
        assert page.status_code == 200
        note = {"board": renamed.pk, "progress": "done", "progress_date": "2025-01-01"}
        assert client.post(url, {**note, "note": "Klart."}).status_code == 302
        update = BoardUpdate.objects.get()
        assert (update.board, update.written_by) == (renamed, officer)
        assert update.written_at <= timezone.now()
