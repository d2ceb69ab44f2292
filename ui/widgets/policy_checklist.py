"""The completeness checklist of a privacy policy: one row per item (N01-N18) with a tick, a
cross or a dash, the item in plain words and the article it comes from."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from app.domain.policy_checklist import ChecklistItem
from app.i18n import _

PRESENT_COLOUR = "#2e7d32"
MISSING_COLOUR = "#c62828"
NOT_APPLICABLE_COLOUR = "#8a919b"
SECTION_ROLE = Qt.ItemDataRole.UserRole + 1


class PolicyChecklist(QTreeWidget):
    section_requested = Signal(str)  # the key of the section that says the clicked item

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("policy_checklist")
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setColumnCount(3)
        self.setHeaderLabels(["", _("What the policy must say"), _("Article")])
        header = self.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.itemActivated.connect(self._on_item_activated)
        self.itemClicked.connect(self._on_item_activated)

    def show_items(self, items: Sequence[ChecklistItem]) -> None:
        self.clear()
        for item in items:
            if not item.applies:
                mark, colour, state = "–", NOT_APPLICABLE_COLOUR, _("Does not apply")
            elif item.present:
                mark, colour, state = "✓", PRESENT_COLOUR, _("In the policy")
            else:
                mark, colour, state = "✗", MISSING_COLOUR, _("Missing from the register")
            row = QTreeWidgetItem([mark, f"{item.id}  {item.label}", item.article])
            row.setForeground(0, QBrush(QColor(colour)))
            if not item.applies:
                row.setForeground(1, QBrush(QColor(NOT_APPLICABLE_COLOUR)))
                row.setForeground(2, QBrush(QColor(NOT_APPLICABLE_COLOUR)))
            row.setToolTip(0, state)
            row.setToolTip(1, f"{item.label} — {state}")
            row.setData(0, SECTION_ROLE, item.section)
            row.setTextAlignment(0, Qt.AlignmentFlag.AlignCenter)
            self.addTopLevelItem(row)

    def marks(self) -> dict[str, str]:
        """Item id -> its mark ("✓", "✗" or "–"): what the user sees, for tests and reports."""
        result = {}
        for index in range(self.topLevelItemCount()):
            row = self.topLevelItem(index)
            result[row.text(1).split()[0]] = row.text(0)
        return result

    def _on_item_activated(self, row: QTreeWidgetItem, _column: int) -> None:
        section = row.data(0, SECTION_ROLE)
        if section:
            self.section_requested.emit(str(section))
