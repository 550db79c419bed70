"""Audit and recommendation lists (filtered, Swedish order, bookmarkable) and the story page."""

import pytest
from django.db import connection
from django.urls import reverse

from core.collation import swedish_key
from core.versioning import Edit
from organisations.models import Board, Role
from reviews.models import Assessment, Audit, Recommendation, ReviewedAudit, Status
from reviews.services import assessments_save
from tests.factories import (
    AssessmentFactory,
    MembershipFactory,
    ReviewFactory,
    UserFactory,
    build_review,
)
from tests.helpers import form_data, table_cells

pytestmark = pytest.mark.django_db


def rows(client, name, **params):
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    return table_cells(response.content.decode())[1:]


class TestRecommendationList:
    def test_it_lists_all_44_recommendations_over_pages(self, auditor_client, seed_review):
        response = auditor_client.get(reverse("reviews:recommendation-list"))
        assert "44 träffar" in response.content.decode()
        assert len(table_cells(response.content.decode())) == 26  # header + 25 a page
        assert len(rows(auditor_client, "reviews:recommendation-list", page=2)) == 19

    def test_filtering_by_status_and_audit(self, auditor_client, seed_review):
        cyber = seed_review.audits.get(title="Granskning av cybersäkerhet")
        found = rows(
            auditor_client, "reviews:recommendation-list", audit=cyber.pk, status="partial"
        )
        assert [(r[0], r[1]) for r in found] == [("Granskning av cybersäkerhet (2022)", "3")]
        assert found[0][4] == "Delvis åtgärdad (Uppföljande granskning 2024)"
        assert len(rows(auditor_client, "reviews:recommendation-list", status="partial")) == 13

    def test_not_yet_assessed_finds_pending_and_never_assessed(self, auditor_client, seed_review):
        pending = Assessment.objects.filter(review=seed_review).first()
        pending.status = ""
        pending.save()
        found = rows(auditor_client, "reviews:recommendation-list", status="not_assessed")
        assert len(found) == 1 and found[0][4] == "Ej bedömd (Uppföljande granskning 2024)"

    def test_a_board_finds_what_its_predecessor_was_addressed(self, auditor_client, seed_review):
        successor = Board.objects.get(name="Grundskolenämnden")
        found = rows(auditor_client, "reviews:recommendation-list", board=successor.pk)
        # its predecessor Grund- och förskolenämnden: skyddade personuppgifter 1-4 and
        # skolfrånvaro 1-3; and hållbarhet 11-13, addressed to all boards
        assert len(found) == 10

    def test_all_boards_recommendations_reach_every_board(self, auditor_client, seed_review):
        board = Board.objects.get(name="Stadsbyggnadsnämnden")
        found = rows(auditor_client, "reviews:recommendation-list", board=board.pk)
        assert [r[1] for r in found] == ["11", "12", "13"]

    def test_free_text_searches_recommendations_and_observations(self, auditor_client, seed_review):
        found = rows(auditor_client, "reviews:recommendation-list", q="SRV Återvinning")
        assert {r[1] for r in found} == {"9", "10"}  # 10 by text, 9 by shared observations

    def test_status_in_a_chosen_review_not_the_latest(self, auditor_client, seed_review):
        later = ReviewFactory(
            organisation=seed_review.organisation, title="Uppföljande granskning 2026", year=2026
        )
        recommendation = Recommendation.objects.get(
            audit__title="Granskning av cybersäkerhet", number=3
        )
        ReviewedAudit.objects.create(review=later, audit=recommendation.audit, position=1)
        AssessmentFactory(review=later, recommendation=recommendation, status=Status.IMPLEMENTED)

        # (On PostgreSQL the words are matched as words, also in the group's observations:
        # the row is picked by its text.)
        query = {"q": "Riktlinjer för informationssäkerhet", "audit": recommendation.audit_id}

        def status(**more) -> str:
            found = rows(auditor_client, "reviews:recommendation-list", **query, **more)
            return next(row[4] for row in found if row[2].startswith("Riktlinjer"))

        assert status() == "Åtgärdad (Uppföljande granskning 2026)"
        assert status(review=seed_review.pk) == "Delvis åtgärdad (Uppföljande granskning 2024)"

    def test_sorting_by_audit_is_swedish(self, auditor_client, seed_review):
        audits = [
            r[0] for r in rows(auditor_client, "reviews:recommendation-list", sort="audit", page=2)
        ]
        assert audits[-1] == "Granskning av Södertörns överförmyndarverksamhet (2022)"

    def test_the_filter_state_is_in_the_page_links(self, auditor_client, seed_review):
        html = auditor_client.get(
            reverse("reviews:recommendation-list"), {"status": "implemented"}
        ).content.decode()
        assert "31 träffar" in html
        assert "status=implemented&amp;page=2" in html

    def test_an_untouched_filter_form_filters_nothing(self, auditor_client, seed_review):
        html = auditor_client.get(reverse("reviews:recommendation-list")).content.decode()
        submitted = form_data(html, "form.filters")
        assert set(submitted.values()) == {""}  # every select starts at "Alla"
        assert '<option value="" selected>Alla</option>' in html
        response = auditor_client.get(reverse("reviews:recommendation-list"), submitted)
        assert "44 träffar" in response.content.decode()

    def test_a_bad_filter_value_is_explained(self, auditor_client, seed_review):
        html = auditor_client.get(
            reverse("reviews:recommendation-list"), {"status": "klar"}
        ).content.decode()
        assert "Välj ett giltigt alternativ" in html

    @pytest.mark.parametrize("audits", [1, 6])
    def test_the_list_does_not_query_per_row(
        self, auditor_client, auditor_of, django_assert_num_queries, audits
    ):
        auditor_of(build_review(audits=audits, recommendations=4).organisation)
        # session, user, count, organisations, the organisations in play, boards, audits,
        # reviews, years (filter choices), the page with its stored statuses, addressed_to
        # ... and the user's roles (memberships, their boards)
        with django_assert_num_queries(13):
            auditor_client.get(reverse("reviews:recommendation-list"))


