"""Deterministic benchmark data at three sizes, written into the database DATABASE_URL names.

    .venv/bin/python benchmarks/generate.py --size S|M|L [--seed 1] [--wipe]

  S  the seed files, imported as `make run` imports them (one review, two plans)
  M  one organisation, "Benchby kommun": 20 boards, 500 audits of 10 recommendations,
     5 follow-up reviews (2020–2024, the newest a draft) of 100 audits each, and
     internal-control plans for 10 boards
  L  290 organisations, "Kommun 001" … "Kommun 290", each a smaller M: 12 boards,
     100 audits of 8–12 recommendations, 2 reviews of 50 audits (one published, one
     draft) and 2 internal-control plans

Everything of M and L is drawn from one `random.Random(seed)`, so a seed always gives the
same rows (the ids depend on the database). Rows go in with `bulk_create`; the history
tables (django-simple-history) stay empty. It refuses a database that already holds
organisations or reviews, unless --wipe empties it first (`flush`: every table, users too).

It also makes two accounts, `bench-admin` (superuser) and `bench-auditor` (auditor in the
first organisation), both with the password `bench-lösenord-1`, and prints a summary, also
written to benchmarks/results/data-<size>-<engine>.json.
"""

import argparse
import io
import json
import os
import random
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "audit_tracker.settings.base")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django

    django.setup()


# The models can only be imported once Django is set up.
setup_django()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from internal_control.choices import RoundKind, Severity, Timing  # noqa: E402
from internal_control.models import (  # noqa: E402
    Action,
    Control,
    ControlFollowUp,
    FollowUpRound,
    Level,
    Plan,
    Regulation,
    Risk,
    RiskArea,
)
from organisations.models import Board, Firm, Membership, Organisation, Role  # noqa: E402
from reviews.models import (  # noqa: E402
    Assessment,
    Audit,
    BoardResponse,
    FollowUpReview,
    PromisedDate,
    Recommendation,
    RecommendationGroup,
    ReviewedAudit,
    Stance,
    Status,
    TrafficLight,
)

BATCH = 2000  # rows per INSERT (SQLite's own limit on parameters makes its batches smaller)
CHUNK = 10  # organisations generated (and committed) together: bounds the memory L needs
FIRST_YEAR, LAST_YEAR = 2015, 2024  # the audits' years
PLAN_YEAR = 2024
PASSWORD = "bench-lösenord-1"

# The seed files and the flag `make run` imports them with (see the Makefile).
SEED_REVIEW = "fixtures/haninge-2024.yaml"
SEED_PLANS = [
    "fixtures/uppsala-amn-internkontroll-2024.yaml",
    "fixtures/socialnamnden-internkontroll-2023.yaml",
]


@dataclass(frozen=True)
class Shape:
    """What one generated organisation holds."""

    boards: int
    audits: int
    recommendations: tuple[int, int]  # per audit: fewest, most
    review_years: tuple[int, ...]  # one review a year; the last is a draft, the rest published
    audits_per_review: int
    plans: int  # boards with an internal-control plan for PLAN_YEAR
    areas: int  # per plan
    risks: int  # per plan
    controls: int  # per plan, spread over its risks


SHAPES = {
    "M": Shape(
        boards=20,
        audits=500,
        recommendations=(10, 10),
        review_years=(2020, 2021, 2022, 2023, 2024),
        audits_per_review=100,
        plans=10,
        areas=3,
        risks=8,
        controls=16,
    ),
    "L": Shape(
        boards=12,
        audits=100,
        recommendations=(8, 12),
        review_years=(2023, 2024),
        audits_per_review=50,
        plans=2,
        areas=2,
        risks=5,
        controls=8,
    ),
}


def organisation_names(size: str) -> list[str]:
    if size == "M":
        return ["Benchby kommun"]
    return [f"Kommun {number:03d}" for number in range(1, 291)]


