"""Creating a workspace with its first organisation, for the command line and the GUI alike."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from app.domain.fields import check_required, clean_values
from app.domain.organisation import ORGANISATION_FIELDS
from app.services.organisations import add_organisation
from app.storage.workspace import Workspace


def create_workspace(
    where: str | Path, organisation: Mapping[str, Any], *, actor: str | None = None
) -> Workspace:
    """Create a workspace holding one organisation.

    The organisation is checked before anything is created, so bad input leaves no file and
    no tables behind.
    """
    cleaned = clean_values(ORGANISATION_FIELDS, organisation)
    check_required(ORGANISATION_FIELDS, cleaned)
    workspace = Workspace.create(where)
    try:
        add_organisation(workspace, cleaned, actor=actor)
    except BaseException:
        workspace.close()
        raise
    return workspace
