"""The dashboard's and the compliance summary's charts: findings by area and severity, the
score by area, the register's make-up, and rights requests per month.

Each chart is a function from plain values to a matplotlib `Figure` (the object API only:
pyplot's global state is not safe on the worker threads that draw them), then `figure_svg`
for documents (text drawn as paths, so the PDF needs no font) or `figure_png` for the screen.

Colours are picked for colour-blind readers and greyscale printing: the series of a chart
differ in lightness (dark, mid, pale), the palest carries a hatch, and every bar says its
number in words, so no reading depends on colour.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.i18n import _

if TYPE_CHECKING:  # matplotlib costs start-up time: imported only when a chart is drawn
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

INK = "#1f2328"
GREY = "#5a6270"
TRACK = "#e8eaee"
WIDTH = 6.4  # inches: the text width of an A4 page, and a dashboard panel at 100 dpi
BAR_HEIGHT = 0.32  # inches per bar
# Severity: dark red, mid orange, pale blue (lightness 37 / 75 / 89).
ERROR_COLOUR = ("#a3202e", "#ffffff", "")
WARNING_COLOUR = ("#f2a65a", INK, "")
INFO_COLOUR = ("#d4e6f4", INK, "....")
# Requests: answered on time (mid blue), late (dark red), open and not yet due (pale, hatched).
ON_TIME_COLOUR = ("#7fb2d9", INK, "")
LATE_COLOUR = ("#a3202e", "#ffffff", "")
OPEN_COLOUR = ("#ececec", INK, "////")
SCORE_COLOUR = "#1f4e79"
COUNT_COLOUR = ("#3d6e9e", "#ffffff", "")
# rcParams are global; the SVG keys are set under a lock for the time of one save.
_SVG_LOCK = threading.Lock()


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[int]
    colour: tuple[str, str, str]  # fill, text on it, hatch


def plain(text: str) -> str:
    """Text matplotlib shows as typed: a pair of `$` would otherwise start a formula."""
    return text.replace("$", r"\$")


def figure_svg(figure: Figure) -> bytes:
    """The figure as SVG with its text drawn as paths: the same everywhere, no font needed."""
    import matplotlib

    stream = io.BytesIO()
    with (
        _SVG_LOCK,
        matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "pwb-chart"}),
    ):
        figure.savefig(stream, format="svg", metadata={"Date": None})
    return stream.getvalue()


def figure_png(figure: Figure, *, dpi: int = 100) -> bytes:
    """The figure as a PNG (Agg), for the GUI."""
    stream = io.BytesIO()
    figure.savefig(stream, format="png", dpi=dpi)
    return stream.getvalue()


def _figure(rows: int, width: float, extra: float = 0.9, least: float = 1.6) -> Figure:
    from matplotlib.figure import Figure

    height = max(least, rows * BAR_HEIGHT + extra)
    figure = Figure(figsize=(width, height), layout="constrained")
    figure.set_facecolor("white")
    return figure


def _tidy(axes: Axes) -> None:
    for side in ("top", "right", "bottom"):
        axes.spines[side].set_visible(False)
    axes.spines["left"].set_color("#c9ced6")
    axes.tick_params(axis="y", length=0, labelsize=8, colors=INK)
    axes.tick_params(axis="x", length=0, labelsize=7, colors=GREY)
    axes.xaxis.grid(True, color=TRACK, linewidth=0.8)
    axes.set_axisbelow(True)


def _empty(figure: Figure, text: str) -> Figure:
    figure.text(0.5, 0.5, plain(text), ha="center", va="center", fontsize=9, color=GREY)
    return figure


def _stacked(
    axes: Axes, categories: Sequence[str], series: Sequence[Series], *, horizontal: bool
) -> None:
    """Stacked bars with each segment's count written on it (or beside the bar when the
    segment is too thin to hold it)."""
    totals = [sum(s.values[i] for s in series) for i in range(len(categories))]
    largest = max(totals, default=0) or 1
    positions = list(range(len(categories)))
    start = [0] * len(categories)
    for entry in series:
        fill, ink, hatch = entry.colour
        draw = axes.barh if horizontal else axes.bar
        bars = draw(
            positions,
            entry.values,
            0.62,
            start,
            label=plain(entry.label),
            color=fill,
            edgecolor="#8a919b" if hatch else fill,
            linewidth=0.4 if hatch else 0,
            hatch=hatch or None,
        )
        if len(series) > 1:  # one series: the total at the end says it all
            labels = [
                str(value) if value and value / largest >= 0.045 else "" for value in entry.values
            ]
            axes.bar_label(bars, labels=labels, label_type="center", fontsize=7.5, color=ink)
        start = [a + b for a, b in zip(start, entry.values, strict=True)]
    # The total at the end of each bar, so thin segments are still accounted for.
    for position, total in zip(positions, totals, strict=True):
        if total:
            xy = (total, position) if horizontal else (position, total)
            axes.annotate(
                str(total),
                xy,
                xytext=(4, 0) if horizontal else (0, 3),
                textcoords="offset points",
                ha="left" if horizontal else "center",
                va="center" if horizontal else "bottom",
                fontsize=7.5,
                fontweight="bold",
                color=INK,
            )
    if horizontal:
        axes.set_yticks(positions, [plain(c) for c in categories])
        axes.invert_yaxis()  # the first category on top, as it is read
        axes.set_xlim(0, largest * 1.12)
    else:
        axes.set_xticks(positions, [plain(c) for c in categories])
        axes.set_ylim(0, largest * 1.15)


def _legend(axes: Axes, columns: int) -> None:
    axes.legend(
        loc="lower left",
        bbox_to_anchor=(0, 1.01),
        ncols=columns,
        frameon=False,
        fontsize=7.5,
        handlelength=1.4,
        borderaxespad=0,
    )


# --- the charts ---------------------------------------------------------------------------


def findings_figure(rows: Sequence[tuple[str, int, int, int]], *, width: float = WIDTH) -> Figure:
    """Open findings per area, stacked by severity: rows of (area, errors, warnings, info)."""
    figure = _figure(len(rows), width, extra=1.0)
    if not any(sum(row[1:]) for row in rows):
        return _empty(figure, _("No open finding."))
    axes = figure.add_subplot()
    _stacked(
        axes,
        [row[0] for row in rows],
        [
            Series(_("Errors"), [row[1] for row in rows], ERROR_COLOUR),
            Series(_("Warnings"), [row[2] for row in rows], WARNING_COLOUR),
            Series(_("Information"), [row[3] for row in rows], INFO_COLOUR),
        ],
        horizontal=True,
    )
    _tidy(axes)
    _legend(axes, 3)
    return figure


def score_figure(
    score: int | None, areas: Sequence[tuple[str, int | None]], *, width: float = WIDTH
) -> Figure:
    """The score as bars out of 100: the workspace's first, then each area's."""
    rows = [(_("Overall score"), score), *areas]
    figure = _figure(len(rows), width, extra=0.6)
    axes = figure.add_subplot()
    positions = list(range(len(rows)))
    axes.barh(positions, [100] * len(rows), 0.62, color=TRACK, linewidth=0)
    values = [value or 0 for _label, value in rows]
    bars = axes.barh(positions, values, 0.62, color=SCORE_COLOUR, linewidth=0)
    bars[0].set_color(INK)
    for position, (_label, value) in enumerate(rows):
        text = _("nothing to check") if value is None else f"{value}%"
        inside = value is not None and value >= 18
        axes.text(
            (value - 2) if inside and value is not None else (value or 0) + 2,
            position,
            text,
            ha="right" if inside else "left",
            va="center",
            fontsize=7.5,
            fontweight="bold" if position == 0 else "normal",
            color="white" if inside else INK,
        )
    axes.set_yticks(positions, [plain(label) for label, _value in rows])
    axes.get_yticklabels()[0].set_fontweight("bold")
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.set_xticks([0, 25, 50, 75, 100], ["0", "25", "50", "75", "100%"])
    _tidy(axes)
    axes.xaxis.grid(False)
    return figure


def counts_figure(rows: Sequence[tuple[str, int]], empty: str, *, width: float = WIDTH) -> Figure:
    """One bar per label with its count (e.g. activities by legal basis, or by status)."""
    figure = _figure(len(rows), width, extra=0.5, least=1.0)
    if not any(count for _label, count in rows):
        return _empty(figure, empty)
    axes = figure.add_subplot()
    _stacked(
        axes,
        [label for label, _count in rows],
        [Series("", [count for _label, count in rows], COUNT_COLOUR)],
        horizontal=True,
    )
    _tidy(axes)
    return figure


def shares_figure(total: int, rows: Sequence[tuple[str, int]], *, width: float = WIDTH) -> Figure:
    """What share of `total` has each property: rows of (what, how many), e.g. activities with
    special-category data, or with transfers outside the EEA."""
    figure = _figure(len(rows), width, extra=0.4, least=1.0)
    if not total:
        return _empty(figure, _("No processing activity yet."))
    axes = figure.add_subplot()
    positions = list(range(len(rows)))
    counts = [count for _label, count in rows]
    axes.barh(positions, [total] * len(rows), 0.55, color=TRACK, linewidth=0)
    axes.barh(positions, counts, 0.55, color=COUNT_COLOUR[0], linewidth=0)
    for position, count in enumerate(counts):
        axes.text(
            total * 1.01,
            position,
            _("{count} of {total} ({share}%)").format(
                count=count, total=total, share=round(100 * count / total)
            ),
            va="center",
            fontsize=7.5,
            color=INK,
        )
    axes.set_yticks(positions, [plain(label) for label, _count in rows])
    axes.invert_yaxis()
    axes.set_xlim(0, total * 1.32)
    axes.set_xticks([])
    _tidy(axes)
    axes.xaxis.grid(False)
    return figure


def requests_figure(months: Sequence[tuple[str, int, int, int]], *, width: float = WIDTH) -> Figure:
    """Requests received per month by how they were handled: rows of (month, answered on
    time, late, open and not yet due)."""
    from matplotlib.ticker import MaxNLocator

    figure = _figure(0, width, extra=2.4)
    if not any(sum(row[1:]) for row in months):
        return _empty(figure, _("No request received in the last twelve months."))
    axes = figure.add_subplot()
    _stacked(
        axes,
        [row[0] for row in months],
        [
            Series(_("Answered on time"), [row[1] for row in months], ON_TIME_COLOUR),
            Series(_("Late"), [row[2] for row in months], LATE_COLOUR),
            Series(_("Open, not yet due"), [row[3] for row in months], OPEN_COLOUR),
        ],
        horizontal=False,
    )
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.spines["left"].set_visible(False)
    axes.spines["bottom"].set_color("#c9ced6")
    axes.tick_params(axis="x", length=0, labelsize=7, colors=INK)
    axes.tick_params(axis="y", length=0, labelsize=7, colors=GREY)
    axes.yaxis.grid(True, color=TRACK, linewidth=0.8)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_axisbelow(True)
    _legend(axes, 3)
    return figure
