"""The search box and the filters above the register table, with the count of what they let
through. Typing is debounced: the table filters once the user pauses, not on every key."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from app.domain.activity import ACTIVITY_STATUS_LABELS
from app.domain.legal_bases import LEGAL_BASIS_LABELS
from app.i18n import _, ngettext
from ui.models.activity_filter_proxy import NO_OWNER, ActivityFilter
from ui.models.activity_table_model import SHORT_BASIS_LABELS

SEARCH_DELAY_MS = 150  # typing pauses this long before the table filters
COMBO_CHARACTERS = 12


def _combo(name: str, any_text: str, entries: list[tuple[str, Any]]) -> QComboBox:
    """A filter box whose first entry ("any …") lets everything through."""
    combo = QComboBox()
    combo.setObjectName(name)
    combo.addItem(any_text, None)
    for text, value in entries:
        combo.addItem(text, value)
    # Compact boxes so that the bar fits a 1280-pixel window; the list opens as wide as needed.
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(COMBO_CHARACTERS)
    combo.view().setMinimumWidth(combo.view().sizeHintForColumn(0) + 24)
    return combo


class RegisterFilterBar(QWidget):
    """The filters in one row; `count_label` (what they let through) is laid out by the page."""

    filter_changed = Signal(object)  # the ActivityFilter now chosen

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setObjectName("register_search")
        self.search.setPlaceholderText(_("Search reference, name or owner"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(210)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.status_filter = _combo(
            "status_filter",
            _("All statuses"),
            [(_(label), status.value) for status, label in ACTIVITY_STATUS_LABELS.items()],
        )
        self.basis_filter = _combo(
            "basis_filter",
            _("All legal bases"),
            [(_(label), basis.value) for basis, label in SHORT_BASIS_LABELS.items()],
        )
        for position, basis in enumerate(SHORT_BASIS_LABELS, start=1):
            self.basis_filter.setItemData(
                position, _(LEGAL_BASIS_LABELS[basis]), Qt.ItemDataRole.ToolTipRole
            )
        self.special_filter = _combo(
            "special_filter",
            _("Special data: any"),
            [(_("With special data"), True), (_("Without special data"), False)],
        )
        self.transfers_filter = _combo(
            "transfers_filter",
            _("Transfers: any"),
            [(_("With transfers"), True), (_("Without transfers"), False)],
        )
        self.owner_filter = _combo("owner_filter", _("All owners"), [(_("No owner"), NO_OWNER)])
        self.combos = [
            self.status_filter,
            self.basis_filter,
            self.special_filter,
            self.transfers_filter,
            self.owner_filter,
        ]
        for combo in self.combos:
            combo.currentIndexChanged.connect(self._on_combo_index_changed)
        self.clear_button = QToolButton()
        self.clear_button.setObjectName("clear_filters")
        self.clear_button.setText(_("Clear"))
        self.clear_button.setToolTip(_("Clear the search and the filters"))
        self.clear_button.setAutoRaise(True)
        self.clear_button.clicked.connect(self.clear)
        self.clear_button.hide()
        self.count_label = QLabel()
        self.count_label.setObjectName("register_count")
        self.count_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._emit)

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(self.search, 3)
        for combo in self.combos:
            row.addWidget(combo, 1)
        row.addWidget(self.clear_button)

    def current_filter(self) -> ActivityFilter:
        return ActivityFilter(
            text=self.search.text(),
            status=self.status_filter.currentData(),
            legal_basis=self.basis_filter.currentData(),
            special_data=self.special_filter.currentData(),
            transfers=self.transfers_filter.currentData(),
            owner_id=self.owner_filter.currentData(),
        )

    def set_people(self, people: list[tuple[int, str]]) -> None:
        """The owners to choose from; a chosen owner who is gone lets everyone through."""
        chosen = self.owner_filter.currentData()
        with QSignalBlocker(self.owner_filter):
            while self.owner_filter.count() > 2:
                self.owner_filter.removeItem(2)
            for person_id, name in people:
                self.owner_filter.addItem(name, person_id)
            position = self.owner_filter.findData(chosen)
            self.owner_filter.setCurrentIndex(max(0, position))
        if position < 0:
            self._emit()

    def set_count(self, shown: int, total: int) -> None:
        filtered = not self.current_filter().is_empty
        if filtered:
            text = ngettext(
                "{shown} of {total} activity", "{shown} of {total} activities", total
            ).format(shown=shown, total=total)
        else:
            text = ngettext("{total} activity", "{total} activities", total).format(total=total)
        self.count_label.setText(text)
        self.clear_button.setVisible(filtered)

    def set_message(self, text: str) -> None:
        self.count_label.setText(text)

    def clear(self) -> None:
        """Everything through again."""
        with QSignalBlocker(self.search):
            self.search.clear()
        for combo in self.combos:
            with QSignalBlocker(combo):
                combo.setCurrentIndex(0)
        self._emit()

    def flush(self) -> None:
        """Apply a search still waiting for the pause in typing (before reading the table)."""
        if self._timer.isActive():
            self._emit()

    def _on_search_text_changed(self, _text: str) -> None:
        self._timer.start()

    def _on_combo_index_changed(self, _index: int) -> None:
        self._emit()

    def _emit(self) -> None:
        self._timer.stop()
        self.filter_changed.emit(self.current_filter())
