"""The assessment screen: every recommendation of one audit in one review, saved together."""

import pytest
from django.urls import reverse

from core.versioning import Edit
from reviews.models import Assessment, FollowUpReview, ReviewedAudit, Status
from reviews.services import assessments_save, review_publish
from tests.factories import BoardFactory, BoardResponseFactory, UserFactory, build_review
from tests.helpers import FINDINGS, field_name, form_data, table_cells

pytestmark = pytest.mark.django_db


def screen_url(review, audit_id) -> str:
    return reverse("reviews:assessment-screen", args=[review.pk, audit_id])


def assessment(review, audit, number) -> Assessment:
    return Assessment.objects.get(
        review=review, recommendation__audit=audit, recommendation__number=number
    )


class TestReading:
    def test_it_shows_every_recommendation_with_its_response_and_inputs(
        self, auditor_client, seed_review, cyber
    ):
        response = auditor_client.get(screen_url(seed_review, cyber.pk))
        assert response.status_code == 200
        html = response.content.decode()
        assert "Rekommendation 1-3" in html
        assert "En samordnare rekryteras med informationssäkerhet" in html
        assert "Styrelsens svar 2023" in html
        for number in (1, 2, 3):
            assert field_name(html, f"Status, rekommendation {number}")
            assert field_name(html, f"{FINDINGS} {number}")
        assert "En informationssäkerhetssamordnare är anställd" in html

    def test_the_status_is_offered_as_words(self, auditor_client, seed_review, cyber):
        html = auditor_client.get(screen_url(seed_review, cyber.pk)).content.decode()
        for word in ("Åtgärdad", "Delvis åtgärdad", "Ej åtgärdad", "Ej bedömd"):
            assert f"> {word}</label>" in html

    @pytest.mark.parametrize("recommendations", [3, 13])
    def test_the_screen_takes_the_same_queries_for_any_number_of_recommendations(
        self, auditor_client, auditor_of, django_assert_num_queries, recommendations
    ):
        review = build_review(audits=1, recommendations=recommendations)
        auditor_of(review.organisation)
        audit = review.reviewed_audits.get().audit
        for rec in audit.recommendations.all():
            BoardResponseFactory(audit=audit, year=2023, text="Svar.", recommendations=[rec])
        # session, user, reviewed audit with review/organisation/audit, groups with the
        # reviews that issued them, recommendations, addressed_to, parts, what they
        # continue, responses, their boards, their recommendations, shared findings,
        # assessments with their recommendation, the assessments' recommendations'
        # addressed_to and parts, their findings per board (and those boards), statuses per
        # board and per part, the user's roles (memberships, their boards), the earlier
        # reviews' assessments, the boards' progress notes
        with django_assert_num_queries(22):
            page = auditor_client.get(screen_url(review, audit.pk))
        assert page.content.decode().count("Svar.") == recommendations

    def test_an_audit_outside_the_review_is_not_found(self, auditor_client, seed_review):
        other = build_review(audits=1, recommendations=1).reviewed_audits.get().audit
        assert auditor_client.get(screen_url(seed_review, other.pk)).status_code == 404


@pytest.fixture
def second_year(auditor_of):
    """A 2024 review found recommendation 1 partly implemented and 2 not; the 2025 review
    follows up 1 and 2 again (2 already assessed), not 3, which 2024 found implemented."""
    first = build_review(
        audits=1,
        recommendations=3,
        statuses=[Status.PARTIAL, Status.NOT_IMPLEMENTED, Status.IMPLEMENTED],
    )
    FollowUpReview.objects.filter(pk=first.pk).update(year=2024, title="Uppföljning 2024")
    audit = first.reviewed_audits.get().audit
    one, two, three = audit.recommendations.order_by("number")
    Assessment.objects.filter(recommendation=one).update(findings="Rutinen är påbörjad.")
    review_publish(review=FollowUpReview.objects.get(pk=first.pk))
    second = FollowUpReview.objects.create(
        organisation=first.organisation, title="Uppföljning 2025", year=2025, firm=first.firm
    )
    ReviewedAudit.objects.create(review=second, audit=audit, position=1)
    Assessment.objects.create(review=second, recommendation=one)
    Assessment.objects.create(
        review=second, recommendation=two, status=Status.PARTIAL, findings="Arbete pågår."
    )
    auditor_of(first.organisation)
    return second, audit, (one, two, three)


