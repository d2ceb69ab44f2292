"""The processor's record (Art. 30(2)): for each controller an organisation of the workspace
serves as a processor, who that controller is, what is done for it, transfers and security.

Same shape as the vendors page: a searchable table above, the selected record below, each
field stored when the user leaves it; writes go through the session, so Ctrl+Z undoes them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.domain.processor_activity import PROCESSOR_ACTIVITY_FIELDS
from app.i18n import N_, _, ngettext
from ui.models.processor_activity_table_model import (
    Column,
    ProcessorActivityFilterProxy,
    ProcessorActivityTableModel,
)
from ui.operations.session import WorkspaceSession
from ui.views.master_detail_page import MasterDetailPage, placeholder_label
from ui.widgets.record_form import RecordForm

if TYPE_CHECKING:
    from app.services.changes import ChangeResult
    from app.services.register import ProcessorActivityRow

KIND = "processor_activity"
_COLUMN_WIDTHS = {Column.REFERENCE: 90, Column.PROCESSOR: 300, Column.TRANSFERS: 90}
# Shown in the order of Art. 30(2): who processes (a), for whom (a), what is done (b), where
# the data goes (c) and how it is kept safe (d).
_PROCESSOR_GROUP = N_("Processor")
_FORM_ORDER = ("processor_id", "reference")
_FORM_SPECS = {
    name: replace(spec, group=_PROCESSOR_GROUP) if name in _FORM_ORDER else spec
    for name, spec in sorted(
        PROCESSOR_ACTIVITY_FIELDS.items(),
        key=lambda item: (
            _FORM_ORDER.index(item[0]) if item[0] in _FORM_ORDER else len(_FORM_ORDER),
            not item[0].startswith("controller_"),
        ),
    )
}
# The record types the pick-lists are read from ("*": any, e.g. after an undo).
_CHOICE_SOURCES = frozenset({"organisation", "vendor", "catalogue_entry", "*"})


class ProcessorRecordsPage(MasterDetailPage):
    page_name = "processor_records"
    title = N_("Processor record")
    intro = N_(
        "When an organisation of this workspace handles personal data on behalf of others, as "
        "their service provider, Art. 30(2) asks it to keep a record for each controller it "
        "serves: who they are, what it does for them, any transfers outside the EEA, and how "
        "the data is kept safe."
    )
    watches = (KIND, "organisation", "vendor")

    def __init__(self, session: WorkspaceSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self._choices: dict[str, list[tuple[Any, str]]] = {}

        self.model = ProcessorActivityTableModel(self)
        self.proxy = ProcessorActivityFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = self._build_table()
        self.search = self._new_search(
            "processor_record_search",
            _("Search reference, processor or controller"),
            self._on_search_text_changed,
        )
        self.count_label = QLabel()
        self.count_label.setObjectName("processor_record_count")
        self.count_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.empty_label = placeholder_label(
            _(
                "No processor records.\n"
                "Add one if your organisation acts as a processor for others."
            ),
            framed=True,
        )
        self.empty_label.setObjectName("processor_records_empty")
        self.table_stack = QStackedWidget()
        self.table_stack.addWidget(self.table)
        self.table_stack.addWidget(self.empty_label)
        self.new_button = QPushButton(_("New record"))
        self.new_button.setObjectName("new_processor_record")
        self.new_button.setToolTip(
            _("Add a record for another controller (Ctrl+Shift+N or Insert)")
        )
        self.new_button.clicked.connect(self._on_new_clicked)
        self.delete_button = QPushButton(_("Delete…"))
        self.delete_button.setObjectName("delete_processor_record")
        self.delete_button.clicked.connect(self._on_delete_clicked)
        toolbar = QHBoxLayout()
        toolbar.setSpacing(6)
        toolbar.addWidget(self.new_button)
        toolbar.addWidget(self.delete_button)
        toolbar.addSpacing(18)
        toolbar.addWidget(self.search, 1)
        toolbar.addSpacing(8)
        toolbar.addWidget(self.count_label)

        self.details_panel = self._build_details()
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table_stack)
        splitter.addWidget(self.details_panel)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 4)
        splitter.setSizes([150, 500])
        splitter.setChildrenCollapsible(False)
        layout = self.build_page_layout(space_below_header=4)
        layout.addLayout(toolbar)
        layout.addWidget(splitter, 1)

        for keys in ("Ctrl+Shift+N", "Insert"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self._on_new_clicked)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self._on_delete_clicked)
        session.records_changed.connect(self._on_choices_source_changed)

    # -- building ------------------------------------------------------------------------------

    def _build_table(self) -> QTableView:
        table = self._new_table(
            "processor_records_table",
            sort_column=Column.REFERENCE,
            stretch_column=Column.CONTROLLER,
            column_widths=_COLUMN_WIDTHS,
        )
        table.activated.connect(self._on_table_activated)
        return table

    def _build_details(self) -> QWidget:
        self.details_title = QLabel()
        self.details_title.setObjectName("processor_record_title")
        self.details_title.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self.details_title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details_subtitle = QLabel()
        self.details_subtitle.setObjectName("processor_record_subtitle")
        self.details_subtitle.setWordWrap(True)
        self.details_subtitle.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._new_form_area()

        details = QWidget()
        column = QVBoxLayout(details)
        column.setContentsMargins(0, 10, 0, 0)
        column.setSpacing(4)
        column.addWidget(self.details_title)
        column.addWidget(self.details_subtitle)
        column.addSpacing(8)
        column.addWidget(self.form_area, 1)
        self.details_stack = QStackedWidget()
        self.details_stack.addWidget(details)
        self.details_stack.addWidget(
            placeholder_label(_("Select a processor record to see and edit it."))
        )
        return self.details_stack

    def _make_form(self) -> RecordForm:
        return RecordForm(_FORM_SPECS, choices_for=self._choices_for)

    # -- the page contract ---------------------------------------------------------------------

    def refresh(self) -> None:
        self.model.set_rows(self._session.processor_activity_rows())
        self._after_rows_changed()

    def _record_at(self, source_row: int) -> ProcessorActivityRow | None:
        return self.model.record_at(source_row)

    def select(self, record_id: int) -> None:
        """Show a record, clearing a search that hides it."""
        self._selected_id = record_id
        self.reload()
        if self._proxy_row(record_id) < 0 and self.search.text():
            self.search.clear()  # shows every row again, with this one selected

    def focus_field(self, name: str) -> None:
        """Scroll to a field and put the cursor in it, ready to be typed over."""
        if self._form is None or name not in _FORM_SPECS:
            return
        editor = self.form.editor(name)
        editor.setFocus(Qt.FocusReason.OtherFocusReason)
        # Once the layout has placed a form that was hidden or just built.
        QTimer.singleShot(0, lambda: self._scroll_to(editor))
        if isinstance(editor, QLineEdit):
            editor.selectAll()

    def _scroll_to(self, editor: QWidget) -> None:
        if isValid(self) and isValid(editor):
            self.form_area.ensureWidgetVisible(editor, 0, 60)

    # -- selection -----------------------------------------------------------------------------

    def _on_search_text_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self._after_rows_changed()

    def _after_rows_changed(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        if self.proxy.is_filtered:
            text = ngettext("{shown} of {total} record", "{shown} of {total} records", total)
        else:
            text = ngettext("{total} record", "{total} records", total)
        self.count_label.setText(text.format(shown=shown, total=total))
        self.table_stack.setCurrentIndex(0 if total else 1)
        self.details_panel.setVisible(total > 0)
        self.search.setEnabled(total > 0 or self.proxy.is_filtered)
        self._keep_selection()

    def _on_table_activated(self, index: QModelIndex) -> None:
        self._show(self._id_at(index.row()))
        self.focus_field("controller_name")

    def _show(self, record_id: int | None) -> None:
        self._selected_id = record_id
        row = self.selected()
        self.delete_button.setEnabled(row is not None)
        if row is None:
            self._show_no_record()
            return
        self.details_stack.setCurrentIndex(0)
        shown = self.form.record()
        self.form.set_record(self._session.processor_activity(row.id))
        if shown is None or shown.id != row.id:  # another record: from its top
            self.form_area.verticalScrollBar().setValue(0)
        self.details_title.setText(f"{row.reference} · {row.controller_name}")
        self.details_subtitle.setText(
            _("{processor} processes personal data on behalf of {controller}.").format(
                processor=row.processor_name, controller=row.controller_name
            )
        )

    # -- pick-lists ----------------------------------------------------------------------------

    def _choices_for(self, path: str) -> list[tuple[Any, str]]:
        """What a pick-list offers, by field path ("processor_id", "transfers.vendor_id", ...)."""
        if path not in self._choices:
            self._choices[path] = self._read_choices(path)
        return self._choices[path]

    def _read_choices(self, path: str) -> list[tuple[Any, str]]:
        if path == "processor_id":
            return [(org.id, org["legal_name"]) for org in self._session.organisations()]
        if path == "transfers.vendor_id":
            return [(vendor.id, vendor.name) for vendor in self._session.vendor_rows()]
        if path == "security_measures":
            return [(item.label, item.label) for item in self._session.catalogue(path)]
        return []

    def _on_choices_source_changed(self, record_type: str) -> None:
        if record_type in _CHOICE_SOURCES:  # organisations, vendors or catalogues
            self._choices.clear()
            if self._form is not None:
                self._form.refresh_choices()

    # -- actions -------------------------------------------------------------------------------

    def _on_form_field_edited(self, changes: dict[str, Any]) -> None:
        self._store_form_edits(self.form, KIND, changes)

    def _on_new_clicked(self) -> None:
        def created(result: ChangeResult) -> None:
            if isValid(self):
                self.select(result.record.id)
                self.focus_field("controller_name")  # the placeholder name, to be typed over

        self._session.add_processor_activity({}, on_done=created)

    def _on_delete_clicked(self) -> None:
        row = self.selected()
        if row is not None and self._confirm_deletion(
            _("Delete processor record"),
            _("Delete the processor record {reference} for “{controller}”?").format(
                reference=row.reference, controller=row.controller_name
            ),
            _("The deletion is recorded in the history and can be undone (Ctrl+Z)."),
            _("Delete"),
        ):
            self._session.delete_record(KIND, row.id)
