"""One editor per `FieldKind`, each returned with the `FieldEditor` a form drives it through.

The editors decide nothing: when a field is finished they call back into the form, which
checks, stores and explains. What they need from the form comes in `EditorCallbacks`, so they
can be built without one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QColor, QPalette, QPixmap, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.countries import country_names
from app.domain.fields import FieldKind, FieldSpec
from app.i18n import _
from ui.widgets.choice_box import EMPTY_CHOICE, ChoiceBox, country_code, country_item
from ui.widgets.choices_editor import ChoicesEditor
from ui.widgets.datetime_editor import DateTimeEditor
from ui.widgets.items_editor import ItemsEditor
from ui.widgets.text_list_editor import TextListEditor

ChoicesFor = Callable[[str], Sequence[tuple[Any, str]]]


def no_choices(_path: str) -> list[tuple[Any, str]]:
    return []


@dataclass
class FieldEditor:
    """How a form reads, shows and locks one field's editor, whatever widget that is.

    `editor` is the widget that takes focus and carries the field's objectName; `show` is called
    with the editor's signals blocked. `is_dirty` tells a field being typed in, so a refresh
    does not overwrite it. `hold` is only for editors the user does not type into (an image):
    it sets what `read` returns without showing it, so a rejected value can be taken back.
    """

    spec: FieldSpec
    editor: QWidget
    read: Callable[[], Any]
    show: Callable[[Any], None]
    set_read_only: Callable[[bool], None]
    is_dirty: Callable[[], bool] = lambda: False
    mark_clean: Callable[[], None] = lambda: None
    error_label: QLabel = field(default_factory=QLabel)
    hold: Callable[[Any], None] | None = None
    # Asks again for the options the editor offers or the labels it shows (people, vendors).
    refresh: Callable[[], None] = lambda: None
    # The editor already shows the cleaned value when it finishes (a list keeps the row being
    # filled in), so the form must not show it again.
    shows_cleaned: bool = False
    # Everything entered, unfinished entries included: what a form that creates a record checks.
    read_all: Callable[[], Any] | None = None

    def has_error(self) -> bool:
        return not self.error_label.isHidden()


@dataclass(frozen=True)
class EditorCallbacks:
    """What the editors ask of their form, each given the field's name."""

    watch: Callable[[QWidget, str], None]  # the form handles this widget's Escape and focus
    commit: Callable[[str], None]  # the user finished the field
    choose_image: Callable[[str], None]  # the user wants to pick an image file
    # (value, label) options for a field path: "owner_id", "data_subjects", "recipients.vendor_id"
    choices: ChoicesFor = no_choices
    # The IANA zone a DATETIME field is entered in (the record's own `time_zone`).
    time_zone: Callable[[], str] = lambda: "UTC"


_Builder = Callable[[FieldSpec, EditorCallbacks], tuple[QWidget, FieldEditor]]


def make_editor(
    spec: FieldSpec, callbacks: EditorCallbacks, suggestions: Sequence[str] | None = None
) -> tuple[QWidget, FieldEditor]:
    """The widget to lay out for `spec` and its `FieldEditor`.

    With `suggestions` a text field is a box offering them; the user may still type something
    else. A text list offers them when `callbacks.choices` has nothing for it.
    """
    if spec.kind is FieldKind.TEXT_LIST:
        return _text_list(spec, callbacks, suggestions or ())
    if suggestions is not None and spec.kind not in _OWN_OPTIONS:
        return _suggestion_box(spec, suggestions, callbacks)
    builders: Mapping[FieldKind, _Builder] = {
        FieldKind.MULTILINE: _multiline,
        FieldKind.CHOICE: _choice,
        FieldKind.COUNTRY: _country,
        FieldKind.COLOUR: _colour,
        FieldKind.IMAGE: _image,
        FieldKind.BOOL: _bool,
        FieldKind.REFERENCE: _reference,
        FieldKind.ITEMS: _items,
        FieldKind.CHOICES: _choices,
        FieldKind.DATETIME: _datetime,
    }
    return builders.get(spec.kind, _line)(spec, callbacks)


