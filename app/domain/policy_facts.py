"""The facts a privacy policy states, read from the register: one plain, JSON-ready dict per
section, and the triggers the Art. 13/14 checklist needs.

Each section is later written from its own facts only (policy_wording.py), so the hash of a
section's facts says exactly when its text may have to change, and a rewording can be kept
for as long as that hash holds. Values stay in the register's words; codes (bases, sources,
mechanisms) stay codes here and are put into words when the text is written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from app.domain.activity import ActivityStatus
from app.domain.adequacy import adequacy_decision, needs_chapter_v
from app.domain.countries import country_name, in_eea, is_country_code
from app.domain.legal_bases import Art9Condition, LegalBasis
from app.domain.organisation import DpoKind
from app.domain.register_items import DataSource, ProvisionRequirement

Facts = dict[str, Any]
Values = Mapping[str, Any]
# (catalogue, stored text) -> the label to show: entries picked from a catalogue may be stored
# as its key ("customers"), typed ones as text.
LabelOf = Callable[[str, str], str]

# The register has no "direct marketing" flag; these words in a purpose mark it, in the
# languages the app is written for. A miss only means the right to object to marketing is not
# singled out; the consultant sees it in the checklist.
MARKETING_WORDS = (
    "marketing",
    "newsletter",
    "advertis",
    "promotion",
    "prospect",
    "publicité",
    "prospection",
    "werbung",
    "direktwerbung",
)


def _plain_label(_catalogue: str, text: str) -> str:
    return text


def covered_activities(activities: Sequence[Values], organisation_id: int) -> list[Values]:
    """The activities the organisation's policy speaks of: those it controls, but not retired
    ones. Drafts are included: their notice must be ready when collection starts."""
    return [
        activity
        for activity in activities
        if activity.get("controller_id") == organisation_id
        and activity.get("status") != ActivityStatus.RETIRED.value
    ]


def policy_facts(
    organisation: Values,
    activities: Sequence[Values],
    *,
    vendors: Mapping[int, Values] | None = None,
    authorities: Sequence[Mapping[str, str]] = (),
    label_of: LabelOf = _plain_label,
) -> dict[str, Facts]:
    """The facts of every section (keys as in policy_wording.SECTION_ORDER) plus "scope", the
    triggers of the checklist. `activities` are the covered ones (see covered_activities)."""
    vendors = vendors or {}
    contact = _contact(organisation)
    purposes = [(a, p) for a in activities for p in a.get("purposes") or []]
    bases = {str(p.get("basis")) for _a, p in purposes}
    sources = {str(c.get("source")) for a in activities for c in a.get("data_categories") or []}
    facts: dict[str, Facts] = {
        "about": {
            "name": organisation.get("trading_name") or organisation.get("legal_name"),
            "people": _unique(
                label_of("data_subject_categories", s)
                for a in activities
                for s in a.get("data_subjects") or []
            ),
        },
        "summary": {"rows": _summary_rows(activities, label_of)},
        "controller": _controller(organisation),
        "purposes": {"activities": [_purposes(a) for a in activities if a.get("purposes")]},
        "data": {
            "activities": [_data(a, label_of) for a in activities if a.get("data_categories")]
        },
        "obligation": _obligation(activities, label_of),
        "recipients": {"groups": _recipients(activities, vendors)},
        "transfers": {"transfers": _transfers(activities, vendors), "contact": contact},
        "retention": {
            "activities": [_retention(a, label_of) for a in activities if a.get("data_categories")]
        },
        "automated": {
            "activities": [
                {
                    "name": a.get("name"),
                    "logic": a.get("automated_logic") or "",
                    "significance": a.get("automated_significance") or "",
                }
                for a in activities
                if a.get("automated_decisions")
            ]
        },
        "joint": {
            "activities": [
                {
                    "name": a.get("name"),
                    "partners": a.get("joint_controllers") or "",
                    "arrangement": a.get("joint_arrangement") or "",
                }
                for a in activities
                if a.get("joint_controllers")
            ]
        },
        "rights": {"contact": contact},
        "objection": {
            "purposes": _unique(
                str(p.get("purpose"))
                for _a, p in purposes
                if p.get("basis") in (LegalBasis.PUBLIC_TASK, LegalBasis.LEGITIMATE_INTERESTS)
            ),
            "marketing": _unique(str(p.get("purpose")) for _a, p in purposes if _marketing(p)),
            "contact": contact,
        },
        "consent": {
            "purposes": _unique(
                str(p.get("purpose"))
                for _a, p in purposes
                if p.get("basis") == LegalBasis.CONSENT
                or p.get("art9_condition") == Art9Condition.EXPLICIT_CONSENT
            ),
            "contact": contact,
        },
        "complaint": _complaint(organisation, authorities),
        "changes": {},
    }
    facts["scope"] = {
        "art13": DataSource.DATA_SUBJECT.value in sources,
        "art14": bool(sources - {DataSource.DATA_SUBJECT.value}),
        "bases": sorted(bases),
        "has_contact": bool(contact),
        "controller_in_eea": in_eea(organisation.get("country")),
        "activity_count": len(activities),
    }
    return facts


# --- who -----------------------------------------------------------------------------------


def _contact(organisation: Values) -> str:
    """Where people write about their data: the DPO when there is one, else the organisation
    (e-mail first: it is the way most people use)."""
    for name in ("dpo_email", "email", "address"):
        value = organisation.get(name)
        if value:
            return str(value).replace("\n", ", ")
    return ""


def _controller(organisation: Values) -> Facts:
    designated = organisation.get("dpo_kind") in (DpoKind.INTERNAL, DpoKind.EXTERNAL)
    dpo = {name: organisation.get(f"dpo_{name}") or "" for name in ("name", "email", "phone")}
    representative = {
        name: organisation.get(f"representative_{name}") or ""
        for name in ("name", "address", "email", "phone")
    }
    return {
        "legal_name": organisation.get("legal_name") or "",
        "trading_name": organisation.get("trading_name") or "",
        "address": organisation.get("address") or "",
        "country": country_name(organisation.get("country")),
        "registration_number": organisation.get("registration_number") or "",
        "email": organisation.get("email") or "",
        "phone": organisation.get("phone") or "",
        # A DPO contact recorded without the kind still designates one: say what is recorded.
        "dpo": dpo if designated or any(dpo.values()) else None,
        "representative": representative if any(representative.values()) else None,
        # Art. 27 binds controllers established outside the EEA.
        "needs_representative": bool(organisation.get("country"))
        and not in_eea(organisation.get("country")),
    }


def _complaint(organisation: Values, authorities: Sequence[Mapping[str, str]]) -> Facts:
    """The lead authority as recorded, with its website from the knowledge base when the name
    matches one; without a recorded one, the authority of the organisation's country."""
    recorded = str(organisation.get("lead_authority") or "").strip()
    by_name = {a["name"].casefold(): a for a in authorities}
    by_country = {a["country"]: a for a in authorities}
    known = by_name.get(recorded.casefold()) if recorded else None
    if not recorded:
        known = by_country.get(str(organisation.get("country") or "").upper())
    website = (known or {}).get("website", "")
    return {
        "authority": recorded or (known or {}).get("name", ""),
        # Written without its scheme: the web page must hold no URL that a browser would load.
        "website": website.removeprefix("https://").removeprefix("http://").rstrip("/"),
        "recorded": bool(recorded),
    }


