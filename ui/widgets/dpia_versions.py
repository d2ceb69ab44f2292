"""The frozen versions of a DPIA (one per decision) with their content hash, and what changed
between two of them, or between one and the DPIA as it stands now."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QPushButton,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.dpia import DPIA_STATUS_LABELS, DpiaStatus
from app.domain.rich_text import html_to_text
from app.i18n import _
from app.services.changes import RecordData
from ui.operations.dpia_operations import VERSIONS_MODULE, available
from ui.widgets.dpia_questions import grey_label

_NUMBER = Qt.ItemDataRole.UserRole


def _readable(value: Any) -> str:
    if value is None or value == "":
        return _("(empty)")
    text = str(value)
    return html_to_text(text) if "<" in text else text


def differences_html(differences: Sequence[Any]) -> str:
    """Each difference as its part, then before and after, all escaped."""
    if not differences:
        return "<p>" + html.escape(_("No differences.")) + "</p>"
    rows = []
    for difference in differences:
        part = html.escape(str(getattr(difference, "part", "")))
        before = html.escape(_readable(getattr(difference, "before", ""))).replace("\n", "<br>")
        after = html.escape(_readable(getattr(difference, "after", ""))).replace("\n", "<br>")
        rows.append(
            f"<h4>{part}</h4>"
            f"<p style='color:#b71c1c'><b>{html.escape(_('Before:'))}</b> {before}</p>"
            f"<p style='color:#1b5e20'><b>{html.escape(_('After:'))}</b> {after}</p>"
        )
    return "".join(rows)


class DpiaVersionsTab(QWidget):
    compare_requested = Signal(int, object)  # the older version, the newer (None: as it is now)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = QTreeWidget()
        self.tree.setObjectName("versions")
        self.tree.setColumnCount(5)
        self.tree.setHeaderLabels(
            [
                _("Version"),
                _("Frozen at (UTC)"),
                _("Decision"),
                _("Frozen by"),
                _("Content hash (SHA-256)"),
            ]
        )
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.tree.header()
        header.setStretchLastSection(True)
        for column, width in enumerate((80, 170, 230, 180)):
            self.tree.setColumnWidth(column, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.tree.currentItemChanged.connect(lambda *_args: self._update_buttons())
        self.compare_button = QPushButton(_("Compare…"))
        self.compare_button.setObjectName("compare_versions")
        self.compare_button.clicked.connect(self._on_compare_clicked)
        if not available(VERSIONS_MODULE):
            self.compare_button.setToolTip(
                _("Comparing versions is not available in this version.")
            )
        else:
            self.compare_button.setToolTip(
                _("What changed between the selected version and another, or the DPIA now")
            )
        self.empty_note = grey_label(
            _("No version yet. Each decision on the DPIA freezes a version with its hash."),
            small=False,
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.compare_button)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 8, 4, 4)
        column.addWidget(self.empty_note)
        column.addWidget(self.tree, 1)
        column.addLayout(buttons)
        self._numbers: list[int] = []

    def show_versions(self, versions: Sequence[RecordData]) -> None:
        self.tree.clear()
        self._numbers = []
        for version in versions:
            values = version.values
            status = values.get("status")
            decision = (
                _(DPIA_STATUS_LABELS[DpiaStatus(status)]) if status in list(DpiaStatus) else status
            )
            frozen_at = values.get("frozen_at")
            when = frozen_at.strftime("%Y-%m-%d %H:%M") if frozen_at else ""
            digest = str(values.get("content_hash") or "")
            item = QTreeWidgetItem(
                [
                    str(values.get("number")),
                    when,
                    str(decision or ""),
                    str(values.get("frozen_by") or ""),
                    digest,
                ]
            )
            item.setFont(4, QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
            item.setToolTip(4, digest)
            item.setData(0, _NUMBER, int(values.get("number") or 0))
            self.tree.addTopLevelItem(item)
            self._numbers.append(int(values.get("number") or 0))
        if self.tree.topLevelItemCount():
            self.tree.setCurrentItem(self.tree.topLevelItem(self.tree.topLevelItemCount() - 1))
        self.empty_note.setVisible(not versions)
        self._update_buttons()

    def version_texts(self) -> list[list[str]]:
        return [
            [self.tree.topLevelItem(r).text(c) for c in range(5)]
            for r in range(self.tree.topLevelItemCount())
        ]

    def full_hash(self, row: int) -> str:
        return self.tree.topLevelItem(row).toolTip(4)

    def selected_number(self) -> int | None:
        item = self.tree.currentItem()
        return int(item.data(0, _NUMBER)) if item is not None else None

    def _update_buttons(self) -> None:
        self.compare_button.setEnabled(
            available(VERSIONS_MODULE) and self.selected_number() is not None
        )

    def _on_compare_clicked(self) -> None:
        number = self.selected_number()
        if number is None:
            return
        now = _("The DPIA as it is now")
        others = [now] + [
            _("Version {number}").format(number=n) for n in self._numbers if n != number
        ]
        chosen, ok = QInputDialog.getItem(
            self,
            _("Compare versions"),
            _("Compare version {number} with:").format(number=number),
            others,
            0,
            False,
        )
        if not ok:
            return
        if chosen == now:
            self.compare_requested.emit(number, None)
            return
        other = [n for n in self._numbers if n != number][others.index(chosen) - 1]
        self.compare_requested.emit(min(number, other), max(number, other))


def show_differences(parent: QWidget, title: str, differences: Sequence[Any]) -> QDialog:
    """A window listing the differences, before and after, that the user can read and close."""
    dialog = QDialog(parent)
    dialog.setObjectName("differences_dialog")
    dialog.setWindowTitle(title)
    browser = QTextBrowser()
    browser.setObjectName("differences")
    browser.setOpenLinks(False)
    browser.setHtml(differences_html(differences))
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    column = QVBoxLayout(dialog)
    column.addWidget(browser)
    column.addWidget(buttons)
    dialog.resize(720, 520)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
