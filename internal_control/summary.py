"""What the pages and reports compute from a plan and a round: the risk matrix and the
count of controls per assessment level."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .choices import SCALE_STEPS

# Bands of the risk value, named in words so that the matrix never speaks by colour alone.
BANDS = (
    (4, "low", _("low")),
    (9, "medium", _("medium")),
    (16, "high", _("high")),
    (25, "very-high", _("very high")),
)


def risks_by_area(plan) -> list[tuple]:
    """The plan's areas in order, each with its risks by number (from a plan read with
    `for_page` or `for_export`: no query)."""
    risks = list(plan.risks.all())
    return [(area, [r for r in risks if r.area_id == area.pk]) for area in plan.areas.all()]


def band_of(value: int) -> tuple[str, str]:
    """The band's CSS name and its label."""
    return next((name, label) for top, name, label in BANDS if value <= top)


@dataclass
class Cell:
    probability: int
    consequence: int
    risks: list = field(default_factory=list)

    @property
    def value(self) -> int:
        return self.probability * self.consequence

    @property
    def band(self) -> str:
        return band_of(self.value)[0]

    @property
    def band_label(self) -> str:
        return band_of(self.value)[1]


@dataclass
class RiskMatrix:
    """Rows from consequence 5 down to 1, columns probability 1 to 5, as the matrix is
    drawn; risks with only a stated value are listed beside it."""

    rows: list[list[Cell]]
    unplaced: list
    unscored: list

    @property
    def probabilities(self):
        return list(SCALE_STEPS)


def risk_matrix(risks) -> RiskMatrix:
    cells = {(p, c): Cell(p, c) for p in SCALE_STEPS for c in SCALE_STEPS}
    unplaced, unscored = [], []
    for risk in risks:
        if risk.in_matrix:
            cells[(risk.probability, risk.consequence)].risks.append(risk)
        elif risk.value is not None:
            unplaced.append(risk)
        else:
            unscored.append(risk)
    rows = [[cells[(p, c)] for p in SCALE_STEPS] for c in reversed(SCALE_STEPS)]
    return RiskMatrix(rows=rows, unplaced=unplaced, unscored=unscored)


@dataclass
class LevelCount:
    level: object  # a Level, or None for controls not yet assessed
    count: int


@dataclass
class RoundCounts:
    levels: list[LevelCount]
    not_yet_assessed: int
    total: int

    def sentences(self) -> list[str]:
        """ "7 av 9 kontrollmoment: utan anmärkning", one per level used."""
        return [
            _("%(count)s of %(total)s controls: %(level)s")
            % {"count": item.count, "total": self.total, "level": item.level.label}
            for item in self.levels
            if item.count
        ]


def round_counts(follow_up_round, controls_in_plan: int) -> RoundCounts:
    """Controls per level of the regulation's scale, from the round's prefetched results;
    every level is listed, in the scale's order, zeros included."""
    by_level: dict[int, int] = {}
    for result in follow_up_round.results.all():
        if result.level_id:
            by_level[result.level_id] = by_level.get(result.level_id, 0) + 1
    levels = list(follow_up_round.plan.regulation.levels.all())
    assessed = sum(by_level.values())
    return RoundCounts(
        levels=[LevelCount(level, by_level.get(level.pk, 0)) for level in levels],
        not_yet_assessed=controls_in_plan - assessed,
        total=controls_in_plan,
    )
