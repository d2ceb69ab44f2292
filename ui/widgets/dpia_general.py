"""The general part of a DPIA: its title, the processing activities it covers (their facts come
from the register), the risk matrix, the people involved; and for the covered activity chosen,
the smaller assessments it needs: a legitimate-interests assessment for a purpose on
Art. 6(1)(f), a transfer impact assessment for a transfer on SCCs or BCRs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.dpia import DPIA_FIELDS
from app.errors import UserError
from app.i18n import _
from app.services.changes import RecordData
from app.services.dpia_register import ActivityFacts
from ui.operations.dpia_operations import LIA, TIA
from ui.operations.session import WorkspaceSession
from ui.widgets.choice_box import ChoiceBox
from ui.widgets.dpia_questions import grey_label, section_box
from ui.widgets.record_form import RecordForm

_ID = Qt.ItemDataRole.UserRole
_GENERAL = ("reference", "title", "matrix", "author", "reviewer", "validator", "category")
# The next review date belongs with the rest of the general facts on this tab.
FORM_SPECS = {
    name: replace(DPIA_FIELDS[name], group=DPIA_FIELDS["title"].group)
    for name in (*_GENERAL, "next_review")
}


class DpiaGeneralTab(QScrollArea):
    fields_edited = Signal(dict)
    activity_requested = Signal(int)  # open it in the register
    assessment_requested = Signal(str, int)  # LIA or TIA, activity id

    def __init__(self, session: WorkspaceSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._activity_ids: list[int] = []
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.form = RecordForm(FORM_SPECS)
        self.form.field_edited.connect(self.fields_edited)

        box, content = section_box(_("Processing activities covered"))
        self.activity_list = QListWidget()
        self.activity_list.setObjectName("dpia_activities")
        self.activity_list.setMaximumHeight(120)
        self.activity_list.currentItemChanged.connect(lambda *_a: self._show_needs())
        self.activity_list.itemActivated.connect(self._on_open_clicked)
        self.add_box = ChoiceBox(self._activity_options, editable=True)
        self.add_box.setObjectName("add_activity_input")
        self.add_box.lineEdit().setPlaceholderText(_("Reference or name of another activity"))
        self.add_box.picked.connect(lambda _i: self._on_add_clicked())
        self.add_box.lineEdit().returnPressed.connect(self._on_add_clicked)
        self.add_button = self._button(_("Add"), "add_dpia_activity", self._on_add_clicked)
        self.remove_button = self._button(
            _("Remove"), "remove_dpia_activity", self._on_remove_clicked
        )
        self.open_button = self._button(
            _("Open in the register"), "open_dpia_activity", self._on_open_clicked
        )
        self.needs = grey_label()
        self.needs.setObjectName("assessment_needs")
        self.lia_button = self._button(
            _("Legitimate-interests assessment…"),
            "open_lia",
            lambda: self._on_assessment_clicked(LIA),
        )
        self.tia_button = self._button(
            _("Transfer impact assessment…"), "open_tia", lambda: self._on_assessment_clicked(TIA)
        )
        adder = QHBoxLayout()
        adder.addWidget(self.add_box, 1)
        adder.addWidget(self.add_button)
        adder.addWidget(self.remove_button)
        adder.addWidget(self.open_button)
        assessments = QHBoxLayout()
        assessments.addWidget(self.lia_button)
        assessments.addWidget(self.tia_button)
        assessments.addStretch(1)
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(
            grey_label(
                _(
                    "One DPIA may cover several similar processing operations (Art. 35(1)). "
                    "Their description, data, recipients and retention are read from the "
                    "register."
                )
            )
        )
        column.addWidget(self.activity_list)
        column.addLayout(adder)
        column.addWidget(self.needs)
        column.addLayout(assessments)

        body = QWidget()
        body_column = QVBoxLayout(body)
        body_column.setContentsMargins(4, 8, 16, 16)
        body_column.setSpacing(14)
        body_column.addWidget(self.form)
        body_column.addWidget(box)
        body_column.addStretch(1)
        self.setWidget(body)

    @staticmethod
    def _button(text: str, name: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    # -- public API ----------------------------------------------------------------------------

    def show_dpia(self, record: RecordData, facts: Sequence[ActivityFacts]) -> None:
        self.form.set_record(record)
        self._activity_ids = list(record.values.get("activity_ids") or [])
        current = self.activity_list.currentItem()
        selected = current.data(_ID) if current is not None else None
        with QSignalBlocker(self.activity_list):
            self.activity_list.clear()
            for entry in facts:
                item = QListWidgetItem(f"{entry.reference} · {entry.name}")
                item.setData(_ID, entry.activity_id)
                self.activity_list.addItem(item)
                if entry.activity_id == selected or selected is None:
                    self.activity_list.setCurrentItem(item)
                    selected = entry.activity_id
        self.remove_button.setEnabled(len(self._activity_ids) > 1)
        self._show_needs()

    def set_read_only(self, read_only: bool) -> None:
        self.form.set_read_only(read_only)
        for widget in (self.add_box, self.add_button):
            widget.setEnabled(not read_only)

    def selected_activity(self) -> int | None:
        item = self.activity_list.currentItem()
        return int(item.data(_ID)) if item is not None else None

    # -- behaviour -----------------------------------------------------------------------------

    def _activity_options(self) -> list[tuple[Any, str]]:
        return [
            (row.id, f"{row.reference} · {row.name}")
            for row in self._session.activity_rows()
            if row.id not in self._activity_ids
        ]

    def _show_needs(self) -> None:
        activity_id = self.selected_activity()
        self.open_button.setEnabled(activity_id is not None)
        lines: list[str] = []
        lias: tuple[Any, ...] = ()
        tias: tuple[Any, ...] = ()
        if activity_id is not None:
            try:
                needed = self._session.needed_assessments(activity_id)
            except UserError:  # deleted meanwhile
                needed = None
            if needed is not None:
                lias, tias = needed.lias, needed.tias
        done, missing = _("done"), _("not made yet")
        for lia in lias:
            lines.append(
                _("Legitimate interests for “{purpose}”: assessment {state}").format(
                    purpose=lia.purpose, state=done if lia.lia_id else missing
                )
            )
        for tia in tias:
            lines.append(
                _("Transfer to {destination}: impact assessment {state}").format(
                    destination=tia.destination_name, state=done if tia.tia_id else missing
                )
            )
        self.lia_button.setEnabled(bool(lias))
        self.tia_button.setEnabled(bool(tias))
        self.needs.setText(
            "\n".join(f"• {line}" for line in lines)
            if lines
            else _("This activity needs no legitimate-interests or transfer impact assessment.")
        )

    def _on_add_clicked(self) -> None:
        value = self.add_box.typed_value()
        self.add_box.setCurrentIndex(-1)
        self.add_box.setEditText("")
        chosen = next(
            (
                activity_id
                for activity_id, label in self._activity_options()
                if str(activity_id) == value or label.casefold().startswith(value.casefold())
            ),
            None,
        )
        if value and chosen is not None:
            self.fields_edited.emit({"activity_ids": [*self._activity_ids, chosen]})

    def _on_remove_clicked(self) -> None:
        activity_id = self.selected_activity()
        if activity_id is None or len(self._activity_ids) <= 1:
            return
        self.fields_edited.emit(
            {"activity_ids": [i for i in self._activity_ids if i != activity_id]}
        )

    def _on_open_clicked(self, *_args: Any) -> None:
        activity_id = self.selected_activity()
        if activity_id is not None:
            self.activity_requested.emit(activity_id)

    def _on_assessment_clicked(self, kind: str) -> None:
        activity_id = self.selected_activity()
        if activity_id is not None:
            self.assessment_requested.emit(kind, activity_id)
