"""The internal-control PDFs: the plan, and a follow-up round with its covering memo, read
back from the PDF's own text (pypdf). Each document is rendered once for the module."""

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import translation
from pypdf import PdfReader

from internal_control.documents import read_plan_file
from internal_control.models import Action, ControlFollowUp
from internal_control.reports import plan_pdf, round_pdf
from tests.internal_control.conftest import SOCIAL, UPPSALA, import_text, plan_file

# pytest-django sets the test database up only for a session holding a test marked for
# it: the marker keeps the module runnable on its own (`-k` included).
pytestmark = pytest.mark.django_db

# The header rows the tables repeat on every page.
BY_AREA_HEADER = (
    "Nr Riskbeskrivning Kontrollmoment Kontrollmetod Ansvarig Resultat av granskning "
    "Åtgärd med slutdatum"
)
BY_RISK_HEADER = (
    "Risk Kontroll Kontrollbedömning Resultat av uppföljning Ny uppföljning eller åtgärd"
)
PLAN_HEADER = "Riskområde Riskbeskrivning Riskvärde Befintliga arbetssätt och rutiner Kontroll"

# The running header (title, board) of each document's pages after the first: the memo's
# pages name the memo, the report's the round.
RUNNING_HEADERS = {
    "round 1": [
        "Delrapportering Internkontrollplan 2024 Arbetsmarknadsnämnden",
        "Delårsrapportering av internkontrollplan för 2024 För arbetsmarknadsnämnden "
        "Arbetsmarknadsnämnden",
    ],
    "round 2": [
        "Uppföljning av socialnämndens plan för intern kontroll 2023 Socialnämnden",
        "Uppföljning av plan för intern kontroll 2023 Socialnämnden",
    ],
    "plan 1": [
        "Internkontrollplan 2024 och analys enligt reglemente 2023 - För arbetsmarknadsnämnden "
        "– UTKAST Arbetsmarknadsnämnden"
    ],
    "plan 2": ["Socialnämndens plan för intern kontroll 2023 Socialnämnden"],
}

# A result text of about 6,000 characters, in two paragraphs, every word told apart by its
# number: it fills more than a landscape page's cell, so the row breaks across pages.
LONG_WORDS = [f"granskningsresultat{n:03d}" for n in range(300)]
LONG_RESULT = " ".join(LONG_WORDS[:220]) + "\n\n" + " ".join(LONG_WORDS[220:])


def squeeze(text: str) -> str:
    """Text without white space or hyphens, so line breaks and hyphenation don't matter."""
    return re.sub(r"[\s\-\u2010\u00ad]", "", text)


def flat(text: str) -> str:
    """Text with every run of white space as one space."""
    return " ".join(text.split())


@dataclass
class Document:
    reader: PdfReader
    pages: list[str]
    filename: str

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    def landscape(self, index: int) -> bool:
        box = self.reader.pages[index].mediabox
        return box.width > box.height

    def table_pages(self, header: str) -> list[int]:
        return [i for i, page in enumerate(self.pages) if header in flat(page)]


def read(pdf: bytes, filename: str, path: Path) -> Document:
    path.write_bytes(pdf)
    reader = PdfReader(path)
    return Document(reader, [page.extract_text() for page in reader.pages], filename)


@pytest.fixture(scope="module")
def documents(django_db_setup, django_db_blocker, tmp_path_factory) -> dict[str, Document]:
    """The two seeds' plans and rounds, and a small plan whose one result is very long,
    each rendered once (the data rolled back), asked for in English: the documents are
    Swedish all the same (`core.pdf.report_locale`)."""
    folder = tmp_path_factory.mktemp("internal-control-pdf")
    rendered = {}
    with django_db_blocker.unblock(), transaction.atomic(), translation.override("en"):
        uppsala = import_text(UPPSALA.read_text(encoding="utf-8"))
        social = import_text(SOCIAL.read_text(encoding="utf-8"))
        small = import_text(
            plan_file(year=2030, risks=2, controls=1, round_state="inlämnad", assessed=True)
        )
        # Risk 1's result is very long; its row has nothing else that could break with it.
        long_one = ControlFollowUp.objects.filter(round__plan=small, control__risk__number=1)
        long_one.update(result=LONG_RESULT)
        Action.objects.filter(follow_up__in=long_one).delete()
        rendered["round 1"] = round_pdf(uppsala.rounds.get())
        rendered["round 2"] = round_pdf(social.rounds.get())
        rendered["plan 1"] = plan_pdf(uppsala)
        rendered["plan 2"] = plan_pdf(social)
        rendered["long"] = round_pdf(small.rounds.get())
        rendered["small plan"] = plan_pdf(small)
        transaction.set_rollback(True)
    return {
        name: read(pdf, filename, folder / f"{name}.pdf")
        for name, (pdf, filename) in rendered.items()
    }


