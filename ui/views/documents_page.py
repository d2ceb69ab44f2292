"""The documents a workspace produces, each exported in the background with a progress bar.

For now one: the workspace summary. Export runs off the GUI thread (WeasyPrint takes seconds);
the page shows its progress, then where the file went, or what went wrong.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QPalette
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.errors import UserError
from app.i18n import N_, _
from ui.operations.session import WorkspaceSession
from ui.tasks import run_task
from ui.views.workspace_page import WorkspacePage
from ui.widgets.record_form import ERROR_COLOUR

_UNSAFE_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def with_pdf_suffix(path: Path) -> Path:
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


class DocumentsPage(WorkspacePage):
    page_name = "documents"
    title = N_("Documents")
    intro = N_(
        "Documents made from this workspace, ready to share with a client, "
        "the board or a supervisory authority. They always show what is "
        "stored at the moment you export them."
    )

    export_finished = Signal(object)  # the Path written, or the exception that stopped it

    def __init__(self, session: WorkspaceSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self._exporting = False
        self._saved_path: Path | None = None
        self._target: Path | None = None

        layout = self.build_page_layout(space_below_header=12)
        layout.addWidget(self._summary_card())
        layout.addStretch(1)

    def _summary_card(self) -> QFrame:
        card = QFrame()
        card.setObjectName("summary_card")
        card.setStyleSheet(
            "QFrame#summary_card { background: palette(base); "
            "border: 1px solid palette(mid); border-radius: 6px; }"
        )
        card.setMaximumWidth(760)
        name = QLabel(_("Workspace summary (PDF)"))
        name.setStyleSheet("font-size: 12pt; font-weight: 600;")
        description = QLabel(
            _(
                "Each organisation with its contact details, data protection officer, EU "
                "representative and lead supervisory authority, followed by the team. Branded "
                "with the first organisation's logo and accent colour."
            )
        )
        description.setWordWrap(True)

        self.export_button = QPushButton(_("Export PDF…"))
        self.export_button.setObjectName("export_summary")
        self.export_button.clicked.connect(self._on_export_clicked)
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setMaximumWidth(240)
        self.progress_label = QLabel()
        self.progress_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.result_label = QLabel()
        self.result_label.setObjectName("export_result")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton(_("Open"))
        self.open_button.setObjectName("open_export")
        self.open_button.clicked.connect(self._on_open_clicked)

        actions = QHBoxLayout()
        actions.addWidget(self.export_button)
        actions.addWidget(self.open_button)
        actions.addSpacing(8)
        actions.addWidget(self.progress_bar)
        actions.addWidget(self.progress_label)
        actions.addStretch(1)
        column = QVBoxLayout(card)
        column.setContentsMargins(16, 14, 16, 14)
        column.setSpacing(8)
        column.addWidget(name)
        column.addWidget(description)
        column.addSpacing(4)
        column.addLayout(actions)
        column.addWidget(self.result_label)
        self._show_idle()
        return card

    # -- the page contract ---------------------------------------------------------------------

    def refresh(self) -> None:
        """Nothing to re-read: a document reads the workspace when it is exported."""

    # -- exporting -----------------------------------------------------------------------------

    def suggested_path(self) -> Path:
        """Where the save dialog starts: "<workspace> – summary.pdf" in the documents folder."""
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        ) or str(Path.home())
        workspace = self._session.workspace
        path = workspace.target.path
        name = path.stem if path is not None else workspace.display_name
        name = _UNSAFE_IN_FILE_NAMES.sub(" ", name).strip() or _("Workspace")
        return Path(folder) / _("{name} – summary.pdf").format(name=name)

    def export_summary(self, path: Path) -> None:
        """Write the summary PDF to `path` in the background; `export_finished` tells the end."""
        if self._exporting:
            return
        self._exporting = True
        path = self._target = with_pdf_suffix(Path(path))
        workspace = self._session.workspace
        self.export_button.setEnabled(False)
        self.result_label.hide()
        self.open_button.hide()
        self.progress_bar.setValue(0)
        self.progress_bar.show()
        self.progress_label.setText(_("Preparing the document…"))
        self.progress_label.show()

        def work(progress: Any) -> Path:
            # Imported here: WeasyPrint costs a second, paid only when a document is made.
            from app.reports.summary import export_summary_pdf

            return export_summary_pdf(workspace, path, progress=progress)

        run_task(
            work,
            on_done=self._on_export_done,
            on_error=self._on_export_failed,
            on_progress=self._on_export_progressed,
        )

    def _on_export_clicked(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            _("Export the workspace summary"),
            str(self.suggested_path()),
            _("PDF documents (*.pdf)"),
        )
        if chosen:
            self.export_summary(Path(chosen))

    def _on_export_progressed(self, percent: int, message: str) -> None:
        if isValid(self):
            self.progress_bar.setValue(percent)
            if message:
                self.progress_label.setText(message)

    def _on_export_done(self, result: Any) -> None:
        if not isValid(self):
            return  # the workspace was closed meanwhile; the file is written all the same
        self._exporting = False
        self._saved_path = Path(result)
        self._show_idle()
        self.result_label.setStyleSheet("")
        self.result_label.setText(_("Saved to {path}").format(path=self._saved_path))
        self.result_label.show()
        self.open_button.show()
        self.export_finished.emit(self._saved_path)

    def _on_export_failed(self, error: BaseException) -> None:
        if not isValid(self):
            return
        self._exporting = False
        self._show_idle()
        if isinstance(error, UserError):
            message = str(error)
        elif isinstance(error, OSError):
            message = _("{path} could not be written: {reason}").format(
                path=self._target, reason=error.strerror or error
            )
        else:
            message = _("The document could not be made: {error}").format(error=error)
        self.result_label.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.result_label.setText(message)
        self.result_label.show()
        self.export_finished.emit(error)

    def _show_idle(self) -> None:
        self.export_button.setEnabled(True)
        self.progress_bar.hide()
        self.progress_label.hide()
        self.result_label.hide()
        self.open_button.hide()

    def _on_open_clicked(self) -> None:
        if self._saved_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._saved_path)))
