"""Exporting the register to XLSX, CSV or JSON from its page: the button, the file dialog, and
the export itself off the GUI thread with a progress bar, then where the file went."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QProgressBar, QPushButton, QWidget
from shiboken6 import isValid

from app.errors import UserError
from app.i18n import _
from ui.operations.session import WorkspaceSession
from ui.tasks import run_task

SUFFIXES = (".xlsx", ".csv", ".json")
_UNSAFE_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def with_export_suffix(path: Path, chosen_filter: str) -> Path:
    """`path` with the suffix of the format chosen in the dialog, unless it has one of ours."""
    if path.suffix.lower() in SUFFIXES:
        return path
    suffix = next((s for s in SUFFIXES if f"*{s}" in chosen_filter), SUFFIXES[0])
    return path.with_name(path.name + suffix)


class RegisterExport(QObject):
    """The page lays out `button`, `progress_bar` and `status_label`; this runs the export."""

    export_finished = Signal(object)  # the Path written, or the exception that stopped it

    def __init__(self, session: WorkspaceSession, parent: QWidget) -> None:
        super().__init__(parent)
        self._session = session
        self._window = parent
        self._running = False
        self.button = QPushButton(_("Export…"))
        self.button.setObjectName("export_register")
        self.button.setToolTip(_("Save the register as a spreadsheet (XLSX, CSV) or JSON"))
        self.button.clicked.connect(self._on_button_clicked)
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("export_progress")
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setFixedWidth(160)
        self.progress_bar.hide()
        self.status_label = QLabel()
        self.status_label.setObjectName("export_status")
        self.status_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.status_label.hide()

    @property
    def running(self) -> bool:
        return self._running

    def suggested_path(self) -> Path:
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        ) or str(Path.home())
        workspace = self._session.workspace
        name = workspace.target.path.stem if workspace.target.path else workspace.display_name
        name = _UNSAFE_IN_FILE_NAMES.sub(" ", name).strip() or _("Workspace")
        return Path(folder) / _("{name} – register.xlsx").format(name=name)

    def export_to(self, path: Path) -> None:
        """Write the register to `path` (its suffix picks the format) in the background."""
        if self._running:
            return
        self._running = True
        workspace = self._session.workspace
        self.button.setEnabled(False)
        self.progress_bar.setValue(0)
        self.progress_bar.show()
        self.status_label.setText(_("Exporting…"))
        self.status_label.setToolTip("")
        self.status_label.show()

        def work(progress: Any) -> Path:
            # Imported here: the exporters load openpyxl, paid only when exporting.
            from app.services.register_io import export_register

            export_register(workspace, path, progress=progress)
            return path

        run_task(
            work,
            on_done=self._on_export_done,
            on_error=self._on_export_failed,
            on_progress=self._on_export_progressed,
        )

    def _on_button_clicked(self) -> None:
        chosen, chosen_filter = QFileDialog.getSaveFileName(
            self._window,
            _("Export the register"),
            str(self.suggested_path()),
            ";;".join(
                [
                    _("Excel workbook (*.xlsx)"),
                    _("CSV, comma-separated (*.csv)"),
                    _("JSON (*.json)"),
                ]
            ),
        )
        if chosen:
            self.export_to(with_export_suffix(Path(chosen), chosen_filter))

    def _on_export_progressed(self, percent: int, message: str) -> None:
        if isValid(self.progress_bar):
            self.progress_bar.setValue(percent)
            if message:
                self.status_label.setText(message)

    def _finish(self) -> bool:
        self._running = False
        if not isValid(self.button):
            return False  # the workspace was closed meanwhile
        self.button.setEnabled(True)
        self.progress_bar.hide()
        return True

    def _on_export_done(self, path: Any) -> None:
        if self._finish():
            self.status_label.setText(_("Saved {name}").format(name=Path(path).name))
            self.status_label.setToolTip(str(path))
            self.export_finished.emit(Path(path))

    def _on_export_failed(self, error: BaseException) -> None:
        if not self._finish():
            return
        self.status_label.hide()
        if isinstance(error, UserError):
            message = str(error)
        elif isinstance(error, OSError):
            message = _("The file could not be written: {reason}").format(
                reason=error.strerror or error
            )
        elif isinstance(error, ImportError):
            message = _("Exporting the register is not available in this version.")
        else:
            message = _("The export stopped because of an unexpected error:\n{error}").format(
                error=error
            )
        QMessageBox.warning(self._window, _("Export failed"), message)
        self.export_finished.emit(error)
