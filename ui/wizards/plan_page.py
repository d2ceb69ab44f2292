"""What every page of the collection-plan wizard shares: its step, its content in a scroll
area, the red list of what stops it, and the load/store contract with the wizard's answers.

A page never writes to the workspace. It shows the wizard's answers (`load`) and puts what
the user typed back into them (`store`): when Next checks the page, when Back leaves it, and
before a draft or an answers file is saved. Next is refused while `plan_problems` finds a
problem on the page; the problems are listed under the page, each naming its field or entry.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from app.domain.collection_plan import PLAN_FIELDS
from app.domain.plan_rules import PlanStep, plan_problems
from app.errors import FieldError
from app.i18n import _, ngettext
from ui.widgets.record_form import ERROR_COLOUR
from ui.widgets.text_list_editor import TextListEditor

if TYPE_CHECKING:
    from ui.operations.session import WorkspaceSession
    from ui.wizards.plan_wizard import CollectionPlanWizard

STEP_COUNT = len(PlanStep)
MAX_PROBLEMS_SHOWN = 6
PROBLEMS_STYLE = (
    f"QLabel#page_problems {{ color: {ERROR_COLOUR}; border: 1px solid {ERROR_COLOUR}; "
    "border-radius: 4px; padding: 6px 10px; background: #fff5f5; }"
)


def help_label(text: str) -> QLabel:
    """An explanation beside a question: wrapped, in the text colour (grey is hard to read)."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setForegroundRole(QPalette.ColorRole.WindowText)
    font = label.font()
    font.setPointSizeF(max(font.pointSizeF() - 0.5, 8.0))
    label.setFont(font)
    label.setStyleSheet("color: #444;")
    return label


def heading_label(text: str, buddy: QWidget | None = None) -> QLabel:
    """A question's title; with a `buddy`, its &-mnemonic puts the cursor in the answer."""
    label = QLabel(text)
    label.setWordWrap(True)
    font = label.font()
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    if buddy is not None:
        label.setBuddy(buddy)
    return label


def text_box(object_name: str, placeholder: str = "", height: int = 64) -> QPlainTextEdit:
    """A few lines of free text; Tab moves on (keyboard users must be able to leave it)."""
    box = QPlainTextEdit()
    box.setObjectName(object_name)
    box.setTabChangesFocus(True)
    box.setPlaceholderText(placeholder)
    box.setFixedHeight(height)
    return box


class _EnterFilter(QObject):
    def __init__(self, parent: QWidget, on_enter: Callable[[], None]) -> None:
        super().__init__(parent)
        self._on_enter = on_enter

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        is_key = event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
        if is_key and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):  # type: ignore[attr-defined]
            self._on_enter()
            return True
        return False


def act_on_enter(widget: QWidget, on_enter: Callable[[], None]) -> None:
    """Enter in `widget` calls `on_enter` (add an entry) instead of going to the next page."""
    widget.installEventFilter(_EnterFilter(widget, on_enter))


def discard(widget: QWidget) -> None:
    """Take a widget off the page now (a search by name no longer finds it), delete it later
    (it may be the button whose click is being handled)."""
    widget.hide()
    widget.setParent(None)  # type: ignore[call-overload]
    widget.deleteLater()


def enter_adds(editor: TextListEditor) -> None:
    """Enter in a list's input box adds the entry (and does not go to the next page)."""
    line = editor.input_box().lineEdit()
    act_on_enter(line, line.returnPressed.emit)


def field_help(name: str) -> str:
    return _(PLAN_FIELDS[name].help)


def field_label(name: str) -> str:
    return _(PLAN_FIELDS[name].label)


