"""Page 3 of the collection-plan wizard: why the data is needed. Each purpose gets its legal
basis through a few questions; then a grid says which purposes each piece of data serves, or
that it will not be collected after all."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.collection_plan import Decision
from app.domain.legal_bases import BASES_NEEDING_LAW, LegalBasis
from app.domain.plan_rules import PlanStep
from app.domain.register_items import DataKind
from app.i18n import N_, _
from ui.operations.session import WorkspaceSession
from ui.wizards.data_page import kind_text
from ui.wizards.plan_page import PlanPage, heading_label, help_label
from ui.wizards.purpose_editor import PurposeEditor, basis_label, new_purpose

_KEY_ROLE = Qt.ItemDataRole.UserRole
NOT_COLLECTED = "__remove__"  # the grid's last column: decided not to collect


def purpose_title(purpose: Mapping[str, Any]) -> str:
    return str(purpose.get("purpose") or "") or _("(new purpose)")


class PurposesPage(PlanPage):
    step = PlanStep.PURPOSES
    title_text = N_("Purposes and legal bases")
    subtitle_text = N_(
        "Say why you need the data. Each purpose needs a legal basis; the questions help you "
        "find it and say what it means for you."
    )
    owned_fields = ("purposes",)
    scrolls = False

    def __init__(self, session: WorkspaceSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self._purposes: list[dict[str, Any]] = []
        self._data: list[dict[str, Any]] = []

        self.purpose_list = QListWidget()
        self.purpose_list.setObjectName("purposes_list")
        self.purpose_list.setWordWrap(True)
        self.purpose_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.purpose_list.currentRowChanged.connect(self._on_purpose_list_row_changed)
        self.add_button = QPushButton(_("Add a &purpose"))
        self.add_button.setObjectName("add_purpose")
        self.add_button.clicked.connect(self.add_purpose)
        self.remove_button = QPushButton(_("&Remove purpose"))
        self.remove_button.setObjectName("remove_purpose")
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.editor = PurposeEditor()
        self.editor.purpose_edited.connect(self._on_editor_purpose_edited)
        self.editor_area = editor_area = QScrollArea()
        editor_area.setWidgetResizable(True)
        editor_area.setFrameShape(QFrame.Shape.NoFrame)
        holder = QWidget()
        holder_column = QVBoxLayout(holder)
        holder_column.setContentsMargins(0, 0, 8, 0)
        holder_column.addWidget(self.editor)
        editor_area.setWidget(holder)
        self.editor_stack = QStackedWidget()
        self.editor_stack.addWidget(editor_area)
        placeholder = QLabel(_("Add a purpose: why do you need the data?"))
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        placeholder.setWordWrap(True)
        self.editor_stack.addWidget(placeholder)

        self.grid = QTableWidget()
        self.grid.setObjectName("purpose_grid")
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.grid.itemChanged.connect(self._on_grid_item_changed)

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addWidget(heading_label(_("Purposes")))
        left_column.addWidget(self.purpose_list, 1)
        left_column.addLayout(buttons)
        top = QWidget()
        top_row = QHBoxLayout(top)
        top_row.setContentsMargins(0, 0, 0, 0)
        top_row.addWidget(left, 2)
        top_row.addSpacing(8)
        top_row.addWidget(self.editor_stack, 5)
        bottom = QWidget()
        bottom_column = QVBoxLayout(bottom)
        bottom_column.setContentsMargins(0, 6, 0, 0)
        bottom_column.addWidget(
            heading_label(_("&Used for: tick the purposes each piece of data serves"), self.grid)
        )
        bottom_column.addWidget(
            help_label(
                _(
                    "Space ticks the selected box. Data that serves no purpose must not be "
                    "collected: tick “Do not collect” for it."
                )
            )
        )
        bottom_column.addWidget(self.grid, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.content.addWidget(splitter, 1)

    # -- load and store ------------------------------------------------------------------------

    def load(self, values: Mapping[str, Any]) -> None:
        self._purposes = [dict(p) for p in values.get("purposes") or []]
        self._data = [dict(d) for d in values.get("data") or []]
        with QSignalBlocker(self.purpose_list):
            self.purpose_list.clear()
            for purpose in self._purposes:
                self.purpose_list.addItem(self._list_item(purpose))
        self._rebuild_grid()
        self._select(0 if self._purposes else -1)

    def store(self, values: dict[str, Any]) -> None:
        served: dict[str, set[str]] = {p["key"]: set() for p in self._purposes}
        for item in self._data:
            if item.get("decision", Decision.KEEP) == Decision.KEEP:
                for key in item.get("purpose_keys") or []:
                    served.setdefault(key, set()).add(str(item.get("kind")))
        purposes = []
        for purpose in self._purposes:
            kinds = served.get(purpose["key"], set())
            # What the basis and the data no longer call for is not kept (nor sent on to the
            # register entry).
            cleaned = dict(purpose)
            if cleaned.get("basis") not in BASES_NEEDING_LAW:
                cleaned["basis_reference"] = ""
            if cleaned.get("basis") != LegalBasis.LEGITIMATE_INTERESTS:
                cleaned["legitimate_interest"] = ""
            if DataKind.SPECIAL not in kinds:
                cleaned["art9_condition"] = None
            if DataKind.CRIMINAL not in kinds:
                cleaned["art10_basis"] = ""
            purposes.append(cleaned)
        values["purposes"] = purposes
        by_key = {item["key"]: item for item in self._data}
        for item in values.get("data") or []:
            mine = by_key.get(item.get("key"))
            if mine is not None:
                item["purpose_keys"] = list(mine.get("purpose_keys") or [])
                item["decision"] = mine.get("decision", Decision.KEEP)

    def focus_problem(self, field: str) -> None:
        for row, purpose in enumerate(self._purposes):
            special, criminal = self._kinds_serving(purpose["key"])
            basis = purpose.get("basis")
            editor = self.editor
            missing = [
                (not purpose.get("purpose"), editor.text_edit),
                (not basis, editor.questions[next(iter(editor.questions))]),
                (
                    basis in BASES_NEEDING_LAW and not purpose.get("basis_reference"),
                    editor.law_edit,
                ),
                (
                    basis == LegalBasis.LEGITIMATE_INTERESTS
                    and not purpose.get("legitimate_interest"),
                    editor.interest_edit,
                ),
                (special and not purpose.get("art9_condition"), editor.art9_box),
                (criminal and not purpose.get("art10_basis"), editor.art10_edit),
            ]
            widget = next((widget for wrong, widget in missing if wrong), None)
            if widget is not None:
                self._select(row)
                self.editor_area.ensureWidgetVisible(widget)
                widget.setFocus()
                return
        (self.grid if self._data and self._purposes else self.add_button).setFocus()

    # -- purposes ------------------------------------------------------------------------------

    def purposes(self) -> list[dict[str, Any]]:
        return [dict(p) for p in self._purposes]

    def add_purpose(self) -> None:
        purpose = new_purpose()
        self._purposes.append(purpose)
        self.purpose_list.addItem(self._list_item(purpose))
        self._rebuild_grid()
        self._select(len(self._purposes) - 1)
        self.editor.text_edit.setFocus()

    def _on_remove_clicked(self) -> None:
        row = self.purpose_list.currentRow()
        if not 0 <= row < len(self._purposes):
            return
        key = self._purposes.pop(row)["key"]
        for item in self._data:
            item["purpose_keys"] = [k for k in item.get("purpose_keys") or [] if k != key]
        self.purpose_list.takeItem(row)
        self._rebuild_grid()
        self._select(min(row, len(self._purposes) - 1))

    def _list_item(self, purpose: Mapping[str, Any]) -> QListWidgetItem:
        item = QListWidgetItem()
        item.setData(_KEY_ROLE, purpose["key"])
        self._label_item(item, purpose)
        return item

    @staticmethod
    def _label_item(item: QListWidgetItem, purpose: Mapping[str, Any]) -> None:
        basis = basis_label(purpose.get("basis")) or _("no legal basis yet")
        item.setText(f"{purpose_title(purpose)}\n    {basis}")

    def _select(self, row: int) -> None:
        with QSignalBlocker(self.purpose_list):
            self.purpose_list.setCurrentRow(row)
        self._show_purpose(row)

    def _on_purpose_list_row_changed(self, row: int) -> None:
        self._show_purpose(row)

    def _show_purpose(self, row: int) -> None:
        self.remove_button.setEnabled(0 <= row < len(self._purposes))
        if not 0 <= row < len(self._purposes):
            self.editor_stack.setCurrentIndex(1)
            return
        self.editor_stack.setCurrentIndex(0)
        purpose = self._purposes[row]
        special, criminal = self._kinds_serving(purpose["key"])
        self.editor.set_purpose(purpose, special=special, criminal=criminal)

    def _kinds_serving(self, key: str) -> tuple[bool, bool]:
        kinds = {
            item.get("kind")
            for item in self._data
            if key in (item.get("purpose_keys") or [])
            and item.get("decision", Decision.KEEP) == Decision.KEEP
        }
        return DataKind.SPECIAL in kinds, DataKind.CRIMINAL in kinds

    def _on_editor_purpose_edited(self, key: str) -> None:
        for row, purpose in enumerate(self._purposes):
            if purpose["key"] == key:
                item = self.purpose_list.item(row)
                if item is not None:
                    self._label_item(item, purpose)
                header = self.grid.horizontalHeaderItem(row)
                if header is not None:
                    header.setText(self._short(purpose_title(purpose)))
                    header.setToolTip(purpose_title(purpose))

    # -- the grid ------------------------------------------------------------------------------

    @staticmethod
    def _short(text: str, limit: int = 22) -> str:
        return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"

    def _rebuild_grid(self) -> None:
        with QSignalBlocker(self.grid):
            self.grid.clear()
            self.grid.setRowCount(len(self._data))
            self.grid.setColumnCount(len(self._purposes) + 1)
            for column, purpose in enumerate(self._purposes):
                header = QTableWidgetItem(self._short(purpose_title(purpose)))
                header.setToolTip(purpose_title(purpose))
                self.grid.setHorizontalHeaderItem(column, header)
            self.grid.setHorizontalHeaderItem(
                len(self._purposes), QTableWidgetItem(_("Do not collect"))
            )
            for row, item in enumerate(self._data):
                label = item.get("label", "")
                if item.get("kind", "regular") != DataKind.REGULAR:
                    label = f"{label} ({kind_text(item['kind']).lower()})"
                self.grid.setVerticalHeaderItem(row, QTableWidgetItem(label))
                keys = item.get("purpose_keys") or []
                for column, purpose in enumerate(self._purposes):
                    self.grid.setItem(row, column, self._box(purpose["key"] in keys, purpose))
                removed = item.get("decision") == Decision.REMOVE
                self.grid.setItem(row, len(self._purposes), self._box(removed, None))
        header = self.grid.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)

    @staticmethod
    def _box(ticked: bool, purpose: Mapping[str, Any] | None) -> QTableWidgetItem:
        cell = QTableWidgetItem()
        cell.setData(_KEY_ROLE, purpose["key"] if purpose else NOT_COLLECTED)
        cell.setFlags(
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
        )
        cell.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        return cell

    def set_serves(self, data_label: str, purpose_text: str, serves: bool = True) -> None:
        """Tick (or untick) a box of the grid, as a click on it does."""
        row = next(r for r, d in enumerate(self._data) if d.get("label") == data_label)
        if purpose_text == NOT_COLLECTED:
            column = len(self._purposes)
        else:
            column = next(c for c, p in enumerate(self._purposes) if p["purpose"] == purpose_text)
        state = Qt.CheckState.Checked if serves else Qt.CheckState.Unchecked
        self.grid.item(row, column).setCheckState(state)

    def _on_grid_item_changed(self, cell: QTableWidgetItem) -> None:
        item = self._data[cell.row()]
        key = cell.data(_KEY_ROLE)
        ticked = cell.checkState() == Qt.CheckState.Checked
        if key == NOT_COLLECTED:
            item["decision"] = Decision.REMOVE.value if ticked else Decision.KEEP.value
        else:
            keys = [k for k in item.get("purpose_keys") or [] if k != key]
            if ticked:
                keys.append(key)
            order = [p["key"] for p in self._purposes]
            item["purpose_keys"] = sorted(keys, key=lambda k: order.index(k) if k in order else 0)
        row = self.purpose_list.currentRow()
        if 0 <= row < len(self._purposes):
            special, criminal = self._kinds_serving(self._purposes[row]["key"])
            self.editor.set_data_kinds(special=special, criminal=criminal)
