"""A form built from field specs that stores every field the moment the user finishes it.

The form never writes. It checks a finished field with the same `FieldSpec.clean` the services
use, so a mistake is explained under the field before anything is sent, and emits
`field_edited` with the cleaned value; the page hands that to the session. In a dialog that
creates a record (`commit_each_field=False`) it only checks fields, and `cleaned_values()`
collects them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.fields import MAX_IMAGE_BYTES, FieldKind, FieldSpec
from app.errors import FieldError
from app.i18n import _
from ui.widgets.field_editors import EditorCallbacks, FieldEditor, make_editor

if TYPE_CHECKING:
    from app.services.changes import RecordData

ERROR_COLOUR = "#c62828"
_FIELD_PROPERTY = "record_field"  # marks the widgets whose keys and focus the form watches
# DATETIME fields are entered and shown in the zone this field names (UTC without one).
TIME_ZONE_FIELD = "time_zone"


class RecordForm(QWidget):
    """Editors for `specs`, in QGroupBox sections by `spec.group`, in declaration order."""

    field_edited = Signal(dict)  # {field name: cleaned value}, only when the value changed

    def __init__(
        self,
        specs: Mapping[str, FieldSpec],
        parent: QWidget | None = None,
        *,
        suggestions: Mapping[str, Sequence[str]] | None = None,
        commit_each_field: bool = True,
        choices_for: Callable[[str], list[tuple[Any, str]]] | None = None,
    ) -> None:
        """`choices_for(path)` gives the (value, label) options of a field, asked each time an
        editor opens: "owner_id" -> people, "data_subjects" -> catalogue labels,
        "recipients.vendor_id" -> vendors, "data_categories.purpose_keys" -> the purposes
        (read them with `value("purposes")`); [] for a path it has nothing for."""
        super().__init__(parent)
        self._specs = dict(specs)
        self._suggestions = dict(suggestions or {})
        self._choices_for = choices_for
        self._commit_each_field = commit_each_field
        self._fields: dict[str, FieldEditor] = {}
        self._record: RecordData | None = None
        self._stored: dict[str, Any] = {}
        # Edits sent to the session but not yet seen in a record: a refresh in between (another
        # field's save) must not flash the old value back into the editor.
        self._pending: dict[str, Any] = {}
        self._callbacks = EditorCallbacks(
            self._watch, self._commit, self._on_image_choose_clicked, self._choices, self._zone
        )
        self._build()

    # -- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(14)
        sections: dict[str, list[FieldSpec]] = {}
        for spec in self._specs.values():
            sections.setdefault(spec.group, []).append(spec)
        # Labels sit level with the first line of their editor, not centred on editor and help.
        self._label_offset = max(
            0, (QLineEdit().sizeHint().height() - QLabel("X").sizeHint().height()) // 2
        )
        labels: list[QLabel] = []
        for group, specs in sections.items():
            content = QWidget()
            grid = QGridLayout(content)
            grid.setHorizontalSpacing(16)
            grid.setVerticalSpacing(12)
            grid.setColumnStretch(1, 1)
            row = 0
            for spec in specs:
                label = self._add_row(grid, row, spec)
                if spec.kind is FieldKind.ITEMS:
                    row += 2  # label above, table below
                else:
                    labels.append(label)
                    row += 1
            if group:
                box = QGroupBox(_(group))
                title_font = box.font()
                title_font.setBold(True)
                box.setFont(title_font)
                body_font = QFont(title_font)
                body_font.setBold(False)
                content.setFont(body_font)
                grid.setContentsMargins(4, 4, 4, 4)
                QVBoxLayout(box).addWidget(content)
                outer.addWidget(box)
            else:
                grid.setContentsMargins(0, 0, 0, 0)
                outer.addWidget(content)
        outer.addStretch(1)
        # One label column across sections, so the editors of every section line up.
        width = max((label.sizeHint().width() for label in labels), default=0)
        for label in labels:
            label.setMinimumWidth(width)

    def _add_row(self, grid: QGridLayout, row: int, spec: FieldSpec) -> QLabel:
        widget, editor_field = make_editor(spec, self._callbacks, self._suggestions.get(spec.name))
        editor_field.editor.setObjectName(spec.name)
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(3)
        column.addWidget(widget)
        error = editor_field.error_label
        error.setObjectName(f"{spec.name}_error")
        error.setWordWrap(True)
        error.setStyleSheet(f"color: {ERROR_COLOUR};")
        error.hide()
        if error.parentWidget() is None:  # a list editor shows its message under its own table
            column.addWidget(error)
        label = QLabel(_(spec.label))
        label.setBuddy(editor_field.editor)
        label.setContentsMargins(0, self._label_offset, 0, 0)
        if spec.help:
            help_text = _(spec.help)
            note = QLabel(help_text)
            note.setObjectName(f"{spec.name}_help")
            note.setWordWrap(True)
            note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            font = note.font()
            font.setPointSizeF(font.pointSizeF() * 0.9)
            note.setFont(font)
            column.addWidget(note)
            editor_field.editor.setToolTip(help_text)
            label.setToolTip(help_text)
        top_left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        if spec.kind is FieldKind.ITEMS:
            # A table needs the whole width: its label goes above it, like a heading.
            label.setContentsMargins(0, 0, 0, 0)
            grid.addWidget(label, row, 0, 1, 2, top_left)
            grid.addWidget(holder, row + 1, 0, 1, 2)
        else:
            grid.addWidget(label, row, 0, top_left)
            grid.addWidget(holder, row, 1)
        self._fields[spec.name] = editor_field
        return label

    def _watch(self, widget: QWidget, name: str) -> None:
        widget.setProperty(_FIELD_PROPERTY, name)
        widget.installEventFilter(self)

    # -- public API ----------------------------------------------------------------------------

    def editor(self, name: str) -> QWidget:
        return self._fields[name].editor

    def record(self) -> RecordData | None:
        return self._record

    def set_record(self, record: RecordData | None) -> None:
        """Show `record` (None: an empty, disabled form) without emitting anything.

        Refreshing the record already shown keeps what the user is in the middle of: a field
        being typed in, an invalid value waiting to be fixed, an edit on its way to storage.
        """
        same = (
            record is not None
            and self._record is not None
            and (record.record_type, record.id) == (self._record.record_type, self._record.id)
        )
        if not same:
            self._pending.clear()
        self._record = record
        values = record.values if record is not None else {}
        for name, editor_field in self._fields.items():
            value = values.get(name)
            if same and name in self._pending:
                if self._pending[name] != value:
                    continue
                del self._pending[name]
            self._stored[name] = value
            if same and (editor_field.is_dirty() or editor_field.has_error()):
                continue
            self._show(editor_field, value)
        self._show_moments_in_zone()
        if self._commit_each_field:
            self.setEnabled(record is not None)

    def set_values(self, values: Mapping[str, Any]) -> None:
        """Fill a form that creates a record (no record behind it yet)."""
        for name, editor_field in self._fields.items():
            self._stored[name] = values.get(name)
            self._show(editor_field, values.get(name))
        self._show_moments_in_zone()

    def value(self, name: str) -> Any:
        """The field's value as the user sees it now: the edited value when it is valid
        (entries being filled in left out), else the stored one."""
        editor_field = self._fields[name]
        try:
            return editor_field.spec.clean(editor_field.read())
        except FieldError:
            return self._stored.get(name)

    def refresh_choices(self) -> None:
        """Ask `choices_for` again for every field (people or vendors were added or renamed)."""
        for editor_field in self._fields.values():
            editor_field.refresh()

    def discard_pending(self) -> None:
        """Forget edits on their way to storage (the write failed): the next refresh shows
        what is stored."""
        self._pending.clear()

    def set_read_only(self, read_only: bool) -> None:
        for editor_field in self._fields.values():
            editor_field.set_read_only(read_only)

    def cleaned_values(self) -> dict[str, Any] | None:
        """Every field cleaned, or None after showing what is wrong under each field."""
        values: dict[str, Any] = {}
        first_invalid: QWidget | None = None
        for name, editor_field in self._fields.items():
            read = editor_field.read_all or editor_field.read
            try:
                values[name] = editor_field.spec.clean(read())
            except FieldError as error:
                self._show_error(editor_field, error)
                first_invalid = first_invalid or editor_field.editor
            else:
                self._clear_error(editor_field)
        if first_invalid is not None:
            first_invalid.setFocus()
            return None
        return values

    def show_error(self, name: str, message: str) -> None:
        """Explain under a field what a rule across fields found wrong with it, and go there."""
        editor_field = self._fields[name]
        self._show_error(editor_field, FieldError(name, _(editor_field.spec.label), message))
        editor_field.editor.setFocus()

    def error_text(self, name: str) -> str:
        """The inline message under a field ("" when it is fine)."""
        editor_field = self._fields[name]
        return editor_field.error_label.text() if editor_field.has_error() else ""

    # -- behaviour -----------------------------------------------------------------------------

    def _show(self, editor_field: FieldEditor, value: Any) -> None:
        with QSignalBlocker(editor_field.editor):
            editor_field.show(value)
        editor_field.mark_clean()
        self._clear_error(editor_field)

    def _show_error(self, editor_field: FieldEditor, error: FieldError) -> None:
        # "Label: problem", as everywhere else (dialogs, command line): the message may start
        # with a value such as a file name, which must not be re-cased.
        editor_field.error_label.setText(str(error))
        editor_field.error_label.show()

    @staticmethod
    def _clear_error(editor_field: FieldEditor) -> None:
        editor_field.error_label.clear()
        editor_field.error_label.hide()

    def _commit(self, name: str) -> None:
        editor_field = self._fields[name]
        try:
            value = editor_field.spec.clean(editor_field.read())
        except FieldError as error:
            self._show_error(editor_field, error)
            if editor_field.hold is not None:
                editor_field.hold(self._stored.get(name))  # a rejected image keeps the stored one
            return
        if editor_field.shows_cleaned:
            editor_field.mark_clean()
            self._clear_error(editor_field)
        else:
            self._show(editor_field, value)  # as it will be stored: trimmed, upper-cased code, …
        if editor_field.spec.kind is FieldKind.ITEMS:
            self._refresh_entry_labels(name)
        if name == TIME_ZONE_FIELD:
            self._show_moments_in_zone()
        if not self._commit_each_field or self._record is None:
            return
        if value == self._stored.get(name):
            return
        self._stored[name] = value
        self._pending[name] = value
        self.field_edited.emit({name: value})

    def _choices(self, path: str) -> list[tuple[Any, str]]:
        return list(self._choices_for(path)) if self._choices_for is not None else []

    def _zone(self) -> str:
        if TIME_ZONE_FIELD in self._fields:
            zone = self.value(TIME_ZONE_FIELD)
        else:
            zone = self._record.values.get(TIME_ZONE_FIELD) if self._record else None
        return str(zone or "UTC")

    def _show_moments_in_zone(self) -> None:
        # Moments are shown in the record's zone, which may come later in the form or change.
        for editor_field in self._fields.values():
            if editor_field.spec.kind is FieldKind.DATETIME:
                editor_field.refresh()

    def _refresh_entry_labels(self, edited: str) -> None:
        # Entries may name other entries of the record (a data category's purposes): their
        # labels follow the edit at once.
        for name, editor_field in self._fields.items():
            if name != edited and editor_field.spec.kind is FieldKind.ITEMS:
                editor_field.refresh()

    def _revert(self, name: str) -> bool:
        editor_field = self._fields[name]
        if not (editor_field.is_dirty() or editor_field.has_error()):
            return False
        self._show(editor_field, self._stored.get(name))
        return True

    def _on_image_choose_clicked(self, name: str) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose an image"), "", _("Images (*.png *.jpg *.jpeg)")
        )
        if path:
            self._load_image(name, Path(path))

    def _load_image(self, name: str, path: Path) -> None:
        editor_field = self._fields[name]
        try:
            size = path.stat().st_size
            if size > MAX_IMAGE_BYTES:  # refused before reading a huge file into memory
                raise FieldError(
                    name,
                    _(editor_field.spec.label),
                    _("{file} is {size} KB; at most {limit} KB are allowed").format(
                        file=path.name, size=-(-size // 1024), limit=MAX_IMAGE_BYTES // 1024
                    ),
                )
            data = path.read_bytes()
        except FieldError as error:
            self._show_error(editor_field, error)
            return
        except OSError as error:
            self._show_error(
                editor_field,
                FieldError(
                    name,
                    _(editor_field.spec.label),
                    _("{file} cannot be read: {reason}").format(
                        file=path.name, reason=error.strerror
                    ),
                ),
            )
            return
        assert editor_field.hold is not None
        editor_field.hold(data)
        self._commit(name)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        name = watched.property(_FIELD_PROPERTY)
        if name in self._fields:
            if (
                event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_Escape
                and self._revert(name)
            ):
                return True  # otherwise Escape goes on, e.g. to close a dialog
            if (
                event.type() == QEvent.Type.FocusOut
                and isinstance(watched, QPlainTextEdit)
                and event.reason() != Qt.FocusReason.PopupFocusReason
            ):  # type: ignore[attr-defined]
                self._commit(name)
        return super().eventFilter(watched, event)
