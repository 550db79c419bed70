"""The plan file: both seed documents in, out and in again unchanged; every refusal names
its line, and a refused file writes nothing."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from core.documents import DocumentError, dump_document
from internal_control.documents import plan_to_document, read_plan_file
from internal_control.models import Action, ControlFollowUp, Plan, Risk
from internal_control.services import plan_import

from .conftest import SOCIAL, UPPSALA, import_text, plan_file


def refusal(text: str) -> str:
    with pytest.raises(DocumentError) as error:
        document, _lines = read_plan_file(text)
        plan_import(document=document)
    return str(error.value)


@pytest.mark.parametrize("seed", [UPPSALA, SOCIAL], ids=["002", "004"])
def test_round_trip(db, seed):
    """import → export → import gives the same document."""
    original = read_plan_file(seed.read_text(encoding="utf-8"))[0]
    plan = plan_import(document=original)
    exported = dump_document(plan_to_document(Plan.objects.for_export().get(pk=plan.pk)))
    again = read_plan_file(exported)[0]
    assert again == original
    assert exported.endswith("...\n")


def test_seed_002_holds_what_the_document_holds(uppsala_plan):
    plan = uppsala_plan
    assert [area.name for area in plan.areas.all()] == [
        "Kontroller av verksamhetens arbetssätt, system och rutiner",
        "Kontroll av efterlevnad av regler, policyer och beslut",
        "Finansiell kontroll",
        "Kontroll avseende oegentligheter, mutor och jäv",
    ]
    assert list(plan.risks.values_list("number", flat=True)) == list(range(1, 10))
    assert set(plan.risks.filter(mandatory=True).values_list("number", flat=True)) == {1, 2}
    follow_up = plan.rounds.get()
    levels = [r.level.label for r in follow_up.results.select_related("level")]
    assert levels.count("utan anmärkning") == 7
    assert levels.count("med mindre anmärkning") == 2
    minor = follow_up.results.filter(level__label="med mindre anmärkning")
    assert sorted(minor.values_list("control__risk__number", flat=True)) == [3, 9]
    assert follow_up.is_submitted and not plan.is_adopted
    memo = follow_up.memo
    assert memo.registration_number == "AMN-2024-00318"
    assert [c.text for c in memo.clauses.all()] == [
        "godkänna delrapportering av internkontrollplan för 2024 samt",
        "lägga ärendet till handlingarna.",
    ]
    assert [s.heading for s in memo.sections.all()] == [
        "Ärendet",
        "Beredning",
        "Föredragning",
        "Ekonomiska konsekvenser",
    ]
    assert memo.signatures.get().name == "Lena Winterbom"


def test_seed_004_holds_what_the_document_holds(social_plan):
    plan = social_plan
    assert plan.is_adopted and plan.minute_reference == "§ 19"
    assert [risk.value for risk in plan.risks.all()] == [16, 12, 12, 15]
    assert not any(risk.in_matrix for risk in plan.risks.all())  # values stated alone
    assert [risk.controls.count() for risk in plan.risks.all()] == [1, 3, 2, 2]
    labels = list(
        ControlFollowUp.objects.filter(round__plan=plan).values_list("level__label", flat=True)
    )
    assert (labels.count("Inga brister"), labels.count("Mindre brister")) == (2, 5)
    assert labels.count("Ingen bedömning gjord") == 1
    memo = plan.rounds.get().memo
    assert memo.documents_after == 1 and memo.documents.count() == 3
    assert [s.name for s in memo.signatures.all()] == ["Pia Alhäll", "Birgitta Flärdh"]


def test_a_plan_is_not_imported_twice(social_plan):
    message = refusal(SOCIAL.read_text(encoding="utf-8"))
    assert "har redan en plan för 2023" in message
    assert Plan.objects.count() == 1


def test_a_value_that_is_no_product_is_refused_at_its_line(db):
    text = plan_file().replace(
        "        probability: 3\n        consequence: 4\n", "        value: 7\n", 1
    )
    message = refusal(text)
    line = text.splitlines().index("        value: 7") + 1
    assert f"rad {line}" in message
    assert "7 är inte ett riskvärde" in message
    assert Plan.objects.count() == 0


def test_an_adopted_plan_needs_every_value(db):
    text = plan_file(state="antagen", round_state=None).replace(
        "        probability: 3\n        consequence: 4\n", "", 1
    )
    assert "En antagen plan behöver ett värde för varje risk" in refusal(text)
    assert Plan.objects.count() == 0


def test_a_submitted_round_assesses_every_control(db):
    text = plan_file(round_state="inlämnad", assessed=True)
    unassessed = text.replace("        assessment: Mindre brister\n", "", 1)
    assert "kontroll 1 i risk 1 saknar bedömning" in refusal(unassessed)
    assert Plan.objects.count() == 0
    import_text(text)  # every control assessed: accepted
    assert Action.objects.count() == 4


@pytest.mark.parametrize(
    "change, expected",
    [
        (("control: 2", "control: 3"), "Risk 1 har 2 kontroll(er); det finns ingen kontroll 3."),
        (("risk: 2", "risk: 9"), "Planen har ingen risk 9."),
        (("assessment: Mindre brister", "assessment: Små brister"), "'Små brister' är ingen nivå"),
        (("probability: 3", "probability: 6"), "Får vara högst 5."),
        (("- number: 2", "- number: 1"), "Risk 1 förekommer två gånger i planen."),
    ],
)
def test_refusals_name_the_place(db, change, expected):
    text = plan_file(assessed=True).replace(*change, 1)
    assert expected in refusal(text)
    assert Plan.objects.count() == Risk.objects.count() == 0


def test_a_stored_regulation_must_match(social_plan):
    text = plan_file(organisation="Alingsås kommun").replace(
        "name: Reglemente\n", "name: Reglemente för intern kontroll\n"
    )
    assert "finns redan med andra nivåer" in refusal(text)


def test_the_commands_import_check_skip_and_export(db, tmp_path):
    out, err = StringIO(), StringIO()
    call_command("import_plan", str(SOCIAL), "--check", stdout=out, stderr=err)
    assert "giltig" in err.getvalue() and Plan.objects.count() == 0
    call_command("import_plan", str(SOCIAL), stdout=out)
    plan = Plan.objects.get()
    assert out.getvalue().strip() == str(plan.pk)
    again = StringIO()
    call_command("import_plan", str(SOCIAL), "--skip-existing", stdout=again, stderr=err)
    assert again.getvalue().strip() == str(plan.pk) and Plan.objects.count() == 1
    target = tmp_path / "plan.yaml"
    call_command("export_plan", str(plan.pk), "--output", str(target), stderr=err)
    assert (
        read_plan_file(target.read_text(encoding="utf-8"))[0]
        == read_plan_file(SOCIAL.read_text(encoding="utf-8"))[0]
    )
    with pytest.raises(CommandError, match="Det finns ingen plan 999"):
        call_command("export_plan", "999")


def test_the_import_command_names_the_line_and_writes_nothing(db, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(plan_file().replace("probability: 3", "probability: 9", 1), encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("import_plan", str(bad))
    line = bad.read_text(encoding="utf-8").splitlines().index("        probability: 9") + 1
    assert f"bad.yaml: rad {line}" in str(error.value)
    assert "Ingenting importerades." in str(error.value)
    assert Plan.objects.count() == 0
