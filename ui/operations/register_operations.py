"""The register's operations for the GUI: activities, vendors, processor records and the
catalogues behind their pick-lists. A part of WorkspaceSession (see session.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.domain.activity_checks import Finding
from app.services import catalogues, changes, register
from app.services.catalogues import CatalogueItem
from app.services.changes import ChangeResult, RecordData
from app.services.register import ActivityRow, VendorRow
from ui.operations.session_parts import Done, Failed, FailedWrite, SessionParts


class RegisterOperations(SessionParts):
    def activity_rows(self) -> list[ActivityRow]:
        return register.list_activity_rows(self.workspace)

    def activity(self, activity_id: int) -> RecordData:
        return self._remember([register.get_activity(self.workspace, activity_id)])[0]

    def activity_checks(self, activity_id: int) -> list[Finding]:
        return register.activity_checks(self.workspace, activity_id)

    def vendor_rows(self) -> list[VendorRow]:
        return register.list_vendor_rows(self.workspace)

    def vendor(self, vendor_id: int) -> RecordData:
        return self._remember([register.get_vendor(self.workspace, vendor_id)])[0]

    def activities_using_vendor(self, vendor_id: int) -> list[tuple[int, str, str]]:
        """(id, reference, name) of each activity that names the vendor."""
        return register.activities_using_vendor(self.workspace, vendor_id)

    def catalogue(self, name: str, *, include_hidden: bool = False) -> list[CatalogueItem]:
        return catalogues.catalogue_items(self.workspace, name, include_hidden=include_hidden)

    def add_activity(
        self,
        values: Mapping[str, Any],
        *,
        on_done: Done | None = None,
        on_error: Failed | None = None,
    ) -> None:
        """Create an activity; the service fills in the next free reference, the draft status
        and the first organisation as controller, on the write thread (no race on the
        reference)."""
        values = dict(values)

        def job() -> ChangeResult:
            return register.add_activity(self.workspace, values, actor=self.actor)

        self._write(job, FailedWrite(register.ACTIVITY, None, values), on_done, on_error)

    def duplicate_activity(
        self,
        activity_id: int,
        on_done: Done | None = None,
        on_error: Failed | None = None,
    ) -> None:
        """A draft copy of the activity under the next free reference."""

        def job() -> ChangeResult:
            return register.duplicate_activity(self.workspace, activity_id, actor=self.actor)

        self._write(job, FailedWrite(register.ACTIVITY, None, {}), on_done, on_error)

    def add_catalogue_entry(
        self,
        catalogue: str,
        label: str,
        description: str = "",
        on_done: Done | None = None,
        on_error: Failed | None = None,
    ) -> None:
        """Add the user's own entry; a label already in the catalogue is refused."""

        def job() -> ChangeResult:
            return catalogues.add_catalogue_entry(
                self.workspace, catalogue, label, description, actor=self.actor
            )

        self._write(job, FailedWrite(catalogues.KIND, None, {}), on_done, on_error)

    def edit_catalogue_entry(
        self,
        catalogue: str,
        key: str,
        *,
        label: str | None = None,
        description: str | None = None,
        hidden: bool | None = None,
        on_done: Done | None = None,
        on_error: Failed | None = None,
    ) -> None:
        """Rename, describe, hide or show an entry (a shipped one gets the workspace's own
        version under its key)."""

        def job() -> ChangeResult:
            return catalogues.edit_catalogue_entry(
                self.workspace,
                catalogue,
                key,
                label=label,
                description=description,
                hidden=hidden,
                actor=self.actor,
            )

        self._write(job, FailedWrite(catalogues.KIND, None, {}), on_done, on_error)

    def processor_activity_rows(self) -> list[register.ProcessorActivityRow]:
        return register.list_processor_activity_rows(self.workspace)

    def processor_activity(self, record_id: int) -> RecordData:
        return self._remember(
            [changes.get_record(self.workspace, register.PROCESSOR_ACTIVITY, record_id)]
        )[0]

    def add_processor_activity(
        self,
        values: Mapping[str, Any],
        on_done: Done | None = None,
        on_error: Failed | None = None,
    ) -> None:
        """Create a processor record; the service fills in the next PR- reference and the
        first organisation as processor, on the write thread (no race on the reference)."""
        values = dict(values)

        def job() -> ChangeResult:
            return register.add_processor_activity(self.workspace, values, actor=self.actor)

        self._write(job, FailedWrite(register.PROCESSOR_ACTIVITY, None, values), on_done, on_error)
