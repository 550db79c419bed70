"""Follow-up reviews as other firms write them (tests/documents/examples/, made up):
status per board and per lettered part with the derived rule, joint findings, new
recommendations continuing old ones, grading words, board-by-board chapters, the report's
own titles, numbers, sections, contacts and signatures. Each capability is checked in the
file (read, imported, exported again identically), on the pages and in the PDF's text."""

import re
from io import BytesIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.db import models, transaction
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from organisations.models import Board, Firm, Organisation
from reviews.documents import (
    DocumentError,
    dump_review_document,
    read_review_file,
    review_to_document,
)
from reviews.forms import IssuedRecommendationForm
from reviews.freezing import reviews_locking
from reviews.models import (
    Assessment,
    Audit,
    FollowUpReview,
    Recommendation,
    Status,
    derived_status,
)
from reviews.reports import render_report_html, render_report_pdf, report_of
from reviews.selection import open_recommendations
from reviews.services import review_import
from reviews.summary import review_summary
from tests.factories import BoardFactory, BoardResponseFactory, UserFactory, build_review
from tests.helpers import field_name, form_data, table_cells
from tests.views.test_xlsx import XLSX

EXAMPLES = Path(__file__).parent / "documents" / "examples"
BY_BOARD = EXAMPLES / "norrvik-2022-per-namnd.yaml"
GRADED = EXAMPLES / "norrvik-2023-graderad.yaml"
CONTINUED = EXAMPLES / "norrvik-2025-fortsatt.yaml"
FILES = [BY_BOARD, GRADED, CONTINUED]  # in the order they must be imported


def squeeze(text: str) -> str:
    """Text without white space or hyphens: line breaks and hyphenation don't matter."""
    return re.sub(r"[\s\-\u2010\u00ad]", "", text)


def import_file(path: Path) -> FollowUpReview:
    return review_import(document=read_review_file(path.read_text(encoding="utf-8")).document)


def export(review: FollowUpReview) -> str:
    return dump_review_document(
        review_to_document(FollowUpReview.objects.for_export().get(pk=review.pk))
    )


@pytest.fixture(scope="module")
def printed(django_db_setup, django_db_blocker, tmp_path_factory):
    """Each example's PDF text (squeezed, whole document) and HTML, rendered once for the
    module (the data rolled back)."""
    texts, html = {}, {}
    with django_db_blocker.unblock(), transaction.atomic():
        for path in FILES:
            review = import_file(path)
            report = report_of(review)
            html[path.name] = render_report_html(report)
            pdf = tmp_path_factory.mktemp("examples") / f"{path.stem}.pdf"
            pdf.write_bytes(render_report_pdf(report))
            texts[path.name] = [page.extract_text() for page in PdfReader(pdf).pages]
        transaction.set_rollback(True)
    return {"pages": texts, "html": html}


def whole(printed, path: Path) -> str:
    return squeeze(" ".join(printed["pages"][path.name]))


@pytest.fixture
def reviews(db) -> dict[str, FollowUpReview]:
    return {path.name: import_file(path) for path in FILES}


class TestTheRule:
    @pytest.mark.parametrize(
        "statuses, expected",
        [
            ([Status.IMPLEMENTED, Status.IMPLEMENTED], Status.IMPLEMENTED),
            ([Status.NOT_IMPLEMENTED, Status.NOT_IMPLEMENTED], Status.NOT_IMPLEMENTED),
            ([Status.IMPLEMENTED, Status.NOT_IMPLEMENTED], Status.PARTIAL),
            ([Status.PARTIAL, Status.PARTIAL], Status.PARTIAL),
            ([Status.IMPLEMENTED, Status.PARTIAL], Status.PARTIAL),
            ([Status.IMPLEMENTED, Status.NOT_ASSESSED], Status.NOT_ASSESSED),
            ([Status.IMPLEMENTED], Status.IMPLEMENTED),
            ([], None),
        ],
    )
    def test_it_derives_one_status_from_several(self, statuses, expected):
        assert derived_status(statuses) == expected


def assessment_of(review, audit_title, number, issued_by=None) -> Assessment:
    return review.assessments.get(
        recommendation__audit__title=audit_title,
        recommendation__number=number,
        recommendation__issued_by=issued_by,
    )