class TestRepeatFollowUp:
    def test_each_recommendation_shows_what_the_earlier_review_found(
        self, auditor_client, second_year
    ):
        review, audit, (one, two, three) = second_year
        html = auditor_client.get(screen_url(review, audit.pk)).content.decode()
        earlier = html[html.index(f'id="earlier-{one.pk}"') :]
        earlier = earlier[: earlier.index("</section>")]
        assert "Uppföljning 2024 (2024)" in earlier and "Delvis åtgärdad" in earlier
        assert "Rutinen är påbörjad." in earlier
        # One action copies it into the findings box (the script does it; the text is here).
        findings = field_name(html, f"{FINDINGS} 1")
        button = earlier[earlier.index("<button") :]
        assert 'data-copy-text="Rutinen är påbörjad."' in button
        assert f'data-copy-to="id_{findings}"' in button
        assert "Utgå från iakttagelserna i Uppföljning 2024" in button

    def test_the_list_beside_counts_and_jumps_and_the_rest_collapses(
        self, auditor_client, second_year
    ):
        review, audit, (one, two, three) = second_year
        html = auditor_client.get(screen_url(review, audit.pk)).content.decode()
        jump = html[html.index('class="jump-list"') : html.index("</nav>", html.index("jump-list"))]
        assert "1 av 2 bedömda" in jump
        assert f'href="#recommendation-{one.pk}"' in jump and "(ännu inte bedömd)" in jump
        assert f'href="#recommendation-{two.pk}"' in jump and "(bedömd)" in jump
        assert f"#recommendation-{three.pk}" not in jump
        assert (
            f'<details class="recommendation not-in-review" id="recommendation-{three.pk}">' in html
        )
        assert 'id="only-unassessed"' in html

    def test_a_save_returns_to_the_part_of_the_page_where_it_was_pressed(
        self, auditor_client, second_year
    ):
        review, audit, (one, two, three) = second_year
        url = screen_url(review, audit.pk)
        html = auditor_client.get(url).content.decode()
        data = form_data(html, "form.assessment-form")
        data[field_name(html, f"{FINDINGS} 1")] = "Rutinen är klar."
        group = one.group_id
        response = auditor_client.post(url, {**data, "return_to": f"group-{group}"})
        assert response.status_code == 302 and response["Location"] == f"{url}#group-{group}"
        assert f'id="group-{group}" tabindex="-1"' in auditor_client.get(url).content.decode()
        # Anything else is not followed (no script, no other page).
        for junk in ("https://evil.example/", "group-1<script>", "x" * 50):
            data = form_data(auditor_client.get(url).content.decode(), "form.assessment-form")
            response = auditor_client.post(url, {**data, "return_to": junk})
            assert response.status_code == 302 and response["Location"] == url


