"""Page 5 of the collection-plan wizard: how long each piece of data is kept and who sees it,
inside (teams) and outside (vendors and other recipients), and any transfer outside the EEA."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.domain.collection_plan import PLAN_FIELDS, Decision
from app.domain.plan_rules import PlanStep
from app.domain.register_items import END_ACTION_LABELS, EndAction
from app.i18n import N_, _
from ui.operations.session import WorkspaceSession
from ui.widgets.items_editor import ItemsEditor
from ui.widgets.text_list_editor import TextListEditor
from ui.wizards.plan_page import (
    PlanPage,
    discard,
    enter_adds,
    field_help,
    heading_label,
    help_label,
)

# Examples to start from; the user types anything.
PERIOD_EXAMPLES = (
    N_("Until the person unsubscribes"),
    N_("As long as the customer account is open"),
    N_("1 year"),
    N_("3 years"),
    N_("5 years"),
    N_("10 years"),
)
TRIGGER_EXAMPLES = (
    N_("Collection"),
    N_("The last order"),
    N_("The last contact"),
    N_("The end of the contract"),
    N_("Unsubscription"),
    N_("Account closure"),
)


def _editable_box(name: str, examples: tuple[str, ...], placeholder: str) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    box.addItems([_(example) for example in examples])
    box.setCurrentIndex(-1)
    box.lineEdit().setPlaceholderText(placeholder)
    box.lineEdit().setMaxLength(2000)
    box.setMinimumContentsLength(14)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    return box


class _RetentionRow:
    """The retention answers of one piece of data."""

    def __init__(self, item: Mapping[str, Any]) -> None:
        key = item["key"]
        self.key = key
        self.label = QLabel(str(item.get("label", "")))
        self.label.setWordWrap(True)
        self.period = _editable_box(f"period_{key}", PERIOD_EXAMPLES, _("e.g. 3 years"))
        self.period.setEditText(str(item.get("retention_period") or ""))
        self.trigger = _editable_box(f"trigger_{key}", TRIGGER_EXAMPLES, _("e.g. The last order"))
        self.trigger.setEditText(str(item.get("retention_trigger") or ""))
        self.end = QComboBox()
        self.end.setObjectName(f"end_{key}")
        for action, text in END_ACTION_LABELS.items():
            self.end.addItem(_(text), action.value)
        self.end.setCurrentIndex(max(self.end.findData(item.get("end_action") or "delete"), 0))
        self.access = QLineEdit(str(item.get("access") or ""))
        self.access.setObjectName(f"access_{key}")
        self.access.setMaxLength(2000)
        self.access.setPlaceholderText(_("e.g. Customer service"))

    def widgets(self) -> tuple[QWidget, ...]:
        return (self.label, self.period, self.trigger, self.end, self.access)

    def answers(self) -> dict[str, Any]:
        return {
            "retention_period": self.period.currentText().strip(),
            "retention_trigger": self.trigger.currentText().strip(),
            "end_action": self.end.currentData() or EndAction.DELETE.value,
            "access": self.access.text().strip(),
        }


class SharingPage(PlanPage):
    step = PlanStep.SHARING
    title_text = N_("Retention, access and sharing")
    subtitle_text = N_(
        "Keep data only as long as its purpose needs it (Art. 5(1)(e)), show it only to those "
        "who need it, and know where it goes."
    )
    owned_fields = ("data", "internal_access", "recipients", "transfers")

    def __init__(self, session: WorkspaceSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.rows: list[_RetentionRow] = []
        self.retention = QWidget()
        self.retention.setObjectName("retention_grid")
        self.retention_grid = QGridLayout(self.retention)
        self.retention_grid.setContentsMargins(0, 0, 0, 0)
        self.retention_grid.setHorizontalSpacing(8)
        self.copy_button = QPushButton(_("Co&py the first row into the empty ones"))
        self.copy_button.setObjectName("copy_first_retention")
        self.copy_button.clicked.connect(self._on_copy_clicked)
        self.internal_editor = TextListEditor(
            self._access_options, placeholder=_("e.g. Marketing, customer service")
        )
        self.internal_editor.setObjectName("internal_access")
        enter_adds(self.internal_editor)
        self.recipients_editor = ItemsEditor(PLAN_FIELDS["recipients"], self._choices_for)
        self.recipients_editor.setObjectName("recipients")
        self.transfers_editor = ItemsEditor(PLAN_FIELDS["transfers"], self._choices_for)
        self.transfers_editor.setObjectName("transfers")

        add = self.content.addWidget
        add(heading_label(_("How long is each piece of data kept?")))
        add(
            help_label(
                _(
                    "For each piece of data: how long, counted from when, and what happens "
                    "then. Choose an example or type your own. If a law sets the period "
                    "(e.g. accounting records), name it."
                )
            )
        )
        add(self.retention)
        copy_row = QHBoxLayout()
        copy_row.addWidget(self.copy_button)
        copy_row.addStretch(1)
        self.content.addLayout(copy_row)
        self.content.addSpacing(10)
        add(heading_label(_("Who &inside can see the data?"), self.internal_editor))
        add(help_label(field_help("internal_access")))
        add(self.internal_editor)
        self.content.addSpacing(10)
        add(heading_label(_("&Vendors and other recipients"), self.recipients_editor))
        add(
            help_label(
                field_help("recipients")
                + " "
                + _(
                    "A processor works on your instructions and needs a contract under "
                    "Art. 28; pick it among your vendors or type its name."
                )
            )
        )
        add(self.recipients_editor)
        self.content.addSpacing(10)
        add(heading_label(_("&Transfers outside the EEA"), self.transfers_editor))
        add(
            help_label(
                field_help("transfers")
                + " "
                + _(
                    "The EEA is the EU with Iceland, Liechtenstein and Norway. Leave this empty "
                    "when the data stays there."
                )
            )
        )
        add(self.transfers_editor)
        self.content.addStretch(1)

    # -- choices -------------------------------------------------------------------------------

    def _vendors(self) -> list[tuple[int, str]]:
        return [(vendor.id, vendor.name) for vendor in self._session.vendor_rows()]

    def _choices_for(self, path: str) -> list[tuple[Any, str]]:
        if path in ("recipients.vendor_id", "transfers.vendor_id"):
            return list(self._vendors())
        if path in ("recipients.name", "transfers.importer"):
            return [(name, name) for _id, name in self._vendors()]
        return []

    def _access_options(self) -> list[tuple[Any, str]]:
        seen = dict.fromkeys(
            part.strip()
            for row in self.rows
            for part in row.access.text().split(",")
            if part.strip()
        )
        return [(name, name) for name in seen]

    # -- load and store ------------------------------------------------------------------------

    def load(self, values: Mapping[str, Any]) -> None:
        while self.retention_grid.count():
            widget = self.retention_grid.takeAt(0).widget()
            if widget is not None:
                discard(widget)
        self.rows = [
            _RetentionRow(item)
            for item in values.get("data") or []
            if item.get("decision", Decision.KEEP) == Decision.KEEP
        ]
        titles = (_("Data"), _("Kept for"), _("Counted from"), _("Then"), _("Who can see it"))
        for column, title in enumerate(titles):
            self.retention_grid.addWidget(heading_label(title), 0, column)
        for row, retention in enumerate(self.rows, start=1):
            for column, widget in enumerate(retention.widgets()):
                self.retention_grid.addWidget(widget, row, column)
        self.retention_grid.setColumnStretch(0, 2)
        for column in (1, 2, 4):
            self.retention_grid.setColumnStretch(column, 3)
        self.copy_button.setVisible(len(self.rows) > 1)
        self.internal_editor.set_entries(values.get("internal_access") or [])
        self.recipients_editor.set_items(values.get("recipients") or [])
        self.transfers_editor.set_items(values.get("transfers") or [])

    def store(self, values: dict[str, Any]) -> None:
        answers = {row.key: row.answers() for row in self.rows}
        for item in values.get("data") or []:
            item.update(answers.get(item.get("key"), {}))
        values["internal_access"] = self.internal_editor.entries()
        vendors = {name.casefold(): vendor_id for vendor_id, name in self._vendors()}
        recipients = self.recipients_editor.all_items()
        for recipient in recipients:
            if not recipient.get("vendor_id"):  # a vendor's name typed: link it
                recipient["vendor_id"] = vendors.get(str(recipient.get("name", "")).casefold())
        values["recipients"] = recipients
        values["transfers"] = self.transfers_editor.all_items()

    def focus_problem(self, field: str) -> None:
        if field == "recipients":
            self.recipients_editor.setFocus()
        elif field == "transfers":
            self.transfers_editor.setFocus()
        else:
            empty = next((row for row in self.rows if not row.period.currentText().strip()), None)
            if empty is not None:
                self.scroll_area.ensureWidgetVisible(empty.period)
                empty.period.setFocus()

    def _on_copy_clicked(self) -> None:
        if not self.rows:
            return
        first = self.rows[0]
        for row in self.rows[1:]:
            if not row.period.currentText().strip():
                row.period.setEditText(first.period.currentText())
            if not row.trigger.currentText().strip():
                row.trigger.setEditText(first.trigger.currentText())
                row.end.setCurrentIndex(first.end.currentIndex())
            if not row.access.text().strip():
                row.access.setText(first.access.text())