DAGVATTEN = "Granskning av dagvattenhanteringen"
INVESTERINGAR = "Granskning av styrning och uppföljning av investeringar"


@pytest.mark.django_db
class TestTheFiles:
    def test_each_example_imports_and_exports_again_identically(self, reviews):
        first = {name: export(review) for name, review in reviews.items()}
        # Newest first: a review's new recommendations are protected while a later one
        # has assessed them.
        for review in reversed(list(reviews.values())):
            review.delete()
        Organisation.objects.all().delete()
        Firm.objects.all().delete()
        again = {}
        for path in FILES:  # the exports, in the same order
            review = review_import(document=read_review_file(first[path.name]).document)
            again[path.name] = export(review)
        assert again == first

    def test_statuses_per_board_derive_the_recommendations_unless_set(self, reviews):
        review = reviews[BY_BOARD.name]
        derived = assessment_of(review, DAGVATTEN, 1)
        assert {s.board.name: s.status for s in derived.board_statuses.all()} == {
            "Tekniska nämnden": Status.IMPLEMENTED,
            "Miljönämnden": Status.NOT_IMPLEMENTED,
        }
        assert (derived.status, derived.is_derived) == (Status.PARTIAL, True)
        overridden = assessment_of(review, DAGVATTEN, 2)
        assert overridden.status == Status.PARTIAL  # as the auditor wrote it ...
        assert overridden.status_overridden
        assert overridden.derived == Status.IMPLEMENTED  # ... not as the rule gives

    def test_a_status_set_apart_from_the_rule_is_written_to_the_file_as_the_auditors(self, reviews):
        review = reviews[BY_BOARD.name]
        derived = assessment_of(review, DAGVATTEN, 1)
        assert "status: delvis" not in export(review).split("number: 1", 1)[1].split("number: 2")[0]
        Assessment.objects.filter(pk=derived.pk).update(status=Status.NOT_IMPLEMENTED)  # admin
        first = export(review).split("number: 1", 1)[1].split("number: 2")[0]
        assert "status: ej åtgärdad\n" in first

    def test_parts_derive_the_status_in_each_review(self, reviews):
        in_2023 = assessment_of(reviews[GRADED.name], INVESTERINGAR, 1)
        in_2025 = assessment_of(reviews[CONTINUED.name], INVESTERINGAR, 1)
        assert [p.status for p in in_2023.part_assessments.order_by("part__letter")] == [
            Status.IMPLEMENTED,
            Status.PARTIAL,
            Status.IMPLEMENTED,
        ]
        assert (in_2023.status, in_2023.is_derived) == (Status.PARTIAL, True)
        assert (in_2025.status, in_2025.is_derived) == (Status.IMPLEMENTED, True)

    def test_joint_findings_are_stored_once_for_both_boards(self, reviews):
        assessment = assessment_of(reviews[BY_BOARD.name], DAGVATTEN, 2)
        (joint,) = assessment.board_findings.all()
        assert sorted(b.name for b in joint.boards.all()) == ["Miljönämnden", "Tekniska nämnden"]

    def test_new_recommendations_continue_old_ones_and_are_followed_up_later(self, reviews):
        graded, continued = reviews[GRADED.name], reviews[CONTINUED.name]
        new = graded.issued_recommendations.get(number=1)
        assert [r.number for r in new.continues.all()] == [2]
        assert not graded.assessments.filter(recommendation__issued_by=graded).exists()
        assert continued.assessments.filter(recommendation__issued_by=graded).count() == 2
        latest = continued.issued_recommendations.get()
        assert list(latest.continues.all()) == [graded.issued_recommendations.get(number=1)]
        chain = list(Recommendation.objects.chain(latest))
        assert [(r.issued_by.title if r.issued_by else r.audit.year) for r in chain] == [
            2019,
            graded.title,
            continued.title,
        ]

    def test_the_summary_counts_recommendations_not_the_new_ones(self, reviews):
        graded = reviews[GRADED.name]
        summary = review_summary(graded)
        assessed = graded.assessments.count()
        total = summary.total
        assert total.implemented + total.partial + total.not_implemented == assessed == 7
        assert [row.grade for row in summary.rows] == [
            "i allt väsentligt",
            "till stor del",
            "till viss del",
        ]

    def test_a_review_proposes_what_an_earlier_one_issued_not_what_it_continued(self, reviews):
        continued = reviews[CONTINUED.name]
        audit = continued.reviewed_audits.get().audit
        proposed = open_recommendations(audit, review=continued)
        labels = {(r.issued_by.title if r.issued_by else None, r.number) for r in proposed}
        graded = reviews[GRADED.name].title
        # Recommendation 2 is carried on by the 2023 review's recommendation 1.
        assert (None, 2) not in labels
        assert {(graded, 1), (graded, 2)} <= labels
        assert (continued.title, 1) not in labels  # its own: for the next review

    def test_an_audit_of_all_boards_and_of_an_unknown_firm(self, reviews):
        graded = reviews[GRADED.name]
        audits = {ra.audit.title: ra.audit for ra in graded.reviewed_audits.all()}
        assert audits["Granskning av nämndernas arbete med intern kontroll"].all_boards
        assert audits["Granskning av kontrollen av privata utförare inom hemtjänsten"].firm is None


