"""Writing thousands of records inside one ChangeWriter, quickly.

`ChangeWriter.create` flushes each record and its audit events one by one: about a
millisecond per activity, too slow for a 10,000-row import. Here records (already cleaned by
the checks) go in with one executemany per batch of 500, and so do their audit events. The
audit trail is the writer's own: one CREATE event per non-empty field, under the writer's
change id, actor, time and summary, so the whole import is one change that the history shows
field by field and undo reverts.

Undo reverts a change's records in the reverse order of their events (see revert_change), so
vendors are written before the records that name them: undo deletes the activities first,
then the vendors, and redo re-creates the vendors before the activities that point at them.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

import sqlalchemy as sa

from app.domain import RECORD_TYPES, ActivityVendor, AuditAction, AuditEvent
from app.services.changes import ChangeWriter, RecordData
from app.services.values import encode_value

BATCH = 500
T = TypeVar("T")
Event = dict[str, Any]


def _batches(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _table(model: Any) -> sa.Table:
    table: sa.Table = model.__table__
    return table


def insert_many(connection: sa.Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """INSERT many rows with the driver's executemany, each value converted by its column
    type's own bind processor (exactly what SQLAlchemy would store), without SQLAlchemy's
    per-row bookkeeping, which costs more than the insert itself at 100,000 rows."""
    if not rows:
        return
    dialect = connection.dialect
    names = list(rows[0])
    processors = [
        table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names
    ]
    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    preparer = dialect.identifier_preparer
    # Table and column names come from our own schema, never from the file; the values
    # travel as parameters.
    statement = "INSERT INTO {table} ({columns}) VALUES ({markers})".format(  # noqa: S608
        table=preparer.format_table(table),
        columns=", ".join(preparer.quote(name) for name in names),
        markers=", ".join([marker] * len(names)),
    )
    values_of = operator.itemgetter(*names)
    converted = [(index, process) for index, process in enumerate(processors) if process]
    parameters: list[Any] = []
    # The change's time, actor and summary are one object repeated on every row: each is
    # converted once (the timestamp conversion alone was a fifth of the write).
    last: dict[int, tuple[Any, Any]] = {}
    for row in rows:
        values = values_of(row) if len(names) > 1 else (row[names[0]],)
        if converted:
            values = list(values)
            for index, process in converted:
                value = values[index]
                if value is None:
                    continue
                previous = last.get(index)
                if previous is not None and previous[0] is value:
                    values[index] = previous[1]
                else:
                    values[index] = process(value)
                    last[index] = (value, values[index])
        parameters.append(tuple(values))
    connection.exec_driver_sql(statement, parameters)


def _is_empty(value: Any) -> bool:
    # As the change engine counts it: a new record's defaults are not worth an event.
    return value is None or value is False or value == "" or value == []


def insert_records(
    writer: ChangeWriter,
    record_type: str,
    records: Sequence[dict[str, Any]],
    key_field: str,
    *,
    progress: Callable[[int], None] | None = None,
) -> list[int]:
    """Insert cleaned records, with their audit events, as part of the writer's change.
    `key_field` is a unique field that finds the new ids again. Returns the ids in order."""
    rt = RECORD_TYPES[record_type]
    table = _table(rt.table)
    connection = writer.session.connection()
    at = writer.at
    ids: list[int] = []
    # What the model would fill in for a field the file does not have ([] for lists).
    defaults = {
        name: info.get_default(call_default_factory=True)
        for name, info in rt.table.model_fields.items()
        if name in rt.fields
    }
    for batch in _batches(records, BATCH):
        rows = []
        for values in batch:
            row = {name: values.get(name, defaults[name]) for name in rt.fields}
            row.update(rt.derive(row) if rt.derive else {})
            row.update(version=1, created_at=at, updated_at=at)
            rows.append(row)
        # RETURNING in parameter order would make SQLite insert row by row; the unique key
        # finds the ids in one query instead.
        insert_many(connection, table, rows)
        keys = [row[key_field] for row in rows]
        key_column = table.c[key_field]
        found = dict(
            connection.execute(sa.select(key_column, table.c.id).where(key_column.in_(keys))).all()
        )
        batch_ids = [int(found[key]) for key in keys]
        insert_events(writer, _events(writer, record_type, batch_ids, rows))
        if record_type == "processing_activity":
            insert_many(connection, _table(ActivityVendor), _vendor_links(batch_ids, rows))
        for record_id, row in zip(batch_ids, rows, strict=True):
            values = {name: row[name] for name in rt.fields}
            values["created_at"] = values["updated_at"] = at
            writer.records.append(RecordData(rt.name, record_id, 1, values))
        ids.extend(batch_ids)
        if progress is not None:
            progress(len(ids))
    return ids


def _events(
    writer: ChangeWriter, record_type: str, ids: list[int], rows: list[dict[str, Any]]
) -> list[Event]:
    rt = RECORD_TYPES[record_type]
    actor, summary = writer.actor[:200], writer.summary[:500]
    events = []
    for record_id, row in zip(ids, rows, strict=True):
        label = str(row.get(rt.label_field) or f"#{record_id}")[:300]
        for name in rt.fields:
            value = row[name]
            if _is_empty(value):
                continue
            events.append(
                {
                    "change_id": writer.change_id,
                    "at": writer.at,
                    "actor": actor,
                    "record_type": rt.name,
                    "record_id": record_id,
                    "record_label": label,
                    "action": AuditAction.CREATE.value,
                    "field": name,
                    "old_value": None,
                    "new_value": encode_value(value),
                    "summary": summary,
                }
            )
    return events


def insert_events(writer: ChangeWriter, events: list[Event]) -> None:
    for batch in _batches(events, BATCH * 20):
        insert_many(writer.session.connection(), _table(AuditEvent), list(batch))
    writer.events += len(events)


def _vendor_links(ids: list[int], rows: list[dict[str, Any]]) -> list[dict[str, int]]:
    """The activity/vendor link table, as the change engine's hook keeps it."""
    links: list[dict[str, int]] = []
    for record_id, row in zip(ids, rows, strict=True):
        vendor_ids = {
            entry["vendor_id"]
            for name in ("recipients", "transfers")
            for entry in row.get(name) or []
            if entry.get("vendor_id")
        }
        links.extend({"activity_id": record_id, "vendor_id": v} for v in sorted(vendor_ids))
    return links
