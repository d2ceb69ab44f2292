"""User preferences: one typed object, stored as JSON in the app's config folder.

Window geometry and recent files are the GUI's business (QSettings); everything else a user
chooses lives here so the command line and the GUI agree.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from app.paths import config_dir
from app.services.changes import default_actor

log = logging.getLogger(__name__)


class Settings(BaseModel):
    # The name written into the audit trail for this user's changes.
    user_name: str = Field(default_factory=default_actor, min_length=1, max_length=200)
    # None: the system language when a catalogue exists for it, else English.
    language: str | None = None


def settings_path() -> Path:
    return config_dir() / "settings.json"


def load_settings() -> Settings:
    """The saved settings; defaults when there are none or the file is damaged."""
    path = settings_path()
    try:
        return Settings.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError, ValidationError) as problem:
        log.warning("ignoring unreadable settings in %s: %s", path, problem)
        return Settings()


def save_settings(settings: Settings) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(settings.model_dump_json(indent=2), encoding="utf-8")
    temporary.replace(path)
