"""The compliance score on the dashboard: the figure, how it is computed, and each area's own
score with its open errors and warnings."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from app.i18n import _
from app.services.compliance import CheckReport, area_label

GOOD, FAIR = 90, 70  # the score's colour bands; the figure itself always says the number
_BAND_COLOURS = ("#1d6b3a", "#8a5300", "#a3202e")  # dark enough for text on white


def _grey(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    label.setWordWrap(True)
    return label


class DashboardScore(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        self.score_label = QLabel("—")
        self.score_label.setObjectName("score")
        self.score_label.setStyleSheet("font-size: 30pt; font-weight: 700;")
        self.counts_label = QLabel()
        self.counts_label.setObjectName("score_counts")
        self.counts_label.setWordWrap(True)
        self.explanation = _grey()
        self.explanation.setObjectName("score_explanation")
        self.areas = QGridLayout()
        self.areas.setHorizontalSpacing(10)
        self.areas.setVerticalSpacing(2)
        column = QVBoxLayout(self)
        column.setContentsMargins(14, 10, 14, 12)
        column.addWidget(_grey(_("Compliance score")))
        column.addWidget(self.score_label)
        column.addWidget(self.counts_label)
        column.addSpacing(4)
        column.addWidget(self.explanation)
        column.addSpacing(6)
        column.addLayout(self.areas)
        column.addStretch(1)

    def show_report(self, report: CheckReport, errors: int) -> None:
        """Show the score; `errors` is counted on the worker thread (see DashboardData)."""
        score = report.score
        self.score_label.setText("—" if score is None else f"{score}%")
        band = 0 if score is None or score >= GOOD else 1 if score >= FAIR else 2
        self.score_label.setStyleSheet(
            f"font-size: 30pt; font-weight: 700; color: {_BAND_COLOURS[band]};"
        )
        self.counts_label.setText(
            _("{errors} errors, {others} other findings open; {accepted} accepted").format(
                errors=errors, others=len(report.findings) - errors, accepted=len(report.muted)
            )
        )
        self.explanation.setText(report.explanation)
        self._show_areas(report)

    def area_texts(self) -> list[str]:
        """Each area's line as shown ("Risk assessments  0%  6  2")."""
        rows = []
        for row in range(1, self.areas.rowCount()):
            cells = [self.areas.itemAtPosition(row, column) for column in range(4)]
            rows.append("  ".join(c.widget().text() for c in cells if c and c.widget()))
        return rows

    def _show_areas(self, report: CheckReport) -> None:
        while self.areas.count():
            widget = self.areas.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        for column, title in enumerate((_("Area"), _("Score"), _("Errors"), _("Warnings"))):
            header = _grey(title)
            header.setWordWrap(False)
            self.areas.addWidget(
                header,
                0,
                column,
                Qt.AlignmentFlag.AlignRight if column else Qt.AlignmentFlag.AlignLeft,
            )
        for row, area in enumerate(report.areas, start=1):
            cells = (
                area_label(area.area),
                "—" if area.score is None else f"{area.score}%",
                str(area.errors),
                str(area.warnings),
            )
            for column, text in enumerate(cells):
                label = QLabel(text)
                if column == 0 and area.score is None:
                    label.setToolTip(_("Nothing in this area to check yet."))
                if column == 2 and area.errors:
                    label.setStyleSheet(f"color: {_BAND_COLOURS[2]}; font-weight: 600;")
                align = Qt.AlignmentFlag.AlignRight if column else Qt.AlignmentFlag.AlignLeft
                self.areas.addWidget(label, row, column, align)
        self.areas.setColumnStretch(0, 1)
