"""Bar charts drawn on the server as SVG (templates/_bar_chart.html), for the
dashboards: every bar and segment carries its number as text, each series has its own
pattern as well as its colour (never colour alone), and the page shows the same numbers
in a table beside it, which screen readers read instead (the SVG has a title and a
description). Coordinates are whole numbers, or written with `floatformat:"1u"`: a
Swedish decimal comma in an SVG attribute would read as two numbers."""

from dataclasses import dataclass, field

LABEL_WIDTH = 210  # px for the bar labels, left of the bars
BAR_AREA = 420  # px for the longest bar
TOTAL_WIDTH = 60  # px for the total, right of each bar
ROW = 30  # px per bar
BAR = 20  # px bar thickness
MIN_LABELLED = 26  # px: a narrower segment shows its number in the table only


@dataclass
class Series:
    key: str
    label: str
    css: str  # the class giving its colour and pattern (static/css/app.css)


@dataclass
class Segment:
    series: Series
    value: int
    x: float
    width: float

    @property
    def labelled(self) -> bool:
        return self.width >= MIN_LABELLED

    @property
    def middle(self) -> float:
        return self.x + self.width / 2


@dataclass
class Bar:
    label: str
    total: int
    y: int
    segments: list[Segment] = field(default_factory=list)

    @property
    def text_y(self) -> int:
        return self.y + BAR // 2 + 5


@dataclass
class BarChart:
    id: str
    title: str
    description: str
    series: list[Series]
    bars: list[Bar]
    label_width: int = LABEL_WIDTH
    total_x: int = LABEL_WIDTH + BAR_AREA + 6

    @property
    def width(self) -> int:
        return LABEL_WIDTH + BAR_AREA + TOTAL_WIDTH

    @property
    def height(self) -> int:
        return max(len(self.bars), 1) * ROW + 10

    @property
    def stacked(self) -> bool:
        return len(self.series) > 1

    @property
    def table_rows(self) -> list[tuple[str, list[int | None], int]]:
        """(label, value per series or None where it has none, total): the table of the
        chart's numbers, in the chart's order."""
        rows = []
        for bar in self.bars:
            values = {segment.series.key: segment.value for segment in bar.segments}
            rows.append((bar.label, [values.get(one.key) for one in self.series], bar.total))
        return rows


def bar_chart(
    *, id: str, title: str, description: str, series: list[Series], rows: list[tuple[str, dict]]
) -> BarChart:
    """A horizontal bar per row (label, {series key: value}); with several series the
    bar is stacked in their order. Lengths are to scale with the largest total."""
    largest = max((sum(values.values()) for _label, values in rows), default=0) or 1
    bars = []
    for index, (label, values) in enumerate(rows):
        bar = Bar(label=label, total=sum(values.values()), y=5 + index * ROW)
        x = float(LABEL_WIDTH)
        for one in series:
            value = values.get(one.key, 0)
            if not value:
                continue
            width = BAR_AREA * value / largest
            bar.segments.append(Segment(one, value, x, width))
            x += width
        bars.append(bar)
    return BarChart(id=id, title=title, description=description, series=series, bars=bars)
