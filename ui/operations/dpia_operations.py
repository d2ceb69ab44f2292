"""Risk analysis for the GUI: DPIA screening of an activity, the DPIAs with their register facts,
decisions and frozen versions, the legitimate-interests and transfer impact assessments, and
the DPIA's documents and files. A part of WorkspaceSession (see session.py).

Reports, the risk map, version comparison and the CNIL PIA files are imported when used: they
pull in matplotlib or WeasyPrint, paid only when a document or picture is made.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from app.domain.dpia import DpiaStatus
from app.services import assessments, dpia, dpia_register, screenings
from app.services.changes import ChangeResult, RecordData
from app.services.dpia import DpiaRow
from app.services.screenings import ActivityScreeningView
from ui.operations.session_parts import Done, Failed, FailedWrite, SessionParts
from ui.tasks import Progress

DPIA = dpia.DPIA
SCREENING = screenings.SCREENING
LIA = assessments.LIA
TIA = assessments.TIA
REPORT_MODULE = "app.reports.dpia"
RISK_MAP_MODULE = "app.reports.risk_map"
VERSIONS_MODULE = "app.services.dpia_versions"
CNIL_MODULE = "app.services.cnil_pia"


def available(module: str) -> bool:
    """Whether an optional part (a report, the CNIL files) is in this version."""
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def _call(function: Any, *args: Any, progress: Progress | None = None, **kwargs: Any) -> Any:
    """Call a service, passing `progress` only when it takes one."""
    if progress is not None and "progress" in inspect.signature(function).parameters:
        kwargs["progress"] = progress
    return function(*args, **kwargs)


class DpiaOperations(SessionParts):
    # The session's own (see session.py): versions handed out, under their lock.
    _versions: dict[tuple[str, int], int]
    _lock: threading.Lock

    def _expected(self, record_type: str, record_id: int) -> int | None:
        with self._lock:
            return self._versions.get((record_type, record_id))

    # -- reads -----------------------------------------------------------------------------------

    def dpia_rows(self) -> list[DpiaRow]:
        return dpia.list_dpia_rows(self.workspace)

    def dpia(self, dpia_id: int) -> RecordData:
        return self._remember([dpia.get_dpia(self.workspace, dpia_id)])[0]

    def dpia_register_facts(self, activity_ids: Sequence[int]) -> list[dpia_register.ActivityFacts]:
        """The register's facts of the activities a DPIA covers, read live."""
        return dpia_register.register_facts(self.workspace, activity_ids)

    def dpia_versions(self, dpia_id: int) -> list[RecordData]:
        return dpia.list_versions(self.workspace, dpia_id)

    def screening(self, activity_id: int) -> ActivityScreeningView:
        view = screenings.screening_view(self.workspace, activity_id)
        if view.record is not None:
            self._remember([view.record])
        return view

    # -- writes ----------------------------------------------------------------------------------

    def save_screening(
        self,
        activity_id: int,
        values: Mapping[str, Any],
        record_id: int | None,
        *,
        on_done: Done | None = None,
        on_error: Failed | None = None,
    ) -> None:
        """Create or update the activity's screening (the one the dialog shows)."""
        values = dict(values)

        def job() -> ChangeResult:
            expected = self._expected(SCREENING, record_id) if record_id is not None else None
            return screenings.save_screening(
                self.workspace, activity_id, values, expected, actor=self.actor
            )

        self._write(job, FailedWrite(SCREENING, record_id, values), on_done, on_error)

    def create_dpia(
        self,
        activity_ids: Sequence[int],
        *,
        on_done: Done | None = None,
        on_error: Failed | None = None,
    ) -> None:
        """A new draft DPIA of the activities, with the three feared events ready to rate."""
        ids = list(activity_ids)

        def job() -> ChangeResult:
            return dpia.create_dpia(self.workspace, ids, actor=self.actor)

        self._write(job, FailedWrite(DPIA, None, {}), on_done, on_error)

    def decide_dpia(
        self,
        dpia_id: int,
        decision: DpiaStatus,
        *,
        decided_by: str,
        conditions: str | None = None,
        rejection_reason: str | None = None,
        on_done: Done | None = None,
        on_error: Failed | None = None,
    ) -> None:
        """Record the decision and freeze the version it is about (refused while a high
        residual risk remains, unless the decision is prior consultation)."""

        def job() -> ChangeResult:
            return dpia.decide_dpia(
                self.workspace,
                dpia_id,
                decision,
                self._expected(DPIA, dpia_id),
                decided_by=decided_by,
                conditions=conditions,
                rejection_reason=rejection_reason,
                actor=self.actor,
            )

        # No FailedWrite: a conflicting decision is resolved by reloading, never by writing
        # the decision's fields without freezing a version.
        self._write(job, None, on_done, on_error)

    def import_cnil_pia(
        self,
        path: Path,
        *,
        on_done: Done | None = None,
        on_error: Failed | None = None,
    ) -> None:
        """Import a PIA file of the CNIL's tool as a new DPIA (all or nothing)."""

        def job() -> ChangeResult:
            module = importlib.import_module(CNIL_MODULE)
            return module.import_cnil_pia(self.workspace, path, actor=self.actor)  # type: ignore[no-any-return]

        self._write(job, FailedWrite(DPIA, None, {}), on_done, on_error)

    # -- legitimate-interests and transfer impact assessments ------------------------------------

    def needed_assessments(self, activity_id: int) -> assessments.NeededAssessments:
        """The LIAs (one per purpose on legitimate interests) and TIAs (one per destination
        reached under SCCs or BCRs) the activity needs, with those already made."""
        return assessments.needed_assessments(self.workspace, activity_id)

    def lia_for(self, activity_id: int, purpose_key: str) -> RecordData | None:
        found = assessments.lia_for(self.workspace, activity_id, purpose_key)
        return self._remember([found])[0] if found is not None else None

    def tia_for(self, activity_id: int, destination: str) -> RecordData | None:
        found = assessments.tia_for(self.workspace, activity_id, destination)
        return self._remember([found])[0] if found is not None else None

    def save_lia(
        self,
        activity_id: int,
        purpose_key: str,
        values: Mapping[str, Any],
        record_id: int | None,
        *,
        on_done: Done | None = None,
        on_error: Failed | None = None,
    ) -> None:
        """Create or update the LIA of one purpose of the activity."""
        values = dict(values)

        def job() -> ChangeResult:
            expected = self._expected(LIA, record_id) if record_id is not None else None
            return assessments.save_lia(
                self.workspace, activity_id, purpose_key, values, expected, actor=self.actor
            )

        self._write(job, FailedWrite(LIA, record_id, values), on_done, on_error)

    def save_tia(
        self,
        activity_id: int,
        destination: str,
        values: Mapping[str, Any],
        record_id: int | None,
        *,
        on_done: Done | None = None,
        on_error: Failed | None = None,
    ) -> None:
        """Create or update the TIA of the activity's transfers to one destination."""
        values = dict(values)

        def job() -> ChangeResult:
            expected = self._expected(TIA, record_id) if record_id is not None else None
            return assessments.save_tia(
                self.workspace, activity_id, destination, values, expected, actor=self.actor
            )

        self._write(job, FailedWrite(TIA, record_id, values), on_done, on_error)

    # -- documents and pictures (run off the GUI thread) -----------------------------------------

    def risk_map_png(self, values: Mapping[str, Any], dpi: int = 100) -> bytes:
        module = importlib.import_module(RISK_MAP_MODULE)
        return bytes(module.risk_map_png(values, dpi=dpi))

    def compare_dpia_versions(self, dpia_id: int, older: int, newer: int | None) -> list[Any]:
        module = importlib.import_module(VERSIONS_MODULE)
        return list(module.compare_versions(self.workspace, dpia_id, older, newer))

    def export_dpia_pdf(
        self, dpia_id: int, output: Path, layout: str, progress: Progress | None = None
    ) -> Path:
        module = importlib.import_module(REPORT_MODULE)
        _call(
            module.write_dpia_pdf, self.workspace, dpia_id, output, layout=layout, progress=progress
        )
        return output

    def export_action_plan(
        self, dpia_id: int, output: Path, progress: Progress | None = None
    ) -> Path:
        module = importlib.import_module(REPORT_MODULE)
        _call(module.write_action_plan_xlsx, self.workspace, dpia_id, output, progress=progress)
        return output

    def export_cnil_pia(self, dpia_id: int, output: Path, progress: Progress | None = None) -> Path:
        module = importlib.import_module(CNIL_MODULE)
        _call(module.export_cnil_pia, self.workspace, dpia_id, output, progress=progress)
        return output