@pytest.fixture
def round_1(documents) -> Document:
    """Arbetsmarknadsnämnden's half-year follow-up (seed 002): the memo with att-clauses,
    then Bilaga 1 with the table grouped by area."""
    return documents["round 1"]


@pytest.fixture
def round_2(documents) -> Document:
    """Socialnämnden's year-end follow-up (seed 004): risk → controls."""
    return documents["round 2"]


class TestEveryDocument:
    @pytest.mark.parametrize("name", list(RUNNING_HEADERS))
    def test_every_page_is_numbered_and_carries_the_running_header(self, documents, name):
        document = documents[name]
        total = len(document.pages)
        for number, text in enumerate(document.pages, start=1):
            assert f"Sida {number} av {total}" in text
        headers = [squeeze(header) for header in RUNNING_HEADERS[name]]
        for number, text in enumerate(document.pages[1:], start=2):
            assert any(header in squeeze(text) for header in headers), number
        if name.startswith("round"):  # the report's pages name the round
            assert headers[1] in squeeze(document.pages[-1])

    @pytest.mark.parametrize("name", list(RUNNING_HEADERS))
    def test_it_is_swedish_with_a_title(self, documents, name):
        reader = documents[name].reader
        assert reader.trailer["/Root"]["/Lang"] == "sv"
        assert reader.metadata.title


