"""What the session's parts share: the record of a failed write (so a conflict can be retried)
and what an operations module may use of WorkspaceSession."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.services.changes import ChangeResult, RecordData

if TYPE_CHECKING:
    from app.storage.workspace import Workspace

Done = Callable[[ChangeResult], None]
Failed = Callable[[BaseException], None]


@dataclass(frozen=True)
class FailedWrite:
    """What the user asked for, so that a conflict can be resolved by retrying it."""

    record_type: str
    record_id: int | None
    changes: Mapping[str, Any]


class SessionParts:
    """What the operations modules use of WorkspaceSession (declared for readers and type
    checkers; the session itself provides them)."""

    workspace: Workspace
    actor: str

    def _remember(self, records: list[RecordData]) -> list[RecordData]:
        raise NotImplementedError

    def _write(
        self,
        job: Callable[[], ChangeResult],
        failed: FailedWrite | None,
        on_done: Done | None,
        on_error: Failed | None,
        *,
        undoable: bool = True,
    ) -> None:
        raise NotImplementedError