# The first is the executive board (styrelse); M takes all 20, L the first 12.
BOARD_NAMES = [
    "Kommunstyrelsen",
    "Barn- och utbildningsnämnden",
    "Socialnämnden",
    "Tekniska nämnden",
    "Kultur- och fritidsnämnden",
    "Miljö- och byggnadsnämnden",
    "Vård- och omsorgsnämnden",
    "Arbetsmarknadsnämnden",
    "Gymnasienämnden",
    "Överförmyndarnämnden",
    "Valnämnden",
    "Samhällsbyggnadsnämnden",
    "Servicenämnden",
    "Krisledningsnämnden",
    "Individ- och familjeomsorgsnämnden",
    "Äldrenämnden",
    "Grundskolenämnden",
    "Förskolenämnden",
    "Fastighetsnämnden",
    "Räddningsnämnden",
]
FIRM_NAMES = ["EY", "KPMG", "PwC", "Deloitte", "BDO"]

# Nouns of the domain (titles are made of these only) and the words that hold sentences
# together; inflected forms and å, ä, ö as the real reports have them (search, sorting).
NOUNS = (
    "nämnden nämnderna kommunstyrelsen styrelsen förvaltningen förvaltningarna verksamheten "
    "verksamheterna kommunen kommunfullmäktige revisorerna granskningen uppföljningen "
    "uppföljning rutiner rutinerna riktlinjer riktlinjerna styrdokument styrning styrningen "
    "ledningen kontroll kontroller kontrollerna upphandling upphandlingar upphandlingen avtal "
    "avtalen avtalstrohet ramavtal leverantörer leverantören riskanalys riskanalysen risker "
    "riskbedömning dokumentation dokumentationen attest attesträtt attestordningen "
    "delegationsordningen beslut besluten bistånd handläggning handläggningen ärenden "
    "ärendehantering diarieföring arkivering informationssäkerhet dataskydd personuppgifter "
    "budget budgeten prognos prognoser resultat underskott kostnader intäkter investeringar "
    "mål målen målstyrning indikatorer nyckeltal återrapportering rapportering protokoll "
    "underlag samverkan ansvar ansvarsfördelning roller kompetens kompetensförsörjning "
    "bemanning personal medarbetare chefer arbetsmiljö sjukfrånvaro lönehantering fakturor "
    "utbetalningar kvalitet kvalitetsarbete egenkontroll tillsyn myndighetsutövning "
    "kommunallagen förvaltningslagen LOU socialtjänstlagen skolan äldreomsorgen hemtjänsten "
    "bygglov fastigheter underhåll lokaler brandskydd krisberedskap tillgänglighet åtgärder "
    "åtgärdsplan handlingsplan utvecklingsarbete brister iakttagelser rekommendationer "
    "bedömning revisionsfrågor ändamålsenlighet måluppfyllelse räkenskaper årsredovisningen "
    "delårsrapporten återkoppling information systemstöd verksamhetssystemet processer "
    "processen planering förbättringar hushållning"
).split() + ["intern kontroll", "ekonomiskt bistånd", "god ekonomisk hushållning"]
OTHER_WORDS = (
    "säkerställa säkerställer säkerställt utveckla utvecklar tydliggöra tydliggör dokumentera "
    "dokumenteras genomföra genomförs genomfört bedömer konstaterar noterar framgår saknas "
    "saknar finns har är bör ska kan behöver arbetar pågår beslutat antagit infört uppdaterat "
    "systematiskt tillräcklig tillräckligt ändamålsenlig ändamålsenligt bristfällig väsentliga "
    "löpande årligen regelbundet tydlig tydliga fullständig gemensamma centrala övergripande "
    "långsiktig delvis fortfarande dock vidare även också samt och att som för med av till "
    "inom enligt inte under efter vid där vilket eftersom därför sammantaget ännu nya goda"
).split() + ["följa upp", "följs upp", "i allt väsentligt", "i huvudsak"]
WORDS = NOUNS + OTHER_WORDS
SHORT_TITLE_VERBS = ["Säkerställ", "Utveckla", "Tydliggör", "Dokumentera", "Följ upp", "Se över"]