# --- why, what, how long --------------------------------------------------------------------


def _unique(values: Any) -> list[str]:
    return list(dict.fromkeys(str(v) for v in values if v))


def _marketing(purpose: Values) -> bool:
    # The purpose's own words only: an activity named "Newsletter" also keeps the proof of
    # consent, which is no marketing.
    text = str(purpose.get("purpose") or "").casefold()
    return any(word in text for word in MARKETING_WORDS)


def _categories_for(activity: Values, key: str | None) -> list[Values]:
    """The data categories serving a purpose; one linked to no purpose serves them all."""
    return [
        c
        for c in activity.get("data_categories") or []
        if not c.get("purpose_keys") or key in (c.get("purpose_keys") or [])
    ]


def _summary_rows(activities: Sequence[Values], label_of: LabelOf) -> list[Facts]:
    rows = []
    for activity in activities:
        for purpose in activity.get("purposes") or []:
            categories = _categories_for(activity, purpose.get("key"))
            rows.append(
                {
                    "why": purpose.get("purpose") or "",
                    "what": _unique(
                        label_of("data_categories", str(c.get("category"))) for c in categories
                    ),
                    "how_long": _unique(c.get("retention_period") for c in categories),
                    "missing_retention": any(not c.get("retention_period") for c in categories),
                }
            )
    return rows


