"""One part of a DPIA (context, fundamental principles): its sections and questions, each with
what a good answer covers, the assessor's formatted answer and, where the register already
knows the facts, those facts beside it, read-only and always current."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.dpia_questions import Part, Question
from app.i18n import _
from ui.widgets.rich_text_editor import RichTextEditor

FACTS_WIDTH = 330


def grey_label(text: str = "", *, small: bool = True) -> QLabel:
    """Secondary text (help, notes): grey, wrapped, a little smaller."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    if small:
        font = label.font()
        font.setPointSizeF(font.pointSizeF() * 0.92)
        label.setFont(font)
    return label


def show_text(line: QLineEdit, text: str) -> None:
    """Show a stored value in a line edit without moving the cursor when it is already there."""
    if line.text() != text:
        line.setText(text)
    line.setModified(False)


def section_box(title: str) -> tuple[QGroupBox, QWidget]:
    """A group box with a bold title, as in the record forms, and its content widget (in the
    normal font) to lay the section out in."""
    box = QGroupBox(title)
    font = box.font()
    font.setBold(True)
    box.setFont(font)
    content = QWidget()
    normal = content.font()
    normal.setBold(False)
    content.setFont(normal)
    column = QVBoxLayout(box)
    column.setContentsMargins(8, 6, 8, 8)
    column.addWidget(content)
    return box, content


class _FactsPanel(QFrame):
    """What the register says about the question, as a short bulleted list."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("register_facts")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFixedWidth(FACTS_WIDTH)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.setAutoFillBackground(True)
        heading = QLabel(_("From the register"))
        heading.setStyleSheet("font-weight: 600;")
        heading.setToolTip(_("Read from the processing activities; edit them in the register."))
        self.body = QLabel()
        self.body.setObjectName("facts_text")
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.PlainText)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 8, 10, 8)
        column.setSpacing(4)
        column.addWidget(heading)
        column.addWidget(self.body)
        column.addStretch(1)

    def show_lines(self, lines: Sequence[str]) -> None:
        if lines:
            self.body.setText("\n".join(f"• {line}" for line in lines))
            self.body.setForegroundRole(QPalette.ColorRole.WindowText)
        else:
            self.body.setText(_("Nothing recorded yet."))
            self.body.setForegroundRole(QPalette.ColorRole.PlaceholderText)


class DpiaQuestionsTab(QScrollArea):
    """The sections of `part`; `answer_edited` says which question's answer changed."""

    answer_edited = Signal(int, str)  # question number, sanitised HTML

    def __init__(self, part: Part, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.part = part
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._editors: dict[int, RichTextEditor] = {}
        self._facts: dict[int, tuple[str, _FactsPanel]] = {}
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(4, 8, 16, 16)
        column.setSpacing(16)
        for section in part.sections:
            box, content = section_box(f"{section.id}  {_(section.title)}")
            box.setObjectName(f"section_{section.id}")
            grid = QGridLayout(content)
            grid.setContentsMargins(6, 6, 6, 6)
            grid.setHorizontalSpacing(14)
            grid.setVerticalSpacing(18)
            grid.setColumnStretch(0, 1)
            for row, question in enumerate(section.questions):
                self._add_question(grid, row, question)
            column.addWidget(box)
        column.addStretch(1)
        self.setWidget(body)

    def _add_question(self, grid: QGridLayout, row: int, question: Question) -> None:
        title = QLabel(_(question.title))
        title.setWordWrap(True)
        title.setStyleSheet("font-weight: 600;")
        help_text = grey_label(_(question.help))
        editor = RichTextEditor(lines=3)
        editor.setObjectName(f"answer_{question.id}")
        editor.edit.setAccessibleName(_(question.title))
        editor.set_placeholder(_("Your answer"))
        editor.edited.connect(lambda text, q=question.id: self.answer_edited.emit(q, text))
        title.setBuddy(editor.edit)
        cell = QWidget()
        cell_column = QVBoxLayout(cell)
        cell_column.setContentsMargins(0, 0, 0, 0)
        cell_column.setSpacing(3)
        cell_column.addWidget(title)
        cell_column.addWidget(help_text)
        cell_column.addWidget(editor)
        grid.addWidget(cell, row, 0)
        self._editors[question.id] = editor
        if question.from_register:
            panel = _FactsPanel()
            panel.setObjectName(f"facts_{question.id}")
            grid.addWidget(panel, row, 1)
            self._facts[question.id] = (question.from_register, panel)

    # -- public API ----------------------------------------------------------------------------

    def editor(self, question: int) -> RichTextEditor:
        return self._editors[question]

    def facts_text(self, question: int) -> str:
        return self._facts[question][1].body.text()

    def show_dpia(self, values: Mapping[str, Any], facts: Mapping[str, Sequence[str]]) -> None:
        answers = {a.get("question"): a.get("text", "") for a in values.get("answers") or []}
        for number, editor in self._editors.items():
            editor.set_html(answers.get(number, ""))
        for key, panel in self._facts.values():
            panel.show_lines(facts.get(key, []))

    def set_read_only(self, read_only: bool) -> None:
        for editor in self._editors.values():
            editor.set_read_only(read_only)
