"""Starting the GUI: the QApplication, the main window, and the screenshot mode.

`run_gui` is what `privacy-workbench` (no arguments) and `privacy-workbench gui` call.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from app import APP_ID, APP_NAME, __version__
from app.errors import UserError
from app.resources import RESOURCES
from ui.main_window import MainWindow
from ui.tasks import wait_for_tasks


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setOrganizationName(APP_ID)
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setWindowIcon(QIcon(str(RESOURCES / "icons" / "app.svg")))
    app.setApplicationDisplayName(APP_NAME)
    return app


def run_gui(
    workspace: str | None = None, screenshot: Path | None = None, page: str | None = None
) -> int:
    """Open the main window; with `screenshot`, render it to a PNG and return."""
    app = make_application()
    window = MainWindow()
    if screenshot is not None:
        return _screenshot(app, window, workspace, screenshot, page)
    window.show()
    location = workspace or window.state.last_workspace()
    if location:
        window.open_workspace(location)
    code = app.exec()
    wait_for_tasks()
    return code


def _screenshot(
    app: QApplication, window: MainWindow, workspace: str | None, output: Path, page: str | None
) -> int:
    """Synchronous on purpose: the picture must show the workspace, not a progress bar."""
    from app.storage.workspace import Workspace

    if workspace:
        window.attach(Workspace.open(workspace))
    if page and page != "start":
        if window.session is None:
            raise UserError("--page needs a workspace (-w)")
        window.show_page(page)
    window.resize(1280, 820)
    window.show()
    for _round in range(5):  # let layouts, background loads and deferred paints settle
        wait_for_tasks()
        app.processEvents()
    if not window.grab().save(str(output)):
        raise UserError(f"cannot write the screenshot to {output}")
    print(output)
    window.detach()
    window.close()
    wait_for_tasks()  # a load the pages started must not outlive the app's objects
    return 0