AREA_NAMES = [
    "Ekonomi och attest",
    "Upphandling och avtal",
    "Informationssäkerhet och dataskydd",
    "Personal och arbetsmiljö",
    "Ärendehantering och myndighetsutövning",
    "Dokumenthantering och arkiv",
]
RESPONSIBLE = [
    "Förvaltningschef",
    "Ekonomichef",
    "Controller",
    "Nämndsekreterare",
    "HR-chef",
    "Upphandlingssamordnare",
]
# The seed regulations' scale (fixtures/socialnamnden-internkontroll-2023.yaml).
LEVELS = [
    ("Inga brister", Severity.NO_REMARKS),
    ("Mindre brister", Severity.MINOR),
    ("Väsentliga brister", Severity.SIGNIFICANT),
    ("Ingen bedömning gjord", Severity.NOT_ASSESSED),
]


class Writer:
    """Swedish-like text from the domain's words; every choice comes from the one Random,
    so the same seed writes the same text."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def sentence(self) -> str:
        words = self.rng.choices(WORDS, k=self.rng.randint(6, 16))
        if len(words) > 10:
            words[len(words) // 2] += ","  # a pause in a long sentence
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def text(self, low: int, high: int) -> str:
        """Sentences, between low and high characters long."""
        target = self.rng.randint(low, high)
        sentences, length = [], -1
        while length < target:
            sentences.append(self.sentence())
            length += len(sentences[-1]) + 1
        text = " ".join(sentences)
        if len(text) > high:  # cut at the last word that fits, ending as a sentence
            text = text[: text.rfind(" ", 0, high)].rstrip(",.") + "."
        return text

    def nouns(self, low: int, high: int) -> str:
        return " ".join(self.rng.sample(NOUNS, self.rng.randint(low, high)))


class Clock:
    """Seconds since the start, and per phase (summed over the chunks of organisations)."""

    def __init__(self):
        self.started = time.perf_counter()
        self.phases: dict[str, float] = {}

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    @contextmanager
    def phase(self, name: str):
        started = time.perf_counter()
        yield
        self.phases[name] = self.phases.get(name, 0.0) + time.perf_counter() - started


@dataclass
class Tree:
    """One generated organisation: each phase hangs its rows here for the next."""

    organisation: Organisation
    boards: list[Board] = field(default_factory=list)
    audits: list[Audit] = field(default_factory=list)
    audit_boards: dict[int, list[Board]] = field(default_factory=dict)  # audit pk → boards
    # audit pk → [(group, [(recommendation, its boards)])]
    groups: dict[int, list[tuple[RecommendationGroup, list[tuple[Recommendation, list]]]]] = field(
        default_factory=dict
    )


def bulk(model, rows: list) -> list:
    return model.objects.bulk_create(rows, batch_size=BATCH)


def day_in(rng: random.Random, year: int, first_month: int = 1, last_month: int = 11) -> date:
    return date(year, rng.randint(first_month, last_month), rng.randint(1, 28))


# ---- S -------------------------------------------------------------------------------


def import_seed(clock: Clock) -> None:
    """The seed files, as `make run` imports them (their output is thrown away as there)."""
    quiet = {"skip_existing": True, "stdout": io.StringIO(), "stderr": io.StringIO()}
    with clock.phase("import review"):
        call_command("import_review", str(ROOT / SEED_REVIEW), **quiet)
    for path in SEED_PLANS:
        with clock.phase("import plans"):
            call_command("import_plan", str(ROOT / path), **quiet)


# ---- M and L: one phase per function, each for a chunk of organisations ----------------


def generate(size: str, rng: random.Random, clock: Clock) -> None:
    shape, names = SHAPES[size], organisation_names(size)
    writer = Writer(rng)
    with clock.phase("firms"):
        firms = bulk(Firm, [Firm(name=name) for name in FIRM_NAMES])
    for start in range(0, len(names), CHUNK):
        chunk = names[start : start + CHUNK]
        # One transaction per chunk: fewer commits (SQLite above all), bounded undo.
        with transaction.atomic():
            with clock.phase("organisations, boards"):
                trees = make_organisations(chunk, shape)
            with clock.phase("audits"):
                make_audits(trees, shape, writer, firms)
            with clock.phase("groups, recommendations"):
                make_recommendations(trees, shape, writer)
            with clock.phase("board responses"):
                make_responses(trees, writer)
            with clock.phase("reviews, assessments"):
                make_reviews(trees, shape, writer, firms)
            with clock.phase("internal control"):
                make_internal_control(trees, shape, writer)
        print(
            f"[{clock.elapsed:7.1f} s] organisations {start + 1}–{start + len(chunk)} "
            f"of {len(names)}",
            flush=True,
        )
    # The planner needs the tables' sizes before the one big UPDATE below (autovacuum may
    # be off, or not yet have run: a plan made for empty tables took 250 s instead of 6).
    analyze(clock)
    with clock.phase("latest statuses"):
        refresh_latest()
    compact(clock)


def make_organisations(names: list[str], shape: Shape) -> list[Tree]:
    organisations = bulk(Organisation, [Organisation(name=name) for name in names])
    trees = [Tree(organisation) for organisation in organisations]
    boards = [
        Board(
            organisation=tree.organisation,
            name=name,
            kind=Board.Kind.EXECUTIVE if index == 0 else Board.Kind.COMMITTEE,
        )
        for tree in trees
        for index, name in enumerate(BOARD_NAMES[: shape.boards])
    ]
    bulk(Board, boards)
    for tree in trees:
        tree.boards = [board for board in boards if board.organisation is tree.organisation]
    return trees


def make_audits(trees: list[Tree], shape: Shape, writer: Writer, firms: list[Firm]) -> None:
    rng = writer.rng
    audits, covered = [], []
    for tree in trees:
        titles: set[tuple[str, int]] = set()
        for index in range(shape.audits):
            # As many audits each year, oldest first.
            year = FIRST_YEAR + index * (LAST_YEAR - FIRST_YEAR + 1) // shape.audits
            title = f"Granskning av {writer.nouns(3, 6)}"
            while (title, year) in titles:  # (organisation, title, year) is unique
                title = f"Granskning av {writer.nouns(3, 6)}"
            titles.add((title, year))
            all_boards = rng.random() < 0.05  # "samtliga nämnder": no list of boards
            audit = Audit(
                organisation=tree.organisation,
                title=title,
                year=year,
                firm=rng.choice(firms),
                purpose=writer.text(300, 900),
                conclusion=writer.text(300, 900),
                all_boards=all_boards,
            )
            boards = [] if all_boards else rng.sample(tree.boards, rng.choice((1, 1, 2, 2, 3)))
            tree.audits.append(audit)
            audits.append(audit)
            covered.append((tree, audit, boards))
    bulk(Audit, audits)
    through = Audit.boards.through
    links = []
    for tree, audit, boards in covered:
        tree.audit_boards[audit.pk] = boards
        links += [through(audit_id=audit.pk, board_id=board.pk) for board in boards]
    bulk(through, links)


def group_sizes(rng: random.Random, count: int) -> list[int]:
    """How `count` recommendations fall into groups of one to three."""
    sizes = []
    while count > 0:
        sizes.append(min(count, rng.choice((1, 1, 2, 3))))
        count -= sizes[-1]
    return sizes


def make_recommendations(trees: list[Tree], shape: Shape, writer: Writer) -> None:
    rng = writer.rng
    groups, planned = [], []  # planned: (tree, audit, group, number of recommendations)
    for tree in trees:
        for audit in tree.audits:
            count = rng.randint(*shape.recommendations)
            for position, size in enumerate(group_sizes(rng, count), start=1):
                group = RecommendationGroup(
                    audit=audit, position=position, observations=writer.text(200, 800)
                )
                groups.append(group)
                planned.append((tree, audit, group, size))
    bulk(RecommendationGroup, groups)

    recommendations, addressed = [], []
    numbers: dict[int, int] = {}  # audit pk → last number given
    for tree, audit, group, size in planned:
        members = []
        for _ in range(size):
            numbers[audit.pk] = number = numbers.get(audit.pk, 0) + 1
            to_all = rng.random() < 0.05
            # To one or two of the boards the audit covered (any board of an audit of all).
            pool = tree.audit_boards[audit.pk] or tree.boards
            boards = [] if to_all else rng.sample(pool, min(len(pool), rng.choice((1, 1, 2))))
            recommendation = Recommendation(
                audit=audit,
                group=group,
                number=number,
                short_title=f"{rng.choice(SHORT_TITLE_VERBS)} {writer.nouns(2, 4)}",
                text=writer.text(80, 300),
                addressed_to_all_boards=to_all,
            )
            recommendations.append(recommendation)
            addressed.append((recommendation, boards))
            members.append((recommendation, boards))
        tree.groups.setdefault(audit.pk, []).append((group, members))
    bulk(Recommendation, recommendations)
    through = Recommendation.addressed_to.through
    bulk(
        through,
        [
            through(recommendation_id=recommendation.pk, board_id=board.pk)
            for recommendation, boards in addressed
            for board in boards
        ],
    )


STANCES = [Stance.ACCEPTED, Stance.PARTLY_ACCEPTED, Stance.REJECTED, Stance.NOT_STATED]


def make_responses(trees: list[Tree], writer: Writer) -> None:
    """One response per group, from the boards it was addressed to (the executive board
    answers for recommendations to all boards)."""
    rng = writer.rng
    responses, answered = [], []
    for tree in trees:
        for audit in tree.audits:
            for _group, members in tree.groups[audit.pk]:
                boards = list(dict.fromkeys(b for _rec, bs in members for b in bs))
                year = audit.year + rng.choice((0, 0, 1))
                decided = day_in(rng, year)
                reference = f"§ {rng.randint(1, 200)}, dnr {year}/{rng.randint(10, 999)}"
                response = BoardResponse(
                    audit=audit,
                    year=year,
                    stance=rng.choices(STANCES, weights=(70, 15, 5, 10))[0],
                    text=writer.text(150, 600),
                    decision_date=decided,
                    decision_reference=reference,
                    # Recorded when decided: a published review prints responses recorded
                    # before it was published (and every review here is later).
                    created_at=datetime(decided.year, decided.month, decided.day, 12, tzinfo=UTC),
                )
                responses.append(response)
                answered.append((response, boards or tree.boards[:1], members))
    bulk(BoardResponse, responses)
    by_board, by_recommendation = (
        BoardResponse.boards.through,
        BoardResponse.recommendations.through,
    )
    bulk(
        by_board,
        [
            by_board(boardresponse_id=response.pk, board_id=board.pk)
            for response, boards, _members in answered
            for board in boards
        ],
    )
    bulk(
        by_recommendation,
        [
            by_recommendation(boardresponse_id=response.pk, recommendation_id=rec.pk)
            for response, _boards, members in answered
            for rec, _bs in members
        ],
    )
    # Three in five answered recommendations get a date promised, in the year after the
    # response (a random of its own, so that the rest of the data is as it was).
    promises = random.Random(7)
    bulk(
        PromisedDate,
        [
            PromisedDate(
                response=response,
                recommendation_id=rec.pk,
                date=day_in(promises, response.year + 1),
            )
            for response, _boards, members in answered
            for rec, _bs in members
            if promises.random() < 0.6
        ],
    )
    # bulk_create sends no signals: store the current dates as the signals would.
    Recommendation.objects.filter(
        pk__in=PromisedDate.objects.values("recommendation")
    ).refresh_promised_dates()


def make_reviews(trees: list[Tree], shape: Shape, writer: Writer, firms: list[Firm]) -> None:
    """Each review follows up audits of the five years before it; the newest is a draft."""
    rng = writer.rng
    reviews, planned = [], []
    for tree in trees:
        for year in shape.review_years:
            draft = year == shape.review_years[-1]
            review = FollowUpReview(
                organisation=tree.organisation,
                title=f"Uppföljning av tidigare års granskningar {year}",
                year=year,
                firm=rng.choice(firms),
                purpose=writer.text(300, 900),
                method=writer.text(300, 900),
                summary=writer.text(1300, 1700),
                state=FollowUpReview.State.DRAFT if draft else FollowUpReview.State.PUBLISHED,
                published_at=None if draft else datetime(year, 12, 15, 10, tzinfo=UTC),
                report_date=None if draft else date(year, 12, 1),
            )
            candidates = [a for a in tree.audits if year - 5 <= a.year < year]
            chosen = rng.sample(candidates, min(shape.audits_per_review, len(candidates)))
            chosen.sort(key=lambda audit: (audit.year, audit.title))
            reviews.append(review)
            planned.append((tree, review, chosen, draft))
    bulk(FollowUpReview, reviews)

    reviewed, assessments = [], []
    for tree, review, chosen, draft in planned:
        for position, audit in enumerate(chosen, start=1):
            unfinished = draft and rng.random() < 0.2  # the draft's overall view is not done
            reviewed.append(
                ReviewedAudit(
                    review=review,
                    audit=audit,
                    position=position,
                    overall_assessment="" if unfinished else writer.text(200, 800),
                    colour=""
                    if unfinished
                    else rng.choices(TrafficLight.values[:3], weights=(5, 3, 2))[0],
                )
            )
            for _group, members in tree.groups[audit.pk]:
                for recommendation, _boards in members:
                    assessments.append(assessment(writer, review, recommendation, draft))
    bulk(ReviewedAudit, reviewed)
    bulk(Assessment, assessments)


def refresh_latest() -> None:
    """Recommendations store their latest status (`refresh_latest`, kept right by signals
    that bulk_create does not send): store it for all, in one UPDATE. Only where the model
    has it: the generator also runs on code from before."""
    recommendations = Recommendation.objects.all()
    if hasattr(recommendations, "refresh_latest"):
        recommendations.refresh_latest()


def assessment(writer: Writer, review, recommendation, draft: bool) -> Assessment:
    statuses = [Status.IMPLEMENTED, Status.PARTIAL, Status.NOT_IMPLEMENTED, Status.NOT_ASSESSED]
    # Only the draft has recommendations not yet assessed (without findings so far).
    weights = (45, 25, 20, 10) if draft else (50, 30, 20, 0)
    status = writer.rng.choices(statuses, weights=weights)[0]
    findings = writer.text(200, 1200) if status else ""
    return Assessment(
        review=review, recommendation=recommendation, status=status, findings=findings
    )


def spread(count: int, over: int) -> list[int]:
    """`count` things over `over` places, as evenly as can be, the first ones fuller."""
    return [count // over + (1 if index < count % over else 0) for index in range(over)]


def make_internal_control(trees: list[Tree], shape: Shape, writer: Writer) -> None:
    """What the plan importer makes (internal_control/services/imports.py): per
    organisation a regulation with the seeds' four levels; per board an adopted plan (every
    risk valued, as adopting asks) with its contents and a follow-up."""
    rng = writer.rng
    regulations = bulk(
        Regulation,
        [
            Regulation(organisation=tree.organisation, name="Reglemente för intern kontroll")
            for tree in trees
        ],
    )
    levels = [
        Level(regulation=regulation, position=position, label=label, severity=severity)
        for regulation in regulations
        for position, (label, severity) in enumerate(LEVELS, start=1)
    ]
    bulk(Level, levels)

    plans = []
    for tree, regulation in zip(trees, regulations, strict=True):
        for board in tree.boards[: shape.plans]:
            adopted = day_in(rng, PLAN_YEAR - 1, 11, 12)
            plans.append(
                Plan(
                    board=board,
                    regulation=regulation,
                    year=PLAN_YEAR,
                    title=f"Internkontrollplan {PLAN_YEAR} för {board.name.lower()}",
                    prepared_on=date(PLAN_YEAR - 1, 10, rng.randint(1, 28)),
                    adopted_on=adopted,
                    minute_reference=f"§ {rng.randint(1, 200)}",
                    registration_number=f"{PLAN_YEAR - 1}/{rng.randint(10, 999)}",
                    introduction=writer.text(300, 900),
                    state=Plan.State.ADOPTED,
                )
            )
    bulk(Plan, plans)
    controls = make_plan_contents(plans, shape, writer)
    make_follow_ups(plans, controls, levels, writer)


def make_plan_contents(plans: list[Plan], shape: Shape, writer: Writer) -> list[Control]:
    """Each plan's areas, its risks spread over them, and its controls spread over those."""
    rng = writer.rng
    areas = [
        RiskArea(plan=plan, position=position, name=name)
        for plan in plans
        for position, name in enumerate(rng.sample(AREA_NAMES, shape.areas), start=1)
    ]
    bulk(RiskArea, areas)
    risks = []
    for index, plan in enumerate(plans):
        plan_areas = areas[index * shape.areas : (index + 1) * shape.areas]
        number = 0
        for area, count in zip(plan_areas, spread(shape.risks, shape.areas), strict=True):
            for _ in range(count):
                number += 1
                risks.append(
                    Risk(
                        plan=plan,
                        area=area,
                        number=number,
                        description=writer.text(80, 300),
                        existing_routines=writer.text(80, 300),
                        mandatory=rng.random() < 0.1,
                        probability=rng.randint(1, 5),
                        consequence=rng.randint(1, 5),
                    )
                )
    bulk(Risk, risks)
    controls = []
    timings = [Timing.FIRST_HALF, Timing.SECOND_HALF, Timing.WHOLE_YEAR, Timing.DATE]
    for index, risk in enumerate(risks):
        per_risk = spread(shape.controls, shape.risks)[index % shape.risks]
        for position in range(1, per_risk + 1):
            timing = rng.choice(timings)
            controls.append(
                Control(
                    risk=risk,
                    position=position,
                    description=writer.text(80, 300),
                    method=writer.text(80, 300),
                    responsible=rng.choice(RESPONSIBLE),
                    timing=timing,
                    # A date exactly when the timing says "by a date" (a CheckConstraint).
                    due_on=day_in(rng, PLAN_YEAR, 1, 12) if timing == Timing.DATE else None,
                )
            )
    bulk(Control, controls)
    return controls


