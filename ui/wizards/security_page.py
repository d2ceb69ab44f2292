"""Page 6 of the collection-plan wizard: how the data is protected (measures from the catalogue,
each explained), how people are told at collection, and how they can use their rights."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from app.domain.plan_rules import PlanStep
from app.i18n import N_, _
from app.services.catalogues import CatalogueItem
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

CATALOGUE = "security_measures"


class SecurityPage(PlanPage):
    step = PlanStep.SECURITY
    title_text = N_("Security and rights")
    subtitle_text = N_(
        "Protect the data in proportion to the risk (Art. 32), tell people what you do with "
        "it when you collect it (Art. 13), and make it easy for them to use their rights."
    )
    owned_fields = ("security_measures", "security_notes", "information_method", "rights_channel")

    def __init__(self, session: WorkspaceSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self._catalogue: list[CatalogueItem] | None = None
        self.measures_editor = TextListEditor(
            self._measure_options, placeholder=_("Type to search the measures, e.g. backup")
        )
        self.measures_editor.setObjectName("security_measures")
        enter_adds(self.measures_editor)
        self.measures_editor.entries_edited.connect(self._on_measures_edited)
        self.measures_explained = QLabel()
        self.measures_explained.setObjectName("measures_explained")
        self.measures_explained.setWordWrap(True)
        self.measures_explained.setTextFormat(Qt.TextFormat.RichText)
        self.measures_explained.setStyleSheet("color: #444; margin-bottom: 6px;")
        self.notes_edit = text_box("security_notes", _("Anything else that protects the data"), 52)
        self.information_edit = text_box(
            "information_method",
            _("e.g. A short notice under the form, with a link to the privacy policy"),
            64,
        )
        self.rights_edit = text_box(
            "rights_channel", _("e.g. privacy@example.com, or the form on our contact page"), 64
        )

        add = self.content.addWidget
        add(heading_label(_("&Security measures"), self.measures_editor))
        add(
            help_label(
                _(
                    "Choose the measures that protect this data; type to search the catalogue, "
                    "or type your own and press Enter."
                )
            )
        )
        add(self.measures_editor)
        add(self.measures_explained)
        add(heading_label(_("Other security no&tes (optional)"), self.notes_edit))
        add(self.notes_edit)
        self.content.addSpacing(8)
        add(heading_label(_("&How people are told"), self.information_edit))
        add(help_label(field_help("information_method")))
        add(self.information_edit)
        self.content.addSpacing(8)
        add(heading_label(_("How people can use their &rights"), self.rights_edit))
        add(help_label(field_help("rights_channel")))
        add(self.rights_edit)
        self.content.addStretch(1)

    def _measures(self) -> list[CatalogueItem]:
        if self._catalogue is None:
            self._catalogue = self._session.catalogue(CATALOGUE)
        return self._catalogue

    def _measure_options(self) -> list[tuple[Any, str]]:
        return [(item.label, item.label) for item in self._measures()]

    def _on_measures_edited(self, entries: list[str]) -> None:
        descriptions = {item.label: item.description for item in self._measures()}
        lines = [
            f"<b>{html.escape(entry)}</b>: {html.escape(descriptions[entry])}"
            for entry in entries
            if descriptions.get(entry)
        ]
        self.measures_explained.setText("<br>".join(lines))
        self.measures_explained.setVisible(bool(lines))

    # -- load and store ------------------------------------------------------------------------

    def load(self, values: Mapping[str, Any]) -> None:
        self._catalogue = None  # the workspace's catalogue may have changed meanwhile
        # A measure named by its catalogue key (an answers file may do that) shows as its label.
        labels = {item.key: item.label for item in self._measures()}
        entries = [labels.get(entry, entry) for entry in values.get("security_measures") or []]
        self.measures_editor.set_entries(list(dict.fromkeys(entries)))
        self.measures_editor.input_box().setEditText("")
        self._on_measures_edited(self.measures_editor.entries())
        self.notes_edit.setPlainText(str(values.get("security_notes") or ""))
        self.information_edit.setPlainText(str(values.get("information_method") or ""))
        self.rights_edit.setPlainText(str(values.get("rights_channel") or ""))

    def store(self, values: dict[str, Any]) -> None:
        values["security_measures"] = self.measures_editor.entries()
        values["security_notes"] = self.notes_edit.toPlainText().strip()
        values["information_method"] = self.information_edit.toPlainText().strip()
        values["rights_channel"] = self.rights_edit.toPlainText().strip()

    def focus_problem(self, field: str) -> None:
        widget = {
            "security_measures": self.measures_editor,
            "security_notes": self.notes_edit,
            "information_method": self.information_edit,
            "rights_channel": self.rights_edit,
        }.get(field)
        if widget is not None:
            self.scroll_area.ensureWidgetVisible(widget)
            widget.setFocus()