class TestSaving:
    def test_it_saves_status_and_findings_and_the_summary_follows(
        self, auditor_client, auditor, seed_review, cyber
    ):
        url = screen_url(seed_review, cyber.pk)
        html = auditor_client.get(url).content.decode()
        data = form_data(html, "form.assessment-form")
        data[field_name(html, "Status, rekommendation 3")] = Status.IMPLEMENTED
        data[field_name(html, f"{FINDINGS} 3")] = "Riktlinjerna beslutades 2025."

        response = auditor_client.post(url, data, follow=True)

        assert response.redirect_chain == [(url, 302)]
        assert "Sparat." in response.content.decode()
        saved = assessment(seed_review, cyber, 3)
        assert (saved.status, saved.findings) == (
            Status.IMPLEMENTED,
            "Riktlinjerna beslutades 2025.",
        )
        assert saved.version == 2
        assert saved.history.first().history_user == auditor
        summary = auditor_client.get(reverse("reviews:review-summary", args=[seed_review.pk]))
        rows = table_cells(summary.content.decode())
        assert ["Granskning av cybersäkerhet (2022)", "3", "-", "-"] in rows
        assert rows[-1] == ["Totalt:", "32", "12", "-"]

    def test_untouched_recommendations_are_not_written(self, auditor_client, seed_review, cyber):
        url = screen_url(seed_review, cyber.pk)
        html = auditor_client.get(url).content.decode()
        data = form_data(html, "form.assessment-form")
        data[field_name(html, f"{FINDINGS} 1")] = "Ny text."
        auditor_client.post(url, data)
        assert [assessment(seed_review, cyber, n).version for n in (1, 2, 3)] == [2, 1, 1]

    def test_a_bad_value_is_refused_and_what_was_typed_is_kept(
        self, auditor_client, seed_review, cyber
    ):
        url = screen_url(seed_review, cyber.pk)
        html = auditor_client.get(url).content.decode()
        data = form_data(html, "form.assessment-form")
        data[field_name(html, "Status, rekommendation 2")] = "klar"
        data[field_name(html, f"{FINDINGS} 1")] = "Min nya text som inte får försvinna."

        response = auditor_client.post(url, data)

        assert response.status_code == 400
        html = response.content.decode()
        assert "Ingenting sparades. Rätta fälten som är markerade nedan." in html
        assert "Välj ett giltigt alternativ" in html
        assert "Min nya text som inte får försvinna." in html
        assert assessment(seed_review, cyber, 1).version == 1

    def test_overall_assessment_colour_and_shared_findings_are_saved(
        self, auditor_client, seed_review, cyber
    ):
        url = screen_url(seed_review, cyber.pk)
        html = auditor_client.get(url).content.decode()
        data = form_data(html, "form.assessment-form")
        data[field_name(html, "Sammantagen bedömning")] = "Två av tre."
        data[field_name(html, "Färgmarkering")] = "yellow"
        data[field_name(html, "Gemensam uppföljning för gruppen")] = "Gäller alla tre."

        assert auditor_client.post(url, data).status_code == 302

        reviewed = ReviewedAudit.objects.get(review=seed_review, audit=cyber)
        assert (reviewed.overall_assessment, reviewed.colour) == ("Två av tre.", "yellow")
        assert seed_review.group_findings.get(group__audit=cyber).text == "Gäller alla tre."


class TestConcurrentEdits:
    def test_a_save_over_someone_elses_newer_version_is_refused_keeping_your_text(
        self, auditor_client, seed_review, cyber
    ):
        url = screen_url(seed_review, cyber.pk)
        html = auditor_client.get(url).content.decode()  # Anna opens the screen
        # Meanwhile Bertil saves recommendation 3.
        bertil = UserFactory(username="bertil", first_name="Bertil", last_name="B")
        theirs = assessment(seed_review, cyber, 3)
        theirs.findings, theirs.status = "Bertils text.", Status.NOT_IMPLEMENTED
        theirs._history_user = bertil
        assessments_save(review=seed_review, assessments=[Edit(theirs, 1)])

        data = form_data(html, "form.assessment-form")
        data[field_name(html, f"{FINDINGS} 3")] = "Annas text."
        response = auditor_client.post(url, data)

        assert response.status_code == 409
        page = response.content.decode()
        assert "Ingenting sparades: någon annan sparade ändringar medan du redigerade." in page
        assert "Sparat av Bertil B" in page
        assert "Bertils text." in page and "Annas text." in page
        stored = assessment(seed_review, cyber, 3)
        assert (stored.findings, stored.status, stored.version) == (
            "Bertils text.",
            Status.NOT_IMPLEMENTED,
            2,
        )

        # Saving again, having seen Bertil's version, replaces it knowingly.
        again = form_data(page, "form.assessment-form")
        assert auditor_client.post(url, again).status_code == 302
        assert assessment(seed_review, cyber, 3).findings == "Annas text."

    def test_edits_to_different_recommendations_do_not_clash(
        self, auditor_client, seed_review, cyber
    ):
        url = screen_url(seed_review, cyber.pk)
        html = auditor_client.get(url).content.decode()
        other = assessment(seed_review, cyber, 2)
        other.findings = "Någon annans ändring."
        assessments_save(review=seed_review, assessments=[Edit(other, 1)])

        data = form_data(html, "form.assessment-form")
        data[field_name(html, f"{FINDINGS} 1")] = "Min ändring."
        assert auditor_client.post(url, data).status_code == 302
        assert assessment(seed_review, cyber, 1).findings == "Min ändring."
        assert assessment(seed_review, cyber, 2).findings == "Någon annans ändring."

    def test_a_clash_on_one_recommendation_saves_nothing_at_all(
        self, auditor_client, seed_review, cyber
    ):
        url = screen_url(seed_review, cyber.pk)
        html = auditor_client.get(url).content.decode()
        other = assessment(seed_review, cyber, 2)
        other.findings = "Någon annans ändring."
        assessments_save(review=seed_review, assessments=[Edit(other, 1)])

        data = form_data(html, "form.assessment-form")
        data[field_name(html, f"{FINDINGS} 1")] = "Min ändring."
        data[field_name(html, f"{FINDINGS} 2")] = "Min andra ändring."
        assert auditor_client.post(url, data).status_code == 409
        assert assessment(seed_review, cyber, 1).version == 1


