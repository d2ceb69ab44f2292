"""Organisations of the workspace: a group can keep each of its companies here."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlmodel import func, select

from app.domain import Organisation
from app.errors import UserError
from app.i18n import _
from app.services.changes import ChangeResult, RecordData, apply_change, get_record, list_records
from app.storage.workspace import Workspace

KIND = "organisation"


def list_organisations(workspace: Workspace) -> list[RecordData]:
    return list_records(workspace, KIND)


def get_organisation(workspace: Workspace, organisation_id: int) -> RecordData:
    return get_record(workspace, KIND, organisation_id)


def add_organisation(
    workspace: Workspace, values: Mapping[str, Any], *, actor: str | None = None
) -> ChangeResult:
    return apply_change(workspace, actor=actor, create=[(KIND, values)])


def update_organisation(
    workspace: Workspace,
    organisation_id: int,
    changes: Mapping[str, Any],
    expected_version: int | None,
    *,
    actor: str | None = None,
) -> ChangeResult:
    """Store changed fields at once. `expected_version` is the version the user was editing;
    None overwrites whatever is stored (the user chose "keep mine" after a conflict)."""
    return apply_change(
        workspace, actor=actor, update=[(KIND, organisation_id, changes, expected_version)]
    )


def delete_organisation(
    workspace: Workspace,
    organisation_id: int,
    expected_version: int | None,
    *,
    actor: str | None = None,
) -> ChangeResult:
    with workspace.session() as session:
        count = session.exec(select(func.count()).select_from(Organisation)).one()
    if count <= 1:
        raise UserError(
            _("A workspace needs at least one organisation; add another before deleting this one.")
        )
    return apply_change(workspace, actor=actor, delete=[(KIND, organisation_id, expected_version)])
