"""The risk map: severity against likelihood on the DPIA's matrix, each risk an arrow from its
inherent to its residual position; SVG with text as paths (vector in the PDF), or PNG."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from matplotlib.figure import Figure

from app.reports.risk_map import STAGES, draw_risk_map, risk_map_png, risk_map_svg, risk_points

SVG = "{http://www.w3.org/2000/svg}"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def rated(event: str, *positions: tuple[int, int], title: str = "") -> dict[str, Any]:
    risk: dict[str, Any] = {"event": event, "title": title}
    for stage, (severity, likelihood) in zip(STAGES, positions, strict=False):
        risk[f"{stage}_severity"], risk[f"{stage}_likelihood"] = severity, likelihood
    return risk


VALUES = {
    "matrix": "cnil_4x4",
    "risks": [
        rated("illegitimate_access", (4, 3), (3, 2), (2, 1)),
        rated("unwanted_modification", (3, 3), (0, 0), (2, 2)),
        rated("disappearance", (2, 2), (2, 2), (2, 2)),
        rated("custom", title="Not rated yet </text><script>alert(1)</script>"),
        rated("custom", (3, 4), title="Members profiled beyond what they expect"),
    ],
}


def ids(svg: bytes) -> set[str]:
    root = ET.fromstring(svg)
    return {element.get("id", "") for element in root.iter()}


def test_the_svg_parses_and_labels_every_rated_risk() -> None:
    svg = risk_map_svg(VALUES)
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    found = ids(svg)
    # Risks are numbered in their order in the DPIA, as in the report's tables; the unrated
    # fourth keeps its number but is not drawn.
    for number in (1, 2, 3, 5):
        assert f"risk-{number}" in found
        assert f"legend-{number}" in found
    assert "risk-4" not in found and "legend-4" not in found
    # A risk that moved is drawn from a start label to an end label; one that did not, once.
    assert {"risk-start-1", "risk-start-2"} <= found and "risk-start-3" not in found
    # Every cell says its level in words (readable in greyscale).
    assert {f"level-{s}-{likelihood}" for s in range(1, 5) for likelihood in range(1, 5)} <= found


def test_the_svg_is_vector_graphics_with_text_drawn_as_paths() -> None:
    svg = risk_map_svg(VALUES)
    root = ET.fromstring(svg)
    assert not list(root.iter(f"{SVG}image")), "no raster image in the map"
    assert not list(root.iter(f"{SVG}text")), "text is drawn as paths (svg.fonttype 'path')"
    # The risk titles typed by users exist only as glyph paths (and comments, dropped when
    # the map is inlined), never as markup.
    assert b"<script" not in svg


def test_the_ico_matrix_has_three_levels_a_side() -> None:
    values = {
        "matrix": "ico_3x3",
        "risks": [rated("illegitimate_access", (3, 3), (2, 2), (1, 1))],
    }
    found = ids(risk_map_svg(values))
    assert "level-3-3" in found and "level-4-4" not in found
    assert "risk-1" in found


def test_ratings_outside_the_matrix_are_left_out() -> None:
    values = {"matrix": "ico_3x3", "risks": [rated("disappearance", (4, 4), (0, 0), (2, 1))]}
    (point,) = risk_points(values)
    assert set(point["stages"]) == {"residual"}


def test_an_empty_dpia_draws_the_grid_alone() -> None:
    svg = risk_map_svg({"risks": []})
    assert "level-1-1" in ids(svg) and "risk-1" not in ids(svg)


def test_the_png_is_a_png_at_the_requested_resolution() -> None:
    small = risk_map_png(VALUES, dpi=50)
    large = risk_map_png(VALUES, dpi=100)
    assert small.startswith(PNG_SIGNATURE) and large.startswith(PNG_SIGNATURE)
    width = int.from_bytes(large[16:20], "big")
    assert width == 700  # 7 inches at 100 dpi
    assert int.from_bytes(small[16:20], "big") == 350


def test_the_gui_can_draw_the_map_on_its_own_figure() -> None:
    figure = Figure()
    draw_risk_map(figure, VALUES)
    assert len(figure.axes) == 1
    assert figure.axes[0].get_xlabel() == "Likelihood"


@pytest.mark.parametrize("kind", ["svg", "png"])
def test_the_map_is_quick(kind: str) -> None:
    draw = risk_map_svg if kind == "svg" else risk_map_png
    draw(VALUES)  # the first call loads fonts and backends
    # CPU time of this process, best of five: other processes on a shared machine would
    # otherwise be counted as ours.
    timings = []
    for _ in range(5):
        started = time.process_time()
        draw(VALUES)
        timings.append(time.process_time() - started)
    assert min(timings) < 0.15, f"{kind}: {min(timings) * 1000:.0f} ms per map"