def problems(text: str) -> list[tuple]:
    with pytest.raises(DocumentError) as error:
        read_review_file(text)
    return [(p.line, p.path[-1] if p.path else None) for p in error.value.problems]


class TestTheChecks:
    """Each rule names the line and the place in the file."""

    def test_a_grade_off_the_scale(self):
        text = GRADED.read_text(encoding="utf-8").replace(
            "grade: till stor del", "grade: ganska bra", 1
        )
        found = problems(text)
        assert found and found[0][1] == "grade"
        assert text.splitlines()[found[0][0] - 1].strip() == "grade: ganska bra"

    def test_a_status_for_a_board_not_addressed(self):
        text = BY_BOARD.read_text(encoding="utf-8").replace(
            "Miljönämnden: ej åtgärdad", "Kultur- och fritidsnämnden: ej åtgärdad", 1
        )
        ((line, where),) = problems(text)
        assert where == "Kultur- och fritidsnämnden"
        assert text.splitlines()[line - 1].strip() == "Kultur- och fritidsnämnden: ej åtgärdad"

    def test_new_recommendations_have_no_status_in_the_review_that_issues_them(self):
        text = GRADED.read_text(encoding="utf-8")
        marker = "issued_by: Uppföljning av tidigare granskningar 2023"
        head, tail = text.split(marker)
        tail = tail.replace("text: |", "status: åtgärdad\n            text: |", 1)
        assert "status" in [where for _line, where in problems(head + marker + tail)]

    def test_continuing_a_recommendation_the_audit_does_not_have(self):
        text = GRADED.read_text(encoding="utf-8").replace("continues: [2]", "continues: [9]")
        assert 0 in [where for _line, where in problems(text)]  # continues[0]

    def test_a_published_review_cannot_leave_a_part_unassessed(self):
        text = GRADED.read_text(encoding="utf-8").replace("state: utkast", "state: publicerad")
        text = text.replace("status: delvis åtgärdad\n                findings:", "findings:", 1)
        assert "status" in [where for _line, where in problems(text)]

    @pytest.mark.django_db
    def test_recommendations_of_a_review_not_stored_are_refused_on_import(self):
        with pytest.raises(DocumentError) as error:
            import_file(CONTINUED)
        assert error.value.problems[0].path[-1] == "issued_by"
        assert not FollowUpReview.objects.exists()


