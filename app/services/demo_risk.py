"""The demo workspace's risk analysis: DPIA screenings of a few activities (one with a recorded
reason for not carrying out a DPIA), an approved DPIA of the loyalty programme's profiling, a
DPIA in progress on fraud and account-takeover detection, a legitimate-interests assessment and
a transfer impact assessment.

The records live in resources/demo/risk_analysis.json, which names activities by reference and
gives dates relative to the day the demo is created. Everything is added in one change; the
approval is then recorded through decide_dpia, as a user would, so the demo holds a frozen
version with its content hash.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from sqlmodel import select

from app.domain import ProcessingActivity
from app.i18n import _
from app.resources import load_json
from app.services.changes import ChangeWriter
from app.services.dpia import DPIA, decide_dpia
from app.storage.workspace import Workspace

DEMO_ACTOR = "demo"
RESOURCE = "demo/risk_analysis.json"


def _dated(value: Any, today: date) -> Any:
    """{"days_ago": n} anywhere in a value becomes the date n days before `today`."""
    if isinstance(value, Mapping):
        if set(value) == {"days_ago"}:
            return today - timedelta(days=int(value["days_ago"]))
        return {key: _dated(item, today) for key, item in value.items()}
    if isinstance(value, list):
        return [_dated(item, today) for item in value]
    return value


def _activity_id(activities: Mapping[str, int], reference: str) -> int:
    try:
        return activities[reference]
    except KeyError:
        # A mistake in the shipped file, not something the user can fix: no translation.
        raise ValueError(f"{RESOURCE} names an unknown activity: {reference!r}") from None


def add_risk_analysis(workspace: Workspace, today: date, *, actor: str = DEMO_ACTOR) -> None:
    """Add the demo's risk analysis to a workspace that holds the demo register."""
    data = _dated(load_json(RESOURCE), today)
    with workspace.session() as session:
        activities = {
            reference: activity_id
            for reference, activity_id in session.exec(
                select(ProcessingActivity.reference, ProcessingActivity.id)
            )
            if activity_id is not None
        }
    organisation_ids: dict[int, int] = {}
    with workspace.session() as session:
        for activity in session.exec(select(ProcessingActivity)):
            if activity.id is not None:
                organisation_ids[activity.id] = activity.controller_id

    dpia_ids: dict[str, int] = {}
    with workspace.writing() as session:
        writer = ChangeWriter(session, actor, _("Demo risk analysis added"))
        for number, (name, entry) in enumerate(data["dpias"].items(), start=1):
            ids = [_activity_id(activities, ref) for ref in entry["activities"]]
            values = {
                **entry["values"],
                "reference": f"DPIA-{number:03d}",
                "organisation_id": organisation_ids[ids[0]],
                "activity_ids": ids,
            }
            dpia_ids[name] = writer.create(DPIA, values).id
        for screening in data["screenings"]:
            values = {k: v for k, v in screening.items() if k not in ("activity", "dpia")}
            values["activity_id"] = _activity_id(activities, screening["activity"])
            if screening.get("dpia"):
                values["dpia_id"] = dpia_ids[screening["dpia"]]
            writer.create("activity_screening", values)
        for kind, entries in (("lia", data["lias"]), ("tia", data["tias"])):
            for entry in entries:
                values = {k: v for k, v in entry.items() if k != "activity"}
                values["activity_id"] = _activity_id(activities, entry["activity"])
                writer.create(kind, values)

    for name, entry in data["dpias"].items():
        decision = entry.get("decision")
        if decision:
            decide_dpia(
                workspace,
                dpia_ids[name],
                decision["status"],
                None,
                decided_by=decision["decided_by"],
                decided_on=decision["decided_on"],
                actor=actor,
            )
