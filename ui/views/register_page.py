"""The record of processing activities (Art. 30(1)): every activity in a table that stays quick
with 10,000 of them, and the selected one's record below it, edited in place.

The rows are light (no JSON) and read off the GUI thread; the search and the filters only
compare what the table model worked out once per row. Writes go through the session like
everywhere else, so Ctrl+Z undoes them.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from datetime import date
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.i18n import N_, _
from ui.models.activity_filter_proxy import ActivityFilter, ActivityFilterProxy
from ui.models.activity_table_model import (
    ActivityLine,
    ActivityTableModel,
    Column,
    prepare_lines,
)
from ui.operations.session import WorkspaceSession
from ui.tasks import run_task
from ui.views.activity_editor import ActivityEditor
from ui.views.register_export import RegisterExport
from ui.views.register_filters import RegisterFilterBar
from ui.views.workspace_page import WorkspacePage

log = logging.getLogger(__name__)

KIND = "processing_activity"
_IMPORT_DIALOG = "ui.dialogs.import_register_dialog"
_COLUMN_WIDTHS = {
    Column.REFERENCE: 76,
    Column.STATUS: 64,
    Column.OWNER: 118,
    Column.CONTROLLER: 146,
    Column.LEGAL_BASES: 176,
    Column.SPECIAL_DATA: 88,
    Column.TRANSFERS: 72,
    Column.NEXT_REVIEW: 92,
}


class RegisterPage(WorkspacePage):
    page_name = "register"
    title = N_("Register")
    intro = N_(
        "Your record of processing activities (Art. 30(1)). Select an activity to edit it; "
        "the checks above its record say what the law still expects."
    )
    watches = (KIND, "person", "organisation", "vendor", "catalogue_entry")

    rows_loaded = Signal()  # the table shows what the workspace held when it was read
    dpia_requested = Signal(int)  # a screening started (or names) a DPIA: the window opens it

    def __init__(self, session: WorkspaceSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self._selected_id: int | None = None
        self._wanted_id: int | None = None  # to select once the rows that hold it arrive
        self._loading = False
        self._load_again = False
        self._loaded_once = False
        self._focus_wanted = False  # the cursor goes into the wanted activity once it shows

        self.model = ActivityTableModel(self)
        self.proxy = ActivityFilterProxy(self)
        self.proxy.setDynamicSortFilter(False)  # an edited row stays put until the next filter
        self.proxy.setSourceModel(self.model)
        self.table = self._build_table()
        self.editor = ActivityEditor(session)
        self.export = RegisterExport(session, self)

        layout = self.build_page_layout(space_below_header=4)
        self.filter_bar = RegisterFilterBar()
        self.filter_bar.filter_changed.connect(self._on_filter_bar_filter_changed)
        layout.addLayout(self._build_actions())
        layout.addWidget(self.filter_bar)
        self.table_stack = QStackedWidget()
        self.table_stack.addWidget(self.table)
        self.table_stack.addWidget(self._empty_label())
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("register_splitter")
        self.splitter.addWidget(self.table_stack)
        self.editor_panel = self._framed(self.editor)
        self.splitter.addWidget(self.editor_panel)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([250, 380])
        self.splitter.setChildrenCollapsible(False)
        layout.addWidget(self.splitter, 1)

        for keys in ("Ctrl+Shift+N", "Insert"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self._on_new_clicked)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self._on_delete_clicked)
        self._update_actions()

    # -- building ------------------------------------------------------------------------------

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("activities_table")
        table.setModel(self.proxy)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setSortingEnabled(True)
        table.sortByColumn(Column.REFERENCE, Qt.SortOrder.AscendingOrder)
        rows = table.verticalHeader()
        rows.hide()
        # Fixed heights: the view never measures 10,000 rows.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(max(24, table.fontMetrics().height() + 10))
        header = table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setHighlightSections(False)
        header.setMinimumSectionSize(48)
        for column, width in _COLUMN_WIDTHS.items():
            table.setColumnWidth(column, width)
        header.setSectionResizeMode(Column.NAME, QHeaderView.ResizeMode.Stretch)
        table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)
        table.activated.connect(self._on_table_activated)
        table.doubleClicked.connect(self._on_table_activated)
        return table

    def _build_actions(self) -> QHBoxLayout:
        self.new_button = QPushButton(_("New activity"))
        self.new_button.setObjectName("new_activity")
        self.new_button.setToolTip(_("Add a draft activity (Ctrl+Shift+N or Insert)"))
        self.new_button.clicked.connect(self._on_new_clicked)
        self.duplicate_button = QPushButton(_("Duplicate"))
        self.duplicate_button.setObjectName("duplicate_activity")
        self.duplicate_button.setToolTip(_("A draft copy of the selected activity"))
        self.duplicate_button.clicked.connect(self._on_duplicate_clicked)
        self.delete_button = QPushButton(_("Delete…"))
        self.delete_button.setObjectName("delete_activity")
        self.delete_button.clicked.connect(self._on_delete_clicked)
        self.screen_button = QPushButton(_("Screen for DPIA…"))
        self.screen_button.setObjectName("screen_activity")
        self.screen_button.setToolTip(_("Does the selected activity need a DPIA (Art. 35)?"))
        self.screen_button.clicked.connect(self._on_screen_clicked)
        self.import_button = QPushButton(_("Import…"))
        self.import_button.setObjectName("import_register")
        self.import_button.clicked.connect(self._on_import_clicked)
        if importlib.util.find_spec(_IMPORT_DIALOG) is None:
            self.import_button.setEnabled(False)
            self.import_button.setToolTip(_("Importing is not available in this version."))
        else:
            self.import_button.setToolTip(_("Add activities from a file (XLSX, CSV, JSON)"))
        row = QHBoxLayout()
        row.setSpacing(6)
        row.addWidget(self.new_button)
        row.addWidget(self.duplicate_button)
        row.addWidget(self.delete_button)
        row.addWidget(self.screen_button)
        row.addSpacing(14)
        row.addWidget(self.filter_bar.count_label)
        row.addStretch(1)
        row.addWidget(self.export.progress_bar)
        row.addWidget(self.export.status_label)
        row.addWidget(self.import_button)
        row.addWidget(self.export.button)
        return row

    def _empty_label(self) -> QLabel:
        label = QLabel(
            _(
                "No activities yet.\nAdd the first with New activity, or bring your "
                "existing register in with Import…"
            )
        )
        label.setObjectName("register_empty")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        label.setFrameShape(QFrame.Shape.StyledPanel)
        label.setBackgroundRole(QPalette.ColorRole.Base)
        label.setAutoFillBackground(True)
        return label

    @staticmethod
    def _framed(editor: QWidget) -> QWidget:
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 10, 0, 0)
        column.addWidget(editor)
        return holder

    # -- the page contract ---------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        """Rows are being read; the table shows the previous ones meanwhile."""
        return self._loading

    def refresh(self) -> None:
        self.filter_bar.set_people([(person.id, person.label) for person in self._session.team()])
        self._load_rows()
        self.editor.refresh()
        self._update_actions()

    def selected_id(self) -> int | None:
        return self._selected_id

    def open_activity(self, activity_id: int) -> None:
        """Select an activity (clearing filters that hide it) and put the cursor in its
        record; if its row is still being read, as soon as it arrives."""
        self._wanted_id = activity_id
        self._focus_wanted = True
        self._restore_selection()

    def show_record(self, activity_id: int) -> None:
        """Select an activity another page points at (the dashboard's findings)."""
        self.open_activity(activity_id)

    def clear_filters(self) -> None:
        self.filter_bar.clear()

    # -- reading the rows ------------------------------------------------------------------------

    def _load_rows(self) -> None:
        if self._loading:
            self._load_again = True  # one more read once this one is in
            return
        self._loading = True
        session = self._session

        def work(_progress: Any) -> list[ActivityLine]:
            return prepare_lines(session.activity_rows(), date.today())

        run_task(work, on_done=self._on_rows_read, on_error=self._on_rows_failed)

    def _on_rows_read(self, lines: Any) -> None:
        if not isValid(self):
            return
        self._loading = False
        self.model.set_lines(lines)
        self._loaded_once = True
        if self._load_again:
            self._load_again = False
            self._load_rows()
        self._after_rows_changed()
        if not self._loading:
            self._wanted_id = None  # it never arrived: deleted meanwhile
            self._focus_wanted = False
            self.rows_loaded.emit()

    def _on_rows_failed(self, error: BaseException) -> None:
        if not isValid(self):
            return
        self._loading = False
        log.error("could not read the register", exc_info=error)
        self.filter_bar.set_message(
            _("The register could not be read: {error}").format(error=error)
        )

    # -- filtering and selection -------------------------------------------------------------------

    def _on_filter_bar_filter_changed(self, activity_filter: ActivityFilter) -> None:
        self.proxy.set_activity_filter(activity_filter)
        self._after_rows_changed()

    def _after_rows_changed(self) -> None:
        self._restore_selection()
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        self.filter_bar.set_count(shown, total)
        self.table_stack.setCurrentIndex(0 if total or not self._loaded_once else 1)
        self.editor_panel.setVisible(total > 0 or not self._loaded_once)
        self.editor.set_placeholder(
            _("No activity matches the search and the filters.")
            if total
            else _("Select an activity to see and edit its record.")
        )

    def _proxy_row(self, activity_id: int | None) -> int:
        source_row = self.model.row_of(activity_id)
        if source_row < 0:
            return -1
        return self.proxy.mapFromSource(self.model.index(source_row, 0)).row()

    def _restore_selection(self) -> None:
        """Select the activity asked for once its row is in; else keep the selected one, or
        take the first."""
        wanted = self._wanted_id
        if wanted is not None and self.model.row_of(wanted) >= 0:
            if self._proxy_row(wanted) < 0:
                self.filter_bar.clear()  # it comes back here, with the activity in sight
                return
            self._wanted_id = None
            self._select_proxy_row(self._proxy_row(wanted))
            if self._focus_wanted:
                self._focus_wanted = False
                self.editor.focus_field("name")
            return
        row = self._proxy_row(self._selected_id)
        if row < 0:
            row = 0 if self.proxy.rowCount() else -1
        self._select_proxy_row(row)

    def _select_proxy_row(self, row: int) -> None:
        if row < 0:
            self.table.selectionModel().clear()
            self._show(None)
            return
        index = self.proxy.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        self._show(self._id_at(index))

    def _id_at(self, index: QModelIndex) -> int | None:
        row = self.model.activity_at(self.proxy.mapToSource(index).row())
        return row.id if row is not None else None

    def _show(self, activity_id: int | None) -> None:
        if activity_id != self._selected_id or activity_id != self.editor.activity_id():
            self._selected_id = activity_id
            self.editor.show_activity(activity_id)
        self._update_actions()

    def _on_table_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._show(self._id_at(current))

    def _on_table_activated(self, index: QModelIndex) -> None:
        self._show(self._id_at(index))
        self.editor.focus_field("name")

    def _update_actions(self) -> None:
        has_one = self._selected_id is not None
        self.duplicate_button.setEnabled(has_one)
        self.delete_button.setEnabled(has_one)
        self.screen_button.setEnabled(has_one)

    # -- actions -------------------------------------------------------------------------------

    def _open_created(self, result: Any) -> None:
        """A new activity (or copy): selected, its name ready to be typed over."""
        if isValid(self):
            self.open_activity(result.record.id)

    def _on_new_clicked(self) -> None:
        self._session.add_activity({"name": _("New activity")}, on_done=self._open_created)

    def _on_duplicate_clicked(self) -> None:
        if self._selected_id is not None:
            self._session.duplicate_activity(self._selected_id, self._open_created)

    def _on_delete_clicked(self) -> None:
        record = self.editor.record()
        if record is None or record.id != self._selected_id:
            return
        if self._confirm_deletion(
            _("Delete activity"),
            _("Delete the activity {reference} “{name}”?").format(
                reference=record["reference"], name=record["name"]
            ),
            _("The deletion is recorded in the history and can be undone (Ctrl+Z)."),
            _("Delete"),
        ):
            self._session.delete_record(KIND, record.id)

    def _on_import_clicked(self) -> None:
        try:
            module = importlib.import_module(_IMPORT_DIALOG)
        except ImportError:
            return
        dialog = module.ImportRegisterDialog(self._session, self)
        dialog.exec()
        self.reload()

    def _on_screen_clicked(self) -> None:
        if self._selected_id is None:
            return
        from ui.dialogs.screening_dialog import ScreeningDialog

        self.screening_dialog = ScreeningDialog(self._session, self._selected_id, self)
        self.screening_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.screening_dialog.dpia_started.connect(self.dpia_requested)
        self.screening_dialog.open()
