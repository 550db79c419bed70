"""Creating a follow-up review and choosing its audits, open recommendations first."""

import pytest
from django.urls import reverse

from core.versioning import Edit
from reviews.models import Assessment, Audit, FollowUpReview, ReviewedAudit, Status
from reviews.services import assessments_save, review_publish
from tests.factories import (
    AssessmentFactory,
    AuditFactory,
    GroupFactory,
    OrganisationFactory,
    RecommendationFactory,
    ReviewFactory,
)
from tests.helpers import field_name, form_data, table_cells

pytestmark = pytest.mark.django_db


def create_url(organisation) -> str:
    return f"{reverse('reviews:review-create')}?organisation={organisation.pk}"


def audit_with(organisation, title: str, year: int, recommendations: int):
    audit = AuditFactory(organisation=organisation, title=title, year=year)
    group = GroupFactory(audit=audit, position=1)
    for number in range(1, recommendations + 1):
        RecommendationFactory(group=group, number=number)
    return audit


@pytest.fixture
def history(auditor_of):
    """An organisation whose 2022 review found the IT audit fully implemented and the
    procurement audit partly, and a 2023 audit never followed up; Anna audits it."""
    organisation = OrganisationFactory(name="Nacka kommun")
    auditor_of(organisation)
    it = audit_with(organisation, "Granskning av IT-säkerhet", 2021, 2)
    procurement = audit_with(organisation, "Granskning av upphandling", 2021, 3)
    schools = audit_with(organisation, "Granskning av skolan", 2023, 2)
    earlier = ReviewFactory(organisation=organisation, title="Uppföljning 2022", year=2022)
    statuses = {
        it: [Status.IMPLEMENTED, Status.IMPLEMENTED],
        procurement: [Status.IMPLEMENTED, Status.PARTIAL, Status.NOT_IMPLEMENTED],
    }
    for position, (audit, audit_statuses) in enumerate(statuses.items(), start=1):
        ReviewedAudit.objects.create(review=earlier, audit=audit, position=position)
        for recommendation, status in zip(
            audit.recommendations.order_by("number"), audit_statuses, strict=True
        ):
            AssessmentFactory(review=earlier, recommendation=recommendation, status=status)
    review_publish(review=earlier)
    return organisation, it, procurement, schools


def new_review_data(html: str, organisation, **chosen) -> dict:
    """The create form filled in, ticking the audits named in `chosen` (label → chapter)."""
    data = form_data(html, "form.review-form")
    for name in [name for name in data if name.endswith("-include")]:
        del data[name]  # the audits proposed are ticked and numbered already: choose afresh
    for name in [name for name in data if name.endswith("-chapter")]:
        data[name] = ""
    data[field_name(html, "Titel")] = "Uppföljning 2025"
    data[field_name(html, "År")] = "2025"
    data[field_name(html, "Revisionsbyrå")] = str(
        FollowUpReview.objects.filter(organisation=organisation).first().firm_id
    )
    for label, chapter in chosen.items():
        data[field_name(html, f"Följ upp {label}")] = "on"
        if chapter:
            data[field_name(html, f"Kapitel för {label}")] = str(chapter)
    return data


