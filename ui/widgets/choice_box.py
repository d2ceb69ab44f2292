"""A combo box that asks for its options each time it opens.

Options come from the page (people, vendors, catalogue entries, the activity's own purposes)
and change while a form is open, so the box never keeps a list of its own: it re-asks when it
is about to show them. A stored value that is no longer among the options stays visible as
"#id (missing)" instead of silently turning into another choice.

Countries show as "France (FR)" in every box that offers them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from app.domain.countries import country_names
from app.i18n import _

EMPTY_CHOICE = "—"
_CODE_AT_END = re.compile(r"\(([A-Za-z]{2})\)\s*$")


@cache
def _country_codes_by_name() -> dict[str, str]:
    return {name.casefold(): code for code, name in country_names().items()}


def country_item(code: str) -> str:
    """How a country shows in a country box: "France (FR)"."""
    name = country_names().get(code.upper())
    return f"{name} ({code.upper()})" if name else code


def country_code(text: str) -> str:
    """The code behind what was typed in a country box: "France (FR)", "france" or "fr"."""
    text = text.strip()
    match = _CODE_AT_END.search(text)
    if match:
        return match.group(1).upper()
    return _country_codes_by_name().get(text.casefold(), text)


Options = Callable[[], Sequence[tuple[Any, str]]]


def missing_label(value: Any) -> str:
    """How a stored value that is no longer offered is shown."""
    return _("#{value} (missing)").format(value=value)


def no_options() -> list[tuple[Any, str]]:
    return []


class ChoiceBox(QComboBox):
    """(value, label) options from `options`, re-asked on `refresh` and before the list opens.

    Not editable: `value()` is the chosen option's value. Editable (`editable=True`): the user
    may type anything, the options complete what is typed (case-insensitive, anywhere in the
    label), and `typed_value()` maps a typed label back to its option's value.
    """

    picked = Signal(int)  # an option was chosen from the open list (not typed, not arrowed to)

    def __init__(
        self,
        options: Options = no_options,
        parent: QWidget | None = None,
        *,
        empty: bool = False,
        editable: bool = False,
    ) -> None:
        super().__init__(parent)
        self._options = options
        self._empty = empty
        self._listing = False
        self.activated.connect(self._on_self_activated)
        if editable:
            self.setEditable(True)
            self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            completer = QCompleter(self.model(), self)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
            self.setCompleter(completer)
        # Long labels (legal bases, vendor names) must not widen the whole form.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(18)

    def value(self) -> Any:
        return self.currentData()

    def set_value(self, value: Any) -> None:
        """Ask for the options again and select `value` (added as missing when not offered)."""
        self._fill(value)

    def refresh(self) -> None:
        """Ask for the options again, keeping the current choice or typed text."""
        if self.isEditable():
            text = self.currentText()
            self._fill(None)
            self.setCurrentIndex(-1)
            self.setEditText(text)
        else:
            self._fill(self.currentData())

    def typed_value(self) -> str:
        """What was typed, as the value of the option it names (any case), else as typed."""
        text = self.currentText().strip()
        folded = text.casefold()
        for index in range(self.count()):
            if self.itemText(index).casefold() == folded:
                return str(self.itemData(index))
        return text

    def showPopup(self) -> None:
        self.refresh()
        self._listing = True
        super().showPopup()

    def hidePopup(self) -> None:
        super().hidePopup()
        # `activated` for a pick follows the popup closing, in the same call.
        QTimer.singleShot(0, self, self._on_listing_ended)

    def _on_listing_ended(self) -> None:
        self._listing = False

    def _on_self_activated(self, index: int) -> None:
        if self._listing:
            self._listing = False
            self.picked.emit(index)

    def _fill(self, value: Any) -> None:
        # Refilling must not look like a choice: `activated` is only for the user's picks.
        with QSignalBlocker(self):
            self.clear()
            if self._empty:
                self.addItem(EMPTY_CHOICE, None)
            for option_value, label in self._options():
                self.addItem(label, option_value)
            if self.isEditable():
                return
            index = self.findData(value) if value is not None else (0 if self._empty else -1)
            if index < 0 and value is not None:
                self.addItem(missing_label(value), value)
                index = self.count() - 1
            self.setCurrentIndex(index)
