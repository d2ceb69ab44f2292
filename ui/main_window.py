"""The main window: the start screen until a workspace is open, then its pages.

It owns the workspace session, the menus and shortcuts, undo and redo, the status bar that
confirms each stored change, and the explanations of failed writes (conflicts above all).
"""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

# Not the Qt namespace: building it costs ~15 ms, a tenth of the start-up budget.
from PySide6.QtCore import QSignalBlocker, QSize, QTime, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QStackedWidget,
    QWidget,
)

from app import APP_NAME, __version__
from app.errors import UserError
from app.i18n import _
from app.paths import default_workspaces_dir
from app.settings import load_settings
from ui.dialogs.failed_write import explain_failed_write
from ui.tasks import run_task, wait_for_tasks
from ui.views.start_page import StartPage
from ui.widgets.reminder_bar import ReminderBar
from ui.window_state import WindowState

if TYPE_CHECKING:
    from app.storage.workspace import Workspace
    from ui.operations.request_operations import Reminders
    from ui.operations.session import WorkspaceSession
    from ui.views.workspace_page import WorkspacePage

# The start screen must show fast (DESIGN.md: at most 1.5x a bare window), so everything that
# pulls in the storage stack (SQLAlchemy, Alembic, SQLModel: about half a second) is imported
# only when a workspace is created or opened, and then on a worker thread where possible.

log = logging.getLogger(__name__)

# The signals by which a page asks to show a record of another page, and the page that shows
# it (None: the signal names the page). The target page's show_record(id) opens the record.
RECORD_SIGNALS = {
    "activity_requested": "register",  # e.g. the vendors page's "used by" list
    "dpia_requested": "dpia",  # e.g. a screening or a plan that started a DPIA
    "record_requested": None,  # the dashboard's findings and lists
}


