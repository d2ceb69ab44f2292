"""A small formatted-text editor for answers: bold, italic, bullet and numbered lists.

What it stores is never Qt's own HTML document (a page of styles and spans): the text is
written out as the few tags the app allows (paragraphs, lists, strong, em, u, h3/h4) and then
sanitised, so what the user types is always text, never markup, and a stored answer is as
small as it looks. Like the other fields it is stored when the user leaves it.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QKeyCombination, QObject, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence, QTextBlock, QTextListFormat
from PySide6.QtWidgets import QHBoxLayout, QTextEdit, QToolButton, QVBoxLayout, QWidget

from app.domain.rich_text import sanitise_html
from app.i18n import _

_ORDERED = {
    QTextListFormat.Style.ListDecimal,
    QTextListFormat.Style.ListLowerAlpha,
    QTextListFormat.Style.ListUpperAlpha,
    QTextListFormat.Style.ListLowerRoman,
    QTextListFormat.Style.ListUpperRoman,
}
_LINE_SEPARATOR = "\u2028"  # Shift+Enter inside a paragraph
_CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
# Lists from the keyboard, as in common word processors: Ctrl+Shift+8 bullets, +7 numbers.
_LIST_KEYS = {
    QKeyCombination(_CTRL_SHIFT, Qt.Key.Key_8): QTextListFormat.Style.ListDisc,
    QKeyCombination(_CTRL_SHIFT, Qt.Key.Key_Asterisk): QTextListFormat.Style.ListDisc,
    QKeyCombination(_CTRL_SHIFT, Qt.Key.Key_7): QTextListFormat.Style.ListDecimal,
    QKeyCombination(_CTRL_SHIFT, Qt.Key.Key_Ampersand): QTextListFormat.Style.ListDecimal,
}


def _inline(block: QTextBlock, *, heading: bool) -> str:
    """A block's text with its emphasis as <strong>, <em> and <u>, everything escaped."""
    parts = []
    fragments = block.begin()
    while not fragments.atEnd():
        fragment = fragments.fragment()
        if fragment.isValid():
            text = html.escape(fragment.text(), quote=False).replace(_LINE_SEPARATOR, "<br>")
            char = fragment.charFormat()
            if char.fontUnderline():
                text = f"<u>{text}</u>"
            if char.fontItalic():
                text = f"<em>{text}</em>"
            if char.fontWeight() >= QFont.Weight.Bold.value and not heading:
                text = f"<strong>{text}</strong>"
            parts.append(text)
        fragments += 1
    return "".join(parts)


def document_html(edit: QTextEdit) -> str:
    """The editor's content as the app's small, sanitised HTML ("" when empty)."""
    parts: list[str] = []
    open_list: tuple[int, str] | None = None  # (first block of the list, "ul" | "ol")
    block = edit.document().begin()
    while block.isValid():
        text_list = block.textList()
        if text_list is not None:
            tag = "ol" if text_list.format().style() in _ORDERED else "ul"
            key = (text_list.item(0).blockNumber(), tag)
            if open_list != key:
                if open_list is not None:
                    parts.append(f"</{open_list[1]}>")
                parts.append(f"<{tag}>")
                open_list = key
            parts.append(f"<li>{_inline(block, heading=False)}</li>")
        else:
            if open_list is not None:
                parts.append(f"</{open_list[1]}>")
                open_list = None
            level = block.blockFormat().headingLevel()
            tag = f"h{level}" if level in (3, 4) else "p"
            content = _inline(block, heading=tag != "p")
            if content.strip():
                parts.append(f"<{tag}>{content}</{tag}>")
        block = block.next()
    if open_list is not None:
        parts.append(f"</{open_list[1]}>")
    return sanitise_html("".join(parts))