# Kinds whose options come from `callbacks.choices` or their item model, never a suggestion box.
_OWN_OPTIONS = frozenset(
    {FieldKind.BOOL, FieldKind.REFERENCE, FieldKind.ITEMS, FieldKind.CHOICES, FieldKind.DATETIME}
)


def _as_text(value: Any) -> str:
    return "" if value is None else str(value)


def _typed_field(
    spec: FieldSpec,
    editor: QWidget,
    line: QLineEdit,
    read: Callable[[], Any],
    show: Callable[[Any], None],
    lock: Callable[[bool], None] | None = None,
) -> FieldEditor:
    """A field the user types into `line`: dirty while typed in and not yet finished."""
    return FieldEditor(
        spec,
        editor,
        read,
        show,
        lock or line.setReadOnly,
        line.isModified,
        lambda: line.setModified(False),
    )


def _left(*widgets: QWidget) -> QWidget:
    """Widgets that keep their natural width, on one line, left-aligned."""
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return box


def _line(spec: FieldSpec, callbacks: EditorCallbacks) -> tuple[QWidget, FieldEditor]:
    edit = QLineEdit()
    if spec.kind is FieldKind.COUNT:
        # Digits only, and empty is acceptable (QIntValidator would keep "" from finishing).
        edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,9}"), edit))
        edit.setMaximumWidth(160)
    elif spec.kind is FieldKind.DATE:
        edit.setPlaceholderText(_("YYYY-MM-DD"))
        edit.setMaximumWidth(160)
    elif spec.kind is FieldKind.EMAIL:
        edit.setPlaceholderText(_("name@example.org"))
    edit.editingFinished.connect(lambda: callbacks.commit(spec.name))
    callbacks.watch(edit, spec.name)
    return edit, _typed_field(spec, edit, edit, edit.text, lambda v: edit.setText(_as_text(v)))


def _multiline(spec: FieldSpec, callbacks: EditorCallbacks) -> tuple[QWidget, FieldEditor]:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)  # Tab moves on, as in every other field
    lines = 3
    margins = int(edit.document().documentMargin() * 2) + edit.frameWidth() * 2 + 4
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + margins)
    # No editingFinished here: the form commits when the watched editor loses focus.
    callbacks.watch(edit, spec.name)

    def show(value: Any) -> None:
        edit.setPlainText(_as_text(value))
        edit.document().setModified(False)

    return edit, FieldEditor(
        spec,
        edit,
        edit.toPlainText,
        show,
        edit.setReadOnly,
        edit.document().isModified,
        lambda: edit.document().setModified(False),
    )


def _choice(spec: FieldSpec, callbacks: EditorCallbacks) -> tuple[QWidget, FieldEditor]:
    assert spec.choices is not None
    box = QComboBox()
    if not spec.required:
        box.addItem(EMPTY_CHOICE, None)
    labels = spec.choice_labels or {}
    for member in spec.choices:
        box.addItem(_(labels.get(member, member.value)), member.value)
    box.activated.connect(lambda _index: callbacks.commit(spec.name))

    def show(value: Any) -> None:
        if value is None:
            box.setCurrentIndex(-1 if spec.required else 0)
        else:
            box.setCurrentIndex(box.findData(str(value)))

    return _left(box), FieldEditor(
        spec, box, box.currentData, show, lambda locked: box.setEnabled(not locked)
    )


def _editable_box(spec: FieldSpec, items: Sequence[str], callbacks: EditorCallbacks) -> QComboBox:
    box = QComboBox()
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    # Long suggestions must not make the whole form wider than the window.
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(24)
    box.addItems(list(items))
    box.setCurrentIndex(-1)  # empty until a value is shown, not the first suggestion
    completer = QCompleter(box.model(), box)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    box.setCompleter(completer)
    line = box.lineEdit()
    line.editingFinished.connect(lambda: callbacks.commit(spec.name))
    box.activated.connect(lambda _index: callbacks.commit(spec.name))
    completer.activated.connect(lambda _text: callbacks.commit(spec.name))
    callbacks.watch(line, spec.name)
    return box


