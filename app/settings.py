"""User preferences: one typed object, stored as JSON in the app's config folder.

Window geometry and recent files are the GUI's business (QSettings); everything else a user
chooses lives here so the command line and the GUI agree. A plain dataclass, not a pydantic
model: the settings are read before the first window shows, where every import counts.
"""

from __future__ import annotations

import dataclasses
import getpass
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from app.paths import config_dir

log = logging.getLogger(__name__)


def default_actor() -> str:
    """Who is making changes, when nobody said: the operating-system user."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


@dataclass
class Settings:
    # The name written into the audit trail for this user's changes.
    user_name: str = field(default_factory=default_actor)
    # None: the system language when a catalogue exists for it, else English.
    language: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.user_name, str) or not 0 < len(self.user_name.strip()) <= 200:
            raise ValueError("user_name must be a name of 1 to 200 characters")
        if self.language is not None and not isinstance(self.language, str):
            raise ValueError("language must be a language code such as 'fr'")


def settings_path() -> Path:
    return config_dir() / "settings.json"


def load_settings() -> Settings:
    """The saved settings; defaults when there are none or the file is damaged."""
    path = settings_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        known = {f.name for f in dataclasses.fields(Settings)}
        return Settings(**{key: value for key, value in dict(raw).items() if key in known})
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError, TypeError) as problem:
        log.warning("ignoring unreadable settings in %s: %s", path, problem)
        return Settings()


def save_settings(settings: Settings) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(dataclasses.asdict(settings), indent=2), encoding="utf-8")
    temporary.replace(path)
