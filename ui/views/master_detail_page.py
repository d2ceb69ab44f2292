"""What the master/detail pages share: a searchable table of records above, the selected
record below; the selection, kept by record key across reloads and searches, and the
record form, built when the first record is shown so that opening a workspace stays quick."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.operations.session import WorkspaceSession
from ui.views.workspace_page import WorkspacePage
from ui.widgets.record_form import RecordForm


def placeholder_label(text: str, *, framed: bool = False) -> QLabel:
    """The grey text shown where a table or the details are empty."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    label.setMargin(24)
    if framed:
        label.setFrameShape(QFrame.Shape.StyledPanel)
        label.setBackgroundRole(QPalette.ColorRole.Base)
        label.setAutoFillBackground(True)
    return label


class MasterDetailPage(WorkspacePage):
    """A page with `model` (rows with `row_of(key)`), `proxy`, `table` and `search`. Subclasses
    build their widgets with the helpers below and implement `_record_at()` (a model row's
    record), `_show()` and, if they have one, `_make_form()`."""

    model: Any
    proxy: QSortFilterProxyModel
    table: QTableView
    search: QLineEdit
    form_area: QScrollArea
    details_stack: QStackedWidget

    def __init__(self, session: WorkspaceSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self._selected_id: Any = None
        self._form: RecordForm | None = None  # built when the first record is shown

    # -- building ------------------------------------------------------------------------------

    def _new_table(
        self,
        object_name: str,
        *,
        sort_column: int,
        stretch_column: int,
        column_widths: Mapping[int, int],
        edit_triggers: QAbstractItemView.EditTrigger = QAbstractItemView.EditTrigger.NoEditTriggers,
        row_height: tuple[int, int] = (24, 10),  # at least, and above the font's height
    ) -> QTableView:
        table = QTableView()
        table.setObjectName(object_name)
        table.setModel(self.proxy)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(edit_triggers)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setSortingEnabled(True)
        table.sortByColumn(sort_column, Qt.SortOrder.AscendingOrder)
        rows = table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        least, padding = row_height
        rows.setDefaultSectionSize(max(least, table.fontMetrics().height() + padding))
        header = table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setHighlightSections(False)
        for column, width in column_widths.items():
            table.setColumnWidth(column, width)
        header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
        table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)
        return table

    @staticmethod
    def _new_search(
        object_name: str, placeholder: str, on_changed: Callable[..., None]
    ) -> QLineEdit:
        search = QLineEdit()
        search.setObjectName(object_name)
        search.setPlaceholderText(placeholder)
        search.setClearButtonEnabled(True)
        search.textChanged.connect(on_changed)
        return search

    def _new_form_area(self) -> QScrollArea:
        self.form_area = QScrollArea()
        self.form_area.setWidgetResizable(True)
        self.form_area.setFrameShape(QFrame.Shape.NoFrame)
        return self.form_area

    @property
    def form(self) -> RecordForm:
        if self._form is None:
            self._form = self._make_form()
            self._form.field_edited.connect(self._on_form_field_edited)
            holder = QWidget()
            column = QVBoxLayout(holder)
            column.setContentsMargins(0, 0, 12, 12)
            column.addWidget(self._form)
            self.form_area.setWidget(holder)
        return self._form

    def _make_form(self) -> RecordForm:
        raise NotImplementedError

    def _on_form_field_edited(self, changes: dict[str, Any]) -> None:
        raise NotImplementedError

    # -- the selection -------------------------------------------------------------------------

    def selected(self) -> Any:
        return self._record_at(self.model.row_of(self._selected_id))

    def _record_at(self, source_row: int) -> Any:
        """The record in this row of the model, or None."""
        raise NotImplementedError

    def _record_key(self, record: Any) -> Any:
        return record.id

    def _show(self, key: Any) -> None:
        """Show the record with this key (None: no record) below the table."""
        raise NotImplementedError

    def _proxy_row(self, key: Any) -> int:
        source_row = self.model.row_of(key)
        if source_row < 0:
            return -1
        return self.proxy.mapFromSource(self.model.index(source_row, 0)).row()

    def _id_at(self, proxy_row: int) -> Any:
        if proxy_row < 0:
            return None
        source_row = self.proxy.mapToSource(self.proxy.index(proxy_row, 0)).row()
        record = self._record_at(source_row)
        return self._record_key(record) if record is not None else None

    def _keep_selection(self) -> None:
        """After the rows changed: select the same record again, else the first one shown."""
        row = self._proxy_row(self._selected_id)
        if row < 0 and self.proxy.rowCount():
            row = 0
        self._select_proxy_row(row)

    def _select_proxy_row(self, row: int) -> None:
        if row >= 0:
            index = self.proxy.index(row, 0)
            self.table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.scrollTo(index)
        else:
            self.table.selectionModel().clear()
        self._show(self._id_at(row))

    def _on_table_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            key = self._id_at(current.row())
            if key != self._selected_id:
                self._show(key)

    def _show_no_record(self) -> None:
        if self._form is not None:
            self._form.set_record(None)
        self.details_stack.setCurrentIndex(1)

    def focus_field(self, name: str) -> None:
        """Scroll to a field and put the cursor in it, ready to be typed over."""
        editor = self.form.editor(name)
        editor.setFocus(Qt.FocusReason.OtherFocusReason)
        QTimer.singleShot(0, self, lambda: self.form_area.ensureWidgetVisible(editor, 0, 60))
        if isinstance(editor, QLineEdit):
            editor.selectAll()
