"""The audit trail: every change, who made it, when, and the value before and after.

Accountability (Art. 5(2)) asks an organisation to show its work; this page is that record,
read-only, searchable, newest first.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, QSortFilterProxyModel, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QTableView,
    QWidget,
)

from app.i18n import N_, _, ngettext
from ui.models.history_table_model import (
    FIELD,
    NEW,
    OLD,
    RECORD,
    WHEN,
    WHO,
    HistoryTableModel,
)
from ui.operations.session import WorkspaceSession
from ui.views.workspace_page import ANY_RECORD_TYPE, WorkspacePage

COLUMN_WIDTHS = {WHEN: 118, WHO: 80, RECORD: 200, FIELD: 130, OLD: 140, NEW: 140}


class HistoryPage(WorkspacePage):
    page_name = "history"
    title = N_("History")
    intro = N_(
        "Every change made in this workspace: who made it, when, and the value "
        "before and after. It shows your accountability (Art. 5(2)) and cannot "
        "be edited; undo adds a new change rather than erasing one."
    )
    watches = (ANY_RECORD_TYPE,)  # every change adds a line

    def __init__(self, session: WorkspaceSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)

        self.search = QLineEdit()
        self.search.setObjectName("history_search")
        self.search.setPlaceholderText(_("Search by person, record, field or value…"))
        self.search.setClearButtonEnabled(True)
        self.search.setMaximumWidth(420)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.count_label = QLabel()
        self.count_label.setObjectName("history_count")
        self.count_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addSpacing(12)
        bar.addWidget(self.count_label)
        bar.addStretch(1)

        self.model = HistoryTableModel(session, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)  # a match in any column
        for signal in (
            self.proxy.modelReset,
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
            self.proxy.layoutChanged,
        ):
            signal.connect(self._update_count)

        self.table = QTableView()
        self.table.setObjectName("history_table")
        self.table.setModel(self.proxy)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in COLUMN_WIDTHS.items():
            self.table.setColumnWidth(column, width)
        self.empty_label = QLabel(
            _("No changes recorded yet. Every edit you make will be listed here.")
        )
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.empty_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.empty_label.setBackgroundRole(QPalette.ColorRole.Base)
        self.empty_label.setAutoFillBackground(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_label)

        layout = self.build_page_layout()
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)

    # -- the page contract ---------------------------------------------------------------------

    def refresh(self) -> None:
        self.model.reload()
        self.stack.setCurrentIndex(0 if self.model.total else 1)
        self._update_count()

    # -- behaviour -----------------------------------------------------------------------------

    def _on_search_text_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self._update_count()

    def _update_count(self) -> None:
        total = self.model.total
        text = ngettext("{count} change recorded", "{count} changes recorded", total).format(
            count=QLocale().toString(total)
        )
        if self.search.text().strip():
            shown = self.proxy.rowCount()
            text += " · " + ngettext(
                "{count} matching change", "{count} matching changes", shown
            ).format(count=QLocale().toString(shown))
        self.count_label.setText(text)
