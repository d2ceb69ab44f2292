"""The team as a table: name, e-mail and role, sorted by name so owners are easy to find."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.domain.team import TEAM_ROLE_LABELS
from app.i18n import N_, _

if TYPE_CHECKING:
    from app.services.changes import RecordData

COLUMNS = [N_("Name"), N_("E-mail"), N_("Role")]
Index = QModelIndex | QPersistentModelIndex


class TeamTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._people: list[RecordData] = []

    def set_people(self, people: list[RecordData]) -> None:
        self.beginResetModel()
        self._people = sorted(people, key=lambda person: str(person.values["name"]).casefold())
        self.endResetModel()

    def person_at(self, row: int) -> RecordData | None:
        return self._people[row] if 0 <= row < len(self._people) else None

    def row_of(self, person_id: int | None) -> int:
        """The row showing `person_id`, or -1."""
        return next((row for row, p in enumerate(self._people) if p.id == person_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._people)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        person = self.person_at(index.row())
        if person is None or role != Qt.ItemDataRole.DisplayRole:
            return None
        if index.column() == 0:
            return person.values["name"]
        if index.column() == 1:
            return person.values.get("email") or ""
        label = TEAM_ROLE_LABELS.get(person.values.get("role"))  # type: ignore[call-overload]
        return _(label) if label else person.values.get("role")

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section])
        return None
