"""The dashboard's charts: findings by area, the register's make-up, requests per month and the
risk map of all DPIAs. matplotlib draws them on a worker thread (app/reports/compliance_charts.py
and app/reports/risk_map.py); the GUI thread only shows the PNGs."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette, QPixmap
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget
from shiboken6 import isValid

from app.i18n import N_, _
from ui.operations.compliance_operations import DashboardData
from ui.operations.session import WorkspaceSession
from ui.tasks import run_task

CHART_WIDTH = 5.0  # inches: two charts side by side in a 1366-pixel window at 100 dpi
CHART_DPI = 100
# (name in app/reports/compliance_charts.py, title), two to a row.
PANELS = (
    ("findings", N_("Open findings by area")),
    ("requests", N_("Requests per month")),
    ("bases", N_("Activities by legal basis")),
    ("status", N_("Activities by status")),
    ("shares", N_("Sensitive processing")),
)


def _title(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight: 600; font-size: 11pt;")
    return label


class DashboardCharts(QWidget):
    charts_drawn = Signal()  # every picture (or the reason there is none) is shown

    def __init__(self, session: WorkspaceSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._generation = 0
        self.drawing = False
        self.pictures: dict[str, QLabel] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(6)
        for index, (name, title) in enumerate(PANELS):
            row, column = divmod(index, 2)
            grid.addWidget(self._panel(name, _(title)), row, column, Qt.AlignmentFlag.AlignTop)
        self.risk_maps = QWidget()
        self.risk_maps_column = QVBoxLayout(self.risk_maps)
        self.risk_maps_column.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.risk_maps, (len(PANELS) + 1) // 2, 0, 1, 2)
        self.status = QLabel()
        self.status.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        grid.addWidget(self.status, (len(PANELS) + 1) // 2 + 1, 0, 1, 2)

    def _panel(self, name: str, title: str) -> QWidget:
        panel = QWidget()
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 8, 0, 0)
        column.addWidget(_title(title))
        picture = QLabel()
        picture.setObjectName(f"chart_{name}")
        picture.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        picture.setMinimumHeight(120)
        self.pictures[name] = picture
        column.addWidget(picture)
        return panel

    def show_data(self, data: DashboardData) -> None:
        """Draw the charts of `data` in the background; a newer call wins over an older one."""
        self._generation += 1
        generation = self._generation
        session = self._session
        ratio = self.devicePixelRatioF()
        dpi = int(CHART_DPI * ratio)
        names = tuple(name for name, _title in PANELS)
        maps = list(data.overview.risk_maps)
        self.drawing = True
        self.status.setText(_("Drawing the charts…"))

        def work(_progress: Any) -> tuple[dict[str, bytes], list[tuple[str, bytes | None]]]:
            charts = session.dashboard_charts(data, names, dpi=dpi, width=CHART_WIDTH)
            pictures = [(m["label"], session.combined_risk_map_png(m, dpi)) for m in maps]
            return charts, pictures

        def done(result: Any) -> None:
            if not isValid(self) or generation != self._generation:
                return
            charts, pictures = result
            for name, png in charts.items():
                self.pictures[name].setPixmap(self._pixmap(png, ratio))
            self._show_risk_maps(pictures, ratio)
            self.drawing = False
            self.status.setText("")
            self.charts_drawn.emit()

        def failed(error: BaseException) -> None:
            if not isValid(self) or generation != self._generation:
                return
            self.drawing = False
            self.status.setText(_("The charts could not be drawn: {error}").format(error=error))
            self.charts_drawn.emit()

        run_task(work, on_done=done, on_error=failed)

    @staticmethod
    def _pixmap(png: bytes, ratio: float) -> QPixmap:
        pixmap = QPixmap()
        pixmap.loadFromData(png, "PNG")
        pixmap.setDevicePixelRatio(ratio)
        return pixmap

    def _show_risk_maps(self, pictures: list[tuple[str, bytes | None]], ratio: float) -> None:
        while self.risk_maps_column.count():
            widget = self.risk_maps_column.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        if not pictures:
            self.risk_maps_column.addWidget(_title(_("Risk map of all DPIAs")))
            none = QLabel(_("No DPIA has rated risks yet."))
            none.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            self.risk_maps_column.addWidget(none)
            return
        several = len(pictures) > 1
        if several:
            self.risk_maps_column.addWidget(_title(_("Risk map of all DPIAs")))
            note = QLabel(
                _(
                    "Risks rated on different matrices are shown on separate maps: their scales "
                    "do not translate level for level."
                )
            )
            note.setWordWrap(True)
            note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            self.risk_maps_column.addWidget(note)
        for label, png in pictures:
            title = _("Risk map of all DPIAs: {matrix}").format(matrix=label)
            heading = QLabel(label) if several else _title(title)
            heading.setToolTip(title)
            self.risk_maps_column.addWidget(heading)
            picture = QLabel()
            picture.setObjectName("chart_risk_map")
            if png is None:
                picture.setText(_("The risk map picture is not available in this version."))
            else:
                picture.setPixmap(self._pixmap(png, ratio))
            self.risk_maps_column.addWidget(picture)