class TestAuditList:
    def test_it_lists_and_filters_audits(self, auditor_client, seed_review):
        assert len(rows(auditor_client, "reviews:audit-list")) == 7
        found = rows(auditor_client, "reviews:audit-list", year=2021)
        assert found == [
            ["Granskning av kommunens arbetsmarknadsåtgärder", "2021", "Haninge kommun", "EY", "5"]
        ]

    def test_sorting_by_title_is_swedish(self, auditor_client, seed_review):
        titles = [r[0] for r in rows(auditor_client, "reviews:audit-list", sort="title")]
        assert titles[-2:] == [
            "Granskning av skyddade personuppgifter",
            "Granskning av Södertörns överförmyndarverksamhet",
        ]
        assert titles == sorted(titles, key=swedish_key)


class TestRecommendationStory:
    def test_it_tells_responses_and_every_assessment_with_who_and_when(
        self, auditor_client, auditor, seed_review
    ):
        recommendation = Recommendation.objects.get(
            audit__title="Granskning av kommunens hantering av långvarig skolfrånvaro", number=1
        )
        assessment = recommendation.assessments.get()
        assessment.status = Status.PARTIAL
        assessment._history_user = auditor
        assessments_save(review=seed_review, assessments=[Edit(assessment, 1)])

        html = auditor_client.get(
            reverse("reviews:recommendation-detail", args=[recommendation.pk])
        ).content.decode()
        assert "Tydliggöra former för samverkan" in html
        assert (
            "Grund- och förskolenämnden (svarar nu: Grundskolenämnden, Barn- och förskolenämnden)"
            in html
        )
        assert "Nämndens svar 2023" in html
        assert "Status: Delvis åtgärdad" in html
        assert "2 ändringar" in html
        assert "Anna Andersson: Delvis åtgärdad" in html
        assert "import: Åtgärdad" in html

    def test_the_story_page_takes_a_fixed_number_of_queries(
        self, auditor_client, seed_review, django_assert_max_num_queries
    ):
        recommendation = Recommendation.objects.get(
            audit__title="Granskning av skyddade personuppgifter", number=1
        )
        # (+ the user's roles: memberships, their boards; the reviews they may see; the
        # published reviews covering the audit, whose responses cannot be edited; the
        # risks and the controls of the boards' plans that took it in; its parts, and each
        # assessment's statuses per board and per part; the chain of recommendations it
        # continues or is continued by, one query per link, with their latest statuses;
        # the promised dates' history; the boards' progress notes)
        with django_assert_max_num_queries(29):
            response = auditor_client.get(
                reverse("reviews:recommendation-detail", args=[recommendation.pk])
            )
        assert response.status_code == 200