class TestChoosingAudits:
    def test_audits_with_open_recommendations_are_proposed_first_with_their_latest_status(
        self, auditor_client, history
    ):
        organisation, *_ = history
        html = auditor_client.get(create_url(organisation)).content.decode()
        rows = [row[2:] for row in table_cells(html)[1:]]  # without the inputs' labels
        assert rows == [
            [],  # a heading row
            ["Granskning av skolan (2023)", "Ej bedömd: 2"],
            [
                "Granskning av upphandling (2021)",
                "Ej åtgärdad: 1, Delvis åtgärdad: 1, Åtgärdad: 1 Bedömd i Uppföljning 2022",
            ],
            [],
            ["Granskning av IT-säkerhet (2021)", "Åtgärdad: 2 Bedömd i Uppföljning 2022"],
        ]
        headings = [row[0] for row in table_cells(html)[1:] if len(row) == 1]
        assert headings == [
            "Föreslås: har rekommendationer som inte är åtgärdade",
            "Alla rekommendationer åtgärdade",
        ]

    def test_creating_a_review_covers_the_chosen_audits_with_pending_open_recommendations(
        self, auditor_client, history
    ):
        organisation, it, procurement, schools = history
        html = auditor_client.get(create_url(organisation)).content.decode()
        data = new_review_data(
            html,
            organisation,
            **{"Granskning av upphandling (2021)": 1, "Granskning av skolan (2023)": 2},
        )

        response = auditor_client.post(create_url(organisation), data)

        review = FollowUpReview.objects.get(title="Uppföljning 2025")
        assert response.status_code == 302
        assert response["Location"] == reverse("reviews:review-summary", args=[review.pk])
        assert [ra.audit for ra in review.reviewed_audits.all()] == [procurement, schools]
        pending = review.assessments.order_by("recommendation__audit_id", "recommendation__number")
        # Procurement's recommendation 1 was implemented in 2022: not followed up again.
        assert [(a.recommendation.audit, a.recommendation.number, a.status) for a in pending] == [
            (procurement, 2, ""),
            (procurement, 3, ""),
            (schools, 1, ""),
            (schools, 2, ""),
        ]
        summary = auditor_client.get(response["Location"]).content.decode()
        assert ["Granskning av upphandling (2021)", "-", "-", "-", "2"] in table_cells(summary)

    def test_unnumbered_audits_follow_the_numbered_ones_in_the_order_listed(
        self, auditor_client, history
    ):
        organisation, it, procurement, schools = history
        html = auditor_client.get(create_url(organisation)).content.decode()
        data = new_review_data(
            html,
            organisation,
            **{
                "Granskning av IT-säkerhet (2021)": 1,
                "Granskning av skolan (2023)": None,
                "Granskning av upphandling (2021)": None,
            },
        )
        assert auditor_client.post(create_url(organisation), data).status_code == 302
        review = FollowUpReview.objects.get(title="Uppföljning 2025")
        assert [ra.audit for ra in review.reviewed_audits.all()] == [it, schools, procurement]
        # Every recommendation of a fully implemented audit, since it was chosen anyway.
        assert review.assessments.filter(recommendation__audit=it).count() == 2

    def test_the_page_takes_the_same_queries_for_any_number_of_audits(
        self, auditor_client, auditor_of, django_assert_num_queries
    ):
        organisation = OrganisationFactory()
        auditor_of(organisation)
        for count in (2, 9):
            for n in range(count):
                audit_with(organisation, f"Granskning {count}-{n}", 2022, 3)
            # session, user, organisation, audits, recommendations with latest status,
            # the previous review (none here), firms (the firm field's choices), the user's
            # memberships and their boards
            with django_assert_num_queries(9):
                html = auditor_client.get(create_url(organisation)).content.decode()
            assert html.count("Följ upp Granskning ") >= count

    def test_an_organisation_with_hundreds_of_audits_can_save_its_review(
        self, auditor_client, history
    ):
        """Every audit is a row of the form (its id and its chapter): 700 audits post
        some 1,400 fields, over Django's default limit of 1,000."""
        organisation, it, _procurement, _schools = history
        Audit.objects.bulk_create(
            Audit(organisation=organisation, title=f"Granskning nr {n}", year=2020)
            for n in range(700)
        )
        html = auditor_client.get(create_url(organisation)).content.decode()
        data = new_review_data(html, organisation, **{it.label: 1})
        assert len(data) > 1400
        response = auditor_client.post(create_url(organisation), data)
        assert response.status_code == 302
        review = FollowUpReview.objects.get(title="Uppföljning 2025")
        assert [ra.audit for ra in review.reviewed_audits.all()] == [it]

    def test_the_next_review_starts_from_the_previous_one(self, auditor_client, history):
        organisation, it, procurement, schools = history
        html = auditor_client.get(create_url(organisation)).content.decode()
        data = form_data(html, "form.review-form")
        assert data[field_name(html, "Titel")] == "Uppföljning 2023"
        assert data[field_name(html, "År")] == "2023"
        previous = FollowUpReview.objects.get(title="Uppföljning 2022")
        assert data[field_name(html, "Revisionsbyrå")] == str(previous.firm_id)
        assert "Ifyllt från föregående uppföljning, Uppföljning 2022 (2022)" in html
        assert "fortfarande ett utkast" not in html  # it is published
        # The audits with open recommendations ticked, numbered in the order listed; the
        # fully implemented one not.
        assert data[field_name(html, f"Följ upp {schools.label}")] == "on"
        assert data[field_name(html, f"Kapitel för {schools.label}")] == "1"
        assert data[field_name(html, f"Kapitel för {procurement.label}")] == "2"
        assert field_name(html, f"Följ upp {it.label}") not in data
        response = auditor_client.post(create_url(organisation), data)
        assert response.status_code == 302
        review = FollowUpReview.objects.get(title="Uppföljning 2023")
        assert [ra.audit for ra in review.reviewed_audits.all()] == [schools, procurement]

    def test_a_previous_draft_is_a_warning(self, auditor_client, history):
        organisation, *_audits = history
        FollowUpReview.objects.create(
            organisation=organisation,
            title="Uppföljning 2023",
            year=2023,
            firm=FollowUpReview.objects.get(title="Uppföljning 2022").firm,
        )
        html = auditor_client.get(create_url(organisation)).content.decode()
        assert "Uppföljning 2023 är fortfarande ett utkast" in html
        assert form_data(html, "form.review-form")[field_name(html, "Titel")] == "Uppföljning 2024"


