"""Backups taken before a workspace is migrated, so that a failed or unwanted upgrade can be
undone by the user: a SQLite file is copied beside itself with SQLite's online backup; a
PostgreSQL workspace is written out as JSON, table by table, to the app's backup folder."""

from __future__ import annotations

import base64
import json
import sqlite3
from datetime import date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from app.domain.base import utcnow
from app.paths import backups_dir
from app.storage.targets import Target


def _stamp() -> str:
    return utcnow().strftime("%Y%m%d-%H%M%S")


def backup_workspace(engine: Engine, target: Target, revision: str | None) -> Path:
    """Copy the workspace as it is now; returns where the copy went."""
    label = f"schema-{revision or 'none'}-{_stamp()}"
    if target.path is not None:
        destination = target.path.with_name(
            f"{target.path.stem}.backup-{label}{target.path.suffix}"
        )
        source = sqlite3.connect(target.path)
        copy = sqlite3.connect(destination)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
        return destination
    folder = backups_dir()
    folder.mkdir(parents=True, exist_ok=True)
    destination = folder / f"{target.url.database}-{label}.json"
    metadata = sa.MetaData()
    metadata.reflect(bind=engine)
    dump: dict[str, list[dict[str, Any]]] = {}
    with engine.connect() as connection:
        for table in metadata.sorted_tables:
            dump[table.name] = [dict(row._mapping) for row in connection.execute(table.select())]
    destination.write_text(json.dumps(dump, default=_encode, indent=1), encoding="utf-8")
    return destination


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return {"$base64": base64.b64encode(bytes(value)).decode("ascii")}
    raise TypeError(f"cannot back up a {type(value).__name__}")
