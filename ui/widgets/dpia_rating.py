"""A risk's severity and likelihood at its three stages: before any measure (inherent), with the
measures already in place (current) and with every measure (residual). Each choice shows what
its level means for the people concerned, and the matrix gives the risk level at once."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QVBoxLayout, QWidget

from app.domain.risk_matrix import RISK_LEVEL_LABELS, RiskLevel, RiskMatrix, matrix
from app.i18n import N_, _
from ui.widgets.dpia_questions import grey_label

STAGES = ("inherent", "current", "residual")
_STAGE_LABELS = {
    "inherent": (N_("Before measures"), N_("The risk if nothing were done about it.")),
    "current": (N_("With existing measures"), N_("The risk with the measures already in place.")),
    "residual": (
        N_("With all measures"),
        N_("The risk once the planned measures are in place too: what remains."),
    ),
}
LEVEL_STYLES = {
    RiskLevel.LOW: "background: #e8f5e9; color: #1b5e20;",
    RiskLevel.MEDIUM: "background: #fff3e0; color: #8a4b00;",
    RiskLevel.HIGH: "background: #fdecea; color: #b71c1c;",
}
_BADGE = "border-radius: 4px; padding: 3px 8px; font-weight: 600;"


def level_badge_style(level: RiskLevel | None) -> str:
    """A coloured badge for a risk level; grey text while not rated."""
    if level is None:
        return "color: palette(placeholder-text);"
    return _BADGE + LEVEL_STYLES[level]


class RiskRatingEditor(QWidget):
    """`rating_edited(field, value)`: e.g. ("residual_likelihood", 2); 0 is "not rated"."""

    rating_edited = Signal(str, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._matrix: RiskMatrix = matrix(None)
        self._boxes: dict[str, QComboBox] = {}
        self._meanings: dict[str, QLabel] = {}
        self._levels: dict[str, QLabel] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(10)
        for column, title in enumerate(("", N_("Severity"), N_("Likelihood"), N_("Risk level"))):
            heading = QLabel(_(title))
            heading.setStyleSheet("font-weight: 600;")
            grid.addWidget(heading, 0, column)
        for row, stage in enumerate(STAGES, start=1):
            title, explanation = _STAGE_LABELS[stage]
            label = QLabel(_(title))
            label.setToolTip(_(explanation))
            label.setWordWrap(True)
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            for column, axis in enumerate(("severity", "likelihood"), start=1):
                name = f"{stage}_{axis}"
                box = QComboBox()
                box.setObjectName(name)
                box.setAccessibleName(f"{_(title)}: {_(axis.capitalize())}")
                box.activated.connect(lambda _index, n=name: self._on_box_activated(n))
                box.currentIndexChanged.connect(lambda _index, n=name: self._show_meaning(n))
                meaning = grey_label()
                meaning.setObjectName(f"{name}_meaning")
                meaning.setMinimumWidth(200)
                cell = QWidget()
                cell_column = QVBoxLayout(cell)
                cell_column.setContentsMargins(0, 0, 0, 0)
                cell_column.setSpacing(2)
                cell_column.addWidget(box)
                cell_column.addWidget(meaning)
                grid.addWidget(cell, row, column, Qt.AlignmentFlag.AlignTop)
                if axis == "severity":
                    label.setBuddy(box)
                self._boxes[name] = box
                self._meanings[name] = meaning
            level = QLabel()
            level.setObjectName(f"{stage}_level")
            grid.addWidget(level, row, 3, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            self._levels[stage] = level
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        grid.setColumnMinimumWidth(0, 150)
        grid.setColumnMinimumWidth(3, 90)

    # -- public API ----------------------------------------------------------------------------

    def box(self, name: str) -> QComboBox:
        return self._boxes[name]

    def level_text(self, stage: str) -> str:
        return self._levels[stage].text()

    def meaning_text(self, name: str) -> str:
        return self._meanings[name].text()

    def show_risk(self, risk: Mapping[str, Any], matrix_kind: str | None) -> None:
        """Show a risk's ratings on the DPIA's matrix (emits nothing)."""
        grid = matrix(matrix_kind)
        if grid is not self._matrix or not self._boxes["inherent_severity"].count():
            self._matrix = grid
            for name, box in self._boxes.items():
                levels = grid.severity if name.endswith("severity") else grid.likelihood
                with QSignalBlocker(box):
                    box.clear()
                    box.addItem(_("— not rated"), 0)
                    for number, level in enumerate(levels, start=1):
                        box.addItem(f"{number} · {_(level.name)}", number)
                        box.setItemData(number, _(level.meaning), Qt.ItemDataRole.ToolTipRole)
        for name, box in self._boxes.items():
            value = int(risk.get(name) or 0)
            with QSignalBlocker(box):
                box.setCurrentIndex(max(0, box.findData(value)))
            self._show_meaning(name)
        self._show_levels()

    def set_read_only(self, read_only: bool) -> None:
        for box in self._boxes.values():
            box.setEnabled(not read_only)

    # -- behaviour -----------------------------------------------------------------------------

    def _value(self, name: str) -> int:
        return int(self._boxes[name].currentData() or 0)

    def _show_meaning(self, name: str) -> None:
        value = self._value(name)
        levels = self._matrix.severity if name.endswith("severity") else self._matrix.likelihood
        self._meanings[name].setText(_(levels[value - 1].meaning) if value else "")

    def _show_levels(self) -> None:
        for stage, label in self._levels.items():
            level = self._matrix.level(
                self._value(f"{stage}_severity"), self._value(f"{stage}_likelihood")
            )
            label.setText(_(RISK_LEVEL_LABELS[level]) if level else _("Not rated"))
            label.setStyleSheet(level_badge_style(level))

    def _on_box_activated(self, name: str) -> None:
        self._show_meaning(name)
        self._show_levels()
        self.rating_edited.emit(name, self._value(name))
