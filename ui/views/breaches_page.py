"""The breach register (Art. 33(5)): every breach with its 72-hour clock ticking live, the
selected breach's record below it, and a suggested risk level with its reasons, which the user
may take or leave.

The clocks move every 30 seconds from the rows already read: the database is asked again only
when a record changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QHideEvent, QPalette, QShowEvent
from PySide6.QtWidgets import (
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

from app.domain.breach import BREACH_FIELDS, RISK_LABELS
from app.i18n import N_, _, ngettext
from ui.models.breach_table_model import (
    CLOCK_COLOURS,
    BreachFilterProxy,
    BreachTableModel,
    Column,
    risk_text,
)
from ui.operations.session import WorkspaceSession
from ui.views.master_detail_page import MasterDetailPage
from ui.widgets.datetime_editor import format_moment, system_zone_name, time_zone_names
from ui.widgets.record_form import RecordForm

if TYPE_CHECKING:
    from app.domain.breach_risk import RiskSuggestion
    from app.services.breaches import BreachRow
    from app.services.changes import ChangeResult

KIND = "breach"
TICK_MS = 30_000
_COLUMN_WIDTHS = {
    Column.REFERENCE: 80,
    Column.AWARE: 160,
    Column.NOTIFY_BY: 160,
    Column.CLOCK: 120,
    Column.RISK: 100,
}
_CHOICE_SOURCES = frozenset({"organisation", "catalogue_entry", "*"})
# Which breach it is heads the form; then when it happened, since the clock runs from
# there, and only then what happened.
_HEAD = ("reference", "title", "organisation_id")
_HEAD_GROUP = N_("Breach")
_FORM_SPECS = {name: replace(BREACH_FIELDS[name], group=_HEAD_GROUP) for name in _HEAD} | {
    name: spec for name, spec in BREACH_FIELDS.items() if name not in _HEAD
}
_BANNER_BACKGROUNDS = {"overdue": "#fdecea", "running": "#fff4e5", "notified": "#edf7ee"}


def _label(object_name: str, *, wrap: bool = True, style: str = "") -> QLabel:
    label = QLabel()
    label.setObjectName(object_name)
    label.setWordWrap(wrap)
    if style:
        label.setStyleSheet(style)
    return label


class BreachesPage(MasterDetailPage):
    page_name = "breaches"
    title = N_("Breaches")
    intro = N_(
        "Every personal data breach, notified or not (Art. 33(5)). Unless it is unlikely to "
        "result in a risk, the supervisory authority must be told within 72 hours of becoming "
        "aware (Art. 33(1)); the clock shows the time left."
    )
    watches = (KIND, "organisation", "catalogue_entry")

    def __init__(self, session: WorkspaceSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self._choices: dict[str, list[tuple[Any, str]]] = {}
        self._suggestion: RiskSuggestion | None = None
        # Where the clocks read the time; tests put a later moment here, or pass one to tick().
        self.now: Callable[[], datetime] = lambda: datetime.now(UTC)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)

        self.model = BreachTableModel(self)
        self.proxy = BreachFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = self._build_table()
        self.new_button = QPushButton(_("New breach"))
        self.new_button.setObjectName("new_breach")
        self.new_button.setToolTip(_("Record a breach you have just become aware of"))
        self.new_button.clicked.connect(self._on_new_clicked)
        self.search = self._new_search(
            "breach_search", _("Search reference or title"), self._on_search_text_changed
        )
        self.count_label = _label("breach_count", wrap=False)
        self.count_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        toolbar = QHBoxLayout()
        toolbar.addWidget(self.new_button)
        toolbar.addSpacing(18)
        toolbar.addWidget(self.search, 1)
        toolbar.addWidget(self.count_label)

        empty = QLabel(_("No breaches recorded.\nRecord every one, even those you do not notify."))
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        empty.setFrameShape(QFrame.Shape.StyledPanel)
        self.table_stack = QStackedWidget()
        self.table_stack.addWidget(self.table)
        self.table_stack.addWidget(empty)
        self.details_panel = self._build_details()
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table_stack)
        splitter.addWidget(self.details_panel)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([200, 450])
        splitter.setChildrenCollapsible(False)
        layout = self.build_page_layout(space_below_header=4)
        layout.addLayout(toolbar)
        layout.addWidget(splitter, 1)
        session.records_changed.connect(self._on_choices_source_changed)

    def _build_table(self) -> QTableView:
        return self._new_table(
            "breaches_table",
            sort_column=Column.CLOCK,  # most urgent first
            stretch_column=Column.TITLE,
            column_widths=_COLUMN_WIDTHS,
        )

    def _build_details(self) -> QWidget:
        self.details_title = _label("breach_title", style="font-size: 13pt; font-weight: 600;")
        self.banner = QFrame()
        self.banner.setObjectName("clock_banner")
        self.clock_status = _label("clock_status")
        self.clock_text = _label("clock_text")
        banner_column = QVBoxLayout(self.banner)
        banner_column.setContentsMargins(12, 8, 12, 8)
        banner_column.setSpacing(2)
        banner_column.addWidget(self.clock_status)
        banner_column.addWidget(self.clock_text)
        self._new_form_area()
        body = QHBoxLayout()
        body.setSpacing(12)
        body.addWidget(self.form_area, 1)
        body.addWidget(self._build_risk_panel())
        details = QWidget()
        column = QVBoxLayout(details)
        column.setContentsMargins(0, 10, 0, 0)
        column.setSpacing(6)
        column.addWidget(self.details_title)
        column.addWidget(self.banner)
        column.addLayout(body, 1)
        self.details_stack = QStackedWidget()
        self.details_stack.addWidget(details)
        placeholder = QLabel(_("Select a breach to see and edit it."))
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        placeholder.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.details_stack.addWidget(placeholder)
        return self.details_stack

    def _build_risk_panel(self) -> QWidget:
        panel = QFrame()
        panel.setObjectName("risk_panel")
        panel.setFixedWidth(270)
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        heading = _label("risk_heading", style="font-weight: 600;")
        heading.setText(_("Suggested risk level"))
        self.risk_level_label = _label("suggested_level", style="font-weight: 600;")
        self.risk_reasons = _label("risk_reasons")
        self.risk_reasons.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.risk_current = _label("current_level")
        self.risk_current.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.use_level_button = QPushButton(_("Use this level"))
        self.use_level_button.setObjectName("use_risk_level")
        self.use_level_button.setToolTip(_("Record the suggested level; you remain the judge"))
        self.use_level_button.clicked.connect(self._on_use_level_clicked)
        note = _label("risk_note")
        note.setText(_("From the facts recorded (EDPB Guidelines 9/2022). You decide."))
        note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        column = QVBoxLayout(panel)
        column.setContentsMargins(12, 10, 12, 10)
        for widget in (heading, self.risk_level_label, self.risk_reasons, self.risk_current):
            column.addWidget(widget)
        column.addWidget(self.use_level_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(note)
        column.addStretch(1)
        return panel

    def _make_form(self) -> RecordForm:
        return RecordForm(
            _FORM_SPECS,
            choices_for=self._choices_for,
            suggestions={"time_zone": time_zone_names()},
        )

    # -- the page contract ---------------------------------------------------------------------

    def refresh(self) -> None:
        self.model.set_rows(self._session.breach_rows(), self.now())
        self._after_rows_changed()

    def _after_rows_changed(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        text = ngettext("{shown} of {total} breach", "{shown} of {total} breaches", total)
        self.count_label.setText(text.format(shown=shown, total=total))
        self.table_stack.setCurrentIndex(0 if total else 1)
        self._keep_selection()

    def tick(self, now: datetime | None = None) -> None:
        """Move the clocks on to `now` (default: `self.now()`), from the rows already read."""
        self.model.set_now(now or self.now())
        breach = self.selected()
        if breach is not None:
            self._show_clock(breach)

    def _record_at(self, source_row: int) -> BreachRow | None:
        return self.model.breach_at(source_row)

    def select(self, breach_id: int) -> None:
        """Show a breach, clearing a search that hides it."""
        self._selected_id = breach_id
        with QSignalBlocker(self.search):
            self.search.clear()
        self.proxy.set_search("")
        self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.tick()  # the time it was hidden for
        self.timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.timer.stop()  # a hidden page's clocks cost nothing

    # -- selection -----------------------------------------------------------------------------

    def _on_search_text_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self._after_rows_changed()

    def _show(self, breach_id: int | None) -> None:
        self._selected_id = breach_id
        breach = self.selected()
        if breach is None:
            self._show_no_record()
            return
        self.details_stack.setCurrentIndex(0)
        shown = self.form.record()
        self.form.set_record(self._session.breach(breach.id))
        if shown is None or shown.id != breach.id:
            self.form_area.verticalScrollBar().setValue(0)
        self.details_title.setText(f"{breach.reference} · {breach.title}")
        self._show_clock(breach)
        self._show_risk(breach, self._session.breach_risk(breach.id))

    def _show_clock(self, breach: BreachRow) -> None:
        now = self.model.now()
        state = breach.clock_state(now)
        deadline = format_moment(breach.clock.deadline, breach.time_zone)
        if state == "running":
            status = breach.clock.describe(now)
            text = _(
                "Notify the supervisory authority by {deadline} ({zone}): 72 hours after "
                "becoming aware (Art. 33(1))."
            )
        elif state == "overdue":
            status = _("{overdue}: the authority has not been notified").format(
                overdue=breach.clock.describe(now)
            )
            text = _(
                "The 72 hours ended at {deadline} ({zone}). Notify now and give the reasons "
                "for the delay (Art. 33(1))."
            )
        elif state == "notified":
            status = _("The authority was notified at {at}").format(
                at=format_moment(breach.authority_notified_at, breach.time_zone)
            )
            text = _(
                "Due by {deadline}. Send further information in phases if needed (Art. 33(4))."
            )
        elif state == "not_notifiable":
            status = _("Not notifiable: assessed as unlikely to result in a risk")
            text = _("Keep the reasoning for not notifying in the register (Art. 33(5)).")
        else:
            status = _("Closed without notification")
            text = _("Record why it was not notified (Art. 33(5)).")
        colour = CLOCK_COLOURS[state].name() if state != "closed" else "palette(text)"
        background = _BANNER_BACKGROUNDS.get(state, "#f2f2f2")
        self.banner.setStyleSheet(
            f"#clock_banner {{ background: {background}; border: 1px solid {colour};"
            " border-radius: 6px; }"
        )
        self.clock_status.setStyleSheet(f"font-weight: 600; color: {colour};")
        self.clock_status.setText(status)
        self.clock_text.setText(text.format(deadline=deadline, zone=breach.time_zone))

    def _show_risk(self, breach: BreachRow, suggestion: RiskSuggestion) -> None:
        self._suggestion = suggestion
        self.risk_level_label.setText(_(RISK_LABELS[suggestion.level]))
        self.risk_reasons.setText("\n".join(f"• {reason}" for reason in suggestion.reasons))
        self.risk_current.setText(
            _("Recorded now: {level}").format(level=risk_text(breach.risk_level))
        )
        taken = breach.risk_level == suggestion.level.value
        self.use_level_button.setEnabled(not taken)
        self.use_level_button.setText(_("Level recorded") if taken else _("Use this level"))

    # -- pick-lists ----------------------------------------------------------------------------

    def _choices_for(self, path: str) -> list[tuple[Any, str]]:
        if path not in self._choices:
            spec = BREACH_FIELDS.get(path)
            if path == "organisation_id":
                orgs = self._session.organisations()
                self._choices[path] = [(org.id, org["legal_name"]) for org in orgs]
            elif spec is not None and spec.catalogue:
                items = self._session.catalogue(spec.catalogue)
                self._choices[path] = [(item.label, item.label) for item in items]
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

    def _on_use_level_clicked(self) -> None:
        breach = self.selected()
        if breach is not None and self._suggestion is not None:
            level = self._suggestion.level.value
            self._session.update_record(KIND, breach.id, {"risk_level": level})

    def _on_new_clicked(self) -> None:
        def created(result: ChangeResult) -> None:
            if isValid(self):
                self.select(result.record.id)
                self.focus_field("title")  # the placeholder title, to be typed over

        values = {
            "title": _("New breach"),
            "time_zone": system_zone_name(),
            "aware_at": self.now().replace(second=0, microsecond=0),
        }
        self._session.add_breach(values, on_done=created)
