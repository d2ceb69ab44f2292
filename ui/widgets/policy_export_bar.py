"""Exporting a privacy policy: the button, the save dialog (PDF, web page or Word), the
progress of the background export, then where the file went or what went wrong."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget
from shiboken6 import isValid

from app.errors import UserError
from app.i18n import N_, _
from ui.tasks import run_task
from ui.views.documents_page import _UNSAFE_IN_FILE_NAMES
from ui.widgets.record_form import ERROR_COLOUR

FORMATS = {".pdf": N_("PDF document"), ".html": N_("Web page"), ".docx": N_("Word document")}
# (path, progress) -> the path written; runs on a pool thread.
Exporter = Callable[[Path, Any], Path]


class PolicyExportBar(QWidget):
    export_finished = Signal(object)  # the Path written, or the exception that stopped it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._exporter: Exporter | None = None
        self._name = ""
        self._exporting = False
        self._saved_path: Path | None = None
        self._target: Path | None = None
        self.export_button = QPushButton(_("Export…"))
        self.export_button.setObjectName("export_policy")
        self.export_button.clicked.connect(self._on_export_clicked)
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setMaximumWidth(180)
        self.result_label = QLabel()
        self.result_label.setObjectName("export_result")
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton(_("Open"))
        self.open_button.clicked.connect(self._on_open_clicked)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.export_button)
        row.addWidget(self.progress_bar)
        row.addWidget(self.result_label)
        row.addWidget(self.open_button)
        for widget in (self.progress_bar, self.result_label, self.open_button):
            widget.hide()

    def set_exporter(self, exporter: Exporter | None, name: str) -> None:
        """What writes the document (None while there is nothing to export), and the name the
        suggested file is called after."""
        self._exporter = exporter
        self._name = name

    def suggested_path(self, suffix: str = ".pdf") -> Path:
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        ) or str(Path.home())
        name = _UNSAFE_IN_FILE_NAMES.sub(" ", self._name).strip() or _("Organisation")
        return Path(folder) / (_("{name} – privacy policy").format(name=name) + suffix)

    def export(self, path: Path) -> None:
        """Write the policy to `path` (PDF, HTML or DOCX by its extension, PDF when it has
        none) in the background; `export_finished` tells the end."""
        exporter = self._exporter
        if self._exporting or exporter is None:
            return
        path = Path(path)
        if path.suffix.lower() not in FORMATS:
            path = path.with_name(path.name + ".pdf")
        self._exporting = True
        self._target = path
        self.export_button.setEnabled(False)
        self.result_label.hide()
        self.open_button.hide()
        self.progress_bar.setValue(0)
        self.progress_bar.show()
        run_task(
            lambda progress: exporter(path, progress),
            on_done=self._on_export_done,
            on_error=self._on_export_failed,
            on_progress=self._on_export_progressed,
        )

    def _on_export_clicked(self) -> None:
        filters = [f"{_(label)} (*{suffix})" for suffix, label in FORMATS.items()]
        chosen, selected = QFileDialog.getSaveFileName(
            self, _("Export the privacy policy"), str(self.suggested_path()), ";;".join(filters)
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() not in FORMATS:
            suffix = next((s for s in FORMATS if f"*{s}" in selected), ".pdf")
            path = path.with_name(path.name + suffix)
        self.export(path)

    def _on_export_progressed(self, percent: int, _message: str) -> None:
        if isValid(self):
            self.progress_bar.setValue(percent)

    def _finish(self, message: str, colour: str = "") -> None:
        self._exporting = False
        self.export_button.setEnabled(True)
        self.progress_bar.hide()
        self.result_label.setStyleSheet(f"color: {colour};" if colour else "")
        self.result_label.setText(message)
        self.result_label.show()

    def _on_export_done(self, result: Any) -> None:
        if not isValid(self):
            return  # the workspace was closed meanwhile; the file is written all the same
        self._saved_path = Path(result)
        self._finish(_("Saved to {path}").format(path=self._saved_path))
        self.open_button.show()
        self.export_finished.emit(self._saved_path)

    def _on_export_failed(self, error: BaseException) -> None:
        if not isValid(self):
            return
        if isinstance(error, UserError):
            message = str(error)
        elif isinstance(error, OSError):
            message = _("{path} could not be written: {reason}").format(
                path=self._target, reason=error.strerror or error
            )
        else:
            message = _("The document could not be made: {error}").format(error=error)
        self._finish(message, ERROR_COLOUR)
        self.export_finished.emit(error)

    def _on_open_clicked(self) -> None:
        if self._saved_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._saved_path)))