class TestTheHalfYearRound:
    """Seed 002: /work/shared/seeds/002_546125b78367853b.txt."""

    def test_the_memo_comes_first_on_portrait_pages(self, round_1):
        memo = flat(round_1.pages[0])
        assert not round_1.landscape(0)
        assert memo.startswith(
            "Arbetsmarknadsförvaltningen Tjänsteskrivelse till Arbetsmarknadsnämnden"
        )
        for fact in (
            "Datum 2024-09-10",
            "Diarienummer AMN-2024-00318",
            "Handläggare Ingrid Edberg",
        ):
            assert fact in memo
        assert "Delrapportering Internkontrollplan 2024 Förslag till beslut" in memo

    def test_the_decision_is_numbered_att_clauses_after_its_introduction(self, round_1):
        memo = flat(round_1.pages[0])
        assert (
            "Förslag till beslut Arbetsmarknadsnämnden beslutar "
            "1. att godkänna delrapportering av internkontrollplan för 2024 samt "
            "2. att lägga ärendet till handlingarna."
        ) in memo

    def test_the_decision_documents_follow_the_last_section_then_the_signature(self, round_1):
        memo = flat(" ".join(round_1.pages[:2]))
        order = [
            "Ärendet Enligt",
            "Beredning Ärendet har beretts",
            "Föredragning Intern kontroll",
            "Ekonomiska konsekvenser Inte aktuellt",
            "Beslutsunderlag Tjänsteskrivelse daterad den 10 september 2024.",
            "Bilaga 1. Delrapportering av internkontrollplan 2024",
            "Arbetsmarknadsförvaltningen Lena Winterbom Förvaltningsdirektör",
        ]
        places = [memo.find(part) for part in order]
        assert -1 not in places, dict(zip(order, places, strict=True))
        assert places == sorted(places)

    def test_the_report_starts_on_a_new_page_as_bilaga_1(self, round_1):
        start = next(i for i, page in enumerate(round_1.pages) if "Bilaga 1\n" in page)
        head = flat(round_1.pages[start])
        assert start > 0 and "Lena Winterbom" in round_1.pages[start - 1]
        assert (
            "Bilaga 1 Handläggare Ingrid Edberg Datum 2024-09-10 Diarienummer AMN-2024-00318 "
            "Delårsrapportering av internkontrollplan för 2024 För arbetsmarknadsnämnden "
            "Arbetsmarknadsnämnden Innehållsförteckning"
        ) in head

    def test_the_contents_page_numbers_point_at_the_sections(self, round_1):
        contents = next(page for page in round_1.pages if "Innehållsförteckning" in page)
        listed = {}
        for line in contents.splitlines():
            if match := re.match(r"(.+?)\s*\.{3,}\s*(\d+)$", line):
                listed[match[1].strip()] = int(match[2])
        assert list(listed) == [
            "Arbetet med intern kontroll under första halvåret 2024",
            "Sammanfattning av granskningar till och med augusti 2024",
            "Kontrollmoment per bedömning",
        ]
        for title, page_number in listed.items():
            page = round_1.pages[page_number - 1]
            assert re.search(rf"(?m)^{re.escape(title)}$", page), title

    def test_the_table_pages_are_landscape_and_repeat_the_header_row(self, round_1):
        table = round_1.table_pages(BY_AREA_HEADER)
        assert len(table) >= 5
        first = table[0]
        # The table runs to the end; every page of it is landscape, every page before portrait.
        assert table == list(range(first, len(round_1.pages)))
        assert all(round_1.landscape(i) for i in table)
        assert not any(round_1.landscape(i) for i in range(first))

    def test_every_risk_is_printed_with_its_number_under_its_area(self, round_1):
        table = "\n".join(round_1.pages[i] for i in round_1.table_pages(BY_AREA_HEADER))
        document, _lines = read_plan_file(UPPSALA.read_text(encoding="utf-8"))
        risks = [risk for area in document.areas for risk in area.risks]
        assert [risk.number for risk in risks] == list(range(1, 10))
        squeezed, place = squeeze(table), 0
        for risk in risks:
            mark = "Obligatorisk risk: " if risk.mandatory else ""
            opening = squeeze(f"{risk.number}. {mark}{risk.description[:60]}")
            assert squeezed.find(opening, place) > place, opening
            place = squeezed.find(opening, place)
        areas = [
            "Kontroller av verksamhetens arbetssätt, system och rutiner",
            "Kontroll av efterlevnad av regler, policyer och beslut",
            "Finansiell kontroll",
            "Kontroll avseende oegentligheter, mutor och jäv",
        ]
        lines = [line.strip() for line in table.splitlines()]
        assert [line for line in lines if line in areas] == areas

    def test_mandatory_risks_and_controls_are_marked(self, round_1):
        table = flat(round_1.text)
        assert squeeze("1. Obligatorisk risk: Det råder oklarhet") in squeeze(table)
        assert squeeze("Obligatoriskt kontrollmoment: Kontroll av att ansvaret") in squeeze(table)
        assert table.count("Obligatorisk risk:") == 2
        assert table.count("Obligatoriskt kontrollmoment:") == 2

    def test_each_result_opens_with_its_assessment_and_a_mark(self, round_1):
        table = flat(round_1.text.split("Kontrollmoment per bedömning\n")[0])
        assert table.count("√ utan anmärkning Granskning") == 7
        assert table.count("! med mindre anmärkning Granskningen är genomförd med") == 2

    def test_actions_carry_their_end_date(self, round_1):
        text = flat(round_1.text)
        assert (
            "Ta fram en rutin för hantering av välfärdsbrottlighet under hösten 2024. "
            "Slutdatum: 2024-12-31"
        ) in text

    def test_the_counts_list_every_level_and_the_total(self, round_1):
        last = flat(round_1.pages[-1])
        assert (
            "Kontrollmoment per bedömning Bedömning Kontrollmoment "
            "√ utan anmärkning 7 ! med mindre anmärkning 2 ‼ med väsentlig anmärkning 0 "
            "○ ingen bedömning gjord 0 Totalt: 9"
        ) in last

    def test_a_submitted_round_is_no_draft(self, round_1):
        assert "UTKAST" not in round_1.text
        assert not round_1.filename.endswith("-utkast.pdf")