class TestPublishedReviews:
    def publish(self, review):
        review_publish(review=review)
        review.refresh_from_db()

    def test_a_published_review_is_shown_read_only(self, auditor_client, seed_review, cyber):
        self.publish(seed_review)
        html = auditor_client.get(screen_url(seed_review, cyber.pk)).content.decode()
        assert "Uppföljningen är publicerad" in html
        editable = form_data(html, "form.assessment-form")  # disabled fields are not sent
        assert not [name for name in editable if name.endswith(("-status", "-findings", "-text"))]
        assert "<button" not in html.split('class="assessment-form"')[1]

    def test_an_edit_to_a_published_review_is_refused_with_the_reason(
        self, auditor_client, seed_review, cyber
    ):
        url = screen_url(seed_review, cyber.pk)
        html = auditor_client.get(url).content.decode()
        data = form_data(html, "form.assessment-form")
        data[field_name(html, f"{FINDINGS} 1")] = "För sent."
        self.publish(seed_review)

        response = auditor_client.post(url, data)

        assert response.status_code == 409
        assert "Ingenting sparades." in response.content.decode()
        assert "Återöppna den" in response.content.decode()
        assert assessment(seed_review, cyber, 1).findings != "För sent."

    def test_publishing_needs_every_recommendation_assessed(self, auditor_client, auditor_of):
        review = build_review(audits=1, recommendations=2, statuses=[Status.IMPLEMENTED, ""])
        auditor_of(review.organisation)
        response = auditor_client.post(
            reverse("reviews:review-publish", args=[review.pk]), follow=True
        )
        assert "1 rekommendationer är inte bedömda än." in response.content.decode()
        review.refresh_from_db()
        assert not review.is_published

    def test_publishing_asks_first_and_says_what_it_does(self, auditor_client, seed_review):
        summary = auditor_client.get(reverse("reviews:review-summary", args=[seed_review.pk]))
        url = reverse("reviews:review-publish", args=[seed_review.pk])
        assert f'href="{url}"' in summary.content.decode()  # a link: nothing happens yet
        page = auditor_client.get(url).content.decode()
        assert "Publicera uppföljningen?" in page
        assert "återöppna den med en motivering" in page
        assert "data-submit-once" in page and f'action="{url}"' in page
        seed_review.refresh_from_db()
        assert not seed_review.is_published
        done = auditor_client.post(url, follow=True).content.decode()
        assert "Uppföljningen är publicerad" in done
        # Pressed twice: the second request changes nothing and says so.
        again = auditor_client.post(url, follow=True).content.decode()
        assert "redan publicerad" in again
        assert "redan publicerad" in auditor_client.get(url).content.decode()

    def test_publishing_and_reopening_are_recorded(self, auditor_client, auditor, seed_review):
        auditor_client.post(reverse("reviews:review-publish", args=[seed_review.pk]))
        seed_review.refresh_from_db()
        assert seed_review.is_published and seed_review.published_at

        response = auditor_client.post(
            reverse("reviews:review-reopen", args=[seed_review.pk]),
            {"reason": "Kommunstyrelsen lämnade nya uppgifter."},
        )
        assert response.status_code == 302
        seed_review.refresh_from_db()
        assert seed_review.state == FollowUpReview.State.DRAFT
        latest = seed_review.history.first()
        assert latest.history_change_reason == "Kommunstyrelsen lämnade nya uppgifter."
        assert latest.history_user == auditor

    def test_reopening_needs_a_reason(self, auditor_client, seed_review):
        self.publish(seed_review)
        auditor_client.post(
            reverse("reviews:review-reopen", args=[seed_review.pk]), {"reason": " "}
        )
        seed_review.refresh_from_db()
        assert seed_review.is_published