def make_follow_ups(
    plans: list[Plan], controls: list[Control], levels: list[Level], writer: Writer
) -> None:
    """One submitted half-year round per plan, every control assessed (submitting asks
    for that), and an action for each control with deficiencies."""
    rng = writer.rng
    rounds = bulk(
        FollowUpRound,
        [
            FollowUpRound(
                plan=plan,
                kind=RoundKind.HALF_YEAR,
                title=f"Uppföljning av internkontrollplan {PLAN_YEAR}, delår",
                date=date(PLAN_YEAR, 8, 31),
                introduction=writer.text(200, 800),
                state=FollowUpRound.State.SUBMITTED,
            )
            for plan in plans
        ],
    )
    round_of = {plan.pk: r for plan, r in zip(plans, rounds, strict=True)}
    # The level of a severity on each regulation's scale.
    level_of = {(level.regulation_id, level.severity): level for level in levels}
    regulation_of = {plan.pk: plan.regulation_id for plan in plans}
    results, planned_actions = [], []
    for control in controls:
        plan_id = control.risk.plan_id
        severity = rng.choices([s for _label, s in LEVELS], weights=(55, 25, 10, 10))[0]
        result = ControlFollowUp(
            round=round_of[plan_id],
            control=control,
            level=level_of[(regulation_of[plan_id], severity)],
            result=writer.text(200, 800),
        )
        results.append(result)
        if severity in (Severity.MINOR, Severity.SIGNIFICANT):
            planned_actions.append(result)
    bulk(ControlFollowUp, results)
    bulk(
        Action,
        [
            Action(
                follow_up=result,
                position=1,
                description=writer.text(80, 300),
                responsible=rng.choice(RESPONSIBLE),
                end_date=date(PLAN_YEAR, 12, 31),
            )
            for result in planned_actions
        ],
    )


