"""reviews.services.imports, through the import_review command: the seed loads; every bad
file is refused whole, with its place. (What the reader refuses before anything is
imported: tests/documents/test_reading.py; random damage: test_imports_fuzz.py.)"""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from organisations.models import Board, Organisation
from reviews.models import Assessment, Audit, FollowUpReview, Recommendation, Status

pytestmark = pytest.mark.django_db

VALID = """\
format: audit-tracker/review 1
organisation:
  name: Testby kommun
  kind: kommun
boards:
  - name: Kommunstyrelsen
    kind: styrelse
  - name: Socialnämnden
review:
  title: Uppföljande granskning 2025
  year: 2025
  firm: EY
  summary: |
    En sammanfattning.
audits:
  - title: Granskning av ekonomistyrning
    year: 2023
    firm: EY
    boards: [Kommunstyrelsen]
    groups:
      - observations: |
          Det saknades rutiner.
        recommendations:
          - number: 1
            text: Ta fram rutiner.
            addressed_to: [Kommunstyrelsen]
            status: åtgärdad
            findings: Rutiner finns.
          - number: 2
            text: Följ upp rutinerna.
            addressed_to: [Kommunstyrelsen, Socialnämnden]
            status: delvis åtgärdad
        responses:
          - boards: [Kommunstyrelsen]
            year: 2023
            stance: instämmer
            recommendations: [1, 2]
            text: Vi tar fram rutiner.
...
"""


def row_counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in apps.get_app_config("reviews").get_models()
    }