class TestRefusals:
    def test_no_audit_chosen_is_refused_and_the_typed_text_is_kept(self, auditor_client, history):
        organisation, *_ = history
        html = auditor_client.get(create_url(organisation)).content.decode()
        data = new_review_data(html, organisation)
        data[field_name(html, "Syfte")] = "Att följa upp tidigare granskningar."

        response = auditor_client.post(create_url(organisation), data)

        assert response.status_code == 400
        page = response.content.decode()
        assert "Välj minst en granskning att följa upp." in page
        assert "Att följa upp tidigare granskningar." in page
        assert not FollowUpReview.objects.filter(title="Uppföljning 2025").exists()

    def test_a_title_the_organisation_already_uses_is_refused_at_the_field(
        self, auditor_client, history
    ):
        organisation, *_ = history
        html = auditor_client.get(create_url(organisation)).content.decode()
        data = new_review_data(html, organisation, **{"Granskning av skolan (2023)": 1})
        data[field_name(html, "Titel")] = "Uppföljning 2022"
        response = auditor_client.post(create_url(organisation), data)
        assert response.status_code == 400
        assert "Nacka kommun har redan en uppföljande granskning med den här titeln." in (
            response.content.decode()
        )

    def test_two_audits_in_the_same_chapter_are_refused(self, auditor_client, history):
        organisation, *_ = history
        html = auditor_client.get(create_url(organisation)).content.decode()
        data = new_review_data(
            html,
            organisation,
            **{"Granskning av skolan (2023)": 1, "Granskning av upphandling (2021)": 1},
        )
        response = auditor_client.post(create_url(organisation), data)
        assert response.status_code == 400
        assert "Två granskningar har samma kapitelnummer." in response.content.decode()

    def test_the_same_audit_twice_is_refused(self, auditor_client, history):
        organisation, *_ = history
        html = auditor_client.get(create_url(organisation)).content.decode()
        data = new_review_data(html, organisation, **{"Granskning av skolan (2023)": 1})
        data["audit-1-audit"] = data["audit-0-audit"]
        data["audit-1-include"] = "on"
        response = auditor_client.post(create_url(organisation), data)
        assert response.status_code == 400
        assert not FollowUpReview.objects.filter(title="Uppföljning 2025").exists()

    def test_an_audit_of_another_organisation_cannot_be_slipped_in(self, auditor_client, history):
        organisation, *_ = history
        stranger = audit_with(OrganisationFactory(name="Annan kommun"), "Hemlig", 2022, 1)
        html = auditor_client.get(create_url(organisation)).content.decode()
        data = new_review_data(html, organisation, **{"Granskning av skolan (2023)": 1})
        data["audit-0-audit"] = str(stranger.pk)
        data["audit-0-include"] = "on"
        response = auditor_client.post(create_url(organisation), data)
        assert response.status_code == 400
        assert not ReviewedAudit.objects.filter(audit=stranger).exists()


