"""One purpose of a collection plan: what it is for, its kind, and its legal basis found through
simple questions, with what that basis means for the business; the law, the interest, and the
Art. 9 and Art. 10 conditions appear only when the basis or the data calls for them.

The editor writes straight into the purpose's dict (the purposes page owns the list)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.collection_plan import PURPOSE_TYPE_LABELS, PurposeType
from app.domain.legal_bases import ART9_LABELS, BASES_NEEDING_LAW, LEGAL_BASIS_LABELS, LegalBasis
from app.domain.plan_rules import BASIS_IMPLICATIONS, BASIS_QUESTIONS, TYPICAL_BASIS, suggest_basis
from app.domain.register_items import new_key
from app.i18n import _
from ui.wizards.plan_page import heading_label, help_label
from ui.wizards.yes_no_question import YesNoQuestion


def new_purpose() -> dict[str, Any]:
    """An empty purpose as the plan stores it (its text is typed next)."""
    return {
        "key": new_key(),
        "purpose": "",
        "purpose_type": PurposeType.OTHER.value,
        "basis": None,
        "basis_reference": "",
        "legitimate_interest": "",
        "art9_condition": None,
        "art10_basis": "",
    }


def basis_label(basis: Any) -> str:
    return _(LEGAL_BASIS_LABELS[LegalBasis(basis)]) if basis else ""


def answers_for(basis: Any) -> dict[str, bool | None] | None:
    """The answers to the questions that lead to `basis`; None when no answers lead there
    (vital interests, public task: chosen among the other bases)."""
    answers: dict[str, bool | None] = {q.key: None for q in BASIS_QUESTIONS}
    if basis == LegalBasis.CONSENT:
        return {q.key: False for q in BASIS_QUESTIONS}
    for question in BASIS_QUESTIONS:
        if question.basis == basis:
            answers[question.key] = True
            return answers
        answers[question.key] = False
    return None if basis else {q.key: None for q in BASIS_QUESTIONS}


def basis_from(answers: dict[str, bool | None]) -> LegalBasis | None:
    """The basis the answers lead to, once they decide it (the first Yes, or No to all)."""
    for question in BASIS_QUESTIONS:
        answer = answers.get(question.key)
        if answer is None:
            return None
        if answer:
            break
    return suggest_basis({key: bool(answer) for key, answer in answers.items()})


class PurposeEditor(QWidget):
    purpose_edited = Signal(str)  # the purpose's key

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._purpose: dict[str, Any] = new_purpose()
        self._special = False
        self._criminal = False
        self._showing = False

        self.text_edit = QLineEdit()
        self.text_edit.setObjectName("purpose_text")
        self.text_edit.setMaxLength(500)
        self.text_edit.setPlaceholderText(_("e.g. Send the monthly newsletter"))
        self.text_edit.textEdited.connect(self._on_any_edit)
        self.type_box = QComboBox()
        self.type_box.setObjectName("purpose_type")
        for purpose_type, label in PURPOSE_TYPE_LABELS.items():
            self.type_box.addItem(_(label), purpose_type.value)
        self.type_box.currentIndexChanged.connect(self._on_type_box_changed)
        self.typical_label = help_label("")
        self.questions = {
            question.key: YesNoQuestion(_(question.question), f"basis_{question.key}")
            for question in BASIS_QUESTIONS
        }
        for question in self.questions.values():
            question.answered.connect(self._on_question_answered)
        self.other_check = QCheckBox(_("None of these fit: &choose another basis"))
        self.other_check.setObjectName("other_basis")
        self.other_check.toggled.connect(self._on_other_toggled)
        self.other_box = QComboBox()
        self.other_box.setObjectName("other_basis_choice")
        for basis, label in LEGAL_BASIS_LABELS.items():
            self.other_box.addItem(_(label), basis.value)
        self.other_box.currentIndexChanged.connect(self._on_any_edit)
        self.result_label = QLabel()
        self.result_label.setObjectName("basis_result")
        self.result_label.setWordWrap(True)
        self.implication_label = help_label("")
        self.implication_label.setObjectName("basis_implication")
        self.law_edit = QLineEdit()
        self.law_edit.setObjectName("basis_reference")
        self.law_edit.setPlaceholderText(_("e.g. Commercial Code, art. L123-22"))
        self.law_edit.textEdited.connect(self._on_any_edit)
        self.interest_edit = QLineEdit()
        self.interest_edit.setObjectName("legitimate_interest")
        self.interest_edit.setPlaceholderText(_("e.g. Preventing payment fraud"))
        self.interest_edit.textEdited.connect(self._on_any_edit)
        self.art9_box = QComboBox()
        self.art9_box.setObjectName("art9_condition")
        self.art9_box.addItem(_("Choose a condition…"), None)
        for condition, label in ART9_LABELS.items():
            self.art9_box.addItem(_(label), condition.value)
        self.art9_box.currentIndexChanged.connect(self._on_any_edit)
        self.art10_edit = QLineEdit()
        self.art10_edit.setObjectName("art10_basis")
        self.art10_edit.textEdited.connect(self._on_any_edit)
        self._build()

    def _build(self) -> None:
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(heading_label(_("&Say what it is for"), self.text_edit))
        column.addWidget(self.text_edit)
        column.addWidget(heading_label(_("&Kind of purpose"), self.type_box))
        column.addWidget(self.type_box)
        column.addWidget(self.typical_label)
        column.addSpacing(6)
        column.addWidget(heading_label(_("Legal basis")))
        column.addWidget(
            help_label(
                _(
                    "The law allows using personal data only on one of six grounds (Art. 6(1)). "
                    "Answer the questions: the first Yes gives the basis; No to all means you "
                    "need the person's consent."
                )
            )
        )
        for question in self.questions.values():
            column.addWidget(question)
        column.addWidget(self.other_check)
        column.addWidget(self.other_box)
        result = QFrame()
        result.setFrameShape(QFrame.Shape.StyledPanel)
        result_column = QVBoxLayout(result)
        result_column.setContentsMargins(10, 6, 10, 8)
        result_column.addWidget(self.result_label)
        result_column.addWidget(self.implication_label)
        column.addWidget(result)
        self.law_part = self._part(
            column,
            _("&Law relied on"),
            _("Name the law that requires it (Art. 6(3)), e.g. the tax or accounting law."),
            self.law_edit,
        )
        self.interest_part = self._part(
            column,
            _("&Interest pursued"),
            _(
                "The interest of your business, in a sentence. Keep a written balancing test "
                "showing it is not outweighed by the person's rights."
            ),
            self.interest_edit,
        )
        self.art9_part = self._part(
            column,
            _("Art. &9 condition for special-category data"),
            _(
                "Special-category data (health, beliefs, ethnic origin, ...) may only be used "
                "if one of the conditions of Art. 9(2) applies, on top of the legal basis. For "
                "a business it is usually the person's explicit consent."
            ),
            self.art9_box,
        )
        self.art10_part = self._part(
            column,
            _("Law allowing criminal-offence data (Art. 1&0)"),
            _(
                "Data about criminal convictions and offences may only be used under official "
                "authority or where a law allows it: name that law."
            ),
            self.art10_edit,
        )
        column.addStretch(1)

    @staticmethod
    def _part(column: QVBoxLayout, title: str, explanation: str, editor: QWidget) -> QWidget:
        part = QWidget()
        part_column = QVBoxLayout(part)
        part_column.setContentsMargins(0, 6, 0, 0)
        part_column.setSpacing(3)
        part_column.addWidget(heading_label(title, editor))
        part_column.addWidget(help_label(explanation))
        part_column.addWidget(editor)
        column.addWidget(part)
        return part

    # -- public API ----------------------------------------------------------------------------

    def purpose(self) -> dict[str, Any]:
        return self._purpose

    def set_purpose(self, purpose: dict[str, Any], *, special: bool, criminal: bool) -> None:
        """Edit `purpose` (changed in place); `special`/`criminal`: such data serves it."""
        self._showing = True
        self._purpose = purpose
        self._special, self._criminal = special, criminal
        self.text_edit.setText(str(purpose.get("purpose") or ""))
        index = self.type_box.findData(purpose.get("purpose_type") or PurposeType.OTHER.value)
        self.type_box.setCurrentIndex(max(index, 0))
        self._show_basis(purpose.get("basis"))
        self.law_edit.setText(str(purpose.get("basis_reference") or ""))
        self.interest_edit.setText(str(purpose.get("legitimate_interest") or ""))
        self.art9_box.setCurrentIndex(max(self.art9_box.findData(purpose.get("art9_condition")), 0))
        self.art10_edit.setText(str(purpose.get("art10_basis") or ""))
        self._showing = False
        self._update()

    def set_data_kinds(self, *, special: bool, criminal: bool) -> None:
        self._special, self._criminal = special, criminal
        self._update()

    def basis(self) -> LegalBasis | None:
        if self.other_check.isChecked():
            return LegalBasis(self.other_box.currentData())
        return basis_from({key: q.answer() for key, q in self.questions.items()})

    # -- behaviour -----------------------------------------------------------------------------

    def _show_basis(self, basis: Any) -> None:
        answers = answers_for(basis)
        self.other_check.setChecked(answers is None)
        if answers is None:
            self.other_box.setCurrentIndex(max(self.other_box.findData(basis), 0))
            answers = {key: None for key in self.questions}
        for key, question in self.questions.items():
            question.set_answer(answers[key])

    def _on_type_box_changed(self, _index: int) -> None:
        if self._showing:
            return
        typical = TYPICAL_BASIS.get(PurposeType(self.type_box.currentData()))
        if typical is not None:  # the usual basis for this kind of purpose, as a start
            self._showing = True
            self._show_basis(typical.value)
            self._showing = False
        self._on_any_edit()

    def _on_question_answered(self, _answer: object) -> None:
        self._on_any_edit()

    def _on_other_toggled(self, checked: bool) -> None:
        if checked and not self._showing:
            current = self._purpose.get("basis")
            if current:
                self.other_box.setCurrentIndex(max(self.other_box.findData(current), 0))
        self._on_any_edit()

    def _on_any_edit(self, *_args: Any) -> None:
        if self._showing:
            return
        self._update()
        self.purpose_edited.emit(self._purpose["key"])

    def _update(self) -> None:
        """Write the answers into the purpose and show what follows from them."""
        basis = self.basis()
        other = self.other_check.isChecked()
        for question in self.questions.values():
            question.setEnabled(not other)
        self.other_box.setVisible(other)
        typical = TYPICAL_BASIS.get(PurposeType(self.type_box.currentData()))
        self.typical_label.setText(
            _("A purpose of this kind usually rests on: {basis}.").format(
                basis=basis_label(typical)
            )
            if typical
            else _("Answer the questions below to find its legal basis.")
        )
        if basis is None:
            self.result_label.setText(_("Legal basis: answer the questions above."))
            self.implication_label.setText("")
        else:
            self.result_label.setText(
                _("Legal basis: <b>{basis}</b>").format(basis=basis_label(basis))
            )
            self.implication_label.setText(_(BASIS_IMPLICATIONS[basis]))
        self.law_part.setVisible(basis in BASES_NEEDING_LAW)
        self.interest_part.setVisible(basis == LegalBasis.LEGITIMATE_INTERESTS)
        self.art9_part.setVisible(self._special)
        self.art10_part.setVisible(self._criminal)
        if self._showing:
            return
        purpose = self._purpose
        purpose["purpose"] = " ".join(self.text_edit.text().split())
        purpose["purpose_type"] = self.type_box.currentData()
        purpose["basis"] = basis.value if basis else None
        purpose["basis_reference"] = self.law_edit.text().strip()
        purpose["legitimate_interest"] = self.interest_edit.text().strip()
        purpose["art9_condition"] = self.art9_box.currentData()
        purpose["art10_basis"] = self.art10_edit.text().strip()
