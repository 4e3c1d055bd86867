"""Bar charts as inline SVG, drawn on the server.

Why not a JavaScript chart library: the pages must work under a CSP without inline script,
with nothing from a CDN and with little JavaScript; a few bar charts are simple geometry,
print well, and need no script at all. The template draws the shapes; every label goes
through autoescaping like any other text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

WIDTH = 720
HEIGHT = 240
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 10, 48  # two lines of axis labels below the bars
FONT = 17  # label size in the SVG's units (webhook/static/admin.css, `.chart text`)
TICKS = 4
MAX_BAR = 56


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    css: str  # a class the stylesheet colours
    title: str  # shown on hover, read by screen readers


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    lines: tuple[str, ...] = ()  # the text broken to fit under its bar (axis labels)


def _width(char: str) -> float:
    """Roughly how wide a character is drawn: Hangul and Han take a full em."""
    return FONT if ord(char) >= 0x1100 else FONT * 0.6


def wrap(text: str, room: float, *, most: int = 2) -> tuple[str, ...]:
    """`text` in at most `most` lines of about `room` wide; the last ends in … if cut."""
    lines, line, used = [], "", 0.0
    for char in text:
        if line and used + _width(char) > room:
            lines.append(line.rstrip())
            line, used = "", 0.0
            if char == " ":
                continue
        line, used = line + char, used + _width(char)
    lines.append(line)
    if len(lines) > most:
        lines = [*lines[: most - 1], lines[most - 1][:-1] + "…"]
    return tuple(lines)


@dataclass
class Chart:
    """What the template needs to draw one chart."""

    title: str
    width: int = WIDTH
    height: int = HEIGHT
    bars: list[Bar] = field(default_factory=list)
    x_labels: list[Label] = field(default_factory=list)
    grid: list[Label] = field(default_factory=list)  # y position and tick text
    legend: list[tuple[str, str]] = field(default_factory=list)  # (css, text)

    @property
    def empty(self) -> bool:
        return not self.bars


def nice_step(value: float, *, whole: bool) -> float:
    """A round tick step (1, 2, 5 x 10^n) at or above `value`; at least 1 for counts."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return max(1.0, float(step * power)) if whole else float(step * power)
    return float(10 * power)


def _ticks(top: float, plot_height: float, percent: bool) -> list[Label]:
    ticks = []
    for i in range(TICKS + 1):
        value = top * i / TICKS
        y = TOP + plot_height - plot_height * i / TICKS
        text = f"{value * 100:.0f}%" if percent else f"{value:g}"
        ticks.append(Label(LEFT - 6, y, text))
    return ticks


def stacked_bars(
    title: str,
    columns: list[tuple[str, dict[str, float]]],
    series: list[tuple[str, str, str]],
    *,
    percent: bool = False,
) -> Chart:
    """One bar per column, stacked by series (key, css class, legend text), bottom first."""
    chart = Chart(title=title, legend=[(css, text) for _, css, text in series])
    if not columns:
        return chart
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    highest = max(sum(v.values()) for _, v in columns)
    top = 1.0 if percent else TICKS * nice_step(highest / TICKS, whole=True)
    slot = plot_width / len(columns)
    bar_width = min(MAX_BAR, max(2.0, slot * 0.7))
    chart.grid = _ticks(top, plot_height, percent)
    every = max(1, math.ceil(len(columns) / 12))  # keep axis labels from overlapping
    for index, (label, values) in enumerate(columns):
        x = LEFT + index * slot + (slot - bar_width) / 2
        base = float(TOP + plot_height)
        for key, css, text in series:
            value = values.get(key, 0)
            if value <= 0:
                continue
            height = plot_height * value / top
            base -= height
            shown = f"{value * 100:.0f}%" if percent else f"{value:g}"
            chart.bars.append(Bar(x, base, bar_width, height, css, f"{label} · {text}: {shown}"))
        if index % every == 0:
            lines = wrap(label, slot * every * 0.95)
            chart.x_labels.append(Label(x + bar_width / 2, TOP + plot_height + 20, label, lines))
    return chart
