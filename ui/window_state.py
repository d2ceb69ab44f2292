"""What the window remembers between launches: geometry, recent workspaces, the last one open.

QSettings is used only for this (DESIGN.md); it is kept in an INI file in the app's config
folder so that PRIVACY_WORKBENCH_HOME (and the tests) move it with everything else.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

from app.paths import config_dir

MAX_RECENT = 10


class WindowState:
    def __init__(self) -> None:
        path = config_dir() / "window.ini"
        path.parent.mkdir(parents=True, exist_ok=True)
        self._settings = QSettings(str(path), QSettings.Format.IniFormat)

    def recent_workspaces(self) -> list[str]:
        value = self._settings.value("recent", [])
        if isinstance(value, str):  # QSettings returns a lone entry as a string
            value = [value]
        return [str(item) for item in value or [] if item]

    def add_recent(self, location: str) -> None:
        recent = [location] + [item for item in self.recent_workspaces() if item != location]
        self._settings.setValue("recent", recent[:MAX_RECENT])
        self._settings.setValue("last", location)
        self._settings.sync()

    def remove_recent(self, location: str) -> None:
        self._settings.setValue("recent", [i for i in self.recent_workspaces() if i != location])
        if self.last_workspace() == location:
            self._settings.remove("last")
        self._settings.sync()

    def last_workspace(self) -> str | None:
        value = self._settings.value("last")
        return str(value) if value else None

    def forget_last(self) -> None:
        """The user closed the workspace: the next launch starts on the start screen."""
        self._settings.remove("last")
        self._settings.sync()

    def geometry(self) -> QByteArray | None:
        value = self._settings.value("geometry")
        return value if isinstance(value, QByteArray) else None

    def set_geometry(self, geometry: QByteArray) -> None:
        self._settings.setValue("geometry", geometry)
        self._settings.sync()
