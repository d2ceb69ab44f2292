"""A titled list on the dashboard (open actions, requests due, breach clocks): one line per
thing to do, the urgent ones marked, and Enter or a double-click opens its record."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPalette
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

TARGET_ROLE = Qt.ItemDataRole.UserRole
URGENT_COLOUR = "#a3202e"  # the dark red of the charts' errors: readable on white and in grey


@dataclass(frozen=True)
class ListEntry:
    text: str
    page: str  # the page that shows the record
    record_id: int
    tooltip: str = ""
    urgent: bool = False


class DashboardList(QWidget):
    record_requested = Signal(str, int)  # (page name, record id)

    def __init__(self, title: str, empty: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._empty = empty
        heading = QLabel(title)
        heading.setStyleSheet("font-weight: 600; font-size: 11pt;")
        self.count_label = QLabel()
        self.count_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.itemActivated.connect(self._on_list_item_activated)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(heading)
        column.addWidget(self.count_label)
        column.addWidget(self.list, 1)

    def set_entries(self, entries: list[ListEntry], count_text: str = "") -> None:
        self.list.clear()
        self.count_label.setText(count_text)
        self.count_label.setVisible(bool(count_text))
        for entry in entries:
            item = QListWidgetItem(entry.text)
            item.setData(TARGET_ROLE, (entry.page, entry.record_id))
            item.setToolTip(entry.tooltip or entry.text)
            if entry.urgent:
                item.setForeground(QBrush(QColor(URGENT_COLOUR)))
                bold = QFont(item.font())
                bold.setBold(True)
                item.setFont(bold)
            self.list.addItem(item)
        if not entries:
            placeholder = QListWidgetItem(self._empty)
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(placeholder)

    def texts(self) -> list[str]:
        return [self.list.item(row).text() for row in range(self.list.count())]

    def _on_list_item_activated(self, item: QListWidgetItem) -> None:
        target = item.data(TARGET_ROLE)
        if target:
            page, record_id = target
            self.record_requested.emit(page, int(record_id))
