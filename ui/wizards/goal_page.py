"""Page 1 of the collection-plan wizard: what the business wants to achieve, where the data is
collected and from whom. The purpose comes before the data: it decides what may be collected."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from app.domain.collection_plan import CHANNEL_LABELS
from app.domain.plan_rules import PlanStep
from app.i18n import N_, _
from ui.operations.session import WorkspaceSession
from ui.widgets.text_list_editor import TextListEditor
from ui.wizards.plan_page import (
    PlanPage,
    enter_adds,
    field_help,
    heading_label,
    help_label,
    text_box,
)


class GoalPage(PlanPage):
    step = PlanStep.GOAL
    title_text = N_("Goal")
    subtitle_text = N_(
        "Start with what you want to achieve, not with the data: the goal decides what you "
        "may collect (purpose limitation, Art. 5(1)(b))."
    )
    owned_fields = ("name", "objective", "channel", "channel_detail", "data_subjects")

    def __init__(self, session: WorkspaceSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("name")
        self.name_edit.setMaxLength(300)
        self.name_edit.setPlaceholderText(_("e.g. Newsletter sign-up"))
        self.objective_edit = text_box(
            "objective", _("e.g. Tell customers about new products once a month."), 70
        )
        self.channel_box = QComboBox()
        self.channel_box.setObjectName("channel")
        self.channel_box.addItem(_("Choose where…"), None)
        for channel, label in CHANNEL_LABELS.items():
            self.channel_box.addItem(_(label), channel.value)
        self.channel_detail_edit = text_box(
            "channel_detail", _("e.g. The sign-up box in the footer"), 52
        )
        self.subjects_editor = TextListEditor(
            self._subject_options, placeholder=_("e.g. Customers, newsletter subscribers")
        )
        self.subjects_editor.setObjectName("data_subjects")
        enter_adds(self.subjects_editor)
        self.organisation_box = QComboBox()
        self.organisation_box.setObjectName("organisation_id")

        add = self.content.addWidget
        add(heading_label(_("Na&me of the plan"), self.name_edit))
        add(help_label(_("A short name you will recognise in the list of plans.")))
        add(self.name_edit)
        self.content.addSpacing(6)
        add(heading_label(_("Business ob&jective"), self.objective_edit))
        add(help_label(field_help("objective")))
        add(self.objective_edit)
        self.content.addSpacing(6)
        add(heading_label(_("Wh&ere is the data collected?"), self.channel_box))
        add(self.channel_box)
        add(heading_label(_("Channel de&tails (optional)"), self.channel_detail_edit))
        add(help_label(field_help("channel_detail")))
        add(self.channel_detail_edit)
        self.content.addSpacing(6)
        add(heading_label(_("W&hose data is it?"), self.subjects_editor))
        add(help_label(_("The groups of people the data is about, e.g. customers or visitors.")))
        add(self.subjects_editor)
        self.organisation_heading = heading_label(
            _("Who &collects the data?"), self.organisation_box
        )
        add(self.organisation_heading)
        add(self.organisation_box)
        self.content.addStretch(1)
        self.setTabOrder(self.name_edit, self.objective_edit)
        self.setTabOrder(self.objective_edit, self.channel_box)
        self.setTabOrder(self.channel_box, self.channel_detail_edit)

    def _subject_options(self) -> list[tuple[Any, str]]:
        items = self._session.catalogue("data_subject_categories")
        return [(item.label, item.label) for item in items]

    # -- load and store ------------------------------------------------------------------------

    def load(self, values: Mapping[str, Any]) -> None:
        self.name_edit.setText(str(values.get("name") or ""))
        self.objective_edit.setPlainText(str(values.get("objective") or ""))
        index = self.channel_box.findData(values.get("channel"))
        self.channel_box.setCurrentIndex(max(index, 0))
        self.channel_detail_edit.setPlainText(str(values.get("channel_detail") or ""))
        self.subjects_editor.set_entries(values.get("data_subjects") or [])
        self.subjects_editor.input_box().setEditText("")
        organisations = self._session.organisations()
        self.organisation_box.clear()
        for organisation in organisations:
            self.organisation_box.addItem(organisation.label, organisation.id)
        chosen = self.organisation_box.findData(values.get("organisation_id"))
        self.organisation_box.setCurrentIndex(max(chosen, 0))
        # One organisation: nothing to choose.
        several = len(organisations) > 1
        self.organisation_heading.setVisible(several)
        self.organisation_box.setVisible(several)

    def store(self, values: dict[str, Any]) -> None:
        values["name"] = self.name_edit.text().strip()
        values["objective"] = self.objective_edit.toPlainText().strip()
        values["channel"] = self.channel_box.currentData()
        values["channel_detail"] = self.channel_detail_edit.toPlainText().strip()
        pending = self.subjects_editor.input_box().typed_value()
        subjects = self.subjects_editor.entries()
        if pending and pending.casefold() not in {s.casefold() for s in subjects}:
            subjects.append(pending)  # typed but not added yet: still an answer
        values["data_subjects"] = subjects
        if self.organisation_box.currentData() is not None:
            values["organisation_id"] = self.organisation_box.currentData()

    def focus_problem(self, field: str) -> None:
        widgets = {
            "name": self.name_edit,
            "objective": self.objective_edit,
            "channel": self.channel_box,
            "channel_detail": self.channel_detail_edit,
            "data_subjects": self.subjects_editor,
        }
        widget = widgets.get(field)
        if widget is not None:
            widget.setFocus()
