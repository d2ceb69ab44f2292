"""A workspace target is what the user types: a file path or a postgresql:// URL."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url

WORKSPACE_SUFFIX = ".pwb"


@dataclass(frozen=True)
class Target:
    url: URL
    path: Path | None  # set for a SQLite file

    @property
    def is_sqlite(self) -> bool:
        return self.path is not None

    @property
    def display_name(self) -> str:
        """How the title bar and messages name the workspace; never shows a password."""
        if self.path is not None:
            return self.path.name
        return f"{self.url.database} @ {self.url.host or 'localhost'}"

    @property
    def location(self) -> str:
        """The full location, for recent-files lists and messages (password hidden)."""
        if self.path is not None:
            return str(self.path)
        return self.url.set(drivername="postgresql").render_as_string(hide_password=True)


def is_server_url(text: str) -> bool:
    return text.startswith(("postgresql://", "postgres://", "postgresql+psycopg://"))


def parse_target(text: str) -> Target:
    """Turn a path or a PostgreSQL URL into a Target. Relative paths are made absolute."""
    text = text.strip()
    if is_server_url(text):
        if text.startswith("postgres://"):
            text = "postgresql://" + text[len("postgres://") :]
        url = make_url(text).set(drivername="postgresql+psycopg")
        return Target(url=url, path=None)
    path = Path(text).expanduser().resolve()
    return Target(url=URL.create("sqlite", database=str(path)), path=path)
