"""The DPIA's files: its report as a PDF in three layouts (CNIL method, UK ICO template, EDPB
template), its action plan as a spreadsheet, the CNIL PIA tool's file both ways. Each runs off
the GUI thread with a progress bar, then says where the file went or what went wrong."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFileDialog, QLabel, QMenu, QProgressBar, QPushButton, QWidget
from shiboken6 import isValid

from app.errors import UserError
from app.i18n import N_, _
from ui.operations.dpia_operations import CNIL_MODULE, REPORT_MODULE, available
from ui.operations.session import WorkspaceSession
from ui.tasks import run_task
from ui.widgets.record_form import ERROR_COLOUR

LAYOUTS = {
    "cnil": N_("Report, CNIL method (PDF)…"),
    "ico": N_("Report, UK ICO template (PDF)…"),
    "edpb": N_("Report, EDPB template (PDF)…"),
}
_UNSAFE_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
_SUFFIXES = {"pdf": ".pdf", "xlsx": ".xlsx", "cnil": ".json"}


def with_suffix(path: Path, suffix: str) -> Path:
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


class DpiaExports(QObject):
    """The page lays out the buttons, `progress_bar` and `status_label`."""

    export_finished = Signal(object)  # the Path written, or the exception that stopped it
    imported = Signal(object)  # the ChangeResult of an import, or the exception

    def __init__(
        self,
        session: WorkspaceSession,
        current: Callable[[], tuple[int, str] | None],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._current = current  # (id, reference) of the DPIA shown
        self._window = parent
        self._running = False
        self.export_button = QPushButton(_("Export"))
        self.export_button.setObjectName("export_dpia")
        self.export_button.setToolTip(_("The DPIA's report, action plan or CNIL PIA file"))
        menu = QMenu(self.export_button)
        reports = available(REPORT_MODULE)
        for layout, text in LAYOUTS.items():
            action = menu.addAction(_(text))
            action.setObjectName(f"export_pdf_{layout}")
            action.setEnabled(reports)
            action.triggered.connect(lambda _c=False, lay=layout: self._ask("pdf", lay))
        action = menu.addAction(_("Action plan (XLSX)…"))
        action.setEnabled(reports)
        action.triggered.connect(lambda: self._ask("xlsx"))
        menu.addSeparator()
        action = menu.addAction(_("CNIL PIA file (JSON)…"))
        action.setEnabled(available(CNIL_MODULE))
        action.triggered.connect(lambda: self._ask("cnil"))
        self.export_button.setMenu(menu)
        self.import_button = QPushButton(_("Import CNIL PIA…"))
        self.import_button.setObjectName("import_cnil_pia")
        self.import_button.clicked.connect(self._on_import_clicked)
        if available(CNIL_MODULE):
            self.import_button.setToolTip(
                _("Add a DPIA from a file exported by the CNIL's PIA tool")
            )
        else:
            self.import_button.setEnabled(False)
            self.import_button.setToolTip(_("Importing CNIL PIA files is not available yet."))
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("dpia_export_progress")
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setFixedWidth(140)
        self.progress_bar.hide()
        self.status_label = QLabel()
        self.status_label.setObjectName("dpia_export_status")
        self.status_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.status_label.hide()

    @property
    def running(self) -> bool:
        return self._running

    def set_enabled(self, has_dpia: bool) -> None:
        self.export_button.setEnabled(has_dpia and not self._running)

    def suggested_path(self, kind: str, layout: str = "cnil") -> Path:
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        ) or str(Path.home())
        current = self._current()
        name = _UNSAFE_IN_FILE_NAMES.sub(" ", current[1] if current else "DPIA").strip() or "DPIA"
        if kind == "pdf":
            name = f"{name} ({layout.upper()})"
        elif kind == "xlsx":
            name = _("{name} – action plan").format(name=name)
        return Path(folder) / (name + _SUFFIXES[kind])

    # -- exporting -----------------------------------------------------------------------------

    def export(self, kind: str, path: Path, layout: str = "cnil") -> None:
        """Write the shown DPIA's file (`kind`: pdf, xlsx or cnil) in the background."""
        current = self._current()
        if current is None or self._running:
            return
        dpia_id = current[0]
        path = with_suffix(Path(path), _SUFFIXES[kind])
        session = self._session

        def work(progress: Any) -> Path:
            if kind == "pdf":
                return session.export_dpia_pdf(dpia_id, path, layout, progress)
            if kind == "xlsx":
                return session.export_action_plan(dpia_id, path, progress)
            return session.export_cnil_pia(dpia_id, path, progress)

        self._start(_("Preparing the file…"))
        run_task(
            work,
            on_done=self._on_export_done,
            on_error=lambda error: self._on_failed(error, path, self.export_finished),
            on_progress=self._on_progressed,
        )

    def import_file(self, path: Path) -> None:
        """Import a CNIL PIA file as a new DPIA, on the write thread (all or nothing)."""
        if self._running:
            return
        self._start(_("Importing {name}…").format(name=Path(path).name))
        self._session.import_cnil_pia(
            Path(path),
            on_done=self._on_import_done,
            on_error=lambda error: self._on_failed(error, Path(path), self.imported),
        )

    def _ask(self, kind: str, layout: str = "cnil") -> None:
        filters = {
            "pdf": _("PDF documents (*.pdf)"),
            "xlsx": _("Excel workbooks (*.xlsx)"),
            "cnil": _("CNIL PIA files (*.json)"),
        }
        chosen, _filter = QFileDialog.getSaveFileName(
            self._window, _("Export"), str(self.suggested_path(kind, layout)), filters[kind]
        )
        if chosen:
            self.export(kind, Path(chosen), layout)

    def _on_import_clicked(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self._window, _("Import a CNIL PIA file"), "", _("CNIL PIA files (*.json)")
        )
        if chosen:
            self.import_file(Path(chosen))

    def _start(self, message: str) -> None:
        self._running = True
        self.export_button.setEnabled(False)
        self.import_button.setEnabled(False)
        self.progress_bar.setValue(0)
        self.progress_bar.show()
        self.status_label.setStyleSheet("")
        self.status_label.setText(message)
        self.status_label.show()

    def _stop(self) -> None:
        self._running = False
        self.progress_bar.hide()
        self.export_button.setEnabled(self._current() is not None)
        self.import_button.setEnabled(available(CNIL_MODULE))

    def _on_progressed(self, percent: int, message: str) -> None:
        if isValid(self.progress_bar):
            self.progress_bar.setValue(percent)
            if message:
                self.status_label.setText(message)

    def _on_export_done(self, path: Any) -> None:
        if not isValid(self.status_label):
            return
        self._stop()
        self.status_label.setText(_("Saved to {path}").format(path=path))
        self.status_label.setToolTip(str(path))
        self.export_finished.emit(Path(path))

    def _on_import_done(self, result: Any) -> None:
        if not isValid(self.status_label):
            return
        self._stop()
        self.status_label.setText(_("Imported."))
        self.imported.emit(result)

    def _on_failed(self, error: BaseException, path: Path, signal: Any) -> None:
        if not isValid(self.status_label):
            return
        self._stop()
        if isinstance(error, UserError):
            message = str(error)
        elif isinstance(error, OSError):
            message = _("{path} could not be used: {reason}").format(
                path=path, reason=error.strerror or error
            )
        else:
            message = _("It could not be done: {error}").format(error=error)
        self.status_label.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.status_label.setText(message)
        self.status_label.setToolTip(message)
        signal.emit(error)
