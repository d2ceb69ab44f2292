"""The organisations of the workspace: identity, DPO, EU representative, supervisory authority
and report branding. A group keeps each of its companies here; later records name the one
acting as controller or processor."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.countries import country_name, in_eea, supervisory_authorities
from app.domain.organisation import ORGANISATION_FIELDS, DpoKind
from app.i18n import N_, _
from ui.operations.session import WorkspaceSession
from ui.views.workspace_page import WorkspacePage
from ui.widgets.record_form import RecordForm

if TYPE_CHECKING:
    from app.services.changes import RecordData

KIND = "organisation"
HINT_STYLE = (
    "QLabel { background: #fff5e1; color: #5a4100; border: 1px solid #efc67a;"
    " border-radius: 4px; padding: 8px 10px; }"
)


def organisation_hints(record: RecordData) -> list[str]:
    """What the organisation's own answers say is missing (shown above its form)."""
    hints = []
    if (
        record.values.get("country")
        and not in_eea(record.values["country"])
        and not record.values.get("representative_name")
    ):
        hints.append(
            _(
                "An organisation outside the EU/EEA that targets people in the EU must "
                "name a representative there (Art. 27)."
            )
        )
    if record.values.get("dpo_kind") == DpoKind.NONE and not record.values.get("no_dpo_reason"):
        hints.append(
            _(
                "No DPO is designated and no reason is recorded: write down why a DPO is "
                "not required (Art. 37(1); accountability, Art. 5(2))."
            )
        )
    return hints


class _NewOrganisationDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Add organisation"))
        self.setMinimumWidth(520)
        # Two fields need no "Identity" section around them.
        specs = {
            name: replace(ORGANISATION_FIELDS[name], group="") for name in ("legal_name", "country")
        }
        self.form = RecordForm(specs, commit_each_field=False)
        self.values: dict[str, Any] = {}
        intro = QLabel(
            _(
                "Add another company of the group, or a client you document here. "
                "Fill in the rest on the organisation page."
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
        if values is None:  # the form says what is wrong, under each field
            self.adjustSize()  # room for the messages
            return
        self.values = values
        super().accept()


class OrganisationPage(WorkspacePage):
    page_name = "organisation"
    title = N_("Organisation")
    intro = N_(
        "Who is responsible for the processing: identity, data protection "
        "officer, EU representative and supervisory authority. Each change is "
        "stored as soon as you leave the field."
    )
    watches = (KIND,)

    def __init__(self, session: WorkspaceSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self._records: list[RecordData] = []
        self._selected_id: int | None = None

        self.organisation_list = QListWidget()
        self.organisation_list.setObjectName("organisation_list")
        self.organisation_list.setStyleSheet("QListWidget::item { padding: 6px 4px; }")
        self.organisation_list.currentRowChanged.connect(self._on_list_row_changed)
        self.add_button = QPushButton(_("Add organisation…"))
        self.add_button.setObjectName("add_organisation")
        self.add_button.clicked.connect(self._on_add_clicked)
        self.delete_button = QPushButton(_("Delete…"))
        self.delete_button.setObjectName("delete_organisation")
        self.delete_button.clicked.connect(self._on_delete_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        list_title = QLabel(_("Organisations"))
        list_title.setStyleSheet("font-weight: 600;")
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addWidget(list_title)
        left_column.addWidget(self.organisation_list, 1)
        left_column.addLayout(buttons)

        self.hint_label = QLabel()
        self.hint_label.setObjectName("organisation_hint")
        self.hint_label.setWordWrap(True)
        self.hint_label.setStyleSheet(HINT_STYLE)
        self.hint_label.hide()
        authorities = [authority["name"] for authority in supervisory_authorities()]
        self.form = RecordForm(ORGANISATION_FIELDS, suggestions={"lead_authority": authorities})
        self.form.field_edited.connect(self._on_form_field_edited)
        form_holder = QWidget()
        holder_column = QVBoxLayout(form_holder)
        holder_column.setContentsMargins(0, 0, 12, 12)
        holder_column.addWidget(self.form)
        self.form_scroll = QScrollArea()
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.form_scroll.setWidget(form_holder)
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.setSpacing(10)
        right_column.addWidget(self.hint_label)
        right_column.addWidget(self.form_scroll, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([250, 750])
        splitter.setChildrenCollapsible(False)
        layout = self.build_page_layout()
        layout.addWidget(splitter, 1)

    # -- the page contract ---------------------------------------------------------------------

    def refresh(self) -> None:
        self._records = self._session.organisations()
        ids = [record.id for record in self._records]
        if self._selected_id not in ids:
            self._selected_id = ids[0] if ids else None
        with QSignalBlocker(self.organisation_list):
            self.organisation_list.clear()
            for record in self._records:
                item = QListWidgetItem(record.label)
                item.setData(Qt.ItemDataRole.UserRole, record.id)
                country = country_name(record.values.get("country"))
                item.setToolTip(f"{record.label} — {country}" if country else record.label)
                self.organisation_list.addItem(item)
            if self._selected_id is not None:
                self.organisation_list.setCurrentRow(ids.index(self._selected_id))
        self._show_selected()

    def selected(self) -> RecordData | None:
        return next((r for r in self._records if r.id == self._selected_id), None)

    def select(self, organisation_id: int) -> None:
        self._selected_id = organisation_id
        self.reload()

    # -- behaviour -----------------------------------------------------------------------------

    def _show_selected(self) -> None:
        record = self.selected()
        self.form.set_record(record)
        self.delete_button.setEnabled(record is not None)
        hints = organisation_hints(record) if record is not None else []
        bullet = "• " if len(hints) > 1 else ""
        self.hint_label.setText("\n".join(bullet + hint for hint in hints))
        self.hint_label.setVisible(bool(hints))

    def _on_list_row_changed(self, row: int) -> None:
        if 0 <= row < len(self._records):
            self._selected_id = self._records[row].id
            self._show_selected()
            self.form_scroll.verticalScrollBar().setValue(0)

    def _on_form_field_edited(self, changes: dict[str, Any]) -> None:
        self._store_form_edits(self.form, KIND, changes)

    def _on_add_clicked(self) -> None:
        dialog = _NewOrganisationDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._create_record(KIND, dialog.values, then=self.select)

    def _on_delete_clicked(self) -> None:
        record = self.selected()
        if record is not None and self._confirm_deletion(
            _("Delete organisation"),
            _("Delete the organisation “{name}”?").format(name=record.label),
            _(
                "Its details are removed from the workspace. The deletion is "
                "recorded in the history and can be undone."
            ),
            _("Delete"),
        ):
            self._session.delete_record(KIND, record.id)
