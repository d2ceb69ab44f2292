"""A list of structured entries (purposes, data categories, recipients, transfers,
sub-processors) edited in a table, one row per entry, one column per item field.

Each finished cell checks the whole list with the field's own rule (`FieldSpec.clean`): a
mistake is explained under the table and nothing is sent; otherwise the cleaned list goes out
in `items_edited`. A row just added is a draft until its required columns are filled in, and
drafts are left out of what is sent, so filling a new row in is never an error.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.fields import FieldSpec
from app.errors import FieldError
from app.i18n import _, ngettext
from ui.models.items_table_model import (
    ColumnKind,
    ItemColumn,
    ItemsTableModel,
    is_empty,
    item_columns,
    new_row,
)
from ui.widgets.choice_box import country_item, missing_label
from ui.widgets.entries_table import EDIT_TRIGGERS, EntriesTable
from ui.widgets.item_delegate import ItemDelegate, choice_label

ChoicesFor = Callable[[str], Sequence[tuple[Any, str]]]
ERROR_COLOUR = "#c62828"  # as every form field's message (RecordForm)


class ItemsEditor(QWidget):
    """The entries of `spec` (an ITEMS field) in a table with Add, Remove and Move buttons.

    `choices_for("field.column")` gives the (value, label) options of a column: vendors for
    "recipients.vendor_id", the record's purposes for "data_categories.purpose_keys",
    catalogue suggestions for "data_categories.category"; [] when it has none.
    """

    items_edited = Signal(list)  # the whole list, cleaned, after each finished edit

    def __init__(
        self, spec: FieldSpec, choices_for: ChoicesFor | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        assert spec.item_model is not None
        self._spec = spec
        self._choices_for = choices_for
        self._labels: dict[str, dict[Any, str]] = {}  # column -> value -> label, for display
        self._read_only = False
        self._model = ItemsTableModel(item_columns(spec.item_model), self._label, self)
        self._table = EntriesTable(_("None yet. Click Add to add one."))
        self._table.setObjectName("entries_table")
        self._table.setModel(self._model)
        self._table.setItemDelegate(ItemDelegate(self._options, self._table))
        self._table.fit_columns()

        self._add = self._button(_("Add"), "add_item", _("Add an entry at the end"))
        self._remove = self._button(
            _("Remove"), "remove_items", _("Remove the selected entries (Delete)")
        )
        self._up = self._button(_("Move up"), "move_item_up", _("Move the entry up"))
        self._down = self._button(_("Move down"), "move_item_down", _("Move the entry down"))
        self._hint = QLabel()
        self._hint.setObjectName("items_hint")
        self._hint.setWordWrap(True)
        self._hint.hide()
        self.error_label = QLabel()
        self.error_label.setObjectName("items_error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.error_label.hide()

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self._add, self._remove, self._up, self._down):
            buttons.addWidget(button)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(self._table)
        column.addLayout(buttons)
        column.addWidget(self._hint)
        column.addWidget(self.error_label)
        self.setFocusProxy(self._table)

        self._add.clicked.connect(self._on_add_clicked)
        self._remove.clicked.connect(self._on_remove_clicked)
        self._up.clicked.connect(self._on_up_clicked)
        self._down.clicked.connect(self._on_down_clicked)
        self._table.delete_pressed.connect(self._on_remove_clicked)
        self._model.cell_edited.connect(self._on_model_cell_edited)
        self._model.modelReset.connect(self._on_model_rows_changed)
        self._model.rowsInserted.connect(self._on_model_rows_changed)
        self._model.rowsRemoved.connect(self._on_model_rows_changed)
        self._table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self._on_table_selection_changed()

    # -- public API ----------------------------------------------------------------------------

    def items(self) -> list[dict[str, Any]]:
        """The entries to store: every row except new ones still being filled in."""
        return [self._model.row(r) for r in range(self._model.rowCount()) if not self._pending(r)]

    def all_items(self) -> list[dict[str, Any]]:
        """Every row, new ones included, as checked: a dialog that creates the record reports
        an unfinished row ("entry 3, Legal basis: is required") instead of dropping it."""
        return [self._for_checking(row) for row in self._model.rows()]

    def set_items(self, items: Sequence[dict[str, Any]] | None) -> None:
        """Show `items` (emits nothing); drafts and messages are dropped."""
        items = [dict(item) for item in items or []]
        self._clear_error()
        if not self._model.has_pending() and items == self._model.rows():
            return  # the list just saved comes back: keep the current cell and any open editor
        self.refresh_choices()
        self._model.set_rows(items)
        self._table.fit_columns()
        self._update_hint()

    def has_drafts(self) -> bool:
        """A new row is being filled in."""
        return self._model.has_pending()

    def error_text(self) -> str:
        return self.error_label.text() if not self.error_label.isHidden() else ""

    def hint_text(self) -> str:
        return self._hint.text() if not self._hint.isHidden() else ""

    def model(self) -> ItemsTableModel:
        return self._model

    def view(self) -> QTableView:
        return self._table

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        triggers = QAbstractItemView.EditTrigger.NoEditTriggers
        self._table.setEditTriggers(triggers if read_only else EDIT_TRIGGERS)
        self._add.setEnabled(not read_only)
        self._on_table_selection_changed()

    def refresh_choices(self) -> None:
        """Ask again for the labels of referenced values (vendors, purposes) and repaint."""
        self._labels = {}
        for column in self._model.columns():
            if column.kind in (ColumnKind.REFERENCE, ColumnKind.KEYS):
                self._options(column)
        self._model.refresh_labels()

    # -- labels and options --------------------------------------------------------------------

    def _options(self, column: ItemColumn) -> list[tuple[Any, str]]:
        options = (
            list(self._choices_for(f"{self._spec.name}.{column.name}")) if self._choices_for else []
        )
        self._labels[column.name] = dict(options)
        return options

    def _label(self, column: ItemColumn, value: Any) -> str:
        if is_empty(value):
            return ""
        if column.kind is ColumnKind.CHOICE:
            return choice_label(column, value)
        if column.kind is ColumnKind.COUNTRY:
            return country_item(str(value)) if len(str(value)) == 2 else str(value)
        if column.kind in (ColumnKind.REFERENCE, ColumnKind.KEYS):
            labels = self._labels.get(column.name)
            if labels is None:
                labels = dict(self._options(column))
            values = value if isinstance(value, list) else [value]
            return "; ".join(labels.get(v) or missing_label(v) for v in values)
        return str(value)

    # -- behaviour -----------------------------------------------------------------------------

    def _button(self, text: str, name: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setToolTip(tip)
        return button

    def _pending(self, row: int) -> bool:
        return self._model.is_pending(row)

    def _commit(self) -> None:
        positions = [r for r in range(self._model.rowCount()) if not self._pending(r)]
        rows = [self._for_checking(self._model.row(r)) for r in positions]
        try:
            cleaned = self._spec.clean(rows)
        except FieldError as error:
            self._show_error(self._numbered_as_shown(str(error), rows, positions))
            self._update_hint()
            return
        self._model.adopt(positions, cleaned)
        self._clear_error()
        self._update_hint()
        self.items_edited.emit(cleaned)

    def _for_checking(self, row: dict[str, Any]) -> dict[str, Any]:
        # An emptied required column is reported as "is required", not as a too-short text.
        required = {c.name for c in self._model.columns() if c.required}
        return {k: v for k, v in row.items() if not (k in required and is_empty(v))}

    def _numbered_as_shown(
        self, message: str, rows: list[dict[str, Any]], positions: list[int]
    ) -> str:
        """The message with the entry numbered as in the table, where drafts left out before
        the wrong row would otherwise shift it."""
        assert self._spec.item_model is not None
        for checked, row in enumerate(rows):
            try:
                self._spec.item_model.model_validate(row)
            except ValueError:
                counted, shown = checked + 1, positions[checked] + 1
                if counted != shown:
                    template = _("entry {position}, {problem}")
                    message = message.replace(
                        template.format(position=counted, problem=""),
                        template.format(position=shown, problem=""),
                        1,
                    )
                break
        return message

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def _clear_error(self) -> None:
        self.error_label.clear()
        self.error_label.hide()

    def _update_hint(self) -> None:
        for row in range(self._model.rowCount()):
            if self._pending(row):
                missing = [_(column.title) for column in self._model.missing_columns(row)]
                self._hint.setText(
                    ngettext(
                        "Entry {position} is saved once you fill in the {columns} column.",
                        "Entry {position} is saved once you fill in the {columns} columns.",
                        len(missing),
                    ).format(position=row + 1, columns=", ".join(missing))
                )
                self._hint.show()
                return
        self._hint.clear()
        self._hint.hide()

    def _selected_rows(self) -> list[int]:
        return sorted({index.row() for index in self._table.selectionModel().selectedIndexes()})

    def _select(self, row: int, column: int) -> None:
        index = self._model.index(row, column)
        self._table.setCurrentIndex(index)
        self._table.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self._table.scrollTo(index)

    def _on_add_clicked(self) -> None:
        assert self._spec.item_model is not None
        row = self._model.append_draft(new_row(self._spec.item_model))
        first_missing = next(iter(self._model.missing_columns(row)), None)
        column = self._model.column_index(first_missing.name) if first_missing else 0
        self._select(row, column)
        self._update_hint()
        if first_missing is None:
            self._commit()  # nothing to fill in: the defaults make a whole entry
        self._table.setFocus()
        self._table.edit(self._model.index(row, column))

    def _on_remove_clicked(self) -> None:
        rows = self._selected_rows()
        if self._read_only or not rows:
            return
        self._model.remove_rows(rows)
        if self._model.rowCount():
            self._select(
                min(rows[0], self._model.rowCount() - 1), self._table.currentIndex().column()
            )
        self._commit()

    def _on_up_clicked(self) -> None:
        self._move(-1)

    def _on_down_clicked(self) -> None:
        self._move(1)

    def _move(self, offset: int) -> None:
        rows = self._selected_rows()
        if self._read_only or len(rows) != 1:
            return
        column = max(0, self._table.currentIndex().column())
        target = self._model.move_row(rows[0], offset)
        self._select(target, column)
        self._commit()

    def _on_model_cell_edited(self, _row: int, _column: str) -> None:
        self._commit()

    def _on_model_rows_changed(self, *_args: Any) -> None:
        self._table.updateGeometry()
        self._on_table_selection_changed()

    def _on_table_selection_changed(self, *_args: Any) -> None:
        rows = self._selected_rows()
        editable = not self._read_only
        self._remove.setEnabled(editable and bool(rows))
        self._up.setEnabled(editable and len(rows) == 1 and rows[0] > 0)
        self._down.setEnabled(editable and len(rows) == 1 and rows[0] < self._model.rowCount() - 1)
