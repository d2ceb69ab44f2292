"""The compliance checks for the GUI: the check report and the dashboard's overview (read on a
worker thread), accepting a finding with its justification and reopening it (undoable writes),
and the dashboard's pictures. A part of WorkspaceSession (see session.py).

The charts and the risk map are imported when drawn: matplotlib costs a second to load.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.domain.compliance import Area
from app.services import compliance, compliance_overview
from app.services.changes import ChangeResult
from app.services.compliance import CheckReport, Finding
from app.services.compliance_overview import Overview
from ui.operations.session_parts import Done, Failed, FailedWrite, SessionParts

MUTE = compliance.MUTE
CHARTS_MODULE = "app.reports.compliance_charts"
RISK_MAP_MODULE = "app.reports.risk_map"


@dataclass(frozen=True)
class DashboardData:
    report: CheckReport
    overview: Overview
    # Grouped on the worker thread: a big workspace has tens of thousands of findings, too
    # many to sort through on the GUI thread.
    by_area: dict[Area, list[Finding]] = field(default_factory=dict)
    muted_by_area: dict[Area, list[Finding]] = field(default_factory=dict)
    errors: int = 0


def _by_area(findings: list[Finding]) -> dict[Area, list[Finding]]:
    grouped: dict[Area, list[Finding]] = {}
    for finding in findings:
        grouped.setdefault(finding.rule.area, []).append(finding)
    return grouped


class ComplianceOperations(SessionParts):
    def dashboard_data(self, progress: Any = None) -> DashboardData:
        """The findings with the score, and everything else the dashboard shows."""
        report = compliance.run_checks(self.workspace, progress=progress)
        return DashboardData(
            report,
            compliance_overview.compliance_overview(self.workspace),
            _by_area(report.findings),
            _by_area(report.muted),
            len(report.errors),
        )

    def dashboard_charts(
        self, data: DashboardData, names: tuple[str, ...], *, dpi: int, width: float
    ) -> dict[str, bytes]:
        """The named charts as PNG, `width` inches wide (see app/reports/compliance_charts.py)."""
        module = importlib.import_module(CHARTS_MODULE)
        return dict(
            module.chart_pngs(data.report, data.overview, dpi=dpi, names=names, width=width)
        )

    def combined_risk_map_png(self, values: Mapping[str, Any], dpi: int) -> bytes | None:
        """One matrix's risk map of every DPIA; None while the risk map is not in this version."""
        try:
            module = importlib.import_module(RISK_MAP_MODULE)
        except ImportError:
            return None
        return bytes(
            module.risk_map_png({"matrix": values["matrix"], "risks": values["risks"]}, dpi=dpi)
        )

    def accept_finding(
        self,
        finding: Finding,
        justification: str,
        *,
        on_done: Done | None = None,
        on_error: Failed | None = None,
    ) -> None:
        """Accept a finding with the reason why; undo reopens it."""

        def job() -> ChangeResult:
            return compliance.mute_finding(self.workspace, finding, justification, actor=self.actor)

        self._write(job, FailedWrite(MUTE, None, {}), on_done, on_error)

    def reopen_finding(
        self, finding: Finding, *, on_done: Done | None = None, on_error: Failed | None = None
    ) -> None:
        """Take back an accepted finding: it counts again."""
        mute_id = finding.mute_id
        if mute_id is None:
            return

        def job() -> ChangeResult:
            return compliance.unmute_finding(
                self.workspace, mute_id, finding.mute_version, actor=self.actor
            )

        self._write(job, FailedWrite(MUTE, mute_id, {}), on_done, on_error)
