"""Vendors: the processors and other recipients the register names, whether each one's Art. 28
contract is in order, and which activities use it (a double-click opens the activity)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.vendor import VENDOR_FIELDS, VendorRole
from app.i18n import N_, _, ngettext
from ui.models.vendor_table_model import (
    CONTRACT_COLOURS,
    Column,
    VendorFilterProxy,
    VendorTableModel,
    contract_label,
)
from ui.operations.session import WorkspaceSession
from ui.views.master_detail_page import MasterDetailPage, placeholder_label
from ui.widgets.record_form import RecordForm

if TYPE_CHECKING:
    from app.services.register import VendorRow

KIND = "vendor"
_ID_ROLE = Qt.ItemDataRole.UserRole
_COLUMN_WIDTHS = {
    Column.COUNTRY: 140,
    Column.ROLE: 170,
    Column.CONTRACT: 210,
    Column.REVIEW: 130,
    Column.USED_BY: 110,
}


class _NewVendorDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Add vendor"))
        self.setMinimumWidth(500)
        specs = {
            name: replace(VENDOR_FIELDS[name], group="") for name in ("name", "country", "role")
        }
        self.form = RecordForm(specs, commit_each_field=False)
        self.form.set_values({"role": VendorRole.PROCESSOR.value})
        self.values: dict[str, Any] = {}
        intro = QLabel(
            _(
                "A company that receives personal data from you: a processor working on your "
                "instructions, or another controller. Activities name it among their "
                "recipients and transfers."
            )
        )
        intro.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        add = buttons.addButton(_("Add"), QDialogButtonBox.ButtonRole.AcceptRole)
        add.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setSpacing(14)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        layout.addWidget(buttons)

    def accept(self) -> None:
        values = self.form.cleaned_values()
        if values is None:
            self.adjustSize()
            return
        self.values = values
        super().accept()


class VendorsPage(MasterDetailPage):
    page_name = "vendors"
    title = N_("Vendors")
    intro = N_(
        "Companies that receive personal data from you. A processor needs a written contract "
        "with the clauses of Art. 28(3); missing and expired ones show in red."
    )
    watches = (KIND, "processing_activity")

    activity_requested = Signal(int)  # the user asked to open this activity in the register

    def __init__(self, session: WorkspaceSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)

        self.model = VendorTableModel(self)
        self.proxy = VendorFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = self._build_table()
        self.search = self._new_search(
            "vendor_search", _("Search name or country"), self._on_filter_changed
        )
        self.attention_filter = QCheckBox(_("Contracts needing attention"))
        self.attention_filter.setObjectName("attention_filter")
        self.attention_filter.setToolTip(_("Missing, expired, or due for review within 60 days"))
        self.attention_filter.toggled.connect(self._on_filter_changed)
        self.count_label = QLabel()
        self.count_label.setObjectName("vendor_count")
        self.count_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.table_stack = QStackedWidget()
        self.table_stack.addWidget(self.table)
        self.table_stack.addWidget(
            placeholder_label(
                _("No vendors yet.\nAdd the companies that receive personal data from you."),
                framed=True,
            )
        )
        self.add_button = QPushButton(_("Add vendor…"))
        self.add_button.setObjectName("add_vendor")
        self.add_button.clicked.connect(self._on_add_clicked)
        self.delete_button = QPushButton(_("Delete…"))
        self.delete_button.setObjectName("delete_vendor")
        self.delete_button.clicked.connect(self._on_delete_clicked)
        toolbar = QHBoxLayout()
        toolbar.setSpacing(6)
        toolbar.addWidget(self.add_button)
        toolbar.addWidget(self.delete_button)
        toolbar.addSpacing(18)
        toolbar.addWidget(self.search, 1)
        toolbar.addWidget(self.attention_filter)
        toolbar.addSpacing(8)
        toolbar.addWidget(self.count_label)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table_stack)
        splitter.addWidget(self._build_details())
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([260, 400])
        splitter.setChildrenCollapsible(False)
        layout = self.build_page_layout(space_below_header=4)
        layout.addLayout(toolbar)
        layout.addWidget(splitter, 1)

    def _build_table(self) -> QTableView:
        return self._new_table(
            "vendors_table",
            sort_column=Column.NAME,
            stretch_column=Column.NAME,
            column_widths=_COLUMN_WIDTHS,
        )

    def _build_details(self) -> QWidget:
        self.details_title = QLabel()
        self.details_title.setObjectName("vendor_title")
        self.details_title.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self.contract_label = QLabel()
        self.contract_label.setObjectName("vendor_contract")
        self.used_by_label = QLabel()
        self.used_by_label.setObjectName("used_by_label")
        self.used_by_label.setStyleSheet("font-weight: 600;")
        self.used_by = QListWidget()
        self.used_by.setObjectName("used_by")
        self.used_by.setToolTip(_("Double-click an activity to open it in the register"))
        self.used_by.setStyleSheet("QListWidget::item { padding: 3px 4px; }")
        self.used_by.itemActivated.connect(self._on_used_by_item_activated)
        self.used_by.itemDoubleClicked.connect(self._on_used_by_item_activated)
        scroll = self._new_form_area()

        side = QWidget()
        side.setFixedWidth(300)
        side_column = QVBoxLayout(side)
        side_column.setContentsMargins(0, 0, 0, 0)
        side_column.setSpacing(6)
        side_column.addWidget(self.used_by_label)
        side_column.addWidget(self.used_by)
        hint = QLabel(_("Double-click an activity to open it in the register."))
        hint.setWordWrap(True)
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.used_by_hint = hint
        side_column.addWidget(hint)
        side_column.addStretch(1)
        body = QHBoxLayout()
        body.setSpacing(16)
        body.addWidget(scroll, 1)
        body.addWidget(side)

        details = QWidget()
        column = QVBoxLayout(details)
        column.setContentsMargins(0, 10, 0, 0)
        column.setSpacing(4)
        column.addWidget(self.details_title)
        column.addWidget(self.contract_label)
        column.addSpacing(8)
        column.addLayout(body, 1)
        self.details_stack = QStackedWidget()
        self.details_stack.addWidget(details)
        self.details_stack.addWidget(placeholder_label(_("Select a vendor to see its details.")))
        return self.details_stack

    def _make_form(self) -> RecordForm:
        return RecordForm(VENDOR_FIELDS)

    # -- the page contract ---------------------------------------------------------------------

    def refresh(self) -> None:
        self.model.set_rows(self._session.vendor_rows())
        self._after_rows_changed()

    def _record_at(self, source_row: int) -> VendorRow | None:
        return self.model.vendor_at(source_row)

    def select(self, vendor_id: int) -> None:
        self._selected_id = vendor_id
        self.reload()

    # -- behaviour -----------------------------------------------------------------------------

    def _on_filter_changed(self, *_args: Any) -> None:
        self.proxy.set_search(self.search.text(), self.attention_filter.isChecked())
        self._after_rows_changed()

    def _after_rows_changed(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        if self.proxy.is_filtered:
            text = ngettext("{shown} of {total} vendor", "{shown} of {total} vendors", total)
        else:
            text = ngettext("{total} vendor", "{total} vendors", total)
        self.count_label.setText(text.format(shown=shown, total=total))
        self.table_stack.setCurrentIndex(0 if total else 1)
        self._keep_selection()

    def _show(self, vendor_id: int | None) -> None:
        self._selected_id = vendor_id
        vendor = self.selected()
        self.delete_button.setEnabled(vendor is not None)
        if vendor is None:
            self._show_no_record()
            return
        self.details_stack.setCurrentIndex(0)
        self.form.set_record(self._session.vendor(vendor.id))
        self.details_title.setText(vendor.name)
        self._show_contract(vendor)
        self._show_used_by(vendor.id)

    def _show_contract(self, vendor: VendorRow) -> None:
        colour = CONTRACT_COLOURS.get(vendor.contract) or self.palette().color(
            QPalette.ColorRole.PlaceholderText
        )
        self.contract_label.setStyleSheet(f"color: {colour.name()};")
        self.contract_label.setText(
            _("Processing agreement: {status}").format(status=contract_label(vendor.contract))
        )

    def _show_used_by(self, vendor_id: int) -> None:
        used = self._session.activities_using_vendor(vendor_id)
        self.used_by.clear()
        for activity_id, reference, name in used:
            item = QListWidgetItem(f"{reference} · {name}")
            item.setData(_ID_ROLE, activity_id)
            self.used_by.addItem(item)
        self.used_by_label.setText(
            ngettext("Used by {count} activity", "Used by {count} activities", len(used)).format(
                count=len(used)
            )
            if used
            else _("Not used by any activity yet")
        )
        self.used_by.setVisible(bool(used))
        if used:  # as tall as its entries, up to ten of them; then it scrolls
            shown = min(len(used), 10)
            frame = 2 * self.used_by.frameWidth()
            self.used_by.setFixedHeight(self.used_by.sizeHintForRow(0) * shown + frame + 2)
        self.used_by_hint.setVisible(bool(used))

    def _on_used_by_item_activated(self, item: QListWidgetItem) -> None:
        activity_id = item.data(_ID_ROLE)
        if activity_id is not None:
            self.activity_requested.emit(int(activity_id))

    def _on_form_field_edited(self, changes: dict[str, Any]) -> None:
        self._store_form_edits(self.form, KIND, changes)

    def _on_add_clicked(self) -> None:
        dialog = _NewVendorDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._create_record(KIND, dialog.values, then=self.select)

    def _on_delete_clicked(self) -> None:
        vendor = self.selected()
        if vendor is not None and self._confirm_deletion(
            _("Delete vendor"),
            _("Delete the vendor “{name}”?").format(name=vendor.name),
            _("The deletion is recorded in the history and can be undone (Ctrl+Z)."),
            _("Delete"),
        ):
            self._session.delete_record(KIND, vendor.id)
