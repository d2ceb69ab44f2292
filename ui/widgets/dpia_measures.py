"""The measures of a DPIA: taken from the knowledge base (each with its source) or written by
the user, in place or planned; a planned measure has an owner, a due date and a progress, and
the planned measures are the action plan."""

from __future__ import annotations

import copy
import html
from collections.abc import Mapping
from datetime import date
from functools import cache
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.dpia import (
    ACTION_STATUS_LABELS,
    MEASURE_STATUS_LABELS,
    ActionStatus,
    MeasureStatus,
)
from app.domain.register_items import new_key
from app.i18n import _
from app.resources import load_json
from ui.widgets.choice_box import ChoiceBox
from ui.widgets.dpia_questions import grey_label, show_text
from ui.widgets.record_form import ERROR_COLOUR
from ui.widgets.rich_text_editor import RichTextEditor

_KEY = Qt.ItemDataRole.UserRole
KNOWLEDGE_FILE = "knowledge/dpia_measures.json"


@cache
def knowledge_base() -> tuple[dict[str, Any], ...]:
    """The measures catalogue (key, title, kind, description, source); empty when not shipped."""
    try:
        data = load_json(KNOWLEDGE_FILE)
    except (OSError, ValueError):
        return ()
    if isinstance(data, dict):
        data = data.get("measures") or data.get("entries") or []
    return tuple(entry for entry in data if isinstance(entry, dict) and entry.get("key"))


def _entry(key: str) -> dict[str, Any] | None:
    return next((entry for entry in knowledge_base() if entry.get("key") == key), None)


def measure_line(measure: Mapping[str, Any]) -> str:
    """How a measure shows in lists: its title, and for a planned one who and when."""
    title = str(measure.get("title") or "")
    if measure.get("status") != MeasureStatus.PLANNED:
        return title
    details = [_(MEASURE_STATUS_LABELS[MeasureStatus.PLANNED])]
    if measure.get("owner"):
        details.append(str(measure["owner"]))
    if measure.get("due_on"):
        details.append(_("due {date}").format(date=measure["due_on"]))
    return f"{title}\n    {' · '.join(details)}"


