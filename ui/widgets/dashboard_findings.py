"""The dashboard's findings, grouped by area: each with its severity, record and message; the
selected one's basis and fix below; Enter or a double-click opens the record, "Accept…" mutes
it with a reason, and the accepted ones can be shown and reopened."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.activity_checks import Severity
from app.i18n import _, ngettext
from app.services.compliance import AreaScore, Finding, area_label
from ui.operations.compliance_operations import DashboardData

# Enough to work through; a workspace with more (10,000 activities) lists the rest in `check`.
MAX_PER_AREA = 200
FINDING_ROLE = Qt.ItemDataRole.UserRole
_ICONS = {
    Severity.ERROR: QStyle.StandardPixmap.SP_MessageBoxCritical,
    Severity.WARNING: QStyle.StandardPixmap.SP_MessageBoxWarning,
    Severity.INFO: QStyle.StandardPixmap.SP_MessageBoxInformation,
}


def severity_label(severity: Severity) -> str:
    return {
        Severity.ERROR: _("Error"),
        Severity.WARNING: _("Warning"),
        Severity.INFO: _("Information"),
    }[severity]


class DashboardFindings(QWidget):
    record_requested = Signal(object)  # Finding: show its record
    accept_requested = Signal(object)  # Finding: ask why, then mute it
    reopen_requested = Signal(object)  # Finding (accepted): count it again

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._findings: list[Finding] = []
        self._data: DashboardData | None = None
        self._collapsed: set[str] = set()
        self._icons = {
            severity: self.style().standardIcon(icon) for severity, icon in _ICONS.items()
        }
        self.tree = QTreeWidget()
        self.tree.setObjectName("findings_tree")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([_("Finding"), _("Record"), _("Basis")])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.tree.setColumnWidth(1, 210)
        self.tree.setColumnWidth(2, 130)
        self.tree.itemActivated.connect(self._on_tree_item_activated)
        self.tree.currentItemChanged.connect(self._on_tree_current_changed)
        self.tree.itemCollapsed.connect(self._on_tree_expansion_changed)
        self.tree.itemExpanded.connect(self._on_tree_expansion_changed)

        self.details = QLabel()
        self.details.setObjectName("finding_details")
        self.details.setTextFormat(Qt.TextFormat.PlainText)  # messages quote user text
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setMinimumHeight(self.fontMetrics().height() * 3)

        self.show_accepted = QCheckBox(_("Show accepted findings"))
        self.show_accepted.setObjectName("show_accepted")
        self.show_accepted.toggled.connect(self._on_show_accepted_toggled)
        self.open_button = QPushButton(_("Open the record"))
        self.open_button.setObjectName("open_record")
        self.open_button.clicked.connect(lambda: self._emit_for_current(self.record_requested))
        self.accept_button = QPushButton(_("Accept…"))
        self.accept_button.setObjectName("accept_finding")
        self.accept_button.setToolTip(_("Accept the finding with a reason (kept in the history)"))
        self.accept_button.clicked.connect(lambda: self._emit_for_current(self.accept_requested))
        self.reopen_button = QPushButton(_("Reopen"))
        self.reopen_button.setObjectName("reopen_finding")
        self.reopen_button.clicked.connect(lambda: self._emit_for_current(self.reopen_requested))
        buttons = QHBoxLayout()
        buttons.addWidget(self.show_accepted)
        buttons.addStretch(1)
        for button in (self.open_button, self.accept_button, self.reopen_button):
            buttons.addWidget(button)

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.tree, 1)
        column.addWidget(self.details)
        column.addLayout(buttons)
        self._update_buttons()

    # -- showing a report ------------------------------------------------------------------

    def show_data(self, data: DashboardData) -> None:
        """Fill the tree, keeping the selected finding and the areas the user folded."""
        wanted = self.current_finding()
        self._data = data
        with_accepted = self.show_accepted.isChecked()
        self._findings = []
        self.tree.clear()
        selected: QTreeWidgetItem | None = None
        for area in data.report.areas:
            open_ = data.by_area.get(area.area, [])
            accepted = data.muted_by_area.get(area.area, [])
            mine = open_ + (accepted if with_accepted else [])
            if not mine:
                continue
            group = QTreeWidgetItem([self._area_text(area, len(accepted))])
            group.setData(0, FINDING_ROLE, area.area.value)
            bold = QFont(group.font(0))
            bold.setBold(True)
            group.setFont(0, bold)
            group.setFirstColumnSpanned(True)
            self.tree.addTopLevelItem(group)
            for finding in mine[:MAX_PER_AREA]:
                self._findings.append(finding)
                item = self._finding_item(len(self._findings) - 1, finding)
                group.addChild(item)
                if wanted is not None and finding.key == wanted.key:
                    selected = item
            if len(mine) > MAX_PER_AREA:
                more = QTreeWidgetItem(
                    [
                        _("… and {count} more: run `check` for the full list").format(
                            count=len(mine) - MAX_PER_AREA
                        )
                    ]
                )
                more.setFlags(Qt.ItemFlag.ItemIsEnabled)
                group.addChild(more)
            group.setExpanded(area.area.value not in self._collapsed)
        if selected is None and self.tree.topLevelItemCount():
            first = self.tree.topLevelItem(0)
            selected = first.child(0) if first.childCount() else first
        self.tree.setCurrentItem(selected)
        self._show_details()

    @staticmethod
    def _area_text(area: AreaScore, accepted: int) -> str:
        parts = [
            ngettext("{count} error", "{count} errors", area.errors).format(count=area.errors),
            ngettext("{count} warning", "{count} warnings", area.warnings).format(
                count=area.warnings
            ),
        ]
        if accepted:
            parts.append(_("{count} accepted").format(count=accepted))
        return f"{area_label(area.area)} — {', '.join(parts)}"

    def _finding_item(self, index: int, finding: Finding) -> QTreeWidgetItem:
        title = f"{severity_label(finding.rule.severity)}: {finding.message}"
        if finding.muted:
            title = _("Accepted: {finding}").format(finding=title)
        item = QTreeWidgetItem([title, finding.record_label, finding.rule.basis])
        item.setData(0, FINDING_ROLE, index)
        item.setIcon(0, self._icons[finding.rule.severity])
        item.setToolTip(0, f"{_(finding.rule.title)}\n{_('How to fix it:')} {_(finding.rule.fix)}")
        item.setToolTip(1, finding.record_label)
        if finding.muted:
            italic = QFont(item.font(0))
            italic.setItalic(True)
            for column in range(3):
                item.setFont(column, italic)
                item.setForeground(column, self.palette().brush(QPalette.ColorRole.PlaceholderText))
        return item

    # -- the selection -----------------------------------------------------------------------

    def current_finding(self) -> Finding | None:
        item = self.tree.currentItem()
        if item is None or item.parent() is None:
            return None
        index = item.data(0, FINDING_ROLE)
        return self._findings[index] if isinstance(index, int) else None

    def items(self) -> list[QTreeWidgetItem]:
        """Every finding's row, in order (for tests and keyboard users' scripts alike)."""
        rows = []
        for top in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(top)
            rows += [group.child(i) for i in range(group.childCount())]
        return [row for row in rows if isinstance(row.data(0, FINDING_ROLE), int)]

    def finding_of(self, item: QTreeWidgetItem) -> Finding | None:
        index = item.data(0, FINDING_ROLE)
        return self._findings[index] if item.parent() and isinstance(index, int) else None

    def _show_details(self) -> None:
        finding = self.current_finding()
        if finding is None:
            self.details.setText(
                _("Select a finding to see why it matters and how to fix it.")
                if self._findings
                else _("No finding: every check passes.")
            )
        else:
            lines = [
                f"{_(finding.rule.title)} ({finding.rule.basis})",
                f"{finding.record_label}: {finding.message}",
                _("How to fix it: {fix}").format(fix=_(finding.rule.fix)),
            ]
            if finding.muted:
                lines.append(_("Accepted because: {reason}").format(reason=finding.mute_reason))
            self.details.setText("\n".join(lines))
        self._update_buttons()

    def _update_buttons(self) -> None:
        finding = self.current_finding()
        self.open_button.setEnabled(finding is not None)
        self.accept_button.setEnabled(finding is not None and not finding.muted)
        self.reopen_button.setEnabled(finding is not None and finding.muted)
        self.reopen_button.setVisible(self.show_accepted.isChecked())

    def _emit_for_current(self, signal: Signal) -> None:
        finding = self.current_finding()
        if finding is not None:
            signal.emit(finding)  # type: ignore[attr-defined]

    def _on_tree_item_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        finding = self.finding_of(item)
        if finding is not None:
            self.record_requested.emit(finding)

    def _on_tree_current_changed(self, *_items: object) -> None:
        self._show_details()

    def _on_tree_expansion_changed(self, item: QTreeWidgetItem) -> None:
        area = item.data(0, FINDING_ROLE)
        if isinstance(area, str):
            (self._collapsed.discard if item.isExpanded() else self._collapsed.add)(area)

    def _on_show_accepted_toggled(self, _checked: bool) -> None:
        if self._data is not None:
            self.show_data(self._data)
        self._update_buttons()
