"""The demo workspace: a fictional EU online shop, its logistics company, a DPO and a team.

The data lives in resources/demo/ so later features add their records there, not in code.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.i18n import _
from app.resources import RESOURCES, load_json
from app.services.changes import ChangeWriter
from app.storage.workspace import Workspace

DEMO_ACTOR = "demo"


def _organisation_values(raw: dict[str, Any]) -> dict[str, Any]:
    values = dict(raw)
    logo = values.pop("brand_logo", None)
    if logo:
        values["brand_logo"] = (RESOURCES / "demo" / logo).read_bytes()
    return values


def create_demo_workspace(
    where: str | Path, progress: Callable[[int, str], None] | None = None
) -> Workspace:
    """Create a new workspace filled with the demo records (one change, one transaction)."""
    data = load_json("demo/workspace.json")
    if progress:
        progress(10, _("Creating the workspace"))
    workspace = Workspace.create(where)
    try:
        if progress:
            progress(50, _("Adding the demo records"))
        with workspace.writing() as session:
            writer = ChangeWriter(session, DEMO_ACTOR, _("Demo workspace created"))
            for organisation in data["organisations"]:
                writer.create("organisation", _organisation_values(organisation))
            for person in data["team"]:
                writer.create("person", person)
    except BaseException:
        workspace.close()
        raise
    if progress:
        progress(100, _("Done"))
    return workspace
