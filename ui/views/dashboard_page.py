"""The dashboard, the home page of a workspace: the compliance score and how it is computed,
the findings by area (one step to the record), the open actions of the assessments and plans,
the requests due, the breach clocks, the register's charts and the risk map of all DPIAs.

The checks and the charts run off the GUI thread, and only while the page is in view: a write
elsewhere marks it stale, and it reads again when shown (or at once if it is showing).
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.domain.compliance import Area
from app.i18n import N_, _, ngettext
from app.services.compliance import Finding
from app.services.compliance_overview import Overview
from ui.operations.compliance_operations import DashboardData
from ui.operations.session import WorkspaceSession
from ui.tasks import run_task
from ui.views.workspace_page import ANY_RECORD_TYPE, WorkspacePage
from ui.widgets.dashboard_accept_dialog import AcceptFindingDialog
from ui.widgets.dashboard_charts import DashboardCharts
from ui.widgets.dashboard_findings import DashboardFindings
from ui.widgets.dashboard_list import DashboardList, ListEntry
from ui.widgets.dashboard_score import DashboardScore

# The page that shows each kind of record a finding or an action points at.
RECORD_PAGES = {
    "processing_activity": "register",
    "dpia": "dpia",
    "vendor": "vendors",
    "rights_request": "requests",
    "breach": "breaches",
    "organisation": "organisation",
    "collection_plan": "plans",
}
POLICY_PAGE = "policy"  # a policy finding names the organisation; its policy is the record
CLOCK_REFRESH_MS = 5 * 60 * 1000  # breach clocks and due dates move on while the page is open


def record_page(finding: Finding) -> str:
    if finding.rule.area == Area.POLICY:
        return POLICY_PAGE
    return RECORD_PAGES.get(finding.record_type, finding.record_type)


class DashboardPage(WorkspacePage):
    page_name = "dashboard"
    title = N_("Dashboard")
    intro = N_(
        "How the workspace stands against the GDPR: what the checks found and how to fix it, "
        "what is due, and the figures. Double-click a line to open its record."
    )
    watches: ClassVar[tuple[str, ...]] = (ANY_RECORD_TYPE,)
    record_requested = Signal(str, int)  # (page name, record id): the window shows it

    def __init__(self, session: WorkspaceSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self._generation = 0
        self._reading = False
        self.data: DashboardData | None = None
        layout = self.build_page_layout(space_below_header=4)

        self.status_label = QLabel()
        self.status_label.setObjectName("dashboard_status")
        self.status_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.check_button = QPushButton(_("Check again"))
        self.check_button.clicked.connect(self.reload)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status_label, 1)
        status_row.addWidget(self.check_button)
        layout.addLayout(status_row)

        self.score = DashboardScore()
        self.score.setFixedWidth(330)
        self.findings = DashboardFindings()
        self.findings.record_requested.connect(self._on_findings_record_requested)
        self.findings.accept_requested.connect(self._on_findings_accept_requested)
        self.findings.reopen_requested.connect(self._on_findings_reopen_requested)
        top = QHBoxLayout()
        top.addWidget(self.score)
        top.addWidget(self.findings, 1)

        self.actions_list = DashboardList(
            _("Open actions"), _("No planned measure or open point in the plans.")
        )
        self.requests_list = DashboardList(
            _("Requests due"), _("No request is overdue or due within a week.")
        )
        self.breaches_list = DashboardList(
            _("Breach clocks"), _("No breach is waiting to be notified.")
        )
        lists = QHBoxLayout()
        lists.setSpacing(16)
        for entry_list in (self.actions_list, self.requests_list, self.breaches_list):
            entry_list.record_requested.connect(self.record_requested)
            lists.addWidget(entry_list, 1)

        self.charts = DashboardCharts(session)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 12, 12)
        column.addLayout(top, 0)
        column.addSpacing(12)
        column.addLayout(lists)
        column.addSpacing(8)
        column.addWidget(self.charts)
        column.addStretch(1)
        self.findings.setMinimumHeight(330)
        for entry_list in (self.actions_list, self.requests_list, self.breaches_list):
            entry_list.setMinimumHeight(190)
        scroll = QScrollArea()
        scroll.setObjectName("dashboard_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        layout.addWidget(scroll, 1)

        self._clock = QTimer(self)
        self._clock.setInterval(CLOCK_REFRESH_MS)
        self._clock.timeout.connect(self._on_clock_timeout)
        self._clock.start()

    # -- the page contract ---------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        """The checks or the charts are still being worked out."""
        return self._reading or self.charts.drawing

    def refresh(self) -> None:
        # On the next turn of the event loop: when the window shows the dashboard only on its
        # way to another page (a workspace opening on --page register), nothing is read.
        self._reading = True
        QTimer.singleShot(0, self, self._read)

    def _read(self) -> None:
        if not self.isVisible():
            self._reading = False
            self._stale = True  # read when next shown
            return
        self._generation += 1
        generation = self._generation
        session = self._session
        self.status_label.setText(_("Checking the workspace…"))

        def done(data: Any) -> None:
            if isValid(self) and generation == self._generation:
                self._reading = False
                self._show(data)

        def failed(error: BaseException) -> None:
            if isValid(self) and generation == self._generation:
                self._reading = False
                self.status_label.setText(
                    _("The checks could not run: {error}").format(error=error)
                )

        run_task(lambda progress: session.dashboard_data(progress), on_done=done, on_error=failed)

    def _show(self, data: DashboardData) -> None:
        self.data = data
        report = data.report
        self.status_label.setText(
            ngettext(
                "{count} finding open across the workspace.",
                "{count} findings open across the workspace.",
                len(report.findings),
            ).format(count=len(report.findings))
        )
        self.score.show_report(report, data.errors)
        self.findings.show_data(data)
        self._show_lists(data.overview)
        self.charts.show_data(data)

    def _show_lists(self, overview: Overview) -> None:
        actions = []
        for action in overview.actions:
            facts = [fact for fact in (action.owner, action.progress) if fact]
            if action.due_on:
                facts.append(_("due {date}").format(date=action.due_on.isoformat()))
            suffix = f" ({', '.join(facts)})" if facts else ""
            actions.append(
                ListEntry(
                    f"{action.reference} · {action.action}{suffix}",
                    RECORD_PAGES[action.record_type],
                    action.record_id,
                    tooltip=f"{action.reference} {action.record_title}\n{action.action}{suffix}",
                    urgent=action.overdue,
                )
            )
        self.actions_list.set_entries(actions)
        requests = [
            ListEntry(
                f"{row.reference} · {row.requester} — "
                + (
                    ngettext("{days} day overdue", "{days} days overdue", -row.days_left)
                    if row.overdue
                    else ngettext("due in {days} day", "due in {days} days", row.days_left)
                ).format(days=abs(row.days_left)),
                "requests",
                row.id,
                tooltip=row.deadline.text,
                urgent=row.overdue,
            )
            for row in overview.requests_due
        ]
        totals = overview.request_totals
        self.requests_list.set_entries(
            requests,
            _("{open} open of {total}; {late} answered late").format(
                open=totals["open"], total=totals["total"], late=totals["answered_late"]
            ),
        )
        breaches = [
            ListEntry(
                f"{line.reference} · {line.title} — {line.clock}",
                "breaches",
                line.id,
                urgent=line.state == "overdue",
            )
            for line in overview.breaches
        ]
        counts = overview.breach_totals
        self.breaches_list.set_entries(
            breaches,
            _("{total} recorded: {notified} notified, {none} not notifiable").format(
                total=counts["total"], notified=counts["notified"], none=counts["not_notifiable"]
            ),
        )

    # -- behaviour -----------------------------------------------------------------------------

    def _on_findings_record_requested(self, finding: Finding) -> None:
        self.record_requested.emit(record_page(finding), finding.record_id)

    def _on_findings_accept_requested(self, finding: Finding) -> None:
        dialog = AcceptFindingDialog(finding, self)
        if dialog.exec() != AcceptFindingDialog.DialogCode.Accepted:
            return
        self.status_label.setText(_("Storing…"))
        self._session.accept_finding(finding, dialog.justification())

    def _on_findings_reopen_requested(self, finding: Finding) -> None:
        self._session.reopen_finding(finding)

    def _on_clock_timeout(self) -> None:
        if self.isVisible() and not self.loading:
            self.reload()
