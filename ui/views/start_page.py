"""The start screen: create a workspace, open one, open a recent one, or try the demo."""

from __future__ import annotations

# Not the Qt namespace: building it costs ~15 ms of the start-up budget.
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME
from app.i18n import _
from app.paths import default_workspaces_dir


class StartPage(QWidget):
    new_requested = Signal()
    open_requested = Signal()
    demo_requested = Signal()
    recent_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("start_page")
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        column = QVBoxLayout()
        column.setSpacing(14)

        title = QLabel(APP_NAME)
        title.setObjectName("start_title")
        title.setStyleSheet("font-size: 26pt; font-weight: 600;")
        column.addWidget(title)
        tagline = QLabel(
            _(
                "Plan what you collect and why, analyse the risks, keep your record of processing, "
                "answer people's requests, handle breaches and publish a truthful privacy policy — "
                "on your own machine."
            )
        )
        tagline.setWordWrap(True)
        tagline.setStyleSheet("color: #4a4a4a; font-size: 11pt;")
        column.addWidget(tagline)

        buttons = QHBoxLayout()
        self.new_button = self._big_button(
            _("New workspace…"), _("Start a file for one organisation or client")
        )
        self.open_button = self._big_button(
            _("Open workspace…"), _("A .pwb file or a shared PostgreSQL database")
        )
        self.demo_button = self._big_button(
            _("Try the demo"), _("A fictional online shop, ready to explore")
        )
        self.new_button.clicked.connect(self.new_requested)
        self.open_button.clicked.connect(self.open_requested)
        self.demo_button.clicked.connect(self.demo_requested)
        for button in (self.new_button, self.open_button, self.demo_button):
            buttons.addWidget(button)
        column.addLayout(buttons)

        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        column.addWidget(line)
        recent_label = QLabel(_("Recent workspaces"))
        recent_label.setStyleSheet("font-weight: 600;")
        column.addWidget(recent_label)
        self.recent_list = QListWidget()
        self.recent_list.setObjectName("recent_list")
        self.recent_list.setMinimumHeight(150)
        self.recent_list.itemActivated.connect(self._on_recent_list_item_activated)
        column.addWidget(self.recent_list)
        self.empty_recent = QLabel(_("No recent workspaces yet."))
        self.empty_recent.setStyleSheet("color: #5f5f5f;")
        column.addWidget(self.empty_recent)
        where = QLabel(
            _(
                "New workspace files are suggested in {folder}. A workspace is one file: "
                "copy it to back it up, send it to a colleague, or archive it."
            ).format(folder=default_workspaces_dir())
        )
        where.setWordWrap(True)
        where.setStyleSheet("color: #5f5f5f;")
        column.addWidget(where)

        row = QHBoxLayout()
        row.addStretch(1)
        holder = QWidget()
        holder.setLayout(column)
        holder.setMaximumWidth(760)
        row.addWidget(holder, 4)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

    def _big_button(self, text: str, detail: str) -> QCommandLinkButton:
        # A command link shows a title with a wrapped description: made for start screens.
        button = QCommandLinkButton(text, detail)
        button.setMinimumHeight(72)
        return button

    def set_recent(self, locations: list[str]) -> None:
        self.recent_list.clear()
        for location in locations:
            item = QListWidgetItem(location)
            item.setToolTip(_("Double-click or press Enter to open"))
            self.recent_list.addItem(item)
        self.recent_list.setVisible(bool(locations))
        self.empty_recent.setVisible(not locations)

    def _on_recent_list_item_activated(self, item: QListWidgetItem) -> None:
        self.recent_chosen.emit(item.text())
