"""The workspace-wide compliance checks, one small function per rule family.

Each check gets the workspace's facts (loaded once, a few queries) and returns what it examined
and what failed: `Outcome(examined={rule: count}, failures=[...])`. The engine
(app/services/compliance.py) turns failures into findings, applies the user's mutes and
computes the score. Rules are declared with their article and fix in app/domain/compliance.py.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from app.domain.activity import ActivityStatus
from app.domain.activity_checks import activity_findings
from app.domain.assessments import ScreeningDecision
from app.domain.countries import country_name
from app.domain.dpia import DpiaStatus
from app.domain.dpia_questions import FEARED_EVENT_LABELS
from app.domain.legal_bases import LegalBasis
from app.domain.organisation import DpoKind
from app.domain.register_items import DataKind, TransferMechanism
from app.domain.risk_matrix import RiskLevel, matrix
from app.domain.screening import Wp248Criterion
from app.domain.vendor_contract import ContractStatus, contract_status
from app.i18n import _

BREACH_DEADLINE = timedelta(hours=72)


@dataclass(frozen=True, slots=True)
class Failure:
    rule_id: str
    record_type: str
    record_id: int
    record_label: str
    message: str  # translated, names the entry concerned
    detail: str = ""  # which entry of the record: part of the key a mute is matched on


@dataclass
class Outcome:
    examined: Counter[str] = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)


@dataclass(frozen=True)
class Facts:
    """Plain rows of everything the checks read, loaded by the engine."""

    today: date
    now: datetime
    organisations: list[dict[str, Any]]
    activities: list[dict[str, Any]]  # retired activities left out
    vendors: list[dict[str, Any]]
    screenings: list[dict[str, Any]]
    dpias: list[dict[str, Any]]
    lias: set[tuple[int, str]]  # (activity id, purpose key)
    tias: set[tuple[int, str]]  # (activity id, destination upper-cased)
    requests: list[Any]  # RequestRow
    breaches: list[dict[str, Any]]
    policies: list[dict[str, Any]]  # per organisation: missing items, stale (see engine)


def _label(activity: dict[str, Any]) -> str:
    return f"{activity['reference']} {activity['name']}"


def check_activities(facts: Facts) -> Outcome:
    """The activity editor's own checks, over every activity in use."""
    from app.domain.compliance import RULES

    outcome = Outcome()
    codes = [rule.id for rule in RULES.values() if rule.area == "register"]
    for activity in facts.activities:
        for code in codes:
            outcome.examined[code] += 1
        for finding in activity_findings(activity, facts.today):
            outcome.failures.append(
                Failure(
                    finding.code,
                    "processing_activity",
                    activity["id"],
                    _label(activity),
                    finding.message,
                    # The entry in the user's own words (not the translated message), so an
                    # accepted finding stays accepted in any language.
                    finding.subject[:300],
                )
            )
    return outcome