@pytest.mark.django_db  # the module's PDFs need the test database, whichever test asks first
class TestThePdf:
    def test_a_board_by_board_chapter(self, printed):
        text = whole(printed, BY_BOARD)
        for heading in [
            "2.1 Svar",
            "Tekniska nämndens svar 2019",
            "Beslut 2019-12-10, § 45",
            "2.2 Uppföljande iakttagelser",
            "Uppföljande iakttagelser 2022 – Tekniska nämnden",
            "1. Ta fram en dagvattenplan",
            "2.3 Bedömning",
        ]:
            assert squeeze(heading) in text
        # Each board's own responses, then the joint one.
        joint = text.index(squeeze("Tekniska nämndens och Miljönämndens svar 2020"))
        assert text.index(squeeze("Tekniska nämndens svar 2019")) < joint
        assert text.index(squeeze("Miljönämndens svar 2019")) < joint

    def test_a_joint_finding_is_printed_once_under_both_boards(self, printed):
        text = whole(printed, BY_BOARD)
        heading = squeeze("Uppföljande iakttagelser 2022 – Tekniska nämnden och Miljönämnden")
        assert text.count(heading) == 1
        assert text.count(squeeze("Nämndernas reglementen har ändrats")) == 1

    def test_statuses_per_board_are_printed_under_the_recommendation(self, printed):
        text = whole(printed, BY_BOARD)
        assert (
            squeeze(
                "1. Ta fram en dagvattenplan Delvis åtgärdad Tekniska nämnden Åtgärdad "
                "Miljönämnden Ej åtgärdad"
            )
            in text
        )

    def test_the_reports_own_numbers_sections_contacts_signatures_and_date(self, printed):
        text = whole(printed, BY_BOARD)
        assert squeeze("Datum 2022-11-30") in text
        assert squeeze("2. Granskning av dagvattenhanteringen") in text
        assert squeeze("3. Granskning av föreningsbidrag") in text
        for part in ["Revisionskriterier", "Ansvarig nämnd/styrelse", "Källförteckning"]:
            assert text.count(squeeze(part)) >= 2  # in the contents and as a heading
        assert squeeze("Kontaktpersoner Namn Roll Organisation Karin Lindqvist") in text
        signatures = squeeze(
            "2022-11-30 Karin Lindqvist Certifierad kommunal revisor KPMG "
            "Erik Holm Verksamhetsrevisor KPMG"
        )
        assert signatures in text[-200:]  # at the very end

    def test_a_draft_without_a_date_prints_none(self, printed):
        cover = squeeze(printed["pages"][GRADED.name][0])
        assert "Datum" not in cover

    def test_a_graded_summary_without_a_status_table(self, printed):
        summary = squeeze(
            next(p for p in printed["pages"][GRADED.name] if p.startswith("Sammanfattning"))
        )
        assert (
            squeeze("Granskning av kontrollen av privata utförare inom hemtjänsten (2016)")
            + squeeze("till stor del")
        ) in summary
        assert "Åtgärdad" not in summary  # no status table
        assert squeeze("Nya rekommendationer i uppföljningen") in summary

    def test_new_recommendations_are_printed_in_their_chapter(self, printed):
        text = whole(printed, GRADED)
        assert squeeze("3.3 Granskning av styrning och uppföljning av investeringar") in text
        assert squeeze("Bedömningsgrad: till viss del Nya rekommendationer") in text
        assert squeeze("Fortsätter rekommendation 2 i granskningen") in text

    def test_a_response_to_one_recommendation_of_a_group_is_printed_under_it(self, printed):
        text = whole(printed, GRADED)
        chapter = text[text.index(squeeze("3.2.1 Nämndens vidtagna åtgärder")) :]
        second = chapter.index(squeeze("2. Ta fram en plan för årlig uppföljning"))
        alone = chapter.index(squeeze("Nämnden tar fram en plan för uppföljning men"))
        both = chapter.index(squeeze("Socialnämnden tackar för granskningen"))
        assert second < alone < both < chapter.index(squeeze("Uppföljning 2023"))

    def test_the_audit_list_gives_each_audits_year(self, printed):
        text = whole(printed, GRADED)
        listed = "3.2 Granskning av kontrollen av privata utförare inom hemtjänsten (2016)"
        assert squeeze(listed) in text
        without = squeeze("2. Granskning av dagvattenhanteringen (2019)")
        assert without not in whole(printed, BY_BOARD)  # an option, off by default

    def test_lettered_parts_with_their_own_findings(self, printed):
        text = whole(printed, GRADED)
        assert (
            squeeze("a. fastställa riktlinjer för när en investering ska förstudieprövas") in text
        )
        assert squeeze("Rekommendation 1 Delvis åtgärdad a. Åtgärdad b. Delvis åtgärdad") in text

    def test_headings_and_nested_lists_in_a_text(self, printed):
        html = printed["html"][BY_BOARD.name]
        assert '<h4 class="prose-heading">Tillsynsplanen</h4>' in html
        assert re.search(r"<li>[^<]*<ul><li>särskilt verksamheter nära Norrån", html)