class TestFindingsPerBoard:
    @pytest.fixture
    def two_boards(self, auditor_of):
        """A review of one recommendation addressed to two boards; Anna audits it."""
        review = build_review(audits=1, recommendations=1, statuses=[Status.PARTIAL])
        auditor_of(review.organisation)
        recommendation = review.assessments.get().recommendation
        boards = [
            BoardFactory(organisation=review.organisation, name=name)
            for name in ("Socialnämnden", "Kultur- och fritidsnämnden")
        ]
        recommendation.addressed_to.set(boards)
        return review, recommendation.audit, boards

    def test_each_addressed_board_gets_its_own_findings_field(self, auditor_client, two_boards):
        review, audit, boards = two_boards
        html = auditor_client.get(screen_url(review, audit.pk)).content.decode()
        assert field_name(html, "Uppföljning för Socialnämnden, rekommendation 1")
        assert field_name(html, "Uppföljning för Kultur- och fritidsnämnden, rekommendation 1")

    def test_a_recommendation_to_one_board_has_no_per_board_fields(
        self, auditor_client, seed_review, cyber
    ):
        html = auditor_client.get(screen_url(seed_review, cyber.pk)).content.decode()
        assert "Uppföljning för " not in html

    def test_per_board_findings_are_saved_changed_and_removed(self, auditor_client, two_boards):
        review, audit, boards = two_boards
        url = screen_url(review, audit.pk)
        html = auditor_client.get(url).content.decode()
        data = form_data(html, "form.assessment-form")
        data[field_name(html, "Uppföljning för Socialnämnden, rekommendation 1")] = "Rutin finns."
        assert auditor_client.post(url, data).status_code == 302

        saved = review.assessments.get()
        assert [(f.names, f.text) for f in saved.board_findings.all()] == [
            ("Socialnämnden", "Rutin finns.")
        ]
        assert saved.version == 2  # the per-board text is part of the assessment's edit

        html = auditor_client.get(url).content.decode()
        assert "Rutin finns." in html  # shown again, and the details are open
        data = form_data(html, "form.assessment-form")
        data[field_name(html, "Uppföljning för Socialnämnden, rekommendation 1")] = ""
        data[field_name(html, "Uppföljning för Kultur- och fritidsnämnden, rekommendation 1")] = (
            "Ingen rutin."
        )
        assert auditor_client.post(url, data).status_code == 302
        assert [(f.names, f.text) for f in saved.board_findings.all()] == [
            ("Kultur- och fritidsnämnden", "Ingen rutin.")
        ]

    def test_a_clash_keeps_the_per_board_text_and_saves_none_of_it(
        self, auditor_client, two_boards
    ):
        review, audit, boards = two_boards
        url = screen_url(review, audit.pk)
        html = auditor_client.get(url).content.decode()
        theirs = review.assessments.get()
        theirs.findings = "Någon annans text."
        assessments_save(review=review, assessments=[Edit(theirs, 1)])

        data = form_data(html, "form.assessment-form")
        data[field_name(html, "Uppföljning för Socialnämnden, rekommendation 1")] = "Min text."
        response = auditor_client.post(url, data)

        assert response.status_code == 409
        assert "Min text." in response.content.decode()
        assert not review.assessments.get().board_findings.exists()
