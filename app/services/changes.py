"""The one way records change: validated, version-checked, audited, and revertible.

Every user action is one *change*: one or more field edits, creations or deletions sharing a
change id in the audit trail. Undo is `revert_change(change_id)`, which writes the inverse as a
new change (audited like any other); redo reverts that inverse. Reverting refuses when someone
changed the same fields since, rather than overwrite their work.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from app.domain import RECORD_TYPES, AuditAction, AuditEvent, Record, RecordType
from app.domain.base import utcnow
from app.domain.fields import FieldKind, check_required, clean_values
from app.errors import ConflictError, FieldError, RecordNotFound, UserError, ValidationError
from app.i18n import _
from app.services.record_hooks import HOOKS
from app.services.values import decode_value, encode_value
from app.settings import default_actor
from app.storage.workspace import Workspace


@dataclass(frozen=True)
class RecordData:
    """A plain copy of a record for the GUI and the command line: no live ORM object leaves
    the service layer."""

    record_type: str
    id: int
    version: int
    values: dict[str, Any]

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    @property
    def label(self) -> str:
        rt = RECORD_TYPES[self.record_type]
        return str(self.values.get(rt.label_field) or f"#{self.id}")


@dataclass(frozen=True)
class ChangeResult:
    """What one change did: its id (for undo) and the records as they now are."""

    change_id: str
    summary: str
    records: list[RecordData] = field(default_factory=list)
    deleted: list[tuple[str, int]] = field(default_factory=list)
    changed: bool = True  # False when every value was already stored: nothing to undo

    @property
    def record(self) -> RecordData:
        return self.records[0]


def snapshot(record_type: RecordType, obj: Record) -> RecordData:
    assert obj.id is not None
    values = {name: getattr(obj, name) for name in record_type.fields}
    values["created_at"] = obj.created_at
    values["updated_at"] = obj.updated_at
    return RecordData(record_type.name, obj.id, obj.version, values)


def _is_empty(value: Any) -> bool:
    """Nothing worth an audit event: a new record's defaults, a deleted record's blanks."""
    return value is None or value is False or value == "" or value == []


def _record_type(name: str) -> RecordType:
    try:
        return RECORD_TYPES[name]
    except KeyError:
        raise UserError(_("Unknown record type “{name}”.").format(name=name)) from None


def _load(session: Session, rt: RecordType, record_id: int) -> Record:
    obj = session.get(rt.table, record_id)
    if obj is None:
        raise RecordNotFound(
            _("{kind} #{id} does not exist (it may have been deleted).").format(
                kind=_(rt.label), id=record_id
            )
        )
    return obj


def _check_record(rt: RecordType, values: Mapping[str, Any]) -> None:
    if rt.check is not None:
        problems = rt.check(values)
        if problems:
            raise ValidationError(problems)


def _label_of(rt: RecordType, values: Mapping[str, Any], record_id: int) -> str:
    return str(values.get(rt.label_field) or f"#{record_id}")[:300]


class ChangeWriter:
    """Collects the audit events of one change inside one transaction."""

    def __init__(self, session: Session, actor: str | None, summary: str = "") -> None:
        self.session = session
        self.actor = actor or default_actor()
        self.change_id = str(uuid.uuid4())
        self.summary = summary
        self.at = utcnow()
        self.records: list[RecordData] = []
        self.deleted: list[tuple[str, int]] = []
        self.events = 0

    def _event(
        self,
        rt: RecordType,
        record_id: int,
        label: str,
        action: AuditAction,
        field_name: str | None,
        old: Any,
        new: Any,
    ) -> None:
        self.events += 1
        self.session.add(
            AuditEvent(
                change_id=self.change_id,
                at=self.at,
                actor=self.actor[:200],
                record_type=rt.name,
                record_id=record_id,
                record_label=label,
                action=action.value,
                field=field_name,
                old_value=encode_value(old),
                new_value=encode_value(new),
                summary=self.summary[:500],
            )
        )

    def create(
        self, record_type: str, values: Mapping[str, Any], *, record_id: int | None = None
    ) -> RecordData:
        rt = _record_type(record_type)
        cleaned = clean_values(rt.fields, values)
        check_required(rt.fields, cleaned)
        _check_record(rt, cleaned)
        self._check_links(rt, cleaned, None)
        obj = rt.table(**cleaned, **(rt.derive(cleaned) if rt.derive else {}))
        if record_id is not None:
            obj.id = record_id  # re-creating a deleted record keeps its id (undo of a delete)
        self.session.add(obj)
        self.session.flush()
        assert obj.id is not None
        label = _label_of(rt, cleaned, obj.id)
        if not self.summary:
            self.summary = _("Created {kind} “{label}”").format(kind=_(rt.label), label=label)
        for name in rt.fields:
            value = getattr(obj, name)
            if not _is_empty(value):
                self._event(rt, obj.id, label, AuditAction.CREATE, name, None, value)
        self._after_write(rt, obj)
        data = snapshot(rt, obj)
        self.records.append(data)
        return data

    def update(
        self,
        record_type: str,
        record_id: int,
        changes: Mapping[str, Any],
        expected_version: int | None,
    ) -> RecordData:
        """Apply field changes. With `expected_version` None the stored version is taken as is
        (the user chose to keep their own values over a newer save)."""
        rt = _record_type(record_type)
        cleaned = clean_values(rt.fields, changes)
        obj = _load(self.session, rt, record_id)
        if expected_version is not None and obj.version != expected_version:
            raise ConflictError(
                _(
                    "{kind} “{label}” was changed by someone else after you opened it (your copy "
                    "is version {mine}, the stored one is version {theirs})."
                ).format(
                    kind=_(rt.label),
                    label=_label_of(rt, vars(obj), record_id),
                    mine=expected_version,
                    theirs=obj.version,
                ),
                record_type=rt.name,
                record_id=record_id,
                current_version=obj.version,
            )
        old_values = {name: getattr(obj, name) for name in cleaned}
        real = {name: value for name, value in cleaned.items() if old_values[name] != value}
        if not real:
            data = snapshot(rt, obj)
            self.records.append(data)
            return data
        self._check_links(rt, real, record_id)
        label_values = {**{n: getattr(obj, n) for n in rt.fields}, **real}
        _check_record(rt, label_values)
        label = _label_of(rt, label_values, record_id)
        derived = rt.derive(label_values) if rt.derive else {}
        if not self.summary:
            names = ", ".join(_(rt.fields[name].label) for name in real)
            self.summary = _("{fields} of “{label}”").format(fields=names, label=label)
        # The version condition makes the check and the write one atomic step: a save that
        # slipped in between the read above and this statement still makes it fail.
        version = obj.version
        statement = (
            sa.update(rt.table)
            .where(rt.table.id == record_id)  # type: ignore[arg-type]
            .where(rt.table.version == version)  # type: ignore[arg-type]
            .values(**real, **derived, version=version + 1, updated_at=self.at)
        )
        result = self.session.execute(statement)
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise ConflictError(
                _("{kind} “{label}” was changed by someone else while you were saving.").format(
                    kind=_(rt.label), label=label
                ),
                record_type=rt.name,
                record_id=record_id,
            )
        for name, value in real.items():
            self._event(rt, record_id, label, AuditAction.UPDATE, name, old_values[name], value)
        self.session.refresh(obj)
        self._after_write(rt, obj)
        data = snapshot(rt, obj)
        self.records.append(data)
        return data

    def _check_links(
        self, rt: RecordType, values: Mapping[str, Any], record_id: int | None
    ) -> None:
        """References must point at existing records; unique fields must stay unique."""
        errors: list[FieldError] = []
        for name, value in values.items():
            spec = rt.fields[name]
            if spec.kind in (FieldKind.REFERENCE, FieldKind.REFERENCES) and value:
                target = RECORD_TYPES[spec.reference or ""]
                for target_id in value if isinstance(value, list) else [value]:
                    if self.session.get(target.table, target_id) is None:
                        problem = _("{kind} #{id} does not exist").format(
                            kind=_(target.label), id=target_id
                        )
                        errors.append(FieldError(name, _(spec.label), problem))
            if spec.unique and value not in (None, ""):
                column = getattr(rt.table, name)
                query = select(rt.table).where(column == value)
                if record_id is not None:
                    query = query.where(rt.table.id != record_id)
                other = self.session.exec(query).first()
                if other is not None:
                    errors.append(
                        FieldError(
                            name,
                            _(spec.label),
                            _("“{value}” is already used by “{label}”").format(
                                value=value, label=_label_of(rt, vars(other), other.id or 0)
                            ),
                        )
                    )
        if errors:
            raise ValidationError(errors)

    def _after_write(self, rt: RecordType, obj: Record) -> None:
        hooks = HOOKS.get(rt.name)
        if hooks is not None and hooks.after_write is not None:
            hooks.after_write(self.session, obj)

    def delete(self, record_type: str, record_id: int, expected_version: int | None) -> None:
        rt = _record_type(record_type)
        obj = _load(self.session, rt, record_id)
        label = _label_of(rt, vars(obj), record_id)
        if expected_version is not None and obj.version != expected_version:
            raise ConflictError(
                _(
                    "{kind} “{label}” was changed by someone else; look at the "
                    "change before deleting it."
                ).format(kind=_(rt.label), label=label),
                record_type=rt.name,
                record_id=record_id,
                current_version=obj.version,
            )
        hooks = HOOKS.get(rt.name)
        if hooks is not None and hooks.before_delete is not None:
            hooks.before_delete(self.session, obj)
        if not self.summary:
            self.summary = _("Deleted {kind} “{label}”").format(kind=_(rt.label), label=label)
        for name in rt.fields:
            value = getattr(obj, name)
            if not _is_empty(value):
                self._event(rt, record_id, label, AuditAction.DELETE, name, value, None)
        self.session.delete(obj)
        self.session.flush()
        self.deleted.append((rt.name, record_id))

    def result(self) -> ChangeResult:
        return ChangeResult(
            self.change_id, self.summary, self.records, self.deleted, changed=self.events > 0
        )


def apply_change(
    workspace: Workspace,
    *,
    actor: str | None = None,
    summary: str = "",
    create: list[tuple[str, Mapping[str, Any]]] | None = None,
    update: list[tuple[str, int, Mapping[str, Any], int | None]] | None = None,
    delete: list[tuple[str, int, int | None]] | None = None,
) -> ChangeResult:
    """Make one change (any mix of creations, updates, deletions) in one transaction."""
    with workspace.writing() as session:
        writer = ChangeWriter(session, actor, summary)
        for record_type, values in create or []:
            writer.create(record_type, values)
        for record_type, record_id, changes, version in update or []:
            writer.update(record_type, record_id, changes, version)
        for record_type, record_id, version in delete or []:
            writer.delete(record_type, record_id, version)
        return writer.result()


def revert_change(
    workspace: Workspace, change_id: str, *, actor: str | None = None, summary: str | None = None
) -> ChangeResult:
    """Write the inverse of a change as a new change; the inverse's id reverts it again (redo).

    Refused with ConflictError when a field the change touched has been changed since.
    `summary` names the new change in the history; the GUI passes "Redo: …" when redoing.
    """
    with workspace.writing() as session:
        query = select(AuditEvent).where(AuditEvent.change_id == change_id)
        events = list(session.exec(query.order_by(col(AuditEvent.id))))
        if not events:
            raise UserError(_("There is nothing to revert: the change is not in the history."))
        first = events[0]
        writer = ChangeWriter(
            session,
            actor,
            summary if summary is not None else _("Undo: {summary}").format(summary=first.summary),
        )
        by_record: dict[tuple[str, int], list[AuditEvent]] = {}
        for event in events:
            by_record.setdefault((event.record_type, event.record_id), []).append(event)
        # Backwards: a change that created a vendor and then an activity naming it must delete
        # the activity first; its inverse (a deletion in that order) re-creates the vendor
        # first. Either way, records are reverted in the reverse order they were written.
        for (type_name, record_id), record_events in reversed(by_record.items()):
            rt = _record_type(type_name)
            action = record_events[0].action
            obj = session.get(rt.table, record_id)
            if action == AuditAction.CREATE:
                if obj is None:
                    raise _gone(rt, record_events[0])
                _check_unchanged(rt, obj, record_events)
                writer.delete(type_name, record_id, None)
            elif action == AuditAction.DELETE:
                if obj is not None:
                    raise ConflictError(
                        _("{kind} #{id} exists again; the deletion cannot be undone.").format(
                            kind=_(rt.label), id=record_id
                        ),
                        record_type=type_name,
                        record_id=record_id,
                    )
                values = {e.field: decode_value(e.old_value) for e in record_events if e.field}
                writer.create(type_name, values, record_id=record_id)
            else:
                if obj is None:
                    raise _gone(rt, record_events[0])
                _check_unchanged(rt, obj, record_events)
                old = {e.field: decode_value(e.old_value) for e in record_events if e.field}
                writer.update(type_name, record_id, old, None)
        return writer.result()


def _gone(rt: RecordType, event: AuditEvent) -> ConflictError:
    return ConflictError(
        _("{kind} “{label}” has been deleted since; the change cannot be reverted.").format(
            kind=_(rt.label), label=event.record_label
        ),
        record_type=rt.name,
        record_id=event.record_id,
    )


def _check_unchanged(rt: RecordType, obj: Record, events: list[AuditEvent]) -> None:
    for event in events:
        if event.field is None:
            continue
        if getattr(obj, event.field) != decode_value(event.new_value):
            raise ConflictError(
                _(
                    "{field} of “{label}” has been changed since; the change cannot be reverted "
                    "without losing the newer value."
                ).format(field=_(rt.fields[event.field].label), label=event.record_label),
                record_type=rt.name,
                record_id=event.record_id,
                current_version=obj.version,
            )


def get_record(workspace: Workspace, record_type: str, record_id: int) -> RecordData:
    rt = _record_type(record_type)
    with workspace.session() as session:
        return snapshot(rt, _load(session, rt, record_id))


def list_records(workspace: Workspace, record_type: str) -> list[RecordData]:
    rt = _record_type(record_type)
    with workspace.session() as session:
        rows = session.exec(select(rt.table).order_by(rt.table.id))  # type: ignore[arg-type]
        return [snapshot(rt, row) for row in rows]
