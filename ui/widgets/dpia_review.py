"""The reviewer's verdict on each section of the DPIA: acceptable, improvable (with what goes
into the action plan) or to correct, with a comment."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.dpia import REVIEW_STATUS_LABELS, ReviewStatus
from app.domain.dpia_questions import (
    FEARED_EVENT_LABELS,
    MEASURES_SECTION,
    PARTS,
    RISK_SECTIONS,
)
from app.i18n import N_, _
from ui.widgets.dpia_questions import grey_label, section_box
from ui.widgets.rich_text_editor import RichTextEditor

# The order a reviewer reads the DPIA in.
_VERDICT_ORDER = (
    ReviewStatus.PENDING,
    ReviewStatus.ACCEPTABLE,
    ReviewStatus.IMPROVABLE,
    ReviewStatus.TO_CORRECT,
)


def review_targets() -> list[tuple[str, str]]:
    """(target, title) of each reviewed section, in the DPIA's order."""
    targets = [(section.id, _(section.title)) for part in PARTS for section in part.sections]
    targets.append((MEASURES_SECTION, _(N_("Measures"))))
    targets += [
        (section, _(FEARED_EVENT_LABELS[event])) for event, section in RISK_SECTIONS.items()
    ]
    return targets


class _SectionReview(QWidget):
    def __init__(self, target: str, title: str) -> None:
        super().__init__()
        self.setObjectName(f"review_{target}")
        box, content = section_box(f"{target}  {title}")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(box)
        self.verdict = QComboBox()
        self.verdict.setObjectName(f"verdict_{target}")
        self.verdict.setAccessibleName(_("Verdict on {section}").format(section=title))
        for status in _VERDICT_ORDER:
            self.verdict.addItem(_(REVIEW_STATUS_LABELS[status]), int(status))
        self.verdict.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.comment = RichTextEditor(lines=2, max_lines=8)
        self.comment.setObjectName(f"comment_{target}")
        self.comment.set_placeholder(_("What is good, what is missing"))
        self.action = RichTextEditor(lines=2, max_lines=8)
        self.action.setObjectName(f"action_{target}")
        self.action.set_placeholder(_("What should be done, for the action plan"))
        self.action_label = QLabel(_("Action plan"))
        form = QFormLayout(content)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        form.addRow(_("Verdict"), self.verdict)
        form.addRow(_("Comment"), self.comment)
        form.addRow(self.action_label, self.action)

    def show_review(self, review: Mapping[str, Any]) -> None:
        status = int(review.get("status") or 0)
        with QSignalBlocker(self.verdict):
            self.verdict.setCurrentIndex(max(0, self.verdict.findData(status)))
        self.comment.set_html(review.get("comment", ""))
        self.action.set_html(review.get("action_plan_comment", ""))
        self._show_action(status)

    def _show_action(self, status: int) -> None:
        visible = status == ReviewStatus.IMPROVABLE or bool(self.action.stored_html())
        self.action.setVisible(visible)
        self.action_label.setVisible(visible)


class DpiaReviewTab(QScrollArea):
    """`reviews_edited` carries the whole list of reviews after each finished edit."""

    reviews_edited = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._reviews: list[dict[str, Any]] = []
        self._reviewer = ""
        self.sections: dict[str, _SectionReview] = {}
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(4, 8, 16, 16)
        column.setSpacing(12)
        column.addWidget(
            grey_label(
                _(
                    "The reviewer reads each section and gives a verdict. An improvable section "
                    "says what to do; it goes into the action plan."
                ),
                small=False,
            )
        )
        for target, title in review_targets():
            section = _SectionReview(target, title)
            section.verdict.activated.connect(
                lambda _i, t=target, s=section: self._edit(t, "status", s.verdict.currentData())
            )
            section.comment.edited.connect(lambda text, t=target: self._edit(t, "comment", text))
            section.action.edited.connect(
                lambda text, t=target: self._edit(t, "action_plan_comment", text)
            )
            column.addWidget(section)
            self.sections[target] = section
        column.addStretch(1)
        self.setWidget(body)

    def show_dpia(self, values: Mapping[str, Any], reviewer: str) -> None:
        self._reviews = [dict(r) for r in values.get("reviews") or []]
        self._reviewer = reviewer
        by_target = {r.get("target"): r for r in self._reviews}
        for target, section in self.sections.items():
            section.show_review(by_target.get(target, {}))

    def set_read_only(self, read_only: bool) -> None:
        for section in self.sections.values():
            section.verdict.setEnabled(not read_only)
            section.comment.set_read_only(read_only)
            section.action.set_read_only(read_only)

    def _edit(self, target: str, name: str, value: Any) -> None:
        review = next((r for r in self._reviews if r.get("target") == target), None)
        if review is None:
            review = {"target": target, "status": int(ReviewStatus.PENDING)}
            self._reviews.append(review)
        if review.get(name) == value:
            return
        review[name] = value
        if self._reviewer and not review.get("reviewer"):
            review["reviewer"] = self._reviewer[:300]
        if name == "status":
            self.sections[target]._show_action(int(value or 0))
        self.reviews_edited.emit(copy.deepcopy(self._reviews))