class DpiaMeasuresTab(QSplitter):
    """`measures_edited` carries the whole list after each finished edit."""

    measures_edited = Signal(list)
    measure_removed = Signal(str)  # its key: the page unlinks it from the risks

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._measures: list[dict[str, Any]] = []
        self._key: str | None = None
        self._read_only = False

        self.measure_list = QListWidget()
        self.measure_list.setObjectName("measure_list")
        self.measure_list.setWordWrap(True)
        self.measure_list.setSpacing(2)
        self.measure_list.currentItemChanged.connect(self._on_list_current_changed)
        self.catalogue_box = ChoiceBox(self._catalogue_options, editable=True)
        self.catalogue_box.setObjectName("measure_input")
        self.catalogue_box.lineEdit().setPlaceholderText(
            _("Search the knowledge base or type your own")
        )
        self.catalogue_box.setToolTip(
            _("Pick a measure from the knowledge base, or type one of your own and press Enter")
        )
        self.catalogue_box.lineEdit().returnPressed.connect(self._on_add_clicked)
        self.catalogue_box.picked.connect(lambda _index: self._on_add_clicked())
        self.add_button = QPushButton(_("Add"))
        self.add_button.setObjectName("add_measure")
        self.add_button.clicked.connect(self._on_add_clicked)
        self.remove_button = QPushButton(_("Remove"))
        self.remove_button.setObjectName("remove_measure")
        self.remove_button.clicked.connect(self._on_remove_clicked)
        adder = QHBoxLayout()
        adder.addWidget(self.catalogue_box, 1)
        adder.addWidget(self.add_button)
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 8, 0, 0)
        left_column.addWidget(self.measure_list, 1)
        left_column.addLayout(adder)
        left_column.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.addWidget(left)
        self.detail_stack = QStackedWidget()
        self.detail_stack.addWidget(self._build_detail())
        empty = grey_label(
            _("No measure selected. Add measures from the knowledge base or your own."),
            small=False,
        )
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail_stack.addWidget(empty)
        self.addWidget(self.detail_stack)
        self.setStretchFactor(1, 1)
        self.setSizes([340, 720])
        self.setChildrenCollapsible(False)

    def _build_detail(self) -> QScrollArea:
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("measure_title")
        self.title_edit.editingFinished.connect(self._on_title_editing_finished)
        self.source_label = grey_label()
        self.source_label.setObjectName("measure_source")
        self.description = RichTextEditor(lines=3, max_lines=10)
        self.description.setObjectName("measure_description")
        self.description.edited.connect(lambda text: self._edit("description", text))
        self.status_box = self._combo("measure_status", MEASURE_STATUS_LABELS, "status")
        self.owner_edit = QLineEdit()
        self.owner_edit.setObjectName("measure_owner")
        self.owner_edit.setPlaceholderText(_("Who makes it happen"))
        self.owner_edit.editingFinished.connect(self._on_owner_editing_finished)
        self.due_edit = QLineEdit()
        self.due_edit.setObjectName("measure_due_on")
        self.due_edit.setPlaceholderText(_("YYYY-MM-DD"))
        self.due_edit.setMaximumWidth(160)
        self.due_edit.editingFinished.connect(self._on_due_editing_finished)
        self.due_error = QLabel()
        self.due_error.setObjectName("measure_due_on_error")
        self.due_error.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.due_error.hide()
        self.progress_box = self._combo("measure_progress", ACTION_STATUS_LABELS, "action_status")
        due = QWidget()
        due_column = QVBoxLayout(due)
        due_column.setContentsMargins(0, 0, 0, 0)
        due_column.addWidget(self.due_edit)
        due_column.addWidget(self.due_error)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        form.setVerticalSpacing(10)
        form.addRow(_("Measure"), self.title_edit)
        form.addRow("", self.source_label)
        form.addRow(_("Description"), self.description)
        form.addRow(_("Status"), self._left(self.status_box))
        self.plan_note = grey_label(
            _("Planned measures form the action plan: give each an owner and a due date.")
        )
        form.addRow("", self.plan_note)
        form.addRow(_("Owner"), self.owner_edit)
        form.addRow(_("Due date"), due)
        form.addRow(_("Progress"), self._left(self.progress_box))
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(12, 8, 16, 16)
        column.addLayout(form)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        return scroll

    @staticmethod
    def _left(widget: QWidget) -> QWidget:
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(widget)
        row.addStretch(1)
        return holder

    def _combo(self, name: str, labels: Mapping[Any, str], field: str) -> QComboBox:
        box = QComboBox()
        box.setObjectName(name)
        for value, label in labels.items():
            box.addItem(_(label), str(value))
        box.activated.connect(lambda _index: self._edit(field, box.currentData()))
        return box

    # -- public API ----------------------------------------------------------------------------

    def show_dpia(self, values: Mapping[str, Any]) -> None:
        self._measures = [dict(m) for m in values.get("measures") or []]
        keys = [m.get("key") for m in self._measures]
        if self._key not in keys:
            self._key = keys[0] if keys else None
        with QSignalBlocker(self.measure_list):
            self.measure_list.clear()
            for measure in self._measures:
                item = QListWidgetItem(measure_line(measure))
                item.setData(_KEY, measure.get("key"))
                self.measure_list.addItem(item)
                if measure.get("key") == self._key:
                    self.measure_list.setCurrentItem(item)
        self._show_current()

    def current_key(self) -> str | None:
        return self._key

    def select_measure(self, key: str) -> None:
        for row in range(self.measure_list.count()):
            if self.measure_list.item(row).data(_KEY) == key:
                self.measure_list.setCurrentRow(row)

    def add_measure(self, text: str) -> None:
        """Add a knowledge-base measure (by its key or title) or one of the user's own."""
        text = text.strip()
        if not text or self._read_only:
            return
        entry = _entry(text) or next(
            (e for e in knowledge_base() if str(e.get("title", "")).casefold() == text.casefold()),
            None,
        )
        measure: dict[str, Any] = {
            "key": new_key(),
            "title": text[:300],
            "status": MeasureStatus.EXISTING.value,
            "action_status": ActionStatus.NOT_STARTED.value,
        }
        if entry is not None:
            measure["title"] = str(entry.get("title", ""))[:300]
            measure["knowledge_key"] = str(entry["key"])[:60]
            if entry.get("description"):
                measure["description"] = (
                    f"<p>{html.escape(str(entry['description']), quote=False)}</p>"
                )
        self._measures.append(measure)
        self._key = measure["key"]
        self.show_dpia({"measures": self._measures})
        self.measures_edited.emit(copy.deepcopy(self._measures))

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for widget in (self.catalogue_box, self.add_button, self.remove_button):
            widget.setEnabled(not read_only)
        for line in (self.title_edit, self.owner_edit, self.due_edit):
            line.setReadOnly(read_only)
        self.description.set_read_only(read_only)
        self.status_box.setEnabled(not read_only)
        self.progress_box.setEnabled(not read_only)

    # -- showing -------------------------------------------------------------------------------

    def _catalogue_options(self) -> list[tuple[Any, str]]:
        present = {m.get("knowledge_key") for m in self._measures}
        return [
            (entry["key"], str(entry.get("title", "")))
            for entry in knowledge_base()
            if entry["key"] not in present
        ]

    def _current(self) -> dict[str, Any] | None:
        return next((m for m in self._measures if m.get("key") == self._key), None)

    def _show_current(self) -> None:
        measure = self._current()
        self.remove_button.setEnabled(measure is not None and not self._read_only)
        if measure is None:
            self.detail_stack.setCurrentIndex(1)
            return
        self.detail_stack.setCurrentIndex(0)
        for line, name in ((self.title_edit, "title"), (self.owner_edit, "owner")):
            if not (line.isModified() and line.hasFocus()):
                show_text(line, str(measure.get(name) or ""))
        if not self.due_error.isVisible():
            show_text(self.due_edit, str(measure.get("due_on") or ""))
        entry = _entry(str(measure.get("knowledge_key") or ""))
        if entry is not None:
            source = entry.get("source") or ""
            text = _("From the knowledge base ({kind}). Source: {source}").format(
                kind=entry.get("kind", ""), source=source
            )
            self.source_label.setText(text)
        else:
            self.source_label.setText(_("Your own measure."))
        self.description.set_html(measure.get("description", ""))
        for box, name in ((self.status_box, "status"), (self.progress_box, "action_status")):
            with QSignalBlocker(box):
                box.setCurrentIndex(max(0, box.findData(str(measure.get(name) or ""))))
        planned = measure.get("status") == MeasureStatus.PLANNED
        self.plan_note.setVisible(planned and not (measure.get("owner") and measure.get("due_on")))

    # -- editing -------------------------------------------------------------------------------

    def _edit(self, name: str, value: Any) -> None:
        measure = self._current()
        if measure is None or self._read_only or measure.get(name) == value:
            return
        measure[name] = value
        row = self.measure_list.currentRow()
        if 0 <= row < self.measure_list.count():
            self.measure_list.item(row).setText(measure_line(measure))
        planned = measure.get("status") == MeasureStatus.PLANNED
        self.plan_note.setVisible(planned and not (measure.get("owner") and measure.get("due_on")))
        self.measures_edited.emit(copy.deepcopy(self._measures))

    def _on_title_editing_finished(self) -> None:
        if self.title_edit.isModified():
            self.title_edit.setModified(False)
            title = self.title_edit.text().strip()[:300]
            if title:
                self._edit("title", title)
            else:
                self.title_edit.setText(str((self._current() or {}).get("title") or ""))

    def _on_owner_editing_finished(self) -> None:
        if self.owner_edit.isModified():
            self.owner_edit.setModified(False)
            self._edit("owner", self.owner_edit.text().strip()[:300])

    def _on_due_editing_finished(self) -> None:
        if not self.due_edit.isModified():
            return
        text = self.due_edit.text().strip()
        try:
            value = date.fromisoformat(text).isoformat() if text else None
        except ValueError:
            self.due_error.setText(
                _("Due date: “{value}” is not a date (expected YYYY-MM-DD)").format(value=text)
            )
            self.due_error.show()
            return
        self.due_edit.setModified(False)
        self.due_error.hide()
        self._edit("due_on", value)

    def _on_list_current_changed(self, current: QListWidgetItem | None, _previous: Any) -> None:
        if current is not None:
            self._key = current.data(_KEY)
            self.due_error.hide()
            self._show_current()

    def _on_add_clicked(self) -> None:
        text = self.catalogue_box.typed_value()
        self.catalogue_box.setCurrentIndex(-1)
        self.catalogue_box.setEditText("")
        self.add_measure(text)

    def _on_remove_clicked(self) -> None:
        key = self._key
        if key is None or self._read_only:
            return
        self._measures = [m for m in self._measures if m.get("key") != key]
        self._key = None
        self.show_dpia({"measures": self._measures})
        self.measure_removed.emit(key)
