"""What a workspace holds, at a glance (the `info` command and the start of reports)."""

from __future__ import annotations

from typing import Any

from sqlmodel import func, select

from app import __version__
from app.domain import RECORD_TYPES, AuditEvent
from app.domain.countries import country_name
from app.services.organisations import list_organisations
from app.storage.workspace import Workspace


def workspace_info(workspace: Workspace) -> dict[str, Any]:
    counts: dict[str, int] = {}
    with workspace.session() as session:
        for name, rt in RECORD_TYPES.items():
            counts[name] = int(session.exec(select(func.count()).select_from(rt.table)).one())
        counts["audit_event"] = int(
            session.exec(select(func.count()).select_from(AuditEvent)).one()
        )
    organisations = [
        {
            "id": org.id,
            "legal_name": org["legal_name"],
            "country": org["country"],
            "country_name": country_name(org["country"]),
        }
        for org in list_organisations(workspace)
    ]
    return {
        "workspace": workspace.location,
        "schema_version": workspace.schema_revision(),
        "app_version": __version__,
        "organisations": organisations,
        "counts": counts,
    }
