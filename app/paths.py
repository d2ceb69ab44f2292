"""Where the app keeps its own files: settings, backups, logs and the default workspace folder.

platformdirs gives each platform's usual place. PRIVACY_WORKBENCH_HOME moves all of them under
one folder (portable installs, and the tests, which never touch a real user's files).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from app import APP_ID

HOME_VARIABLE = "PRIVACY_WORKBENCH_HOME"


def _base(kind: str) -> Path:
    home = os.environ.get(HOME_VARIABLE)
    if home:
        return Path(home) / kind
    if kind == "config":
        return Path(platformdirs.user_config_dir(APP_ID, appauthor=False))
    if kind == "workspaces":
        return Path(platformdirs.user_documents_dir()) / "Privacy Workbench"
    return Path(platformdirs.user_data_dir(APP_ID, appauthor=False)) / kind


def config_dir() -> Path:
    return _base("config")


def backups_dir() -> Path:
    """Backups taken before a workspace is migrated (PostgreSQL ones; SQLite ones sit beside
    the file, where the user looks for them)."""
    return _base("backups")


def default_workspaces_dir() -> Path:
    """Suggested folder for new workspace files."""
    return _base("workspaces")