class TestTheYearEndRound:
    """Seed 004: /work/shared/seeds/004_8a63876615782a7f.txt."""

    def test_the_memo_has_no_numbered_clauses_without_an_introduction(self, round_2):
        memo = flat(round_2.pages[0])
        assert memo.startswith("Tjänsteskrivelse till Socialnämnden Datum 2024-03-21")
        assert "Diarienummer 2024SOCN18 003" in memo
        assert (
            "Förslag till beslut "
            "Socialnämnden godkänner Uppföljning av socialnämndens plan för intern kontroll 2023. "
            "Socialnämnden delger kommunstyrelsen beslutet och Uppföljning av socialnämndens "
            "plan för intern kontroll 2023."
        ) in memo
        assert "1. att" not in memo

    def test_the_decision_documents_sit_after_the_first_section(self, round_2):
        memo_pages = [i for i in range(len(round_2.pages)) if not round_2.landscape(i)]
        lines = [line.strip() for i in memo_pages for line in round_2.pages[i].splitlines()]
        headings = ["Sammanfattning av ärendet", "Beslutsunderlag", "Ärendet"]
        places = [lines.index(heading) for heading in headings]
        assert places == sorted(places)
        between = flat(" ".join(lines[places[1] : places[2]]))
        assert between == (
            "Beslutsunderlag Tjänsteskrivelse 21 mars 2024 "
            "Uppföljning av socialnämndens plan för intern kontroll 2023, 27 februari 2024 "
            "Socialnämndens plan för intern kontroll 2023"
        )

    def test_the_memo_ends_with_its_sections_and_signatures(self, round_2):
        text = flat(round_2.text)
        assert (
            "Förvaltningen gör bedömningen att arbetet med intern kontroll har utförts på ett "
            "fullgott sätt. Pia Alhäll Kommundirektör Birgitta Flärdh Utvecklingsfunktionen"
        ) in text

    def test_the_report_follows_as_bilaga_1(self, round_2):
        start = next(i for i, page in enumerate(round_2.pages) if "Bilaga 1\n" in page)
        assert (
            "Bilaga 1 Datum 2024-03-21 Diarienummer 2024SOCN18 003 "
            "Uppföljning av plan för intern kontroll 2023 Socialnämnden"
        ) in flat(round_2.pages[start])
        assert "Kommunens arbete med intern kontroll" in round_2.pages[start]

    def test_the_table_is_landscape_and_repeats_its_header_row(self, round_2):
        table = round_2.table_pages(BY_RISK_HEADER)
        assert len(table) >= 3
        assert table == list(range(table[0], len(round_2.pages)))
        assert all(round_2.landscape(i) for i in table)
        assert not any(round_2.landscape(i) for i in range(table[0]))

    def test_each_risk_is_printed_once_with_its_area_then_its_controls(self, round_2):
        table = "\n".join(round_2.pages[i] for i in round_2.table_pages(BY_RISK_HEADER))
        lines = [line.strip() for line in table.splitlines()]
        areas = ["Hot och otillbörlig påverkan", "Kompetensförsörjning", "IT-säkerhet"]
        areas += ["Inköp och upphandling"]
        assert [line for line in lines if line in areas] == areas
        text = flat(table)
        assert text.count("Risk för bristande IT-säkerhet, vilket kan medföra") == 1
        assert text.count("Granskning av referenstagning och bakgrundskontroll") == 1

    def test_assessments_are_marked_in_words_and_counted(self, round_2):
        table, counts = flat(round_2.text).split("Kontrollmoment per bedömning Bedömning")
        assert table.count("√ Inga brister") == 2
        assert table.count("! Mindre brister") == 5
        assert table.count("○ Ingen bedömning gjord") == 1
        assert counts.strip().startswith(
            "Kontrollmoment √ Inga brister 2 ! Mindre brister 5 ‼ Väsentliga brister 0 "
            "○ Ingen bedömning gjord 1 Totalt: 8"
        )


