"""The team: people who own and review records."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.services.changes import ChangeResult, RecordData, apply_change, get_record, list_records
from app.storage.workspace import Workspace

KIND = "person"


def list_team(workspace: Workspace) -> list[RecordData]:
    return sorted(list_records(workspace, KIND), key=lambda person: str(person["name"]).lower())


def get_person(workspace: Workspace, person_id: int) -> RecordData:
    return get_record(workspace, KIND, person_id)


def add_person(
    workspace: Workspace, values: Mapping[str, Any], *, actor: str | None = None
) -> ChangeResult:
    return apply_change(workspace, actor=actor, create=[(KIND, values)])


def update_person(
    workspace: Workspace,
    person_id: int,
    changes: Mapping[str, Any],
    expected_version: int | None,
    *,
    actor: str | None = None,
) -> ChangeResult:
    return apply_change(
        workspace, actor=actor, update=[(KIND, person_id, changes, expected_version)]
    )


def remove_person(
    workspace: Workspace, person_id: int, expected_version: int | None, *, actor: str | None = None
) -> ChangeResult:
    return apply_change(workspace, actor=actor, delete=[(KIND, person_id, expected_version)])
