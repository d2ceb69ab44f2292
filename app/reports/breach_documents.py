"""The two documents a personal data breach may call for: the notification to the supervisory
authority (Art. 33) and the communication to the people affected (Art. 34).

The notification sets out the four items of Art. 33(3), (a) the nature of the breach with the
approximate numbers of people and records, (b) the DPO or contact point, (c) the likely
consequences and (d) the measures taken or proposed, with the timing (in the breach's own time
zone), the 72-hour deadline, the reasons for a late notification, the risk assessment and
whether the people affected are told. An item not known yet is marked as to be provided in a
later phase, as Art. 33(4) allows, and listed at the top so that nothing is forgotten.

The letter to the people affected says the same in plain language (Art. 34(2)), with what
they can do to protect themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.domain.breach import ART34_LABELS, BREACH_TYPE_LABELS, BreachType, RiskLevel
from app.domain.deadlines import breach_clock
from app.i18n import N_, _
from app.reports.pipeline import Asset, Progress
from app.reports.request_letters import (
    catalogue_labels,
    check_suffix,
    letterhead,
    plain,
    write_letter,
)
from app.services.breaches import breach_risk, get_breach
from app.services.changes import RecordData
from app.services.organisations import get_organisation
from app.storage.workspace import Workspace

NOTIFICATION_TEMPLATE = "breach_notification.html.j2"
PEOPLE_LETTER_TEMPLATE = "breach_people_letter.html.j2"

# The risk in the words of Arts. 33(1) and 34(1), for the authority and the people.
_RISK_WORDS = {
    RiskLevel.NONE: N_("Unlikely to result in a risk to people's rights and freedoms"),
    RiskLevel.RISK: N_("Likely to result in a risk to people's rights and freedoms"),
    RiskLevel.HIGH: N_("Likely to result in a high risk to people's rights and freedoms"),
}


# --- the public API ---------------------------------------------------------------------------


def build_breach_notification_context(
    workspace: Workspace, breach_id: int, *, generated_at: datetime | None = None
) -> dict[str, Any]:
    """Everything the notification to the authority shows, as plain values."""
    context, _assets = _notification(workspace, breach_id, generated_at)
    return context


def export_breach_notification(
    workspace: Workspace, breach_id: int, output: Path, *, progress: Progress | None = None
) -> Path:
    """Write the Art. 33 notification of a breach to the PDF `output` and return its path."""
    output = Path(output)
    check_suffix(output, (".pdf",))
    if progress:
        progress(0, _("Reading the breach…"))
    context, assets = _notification(workspace, breach_id, None)
    return write_letter(NOTIFICATION_TEMPLATE, context, assets, output, progress=progress)


def build_breach_people_letter_context(
    workspace: Workspace, breach_id: int, *, generated_at: datetime | None = None
) -> dict[str, Any]:
    """Everything the letter to the people affected shows, as plain values."""
    context, _assets = _people_letter(workspace, breach_id, generated_at)
    return context


def export_breach_people_letter(
    workspace: Workspace, breach_id: int, output: Path, *, progress: Progress | None = None
) -> Path:
    """Write the Art. 34 letter to the people affected by a breach to `output`, a PDF or a
    DOCX by its suffix, and return its path."""
    output = Path(output)
    check_suffix(output, (".pdf", ".docx"))
    if progress:
        progress(0, _("Reading the breach…"))
    context, assets = _people_letter(workspace, breach_id, None)
    return write_letter(PEOPLE_LETTER_TEMPLATE, context, assets, output, progress=progress)


# --- the facts both documents share -----------------------------------------------------------


def _facts(
    workspace: Workspace, breach_id: int, generated_at: datetime | None
) -> tuple[RecordData, RecordData, dict[str, Any], dict[str, Asset]]:
    generated_at = generated_at or datetime.now().astimezone()
    breach = get_breach(workspace, breach_id)  # RecordNotFound names the breach
    organisation = get_organisation(workspace, breach["organisation_id"])
    context, assets = letterhead(organisation, generated_at)
    zone, zone_known = _zone(breach["time_zone"])
    data_labels = catalogue_labels(workspace, "data_categories")
    people_labels = catalogue_labels(workspace, "data_subject_categories")

    def moment(value: datetime | None) -> dict[str, Any] | None:
        return _moment(value, zone)

    clock = breach_clock(breach["aware_at"])
    types = list(breach["types"] or [])
    context.update(
        {
            "reference": breach["reference"],
            "title": breach["title"],
            "zone": breach["time_zone"] if zone_known else "UTC",
            "zone_unknown": None if zone_known else breach["time_zone"],
            "occurred_from": moment(breach["occurred_from"]),
            "occurred_to": moment(breach["occurred_to"]),
            "detected_at": moment(breach["detected_at"]),
            "aware_at": moment(breach["aware_at"]),
            "deadline": moment(clock.deadline),
            "types": [plain(BREACH_TYPE_LABELS, value) for value in types],
            "confidentiality": BreachType.CONFIDENTIALITY.value in types,
            "integrity": BreachType.INTEGRITY.value in types,
            "availability": BreachType.AVAILABILITY.value in types,
            "data_categories": [data_labels.get(v, v) for v in breach["data_categories"] or []],
            "subject_categories": [
                people_labels.get(v, v) for v in breach["subject_categories"] or []
            ],
            "approx_subjects": _count(breach["approx_subjects"]),
            "approx_records": _count(breach["approx_records"]),
            "special_or_criminal": bool(breach["special_or_criminal"]),
            "encrypted": bool(breach["encrypted"]),
            "authority": breach["authority"] or organisation["lead_authority"] or None,
            "authority_notified_at": moment(breach["authority_notified_at"]),
            "people_told_at": moment(breach["people_told_at"]),
            "letter_date": generated_at.astimezone(zone).date(),
            **{
                name: breach[name] or None
                for name in (
                    "description",
                    "cause",
                    "consequences",
                    "measures_taken",
                    "measures_proposed",
                    "authority_reference",
                    "follow_ups",
                    "delay_reasons",
                    "people_told_how",
                )
            },
        }
    )
    return breach, organisation, context, assets


def _count(value: int | None) -> str | None:
    from babel.numbers import format_decimal

    return None if value is None else format_decimal(value, locale="en_GB")


def _zone(name: str | None) -> tuple[tzinfo, bool]:
    """The breach's time zone; UTC (and False) for a name the time-zone database lacks."""
    try:
        return ZoneInfo(str(name or "UTC")), True
    except (ZoneInfoNotFoundError, ValueError):
        return UTC, False


