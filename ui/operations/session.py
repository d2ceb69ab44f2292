"""An open workspace as the GUI sees it: reads, queued writes, undo and redo.

Widgets never hold a database session. They read plain records (RecordData) from here and ask
for changes; every write runs on the single write thread, in order, and reports back with a
signal. The session remembers the version of each record it last handed out, so a save names
the version the user was looking at and a newer save by someone else is caught as a conflict.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.i18n import _
from app.services import (
    changes,
    dpia,
    history,
    info,
    organisations,
    team,
)
from app.services.changes import ChangeResult, RecordData
from app.services.history import HistoryEntry
from app.storage.workspace import Workspace
from ui.operations.compliance_operations import ComplianceOperations
from ui.operations.dpia_operations import DpiaOperations
from ui.operations.plan_operations import PlanOperations
from ui.operations.register_operations import RegisterOperations
from ui.operations.request_operations import Reminders, RequestOperations
from ui.operations.session_parts import Done, Failed, FailedWrite
from ui.tasks import run_task


@dataclass(frozen=True)
class UndoEntry:
    change_id: str
    summary: str  # the original change, as the user made it


class WorkspaceSession(
    RegisterOperations,
    RequestOperations,
    PlanOperations,
    DpiaOperations,
    ComplianceOperations,
    QObject,
):
    change_saved = Signal(object)  # ChangeResult: the status bar confirms it
    records_changed = Signal(str)  # a record type, "*" for any: lists and forms reload
    write_failed = Signal(object, object)  # (error, FailedWrite | None): the window explains it
    undo_changed = Signal()  # undo/redo availability or text changed
    busy_changed = Signal(bool)

    def __init__(self, workspace: Workspace, actor: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.actor = actor
        self._versions: dict[tuple[str, int], int] = {}
        self._lock = threading.Lock()
        self._undo: list[UndoEntry] = []
        self._redo: list[UndoEntry] = []
        self._pending = 0

    # -- reads: small and quick; each remembers the version it hands out ---------------------

    def _remember(self, records: list[RecordData]) -> list[RecordData]:
        # A read on the GUI thread can finish after the write thread stored a newer version;
        # the version only moves forward, or the user's next edit would conflict with itself.
        with self._lock:
            for record in records:
                key = (record.record_type, record.id)
                self._versions[key] = max(record.version, self._versions.get(key, 0))
        return records

    def _apply(self, result: ChangeResult) -> None:
        """Versions after a write: deleted records are forgotten (undoing the deletion
        re-creates them at version 1), written ones take the version just stored."""
        with self._lock:
            for key in result.deleted:
                self._versions.pop(key, None)
            for record in result.records:
                self._versions[(record.record_type, record.id)] = record.version

    def organisations(self) -> list[RecordData]:
        return self._remember(organisations.list_organisations(self.workspace))

    def team(self) -> list[RecordData]:
        return self._remember(team.list_team(self.workspace))

    def record(self, record_type: str, record_id: int) -> RecordData:
        return self._remember([changes.get_record(self.workspace, record_type, record_id)])[0]

    def history(self, limit: int = 500, offset: int = 0) -> list[HistoryEntry]:
        return history.list_history(self.workspace, limit=limit, offset=offset)

    def history_count(self) -> int:
        return history.count_history(self.workspace)

    def info(self) -> dict[str, Any]:
        return info.workspace_info(self.workspace)

    # The register: light rows for the tables (no versions: a row is never edited as such),
    # whole records for the editors.

    # -- writes: queued on the write thread --------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def _write(
        self,
        job: Callable[[], ChangeResult],
        failed: FailedWrite | None,
        on_done: Done | None,
        on_error: Failed | None,
        *,
        undoable: bool = True,
    ) -> None:
        def work(_progress: object) -> ChangeResult:
            result = job()
            self._apply(result)
            return result

        def done(result: ChangeResult) -> None:
            self._finish()
            if undoable and result.changed:
                self._undo.append(UndoEntry(result.change_id, result.summary))
                self._redo.clear()
                self.undo_changed.emit()
            self.change_saved.emit(result)
            self.records_changed.emit(failed.record_type if failed else "*")
            if on_done is not None:
                on_done(result)

        def error(problem: BaseException) -> None:
            self._finish()
            self.write_failed.emit(problem, failed)
            if on_error is not None:
                on_error(problem)

        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        run_task(work, on_done=done, on_error=error, writes=True)

    def remember_change(self, result: ChangeResult) -> None:
        """A change written by a long task of its own (an import with its progress bar, run
        on the write thread): its versions are remembered and it goes on the undo stack as
        one entry, like any change made through `_write`."""
        self._apply(result)
        if result.changed:
            self._undo.append(UndoEntry(result.change_id, result.summary))
            self._redo.clear()
            self.undo_changed.emit()
        self.change_saved.emit(result)

    def _finish(self) -> None:
        self._pending -= 1
        if self._pending == 0:
            self.busy_changed.emit(False)

    def update_record(
        self,
        record_type: str,
        record_id: int,
        values: Mapping[str, Any],
        *,
        keep_mine: bool = False,
        on_done: Done | None = None,
        on_error: Failed | None = None,
    ) -> None:
        """Store changed fields. `keep_mine` overwrites a newer save (after a conflict)."""
        values = dict(values)

        def job() -> ChangeResult:
            with self._lock:
                expected = None if keep_mine else self._versions.get((record_type, record_id))
            if record_type == dpia.DPIA:  # editing a decided DPIA re-opens it as a draft
                return dpia.update_dpia(
                    self.workspace, record_id, values, expected, actor=self.actor
                )
            return changes.apply_change(
                self.workspace,
                actor=self.actor,
                update=[(record_type, record_id, values, expected)],
            )

        self._write(job, FailedWrite(record_type, record_id, values), on_done, on_error)

    def create_record(
        self,
        record_type: str,
        values: Mapping[str, Any],
        *,
        on_done: Done | None = None,
        on_error: Failed | None = None,
    ) -> None:
        values = dict(values)

        def job() -> ChangeResult:
            return changes.apply_change(
                self.workspace, actor=self.actor, create=[(record_type, values)]
            )

        self._write(job, FailedWrite(record_type, None, values), on_done, on_error)

    def delete_record(
        self,
        record_type: str,
        record_id: int,
        *,
        on_done: Done | None = None,
        on_error: Failed | None = None,
    ) -> None:
        def job() -> ChangeResult:
            with self._lock:
                expected = self._versions.get((record_type, record_id))
            if record_type == organisations.KIND:  # keeps the "at least one" rule
                return organisations.delete_organisation(
                    self.workspace, record_id, expected, actor=self.actor
                )
            return changes.apply_change(
                self.workspace, actor=self.actor, delete=[(record_type, record_id, expected)]
            )

        self._write(job, FailedWrite(record_type, record_id, {}), on_done, on_error)

    # -- undo and redo: each reverts a change, and is itself a change in the history ---------

    def can_undo(self) -> bool:
        return bool(self._undo) and not self.busy

    def can_redo(self) -> bool:
        return bool(self._redo) and not self.busy

    def undo_text(self) -> str:
        return self._undo[-1].summary if self._undo else ""

    def redo_text(self) -> str:
        return self._redo[-1].summary if self._redo else ""

    def undo(self) -> None:
        self._revert(self._undo, self._redo, _("Undo: {summary}"))

    def redo(self) -> None:
        self._revert(self._redo, self._undo, _("Redo: {summary}"))

    def _revert(self, source: list[UndoEntry], target: list[UndoEntry], wording: str) -> None:
        if not source or self.busy:
            return
        entry = source.pop()
        self.undo_changed.emit()

        def job() -> ChangeResult:
            return changes.revert_change(
                self.workspace,
                entry.change_id,
                actor=self.actor,
                summary=wording.format(summary=entry.summary),
            )

        def done(result: ChangeResult) -> None:
            # The inverse change is what the other list reverts next time.
            target.append(UndoEntry(result.change_id, entry.summary))
            self.undo_changed.emit()

        def failed(_error: BaseException) -> None:
            source.append(entry)  # nothing changed: the entry stays where it was
            self.undo_changed.emit()

        self._write(job, None, done, failed, undoable=False)

    def close(self) -> None:
        self.workspace.close()


__all__ = ["FailedWrite", "Reminders", "UndoEntry", "WorkspaceSession"]
