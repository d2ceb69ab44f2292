"""The log of people's requests about their data (Arts. 12, 15-22): each one's one-month
deadline, explained step by step, late and nearly due ones in colour, and the request's record
below, stored field by field. Closing asks for the outcome, and for the ground of a refusal.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.domain.rights_request import (
    REQUEST_FIELDS,
    Channel,
    IdentityCheck,
    RequestStatus,
    RequestType,
)
from app.i18n import N_, _, ngettext
from ui.dialogs.close_request_dialog import CloseRequestDialog
from ui.models.request_table_model import (
    DUE_SOON_COLOUR,
    FILTER_LABELS,
    OVERDUE_COLOUR,
    Column,
    RequestFilter,
    RequestFilterProxy,
    RequestTableModel,
    accepts,
    days_left_text,
)
from ui.operations.session import WorkspaceSession
from ui.views.master_detail_page import MasterDetailPage, placeholder_label
from ui.widgets.record_form import ERROR_COLOUR, RecordForm

if TYPE_CHECKING:
    from app.services.changes import ChangeResult
    from app.services.requests import RequestRow

KIND = "rights_request"
_COLUMN_WIDTHS = {
    Column.REFERENCE: 84,
    Column.RECEIVED: 96,
    Column.TYPES: 200,
    Column.STATUS: 70,
    Column.DUE: 96,
    Column.DAYS_LEFT: 130,
}
_CHOICE_SOURCES = frozenset({"organisation", "processing_activity", "*"})
# Closing asks for these, as the form shows them (with the reminder of what a refusal must say).
_BANNER_STYLES = {  # (background, border) by urgency
    "overdue": ("#fdecea", OVERDUE_COLOUR.name()),
    "due_soon": ("#fff4e5", DUE_SOON_COLOUR.name()),
    "open": ("#eef3f8", "#9fb6cd"),
    "closed": ("#f2f2f2", "#c4c4c4"),
}


class RequestsPage(MasterDetailPage):
    page_name = "requests"
    title = N_("Requests")
    intro = N_(
        "People's requests about their data: access, erasure, objection and the others. Each "
        "must be answered within one month of receipt (Art. 12(3)); late ones show in red, "
        "those due within 7 days in amber."
    )
    watches = (KIND, "organisation", "processing_activity")

    def __init__(self, session: WorkspaceSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self._reveal_id: int | None = None  # to show even if the filter would hide it
        self._choices: dict[str, list[tuple[Any, str]]] = {}
        self.model = RequestTableModel(self)
        self.proxy = RequestFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = self._build_table()

        self.new_button = QPushButton(_("New request"))
        self.new_button.setObjectName("new_request")
        self.new_button.setToolTip(_("Log a request received today"))
        self.new_button.clicked.connect(self._on_new_clicked)
        self.close_button = QPushButton(_("Close…"))
        self.close_button.setObjectName("close_request")
        self.close_button.setToolTip(_("Record the outcome and close the request"))
        self.close_button.clicked.connect(self._on_close_clicked)
        self.filter_buttons = QButtonGroup(self)
        self.search = self._new_search(
            "request_search", _("Search reference, requester or type"), self._on_filter_changed
        )
        self.count_label = QLabel()
        self.count_label.setObjectName("request_count")
        toolbar = QHBoxLayout()
        toolbar.setSpacing(6)
        toolbar.addWidget(self.new_button)
        toolbar.addWidget(self.close_button)
        toolbar.addSpacing(18)
        for shown in RequestFilter:
            button = QPushButton(_(FILTER_LABELS[shown]))
            button.setObjectName(f"filter_{shown.value}")
            button.setCheckable(True)
            button.setChecked(shown is RequestFilter.OPEN)
            self.filter_buttons.addButton(button)
            button.setProperty("filter", shown.value)
            toolbar.addWidget(button)
        self.filter_buttons.buttonClicked.connect(self._on_filter_changed)
        toolbar.addSpacing(12)
        toolbar.addWidget(self.search, 1)
        toolbar.addWidget(self.count_label)

        self.table_stack = QStackedWidget()
        self.table_stack.addWidget(self.table)
        self.table_stack.addWidget(
            placeholder_label(
                _("No requests logged yet.\nLog each one the day it arrives."), framed=True
            )
        )
        self.details_panel = self._build_details()
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table_stack)
        splitter.addWidget(self.details_panel)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([230, 420])
        splitter.setChildrenCollapsible(False)
        layout = self.build_page_layout(space_below_header=4)
        layout.addLayout(toolbar)
        layout.addWidget(splitter, 1)
        session.records_changed.connect(self._on_choices_source_changed)

    def _build_table(self) -> QTableView:
        return self._new_table(
            "requests_table",
            sort_column=Column.DAYS_LEFT,  # most urgent first
            stretch_column=Column.REQUESTER,
            column_widths=_COLUMN_WIDTHS,
        )

    def _build_details(self) -> QWidget:
        self.details_title = QLabel()
        self.details_title.setObjectName("request_title")
        self.details_title.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self.banner = QFrame()
        self.banner.setObjectName("deadline_banner")
        self.deadline_status = QLabel()
        self.deadline_status.setObjectName("deadline_status")
        self.deadline_text = QLabel()
        self.deadline_text.setObjectName("deadline_text")
        self.deadline_text.setWordWrap(True)
        self.extension_warning = QLabel()
        self.extension_warning.setObjectName("extension_warning")
        self.extension_warning.setWordWrap(True)
        self.extension_warning.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: 600;")
        banner_column = QVBoxLayout(self.banner)
        banner_column.setContentsMargins(12, 8, 12, 8)
        banner_column.setSpacing(2)
        for label in (self.deadline_status, self.deadline_text, self.extension_warning):
            banner_column.addWidget(label)
        self._new_form_area()
        details = QWidget()
        column = QVBoxLayout(details)
        column.setContentsMargins(0, 10, 0, 0)
        column.setSpacing(6)
        column.addWidget(self.details_title)
        column.addWidget(self.banner)
        column.addWidget(self.form_area, 1)
        self.details_stack = QStackedWidget()
        self.details_stack.addWidget(details)
        self.details_stack.addWidget(placeholder_label(_("Select a request to see and edit it.")))
        return self.details_stack

    def _make_form(self) -> RecordForm:
        return RecordForm(REQUEST_FIELDS, choices_for=self._choices_for)

    # -- the page contract ---------------------------------------------------------------------

    def refresh(self) -> None:
        self.model.set_rows(self._session.request_rows())
        wanted, self._reveal_id = self._reveal_id, None
        if self.model.row_of(wanted) >= 0 and self._proxy_row(wanted) < 0:
            with QSignalBlocker(self.search):  # a search or filter must not hide it
                self.search.clear()
            self._check_filter(RequestFilter.ALL)
            self.proxy.set_filter(RequestFilter.ALL, "")
        self._after_rows_changed()

    def _record_at(self, source_row: int) -> RequestRow | None:
        return self.model.request_at(source_row)

    def select(self, request_id: int) -> None:
        """Show a request, clearing a search or filter that hides it."""
        self._selected_id = self._reveal_id = request_id
        self.reload()

    def set_filter(self, shown: RequestFilter) -> None:
        self._check_filter(shown)
        self._on_filter_changed()

    def _check_filter(self, shown: RequestFilter) -> None:
        for button in self.filter_buttons.buttons():
            button.setChecked(button.property("filter") == shown.value)

    def current_filter(self) -> RequestFilter:
        checked = self.filter_buttons.checkedButton()
        return RequestFilter(checked.property("filter")) if checked else RequestFilter.ALL

    # -- filtering and selection ---------------------------------------------------------------

    def _on_filter_changed(self, *_args: Any) -> None:
        self.proxy.set_filter(self.current_filter(), self.search.text())
        self._after_rows_changed()

    def _after_rows_changed(self) -> None:
        rows = self.model.rows()
        for button in self.filter_buttons.buttons():
            shown = RequestFilter(button.property("filter"))
            count = sum(accepts(row, shown) for row in rows)
            button.setText(f"{_(FILTER_LABELS[shown])} ({count})")
        total, shown_count = len(rows), self.proxy.rowCount()
        text = ngettext("{shown} of {total} request", "{shown} of {total} requests", total)
        self.count_label.setText(text.format(shown=shown_count, total=total))
        self.table_stack.setCurrentIndex(0 if total else 1)
        self._keep_selection()

    def _show(self, request_id: int | None) -> None:
        self._selected_id = request_id
        request = self.selected()
        self.close_button.setEnabled(request is not None and request.status == RequestStatus.OPEN)
        if request is None:
            self._show_no_record()
            return
        self.details_stack.setCurrentIndex(0)
        shown = self.form.record()
        record = self._session.request(request.id)
        self.form.set_record(record)
        if shown is None or shown.id != request.id:
            self.form_area.verticalScrollBar().setValue(0)
        self.details_title.setText(f"{request.reference} · {request.requester}")
        self._show_deadline(request, record.values)

    def _show_deadline(self, request: RequestRow, values: dict[str, Any]) -> None:
        due = request.deadline.due.isoformat()
        if request.status != RequestStatus.OPEN:
            urgency = "closed"
            closed = values.get("closed_on")
            status = _("Closed on {date}").format(date=closed.isoformat() if closed else "—")
        else:
            urgency = "overdue" if request.overdue else "due_soon" if request.due_soon else "open"
            status = _("Reply due {date} · {left}").format(date=due, left=days_left_text(request))
        background, border = _BANNER_STYLES[urgency]
        self.banner.setStyleSheet(
            f"#deadline_banner {{ background: {background}; border: 1px solid {border};"
            " border-radius: 6px; }"
        )
        colour = border if urgency in ("overdue", "due_soon") else "palette(text)"
        self.deadline_status.setStyleSheet(f"font-weight: 600; color: {colour};")
        self.deadline_status.setText(status)
        self.deadline_text.setText(
            _("Deadline: {explanation}").format(explanation=request.deadline.text)
        )
        warning = ""
        if request.extension_late:
            warning = _(
                "⚠ Extended, but the requester was not told within the first month, with the "
                "reasons, as Art. 12(3) requires."
            )
            if values.get("extension_notified_on") is None:
                warning += " " + _("Record the day they were told under “Requester told on”.")
        self.extension_warning.setText(warning)
        self.extension_warning.setVisible(bool(warning))

    # -- pick-lists ----------------------------------------------------------------------------

    def _choices_for(self, path: str) -> list[tuple[Any, str]]:
        if path not in self._choices:
            if path == "organisation_id":
                orgs = self._session.organisations()
                self._choices[path] = [(org.id, org["legal_name"]) for org in orgs]
            elif path == "activities":
                self._choices[path] = [
                    (row.reference, f"{row.reference} · {row.name}")
                    for row in self._session.activity_rows()
                ]
            else:
                return []
        return self._choices[path]

    def _on_choices_source_changed(self, record_type: str) -> None:
        if record_type in _CHOICE_SOURCES:
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
                self.focus_field("requester")  # the placeholder name, to be typed over

        values = {
            "received_on": date.today(),
            "types": [RequestType.ACCESS.value],
            "requester": _("New requester"),
            "channel": Channel.EMAIL.value,
            "identity_check": IdentityCheck.NOT_NEEDED.value,
        }
        self._session.add_request(values, on_done=created)

    def _on_close_clicked(self) -> None:
        request = self.selected()
        record = self.form.record()
        if request is None or record is None or record.id != request.id:
            return
        dialog = CloseRequestDialog(request, record.values.get("refusal_ground") or "", self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._session.close_request(
                request.id,
                dialog.values["outcome"],
                closed_on=dialog.values["closed_on"],
                refusal_ground=dialog.values["refusal_ground"],
            )