@pytest.mark.django_db
def test_every_text_the_report_prints_goes_through_the_formatter(reviews):
    """Each text field of every row the examples store is set to *emphasis*: the report
    must print each as <em>, never the asterisks."""
    fields = []
    for model in apps.get_app_config("reviews").get_models():
        if model.__name__.startswith("Historical"):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.TextField):
                fields.append((model, field.name))
                for pk in model.objects.exclude(**{field.name: ""}).values_list("pk", flat=True):
                    model.objects.filter(pk=pk).update(
                        **{field.name: f"*m{model.__name__}-{field.name}-{pk}*"}
                    )
    html = "".join(render_report_html(report_of(review)) for review in reviews.values())
    assert "*m" not in html
    printed = {tuple(m.split("-")[:2]) for m in re.findall(r"<em>m([A-Za-z]+-\w+)-\d+</em>", html)}
    printed_fields = {(model.__name__, name) for model, name in fields} & printed
    # Every text field the report prints: the rest are not printed by design (the
    # review file's own metadata). Name them, so one that stops printing is seen.
    assert {(m.__name__, n) for m, n in fields} - printed_fields == {
        ("FollowUpReview", "grading_scale"),
        ("ReportRender", "html"),  # the rendering's own record, not a user's text
        ("ReportRender", "error"),
        ("BoardUpdate", "note"),  # the board's word between reviews, never in a report
    }


