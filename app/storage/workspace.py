"""Opening, creating and migrating a workspace: one SQLite file or one PostgreSQL database.

The same code and the same Alembic migrations serve both. Opening an older workspace takes a
backup first and then migrates it; a workspace written by a newer version is refused, never
downgraded.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app import __version__
from app.domain.base import utcnow
from app.domain.workspace_info import WORKSPACE_MARKER, WorkspaceInfo
from app.errors import (
    NewerWorkspace,
    NotAWorkspace,
    ServerUnreachable,
    WorkspaceExists,
    WorkspaceNotFound,
)
from app.i18n import _
from app.storage.backup import backup_workspace
from app.storage.targets import Target, parse_target

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_HEADER = b"SQLite format 3\x00"


def _alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def known_revisions() -> list[str]:
    """Every schema revision this build knows, oldest first.

    Read from the migration file names (NNNN_what.py, revision "NNNN"; a test holds every file
    to that) rather than from Alembic: importing Alembic costs a quarter of a second, and it is
    only needed when a workspace must actually be migrated.
    """
    return sorted(
        path.name.split("_", 1)[0]
        for path in (MIGRATIONS / "versions").glob("*.py")
        if path.name[:4].isdigit()
    )


def head_revision() -> str:
    """The schema version this build of the app writes."""
    return known_revisions()[-1]


def _current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if not sa.inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers work while one writer commits; FULL sync means a committed edit survives
    # a crash or a power cut; foreign keys are off by default in SQLite.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _make_engine(target: Target) -> Engine:
    if target.is_sqlite:
        engine = sa.create_engine(target.url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _on_sqlite_connect)
        return engine
    return sa.create_engine(target.url, pool_pre_ping=True, connect_args={"connect_timeout": 10})


def _connect_check(engine: Engine, target: Target) -> None:
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except sa.exc.OperationalError as error:
        engine.dispose()
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        raise ServerUnreachable(
            _("Cannot reach the workspace {location}: {reason}").format(
                location=target.location, reason=reason
            )
        ) from None
    except sa.exc.DatabaseError:
        engine.dispose()
        raise NotAWorkspace(
            _("{location} is not a Privacy Workbench workspace (it is not a database).").format(
                location=target.location
            )
        ) from None


class Workspace:
    """An open workspace. Thread-safe: sessions are made per unit of work."""

    def __init__(self, target: Target, engine: Engine) -> None:
        self.target = target
        self.engine = engine
        # One write at a time per workspace, whichever thread asks (SQLite has one writer).
        self.write_lock = threading.RLock()

    # -- creating and opening ------------------------------------------------------------

    @classmethod
    def create(cls, where: str | Path) -> Workspace:
        """Create a new, empty workspace at a file path or in an empty PostgreSQL database."""
        target = parse_target(str(where))
        if target.path is not None:
            if target.path.exists():
                raise WorkspaceExists(
                    _("{path} already exists; open it, or choose another name.").format(
                        path=target.path
                    )
                )
            if not target.path.parent.is_dir():
                raise WorkspaceNotFound(
                    _("The folder {folder} does not exist.").format(folder=target.path.parent)
                )
        engine = _make_engine(target)
        _connect_check(engine, target)
        existing = sa.inspect(engine).get_table_names()
        if existing:
            engine.dispose()
            if "workspace_info" in existing:
                raise WorkspaceExists(
                    _("{location} already holds a workspace; open it instead.").format(
                        location=target.location
                    )
                )
            raise WorkspaceExists(
                _(
                    "The database {location} is not empty; a new workspace needs an empty database."
                ).format(location=target.location)
            )
        workspace = cls(target, engine)
        workspace._upgrade()
        with workspace.session() as session:
            session.add(WorkspaceInfo(key="marker", value=WORKSPACE_MARKER))
            session.add(WorkspaceInfo(key="created_at", value=utcnow().isoformat()))
            session.add(WorkspaceInfo(key="created_by_version", value=__version__))
            session.commit()
        return workspace

    @classmethod
    def open(
        cls, where: str | Path, on_migrate: Callable[[Path | str], None] | None = None
    ) -> Workspace:
        """Open an existing workspace, migrating it (after a backup) when it is older.

        `on_migrate` is told where the backup went, so the user can be told too.
        """
        target = parse_target(str(where))
        if target.path is not None:
            if not target.path.exists():
                raise WorkspaceNotFound(
                    _("There is no workspace at {path}.").format(path=target.path)
                )
            if target.path.is_dir():
                raise NotAWorkspace(
                    _("{path} is a folder, not a workspace file.").format(path=target.path)
                )
            with target.path.open("rb") as handle:
                if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                    raise NotAWorkspace(
                        _("{path} is not a Privacy Workbench workspace.").format(path=target.path)
                    )
        engine = _make_engine(target)
        _connect_check(engine, target)
        workspace = cls(target, engine)
        try:
            workspace._check_marker()
            revision = workspace.schema_revision()
            if revision not in known_revisions():
                raise NewerWorkspace(
                    _(
                        "{location} was written by a newer version of Privacy Workbench (schema "
                        "{revision}); this version writes schema {head}. Update the app to open "
                        "it."
                    ).format(location=target.location, revision=revision, head=head_revision())
                )
            if revision != head_revision():
                backup = backup_workspace(engine, target, revision)
                workspace._upgrade()
                if on_migrate is not None:
                    on_migrate(backup)
        except BaseException:
            engine.dispose()
            raise
        return workspace

    def _check_marker(self) -> None:
        names = sa.inspect(self.engine).get_table_names()
        marker = None
        if "workspace_info" in names:
            with self.engine.connect() as connection:
                marker = connection.execute(
                    sa.text("SELECT value FROM workspace_info WHERE key = 'marker'")
                ).scalar()
        if marker != WORKSPACE_MARKER:
            raise NotAWorkspace(
                _("{location} is not a Privacy Workbench workspace.").format(
                    location=self.target.location
                )
            )

    def _upgrade(self) -> None:
        from alembic import command

        config = _alembic_config()
        with self.write_lock, self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    # -- using ---------------------------------------------------------------------------

    def schema_revision(self) -> str | None:
        return _current_revision(self.engine)

    def session(self) -> Session:
        # Objects stay readable after commit: services copy them into plain data.
        return Session(self.engine, expire_on_commit=False)

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One write transaction: serialised, committed on success, rolled back on error."""
        with self.write_lock, self.session() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @property
    def display_name(self) -> str:
        return self.target.display_name

    @property
    def location(self) -> str:
        return self.target.location

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