class TestThePlans:
    def test_an_adopted_plan_prints_its_adoption_and_no_draft_mark(self, documents):
        plan = documents["plan 2"]
        first = flat(plan.pages[0])
        assert (
            "Socialnämndens plan för intern kontroll 2023 "
            "Antagen 2023-01-11 § 19 Daterad 2022-12-05" in first
        )
        assert "Intern kontroll En god intern kontroll" in first
        assert "UTKAST" not in plan.text

    def test_the_plan_table_gives_each_risk_its_value_on_landscape_pages(self, documents):
        plan = documents["plan 2"]
        pages = plan.table_pages(PLAN_HEADER)
        assert pages and all(plan.landscape(i) for i in pages)
        assert not plan.landscape(0)
        table = "\n".join(plan.pages[i] for i in pages)
        markers = list(re.finditer(r"(?m)Risk (\d+)$", table))
        assert [int(m[1]) for m in markers] == [1, 2, 3, 4]
        ends = [m.start() for m in markers[1:]] + [len(table)]
        for marker, end, value in zip(markers, ends, [16, 12, 12, 15], strict=True):
            assert re.search(rf"(?m)^{value} ", table[marker.end() : end]), marker[0]

    def test_a_risks_controls_are_paragraphs_of_its_control_cell(self, documents):
        text = squeeze(documents["plan 2"].text)
        for control in (
            "Uppföljning och analys av resultatet från granskning av kompetensförsörjningsplanen",
            "Granskning av att referenstagnation och bakgrundskontroll genomförs",
            "Utvärdering av effekterna från förvaltningens kompetensutvecklingsmedel.",
        ):
            assert squeeze(control) in text

    def test_risks_with_only_a_stated_value_are_listed_beside_the_matrix(self, documents):
        text = flat(documents["plan 2"].pages[-1])
        assert "Riskmatris" in text
        assert "Konsekvens ↓ 1 2 3 4 5" in text
        assert (
            "Risker med enbart angivet riskvärde "
            "Planen anger deras värde utan sannolikhet och konsekvens"
        ) in text
        assert "Risk 1: värde 16 Risk 2: värde 12 Risk 3: värde 12 Risk 4: värde 15" in text

    def test_a_draft_plan_is_marked_on_every_page(self, documents):
        plan = documents["plan 1"]
        assert all("UTKAST" in page for page in plan.pages)
        assert "UTKAST – ej antagen" in flat(plan.pages[0])
        assert plan.filename.endswith("-utkast.pdf")

    def test_risks_without_any_value_are_listed(self, documents):
        text = flat(documents["plan 1"].pages[-1])
        assert "Risker utan värde " + " ".join(f"Risk {n}" for n in range(1, 10)) in text

    def test_the_matrix_places_scored_risks_in_their_cell(self, documents):
        # plan_file scores every risk probability 3, consequence 4.
        text = flat(documents["small plan"].pages[-1])
        assert "12 hög Nr 1, 2" in text
        assert "sannolikhet 3 × konsekvens 4" in flat(documents["small plan"].text)


class TestLongCells:
    def test_a_long_result_breaks_across_pages_without_losing_a_word(self, documents):
        long = documents["long"]
        table = long.table_pages(BY_RISK_HEADER)
        holding = [i for i in table if any(w in squeeze(long.pages[i]) for w in LONG_WORDS)]
        assert len(holding) >= 3  # the cell goes on over three pages at least
        # What each page repeats: the header row, the running header, the page number.
        furniture = re.compile(
            rf"^({re.escape(BY_RISK_HEADER)}|Uppföljning 2030 Socialnämnden|Sida \d+ av \d+)$"
        )
        text = squeeze(
            "\n".join(
                line
                for i in table
                for line in long.pages[i].splitlines()
                if not furniture.match(line.strip())
            )
        )
        place = 0
        for word in LONG_WORDS:  # every word, once, in order
            assert text.count(word) == 1, word
            found = text.find(word, place)
            assert found >= place, word
            place = found
        # The row's other cells and the next row come after the long cell.
        assert text.find("Kontroll2.1") > place


def test_every_document_is_tagged_and_swedish(documents):
    """PDF/UA-1: a structure tree for screen readers, marked content, the language."""
    for name, document in documents.items():
        root = document.reader.trailer["/Root"]
        assert root["/Lang"] == "sv", name
        assert bool(root["/MarkInfo"]["/Marked"]), name
        assert root["/StructTreeRoot"]["/K"], name