def _editable_field(
    spec: FieldSpec, box: QComboBox, read: Callable[[], Any], shown: Callable[[Any], str]
) -> FieldEditor:
    line = box.lineEdit()

    def show(value: Any) -> None:
        box.setCurrentIndex(-1)
        box.setEditText(shown(value))
        line.setModified(False)

    return _typed_field(spec, box, line, read, show)


def _country(spec: FieldSpec, callbacks: EditorCallbacks) -> tuple[QWidget, FieldEditor]:
    box = _editable_box(spec, [country_item(code) for code in country_names()], callbacks)
    box.lineEdit().setPlaceholderText(_("Type a country name or code"))
    box.setMinimumWidth(280)
    read = lambda: country_code(box.currentText())  # noqa: E731
    shown = lambda value: country_item(value) if value else ""  # noqa: E731
    return _left(box), _editable_field(spec, box, read, shown)


def _suggestion_box(
    spec: FieldSpec, items: Sequence[str], callbacks: EditorCallbacks
) -> tuple[QWidget, FieldEditor]:
    box = _editable_box(spec, items, callbacks)
    box.lineEdit().setPlaceholderText(_("Choose from the list or type a name"))
    return box, _editable_field(spec, box, box.currentText, _as_text)


def _colour(spec: FieldSpec, callbacks: EditorCallbacks) -> tuple[QWidget, FieldEditor]:
    edit = QLineEdit()
    edit.setPlaceholderText("#RRGGBB")
    edit.setFixedWidth(110)
    swatch = QLabel()
    swatch.setObjectName(f"{spec.name}_swatch")
    swatch.setFixedSize(26, 26)
    button = QPushButton(_("Choose…"))
    button.setObjectName(f"{spec.name}_choose")

    def paint(text: str) -> None:
        colour = QColor(text)
        valid = text.startswith("#") and len(text) == 7 and colour.isValid()
        fill = f"background: {colour.name()}; border: 1px solid rgba(0,0,0,90);"
        swatch.setStyleSheet(
            (fill if valid else "border: 1px dashed #9e9e9e;") + " border-radius: 4px;"
        )

    def choose() -> None:
        current = QColor(edit.text()) if QColor(edit.text()).isValid() else QColor("#1f4e79")
        # The button sits inside the form, so the dialog opens over the same window.
        colour = QColorDialog.getColor(current, button, _("Choose the accent colour"))
        if colour.isValid():
            edit.setText(colour.name())
            callbacks.commit(spec.name)

    edit.textChanged.connect(paint)
    edit.editingFinished.connect(lambda: callbacks.commit(spec.name))
    button.clicked.connect(choose)
    callbacks.watch(edit, spec.name)
    paint("")

    def show(value: Any) -> None:
        edit.setText(_as_text(value))
        paint(_as_text(value))  # textChanged is blocked while a record is shown

    def lock(locked: bool) -> None:
        edit.setReadOnly(locked)
        button.setEnabled(not locked)

    return _left(edit, swatch, button), _typed_field(spec, edit, edit, edit.text, show, lock)


