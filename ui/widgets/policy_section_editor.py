"""Rewording the sections of a privacy policy: pick a section, change its words, save; go back
to the text written from the register; and, when the register changed under a rewording,
keep it (after reading it again) or drop it.

The widget only shows and asks: the page stores what is asked through the session.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.policy_sections import Section
from app.i18n import _

REVIEW_COLOUR = "#b26a00"
KEY_ROLE = Qt.ItemDataRole.UserRole + 1


class PolicySectionEditor(QWidget):
    reword_requested = Signal(str, str)  # section key, new text
    reset_requested = Signal(str)  # section key: back to the generated text
    keep_requested = Signal(str)  # section key: keep a rewording after the facts changed
    section_selected = Signal(str)  # section key: the preview shows it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._sections: dict[str, Section] = {}
        self.section_list = QListWidget()
        self.section_list.setObjectName("policy_sections")
        self.section_list.currentItemChanged.connect(self._on_section_list_current_changed)

        self.status_label = QLabel()
        self.status_label.setObjectName("section_status")
        self.status_label.setWordWrap(True)
        self.text_edit = QPlainTextEdit()
        self.text_edit.setObjectName("section_text")
        self.text_edit.setPlaceholderText(_("The section's text"))
        self.text_edit.textChanged.connect(self._update_buttons)
        hint = QLabel(
            _(
                "A blank line starts a paragraph; “- ” starts a bullet and “# ” a sub-heading. "
                "Your wording is kept until the register changes the facts under it."
            )
        )
        hint.setWordWrap(True)
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.generated_label = QLabel(_("Written from the register:"))
        self.generated_view = QPlainTextEdit()
        self.generated_view.setObjectName("generated_text")
        self.generated_view.setReadOnly(True)
        self.generated_view.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.save_button = QPushButton(_("Save wording"))
        self.save_button.setObjectName("save_wording")
        self.save_button.clicked.connect(self._on_save_clicked)
        self.keep_button = QPushButton(_("Keep my wording"))
        self.keep_button.setObjectName("keep_wording")
        self.keep_button.setToolTip(_("You have checked it: it still says what the register says."))
        self.keep_button.clicked.connect(lambda: self._emit(self.keep_requested))
        self.reset_button = QPushButton(_("Use the generated text"))
        self.reset_button.setObjectName("reset_wording")
        self.reset_button.clicked.connect(lambda: self._emit(self.reset_requested))
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)

        editor = QWidget()
        column = QVBoxLayout(editor)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.status_label)
        column.addWidget(self.text_edit, 3)
        column.addWidget(hint)
        column.addLayout(buttons)
        column.addWidget(self.generated_label)
        column.addWidget(self.generated_view, 2)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.section_list)
        splitter.addWidget(editor)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        self.section_list.setMinimumHeight(120)
        splitter.setSizes([200, 600])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self._show(None)

    # -- what the page calls -------------------------------------------------------------------

    def show_sections(self, sections: Sequence[Section]) -> None:
        """Show the policy's sections; the one being edited stays selected, and text typed but
        not saved stays as it is."""
        current = self.current_key()
        unsaved = self.text_edit.toPlainText() if self._dirty() else None
        self._sections = {s.key: s for s in sections if s.editable}
        self.section_list.blockSignals(True)
        self.section_list.clear()
        for section in self._sections.values():
            label = section.title
            if section.review:
                label = _("{title} — review").format(title=section.title)
            elif section.reworded:
                label = _("{title} — reworded").format(title=section.title)
            item = QListWidgetItem(label)
            item.setData(KEY_ROLE, section.key)
            if section.review:
                item.setForeground(QBrush(QColor(REVIEW_COLOUR)))
            if section.reworded or section.review:
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
            self.section_list.addItem(item)
            if section.key == current:
                self.section_list.setCurrentItem(item)
        self.section_list.blockSignals(False)
        if self.section_list.currentItem() is None and self.section_list.count():
            # Filling the list is no choice of the user's: the preview stays where it is.
            self.blockSignals(True)
            self.section_list.setCurrentRow(0)
            self.blockSignals(False)
        self._show(self._sections.get(self.current_key() or ""))
        if unsaved is not None and self.current_key() == current:
            self.text_edit.setPlainText(unsaved)

    def select(self, key: str) -> None:
        for row in range(self.section_list.count()):
            if self.section_list.item(row).data(KEY_ROLE) == key:
                self.section_list.setCurrentRow(row)
                return

    def current_key(self) -> str | None:
        item = self.section_list.currentItem()
        return str(item.data(KEY_ROLE)) if item is not None else None

    def current_section(self) -> Section | None:
        return self._sections.get(self.current_key() or "")

    # -- showing one section -------------------------------------------------------------------

    def _on_section_list_current_changed(self, *_items: object) -> None:
        self._show(self.current_section())
        key = self.current_key()
        if key:
            self.section_selected.emit(key)

    def _show(self, section: Section | None) -> None:
        self.text_edit.blockSignals(True)
        if section is None:
            self.text_edit.setPlainText("")
            self.generated_view.setPlainText("")
            self.status_label.setText(_("Choose a section to reword it."))
        else:
            self.text_edit.setPlainText(section.rewording or section.generated_text)
            self.generated_view.setPlainText(section.generated_text)
            self.status_label.setText(self._status(section))
        # The generated text beside the consultant's, to compare; alone it would repeat itself.
        compare = section is not None and section.rewording is not None
        self.generated_label.setVisible(compare)
        self.generated_view.setVisible(compare)
        self.status_label.setStyleSheet(
            f"color: {REVIEW_COLOUR}; font-weight: 600;" if section and section.review else ""
        )
        self.text_edit.blockSignals(False)
        self._update_buttons()

    @staticmethod
    def _status(section: Section) -> str:
        if section.review:
            return _(
                "The register changed the facts under your wording. The policy uses the text "
                "written from the register until you keep your wording (after checking it) or "
                "drop it."
            )
        if section.reworded:
            return _("Your wording. It stays while the register's facts stay the same.")
        return _("Written from the register. Change the text and save it to use your own words.")

    def _dirty(self) -> bool:
        section = self.current_section()
        if section is None:
            return False
        shown = section.rewording or section.generated_text
        return self.text_edit.toPlainText() != shown

    def _update_buttons(self) -> None:
        section = self.current_section()
        text = self.text_edit.toPlainText().strip()
        editable = section is not None
        self.text_edit.setEnabled(editable)
        self.save_button.setEnabled(
            editable
            and bool(text)
            and (self._dirty() or bool(section and section.review))
            and text != (section.generated_text.strip() if section else "")
        )
        self.keep_button.setVisible(bool(section and section.review))
        self.reset_button.setEnabled(bool(section and section.rewording is not None))
        self.reset_button.setText(
            _("Drop my wording") if section and section.review else _("Use the generated text")
        )

    def _on_save_clicked(self) -> None:
        key = self.current_key()
        if key:
            self.reword_requested.emit(key, self.text_edit.toPlainText())

    def _emit(self, signal: Signal) -> None:
        key = self.current_key()
        if key:
            signal.emit(key)  # type: ignore[attr-defined]
