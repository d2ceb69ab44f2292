"""The risk map of a DPIA: severity (up) against likelihood (across) on the DPIA's matrix, each
cell coloured by the risk level it gives, and each risk drawn as an arrow from where it stands
before any measure (inherent) to where it stands with every measure (residual), through its
position with the measures already in place (current) when that is rated.

The same drawing serves the GUI (`draw_risk_map` on a FigureCanvasQTAgg's figure) and the
reports (`risk_map_svg`, inlined as vector graphics). Only matplotlib's object API is used:
pyplot keeps global state that is not safe across the threads exports run on.

Colours are chosen for colour-blind readers and for greyscale printing: the three levels differ
in lightness (pale, mid, dark), and every cell also says its level in words.
"""

from __future__ import annotations

import io
import itertools
import textwrap
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from app.domain.dpia_questions import FEARED_EVENT_LABELS, FearedEvent
from app.domain.risk_matrix import RISK_LEVEL_LABELS, RiskLevel, matrix
from app.i18n import _
from app.reports.charts import plain

if TYPE_CHECKING:  # matplotlib costs start-up time: imported only when a map is drawn
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

STAGES = ("inherent", "current", "residual")
_EVENTS = {event.value for event in FearedEvent}
# Lightness decreases from low to high, so the levels stay apart in greyscale.
LEVEL_COLOURS = {
    RiskLevel.LOW: ("#e3f1dc", "#1f2328"),  # background, text on it
    RiskLevel.MEDIUM: ("#f2a65a", "#1f2328"),
    RiskLevel.HIGH: ("#a3202e", "#ffffff"),
}
INK = "#1f2328"
# A label's look says which rating it shows: white before any measure, grey with the
# measures in place (when nothing later is rated), dark with every measure.
LABEL_STYLES = {
    "inherent": ("white", INK),  # face, text
    "current": ("#6a717b", "white"),
    "residual": (INK, "white"),
}
LEGEND_ENTRIES = 14  # more risks than this are summed up in one line (the tables list them all)
_TITLE_WIDTH = 40
# Where each risk sits inside a cell, by its number: risks sharing a cell stay apart, and a
# risk keeps its place from cell to cell, so its arrow is easy to follow.
_OFFSETS = (
    (-0.22, 0.16),
    (0.22, 0.16),
    (-0.22, -0.14),
    (0.22, -0.14),
    (0.0, 0.01),
    (0.0, 0.27),
    (0.0, -0.25),
)
# rcParams are global; only the SVG keys are set, under a lock, for the time of one save.
_SVG_LOCK = threading.Lock()


def risk_label(number: int) -> str:
    """The short label of the risk at 1-based `number`, as the map and the tables show it."""
    return _("R{number}").format(number=number)