def analyze(clock: Clock) -> None:
    """Fresh planner statistics for every table (both engines know ANALYZE), so that what
    runs next, benchmarks included, is planned for the tables as they now are."""
    with clock.phase("analyze"), connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def compact(clock: Clock) -> None:
    """The tables as a database in use holds them. Loading updates every recommendation
    several times over (its search text, promised date, latest statuses) in minutes;
    in use, autovacuum reuses the space of the old row versions as they come. Without
    this the recommendations table at L was 2.1 GB instead of 214 MB, and a page that
    reads it whole (the administrator's dashboard) took 582 ms instead of 252."""
    if connection.vendor != "postgresql":
        analyze(clock)
        return
    with clock.phase("vacuum"), connection.cursor() as cursor:
        cursor.execute("VACUUM (FULL, ANALYZE)")


# ---- accounts, summary ---------------------------------------------------------------


def make_users() -> list[str]:
    """The two accounts (made again, not duplicated, if a failed run left them)."""
    accounts = []
    for username, superuser in (("bench-admin", True), ("bench-auditor", False)):
        user, _created = User.objects.get_or_create(username=username)
        user.email = f"{username}@example.se"
        user.is_staff = user.is_superuser = superuser
        user.set_password(PASSWORD)
        user.save()
        accounts.append(user)
    first = Organisation.objects.order_by("pk").first()
    Membership.objects.update_or_create(
        user=accounts[1], organisation=first, defaults={"role": Role.AUDITOR}
    )
    return [accounts[0].username, f"{accounts[1].username} (auditor in {first.name})"]