@pytest.mark.django_db
def test_who_reads_whole_organisations_is_filtered_by_organisation_without_a_subquery():
    """At region scale a subquery of every visible row, per request, is what made the
    lists slow: an auditor's visibility is a plain filter on the organisation."""
    review = build_review(audits=1, recommendations=2)
    other = build_review(audits=1, recommendations=1)
    auditor = UserFactory()
    MembershipFactory(user=auditor, organisation=review.organisation, role=Role.AUDITOR)
    for queryset in (Recommendation.objects, Audit.objects):
        visible = queryset.visible_to(auditor)
        assert "SELECT" not in str(visible.query).split("WHERE", 1)[1]
    assert set(Recommendation.objects.visible_to(auditor)) == set(
        Recommendation.objects.filter(audit__organisation=review.organisation)
    )
    assert not Recommendation.objects.visible_to(auditor).filter(
        audit__organisation=other.organisation
    )


@pytest.mark.django_db
def test_with_several_organisations_the_filters_offer_those_of_the_one_in_play(admin_client):
    """A region's administrator would otherwise get every audit of every organisation as
    options on every page."""
    first = build_review(audits=2, recommendations=1)
    second = build_review(audits=3, recommendations=1)
    url = reverse("reviews:recommendation-list")

    def audit_options(**query) -> int:
        html = admin_client.get(url, query).content.decode()
        select = html[html.index('name="audit"') :]
        return select[: select.index("</select>")].count("<option") - 1  # less "Alla"

    assert audit_options() == 0
    assert audit_options(organisation=second.organisation_id) == 3
    one = first.reviewed_audits.first().audit
    assert audit_options(audit=one.pk) == 2  # a link to one audit's recommendations
    rows_found = table_cells(admin_client.get(url, {"audit": one.pk}).content.decode())[1:]
    assert len(rows_found) == 1  # the header row aside: the audit's one recommendation


@pytest.mark.django_db
def test_search_finds_swedish_words_whatever_their_case_and_form(admin_client):
    """Å, Ä and Ö fold like A to Z (SQLite's own LIKE folds only ASCII), and on
    PostgreSQL a word finds its other forms (the `swedish` full-text configuration)."""
    review = build_review(audits=1, recommendations=3)
    first, second, third = review.reviewed_audits.get().audit.recommendations.order_by("number")
    first.text = "Säkerställa ÅTGÄRDER för upphandlingar av tjänster."
    first.save()
    second.text = "Följa upp avtalen årligen."
    second.save()
    url = reverse("reviews:recommendation-list")

    def found(query: str) -> set[str]:
        html = admin_client.get(url, {"q": query}).content.decode()
        return {row[2] for row in table_cells(html)[1:] if len(row) > 2}  # not "none match"

    assert found("åtgärder") == {first.text}
    assert found("ÅRLIGEN") == {second.text}
    assert found("upphandling") == {first.text}
    # One organisation's search looks at its rows only: the same rows, and none of
    # another organisation's.
    organisation = review.organisation
    for query in ("åtgärder", "ÅRLIGEN", "upphandling", "område"):
        assert set(Recommendation.objects.search(query)) == set(
            Recommendation.objects.search(query, organisations=[organisation.pk])
        )
    assert not Recommendation.objects.search("åtgärder", organisations=[organisation.pk + 1])
    if connection.vendor == "postgresql":  # stemming: the plural finds the singular too
        second.text = "Säkerställa att upphandlingen följs upp."
        second.save()
        assert found("upphandlingar") == {first.text, second.text}
        assert found("avtal") == set()  # (the text above no longer has it)