def _purposes(activity: Values) -> Facts:
    return {
        "name": activity.get("name"),
        "purposes": [
            {
                "purpose": p.get("purpose") or "",
                "basis": p.get("basis") or "",
                "law": p.get("basis_reference") or "",
                "interest": p.get("legitimate_interest") or "",
                "art9": p.get("art9_condition") or "",
                "art10": p.get("art10_basis") or "",
            }
            for p in activity.get("purposes") or []
        ],
    }


def _data(activity: Values, label_of: LabelOf) -> Facts:
    return {
        "name": activity.get("name"),
        "people": _unique(
            label_of("data_subject_categories", s) for s in activity.get("data_subjects") or []
        ),
        "categories": [
            {
                "category": label_of("data_categories", str(c.get("category"))),
                "kind": c.get("kind") or "regular",
                "source": c.get("source") or DataSource.DATA_SUBJECT.value,
                "source_detail": c.get("source_detail") or "",
            }
            for c in activity.get("data_categories") or []
        ],
    }


def _obligation(activities: Sequence[Values], label_of: LabelOf) -> Facts:
    """Art. 13(2)(e) concerns data the person gives; data from elsewhere has no such question."""
    given = [
        (a, c)
        for a in activities
        for c in a.get("data_categories") or []
        if (c.get("source") or DataSource.DATA_SUBJECT.value) == DataSource.DATA_SUBJECT.value
    ]
    required = [
        {
            "activity": a.get("name"),
            "category": label_of("data_categories", str(c.get("category"))),
            "requirement": c.get("requirement"),
            "consequence": c.get("consequence") or "",
        }
        for a, c in given
        if c.get("requirement") not in (None, "", ProvisionRequirement.NONE)
    ]
    return {"required": required, "any_optional": len(required) < len(given), "any": bool(given)}


def _retention(activity: Values, label_of: LabelOf) -> Facts:
    names = {p.get("key"): p.get("purpose") for p in activity.get("purposes") or []}
    return {
        "name": activity.get("name"),
        "categories": [
            {
                "category": label_of("data_categories", str(c.get("category"))),
                "period": c.get("retention_period") or "",
                "trigger": c.get("retention_trigger") or "",
                "end_action": c.get("end_action") or "delete",
                "purposes": [names[k] for k in c.get("purpose_keys") or [] if names.get(k)],
            }
            for c in activity.get("data_categories") or []
        ],
    }


# --- who receives it, where it goes ---------------------------------------------------------


def _recipients(activities: Sequence[Values], vendors: Mapping[int, Values]) -> list[Facts]:
    """Recipients grouped by type, each once with the activities it serves."""
    groups: dict[str, dict[str, Facts]] = {}
    for activity in activities:
        for entry in activity.get("recipients") or []:
            name = str(entry.get("name") or "")
            vendor = vendors.get(entry.get("vendor_id") or 0) or {}
            recipient = groups.setdefault(str(entry.get("type")), {}).setdefault(
                name, {"name": name, "service": vendor.get("service") or "", "activities": []}
            )
            if activity.get("name") not in recipient["activities"]:
                recipient["activities"].append(activity.get("name"))
    return [{"type": kind, "recipients": list(named.values())} for kind, named in groups.items()]


def _transfers(activities: Sequence[Values], vendors: Mapping[int, Values]) -> list[Facts]:
    """Transfers outside the EEA (a destination inside it is no transfer), each destination and
    importer once."""
    found: dict[tuple[str, str, str], Facts] = {}
    for activity in activities:
        for entry in activity.get("transfers") or []:
            destination = str(entry.get("destination") or "")
            if not destination or not needs_chapter_v(destination):
                continue
            vendor = vendors.get(entry.get("vendor_id") or 0) or {}
            importer = str(entry.get("importer") or vendor.get("name") or "")
            mechanism = str(entry.get("mechanism") or "")
            decision = adequacy_decision(destination)
            is_country = len(destination) == 2 and is_country_code(destination)
            transfer = found.setdefault(
                (destination, importer, mechanism),
                {
                    "destination": country_name(destination) if is_country else destination,
                    "importer": importer,
                    "mechanism": mechanism,
                    "scc_module": entry.get("scc_module") or "",
                    "derogation": entry.get("derogation") or "",
                    "adequacy": bool(decision),
                    "adequacy_partial": bool(decision and decision.get("partial")),
                    "activities": [],
                },
            )
            if activity.get("name") not in transfer["activities"]:
                transfer["activities"].append(activity.get("name"))
    return list(found.values())
