"""The risks of a DPIA: the three feared events and any risk of the user's own, each with its
risk sources, threats and impacts, the measures that treat it (linked by key, chosen from the
DPIA's measures) and its ratings before and after the measures."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.dpia_questions import FEARED_EVENT_LABELS, FearedEvent
from app.domain.register_items import new_key
from app.domain.risk_matrix import RISK_LEVEL_LABELS, matrix
from app.i18n import N_, _
from ui.widgets.dpia_questions import grey_label, show_text
from ui.widgets.dpia_rating import STAGES, RiskRatingEditor
from ui.widgets.rich_text_editor import RichTextEditor
from ui.widgets.text_list_editor import TextListEditor

_KEY = Qt.ItemDataRole.UserRole
# Common answers offered as the user types (CNIL method, GDPR_REFERENCE 4.4); free text allowed.
_SUGGESTIONS = {
    "sources": (
        N_("Careless staff or users"),
        N_("Malicious staff"),
        N_("External attackers"),
        N_("Third parties misusing authorised access"),
        N_("Fire, flood or power cut"),
    ),
    "threats": (
        N_("Loss or theft of a device or paper file"),
        N_("Unauthorised access to the application"),
        N_("Malware or ransomware"),
        N_("Data sent to the wrong recipient"),
        N_("Hardware or software failure"),
        N_("Accidental deletion"),
    ),
    "impacts": (
        N_("Identity theft or fraud"),
        N_("Financial loss"),
        N_("Discrimination"),
        N_("Loss of control over one's data"),
        N_("Distress or embarrassment"),
        N_("Loss of access to a service"),
    ),
}
_LIST_TITLES = {"sources": N_("Risk sources"), "threats": N_("Threats"), "impacts": N_("Impacts")}


def risk_title(risk: Mapping[str, Any]) -> str:
    event = risk.get("event", FearedEvent.CUSTOM)
    return str(risk.get("title") or _(FEARED_EVENT_LABELS.get(event, str(event))))


class DpiaRisksTab(QSplitter):
    """`risks_edited` carries the whole list of risks after each finished edit."""

    risks_edited = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._risks: list[dict[str, Any]] = []
        self._measures: list[dict[str, Any]] = []
        self._matrix: str | None = None
        self._key: str | None = None
        self._read_only = False

        self.risk_list = QListWidget()
        self.risk_list.setObjectName("risk_list")
        self.risk_list.setWordWrap(True)
        self.risk_list.setSpacing(2)
        self.risk_list.setToolTip(_("Each risk, with its level before any measure → with all"))
        self.risk_list.currentItemChanged.connect(self._on_list_current_changed)
        self.add_button = QPushButton(_("Add a risk"))
        self.add_button.setObjectName("add_risk")
        self.add_button.setToolTip(_("A risk of your own, besides the three feared events"))
        self.add_button.clicked.connect(self._on_add_clicked)
        self.remove_button = QPushButton(_("Remove"))
        self.remove_button.setObjectName("remove_risk")
        self.remove_button.clicked.connect(self._on_remove_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 8, 0, 0)
        left_column.addWidget(self.risk_list, 1)
        left_column.addLayout(buttons)
        self.addWidget(left)
        self.detail_stack = QStackedWidget()
        self.detail_stack.addWidget(self._build_detail())
        empty = grey_label(_("Select a risk to describe and rate it."), small=False)
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail_stack.addWidget(empty)
        self.addWidget(self.detail_stack)
        self.setStretchFactor(1, 1)
        self.setSizes([260, 800])
        self.setChildrenCollapsible(False)

    def _build_detail(self) -> QScrollArea:
        self.heading = QLabel()
        self.heading.setObjectName("risk_heading")
        self.heading.setStyleSheet("font-size: 12pt; font-weight: 600;")
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("risk_title")
        self.title_edit.editingFinished.connect(self._on_title_editing_finished)
        self.description = RichTextEditor(lines=2, max_lines=8)
        self.description.setObjectName("risk_description")
        self.description.edited.connect(lambda text: self._edit("description", text))
        self.lists: dict[str, TextListEditor] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        form.setVerticalSpacing(10)
        form.addRow(_("Name"), self.title_edit)
        form.addRow(_("Description"), self.description)
        for name, title in _LIST_TITLES.items():
            suggestions = [(_(text), _(text)) for text in _SUGGESTIONS[name]]
            editor = TextListEditor(
                lambda s=suggestions: s, placeholder=_("Type or choose, then Enter")
            )
            editor.setObjectName(f"risk_{name}")
            editor.entries_edited.connect(lambda entries, n=name: self._edit(n, entries))
            form.addRow(_(title), editor)
            self.lists[name] = editor
        self.measure_list = QListWidget()
        self.measure_list.setObjectName("risk_measures")
        self.measure_list.setMaximumHeight(130)
        self.measure_list.itemChanged.connect(self._on_measure_item_changed)
        self.measures_note = grey_label(
            _("Tick the measures that treat this risk; add measures in the Measures tab.")
        )
        measures = QWidget()
        measures_column = QVBoxLayout(measures)
        measures_column.setContentsMargins(0, 0, 0, 0)
        measures_column.addWidget(self.measure_list)
        measures_column.addWidget(self.measures_note)
        form.addRow(_("Measures"), measures)
        self.rating = RiskRatingEditor()
        self.rating.setObjectName("risk_rating")
        self.rating.rating_edited.connect(self._edit)
        self.severity_text = RichTextEditor(lines=2, max_lines=8)
        self.severity_text.setObjectName("severity_text")
        self.severity_text.edited.connect(lambda text: self._edit("severity_text", text))
        self.likelihood_text = RichTextEditor(lines=2, max_lines=8)
        self.likelihood_text.setObjectName("likelihood_text")
        self.likelihood_text.edited.connect(lambda text: self._edit("likelihood_text", text))
        rating_heading = QLabel(_("What the risk is and what treats it"))
        rating_heading.setStyleSheet("font-weight: 600;")
        rating_note = grey_label(
            _(
                "Rate from the point of view of the people concerned. Minimisation and "
                "pseudonymisation lower the severity; security measures lower the likelihood."
            )
        )
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(12, 8, 16, 16)
        column.setSpacing(8)
        column.addWidget(self.heading)
        column.addWidget(rating_note)
        column.addWidget(self.rating)
        column.addSpacing(6)
        column.addWidget(rating_heading)
        column.addLayout(form)
        justification = QFormLayout()
        justification.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        justification.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        justification.addRow(_("Why this severity"), self.severity_text)
        justification.addRow(_("Why this likelihood"), self.likelihood_text)
        column.addLayout(justification)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        self.detail_area = scroll
        return scroll

    # -- public API ----------------------------------------------------------------------------

    def show_dpia(self, values: Mapping[str, Any]) -> None:
        self._risks = [dict(risk) for risk in values.get("risks") or []]
        self._measures = [dict(m) for m in values.get("measures") or []]
        self._matrix = values.get("matrix")
        keys = [risk.get("key") for risk in self._risks]
        if self._key not in keys:
            self._key = keys[0] if keys else None
        with QSignalBlocker(self.risk_list):
            self.risk_list.clear()
            for risk in self._risks:
                item = QListWidgetItem(self._item_text(risk))
                item.setData(_KEY, risk.get("key"))
                self.risk_list.addItem(item)
                if risk.get("key") == self._key:
                    self.risk_list.setCurrentItem(item)
        self._show_current()

    def select_risk(self, key: str) -> None:
        for row in range(self.risk_list.count()):
            if self.risk_list.item(row).data(_KEY) == key:
                self.risk_list.setCurrentRow(row)

    def current_key(self) -> str | None:
        return self._key

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.add_button.setEnabled(not read_only)
        self.title_edit.setReadOnly(read_only)
        for editor in (self.description, self.severity_text, self.likelihood_text):
            editor.set_read_only(read_only)
        for editor in self.lists.values():
            editor.set_read_only(read_only)
        self.rating.set_read_only(read_only)
        self._update_buttons()

    # -- showing -------------------------------------------------------------------------------

    def _item_text(self, risk: Mapping[str, Any]) -> str:
        grid = matrix(self._matrix)
        levels = []
        for stage in ("inherent", "residual"):
            level = grid.level(
                int(risk.get(f"{stage}_severity") or 0), int(risk.get(f"{stage}_likelihood") or 0)
            )
            levels.append(_(RISK_LEVEL_LABELS[level]) if level else None)
        if levels == [None, None]:
            summary = _("not rated yet")
        else:
            summary = _("{before} → {after}").format(
                before=levels[0] or "?", after=levels[1] or "?"
            )
        return f"{risk_title(risk)}\n    {summary}"

    def _current(self) -> dict[str, Any] | None:
        return next((r for r in self._risks if r.get("key") == self._key), None)

    def _show_current(self) -> None:
        risk = self._current()
        self._update_buttons()
        if risk is None:
            self.detail_stack.setCurrentIndex(1)
            return
        self.detail_stack.setCurrentIndex(0)
        event = risk.get("event", FearedEvent.CUSTOM)
        self.heading.setText(_(FEARED_EVENT_LABELS.get(event, str(event))))
        if not self.title_edit.isModified() or not self.title_edit.hasFocus():
            show_text(self.title_edit, str(risk.get("title") or ""))
        self.title_edit.setPlaceholderText(risk_title({"event": event}))
        self.description.set_html(risk.get("description", ""))
        for name, editor in self.lists.items():
            editor.set_entries(risk.get(name) or [])
        with QSignalBlocker(self.measure_list):
            self.measure_list.clear()
            linked = set(risk.get("measure_keys") or [])
            for measure in self._measures:
                item = QListWidgetItem(str(measure.get("title") or ""))
                item.setData(_KEY, measure.get("key"))
                flags = item.flags() | Qt.ItemFlag.ItemIsUserCheckable
                item.setFlags(flags if not self._read_only else flags & ~Qt.ItemFlag.ItemIsEnabled)
                checked = measure.get("key") in linked
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                self.measure_list.addItem(item)
        self.measure_list.setVisible(bool(self._measures))
        self.rating.show_risk(risk, self._matrix)
        self.severity_text.set_html(risk.get("severity_text", ""))
        self.likelihood_text.set_html(risk.get("likelihood_text", ""))

    def _update_buttons(self) -> None:
        risk = self._current()
        # The three feared events are the method's own; only the user's risks go away.
        custom = risk is not None and risk.get("event") == FearedEvent.CUSTOM
        self.remove_button.setEnabled(custom and not self._read_only)

    # -- editing -------------------------------------------------------------------------------

    def _edit(self, name: str, value: Any) -> None:
        risk = self._current()
        if risk is None or self._read_only or risk.get(name) == value:
            return
        risk[name] = value
        row = self.risk_list.currentRow()
        if 0 <= row < self.risk_list.count():
            self.risk_list.item(row).setText(self._item_text(risk))
        self.risks_edited.emit(copy.deepcopy(self._risks))

    def _on_title_editing_finished(self) -> None:
        if self.title_edit.isModified():
            self.title_edit.setModified(False)
            self._edit("title", self.title_edit.text().strip()[:300])

    def _on_measure_item_changed(self, _item: QListWidgetItem) -> None:
        keys = [
            self.measure_list.item(row).data(_KEY)
            for row in range(self.measure_list.count())
            if self.measure_list.item(row).checkState() == Qt.CheckState.Checked
        ]
        self._edit("measure_keys", keys)

    def _on_list_current_changed(self, current: QListWidgetItem | None, _previous: Any) -> None:
        if current is not None:
            self._key = current.data(_KEY)
            self._show_current()
            self.detail_area.verticalScrollBar().setValue(0)

    def _on_add_clicked(self) -> None:
        risk = {"key": new_key(), "event": FearedEvent.CUSTOM.value, "title": _("New risk")}
        risk.update(
            {f"{stage}_{axis}": 0 for stage in STAGES for axis in ("severity", "likelihood")}
        )
        self._risks.append(risk)
        self._key = risk["key"]
        self.show_dpia({"risks": self._risks, "measures": self._measures, "matrix": self._matrix})
        self.risks_edited.emit(copy.deepcopy(self._risks))
        self.title_edit.setFocus()
        self.title_edit.selectAll()

    def _on_remove_clicked(self) -> None:
        risk = self._current()
        if risk is None or risk.get("event") != FearedEvent.CUSTOM:
            return
        self._risks = [r for r in self._risks if r.get("key") != self._key]
        self._key = None
        self.show_dpia({"risks": self._risks, "measures": self._measures, "matrix": self._matrix})
        self.risks_edited.emit(copy.deepcopy(self._risks))
