"""The risk map: each risk's move from its inherent to its residual position on the severity ×
likelihood grid, drawn by the report code (matplotlib) off the GUI thread and shown as a
picture, with the positions also written out for those who do not read charts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget
from shiboken6 import isValid

from app.domain.risk_matrix import RISK_LEVEL_LABELS
from app.i18n import _
from app.services.dpia import risk_positions
from ui.operations.dpia_operations import RISK_MAP_MODULE, available
from ui.operations.session import WorkspaceSession
from ui.tasks import run_task
from ui.widgets.dpia_questions import grey_label

DELAY_MS = 300  # several quick edits draw the map once


def _position(stage: tuple[int, int, Any]) -> str:
    severity, likelihood, level = stage
    if level is None:
        return _("not rated")
    return _("severity {s}, likelihood {l} ({level})").format(
        s=severity, l=likelihood, level=_(RISK_LEVEL_LABELS[level])
    )


class DpiaRiskMap(QScrollArea):
    map_drawn = Signal()  # a picture (or the reason there is none) is shown

    def __init__(self, session: WorkspaceSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._values: dict[str, Any] = {}
        self._generation = 0
        self._drawing = False
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.picture = QLabel()
        self.picture.setObjectName("risk_map")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setMinimumHeight(200)
        self.status = grey_label()
        self.status.setObjectName("risk_map_status")
        self.positions = QLabel()
        self.positions.setObjectName("risk_positions")
        self.positions.setWordWrap(True)
        self.positions.setTextFormat(Qt.TextFormat.PlainText)
        self.positions.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(4, 8, 16, 16)
        column.addWidget(
            grey_label(
                _(
                    "Each arrow goes from a risk's position before any measure to its position "
                    "with every measure in place."
                ),
                small=False,
            )
        )
        column.addWidget(self.picture)
        column.addWidget(self.status)
        column.addWidget(self.positions)
        column.addStretch(1)
        self.setWidget(body)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DELAY_MS)
        self.timer.timeout.connect(self._draw)

    @property
    def drawing(self) -> bool:
        return self._drawing or self.timer.isActive()

    def show_dpia(self, values: Mapping[str, Any]) -> None:
        """Show the positions now and draw the map shortly, in the background."""
        wanted = {"risks": values.get("risks") or [], "matrix": values.get("matrix")}
        lines = [
            f"• {p['title']}: {_position(p['inherent'])} → {_position(p['residual'])}"
            for p in risk_positions(wanted)
        ]
        self.positions.setText("\n".join(lines))
        if wanted == self._values and not self.picture.pixmap().isNull():
            return
        self._values = wanted
        self.timer.start()

    def _draw(self) -> None:
        if not available(RISK_MAP_MODULE):
            self.picture.clear()
            self.status.setText(_("The risk map picture is not available in this version."))
            self.map_drawn.emit()
            return
        self._generation += 1
        generation = self._generation
        values = dict(self._values)
        session = self._session
        self._drawing = True
        self.status.setText(_("Drawing the risk map…"))
        dpi = max(72, int(100 * self.devicePixelRatioF()))

        def work(_progress: Any) -> bytes:
            return session.risk_map_png(values, dpi=dpi)

        def done(data: Any) -> None:
            if not isValid(self) or generation != self._generation:
                return
            self._drawing = False
            pixmap = QPixmap()
            pixmap.loadFromData(bytes(data), "PNG")
            pixmap.setDevicePixelRatio(self.devicePixelRatioF())
            self.picture.setPixmap(pixmap)
            self.status.setText("")
            self.map_drawn.emit()

        def failed(error: BaseException) -> None:
            if not isValid(self) or generation != self._generation:
                return
            self._drawing = False
            self.picture.clear()
            self.status.setText(_("The risk map could not be drawn: {error}").format(error=error))
            self.map_drawn.emit()

        run_task(work, on_done=done, on_error=failed)
