"""The privacy policy for the GUI: reading it (slow: the page calls `load` and `export` through
run_task), and the writes a consultant makes on it, queued on the session's write thread like
every other change (audited, undoable, conflicts explained by the window).

A companion of WorkspaceSession rather than a part of it: the policy page is its only user.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.services import policy as policy_service
from app.services import policy_rewording, policy_versions
from app.services.changes import ChangeResult
from app.services.policy import Policy, PublishedVersion
from app.services.policy_versions import PolicyChanges
from ui.operations.session_parts import Done, Failed, FailedWrite

if TYPE_CHECKING:
    from app.reports.privacy_policy import PolicyExport
    from ui.operations.session import WorkspaceSession


@dataclass(frozen=True)
class PolicyState:
    """Everything the policy page shows, read in one go off the GUI thread."""

    policy: Policy
    html: str  # the preview: the web page, loading nothing
    changes: PolicyChanges
    versions: list[PublishedVersion]


class PolicyOperations:
    def __init__(self, session: WorkspaceSession) -> None:
        self._session = session

    def organisations(self) -> list[tuple[int, str]]:
        """(id, name) of each organisation, for the picker (a small, quick read)."""
        return [(org.id, org.label) for org in self._session.organisations()]

    def load(self, organisation_id: int, progress: Any = None) -> PolicyState:
        """The policy, its preview, what a new version would change and the versions. Takes a
        second on a large register: call it through run_task."""
        from app.reports.privacy_policy import render_policy_html

        workspace = self._session.workspace
        policy = policy_service.build_policy(workspace, organisation_id, progress=progress)
        return PolicyState(
            policy=policy,
            html=render_policy_html(policy, for_preview=True),
            changes=policy_versions.policy_changes(workspace, policy=policy),
            versions=policy_versions.list_versions(workspace, organisation_id),
        )

    def export(self, organisation_id: int, path: Path, progress: Any = None) -> PolicyExport:
        """Write the PDF, HTML or DOCX (by the extension); through run_task."""
        from app.reports.privacy_policy import export_policy

        return export_policy(
            self._session.workspace, path, organisation_id=organisation_id, progress=progress
        )

    # -- writes -----------------------------------------------------------------------------

    def reword_section(
        self,
        organisation_id: int,
        key: str,
        text: str,
        *,
        rewording_id: int | None = None,
        expected_version: int | None = None,
        on_done: Done | None = None,
        on_error: Failed | None = None,
    ) -> None:
        def job() -> ChangeResult:
            return policy_rewording.reword_section(
                self._session.workspace,
                organisation_id,
                key,
                text,
                actor=self._session.actor,
                expected_version=expected_version,
            )

        failed = FailedWrite(policy_service.SECTION_KIND, rewording_id, {"text": text})
        self._write(job, failed, on_done, on_error)

    def keep_rewording(
        self,
        organisation_id: int,
        key: str,
        *,
        on_done: Done | None = None,
        on_error: Failed | None = None,
    ) -> None:
        """Keep a rewording set aside because its facts changed."""
        self._section_write(
            policy_rewording.keep_rewording, organisation_id, key, on_done, on_error
        )

    def reset_section(
        self,
        organisation_id: int,
        key: str,
        *,
        on_done: Done | None = None,
        on_error: Failed | None = None,
    ) -> None:
        """Drop the rewording: back to the text written from the register."""
        self._section_write(policy_rewording.reset_section, organisation_id, key, on_done, on_error)

    def _section_write(
        self,
        service: Callable[..., ChangeResult],
        organisation_id: int,
        key: str,
        on_done: Done | None,
        on_error: Failed | None,
    ) -> None:
        def job() -> ChangeResult:
            return service(self._session.workspace, organisation_id, key, actor=self._session.actor)

        self._write(job, FailedWrite(policy_service.SECTION_KIND, None, {}), on_done, on_error)

    def publish(
        self,
        organisation_id: int,
        note: str,
        *,
        on_done: Done | None = None,
        on_error: Failed | None = None,
    ) -> None:
        """Keep the policy as it reads now as the next version (built on the write thread, so
        it is exactly what the register holds when it is stored)."""

        def job() -> ChangeResult:
            return policy_versions.publish_policy(
                self._session.workspace, organisation_id, note=note, actor=self._session.actor
            )

        self._write(job, FailedWrite(policy_service.VERSION_KIND, None, {}), on_done, on_error)

    def _write(
        self, job: Any, failed: FailedWrite, on_done: Done | None, on_error: Failed | None
    ) -> None:
        # The session's queue: one write at a time, on the undo stack, reported by its signals.
        self._session._write(job, failed, on_done, on_error)
