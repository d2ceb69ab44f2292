"""The compliance charts: each draws from plain values, says its numbers in words, survives
empty data and odd labels, and comes out as SVG with text as paths (for PDFs) or as PNG."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from app.reports import charts

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
AREAS = [
    ("Processing register", 1, 5, 0),
    ("Risk assessments", 6, 2, 1),
    ("Breaches", 0, 0, 0),
]
MONTHS = [("Oct\n2026", 2, 1, 1), ("Nov", 1, 0, 3)]


def texts(figure: Figure) -> list[str]:
    """Every piece of text the figure draws (bar labels, ticks, legend, notes)."""
    return [t.get_text() for t in figure.findobj(Text) if t.get_text()]


def test_findings_by_area_are_stacked_by_severity_with_their_counts_written() -> None:
    figure = charts.findings_figure(AREAS)
    shown = texts(figure)
    for label in ("Processing register", "Risk assessments", "Breaches"):
        assert label in shown
    assert {"Errors", "Warnings", "Information"} <= set(shown)
    # Each segment wide enough carries its count; each bar ends with its total.
    assert {"1", "5", "6", "2"} <= set(shown)
    assert "9" in shown  # the total of 6 errors, 2 warnings and 1 piece of information
    axes = figure.axes[0]
    assert len(axes.patches) == 3 * len(AREAS)


def test_requests_chart_separates_on_time_late_and_open() -> None:
    shown = texts(charts.requests_figure(MONTHS))
    assert {"Answered on time", "Late", "Open, not yet due"} <= set(shown)
    assert "Oct\n2026" in shown and "Nov" in shown
    assert "4" in shown  # October's total


def test_score_shows_the_overall_figure_first_and_areas_with_nothing_to_check() -> None:
    figure = charts.score_figure(93, [("Processing register", 98), ("Breaches", None)])
    shown = texts(figure)
    assert shown.index("Overall score") < shown.index("Processing register")
    assert "93%" in shown and "98%" in shown
    assert "nothing to check" in shown


def test_register_counts_and_shares() -> None:
    counts = texts(charts.counts_figure([("Consent", 5), ("Contract", 9)], "none yet"))
    assert {"Consent", "Contract", "5", "9"} <= set(counts)
    shares = texts(charts.shares_figure(18, [("Special-category data", 2)]))
    assert "2 of 18 (11%)" in shares


@pytest.mark.parametrize(
    "figure",
    [
        pytest.param(lambda: charts.findings_figure([("Breaches", 0, 0, 0)]), id="findings"),
        pytest.param(lambda: charts.requests_figure([("Nov", 0, 0, 0)]), id="requests"),
        pytest.param(lambda: charts.counts_figure([], "Nothing recorded yet."), id="counts"),
        pytest.param(lambda: charts.shares_figure(0, [("Transfers", 0)]), id="shares"),
    ],
)
def test_empty_data_says_so_instead_of_drawing_empty_axes(figure) -> None:  # type: ignore[no-untyped-def]
    drawn = figure()
    assert not drawn.axes
    assert len(texts(drawn)) == 1
    assert drawn.texts[0].get_text()


def test_svg_has_its_text_as_paths_and_png_is_a_png() -> None:
    figure = charts.findings_figure(AREAS)
    svg = charts.figure_svg(figure)
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    assert not [e for e in root.iter() if e.tag.endswith("}text")]
    assert b'<use xlink:href="#DejaVuSans-' in svg  # glyphs drawn as paths
    assert charts.figure_png(charts.findings_figure(AREAS), dpi=50).startswith(PNG_MAGIC)


def test_dollar_signs_in_labels_are_shown_not_read_as_a_formula() -> None:
    label = "Pay $5 or $10 \\frac{1}{2}"
    figure = charts.counts_figure([(label, 3)], "none")
    # A formula would fail or draw something else; the label is drawn as typed.
    assert charts.figure_png(figure, dpi=40).startswith(PNG_MAGIC)
    assert charts.plain(label) in texts(figure)
    assert charts.figure_svg(charts.findings_figure([(label, 1, 0, 0)]))


def test_charts_never_load_pyplot() -> None:
    # pyplot's global state is not safe on the worker threads the charts are drawn on.
    code = (
        "import sys\n"
        "from app.reports import charts\n"
        "charts.figure_png(charts.findings_figure([('A', 1, 2, 3)]), dpi=30)\n"
        "charts.figure_svg(charts.requests_figure([('Nov', 1, 1, 1)]))\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