def _image(spec: FieldSpec, callbacks: EditorCallbacks) -> tuple[QWidget, FieldEditor]:
    preview = QLabel()
    preview.setFixedSize(200, 72)
    preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
    preview.setFrameShape(QFrame.Shape.StyledPanel)
    preview.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    choose = QPushButton(_("Choose…"))
    choose.setObjectName(f"{spec.name}_choose")
    remove = QPushButton(_("Remove"))
    remove.setObjectName(f"{spec.name}_remove")
    # The form locks every field together, so the last `lock` here is the form's read-only state.
    held: dict[str, Any] = {"data": None, "locked": False}

    def show(value: Any) -> None:
        held["data"] = value
        pixmap = QPixmap()
        if value and pixmap.loadFromData(value):
            preview.setPixmap(
                pixmap.scaled(
                    preview.size().shrunkBy(preview.contentsMargins()) * 0.9,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            preview.setText(_("No image"))
        remove.setEnabled(bool(value) and not held["locked"])

    def hold(value: Any) -> None:
        held["data"] = value

    def removed() -> None:
        held["data"] = None
        callbacks.commit(spec.name)

    def lock(locked: bool) -> None:
        held["locked"] = locked
        choose.setEnabled(not locked)
        remove.setEnabled(bool(held["data"]) and not locked)

    choose.clicked.connect(lambda: callbacks.choose_image(spec.name))
    remove.clicked.connect(removed)
    buttons = QVBoxLayout()
    buttons.addWidget(choose)
    buttons.addWidget(remove)
    buttons.addStretch(1)
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(preview)
    row.addLayout(buttons)
    row.addStretch(1)
    return box, FieldEditor(spec, preview, lambda: held["data"], show, lock, hold=hold)


def _bool(spec: FieldSpec, callbacks: EditorCallbacks) -> tuple[QWidget, FieldEditor]:
    check = QCheckBox()
    # As tall as a line edit, so the box sits level with its label like every other field.
    check.setMinimumHeight(QLineEdit().sizeHint().height())
    check.toggled.connect(lambda _checked: callbacks.commit(spec.name))
    show = lambda value: check.setChecked(bool(value))  # noqa: E731
    lock = lambda locked: check.setEnabled(not locked)  # noqa: E731
    return _left(check), FieldEditor(spec, check, check.isChecked, show, lock)


def _reference(spec: FieldSpec, callbacks: EditorCallbacks) -> tuple[QWidget, FieldEditor]:
    box = ChoiceBox(lambda: callbacks.choices(spec.name), empty=not spec.required)
    box.setMinimumWidth(280)
    box.activated.connect(lambda _index: callbacks.commit(spec.name))
    lock = lambda locked: box.setEnabled(not locked)  # noqa: E731
    editor = FieldEditor(spec, box, box.value, box.set_value, lock, refresh=box.refresh)
    return _left(box), editor


def _choices(spec: FieldSpec, callbacks: EditorCallbacks) -> tuple[QWidget, FieldEditor]:
    assert spec.choices is not None
    labels = spec.choice_labels or {}
    editor = ChoicesEditor([(m.value, _(labels.get(m, m.value))) for m in spec.choices])
    editor.choices_edited.connect(lambda _values: callbacks.commit(spec.name))
    return editor, FieldEditor(spec, editor, editor.values, editor.set_values, editor.set_read_only)


def _datetime(spec: FieldSpec, callbacks: EditorCallbacks) -> tuple[QWidget, FieldEditor]:
    editor = DateTimeEditor(optional=not spec.required)
    editor.edited.connect(lambda: callbacks.commit(spec.name))
    callbacks.watch(editor.edit, spec.name)

    def show(value: Any) -> None:
        editor.set_time_zone(callbacks.time_zone())
        editor.set_value(value)

    return editor, FieldEditor(
        spec,
        editor,
        editor.value,
        show,
        editor.set_read_only,
        editor.is_changed,
        editor.mark_unchanged,
        refresh=lambda: editor.set_time_zone(callbacks.time_zone()),
    )


def _text_list(
    spec: FieldSpec, callbacks: EditorCallbacks, suggestions: Sequence[str]
) -> tuple[QWidget, FieldEditor]:
    fallback = [(text, text) for text in suggestions]
    placeholder = _("Type or choose, then press Enter")
    editor = TextListEditor(
        lambda: list(callbacks.choices(spec.name)) or fallback, None, placeholder=placeholder
    )
    editor.entries_edited.connect(lambda _entries: callbacks.commit(spec.name))
    callbacks.watch(editor.input_box().lineEdit(), spec.name)
    read, show, lock = editor.entries, editor.set_entries, editor.set_read_only
    return editor, FieldEditor(spec, editor, read, show, lock, refresh=editor.refresh_choices)


def _items(spec: FieldSpec, callbacks: EditorCallbacks) -> tuple[QWidget, FieldEditor]:
    editor = ItemsEditor(spec, callbacks.choices)
    editor.items_edited.connect(lambda _items: callbacks.commit(spec.name))
    callbacks.watch(editor.view(), spec.name)
    return editor, FieldEditor(
        spec,
        editor,
        editor.items,
        editor.set_items,
        editor.set_read_only,
        is_dirty=editor.has_drafts,
        error_label=editor.error_label,
        refresh=editor.refresh_choices,
        shows_cleaned=True,
        read_all=editor.all_items,
    )