def check_assessments(facts: Facts) -> Outcome:
    outcome = Outcome()
    for activity in facts.activities:
        # Examined once per activity, as the score counts a record failing a rule once.
        interests = [
            p
            for p in activity.get("purposes") or []
            if p.get("basis") == LegalBasis.LEGITIMATE_INTERESTS
        ]
        safeguarded = [
            t
            for t in activity.get("transfers") or []
            if t.get("mechanism") in (TransferMechanism.SCC, TransferMechanism.BCR)
        ]
        outcome.examined["lia_missing"] += bool(interests)
        outcome.examined["tia_missing"] += bool(safeguarded)
        for purpose in interests:
            if (activity["id"], purpose.get("key")) not in facts.lias:
                outcome.failures.append(
                    Failure(
                        "lia_missing",
                        "processing_activity",
                        activity["id"],
                        _label(activity),
                        _(
                            "“{purpose}” relies on legitimate interests without an assessment."
                        ).format(purpose=purpose.get("purpose", "")),
                        str(purpose.get("key", "")),
                    )
                )
        for transfer in safeguarded:
            destination = str(transfer.get("destination", ""))
            if (activity["id"], destination.upper()) not in facts.tias:
                where = country_name(destination) if len(destination) == 2 else destination
                outcome.failures.append(
                    Failure(
                        "tia_missing",
                        "processing_activity",
                        activity["id"],
                        _label(activity),
                        _(
                            "The transfer to {destination} has no transfer impact assessment."
                        ).format(destination=where),
                        destination,
                    )
                )
    by_activity = {a["id"]: a for a in facts.activities}
    for screening in facts.screenings:
        screened = by_activity.get(screening["activity_id"])
        if screened is None:
            continue
        outcome.examined["dpia_screening"] += 1
        justified = (
            screening["decision"] == ScreeningDecision.NOT_NEEDED
            and (screening.get("justification") or "").strip()
        )
        mandatory = bool(screening.get("art35_3"))  # Art. 35(3): no justification lifts it
        if (
            (len(screening.get("criteria") or []) >= 2 or mandatory)
            and not screening.get("dpia_id")
            and (mandatory or not justified)
        ):
            outcome.failures.append(
                Failure(
                    "dpia_screening",
                    "processing_activity",
                    screened["id"],
                    _label(screened),
                    _("An Art. 35(3) case applies and there is no DPIA.")
                    if mandatory
                    else _(
                        "{count} risk criteria apply, with neither a DPIA nor a recorded reason."
                    ).format(count=len(screening["criteria"])),
                )
            )
    for dpia in facts.dpias:
        outcome.examined["dpia_prior_consultation"] += 1
        if dpia["status"] in (DpiaStatus.PRIOR_CONSULTATION, DpiaStatus.REFUSED):
            continue
        grid = matrix(dpia.get("matrix"))
        high = [
            risk.get("title") or _(FEARED_EVENT_LABELS.get(risk.get("event"), ""))
            for risk in dpia.get("risks") or []
            if grid.level(
                int(risk.get("residual_severity") or 0), int(risk.get("residual_likelihood") or 0)
            )
            is RiskLevel.HIGH
        ]
        if high:
            outcome.failures.append(
                Failure(
                    "dpia_prior_consultation",
                    "dpia",
                    dpia["id"],
                    f"{dpia['reference']} {dpia['title']}",
                    _(
                        "A high residual risk remains ({risks}) and the authority was not "
                        "consulted."
                    ).format(risks=", ".join(high)),
                )
            )
    return outcome


def check_vendors(facts: Facts) -> Outcome:
    outcome = Outcome()
    for vendor in facts.vendors:
        status = contract_status(
            vendor["role"], vendor.get("dpa_signed_on"), vendor.get("dpa_review_on"), facts.today
        )
        if status is ContractStatus.NOT_NEEDED:
            continue
        outcome.examined["contract_missing"] += 1
        outcome.examined["contract_expired"] += 1
        rule = {
            ContractStatus.MISSING: "contract_missing",
            ContractStatus.EXPIRED: "contract_expired",
        }.get(status)
        if rule:
            message = (
                _("{name} processes data without a signed processor contract.")
                if rule == "contract_missing"
                else _("The contract with {name} expired or was due for review.")
            )
            outcome.failures.append(
                Failure(
                    rule,
                    "vendor",
                    vendor["id"],
                    vendor["name"],
                    message.format(name=vendor["name"]),
                )
            )
    return outcome


def check_policies(facts: Facts) -> Outcome:
    outcome = Outcome()
    for policy in facts.policies:
        outcome.examined["policy_missing_item"] += 1
        outcome.examined["policy_outdated"] += 1
        for item_id, item in policy.get("missing") or []:
            outcome.failures.append(
                Failure(
                    "policy_missing_item",
                    "organisation",
                    policy["organisation_id"],
                    policy["organisation"],
                    _("The privacy policy lacks: {item}.").format(item=item),
                    item_id,
                )
            )
        if policy.get("stale"):
            outcome.failures.append(
                Failure(
                    "policy_outdated",
                    "organisation",
                    policy["organisation_id"],
                    policy["organisation"],
                    policy["stale"],
                )
            )
    return outcome


