"""One processing activity, edited in place: its whole record, and above it what the law still
expects of it (the checks, each naming its rule). Every finished field is stored at once; the
checks are read again after each save, and clicking one takes the user to the field."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.domain.activity import ACTIVITY_FIELDS
from app.domain.activity_checks import Finding, Severity
from app.errors import UserError
from app.i18n import _, ngettext
from ui.operations.session import WorkspaceSession
from ui.widgets.record_form import RecordForm

if TYPE_CHECKING:
    from app.services.changes import RecordData

KIND = "processing_activity"
SEVERITY_COLOURS = {
    Severity.ERROR: QColor("#c62828"),
    Severity.WARNING: QColor("#b26a00"),
    Severity.INFO: QColor("#1565c0"),
}
_SEVERITY_GLYPHS = {Severity.ERROR: "!", Severity.WARNING: "!", Severity.INFO: "i"}
_FIELD_ROLE = Qt.ItemDataRole.UserRole
# Item fields whose choices come from a catalogue (the list fields name theirs in their spec).
_ITEM_CATALOGUES = {"data_categories.category": "data_categories"}
_VENDOR_FIELDS = ("recipients.vendor_id", "transfers.vendor_id")
# The record types the pick-lists are read from ("*": any, e.g. after an undo).
_CHOICE_SOURCES = frozenset({"person", "organisation", "vendor", "catalogue_entry", "*"})


@cache
def severity_icon(severity: Severity) -> QIcon:
    """A small coloured disc with "!" or "i": readable at a glance, same on every platform."""
    size = 32
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(SEVERITY_COLOURS[severity])
    painter.drawEllipse(QRectF(1, 1, size - 2, size - 2))
    font = QFont()
    font.setBold(True)
    font.setPixelSize(22)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(
        QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, _SEVERITY_GLYPHS[severity]
    )
    painter.end()
    return QIcon(pixmap)


class ActivityEditor(QWidget):
    """The record of the activity the register has selected (`show_activity`)."""

    finding_chosen = Signal(str)  # the field of the finding the user clicked

    def __init__(self, session: WorkspaceSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._activity_id: int | None = None
        self._findings: list[Finding] = []
        self._choices: dict[str, list[tuple[Any, str]]] = {}

        self.title = QLabel()
        self.title.setObjectName("activity_title")
        self.title.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.findings_summary = QLabel()
        self.findings_summary.setObjectName("findings_summary")
        self.findings_list = QTreeWidget()
        self.findings_list.setObjectName("findings")
        self.findings_list.setColumnCount(2)
        self.findings_list.setHeaderHidden(True)
        self.findings_list.setRootIsDecorated(False)
        self.findings_list.setIndentation(0)
        self.findings_list.setIconSize(QSize(16, 16))
        self.findings_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.findings_list.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.findings_list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.findings_list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.findings_list.itemClicked.connect(self._on_findings_item_clicked)
        self.findings_list.itemActivated.connect(self._on_findings_item_clicked)

        # The form (sixty-odd widgets) is built when the first activity is shown, not when the
        # workspace opens: opening stays quick for those who never visit the register.
        self._form: RecordForm | None = None
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("activity_scroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)

        record_view = QWidget()
        column = QVBoxLayout(record_view)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        column.addWidget(self.title)
        column.addWidget(self.findings_summary)
        column.addWidget(self.findings_list)
        column.addSpacing(4)
        column.addWidget(self.scroll_area, 1)

        self.placeholder = QLabel(_("Select an activity to see and edit its record."))
        self.placeholder.setObjectName("activity_placeholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.stack = QStackedWidget()
        self.stack.addWidget(record_view)
        self.stack.addWidget(self.placeholder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.show_activity(None)
        session.records_changed.connect(self._on_session_records_changed)

    @property
    def form(self) -> RecordForm:
        if self._form is None:
            self._form = RecordForm(ACTIVITY_FIELDS, choices_for=self._choices_for)
            self._form.field_edited.connect(self._on_form_field_edited)
            holder = QWidget()
            column = QVBoxLayout(holder)
            column.setContentsMargins(0, 4, 12, 12)
            column.addWidget(self._form)
            self.scroll_area.setWidget(holder)
        return self._form

    # -- public API ----------------------------------------------------------------------------

    def activity_id(self) -> int | None:
        return self._activity_id

    def record(self) -> RecordData | None:
        return self._form.record() if self._form is not None else None

    def findings(self) -> list[Finding]:
        return list(self._findings)

    def show_activity(self, activity_id: int | None) -> None:
        """Show the activity `activity_id` (None: the placeholder)."""
        self._activity_id = activity_id
        self.refresh()
        self.scroll_area.verticalScrollBar().setValue(0)

    def set_placeholder(self, text: str) -> None:
        """What the editor says while no activity is shown (nothing selected, nothing found)."""
        self.placeholder.setText(text)

    def refresh(self) -> None:
        """Read the shown activity again (after a save, an undo, a change elsewhere)."""
        record = None
        if self._activity_id is not None:
            try:
                record = self._session.activity(self._activity_id)
            except UserError:  # deleted meanwhile
                self._activity_id = None
        if record is None:
            if self._form is not None:
                self._form.set_record(None)
            self.stack.setCurrentWidget(self.placeholder)
            self._show_findings([])
            return
        self.form.set_record(record)
        self._show_title(record)
        self.stack.setCurrentIndex(0)
        self._refresh_findings()

    def _show_title(self, record: RecordData) -> None:
        self.title.setText(f"{record['reference']} · {record['name']}")

    def focus_field(self, name: str) -> None:
        """Scroll to a field and put the cursor in it."""
        if name not in ACTIVITY_FIELDS:
            return
        editor = self.form.editor(name)
        self.scroll_area.ensureWidgetVisible(editor, 0, 60)
        editor.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(editor, QLineEdit):
            editor.selectAll()  # ready to be typed over (a new activity's placeholder name)

    # -- findings ------------------------------------------------------------------------------

    def _refresh_findings(self) -> None:
        if self._activity_id is None:
            self._show_findings([])
            return
        try:
            findings = self._session.activity_checks(self._activity_id)
        except UserError:
            findings = []
        self._show_findings(findings)

    def _show_findings(self, findings: list[Finding]) -> None:
        self._findings = findings
        self.findings_list.clear()
        grey = self.palette().color(QPalette.ColorRole.PlaceholderText)
        for finding in findings:
            item = QTreeWidgetItem([finding.message, finding.rule])
            item.setIcon(0, severity_icon(finding.severity))
            item.setToolTip(0, finding.message)
            item.setForeground(1, grey)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setData(0, _FIELD_ROLE, finding.field)
            self.findings_list.addTopLevelItem(item)
        self.findings_list.setVisible(bool(findings))
        if findings:
            row = self.findings_list.sizeHintForRow(0)
            shown = min(len(findings), 4)
            self.findings_list.setFixedHeight(row * shown + 2 * self.findings_list.frameWidth() + 2)
        self.findings_summary.setText(self._summary(findings))
        self.findings_summary.setStyleSheet(
            "color: #2e7d32; font-weight: 600;" if not findings else "font-weight: 600;"
        )

    @staticmethod
    def _summary(findings: list[Finding]) -> str:
        if not findings:
            return _("✓ No findings: the record says what Art. 30 asks for.")
        counts = {severity: 0 for severity in Severity}
        for finding in findings:
            counts[finding.severity] += 1
        parts = []
        if counts[Severity.ERROR]:
            parts.append(
                ngettext("{count} problem", "{count} problems", counts[Severity.ERROR]).format(
                    count=counts[Severity.ERROR]
                )
            )
        if counts[Severity.WARNING]:
            parts.append(
                ngettext("{count} warning", "{count} warnings", counts[Severity.WARNING]).format(
                    count=counts[Severity.WARNING]
                )
            )
        if counts[Severity.INFO]:
            parts.append(
                ngettext("{count} note", "{count} notes", counts[Severity.INFO]).format(
                    count=counts[Severity.INFO]
                )
            )
        return _("Checks: {parts}").format(parts=", ".join(parts))

    def _on_findings_item_clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        name = str(item.data(0, _FIELD_ROLE) or "")
        self.focus_field(name)
        self.finding_chosen.emit(name)

    # -- choices for the pick-lists --------------------------------------------------------------

    def _choices_for(self, path: str) -> list[tuple[Any, str]]:
        """What a pick-list offers, by field path ("owner_id", "recipients.vendor_id", ...)."""
        if path == "data_categories.purpose_keys":  # the purposes as they stand in the form
            purposes = self.form.value("purposes") or []
            return [
                (purpose.get("key"), purpose.get("purpose") or purpose.get("key") or "")
                for purpose in purposes
                if purpose.get("key")
            ]
        if path not in self._choices:
            self._choices[path] = self._read_choices(path)
        return self._choices[path]

    def _on_session_records_changed(self, record_type: str) -> None:
        if record_type in _CHOICE_SOURCES:  # people, organisations, vendors or catalogues
            self._choices.clear()
            if self._form is not None:
                self._form.refresh_choices()

    def _read_choices(self, path: str) -> list[tuple[Any, str]]:
        if path == "owner_id":
            return [(person.id, person.label) for person in self._session.team()]
        if path == "controller_id":
            return [(org.id, org.label) for org in self._session.organisations()]
        if path in _VENDOR_FIELDS:
            return [(vendor.id, vendor.name) for vendor in self._session.vendor_rows()]
        spec = ACTIVITY_FIELDS.get(path)
        catalogue = spec.catalogue if spec is not None else _ITEM_CATALOGUES.get(path)
        if catalogue:
            return [(item.label, item.label) for item in self._session.catalogue(catalogue)]
        return []

    # -- storing -------------------------------------------------------------------------------

    def _on_form_field_edited(self, changes: dict[str, Any]) -> None:
        if self._activity_id is None:
            return
        activity_id = self._activity_id

        def stored(result: Any) -> None:
            if isValid(self) and self._activity_id == activity_id:
                self._show_title(result.record)
                self._refresh_findings()

        def failed(_error: BaseException) -> None:
            # The window explains the error; the form goes back to what is stored.
            if isValid(self):
                self.form.discard_pending()
                self.refresh()

        self._session.update_record(KIND, activity_id, changes, on_done=stored, on_error=failed)