def risk_points(values: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Each risk's label, title and rated positions {stage: (severity, likelihood, level)};
    unrated stages are left out, and so is a risk with no rated stage at all."""
    grid = matrix(values.get("matrix"))
    points = []
    for number, risk in enumerate(values.get("risks") or [], start=1):
        code = str(risk.get("event") or "")
        event = FearedEvent(code) if code in _EVENTS else FearedEvent.CUSTOM
        title = risk.get("title") or _(FEARED_EVENT_LABELS[event])
        stages = {}
        for stage in STAGES:
            severity = int(risk.get(f"{stage}_severity") or 0)
            likelihood = int(risk.get(f"{stage}_likelihood") or 0)
            level = grid.level(severity, likelihood)
            if level is not None:
                stages[stage] = (severity, likelihood, level)
        if stages:
            points.append(
                {"number": number, "label": risk_label(number), "title": title, "stages": stages}
            )
    return points


def draw_risk_map(figure: Figure, values: Mapping[str, Any]) -> None:
    """Draw the map of `values` (a DPIA's values: matrix and risks) on an empty figure."""
    grid = matrix(values.get("matrix"))
    size = grid.size
    axes = figure.add_axes((0.15, 0.19, 0.40, 0.76))
    _draw_cells(axes, grid)
    points = risk_points(values)
    for index, point in enumerate(points):
        _draw_risk(axes, point, _OFFSETS[index % len(_OFFSETS)])
    axes.set_xlim(0.5, size + 0.5)
    axes.set_ylim(0.5, size + 0.5)
    axes.set_aspect("equal")
    axes.set_xticks(
        range(1, size + 1),
        [f"{n}\n{_(level.name)}" for n, level in enumerate(grid.likelihood, start=1)],
        fontsize=7,
    )
    axes.set_yticks(
        range(1, size + 1),
        [f"{_(level.name)} {n}" for n, level in enumerate(grid.severity, start=1)],
        fontsize=7,
    )
    axes.tick_params(length=0, pad=3, colors=INK)
    axes.set_xlabel(_("Likelihood"), fontsize=8, color=INK, labelpad=4)
    axes.set_ylabel(_("Severity"), fontsize=8, color=INK, labelpad=4)
    for spine in axes.spines.values():
        spine.set_visible(False)
    _draw_legend(figure, points)


def _draw_cells(axes: Axes, grid: Any) -> None:
    from matplotlib.patches import Rectangle

    # Rectangles, not an image: the map must stay vector graphics in the SVG and the PDF.
    for severity in range(1, grid.size + 1):
        for likelihood in range(1, grid.size + 1):
            level = grid.level(severity, likelihood)
            background, ink = LEVEL_COLOURS[level]
            axes.add_patch(
                Rectangle(
                    (likelihood - 0.5, severity - 0.5),
                    1,
                    1,
                    facecolor=background,
                    edgecolor="white",
                    linewidth=2,
                    zorder=1,
                )
            )
            axes.text(
                likelihood,
                severity - 0.42,
                _(RISK_LEVEL_LABELS[level]),
                ha="center",
                va="bottom",
                fontsize=6,
                color=ink,
                zorder=2,
                gid=f"level-{severity}-{likelihood}",
            )


def _draw_risk(axes: Axes, point: dict[str, Any], offset: tuple[float, float]) -> None:
    from matplotlib import patheffects

    dx, dy = offset
    stages = point["stages"]
    path = [
        (likelihood + dx, severity + dy)
        for stage in STAGES
        if stage in stages
        for severity, likelihood, _level in [stages[stage]]
    ]
    halo = [patheffects.withStroke(linewidth=3, foreground="white")]
    for start, end in itertools.pairwise(path):
        if start != end:
            axes.annotate(
                "",
                xy=end,
                xytext=start,
                arrowprops={
                    "arrowstyle": "-|>",
                    "color": INK,
                    "linewidth": 1.2,
                    "shrinkA": 8,
                    "shrinkB": 9,
                    "mutation_scale": 9,
                    "path_effects": halo,
                },
                zorder=3,
            )
    rated = [stage for stage in STAGES if stage in stages]
    if len(rated) == 3 and path[1] not in (path[0], path[2]):
        axes.plot(*path[1], marker="D", markersize=4.5, color=INK, mec="white", zorder=4)
    first, last = path[0], path[-1]
    if first != last:
        _label(axes, first, point["label"], rated[0], f"risk-start-{point['number']}")
    _label(axes, last, point["label"], rated[-1], f"risk-{point['number']}")


def _label(axes: Axes, where: tuple[float, float], text: str, stage: str, gid: str) -> None:
    face, ink = LABEL_STYLES[stage]
    axes.text(
        *where,
        text,
        ha="center",
        va="center",
        fontsize=6.5,
        fontweight="normal" if stage == "inherent" else "bold",
        color=ink,
        bbox={
            "boxstyle": "round,pad=0.25",
            "fc": face,
            "ec": INK if face == "white" else "white",
            "lw": 0.8,
        },
        zorder=5,
        gid=gid,
    )


def _draw_legend(figure: Figure, points: list[dict[str, Any]]) -> None:
    # Plain text with symbol glyphs rather than a matplotlib Legend: a third of the drawing
    # time went into laying out the Legend's boxes.
    left, top = 0.60, 0.95
    key = "\n".join(
        [
            "□  " + _("Before any measure"),
            "◆  " + _("With the measures in place"),
            "     " + _("(grey label when rated no further)"),
            "■  " + _("With all measures, planned included"),
        ]
    )
    figure.text(left, top, key, fontsize=7, color=INK, va="top", linespacing=1.6)
    y = top - 0.24
    if not points:
        figure.text(left, y, _("No risk is rated yet."), fontsize=7, color=INK, va="top")
        return
    for point in points[:LEGEND_ENTRIES]:
        lines = textwrap.wrap(plain(point["title"]), _TITLE_WIDTH, max_lines=2, placeholder="…")
        figure.text(
            left,
            y,
            f"{point['label']}   " + "\n       ".join(lines),
            fontsize=7,
            color=INK,
            va="top",
            gid=f"legend-{point['number']}",
        )
        y -= 0.055 * len(lines) + 0.012
    hidden = len(points) - LEGEND_ENTRIES
    if hidden > 0:
        figure.text(
            left,
            y,
            _("… and {count} more (see the risk table)").format(count=hidden),
            fontsize=7,
            color=INK,
            va="top",
        )


def _figure(values: Mapping[str, Any]) -> Figure:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7.0, 3.9))
    draw_risk_map(figure, values)
    return figure


def risk_map_svg(values: Mapping[str, Any]) -> bytes:
    """The map as an SVG document whose text is drawn as paths: it prints the same
    everywhere, without fonts, and WeasyPrint renders it as vector graphics."""
    import matplotlib

    figure = _figure(values)
    stream = io.BytesIO()
    with (
        _SVG_LOCK,
        matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "pwb-risk-map"}),
    ):
        figure.savefig(stream, format="svg", metadata={"Date": None})
    return stream.getvalue()


def risk_map_png(values: Mapping[str, Any], *, dpi: int = 100) -> bytes:
    """The map as a PNG (Agg renderer), for a screen or a document that cannot hold SVG."""
    stream = io.BytesIO()
    _figure(values).savefig(stream, format="png", dpi=dpi)
    return stream.getvalue()