@pytest.mark.django_db
class TestThePages:
    def test_the_summary_page_lists_new_recommendations_and_grades(self, client, reviews):
        client.force_login(UserFactory(is_superuser=True, is_staff=True))
        graded = reviews[GRADED.name]
        html = client.get(reverse("reviews:review-summary", args=[graded.pk])).content.decode()
        assert "Nya rekommendationer som uppföljningen lämnar" in html
        assert html.count("1. Fortsätt arbetet med investeringsbudgeten") == 1
        assert "till viss del" in html  # the grade column
        assert "Rapporten skriver inte ut tabellen" in html

    def test_the_board_by_board_page(self, client, reviews):
        client.force_login(UserFactory(is_superuser=True, is_staff=True))
        review = reviews[BY_BOARD.name]
        url = reverse("reviews:review-boards", args=[review.pk])
        overview = client.get(url).content.decode()
        assert "Välj en nämnd i tabellen" in overview and "Status för nämnden" not in overview
        board = Board.objects.get(organisation=review.organisation, name="Miljönämnden")
        row = overview[overview.index(f'href="?board={board.pk}#board-lines"') :]
        row = row[: row.index("</tr>")]
        # Åtgärdad and ej åtgärdad its own, delvis the recommendation's; none unassessed.
        assert re.findall(r'<td class="number">(\d+)</td>', row) == ["1", "1", "1", "0", "3"]
        html = client.get(url, {"board": board.pk}).content.decode()
        miljo = html[html.index(">Miljönämnden</h2>") :]
        miljo = miljo[: miljo.index("</table>")]
        assert "1. Ta fram en dagvattenplan" in miljo
        assert "Ej åtgärdad" in miljo and "nämndens egen" in miljo
        for junk in ("999999", "<script>", ""):
            html = client.get(url, {"board": junk}).content.decode()
            assert "ingen sådan nämnd" in html and "<script>" not in html.split("</h1>")[1]

    def test_the_board_by_board_workbook_holds_every_board_as_the_page(
        self, client, reviews, django_assert_max_num_queries
    ):
        client.force_login(UserFactory(is_superuser=True, is_staff=True))
        review = reviews[BY_BOARD.name]
        url = reverse("reviews:review-boards", args=[review.pk])
        overview = client.get(url).content.decode()
        assert 'href="?format=xlsx" download' in overview
        with django_assert_max_num_queries(12):  # the same for any number of boards
            response = client.get(url, {"format": "xlsx"})
        assert response["Content-Type"] == XLSX
        workbook = load_workbook(BytesIO(response.content), read_only=True)
        assert workbook.sheetnames == ["Nämnder", "Rekommendationer"]
        counts, lines = (
            [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook
        )
        page_counts = table_cells(overview, "Rekommendationer per nämnd och status")
        assert [[str(cell) for cell in row] for row in counts] == page_counts
        # Each board's lines as its own page shows them, status hints aside.
        soup = BeautifulSoup(overview, "html.parser")
        boards = [a["href"] for a in soup.select('a[href^="?board="]')]
        assert len(boards) == len(counts) - 1
        expected = []
        for href in boards:
            html = client.get(url + href).content.decode()
            name = BeautifulSoup(html, "html.parser").select_one("#board-lines").get_text()
            caption = f"Rekommendationer till {name} och deras status"
            for audit, title, board_status, status in table_cells(html, caption)[1:]:
                own = "(nämndens egen)" in board_status
                expected.append(
                    [
                        name,
                        audit,
                        title,
                        board_status.replace("(nämndens egen)", "").strip(),
                        "ja" if own else None,
                        re.sub(r" \(.*\)$", "", status),
                    ]
                )
        assert lines[1:] == expected
        assert sum(row[-1] for row in counts[1:]) == len(lines) - 1

    def test_the_recommendation_page_shows_the_chain(self, client, reviews):
        client.force_login(UserFactory(is_superuser=True, is_staff=True))
        latest = reviews[CONTINUED.name].issued_recommendations.get()
        html = client.get(
            reverse("reviews:recommendation-detail", args=[latest.pk])
        ).content.decode()
        chain = html[html.index('class="chain"') :]
        chain = chain[: chain.index("</ol>")]
        assert chain.index("2019") < chain.index("2023") < chain.index("2025")
        assert "Fortsätt arbetet med investeringsbudgeten" in chain

    def test_the_assessment_screen_sets_board_statuses_and_derives(self, client, reviews):
        client.force_login(UserFactory(is_superuser=True, is_staff=True))
        review = reviews[BY_BOARD.name]
        review.state, review.published_at = FollowUpReview.State.DRAFT, None
        review.save()
        audit = review.reviewed_audits.get(position=1).audit
        url = reverse("reviews:assessment-screen", args=[review.pk, audit.pk])
        html = client.get(url).content.decode()
        data = form_data(html, "form.assessment-form")
        name = field_name(html, "Status för Miljönämnden, rekommendation 1")
        data[name] = Status.IMPLEMENTED
        assert client.post(url, data).status_code == 302
        assessment = assessment_of(review, DAGVATTEN, 1)
        assert (assessment.status, assessment.is_derived) == (Status.IMPLEMENTED, True)

        # The auditor's own status is kept when the boxes says so, and the rule is back
        # when it is unticked.
        html = client.get(url).content.decode()
        data = form_data(html, "form.assessment-form")
        data[field_name(html, "Status, rekommendation 1")] = Status.NOT_IMPLEMENTED
        data[field_name(html, "Jag sätter själv status för rekommendation 1")] = "on"
        assert client.post(url, data).status_code == 302
        assessment.refresh_from_db()
        assert (assessment.status, assessment.status_overridden) == (Status.NOT_IMPLEMENTED, True)
        html = client.get(url).content.decode()
        assert "satt av revisorn" in html
        data = form_data(html, "form.assessment-form")
        data.pop(field_name(html, "Jag sätter själv status för rekommendation 1"))
        assert client.post(url, data).status_code == 302
        assessment.refresh_from_db()
        assert (assessment.status, assessment.status_overridden) == (Status.IMPLEMENTED, False)

    def test_the_assessment_screen_grades_and_assesses_parts(self, client, reviews):
        client.force_login(UserFactory(is_superuser=True, is_staff=True))
        review = reviews[GRADED.name]
        audit = review.reviewed_audits.get(position=3).audit
        url = reverse("reviews:assessment-screen", args=[review.pk, audit.pk])
        html = client.get(url).content.decode()
        data = form_data(html, "form.assessment-form")
        data[field_name(html, "Status, rekommendation 1 b")] = Status.IMPLEMENTED
        data["follow-up-grade"] = "till stor del"
        assert client.post(url, data).status_code == 302
        assessment = assessment_of(review, INVESTERINGAR, 1)
        assert assessment.status == Status.IMPLEMENTED
        assert review.reviewed_audits.get(position=3).grade == "till stor del"
        data["follow-up-grade"] = "inte på skalan"
        assert client.post(url, data).status_code == 400


@pytest.mark.django_db
class TestIssuingOnTheScreen:
    """An auditor issues new recommendations from the assessment screen."""

    @pytest.fixture
    def screen(self, client, reviews):
        client.force_login(UserFactory(is_superuser=True, is_staff=True))
        review = reviews[GRADED.name]
        audit = review.reviewed_audits.get(position=1).audit
        return client, review, audit

    def test_a_new_recommendation_continuing_one_of_the_audit(self, screen, reviews):
        client, review, audit = screen
        url = reverse("reviews:issued-recommendation-create", args=[review.pk, audit.pk])
        html = client.get(url).content.decode()
        data = form_data(html, "form.narrow")
        assert data["number"] == "1"  # the review's first in this audit
        # It may continue what the audit had before this review, not what later ones issued.
        later = reviews[CONTINUED.name].issued_recommendations.get()
        form = IssuedRecommendationForm(review=review, audit=later.audit)
        offered = set(form.fields["continues"].queryset)
        assert later not in offered
        assert later.audit.recommendations.get(number=2, issued_by=None) in offered
        assert review.issued_recommendations.filter(audit=later.audit).first() not in offered
        earlier = audit.recommendations.get(number=2, issued_by=None)
        data.update(
            short_title="Följ upp mallen",
            text="Vi rekommenderar att kommunstyrelsen följer upp att *mallen* används.",
            addressed_to=str(earlier.addressed_to.get().pk),
            continues=str(earlier.pk),
        )
        response = client.post(url, data)
        assert response.status_code == 302
        issued = review.issued_recommendations.get(audit=audit)
        assert (issued.number, issued.group.issued_by, list(issued.continues.all())) == (
            1,
            review,
            [earlier],
        )
        screen_html = client.get(response["Location"]).content.decode()
        assert "1. Följ upp mallen" in screen_html
        assert review_summary(review).total.not_assessed == 0  # not counted, not assessed
        pdf = render_report_html(report_of(review))
        assert "Följ upp mallen." in pdf and "<em>mallen</em>" in pdf

        # The same number twice is refused on the form, with what was typed kept.
        again = client.post(url, {**data, "short_title": "Annan"})
        assert again.status_code == 400
        assert "redan en rekommendation 1" in again.content.decode()
        assert 'value="Annan"' in again.content.decode()

        # Taken back: the group goes with it.
        edit = reverse("reviews:issued-recommendation-edit", args=[review.pk, audit.pk, issued.pk])
        assert client.post(edit, {**data, "delete": "1"}).status_code == 302
        assert not audit.groups.filter(issued_by=review).exists()

    def test_a_published_review_issues_nothing_more(self, screen):
        client, review, audit = screen
        FollowUpReview.objects.filter(pk=review.pk).update(
            state=FollowUpReview.State.PUBLISHED, published_at="2023-11-30T10:00:00Z"
        )
        url = reverse("reviews:issued-recommendation-create", args=[review.pk, audit.pk])
        response = client.post(
            url, {"number": "5", "text": "Typed.", "addressed_to_all_boards": "on"}
        )
        assert response.status_code == 409
        assert "Typed." in response.content.decode()
        assert not review.issued_recommendations.filter(audit=audit).exists()

    def test_what_a_published_review_issued_is_frozen_but_later_reviews_may_follow_it(
        self, reviews
    ):
        graded = reviews[GRADED.name]
        FollowUpReview.objects.filter(pk=graded.pk).update(
            state=FollowUpReview.State.PUBLISHED, published_at="2023-11-30T10:00:00Z"
        )
        issued = graded.issued_recommendations.get(number=1)
        assert [r.pk for r in reviews_locking(issued)] == [graded.pk]
        # The 2025 review's own new recommendation is printed by no published review.
        latest = reviews[CONTINUED.name].issued_recommendations.get()
        assert not reviews_locking(latest).exists()


@pytest.mark.django_db
def test_the_audit_editor_writes_lettered_parts_and_keeps_assessed_ones(client, reviews):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    audit = reviews[GRADED.name].reviewed_audits.get(position=2).audit  # hemtjänsten, unknown firm
    url = reverse("reviews:audit-edit", args=[audit.pk])
    html = client.get(url).content.decode()
    data = form_data(html, "form.audit-form")
    assert data[field_name(html, "Revisionsbyrån är inte känd")] == "on"
    parts = field_name(html, "Bokstavsdelar (valfritt)")  # of the first row
    data[parts] = "a. dokumentera uppföljningen,\nb) spara den i ärendesystemet."
    assert client.post(url, data).status_code == 302
    recommendation = audit.recommendations.get(number=1, issued_by=None)
    assert [(p.letter, p.text) for p in recommendation.parts.all()] == [
        ("a", "dokumentera uppföljningen,"),
        ("b", "spara den i ärendesystemet."),
    ]
    assert Audit.objects.get(pk=audit.pk).firm is None

    data[parts] = "dokumentera uppföljningen"
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "Rad 1: skriv varje del som" in refused.content.decode()

    investeringar = reviews[GRADED.name].reviewed_audits.get(position=3).audit
    url = reverse("reviews:audit-edit", args=[investeringar.pk])
    html = client.get(url).content.decode()
    data = form_data(html, "form.audit-form")
    data[field_name(html, "Bokstavsdelar (valfritt)")] = "a. fastställa riktlinjer,"
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "Del b av Rekommendation 1 har bedömningar" in refused.content.decode()
    assert investeringar.recommendations.get(number=1, issued_by=None).parts.count() == 3


@pytest.mark.django_db
def test_sections_contacts_and_signatures_are_written_on_their_page(client, reviews):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    review = reviews[GRADED.name]
    url = reverse("reviews:report-parts", args=[review.pk])
    html = client.get(url).content.decode()
    data = form_data(html, "form.report-parts")
    data.update(
        {
            "section-0-placement": "after",
            "section-0-heading": "Källförteckning",
            "section-0-text": "- Årsredovisning 2022\n- Delårsrapport 2023",
            "contact-0-name": "Per Persson",
            "contact-0-role": "Revisor",
            "contact-0-organisation": "PwC",
            "signature-0-name": "Per Persson",
            "signature-0-firm": "PwC",
        }
    )
    assert client.post(url, data).status_code == 302
    text = render_report_html(report_of(review))
    assert "<h1>Källförteckning</h1>" in text and "<li>Delårsrapport 2023</li>" in text
    assert "<td>Per Persson</td><td>Revisor</td><td>PwC</td>" in text
    assert '<p class="signature-name">Per Persson</p>' in text

    html = client.get(url).content.decode()
    data = form_data(html, "form.report-parts")
    data["contact-0-DELETE"] = "on"
    data["section-0-heading"] = ""  # a heading is needed: refused, nothing saved
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert review.contacts.count() == 1
    data["section-0-heading"] = "Källor"
    assert client.post(url, data).status_code == 302
    assert list(review.sections.values_list("heading", flat=True)) == ["Källor"]
    assert not review.contacts.exists()


@pytest.mark.django_db
def test_responses_of_different_boards_to_one_group_are_named_after_them():
    review = build_review(audits=1, recommendations=2)
    audit = review.reviewed_audits.get().audit
    first, second = audit.recommendations.order_by("number")
    second.group = first.group  # one heading for both
    second.save()
    social = BoardFactory(organisation=review.organisation, name="Socialnämnden")
    culture = BoardFactory(organisation=review.organisation, name="Kultur- och fritidsnämnden")
    BoardResponseFactory(audit=audit, year=2023, boards=[social], recommendations=[first])
    BoardResponseFactory(audit=audit, year=2023, boards=[culture], recommendations=[second])
    html = render_report_html(report_of(review))
    assert "Socialnämndens svar 2023" in html
    assert "Kultur- och fritidsnämndens svar 2023" in html
    assert "Nämndens svar" not in html
