"""Catalogues: the pick-lists the workspace offers (data categories, categories of people,
recipient types, security measures). The shipped entries stay as the app ships them; the
user's additions, renamings and hidden entries are stored in the workspace."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.domain.catalogue import CATALOGUE_LABELS, CatalogueKind
from app.i18n import N_, _, ngettext
from app.services.catalogues import KIND, shipped_entries
from ui.models.catalogue_table_model import CatalogueFilterProxy, CatalogueTableModel, Column
from ui.operations.session import WorkspaceSession
from ui.views.master_detail_page import MasterDetailPage

if TYPE_CHECKING:
    from app.services.catalogues import CatalogueItem
    from app.services.changes import ChangeResult

CATALOGUES = list(CatalogueKind)
_COLUMN_WIDTHS = {Column.LABEL: 260, Column.ORIGIN: 130, Column.HIDDEN: 80}
_REFUSED_STYLE = "color: #c62828;"


class _NewEntryDialog(QDialog):
    def __init__(self, catalogue_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Add to {catalogue}").format(catalogue=catalogue_label))
        self.setMinimumWidth(460)
        intro = QLabel(
            _(
                "Your own entry, offered in the pick-lists of this workspace next to the "
                "ones that come with the app."
            )
        )
        intro.setWordWrap(True)
        self.label_edit = QLineEdit()
        self.label_edit.setObjectName("label")
        self.label_edit.setMaxLength(300)
        self.description_edit = QPlainTextEdit()
        self.description_edit.setObjectName("description")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        form = QFormLayout()
        form.addRow(_("Label"), self.label_edit)
        form.addRow(_("Description"), self.description_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = buttons.addButton(_("Add"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.add_button.setDefault(True)
        self.add_button.setEnabled(False)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.label_edit.textChanged.connect(self._on_label_edit_text_changed)
        layout = QVBoxLayout(self)
        layout.setSpacing(14)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _on_label_edit_text_changed(self, text: str) -> None:
        self.add_button.setEnabled(bool(text.strip()))

    def label(self) -> str:
        return " ".join(self.label_edit.text().split())

    def description(self) -> str:
        return self.description_edit.toPlainText().strip()

    def accept(self) -> None:
        if self.label():
            super().accept()


class CataloguesPage(MasterDetailPage):
    page_name = "catalogues"
    title = N_("Catalogues")
    intro = N_(
        "The pick-lists used across the workspace. The app comes with them; you can add your "
        "own entries, rename an entry, or hide one you never use. Your changes are kept in "
        "this workspace, so they travel with its file and leave your other workspaces as "
        "they are."
    )
    watches = (KIND,)

    def __init__(self, session: WorkspaceSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self._selected_row = -1  # where the selection was, for when its entry disappears
        self._shipped: dict[str, dict[str, tuple[str, str]]] = {}

        self.tabs = QTabBar()
        self.tabs.setObjectName("catalogue_tabs")
        self.tabs.setExpanding(False)
        self.tabs.setDrawBase(False)
        for kind in CATALOGUES:
            self.tabs.addTab(_(CATALOGUE_LABELS[kind]))
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)

        self.model = CatalogueTableModel(self)
        self.model.entry_edited.connect(self._on_model_entry_edited)
        self.model.edit_refused.connect(self._on_model_edit_refused)
        self.proxy = CatalogueFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = self._build_table()

        self.add_button = QPushButton(_("Add…"))
        self.add_button.setObjectName("add_entry")
        self.add_button.setToolTip(_("Add your own entry to this catalogue"))
        self.add_button.clicked.connect(self._on_add_clicked)
        self.hide_button = QPushButton(_("Hide"))
        self.hide_button.setObjectName("hide_entry")
        self.hide_button.clicked.connect(self._on_hide_clicked)
        self.search = self._new_search(
            "catalogue_search", _("Search label or description"), self._on_filter_changed
        )
        self.show_hidden = QCheckBox(_("Show hidden"))
        self.show_hidden.setObjectName("show_hidden")
        self.show_hidden.toggled.connect(self._on_filter_changed)
        self.count_label = QLabel()
        self.count_label.setObjectName("entry_count")
        self.count_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        toolbar = QHBoxLayout()
        toolbar.setSpacing(6)
        toolbar.addWidget(self.add_button)
        toolbar.addWidget(self.hide_button)
        toolbar.addSpacing(18)
        toolbar.addWidget(self.search, 1)
        toolbar.addWidget(self.show_hidden)
        toolbar.addSpacing(8)
        toolbar.addWidget(self.count_label)

        self.notice = QLabel()
        self.notice.setObjectName("catalogue_notice")
        self.notice.setWordWrap(True)
        self._show_hint()

        layout = self.build_page_layout(space_below_header=6)
        layout.addWidget(self.tabs)
        layout.addLayout(toolbar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.notice)
        self.table.setColumnHidden(Column.HIDDEN, True)

    def _build_table(self) -> QTableView:
        return self._new_table(
            "catalogue_table",
            sort_column=Column.LABEL,
            stretch_column=Column.DESCRIPTION,
            column_widths=_COLUMN_WIDTHS,
            edit_triggers=QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed,
            row_height=(26, 12),
        )

    # -- the page contract ---------------------------------------------------------------------

    def refresh(self) -> None:
        catalogue = self.catalogue()
        items = self._session.catalogue(catalogue, include_hidden=True)
        self.model.set_items(items, self._shipped_of(catalogue))
        self._after_rows_changed()

    def catalogue(self) -> str:
        """The catalogue shown (its CatalogueKind value)."""
        return CATALOGUES[max(self.tabs.currentIndex(), 0)].value

    def show_catalogue(self, catalogue: str) -> None:
        self.tabs.setCurrentIndex(CATALOGUES.index(CatalogueKind(catalogue)))

    def _record_at(self, source_row: int) -> CatalogueItem | None:
        return self.model.item_at(source_row)

    def _record_key(self, record: CatalogueItem) -> str:
        return record.key

    def select(self, key: str) -> None:
        self._selected_id = key
        self.reload()

    # -- behaviour -----------------------------------------------------------------------------

    def _shipped_of(self, catalogue: str) -> dict[str, tuple[str, str]]:
        if catalogue not in self._shipped:
            self._shipped[catalogue] = {
                entry["key"]: (entry["label"], entry.get("description") or "")
                for entry in shipped_entries(catalogue)
            }
        return self._shipped[catalogue]

    def _on_tabs_current_changed(self, _index: int) -> None:
        self._selected_id = None
        self._show_hint()
        self.reload()

    def _on_filter_changed(self, *_args: Any) -> None:
        self.proxy.set_filter(self.search.text(), self.show_hidden.isChecked())
        self.table.setColumnHidden(Column.HIDDEN, not self.show_hidden.isChecked())
        self._after_rows_changed()

    def _after_rows_changed(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        hidden = self.model.hidden_count()
        visible = total if self.show_hidden.isChecked() else total - hidden
        if self.proxy.is_searching:
            text = ngettext("{shown} of {total} entry", "{shown} of {total} entries", visible)
        else:
            text = ngettext("{total} entry", "{total} entries", visible)
        text = text.format(shown=shown, total=visible)
        if hidden:
            text += " · " + ngettext("{count} hidden", "{count} hidden", hidden).format(
                count=hidden
            )
        self.count_label.setText(text)
        self._select_proxy_row(self._proxy_row_of(self._selected_id))

    def _proxy_row_of(self, key: str | None) -> int:
        row = self._proxy_row(key)
        if row < 0:  # e.g. just hidden: its neighbour takes its place
            row = min(self._selected_row, self.proxy.rowCount() - 1)
        return row if row >= 0 or not self.proxy.rowCount() else 0

    def _select_proxy_row(self, row: int) -> None:
        self._selected_row = row
        super()._select_proxy_row(row)

    def _on_table_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if current.isValid():
            self._selected_row = current.row()
        super()._on_table_current_changed(current, previous)

    def _show(self, key: str | None) -> None:
        self._selected_id = key
        item = self.selected()
        self.hide_button.setEnabled(item is not None)
        self.hide_button.setText(_("Show") if item is not None and item.hidden else _("Hide"))
        self.hide_button.setToolTip(
            _("Offer this entry in the pick-lists again")
            if item is not None and item.hidden
            else _("Stop offering this entry in the pick-lists; records that name it keep it")
        )

    def _show_hint(self) -> None:
        self.notice.setStyleSheet("")
        self.notice.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.notice.setText(_("Double-click a label or description (or press F2) to change it."))

    def _reload_if_alive(self, _result: Any = None) -> None:
        # The window explains a refused change; the table goes back to what is stored.
        if isValid(self):
            self.reload()

    def _on_model_entry_edited(self, key: str, field: str, text: str) -> None:
        self._show_hint()
        self._session.edit_catalogue_entry(
            self.catalogue(),
            key,
            label=text if field == "label" else None,
            description=text if field == "description" else None,
            on_error=self._reload_if_alive,
        )

    def _on_model_edit_refused(self, message: str) -> None:
        self.notice.setStyleSheet(_REFUSED_STYLE)
        self.notice.setText(message)

    def _on_add_clicked(self) -> None:
        catalogue = self.catalogue()
        dialog = _NewEntryDialog(_(CATALOGUE_LABELS[CatalogueKind(catalogue)]), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return

        def added(result: ChangeResult) -> None:
            if isValid(self) and self.catalogue() == catalogue:
                self.select(str(result.record.values["key"]))

        self._session.add_catalogue_entry(
            catalogue, dialog.label(), dialog.description(), on_done=added
        )

    def _on_hide_clicked(self) -> None:
        item = self.selected()
        if item is not None:
            self._session.edit_catalogue_entry(
                self.catalogue(), item.key, hidden=not item.hidden, on_error=self._reload_if_alive
            )