def check_requests(facts: Facts) -> Outcome:
    outcome = Outcome()
    for row in facts.requests:
        outcome.examined["request_overdue"] += 1
        if row.extended:
            outcome.examined["extension_late"] += 1
        if row.overdue:
            outcome.failures.append(
                Failure(
                    "request_overdue",
                    "rights_request",
                    row.id,
                    row.reference,
                    _("Due {date}, {days} days ago.").format(
                        date=row.deadline.due.isoformat(), days=-row.days_left
                    ),
                )
            )
        if row.extension_late:
            outcome.failures.append(
                Failure(
                    "extension_late",
                    "rights_request",
                    row.id,
                    row.reference,
                    _("The requester was not told of the extension within the first month."),
                )
            )
    return outcome


def check_breaches(facts: Facts) -> Outcome:
    outcome = Outcome()
    for breach in facts.breaches:
        outcome.examined["breach_unnotified"] += 1
        deadline = breach["aware_at"] + BREACH_DEADLINE
        if facts.now < deadline or breach.get("authority_notified_at") is not None:
            late_without_reason = (
                breach.get("authority_notified_at") is not None
                and breach["authority_notified_at"] > deadline
                and not (breach.get("delay_reasons") or "").strip()
            )
            if not late_without_reason:
                continue
            message = _("Notified after 72 hours without the reasons for the delay.")
        elif breach.get("risk_level") == "none" and (breach.get("risk_reasoning") or "").strip():
            continue
        else:
            message = _("Past 72 hours: not notified, and no reason recorded for not notifying.")
        outcome.failures.append(
            Failure(
                "breach_unnotified",
                "breach",
                breach["id"],
                f"{breach['reference']} {breach['title']}",
                message,
            )
        )
    return outcome


def check_organisations(facts: Facts) -> Outcome:
    outcome = Outcome()
    screened = {s["activity_id"]: set(s.get("criteria") or []) for s in facts.screenings}
    for organisation in facts.organisations:
        mine = [a for a in facts.activities if a["controller_id"] == organisation["id"]]
        special = any(
            c.get("kind") in (DataKind.SPECIAL, DataKind.CRIMINAL)
            for a in mine
            for c in a.get("data_categories") or []
        )
        large_scale_core = any(
            Wp248Criterion.LARGE_SCALE in screened.get(a["id"], set())
            and (
                Wp248Criterion.MONITORING in screened.get(a["id"], set())
                or any(
                    c.get("kind") in (DataKind.SPECIAL, DataKind.CRIMINAL)
                    for c in a.get("data_categories") or []
                )
            )
            for a in mine
        )
        outcome.examined["dpo_required"] += 1
        if organisation.get("dpo_kind") in (None, "", DpoKind.NONE) and (
            organisation.get("public_body") or large_scale_core
        ):
            why = (
                _("it is a public authority or body")
                if organisation.get("public_body")
                else _(
                    "its core activities monitor people or process special data on a large scale"
                )
            )
            outcome.failures.append(
                Failure(
                    "dpo_required",
                    "organisation",
                    organisation["id"],
                    organisation["legal_name"],
                    _("No DPO is designated although {why}.").format(why=why),
                )
            )
        if organisation.get("records_exemption"):
            outcome.examined["records_exemption"] += 1
            reasons = []
            if (organisation.get("employees") or 0) >= 250:
                reasons.append(_("it has 250 employees or more"))
            if special:
                reasons.append(_("it processes special-category or criminal-offence data"))
            if any(a["status"] == ActivityStatus.ACTIVE for a in mine):
                reasons.append(_("its register has ongoing, not occasional, processing"))
            if reasons:
                outcome.failures.append(
                    Failure(
                        "records_exemption",
                        "organisation",
                        organisation["id"],
                        organisation["legal_name"],
                        _("The Art. 30(5) exemption does not apply: {reasons}.").format(
                            reasons="; ".join(reasons)
                        ),
                    )
                )
    return outcome


CHECKS: tuple[Callable[[Facts], Outcome], ...] = (
    check_activities,
    check_assessments,
    check_vendors,
    check_policies,
    check_requests,
    check_breaches,
    check_organisations,
)
