"""Workspaces on SQLite and PostgreSQL: creation, opening, migration, refusal of bad targets."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from app.errors import (
    NewerWorkspace,
    NotAWorkspace,
    ServerUnreachable,
    WorkspaceExists,
    WorkspaceNotFound,
)
from app.services.organisations import add_organisation, list_organisations
from app.storage.targets import parse_target
from app.storage.workspace import Workspace, _alembic_config, head_revision


def test_new_workspace_is_migrated_to_head(workspace_target: str) -> None:
    with Workspace.create(workspace_target) as ws:
        assert ws.schema_revision() == head_revision()
        tables = set(sa.inspect(ws.engine).get_table_names())
    assert {"organisation", "person", "audit_event", "workspace_info", "alembic_version"} <= tables


def test_reopened_workspace_keeps_its_records(workspace_target: str) -> None:
    with Workspace.create(workspace_target) as ws:
        add_organisation(ws, {"legal_name": "Kept GmbH", "country": "DE"})
    with Workspace.open(workspace_target) as ws:
        assert [org["legal_name"] for org in list_organisations(ws)] == ["Kept GmbH"]


def test_creating_over_an_existing_workspace_is_refused(workspace_target: str) -> None:
    Workspace.create(workspace_target).close()
    with pytest.raises(WorkspaceExists):
        Workspace.create(workspace_target)


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    with Workspace.create(tmp_path / "w.pwb") as ws, ws.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def _make_older(target: str) -> None:
    """A workspace as version 0001 of the schema left it (before the audit trail)."""
    with Workspace.create(target) as ws, ws.engine.begin() as connection:
        config = _alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")


def test_older_workspace_is_backed_up_then_migrated(workspace_target: str) -> None:
    _make_older(workspace_target)
    backups: list[Path | str] = []
    with Workspace.open(workspace_target, on_migrate=backups.append) as ws:
        assert ws.schema_revision() == head_revision()
        assert "audit_event" in sa.inspect(ws.engine).get_table_names()
    assert len(backups) == 1
    backup = Path(backups[0])
    assert backup.exists()
    if backup.suffix == ".pwb":  # the SQLite copy is itself a workspace at the old schema
        with sqlite3.connect(backup) as copy:
            assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    else:
        assert '"workspace_info"' in backup.read_text(encoding="utf-8")


def test_newer_workspace_is_refused_and_left_untouched(workspace_target: str) -> None:
    with Workspace.create(workspace_target) as ws, ws.engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(NewerWorkspace, match="newer version"):
        Workspace.open(workspace_target)
    engine = sa.create_engine(parse_target(workspace_target).url)
    try:
        with engine.connect() as connection:
            stored = connection.execute(sa.text("SELECT version_num FROM alembic_version"))
            assert stored.scalar() == "9999"
    finally:
        engine.dispose()


def test_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceNotFound, match="no workspace"):
        Workspace.open(tmp_path / "missing.pwb")


@pytest.mark.parametrize("content", [b"", b"hello, I am a text file", b"PK\x03\x04zip"])
def test_a_file_that_is_not_a_workspace_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "other.pwb"
    path.write_bytes(content)
    with pytest.raises(NotAWorkspace):
        Workspace.open(path)
    assert path.read_bytes() == content


def test_another_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
    with pytest.raises(NotAWorkspace):
        Workspace.open(path)


def test_unreachable_server_is_reported() -> None:
    with pytest.raises(ServerUnreachable, match="Cannot reach"):
        Workspace.open("postgresql://nobody@127.0.0.1:1/nothing")


def test_new_workspace_in_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceNotFound, match="does not exist"):
        Workspace.create(tmp_path / "no" / "such" / "w.pwb")


def test_migration_files_are_named_by_their_revision() -> None:
    """known_revisions() reads revisions from file names; Alembic's own view must agree."""
    from alembic.script import ScriptDirectory

    from app.storage.workspace import known_revisions

    scripts = ScriptDirectory.from_config(_alembic_config())
    alembic_order = [script.revision for script in scripts.walk_revisions()][::-1]
    assert known_revisions() == alembic_order
    assert head_revision() == scripts.get_current_head()


def test_migrations_build_exactly_the_tables_the_models_declare(workspace_target: str) -> None:
    """A model changed without a migration (or the reverse) fails here, on both databases."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlmodel import SQLModel

    import app.domain  # noqa: F401  (registers every table)

    with Workspace.create(workspace_target) as ws, ws.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = [
            d
            for d in compare_metadata(context, SQLModel.metadata)
            if not (
                isinstance(d, tuple) and d[0] == "remove_table" and d[1].name == "alembic_version"
            )
        ]
    assert differences == []


def test_a_full_workspace_of_every_earlier_schema_upgrades_keeping_its_records(
    workspace_target: str,
) -> None:
    """The demo (every table filled) taken back to each earlier revision, then reopened:
    every upgrade step runs on real rows, with foreign keys on, and nothing is lost."""
    from app.services.demo import create_demo_workspace

    with create_demo_workspace(workspace_target) as ws, ws.engine.connect() as connection:
        organisations = connection.execute(sa.text("SELECT count(*) FROM organisation")).scalar()
        activities = connection.execute(
            sa.text("SELECT count(*) FROM processing_activity")
        ).scalar()
    config = _alembic_config()
    # Step back one revision at a time to the register's schema, upgrading each time.
    for revision in ("0007", "0006", "0005", "0004"):
        with Workspace.open(workspace_target) as ws, ws.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, revision)
        with Workspace.open(workspace_target) as ws:
            assert ws.schema_revision() == head_revision()
            with ws.engine.connect() as connection:
                count = sa.text("SELECT count(*) FROM organisation")
                assert connection.execute(count).scalar() == organisations
                count = sa.text("SELECT count(*) FROM processing_activity")
                assert connection.execute(count).scalar() == activities