class RichTextEditor(QWidget):
    """A text box with a small formatting bar; `edited` carries the sanitised HTML."""

    edited = Signal(str)  # the user left the editor after changing it

    def __init__(
        self, parent: QWidget | None = None, *, lines: int = 4, max_lines: int = 14
    ) -> None:
        super().__init__(parent)
        self._stored = ""
        self.edit = QTextEdit()
        self.edit.setObjectName("rich_text")
        self.edit.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self.edit.setAcceptRichText(True)
        self.edit.installEventFilter(self)
        line = self.edit.fontMetrics().lineSpacing()
        margins = int(self.edit.document().documentMargin() * 2) + self.edit.frameWidth() * 2 + 4
        self._min_height = line * lines + margins
        self._max_height = line * max_lines + margins
        self.edit.setMinimumHeight(self._min_height)
        self.edit.setFixedHeight(self._min_height)
        self.edit.document().contentsChanged.connect(self._fit_height)

        self.bold = self._tool("B", _("Bold (Ctrl+B)"), self._on_bold_clicked, bold=True)
        self.italic = self._tool("I", _("Italic (Ctrl+I)"), self._on_italic_clicked, italic=True)
        self.bullets = self._tool("•", _("Bulleted list (Ctrl+Shift+8)"), self._on_bullets_clicked)
        self.numbers = self._tool("1.", _("Numbered list (Ctrl+Shift+7)"), self._on_numbers_clicked)
        self.edit.currentCharFormatChanged.connect(self._show_format)

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(2)
        for button in (self.bold, self.italic, self.bullets, self.numbers):
            bar.addWidget(button)
        bar.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(bar)
        column.addWidget(self.edit)
        self.setFocusProxy(self.edit)

    def _tool(
        self, text: str, tip: str, slot: object, *, bold: bool = False, italic: bool = False
    ) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        # Clicking a button must not take the focus away (leaving the field stores it).
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setAutoRaise(True)
        button.setCheckable(bold or italic)
        font = button.font()
        font.setBold(bold)
        font.setItalic(italic)
        button.setFont(font)
        button.setMinimumWidth(26)
        button.clicked.connect(slot)
        return button

    # -- public API ----------------------------------------------------------------------------

    def html(self) -> str:
        """What the editor holds now, as it would be stored."""
        return document_html(self.edit)

    def stored_html(self) -> str:
        return self._stored

    def set_html(self, text: str | None) -> None:
        """Show stored text (emits nothing); an edit in progress in the field is kept."""
        text = text or ""
        if self.edit.document().isModified() and self.edit.hasFocus():
            self._stored = text
            return
        if text == self._stored and not self.edit.document().isModified():
            return  # already shown: the cursor stays where the user left it
        with QSignalBlocker(self.edit):
            self.edit.setHtml(text)
        self.edit.document().setModified(False)
        self._stored = text
        self._fit_height()

    def set_placeholder(self, text: str) -> None:
        self.edit.setPlaceholderText(text)

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)
        for button in (self.bold, self.italic, self.bullets, self.numbers):
            button.setEnabled(not read_only)

    def plain_text(self) -> str:
        return self.edit.toPlainText()

    def commit(self) -> None:
        """Store what was typed (also done when the field loses the focus)."""
        if not self.edit.document().isModified():
            return
        self.edit.document().setModified(False)
        text = self.html()
        if text != self._stored:
            self._stored = text
            self.edited.emit(text)

    # -- behaviour -----------------------------------------------------------------------------

    def _fit_height(self) -> None:
        # Grows with its text up to a limit, so a list of questions reads like a document.
        margins = int(self.edit.document().documentMargin()) + self.edit.frameWidth() * 2 + 4
        wanted = int(self.edit.document().size().height()) + margins
        self.edit.setFixedHeight(max(self._min_height, min(self._max_height, wanted)))

    def resizeEvent(self, event: object) -> None:  # type: ignore[override]
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._fit_height()

    def _show_format(self, *_args: object) -> None:
        char = self.edit.currentCharFormat()
        self.bold.setChecked(char.fontWeight() >= QFont.Weight.Bold.value)
        self.italic.setChecked(char.fontItalic())

    def _on_bold_clicked(self) -> None:
        bold = self.edit.fontWeight() < QFont.Weight.Bold.value
        self.edit.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
        self._show_format()

    def _on_italic_clicked(self) -> None:
        self.edit.setFontItalic(not self.edit.fontItalic())
        self._show_format()

    def _toggle_list(self, style: QTextListFormat.Style) -> None:
        if self.edit.isReadOnly():
            return
        cursor = self.edit.textCursor()
        current = cursor.currentList()
        if current is not None and current.format().style() == style:
            # Out of the list: the paragraph goes back to plain text.
            current.remove(cursor.block())
            block_format = cursor.blockFormat()
            block_format.setIndent(0)
            cursor.setBlockFormat(block_format)
        else:
            cursor.createList(style)
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_bullets_clicked(self) -> None:
        self._toggle_list(QTextListFormat.Style.ListDisc)

    def _on_numbers_clicked(self) -> None:
        self._toggle_list(QTextListFormat.Style.ListDecimal)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit:
            if (
                event.type() == QEvent.Type.FocusOut
                and event.reason() != Qt.FocusReason.PopupFocusReason  # type: ignore[attr-defined]
            ):
                self.commit()
            elif event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
                # Handled here rather than with shortcuts, which would need the window active.
                if event.matches(QKeySequence.StandardKey.Bold):
                    self._on_bold_clicked()
                    return True
                if event.matches(QKeySequence.StandardKey.Italic):
                    self._on_italic_clicked()
                    return True
                if event.keyCombination() in _LIST_KEYS:
                    self._toggle_list(_LIST_KEYS[event.keyCombination()])
                    return True
                if event.key() == Qt.Key.Key_Escape and self.edit.document().isModified():
                    self._revert()
                    return True
        return super().eventFilter(watched, event)

    def _revert(self) -> None:
        with QSignalBlocker(self.edit):
            self.edit.setHtml(self._stored)
        self.edit.document().setModified(False)