def _moment(value: datetime | None, zone: tzinfo) -> dict[str, Any] | None:
    """A moment in the breach's zone, in pieces the template words: date, time, UTC offset."""
    if value is None:
        return None
    local = value.astimezone(zone)
    offset = local.strftime("%z")  # +0100
    return {
        "date": local.date(),
        "time": local.strftime("%H:%M"),
        "offset": f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC",
    }


# --- the notification to the authority (Art. 33) ----------------------------------------------


def _notification(
    workspace: Workspace, breach_id: int, generated_at: datetime | None
) -> tuple[dict[str, Any], dict[str, Asset]]:
    breach, _organisation, context, assets = _facts(workspace, breach_id, generated_at)
    now: datetime = context["generated_at"]
    clock = breach_clock(breach["aware_at"])
    notified_at: datetime | None = breach["authority_notified_at"]
    late = (notified_at or now) > clock.deadline
    suggestion = breach_risk(workspace, breach_id)
    level = breach["risk_level"]
    context.update(
        {
            "document_title": _("Notification of a personal data breach (Art. 33 GDPR)"),
            "late": late,
            "risk_level": plain(_RISK_WORDS, level),
            "risk_reasoning": breach["risk_reasoning"] or None,
            "risk_factors": _risk_factors(suggestion.reasons, breach),
            "people": _people_status(breach),
        }
    )
    context["to_provide"] = _pending(context, context["contact"])
    return context, assets


def _risk_factors(reasons: list[str], breach: RecordData) -> list[str]:
    """The facts behind the suggested risk level (breach_risk) without its closing advice,
    which speaks to the app's user ("notify the authority..."), not to the authority. For
    encrypted data that was only disclosed, the one reason given is that fact."""
    only_disclosed = set(breach["types"] or []) <= {BreachType.CONFIDENTIALITY.value}
    if breach["encrypted"] and only_disclosed:
        return reasons
    return reasons[:-1]


def _people_status(breach: RecordData) -> dict[str, Any]:
    """Whether the people affected are told (Art. 34), and if not, why."""
    if breach["people_told_at"]:
        return {"status": "told"}
    if breach["art34_exception"]:
        return {"status": "exception", "exception": plain(ART34_LABELS, breach["art34_exception"])}
    if breach["risk_level"] == RiskLevel.HIGH.value:
        return {"status": "will_tell"}
    if breach["risk_level"] in (RiskLevel.NONE.value, RiskLevel.RISK.value):
        return {"status": "not_required"}
    return {"status": "undecided"}


def _pending(context: Mapping[str, Any], contact: Mapping[str, Any]) -> list[str]:
    """The Art. 33(3) items not known yet, in the order of the notification."""
    items = [
        (context["description"], N_("(a) a description of what happened")),
        (context["types"], N_("(a) the type of breach")),
        (context["subject_categories"], N_("(a) the categories of people concerned")),
        (context["approx_subjects"] is not None, N_("(a) the approximate number of people")),
        (context["data_categories"], N_("(a) the categories of personal data records")),
        (context["approx_records"] is not None, N_("(a) the approximate number of records")),
        (contact["email"] or contact["phone"], N_("(b) the contact point")),
        (context["consequences"], N_("(c) the likely consequences")),
        (
            context["measures_taken"] or context["measures_proposed"],
            N_("(d) the measures taken or proposed"),
        ),
    ]
    return [_(label) for known, label in items if not known]


# --- the letter to the people affected (Art. 34) ----------------------------------------------


def _people_letter(
    workspace: Workspace, breach_id: int, generated_at: datetime | None
) -> tuple[dict[str, Any], dict[str, Asset]]:
    _breach, _organisation, context, assets = _facts(workspace, breach_id, generated_at)
    context["document_title"] = _("Important: an incident affecting your personal data")
    context["recipient"] = []
    return context, assets
