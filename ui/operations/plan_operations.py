"""Data collection plans for the GUI: the list, one plan's answers, saving a plan from the
wizard (a draft, or complete with its register entry in the same change), answers files and
the plan's PDF. A part of WorkspaceSession (see session.py)."""

from __future__ import annotations

import importlib
import inspect
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from app.domain.collection_plan import PLAN_FIELDS, PlanStatus
from app.services import plan_answers, plans
from app.services.changes import ChangeResult, RecordData
from app.services.plans import PlanRow
from ui.operations.session_parts import Done, Failed, SessionParts
from ui.tasks import Progress

PLAN = plans.PLAN
REPORT_MODULE = "app.reports.collection_plan"
# What the wizard never sends: the reference and the register entry are the service's.
_NOT_FROM_WIZARD = frozenset({"reference", "activity_id", "status"})


def wizard_answers(values: Mapping[str, Any]) -> dict[str, Any]:
    """The plan fields a wizard's answers may set."""
    return {
        name: value
        for name, value in values.items()
        if name in PLAN_FIELDS and name not in _NOT_FROM_WIZARD
    }


class PlanOperations(SessionParts):
    # The session's own (see session.py): versions handed out, under their lock.
    _versions: dict[tuple[str, int], int]
    _lock: threading.Lock

    def plan_rows(self) -> list[PlanRow]:
        return plans.list_plan_rows(self.workspace)

    def plan(self, plan_id: int) -> RecordData:
        return self._remember([plans.get_plan(self.workspace, plan_id)])[0]

    def save_plan(
        self,
        values: Mapping[str, Any],
        *,
        plan_id: int | None = None,
        complete: bool,
        on_done: Done | None = None,
        on_error: Failed | None = None,
    ) -> None:
        """Store the wizard's answers: a new plan or the plan `plan_id`, as a draft or complete
        (then its register entry is created or brought in line, in the same change, so one
        undo takes both back)."""
        answers = wizard_answers(values)

        def job() -> ChangeResult:
            if plan_id is None:
                return plans.create_plan(
                    self.workspace, answers, complete=complete, actor=self.actor
                )
            with self._lock:
                expected = self._versions.get((PLAN, plan_id))
            status = PlanStatus.COMPLETE if complete else PlanStatus.DRAFT
            changes = {**answers, "status": status.value}
            return plans.update_plan(self.workspace, plan_id, changes, expected, actor=self.actor)

        # No FailedWrite: a conflict is resolved by reloading, never by writing the plan's
        # fields alone (its register entry must follow it).
        self._write(job, None, on_done, on_error)

    def read_plan_answers(self, path: Path) -> dict[str, Any]:
        """An answers file's answers, with recipients and transfers linked to this
        workspace's vendors by name (run off the GUI thread: it reads a file)."""
        return plan_answers.link_vendors(self.workspace, plan_answers.read_answers(path))

    def write_plan_answers(self, path: Path, values: Mapping[str, Any]) -> Path:
        return plan_answers.write_answers(path, values)

    def export_plan_pdf(self, plan_id: int, output: Path, progress: Progress | None = None) -> Path:
        """The plan as a PDF (run off the GUI thread: WeasyPrint takes seconds)."""
        # Imported here: the report pulls in WeasyPrint, paid only when a document is made.
        report = importlib.import_module(REPORT_MODULE)
        write = report.write_collection_plan_pdf
        if progress is not None and "progress" in inspect.signature(write).parameters:
            return Path(write(self.workspace, plan_id, output, progress=progress))
        return Path(write(self.workspace, plan_id, output))