class MainWindow(QMainWindow):
    workspace_attached = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.state = WindowState()
        self.settings = load_settings()
        self.session: WorkspaceSession | None = None
        self.pages: dict[str, WorkspacePage] = {}
        self._opening = False
        self.reminder_bar: ReminderBar | None = None

        self.start_page = StartPage()
        self.start_page.new_requested.connect(self.new_workspace)
        self.start_page.open_requested.connect(self.choose_workspace)
        self.start_page.demo_requested.connect(self.create_demo)
        self.start_page.recent_chosen.connect(self.open_workspace)

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(190)
        self.navigation.setIconSize(QSize(18, 18))
        self.navigation.setStyleSheet(
            "QListWidget { font-size: 11pt; outline: 0; } QListWidget::item { padding: 8px 10px; }"
        )
        self.navigation.currentRowChanged.connect(self._on_navigation_row_changed)
        self.page_stack = QStackedWidget()
        workspace_view = QWidget()
        row = QHBoxLayout(workspace_view)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.navigation)
        row.addWidget(self.page_stack, 1)

        self.central = QStackedWidget()
        self.central.addWidget(self.start_page)
        self.central.addWidget(workspace_view)
        self.setCentralWidget(self.central)

        self.saved_label = QLabel()
        self.saved_label.setObjectName("saved_label")
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(200)
        self.progress.hide()
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.saved_label)

        self._build_actions()
        self.resize(1280, 820)
        geometry = self.state.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        self._show_start()

    # -- menus and shortcuts -----------------------------------------------------------------

    def _action(
        self,
        text: str,
        slot: object,
        shortcut: QKeySequence | str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        menus = self.menuBar()
        file_menu = menus.addMenu(_("&File"))
        file_menu.addAction(
            self._action(_("&New workspace…"), self.new_workspace, QKeySequence.StandardKey.New)
        )
        file_menu.addAction(
            self._action(
                _("&Open workspace…"), self.choose_workspace, QKeySequence.StandardKey.Open
            )
        )
        self.recent_menu = file_menu.addMenu(_("Open &recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addAction(self._action(_("Create &demo workspace…"), self.create_demo))
        file_menu.addSeparator()
        self.close_action = self._action(
            _("&Close workspace"), self.close_workspace, QKeySequence.StandardKey.Close
        )
        file_menu.addAction(self.close_action)
        file_menu.addSeparator()
        file_menu.addAction(self._action(_("&Quit"), self.close, QKeySequence.StandardKey.Quit))

        edit_menu = menus.addMenu(_("&Edit"))
        self.undo_action = self._action(_("&Undo"), self._on_undo_triggered)
        self.undo_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
        self.redo_action = self._action(_("&Redo"), self._on_redo_triggered)
        # Ctrl+Shift+Z everywhere, and the platform's own redo key (Ctrl+Y on Windows).
        redo_keys = [QKeySequence("Ctrl+Shift+Z")]
        redo_keys += [
            key
            for key in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
            if key not in redo_keys
        ]
        self.redo_action.setShortcuts(redo_keys)
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)

        self.go_menu = menus.addMenu(_("&Go"))
        help_menu = menus.addMenu(_("&Help"))
        help_menu.addAction(self._action(_("&About Privacy Workbench"), self._on_about_triggered))
        self._update_undo_actions()

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.state.recent_workspaces()
        for location in recent:
            action = self.recent_menu.addAction(location)
            action.triggered.connect(lambda _c=False, where=location: self.open_workspace(where))
        if not recent:
            self.recent_menu.addAction(_("No recent workspaces")).setEnabled(False)

    # -- start screen and workspace life cycle ------------------------------------------------

    def _show_start(self) -> None:
        self.start_page.set_recent(self.state.recent_workspaces())
        self.central.setCurrentWidget(self.start_page)
        self.setWindowTitle(APP_NAME)
        self.setWindowFilePath("")
        self.saved_label.setText("")
        self.close_action.setEnabled(False)
        self.go_menu.setEnabled(False)
        self._update_undo_actions()

    def choose_workspace(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Open workspace"),
            str(default_workspaces_dir()),
            _("Privacy Workbench workspaces (*.pwb);;All files (*)"),
        )
        if path:
            self.open_workspace(path)

    def new_workspace(self) -> None:
        from ui.dialogs.new_workspace_dialog import NewWorkspaceDialog

        dialog = NewWorkspaceDialog(self)
        if dialog.exec() != NewWorkspaceDialog.DialogCode.Accepted:
            return
        target, organisation = dialog.target(), dialog.organisation()

        def create(progress: object) -> str:
            from app.services.workspaces import create_workspace

            workspace = create_workspace(target, organisation, actor=self.settings.user_name)
            location = workspace.location
            workspace.close()
            return location

        self._busy(_("Creating the workspace…"))
        run_task(create, on_done=self._on_workspace_created, on_error=self._on_open_failed)

    def create_demo(self) -> None:
        suggested = default_workspaces_dir() / _("Demo – Maison Lumière.pwb")
        path, _filter = QFileDialog.getSaveFileName(
            self,
            _("Create the demo workspace"),
            str(suggested),
            _("Privacy Workbench workspaces (*.pwb)"),
        )
        if not path:
            return
        target = Path(path if path.endswith(".pwb") else path + ".pwb")
        if self.session is not None and self.session.workspace.target.path == target:
            self.close_workspace()

        def create(progress: object) -> str:
            from app.services.demo import create_demo_workspace

            target.parent.mkdir(parents=True, exist_ok=True)
            # The file dialog already asked whether to replace an existing file.
            for leftover in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
                leftover.unlink(missing_ok=True)
            workspace = create_demo_workspace(target)
            workspace.close()
            return str(target)

        self._busy(_("Creating the demo workspace…"))
        run_task(create, on_done=self._on_workspace_created, on_error=self._on_open_failed)

    def _on_workspace_created(self, location: object) -> None:
        self._idle()
        self.open_workspace(str(location))

    def open_workspace(self, location: str) -> None:
        """Open in the background (a migration or a slow server must not freeze the window)."""
        if self._opening:
            return
        self._opening = True
        migrated: list[str] = []

        def open_it(progress: object) -> Workspace:
            from app.storage.workspace import Workspace

            return Workspace.open(location, on_migrate=lambda backup: migrated.append(str(backup)))

        def done(workspace: Workspace) -> None:
            self._opening = False
            self._idle()
            self.attach(workspace)
            if migrated:
                QMessageBox.information(
                    self,
                    _("Workspace upgraded"),
                    _(
                        "This workspace was made by an earlier version and has been upgraded. A "
                        "copy of it as it was is kept at:\n{backup}"
                    ).format(backup=migrated[0]),
                )

        def failed(error: BaseException) -> None:
            self._opening = False
            self._on_open_failed(error, location)

        self._busy(_("Opening {location}…").format(location=location))
        run_task(open_it, on_done=done, on_error=failed)

    def _on_open_failed(self, error: BaseException, location: str | None = None) -> None:
        self._idle()
        if not isinstance(error, UserError):
            log.error("could not open a workspace", exc_info=error)
        QMessageBox.warning(self, _("Cannot open the workspace"), str(error))
        if location and location in self.state.recent_workspaces():
            from app.errors import NotAWorkspace, WorkspaceNotFound

            if isinstance(error, WorkspaceNotFound | NotAWorkspace):
                self.state.remove_recent(location)
                self.start_page.set_recent(self.state.recent_workspaces())

    def attach(self, workspace: Workspace) -> None:
        """Show an open workspace (also used by the screenshot command, synchronously)."""
        from ui.operations.session import WorkspaceSession
        from ui.pages import PAGE_CLASSES

        self.detach()
        self.session = WorkspaceSession(workspace, self.settings.user_name, self)
        self.session.change_saved.connect(self._on_session_change_saved)
        self.session.write_failed.connect(self._on_session_write_failed)
        self.session.undo_changed.connect(self._update_undo_actions)
        self.session.busy_changed.connect(self._on_session_busy_changed)
        self.state.add_recent(workspace.location)

        self.navigation.blockSignals(True)
        self.navigation.clear()
        self.go_menu.clear()
        for index, page_class in enumerate(PAGE_CLASSES):
            page = page_class(self.session)
            self.pages[page_class.page_name] = page
            for signal_name, target in RECORD_SIGNALS.items():
                signal = getattr(page, signal_name, None)
                if signal is not None:
                    signal.connect(
                        partial(self.show_record, target) if target else self.show_record
                    )
            self.page_stack.addWidget(page)
            self.navigation.addItem(QListWidgetItem(_(page_class.title)))
            action = self.go_menu.addAction(_(page_class.title))
            if index < 10:  # Ctrl+1 ... Ctrl+9, then Ctrl+0 for the tenth page
                action.setShortcut(QKeySequence(f"Ctrl+{(index + 1) % 10}"))
            action.triggered.connect(
                lambda _c=False, name=page_class.page_name: self.show_page(name)
            )
        self.navigation.blockSignals(False)
        self.go_menu.setEnabled(True)
        self.close_action.setEnabled(True)
        # The first page is loaded before the workspace view appears, so it loads once.
        self.show_page(PAGE_CLASSES[0].page_name)
        self.central.setCurrentIndex(1)
        self.setWindowTitle(f"{workspace.display_name} — {APP_NAME}")
        if workspace.target.path is not None:
            self.setWindowFilePath(str(workspace.target.path))
        self.saved_label.setText(_("All changes are stored"))
        self._update_undo_actions()
        self._check_reminders()
        self.workspace_attached.emit()

    def detach(self) -> None:
        if self.session is None:
            return
        wait_for_tasks()  # pending writes finish: nothing is lost
        for page in self.pages.values():
            self.page_stack.removeWidget(page)
            page.deleteLater()
        self.pages.clear()
        self.navigation.clear()
        self.session.close()
        self.session.deleteLater()
        self.session = None
        self.dismiss_reminders()

    def close_workspace(self) -> None:
        self.detach()
        self.state.forget_last()
        self._show_start()

    def show_page(self, name: str) -> None:
        page = self.pages.get(name)
        if page is None:
            raise UserError(
                _("There is no page “{name}”; the pages are: {names}").format(
                    name=name, names=", ".join(self.pages)
                )
            )
        # Read before showing, every time: a page only hears of this window's own writes, so
        # navigating is when it picks up changes made elsewhere (another window, a colleague on
        # the same server). Reloading first leaves the page fresh, so its showEvent does not
        # load it a second time.
        page.reload()
        self.page_stack.setCurrentWidget(page)
        row = list(self.pages).index(name)
        if self.navigation.currentRow() != row:
            with QSignalBlocker(self.navigation):  # it would ask for this page again
                self.navigation.setCurrentRow(row)

    # -- reminders: what is due, said when a workspace opens ---------------------------------

    def _check_reminders(self) -> None:
        session = self.session
        if session is None:
            return

        def done(reminders: Reminders) -> None:
            if self.session is session and reminders.any:
                self._show_reminders(reminders)

        def failed(error: BaseException) -> None:
            log.warning("could not read the reminders: %s", error)

        run_task(lambda _progress: session.reminders(), on_done=done, on_error=failed)

    def _show_reminders(self, due: Reminders) -> None:
        """A banner above the pages (never a dialog in the way) and a status-bar message."""
        self.statusBar().showMessage(due.summary(), 15000)
        self.dismiss_reminders()
        self.reminder_bar = ReminderBar(due, self)
        self.reminder_bar.page_requested.connect(self.show_page)
        self.reminder_bar.dismissed.connect(self.dismiss_reminders)
        self.addToolBar(self.reminder_bar)

    def dismiss_reminders(self) -> None:
        if self.reminder_bar is not None:
            self.removeToolBar(self.reminder_bar)
            self.reminder_bar.deleteLater()
            self.reminder_bar = None

    def show_record(self, page_name: str, record_id: int) -> None:
        """Show a record another page points at, on the page that shows it."""
        page = self.pages.get(page_name)
        if page is None:  # a record kind this version has no page for
            self.statusBar().showMessage(_("No page shows this record."), 8000)
            return
        self.show_page(page_name)
        show = getattr(page, "show_record", None) or getattr(page, "select", None)
        if show is not None:
            show(record_id)

    def current_page_name(self) -> str | None:
        row = self.navigation.currentRow()
        return list(self.pages)[row] if 0 <= row < len(self.pages) else None

    def _on_navigation_row_changed(self, row: int) -> None:
        if 0 <= row < len(self.pages):
            self.show_page(list(self.pages)[row])

    # -- feedback -------------------------------------------------------------------------

    def _busy(self, message: str) -> None:
        self.statusBar().showMessage(message)
        self.progress.setRange(0, 0)
        self.progress.show()

    def _idle(self) -> None:
        self.statusBar().clearMessage()
        self.progress.hide()

    def _on_session_busy_changed(self, busy: bool) -> None:
        if busy:
            self.saved_label.setText(_("Saving…"))
        self._update_undo_actions()

    def _on_session_change_saved(self, result: object) -> None:
        summary = getattr(result, "summary", "")
        time = QTime.currentTime().toString("HH:mm:ss")
        self.saved_label.setText(_("Stored at {time}").format(time=time))
        self.statusBar().showMessage(_("Stored: {summary}").format(summary=summary), 8000)

    def _on_session_write_failed(self, error: object, request: object) -> None:
        assert self.session is not None
        self.saved_label.setText(_("Not stored"))
        explain_failed_write(self, self.session, error, request)

    def _update_undo_actions(self) -> None:
        session = self.session
        can_undo = session is not None and session.can_undo()
        can_redo = session is not None and session.can_redo()
        self.undo_action.setEnabled(can_undo)
        self.redo_action.setEnabled(can_redo)
        self.undo_action.setText(
            _("&Undo {what}").format(what=session.undo_text())
            if can_undo and session
            else _("&Undo")
        )
        self.redo_action.setText(
            _("&Redo {what}").format(what=session.redo_text())
            if can_redo and session
            else _("&Redo")
        )

    def _on_undo_triggered(self) -> None:
        if self.session is not None:
            self.session.undo()

    def _on_redo_triggered(self) -> None:
        if self.session is not None:
            self.session.redo()

    def _on_about_triggered(self) -> None:
        QMessageBox.about(
            self,
            _("About Privacy Workbench"),
            _(
                "<b>Privacy Workbench {version}</b><p>Plan, analyse, record and document the "
                "processing of personal data under the GDPR, on your own machine.</p><p>This tool "
                "helps you apply the law; it is not legal advice.</p>"
            ).format(version=__version__),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self.state.set_geometry(self.saveGeometry())
        self.detach()
        event.accept()
