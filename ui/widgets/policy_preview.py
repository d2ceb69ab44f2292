"""The policy as its readers will see it, inside the app: the web page in a text browser that
loads nothing (no file, no network) and follows only the page's own links to its sections."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QTextBrowser, QWidget


class PolicyPreview(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("policy_preview")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._on_anchor_clicked)

    def loadResource(self, _type: int, _name: QUrl) -> Any:
        # Nothing is fetched: register text such as <img src="file:///etc/passwd"> is shown
        # escaped anyway, and the page itself refers to nothing.
        return None

    def show_section(self, key: str) -> None:
        self.scrollToAnchor(f"section-{key}")

    def _on_anchor_clicked(self, url: QUrl) -> None:
        if url.hasFragment() and not url.path() and not url.scheme():
            self.scrollToAnchor(url.fragment())
