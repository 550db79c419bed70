"""The summary table, recomputed from the assessments."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from reviews.models import Assessment, Audit, Status
from reviews.spreadsheets import safe_cell
from reviews.summary import as_text, review_summary, write_csv
from tests.factories import build_review

pytestmark = pytest.mark.django_db

# The table in the seed report's Sammanfattning, as printed.
SEED_TABLE = [
    ["Granskning av hantering och utbetalning av försörjningsstöd (2022)", "6", "1", "-"],
    ["Granskning av skyddade personuppgifter (2022)", "8", "-", "-"],
    ["Granskning av kommunens hantering av långvarig skolfrånvaro (2022)", "3", "-", "-"],
    ["Granskning av Södertörns överförmyndarverksamhet (2022)", "4", "1", "-"],
    [
        "Granskning av kommunens hållbarhetsarbete och styrning utifrån Agenda 2030 (2022)",
        "3",
        "10",
        "-",
    ],
    ["Granskning av cybersäkerhet (2022)", "2", "1", "-"],
    ["Granskning av kommunens arbetsmarknadsåtgärder (2021)", "5", "-", "-"],
    ["Totalt:", "31", "13", "-"],
]


def text_rows(text: str) -> list[list[str]]:
    """Split the terminal table back into cells (columns are two or more spaces apart)."""
    return [re.split(r"\s{2,}", line.strip()) for line in text.splitlines()]


def test_the_seed_summary_is_the_table_the_report_prints(seed_review):
    rows = text_rows(as_text(review_summary(seed_review)))
    assert rows[0] == ["Granskningar", "Åtgärdad", "Delvis åtgärdad", "Ej åtgärdad"]
    assert rows[1:] == SEED_TABLE


def test_the_summary_follows_every_change_to_an_assessment(seed_review):
    assessment = Assessment.objects.get(
        review=seed_review,
        recommendation__audit__title="Granskning av cybersäkerhet",
        recommendation__number=3,
    )
    assessment.status = Status.NOT_IMPLEMENTED
    assessment.save()

    summary = review_summary(seed_review)
    assert summary.rows[5].counts.partial == 0
    assert summary.rows[5].counts.not_implemented == 1
    assert (summary.total.implemented, summary.total.partial, summary.total.not_implemented) == (
        31,
        12,
        1,
    )


def test_a_draft_shows_what_is_not_yet_assessed():
    review = build_review(audits=2, recommendations=2, statuses=[Status.IMPLEMENTED, ""])
    rows = text_rows(as_text(review_summary(review)))
    assert rows[0][-1] == "Ej bedömd"
    assert rows[-1] == ["Totalt:", "2", "-", "-", "2"]


def test_a_fully_assessed_review_has_no_not_assessed_column(seed_review):
    assert "Ej bedömd" not in as_text(review_summary(seed_review))


def test_assessments_of_another_review_are_not_counted(seed_review):
    later = build_review(audits=1, recommendations=3)
    assert review_summary(seed_review).total.implemented == 31
    assert review_summary(later).total.implemented == 1


@pytest.mark.parametrize("audits, recommendations", [(2, 2), (12, 15)])
def test_the_summary_takes_one_query_whatever_the_size(
    django_assert_num_queries, audits, recommendations
):
    review = build_review(audits=audits, recommendations=recommendations)
    # 1. reviewed audits with their audit and the four counts, in one aggregate
    with django_assert_num_queries(1):
        summary = review_summary(review)
    assert len(summary.rows) == audits
    assert summary.total.implemented + summary.total.partial + summary.total.not_implemented == (
        audits * recommendations
    )


def test_csv_has_plain_numbers_for_scripts(seed_review):
    stream = StringIO()
    write_csv(review_summary(seed_review), stream)
    lines = stream.getvalue().splitlines()
    assert lines[0] == "Granskningar;Åtgärdad;Delvis åtgärdad;Ej åtgärdad"
    assert lines[1] == "Granskning av hantering och utbetalning av försörjningsstöd (2022);6;1;0"
    assert lines[-1] == "Totalt:;31;13;0"
    assert len(lines) == 9


class TestSummaryTableCommand:
    def test_it_prints_the_table(self, seed_review):
        out = StringIO()
        call_command("summary_table", str(seed_review.pk), stdout=out)
        assert text_rows(out.getvalue())[1:] == SEED_TABLE

    def test_it_prints_csv(self, seed_review):
        out = StringIO()
        call_command("summary_table", str(seed_review.pk), "--csv", stdout=out)
        assert out.getvalue().splitlines()[-1] == "Totalt:;31;13;0"

    def test_it_refuses_an_unknown_review(self, db):
        with pytest.raises(CommandError, match="Ingen uppföljning med id 999"):
            call_command("summary_table", "999")


@pytest.mark.parametrize(
    "value, written",
    [
        ("=1+1", "'=1+1"),
        ("+46 8 123", "'+46 8 123"),
        ("-", "'-"),
        ("@user", "'@user"),
        ("Granskning av cybersäkerhet (2022)", "Granskning av cybersäkerhet (2022)"),
        ("Plan 2024-2025", "Plan 2024-2025"),
        (-3, -3),
        (0, 0),
    ],
)
def test_cells_a_spreadsheet_would_evaluate_are_written_as_text(value, written):
    assert safe_cell(value) == written


def test_the_command_writes_a_safe_csv_too(seed_review):
    Audit.objects.filter(title="Granskning av cybersäkerhet").update(title="=CMD()")
    out = StringIO()
    call_command("summary_table", str(seed_review.pk), "--csv", stdout=out)
    assert "\r\n'=CMD() (2022);" in out.getvalue()