class TestEditing:
    @pytest.fixture
    def draft(self, auditor_client, history):
        organisation, it, procurement, schools = history
        html = auditor_client.get(create_url(organisation)).content.decode()
        data = new_review_data(
            html,
            organisation,
            **{"Granskning av upphandling (2021)": 1, "Granskning av skolan (2023)": 2},
        )
        auditor_client.post(create_url(organisation), data)
        return FollowUpReview.objects.get(title="Uppföljning 2025"), procurement, schools

    def edit(self, client, review, change) -> tuple:
        url = reverse("reviews:review-edit", args=[review.pk])
        html = client.get(url).content.decode()
        data = form_data(html, "form.review-form")
        change(html, data)
        return url, client.post(url, data)

    def test_chapters_can_be_reordered(self, auditor_client, draft):
        review, procurement, schools = draft

        def swap(html, data):
            data[field_name(html, "Kapitel för Granskning av upphandling (2021)")] = "2"
            data[field_name(html, "Kapitel för Granskning av skolan (2023)")] = "1"

        _, response = self.edit(auditor_client, review, swap)
        assert response.status_code == 302
        assert [ra.audit for ra in review.reviewed_audits.all()] == [schools, procurement]

    def test_an_audit_with_nothing_written_can_be_dropped(self, auditor_client, draft):
        review, procurement, schools = draft

        def drop(html, data):
            del data[field_name(html, "Följ upp Granskning av skolan (2023)")]

        _, response = self.edit(auditor_client, review, drop)
        assert response.status_code == 302
        assert [ra.audit for ra in review.reviewed_audits.all()] == [procurement]
        assert not review.assessments.filter(recommendation__audit=schools).exists()

    def test_an_audit_with_assessments_cannot_be_dropped(self, auditor_client, draft):
        review, procurement, schools = draft
        written = review.assessments.filter(recommendation__audit=schools).first()
        written.findings = "Påbörjad."
        assessments_save(review=review, assessments=[Edit(written, 1)])

        def drop(html, data):
            del data[field_name(html, "Följ upp Granskning av skolan (2023)")]

        _, response = self.edit(auditor_client, review, drop)
        assert response.status_code == 400
        assert "Granskning av skolan (2023) har redan bedömningar" in response.content.decode()
        assert review.reviewed_audits.count() == 2
        assert review.assessments.filter(recommendation__audit=schools).count() == 2

    def test_a_concurrent_edit_is_refused_and_the_input_kept(self, auditor_client, draft):
        review, *_ = draft

        def meanwhile(html, data):
            data[field_name(html, "Sammanfattning")] = "Min sammanfattning."
            FollowUpReview.objects.filter(pk=review.pk).update(version=review.version + 1)

        _, response = self.edit(auditor_client, review, meanwhile)
        assert response.status_code == 409
        assert "Min sammanfattning." in response.content.decode()
        review.refresh_from_db()
        assert review.summary == ""

    def test_a_published_review_cannot_be_edited(self, auditor_client, draft):
        review, *_ = draft
        Assessment.objects.filter(review=review).update(status=Status.PARTIAL)
        url = reverse("reviews:review-edit", args=[review.pk])
        html = auditor_client.get(url).content.decode()
        data = form_data(html, "form.review-form")
        review_publish(review=review)

        response = auditor_client.post(url, {**data, "title": "Nytt namn"})

        assert response.status_code == 409
        review.refresh_from_db()
        assert review.title == "Uppföljning 2025"
        assert "Nytt namn" in response.content.decode()  # what was typed stays on screen
        page = auditor_client.get(url).content.decode()
        assert "En publicerad uppföljning visar detta, så det kan inte ändras" in page
        assert "data-save-shortcut" not in page
