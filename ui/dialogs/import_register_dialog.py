"""Importing a register from a file: choose it, see which layout it is, map the columns of an
unknown layout, check it (a dry run that lists every problem), then import it with a progress
bar. Reading, checking and writing all run off the GUI thread; the import is one change on the
session's undo stack."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QStandardPaths, Signal
from PySide6.QtGui import QCloseEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.errors import UserError
from app.i18n import N_, _, ngettext
from ui.operations.session import WorkspaceSession
from ui.tasks import run_task

if TYPE_CHECKING:
    from app.services.register_io import ImportReport

_LAYOUT_TEXT = {
    "ours": N_("Recognised: a Privacy Workbench register export."),
    "ico": N_("Recognised: the ICO's documentation template for controllers."),
    "unknown": N_("Unknown layout: say which column holds what, then check the file."),
}
_NOT_IMPORTED = ""
_ERROR_COLOUR = "#b00020"
_NO_LIMIT = 16777215  # QWIDGETSIZE_MAX


class ImportRegisterDialog(QDialog):
    import_finished = Signal(object)  # the ImportReport of a completed import

    def __init__(self, session: WorkspaceSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._path: Path | None = None
        self._layout = ""
        self._running = False
        self._notes_only = False
        self.report: ImportReport | None = None
        self.setWindowTitle(_("Import a register"))
        self.setMinimumWidth(680)
        layout = QVBoxLayout(self)

        intro = QLabel(
            _(
                "Import processing activities from a spreadsheet (XLSX or CSV) or a Privacy "
                "Workbench export (JSON). Our own export and the ICO's documentation template "
                "are recognised; for any other layout, say which column holds what. Nothing is "
                "imported until the whole file is correct."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        file_row = QHBoxLayout()
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("path")
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText(_("No file chosen"))
        self.choose_button = QPushButton(_("Choose…"))
        self.choose_button.setObjectName("choose")
        self.choose_button.clicked.connect(self._on_choose_clicked)
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.choose_button)
        layout.addLayout(file_row)

        self.layout_label = QLabel()
        self.layout_label.setObjectName("layout")
        self.layout_label.setWordWrap(True)
        self.layout_label.hide()
        layout.addWidget(self.layout_label)

        self.mapping_table = QTableWidget(0, 2)
        self.mapping_table.setObjectName("mapping")
        self.mapping_table.setHorizontalHeaderLabels([_("Column in the file"), _("Imported as")])
        self.mapping_table.verticalHeader().hide()
        self.mapping_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.mapping_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.mapping_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.mapping_table.setMinimumHeight(180)
        self.mapping_table.hide()
        layout.addWidget(self.mapping_table, 1)

        self.result_label = QLabel()
        self.result_label.setObjectName("result")
        self.result_label.setWordWrap(True)
        self.result_label.hide()
        layout.addWidget(self.result_label)
        self.problems_view = QPlainTextEdit()
        self.problems_view.setObjectName("problems")
        self.problems_view.setReadOnly(True)
        self.problems_view.setMinimumHeight(100)
        self.problems_view.hide()
        layout.addWidget(self.problems_view, 1)

        # Takes the spare height while neither the table nor the problems are shown, so the
        # dialog's few lines stay at the top instead of spreading over it.
        self.filler = QWidget()
        self.filler.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        layout.addWidget(self.filler, 1)

        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("progress")
        self.progress_bar.setRange(0, 100)
        self.progress_bar.hide()
        layout.addWidget(self.progress_bar)
        self.status_label = QLabel()
        self.status_label.setObjectName("status")
        self.status_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(self.status_label)

        # Check, then Import: in reading order, whatever the platform's button-box order.
        buttons = QHBoxLayout()
        self.check_button = QPushButton(_("Check"))
        self.check_button.setObjectName("check")
        self.check_button.setToolTip(_("Read and check the whole file without importing it"))
        self.import_button = QPushButton(_("Import"))
        self.import_button.setObjectName("import")
        self.import_button.setDefault(True)
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setObjectName("cancel")
        self.check_button.clicked.connect(self._on_check_clicked)
        self.import_button.clicked.connect(self._on_import_clicked)
        self.cancel_button.clicked.connect(self.reject)
        buttons.addStretch(1)
        for button in (self.check_button, self.import_button, self.cancel_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self._update_buttons()

    # -- choosing the file ---------------------------------------------------------------

    def _on_choose_clicked(self) -> None:
        folder = (
            str(self._path.parent)
            if self._path
            else QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        )
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            _("Import a register"),
            folder,
            ";;".join(
                [
                    _("Registers (*.xlsx *.csv *.tsv *.txt *.json)"),
                    _("All files (*)"),
                ]
            ),
        )
        if chosen:
            self.choose_file(Path(chosen))

    def choose_file(self, path: Path) -> None:
        """Take `path` and find out its layout in the background."""
        if self._running:
            return
        self._path = Path(path)
        self._layout = ""
        self.path_edit.setText(str(self._path))
        self.mapping_table.hide()
        self.layout_label.hide()
        self._show_result("", [])

        def work(_progress: Any) -> dict[str, Any]:
            from app.services.register_io import inspect_file, mappable_fields, suggest_mapping

            found = inspect_file(path)
            if found["layout"] == "unknown":
                found["fields"] = mappable_fields()
                found["suggested"] = suggest_mapping(found["headings"])
            return found

        self._start(_("Reading {file}…").format(file=self._path.name), progress=False)
        run_task(work, on_done=self._on_inspected, on_error=self._on_failed)

    def _on_inspected(self, found: dict[str, Any]) -> None:
        if not self._stop():
            return
        self._layout = found["layout"]
        self.layout_label.setText(_(_LAYOUT_TEXT[self._layout]))
        self.layout_label.show()
        if self._layout == "unknown":
            self._fill_mapping(found["headings"], found["fields"], found["suggested"])
        self.status_label.setText("")
        self._update_buttons()

    def _fill_mapping(
        self, headings: list[str], fields: dict[str, str], suggested: dict[str, str]
    ) -> None:
        chosen = {heading: path for path, heading in suggested.items()}
        self.mapping_table.setRowCount(len(headings))
        for row, heading in enumerate(headings):
            item = QTableWidgetItem(heading)
            item.setToolTip(heading)
            self.mapping_table.setItem(row, 0, item)
            box = QComboBox()
            box.setObjectName(f"map_{row}")
            box.addItem(_("— not imported —"), _NOT_IMPORTED)
            for path, label in fields.items():
                box.addItem(label, path)
            box.setCurrentIndex(max(0, box.findData(chosen.get(heading, _NOT_IMPORTED))))
            box.currentIndexChanged.connect(self._on_mapping_changed)
            self.mapping_table.setCellWidget(row, 1, box)
        self.mapping_table.show()
        self._update_filler()

    def _on_mapping_changed(self, _index: int) -> None:
        self._show_result("", [])
        self._update_buttons()

    def mapping(self) -> dict[str, str] | None:
        """{our field: their heading} from the table; None for a layout we recognise."""
        if self._layout != "unknown":
            return None
        mapping: dict[str, str] = {}
        for row in range(self.mapping_table.rowCount()):
            box = self.mapping_table.cellWidget(row, 1)
            heading = self.mapping_table.item(row, 0)
            if isinstance(box, QComboBox) and heading is not None and box.currentData():
                mapping.setdefault(str(box.currentData()), heading.text())
        return mapping

    def _mapping_problem(self) -> str | None:
        mapping = self.mapping()
        if mapping is None:
            return None
        chosen = [
            box.currentText()
            for row in range(self.mapping_table.rowCount())
            if isinstance(box := self.mapping_table.cellWidget(row, 1), QComboBox)
            and box.currentData()
        ]
        twice = sorted({label for label in chosen if chosen.count(label) > 1})
        if twice:
            return _("“{field}” is chosen for two columns; keep one.").format(field=twice[0])
        if not {"name", "purposes.purpose"} & set(mapping):
            return _("Choose the column that names each activity (Name, or Purposes: Purpose).")
        return None

    # -- checking and importing ----------------------------------------------------------

    def _on_check_clicked(self) -> None:
        self._run(dry_run=True)

    def _on_import_clicked(self) -> None:
        self._run(dry_run=False)

    def _run(self, *, dry_run: bool) -> None:
        if self._path is None or self._running or not self._layout:
            return
        problem = self._mapping_problem()
        if problem:
            self._show_result(problem, [], error=True)
            return
        path, mapping = self._path, self.mapping()
        workspace, actor = self._session.workspace, self._session.actor

        def work(progress: Any) -> ImportReport:
            from app.services.register_io import import_register

            return import_register(
                workspace, path, mapping=mapping, dry_run=dry_run, progress=progress, actor=actor
            )

        self._start(_("Checking…") if dry_run else _("Importing…"), progress=not dry_run)
        run_task(
            work,
            on_done=self._on_checked if dry_run else self._on_imported,
            on_error=self._on_failed,
            on_progress=self._on_progressed,
            writes=not dry_run,  # behind every other write, and one at a time
        )

    def _on_progressed(self, percent: int, message: str) -> None:
        if isValid(self.progress_bar):
            self.progress_bar.setValue(percent)
            if message:
                self.status_label.setText(message)

    def _on_checked(self, report: ImportReport) -> None:
        if not self._stop():
            return
        ready = _("{activities} and {vendors} ready to import.").format(
            activities=ngettext("{n} activity", "{n} activities", report.activities).format(
                n=report.activities
            ),
            vendors=ngettext("{n} vendor", "{n} vendors", report.vendors).format(n=report.vendors),
        )
        self._show_result(ready, report.notes)
        self.status_label.setText("")

    def _on_imported(self, report: ImportReport) -> None:
        self.report = report
        if report.change is not None:
            self._session.remember_change(report.change)
        self._session.records_changed.emit("*")
        if not self._stop():
            return
        self.import_finished.emit(report)
        self.accept()

    def _on_failed(self, error: BaseException) -> None:
        if not self._stop():
            return
        self.status_label.setText("")
        from app.services.register_io import RegisterImportError

        if isinstance(error, RegisterImportError) and [p.row for p in error.errors] == [None]:
            self._show_result(str(error.errors[0]), [], error=True)  # the file as a whole
        elif isinstance(error, RegisterImportError):
            self._show_result(
                _("{summary} Fix the file and check it again.").format(summary=error),
                [str(problem) for problem in error.errors],
                error=True,
            )
        elif isinstance(error, UserError):
            self._show_result(str(error), [], error=True)
        else:
            self._show_result(
                _("The import failed unexpectedly: {error}").format(error=error), [], error=True
            )

    # -- state ---------------------------------------------------------------------------

    def _start(self, message: str, *, progress: bool) -> None:
        self._running = True
        self._show_result("", [])  # the last check's answer no longer holds
        self.status_label.setText(message)
        self.progress_bar.setValue(0)
        self.progress_bar.setVisible(progress)
        self._update_buttons()

    def _stop(self) -> bool:
        """The task is over; False when the dialog was closed meanwhile."""
        self._running = False
        if not isValid(self.progress_bar):
            return False
        self.progress_bar.hide()
        self._update_buttons()
        return True

    def _show_result(self, text: str, lines: list[str], *, error: bool = False) -> None:
        self.result_label.setText(text)
        self.result_label.setStyleSheet(f"color: {_ERROR_COLOUR};" if error else "")
        self.result_label.setVisible(bool(text))
        self.problems_view.setPlainText("\n".join(lines))
        self.problems_view.setVisible(bool(lines))
        # Problems take the room they need; a few notes a few lines.
        self.problems_view.setMaximumHeight(_NO_LIMIT if error else 110)
        self._notes_only = not error
        self._update_filler()

    def _update_filler(self) -> None:
        self.filler.setVisible(
            self.mapping_table.isHidden() and (self.problems_view.isHidden() or self._notes_only)
        )

    def _update_buttons(self) -> None:
        ready = self._path is not None and bool(self._layout) and not self._running
        self.check_button.setEnabled(ready)
        self.import_button.setEnabled(ready)
        self.choose_button.setEnabled(not self._running)
        self.cancel_button.setEnabled(not self._running)
        self.mapping_table.setEnabled(not self._running)

    def reject(self) -> None:
        if not self._running:  # a running import finishes (all or nothing) before closing
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._running:
            event.ignore()
        else:
            super().closeEvent(event)
