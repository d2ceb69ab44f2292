"""What every page of an open workspace shares: its heading and intro, and re-reading the
workspace when a record it shows has changed (at once while it is visible, else when it is
next shown, so hidden pages cost nothing)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import QLabel, QMessageBox, QVBoxLayout, QWidget
from shiboken6 import isValid

from app.i18n import _
from ui.operations.session import WorkspaceSession

if TYPE_CHECKING:
    from ui.widgets.record_form import RecordForm

HEADING_STYLE = "font-size: 17pt; font-weight: 600;"
ANY_RECORD_TYPE = "*"


class WorkspacePage(QWidget):
    """A page of the main window. Subclasses set the class attributes, build their content
    under `build_page_layout()` and implement `refresh()`; the window and the tests call
    `reload()`."""

    page_name: ClassVar[str]
    title: ClassVar[str]  # N_-marked: translated when shown
    intro: ClassVar[str] = ""  # N_-marked; the grey text under the heading, if any
    # The record types whose changes the page shows; "*" for any.
    watches: ClassVar[tuple[str, ...]] = ()

    def __init__(self, session: WorkspaceSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._stale = True  # nothing read yet: the first show loads the page
        if self.watches:
            session.records_changed.connect(self._on_session_records_changed)

    def build_page_layout(self, space_below_header: int = 8) -> QVBoxLayout:
        """The page's column with its heading and intro in place; the page adds the rest."""
        heading = QLabel(_(self.title))
        heading.setStyleSheet(HEADING_STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 12, 12)
        layout.addWidget(heading)
        if self.intro:
            intro = QLabel(_(self.intro))
            intro.setWordWrap(True)
            intro.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            layout.addWidget(intro)
        layout.addSpacing(space_below_header)
        return layout

    # -- the page contract ---------------------------------------------------------------------

    def reload(self) -> None:
        """Show what the workspace holds now."""
        self._stale = False
        self.refresh()

    def refresh(self) -> None:
        """Re-read the workspace into the page's widgets (each page says how)."""
        raise NotImplementedError

    # -- writing records (the callbacks come back only while the page exists) -----------------

    def _store_form_edits(
        self, form: RecordForm, record_type: str, changes: dict[str, Any]
    ) -> None:
        """Store what the user changed in `form`; if that fails, the form shows what is stored."""
        record = form.record()
        if record is None:
            return

        def failed(_error: BaseException) -> None:
            # The window explains the error; the form goes back to what is stored.
            if isValid(self):
                form.discard_pending()
                self.reload()

        self._session.update_record(record_type, record.id, changes, on_error=failed)

    def _create_record(
        self, record_type: str, values: dict[str, Any], then: Callable[[int], None]
    ) -> None:
        """Store a new record; once it is stored, `then` gets its id (to show it)."""

        def created(result: Any) -> None:
            if isValid(self):
                then(result.record.id)

        self._session.create_record(record_type, values, on_done=created)

    def _confirm_deletion(self, title: str, question: str, consequence: str, verb: str) -> bool:
        """Ask before deleting; `question` names the record, `verb` labels the button."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, question, parent=self)
        box.setInformativeText(consequence)
        delete = box.addButton(verb, QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(box.addButton(QMessageBox.StandardButton.Cancel))
        box.exec()
        return box.clickedButton() is delete

    # -- staying current -----------------------------------------------------------------------

    def _on_session_records_changed(self, record_type: str) -> None:
        watched = (
            record_type == ANY_RECORD_TYPE
            or ANY_RECORD_TYPE in self.watches
            or record_type in self.watches
        )
        if watched:
            if self.isVisible():
                self.reload()
            else:
                self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()
