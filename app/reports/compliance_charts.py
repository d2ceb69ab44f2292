"""The compliance charts of a workspace, from the check report and the overview: the same
figures for the dashboard (PNG) and the compliance summary (SVG)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from app.domain.activity_checks import Severity
from app.i18n import _
from app.reports import charts
from app.services.compliance import CheckReport, area_label
from app.services.compliance_overview import Overview

if TYPE_CHECKING:
    from matplotlib.figure import Figure

SCORE = "score"
FINDINGS = "findings"
BASES = "bases"
STATUS = "status"
SHARES = "shares"
REQUESTS = "requests"
CHART_NAMES = (SCORE, FINDINGS, BASES, STATUS, SHARES, REQUESTS)


def _month_label(month: date, first: bool) -> str:
    from babel.dates import format_date

    name = format_date(month, "MMM", locale="en_GB")
    # The year under the first month and under each January: enough to place every bar.
    return f"{name}\n{month.year}" if first or month.month == 1 else name


def findings_rows(report: CheckReport) -> list[tuple[str, int, int, int]]:
    """(area, errors, warnings, information) of the open findings, every area listed."""
    rows = []
    for area in report.areas:
        mine = [f for f in report.findings if f.rule.area == area.area]
        rows.append(
            (
                area_label(area.area),
                sum(f.rule.severity == Severity.ERROR for f in mine),
                sum(f.rule.severity == Severity.WARNING for f in mine),
                sum(f.rule.severity == Severity.INFO for f in mine),
            )
        )
    return rows


def _builders(
    report: CheckReport, overview: Overview, width: float = charts.WIDTH
) -> dict[str, Callable[[], Figure]]:
    register = overview.register
    months = overview.request_months
    return {
        SCORE: lambda: charts.score_figure(
            report.score, [(area_label(a.area), a.score) for a in report.areas], width=width
        ),
        FINDINGS: lambda: charts.findings_figure(findings_rows(report), width=width),
        BASES: lambda: charts.counts_figure(
            register.by_basis
            + (
                [(_("No legal basis recorded"), register.without_basis)]
                if register.without_basis
                else []
            ),
            _("No legal basis recorded yet."),
            width=width,
        ),
        STATUS: lambda: charts.counts_figure(
            register.by_status, _("No processing activity yet."), width=width
        ),
        SHARES: lambda: charts.shares_figure(
            register.total,
            [
                (_("Special-category or criminal data"), register.special),
                (_("Transfers outside the EEA"), register.transfers),
            ],
            width=width,
        ),
        REQUESTS: lambda: charts.requests_figure(
            [
                (_month_label(m.month, i == 0), m.on_time, m.late, m.open)
                for i, m in enumerate(months)
            ],
            width=width,
        ),
    }


def chart_svgs(report: CheckReport, overview: Overview) -> dict[str, bytes]:
    """Every chart as SVG, by name (CHART_NAMES)."""
    return {name: charts.figure_svg(build()) for name, build in _builders(report, overview).items()}


def chart_pngs(
    report: CheckReport,
    overview: Overview,
    *,
    dpi: int = 100,
    names: tuple[str, ...] = CHART_NAMES,
    width: float = charts.WIDTH,
) -> dict[str, bytes]:
    """The charts named as PNG, by name; `width` in inches (the GUI's panels are narrower
    than a page)."""
    builders = _builders(report, overview, width)
    return {name: charts.figure_png(builders[name](), dpi=dpi) for name in names}