def run_import(tmp_path, text: str, *args) -> str:
    path = tmp_path / "review.yaml"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command("import_review", str(path), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def refused(tmp_path, text: str) -> str:
    """Import a bad file; return the message, having checked that nothing was written."""
    before = row_counts()
    with pytest.raises(CommandError) as error:
        run_import(tmp_path, text)
    assert row_counts() == before
    message = str(error.value)
    assert message.rstrip().endswith("Ingenting importerades.")
    return message


def test_it_imports_a_valid_file_and_prints_the_new_id(tmp_path):
    output = run_import(tmp_path, VALID)

    review = FollowUpReview.objects.get()
    assert output.strip() == str(review.pk)
    assert review.organisation.name == "Testby kommun"
    assert review.summary == "En sammanfattning."
    assert sorted(review.assessments.values_list("recommendation__number", "status")) == [
        (1, Status.IMPLEMENTED),
        (2, Status.PARTIAL),
    ]
    recommendation = Recommendation.objects.get(number=2)
    assert {b.name for b in recommendation.addressed_to.all()} == {
        "Kommunstyrelsen",
        "Socialnämnden",
    }
    response = recommendation.responses.get()
    assert response.stance == "accepted"
    assert [b.name for b in response.boards.all()] == ["Kommunstyrelsen"]


def test_the_seed_report_loads_whole(tmp_path, seed_text):
    run_import(tmp_path, seed_text)

    review = FollowUpReview.objects.get()
    assert (review.title, review.year, review.firm.name) == (
        "Uppföljande granskning 2024",
        2024,
        "EY",
    )
    assert review.reviewed_audits.count() == Audit.objects.count() == 7
    assert Recommendation.objects.count() == Assessment.objects.count() == 44
    assert Board.objects.count() == 11
    renamed = Board.objects.get(name="Grund- och förskolenämnden")
    assert [b.name for b in renamed.current_boards()] == [
        "Grundskolenämnden",
        "Barn- och förskolenämnden",
    ]


@pytest.mark.parametrize(
    "change, line, place, problem",
    [
        (
            ("status: åtgärdad", "status: klar"),
            27,
            "recommendations[1].status",
            "'klar' är inte tillåtet",
        ),
        (
            ("- number: 2", "- number: 1"),
            29,
            "recommendations[2].number",
            "Rekommendation 1 förekommer två gånger",
        ),
        (
            ("  - boards: [Kommunstyrelsen]\n", "  - boards: [Fritidsnämnden]\n"),
            34,
            "responses[1].boards[1]",
            "'Fritidsnämnden' finns inte under boards",
        ),
        # a missing key is reported at the mapping that lacks it
        (("  year: 2025\n", ""), 9, "review.year", "Obligatorisk, men saknas"),
        (
            (
                "    text: Ta fram rutiner.\n",
                "    text: Ta fram rutiner.\n            colour: blå\n",
            ),
            26,
            "recommendations[1].colour",
            "Okänd nyckel",
        ),
        (
            ("recommendations: [1, 2]", "recommendations: [1, 7]"),
            37,
            "recommendations[2]",
            "ingen rekommendation 7",
        ),
        (("  year: 2023\n    firm", "  year: tjugo\n    firm"), 17, "audits[1].year", "heltal"),
    ],
)
def test_it_refuses_a_bad_file_naming_line_and_place(tmp_path, change, line, place, problem):
    old, new = change
    assert old in VALID
    message = refused(tmp_path, VALID.replace(old, new, 1))
    assert f"rad {line}," in message
    assert place in message
    assert problem in message


def test_it_refuses_broken_yaml_with_the_line(tmp_path):
    message = refused(
        tmp_path, VALID.replace("boards: [Kommunstyrelsen]\n", "boards: [Kommunstyrelsen\n", 1)
    )
    assert "Inte giltig YAML" in message
    assert "rad " in message


def test_it_refuses_a_key_given_twice(tmp_path):
    message = refused(tmp_path, VALID.replace("  year: 2025\n", "  year: 2025\n  year: 2026\n", 1))
    assert "rad 12, review.year: Nyckeln förekommer två gånger." in message


def test_it_refuses_findings_without_a_status(tmp_path):
    message = refused(tmp_path, VALID.replace("            status: åtgärdad\n", "", 1))
    assert "recommendations[1].status: Uppföljningstext kräver en status" in message


def test_it_refuses_an_unassessed_recommendation_in_a_published_review(tmp_path):
    text = VALID.replace("  firm: EY\n  summary", "  firm: EY\n  state: publicerad\n  summary", 1)
    text = text.replace("status: delvis åtgärdad", "status: ej bedömd")
    message = refused(tmp_path, text)
    assert "En publicerad uppföljning kan inte ha rekommendationer som inte är bedömda." in message


def test_it_lists_every_problem_at_once(tmp_path):
    text = VALID.replace("status: åtgärdad", "status: klar").replace(
        "firm: EY\n  summary", "summary"
    )
    message = refused(tmp_path, text)
    assert "status" in message and "review.firm" in message


def test_it_refuses_to_import_the_same_review_twice(tmp_path):
    run_import(tmp_path, VALID)
    message = refused(tmp_path, VALID)
    review = FollowUpReview.objects.get()
    assert f"redan en uppföljning med den titeln (id {review.pk})" in message


def test_skip_existing_reports_the_stored_review_without_importing(tmp_path):
    first = run_import(tmp_path, VALID)
    before = row_counts()
    again = run_import(tmp_path, VALID, "--skip-existing")
    assert again == first
    assert row_counts() == before


def test_check_validates_without_writing(tmp_path):
    before = row_counts()
    assert run_import(tmp_path, VALID, "--check") == ""
    assert row_counts() == before


def test_a_conflict_late_in_the_file_undoes_everything_before_it(tmp_path):
    """The second audit clashes with a stored one; the first must not stay behind."""
    run_import(tmp_path, VALID)
    second_review = VALID.replace(
        "title: Uppföljande granskning 2025", "title: Uppföljande granskning 2026"
    )
    second_review = second_review.replace(
        "audits:\n",
        "audits:\n  - title: Granskning av upphandling\n    year: 2024\n    firm: EY\n"
        "    groups:\n      - recommendations:\n          - number: 1\n            text: Gör så.\n"
        "            addressed_to_all_boards: true\n            status: ej åtgärdad\n",
        1,
    ).replace("text: Ta fram rutiner.", "text: Ta fram andra rutiner.")
    message = refused(tmp_path, second_review)
    assert "audits[2].groups[1].recommendations[1].text" in message
    assert "Granskning av ekonomistyrning (2023) finns redan lagrad och skiljer sig här" in message
    assert not Audit.objects.filter(title="Granskning av upphandling").exists()


def test_a_later_review_reuses_an_audit_described_identically(tmp_path):
    run_import(tmp_path, VALID)
    later = VALID.replace("Uppföljande granskning 2025", "Uppföljande granskning 2027").replace(
        "status: delvis åtgärdad", "status: åtgärdad"
    )
    run_import(tmp_path, later)

    assert Audit.objects.count() == 1
    recommendation = Recommendation.objects.get(number=2)
    history = recommendation.assessments.order_by("review__title").values_list("status", flat=True)
    assert list(history) == [Status.PARTIAL, Status.IMPLEMENTED]


def test_an_unreadable_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No such file|Ingen sådan fil"):
        call_command("import_review", str(tmp_path / "missing.yaml"))


def test_a_replacement_cycle_in_the_file_is_refused(tmp_path):
    text = VALID.replace(
        "  - name: Socialnämnden\n",
        "  - name: Socialnämnden\n    replaced_by: [Omsorgsnämnden]\n"
        "  - name: Omsorgsnämnden\n    replaced_by: [Socialnämnden]\n",
        1,
    )
    message = refused(tmp_path, text)
    assert "boards[3].replaced_by: Det skulle ge en cirkel av ersättningar" in message
    assert "Omsorgsnämnden → Socialnämnden → Omsorgsnämnden" in message


def test_a_replacement_cycle_through_stored_boards_is_refused(tmp_path):
    run_import(
        tmp_path,
        VALID.replace(
            "  - name: Socialnämnden\n",
            "  - name: Socialnämnden\n    replaced_by: [Omsorgsnämnden]\n"
            "  - name: Omsorgsnämnden\n",
            1,
        ),
    )
    later = VALID.replace("Uppföljande granskning 2025", "Uppföljande granskning 2026").replace(
        "  - name: Socialnämnden\n",
        "  - name: Socialnämnden\n  - name: Omsorgsnämnden\n    replaced_by: [Socialnämnden]\n",
        1,
    )
    message = refused(tmp_path, later)
    assert "Omsorgsnämnden → Socialnämnden → Omsorgsnämnden" in message
    organisation = Organisation.objects.get()
    social = Board.objects.get(organisation=organisation, name="Socialnämnden")
    assert [b.name for b in social.successors.all()] == ["Omsorgsnämnden"]


def test_every_imported_row_has_its_history_with_its_links(tmp_path):
    """Written in bulk, as if saved one by one: one "created" history row per row, and
    the many-to-many links as they stand (django-simple-history's m2m_fields)."""
    run_import(tmp_path, VALID)
    for model in (Audit, Recommendation, Assessment):
        history = model.history.all()
        assert [h.history_type for h in history] == ["+"] * model.objects.count()
        assert {h.id for h in history} == set(model.objects.values_list("pk", flat=True))
    recommendation = Recommendation.objects.get(number=2)
    record = recommendation.history.get()
    assert {row.board.name for row in record.addressed_to.all()} == {
        "Kommunstyrelsen",
        "Socialnämnden",
    }
    assert [row.board.name for row in Audit.history.get().boards.all()] == ["Kommunstyrelsen"]
    # And the stored latest status, which the signals of a row-by-row save would keep.
    assert recommendation.latest_status == Status.PARTIAL


def test_the_import_writes_in_bulk_whatever_the_file_holds(tmp_path, django_assert_max_num_queries):
    """The queries do not grow with the recommendations: 1 audit or 40 cost the same."""
    head, audit = VALID.removesuffix("...\n").split("audits:\n")
    many = (
        head
        + "audits:\n"
        + "".join(audit.replace("ekonomistyrning", f"ekonomistyrning {n}") for n in range(40))
        + "...\n"
    )
    with django_assert_max_num_queries(100) as one:
        run_import(tmp_path, VALID)
    FollowUpReview.objects.all().delete()
    Audit.objects.all().delete()
    with django_assert_max_num_queries(len(one) + 2):
        run_import(tmp_path, many)
    assert Recommendation.objects.count() == 80


def test_the_command_says_what_it_writes(tmp_path):
    path = tmp_path / "review.yaml"
    path.write_text(VALID, encoding="utf-8")
    err = StringIO()
    call_command("import_review", str(path), stdout=StringIO(), stderr=err)
    said = err.getvalue()
    assert "läst och kontrollerad" in said
    assert "skriver 2 rekommendationer" in said and "importerad" in said
    quiet = StringIO()
    FollowUpReview.objects.all().delete()
    call_command("import_review", str(path), "--verbosity", "0", stdout=StringIO(), stderr=quiet)
    assert quiet.getvalue() == ""
