"""The demo workspace: a fictional EU online shop, its logistics company, a DPO and a team,
with their register of processing (activities, vendors, a processor record), their requests
log and their breach register.

The data lives in resources/demo/ so later features add their records there, not in code.
register.json names the records it points at (a vendor, an owner, a controller) instead of
giving ids, which only exist once the records are created; they are resolved here.
requests_breaches.json gives its dates relative to the day the demo is created
({"days_ago": 40}, with "time" for a moment in the breach's time zone), so the demo shows the
same picture whatever the day: one request overdue, one due soon, one paused, and so on.
plans.json holds the collection plans as answers files; each plan gets its draft register entry,
as the wizard would have made it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from app.domain.collection_plan import PLAN_FIELDS, PlanStatus
from app.domain.fields import clean_values
from app.domain.plan_rules import plan_problems
from app.i18n import _
from app.resources import RESOURCES, load_json
from app.services.changes import ChangeWriter
from app.services.plan_answers import answers_from_document
from app.services.plans import PLAN, PLAN_PREFIX, activity_values
from app.services.register import ACTIVITY, REFERENCE_PREFIX
from app.storage.workspace import Workspace

DEMO_ACTOR = "demo"


def _organisation_values(raw: Mapping[str, Any]) -> dict[str, Any]:
    values = dict(raw)
    logo = values.pop("brand_logo", None)
    if logo:
        values["brand_logo"] = (RESOURCES / "demo" / logo).read_bytes()
    return values


def _resolve(ids: Mapping[str, int], name: str, kind: str) -> int:
    try:
        return ids[name]
    except KeyError:
        # A mistake in the shipped file, not something the user can fix: no translation.
        raise ValueError(
            f"the demo data in resources/demo/ names an unknown {kind}: {name!r}"
        ) from None


def _with_vendor_ids(
    entries: list[Mapping[str, Any]], vendors: Mapping[str, int]
) -> list[dict[str, Any]]:
    """Recipients and transfers name their vendor; the record stores its id."""
    resolved = []
    for entry in entries:
        values = dict(entry)
        vendor = values.pop("vendor", None)
        if vendor is not None:
            values["vendor_id"] = _resolve(vendors, vendor, "vendor")
        resolved.append(values)
    return resolved


def _activity_values(
    raw: Mapping[str, Any],
    people: Mapping[str, int],
    organisations: Mapping[str, int],
    vendors: Mapping[str, int],
) -> dict[str, Any]:
    # A copy: load_json caches the parsed file, which must stay as shipped.
    values = dict(raw)
    owner = values.pop("owner", None)
    values["owner_id"] = _resolve(people, owner, "person") if owner else None
    values["controller_id"] = _resolve(organisations, values.pop("controller"), "organisation")
    values["recipients"] = _with_vendor_ids(values.get("recipients") or [], vendors)
    values["transfers"] = _with_vendor_ids(values.get("transfers") or [], vendors)
    return values


def _processor_activity_values(
    raw: Mapping[str, Any], organisations: Mapping[str, int], vendors: Mapping[str, int]
) -> dict[str, Any]:
    values = dict(raw)
    values["processor_id"] = _resolve(organisations, values.pop("processor"), "organisation")
    values["transfers"] = _with_vendor_ids(values.get("transfers") or [], vendors)
    return values


def plan_values(
    document: Mapping[str, Any], number: int, organisation_id: int, vendors: Mapping[str, int]
) -> dict[str, Any]:
    """A demo plan (an answers document of plans.json) as stored: complete, its recipients and
    transfers linked to the demo vendors they name."""
    answers = answers_from_document(document, "resources/demo/plans.json")
    by_name = {name.casefold(): vendor_id for name, vendor_id in vendors.items()}
    for name, key in (("recipients", "name"), ("transfers", "importer")):
        answers[name] = [
            {**entry, "vendor_id": by_name.get(str(entry.get(key, "")).casefold())}
            for entry in answers.get(name) or []
        ]
    values = clean_values(
        PLAN_FIELDS,
        {
            **answers,
            "reference": f"{PLAN_PREFIX}{number:03d}",
            "organisation_id": organisation_id,
            "status": PlanStatus.COMPLETE.value,
        },
    )
    problems = plan_problems(values)
    if problems:
        raise ValueError(f"resources/demo/plans.json: plan {number} is incomplete: {problems[0]}")
    return values


def _relative(value: Any, today: date, zone: ZoneInfo | None) -> Any:
    """{"days_ago": n} is the date n days before `today`; with "time": "HH:MM", that moment in
    `zone`. Anything else is returned as is."""
    if not isinstance(value, Mapping) or "days_ago" not in value:
        return value
    day = today - timedelta(days=int(value["days_ago"]))
    if "time" not in value:
        return day
    if zone is None:
        raise ValueError("resources/demo/requests_breaches.json: a time needs a time_zone")
    return datetime.combine(day, time.fromisoformat(value["time"]), tzinfo=zone)


def request_values(
    raw: Mapping[str, Any], organisations: Mapping[str, int], today: date
) -> dict[str, Any]:
    """A demo request as stored when the demo is created on `today`."""
    values = {name: _relative(value, today, None) for name, value in raw.items()}
    values["organisation_id"] = _resolve(organisations, values.pop("organisation"), "organisation")
    return values


def breach_values(
    raw: Mapping[str, Any], organisations: Mapping[str, int], today: date
) -> dict[str, Any]:
    """A demo breach as stored when the demo is created on `today`; its times are local to
    its time zone."""
    zone = ZoneInfo(str(raw["time_zone"]))
    values = {name: _relative(value, today, zone) for name, value in raw.items()}
    values["organisation_id"] = _resolve(organisations, values.pop("organisation"), "organisation")
    return values


def create_demo_workspace(
    where: str | Path,
    progress: Callable[[int, str], None] | None = None,
    *,
    today: date | None = None,
) -> Workspace:
    """Create a new workspace filled with the demo records (one change, one transaction).

    The requests and breaches are dated relative to `today` (the real day by default)."""
    data = load_json("demo/workspace.json")
    register = load_json("demo/register.json")
    log = load_json("demo/requests_breaches.json")
    today = today or date.today()
    if progress:
        progress(10, _("Creating the workspace"))
    workspace = Workspace.create(where)
    try:
        if progress:
            progress(50, _("Adding the demo records"))
        # One change: the history shows the demo as a single step, and a failure leaves an
        # empty workspace rather than half a register.
        with workspace.writing() as session:
            writer = ChangeWriter(session, DEMO_ACTOR, _("Demo workspace created"))
            organisations = {
                str(organisation["legal_name"]): writer.create(
                    "organisation", _organisation_values(organisation)
                ).id
                for organisation in data["organisations"]
            }
            people = {
                str(person["name"]): writer.create("person", person).id for person in data["team"]
            }
            # Vendors first: activities point at them.
            vendors = {
                str(vendor["name"]): writer.create("vendor", vendor).id
                for vendor in register["vendors"]
            }
            activities = register["activities"]
            for activity in activities:
                writer.create(
                    "processing_activity",
                    _activity_values(activity, people, organisations, vendors),
                )
            for record in register["processor_activities"]:
                writer.create(
                    "processor_activity", _processor_activity_values(record, organisations, vendors)
                )
            # Each plan's draft entry follows the register's own activities, as it would when
            # a plan is made in a workspace that already has a register.
            last = max(int(a["reference"].removeprefix(REFERENCE_PREFIX)) for a in activities)
            shop = organisations[str(data["organisations"][0]["legal_name"])]
            for number, document in enumerate(load_json("demo/plans.json")["plans"], start=1):
                plan = plan_values(document, number, shop, vendors)
                entry = writer.create(
                    ACTIVITY,
                    {
                        **activity_values(plan),
                        "reference": f"{REFERENCE_PREFIX}{last + number:03d}",
                        "status": "draft",
                    },
                )
                writer.create(PLAN, {**plan, "activity_id": entry.id})
            for request in log["requests"]:
                writer.create("rights_request", request_values(request, organisations, today))
            for breach in log["breaches"]:
                writer.create("breach", breach_values(breach, organisations, today))
        # After the main change: the risk analysis reads the register that change wrote.
        from app.services.demo_risk import add_risk_analysis

        add_risk_analysis(workspace, today)
    except BaseException:
        workspace.close()
        raise
    if progress:
        progress(100, _("Done"))
    return workspace