def counts() -> dict[str, int]:
    models = {
        "organisations": Organisation,
        "boards": Board,
        "audits": Audit,
        "recommendation_groups": RecommendationGroup,
        "recommendations": Recommendation,
        "board_responses": BoardResponse,
        "promised_dates": PromisedDate,
        "reviews": FollowUpReview,
        "reviewed_audits": ReviewedAudit,
        "assessments": Assessment,
        "ic_plans": Plan,
        "ic_risks": Risk,
        "ic_controls": Control,
        "ic_rounds": FollowUpRound,
        "ic_control_follow_ups": ControlFollowUp,
        "ic_actions": Action,
    }
    return {name: model.objects.count() for name, model in models.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=["S", "M", "L"], required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--wipe", action="store_true", help="empty the database first (every table: flush)"
    )
    args = parser.parse_args()

    clock = Clock()
    with clock.phase("migrate"):
        call_command("migrate", interactive=False, verbosity=0)
    if Organisation.objects.exists() or FollowUpReview.objects.exists():
        if not args.wipe:
            sys.exit(
                "The database already holds organisations or reviews; "
                "give --wipe to empty it first."
            )
    if args.wipe:
        with clock.phase("wipe"):
            # Every table at once, so the PROTECT foreign keys (reviews → organisations'
            # firms, audits) do not get in the way.
            call_command("flush", interactive=False, verbosity=0)
    engine = connection.vendor
    print(f"Generating {args.size} (seed {args.seed}) into {engine}", flush=True)

    if args.size == "S":
        import_seed(clock)
        analyze(clock)
    else:
        generate(args.size, random.Random(args.seed), clock)
    with clock.phase("users"):
        users = make_users()
    with clock.phase("count"):
        summary = counts()
    total = round(clock.elapsed, 1)

    print("Users: " + ", ".join(users))
    print("Seconds per phase:")
    for name, seconds in clock.phases.items():
        print(f"  {name:<26} {seconds:8.1f}")
    print("Rows:")
    for name, count in summary.items():
        print(f"  {name:<26} {count:8,}")
    print(f"Total: {total} s")

    results = ROOT / "benchmarks" / "results"
    results.mkdir(exist_ok=True)
    report = {
        "size": args.size,
        "seed": args.seed,
        "engine": engine,
        "counts": summary,
        "phases": {name: round(seconds, 2) for name, seconds in clock.phases.items()},
        "seconds": total,
    }
    path = results / f"data-{args.size}-{engine}.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"Written to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
