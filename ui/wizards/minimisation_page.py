"""Page 4 of the collection-plan wizard: "do you really need this?" for each piece of data its
purposes do not usually need. The user removes it (the decision is kept in the plan) or says
why it is needed; data already decided against is listed too, so the decision can be undone."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.collection_plan import Decision
from app.domain.plan_rules import PlanStep, minimisation_flags
from app.i18n import N_, _
from ui.operations.session import WorkspaceSession
from ui.wizards.plan_page import PlanPage, discard, heading_label, help_label, text_box


class _DecisionCard(QFrame):
    """One piece of data in question: why, and Remove / Keep with a justification."""

    def __init__(self, item: Mapping[str, Any], reason: str) -> None:
        super().__init__()
        key = item["key"]
        self.key = key
        self.label = str(item.get("label", ""))
        self.setObjectName(f"decision_{key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.remove = QRadioButton(_("Do not collect it"))
        self.remove.setObjectName(f"remove_{key}")
        self.keep = QRadioButton(_("Collect it: it is needed because…"))
        self.keep.setObjectName(f"keep_{key}")
        group = QButtonGroup(self)
        group.addButton(self.remove)
        group.addButton(self.keep)
        self.justification: QPlainTextEdit = text_box(
            f"justification_{key}",
            _("e.g. Optional, to greet subscribers by name; the form marks it as optional."),
            54,
        )
        removed = item.get("decision") == Decision.REMOVE
        self.remove.setChecked(removed)
        self.keep.setChecked(not removed and bool(item.get("justification")))
        self.justification.setPlainText(str(item.get("justification") or ""))
        self.note_label = QLabel()
        self.keep.toggled.connect(self._on_choice_toggled)
        self.remove.toggled.connect(self._on_choice_toggled)
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 8, 10, 8)
        column.setSpacing(4)
        column.addWidget(heading_label(self.label))
        column.addWidget(help_label(reason))
        column.addWidget(self.remove)
        column.addWidget(self.keep)
        column.addWidget(self.note_label)
        column.addWidget(self.justification)
        self._on_choice_toggled()

    def _on_choice_toggled(self, *_args: Any) -> None:
        if self.remove.isChecked():
            self.note_label.setText(_("Note for the plan (optional):"))
        else:
            self.note_label.setText(_("Why it is needed (kept in the plan):"))

    def decision(self) -> str:
        return Decision.REMOVE.value if self.remove.isChecked() else Decision.KEEP.value

    def text(self) -> str:
        return self.justification.toPlainText().strip()


class MinimisationPage(PlanPage):
    step = PlanStep.MINIMISATION
    title_text = N_("Minimisation: only what you need")
    subtitle_text = N_(
        "The law allows only the data a purpose needs (Art. 5(1)(c)). Each piece of data "
        "below is not usually needed for the purposes you chose: remove it, or say why you "
        "need it."
    )
    owned_fields = ("data",)

    def __init__(self, session: WorkspaceSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.cards: dict[str, _DecisionCard] = {}
        self.summary = QLabel()
        self.summary.setObjectName("minimisation_summary")
        self.summary.setWordWrap(True)
        self.cards_column = QVBoxLayout()
        self.cards_column.setSpacing(8)
        self.content.addWidget(self.summary)
        self.content.addLayout(self.cards_column)
        self.content.addStretch(1)

    def load(self, values: Mapping[str, Any]) -> None:
        for card in self.cards.values():
            self.cards_column.removeWidget(card)
            discard(card)
        self.cards = {}
        data = {item["key"]: item for item in values.get("data") or []}
        reasons = {
            flag.data_key: flag.reason for flag in minimisation_flags(values) if not flag.unused
        }
        for key, item in data.items():
            if item.get("decision") == Decision.REMOVE:
                reasons.setdefault(key, _("You decided not to collect it."))
        for key, item in data.items():  # in the order of the data page
            if key in reasons:
                card = _DecisionCard(item, reasons[key])
                self.cards[key] = card
                self.cards_column.addWidget(card)
        if self.cards:
            self.summary.setText(
                _("Removing data is the safest choice: what you do not collect cannot leak.")
            )
        else:
            self.summary.setText(
                _(
                    "Nothing to question: every piece of data serves a purpose that usually "
                    "needs it. Go on to the next step."
                )
            )

    def store(self, values: dict[str, Any]) -> None:
        for item in values.get("data") or []:
            card = self.cards.get(item.get("key"))
            if card is not None:
                item["decision"] = card.decision()
                item["justification"] = card.text()

    def focus_problem(self, field: str) -> None:
        for card in self.cards.values():
            if card.decision() == Decision.KEEP and not card.text():
                self.scroll_area.ensureWidgetVisible(card)
                (card.justification if card.keep.isChecked() else card.remove).setFocus()
                return

    def card(self, label: str) -> _DecisionCard:
        """The card of the data with this label (for tests and focus)."""
        for card in self.cards.values():
            if card.label == label:
                return card
        raise KeyError(label)