class PlanPage(QWizardPage):
    """A wizard page for one `PlanStep`. Subclasses fill `self.content` (a column in a scroll
    area, or a plain column when `scrolls` is False), and implement `load` and `store`."""

    step: ClassVar[PlanStep]
    title_text: ClassVar[str]  # N_-marked
    subtitle_text: ClassVar[str] = ""  # N_-marked
    # The plan fields the page edits: their entries are checked like the services check them.
    owned_fields: ClassVar[tuple[str, ...]] = ()
    scrolls: ClassVar[bool] = True

    def __init__(self, session: WorkspaceSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.setTitle(
            _("Step {number} of {count}: {title}").format(
                number=int(self.step), count=STEP_COUNT, title=_(self.title_text)
            )
        )
        if self.subtitle_text:
            self.setSubTitle(_(self.subtitle_text))
        holder = QWidget()
        self.content = QVBoxLayout(holder)
        self.content.setContentsMargins(0, 0, 8, 0)
        self.content.setSpacing(6)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        if self.scrolls:
            self.scroll_area = QScrollArea()
            self.scroll_area.setWidgetResizable(True)
            self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
            self.scroll_area.setWidget(holder)
            outer.addWidget(self.scroll_area, 1)
        else:
            outer.addWidget(holder, 1)
        self.problems_label = QLabel()
        self.problems_label.setObjectName("page_problems")
        self.problems_label.setStyleSheet(PROBLEMS_STYLE)
        self.problems_label.setWordWrap(True)
        self.problems_label.setTextFormat(Qt.TextFormat.RichText)
        self.problems_label.hide()
        self._problems: list[str] = []
        outer.addWidget(self.problems_label)
        self.notice_label = QLabel()
        self.notice_label.setObjectName("wizard_notice")
        self.notice_label.setWordWrap(True)
        self.notice_label.setStyleSheet("color: #2e7d32;")
        self.notice_label.hide()
        outer.addWidget(self.notice_label)

    # -- the contract with the wizard ------------------------------------------------------------

    def load(self, values: Mapping[str, Any]) -> None:
        """Show the answers (called each time the page is shown)."""
        raise NotImplementedError

    def store(self, values: dict[str, Any]) -> None:
        """Put the page's answers into `values`, leaving the other pages' answers as they are."""
        raise NotImplementedError

    def plan_wizard(self) -> CollectionPlanWizard:
        wizard = self.wizard()
        assert wizard is not None
        return wizard  # type: ignore[return-value]

    def initializePage(self) -> None:
        self.show_problems([])
        self.load(self.plan_wizard().values)

    def cleanupPage(self) -> None:
        # Back: what was typed here is kept, checked or not.
        self.plan_wizard().keep_answers_of(self)

    def validatePage(self) -> bool:
        values = self.plan_wizard().values
        self.store(values)
        problems = self.problems(values)
        self.show_problems([text for _field, text in problems])
        if problems:
            self.focus_problem(problems[0][0])
        return not problems

    # -- problems ------------------------------------------------------------------------------

    def problems(self, values: Mapping[str, Any]) -> list[tuple[str, str]]:
        """What stops the page, as (field, sentence naming the field or entry): the entries'
        own rules (as the services check them) first, then the plan's rules for this step."""
        found = []
        for name in self.owned_fields:
            try:
                PLAN_FIELDS[name].clean(values.get(name))
            except FieldError as error:
                found.append((name, str(error)))
        found += [(problem.field, str(problem)) for problem in plan_problems(values, [self.step])]
        return list(dict.fromkeys(found))  # each once, in order

    def show_problems(self, problems: Sequence[str]) -> None:
        self._problems = list(problems)
        if not problems:
            self.problems_label.clear()
            self.problems_label.hide()
            return
        shown = list(problems)
        if len(shown) > MAX_PROBLEMS_SHOWN:  # the page must stay usable above the list
            hidden = len(shown) - MAX_PROBLEMS_SHOWN + 1
            shown = shown[: MAX_PROBLEMS_SHOWN - 1]
            shown.append(
                ngettext(
                    "… and {count} more like these.", "… and {count} more like these.", hidden
                ).format(count=hidden)
            )
        items = "".join(f"<li>{html.escape(problem)}</li>" for problem in shown)
        intro = html.escape(_("Before you go on:"))
        self.problems_label.setText(
            f"<b>{intro}</b><ul style='margin: 2px 0 0 -20px;'>{items}</ul>"
        )
        self.problems_label.show()

    def show_notice(self, text: str) -> None:
        """A line under the page saying what just happened (a draft saved, a file written)."""
        self.notice_label.setText(text)
        self.notice_label.setVisible(bool(text))

    def problems_text(self) -> str:
        """The problems shown, one a line (empty when there are none)."""
        return "\n".join(self._problems)

    def focus_problem(self, field: str) -> None:
        """Put the cursor where a problem with `field` can be fixed (each page knows where)."""
