"""Fixtures shared by every test.

- The app's own folders (settings, backups, recent files) live under tmp_path: a test never
  touches the developer's real settings or data.
- Qt runs offscreen.
- `workspace_target` gives a fresh target on SQLite and, when PWB_TEST_POSTGRES_URL names a
  server (scripts/with-postgres.sh starts one, and CI always does), in a fresh PostgreSQL
  database too; tests that take it run once per database.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

POSTGRES_VARIABLE = "PWB_TEST_POSTGRES_URL"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "app-home"
    monkeypatch.setenv("PRIVACY_WORKBENCH_HOME", str(home))
    monkeypatch.delenv("PRIVACY_WORKBENCH_WORKSPACE", raising=False)
    return home


def postgres_admin_url() -> str | None:
    url = os.environ.get(POSTGRES_VARIABLE)
    if not url and os.environ.get("CI"):
        pytest.fail(f"CI must provide a PostgreSQL server in {POSTGRES_VARIABLE}")
    return url


@pytest.fixture
def postgres_database() -> Iterator[str]:
    """A new, empty PostgreSQL database; dropped afterwards."""
    admin_url = postgres_admin_url()
    if not admin_url:
        pytest.skip(f"no PostgreSQL server ({POSTGRES_VARIABLE} is not set)")
    import psycopg

    name = f"pwb_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    base = admin_url.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgres"])
def workspace_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where to create a workspace: a .pwb file, or an empty PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "workspace.pwb")
    return str(request.getfixturevalue("postgres_database"))


@pytest.fixture
def workspace(workspace_target: str) -> Iterator[object]:
    """A new workspace with one organisation, on each database."""
    from app.services.organisations import add_organisation
    from app.storage.workspace import Workspace

    ws = Workspace.create(workspace_target)
    add_organisation(ws, {"legal_name": "Acme Online SAS", "country": "FR"}, actor="tester")
    try:
        yield ws
    finally:
        ws.close()
