"""A data collection plan as a PDF the business keeps: what it wants to achieve, the data it
will collect (and what it decided not to), why, on which basis, for how long, who sees it, the
risk screening, the Dos and Don'ts that apply, what is left to do, and the register entry the
plan created.

Every value the user typed reaches the template as plain text (autoescaped there); coded values
(channel, basis, kind, ...) are turned into the reader's words here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from app.domain.activity import ACTIVITY_STATUS_LABELS
from app.domain.collection_plan import (
    CHANNEL_LABELS,
    DECISION_LABELS,
    PLAN_STATUS_LABELS,
    PURPOSE_TYPE_LABELS,
    Decision,
    PlanPurpose,
)
from app.domain.countries import country_name, is_country_code
from app.domain.fields import image_mime
from app.domain.legal_bases import LEGAL_BASIS_LABELS, LegalBasis
from app.domain.list_fields import Item
from app.domain.plan_advice import applicable_guidance, open_actions
from app.domain.plan_rules import BASIS_IMPLICATIONS, minimisation_flags, plan_problems
from app.domain.register_items import (
    CHOICE_LABELS,
    DATA_KIND_LABELS,
    END_ACTION_LABELS,
    DataKind,
    Recipient,
    Transfer,
    item_field_enum,
)
from app.domain.screening import SCREENING_OUTCOME_LABELS, WP248_LABELS, screen
from app.errors import RecordNotFound
from app.i18n import _
from app.reports.pipeline import ASSET_SCHEME, Asset, Progress, render_pdf
from app.reports.register_entries import choice_label
from app.services.catalogues import catalogue_items
from app.services.organisations import get_organisation
from app.services.plans import get_plan
from app.services.register import get_activity
from app.storage.workspace import Workspace

TEMPLATE = "collection_plan.html.j2"
LOGO_ASSET = "logo"


def collection_plan_context(
    workspace: Workspace, plan_id: int, *, generated_at: datetime | None = None
) -> dict[str, Any]:
    """Everything the plan document shows, as plain values (also usable for an HTML export).
    RecordNotFound when there is no such plan."""
    context, _assets = _plan_document(workspace, plan_id, generated_at)
    return context


def write_collection_plan_pdf(
    workspace: Workspace, plan_id: int, output: Path, *, progress: Progress | None = None
) -> Path:
    """Write the plan's PDF to `output`, branded with its organisation's logo and colour, and
    return its path."""
    if progress:
        progress(0, _("Reading the plan…"))
    context, assets = _plan_document(workspace, plan_id, None)
    return render_pdf(
        TEMPLATE,
        context,
        output,
        title=_("Data collection plan: {name}").format(name=context["plan"]["name"]),
        author=context["organisation_name"],
        assets=assets,
        progress=progress,
    )


def _plan_document(
    workspace: Workspace, plan_id: int, generated_at: datetime | None
) -> tuple[dict[str, Any], dict[str, Asset]]:
    record = get_plan(workspace, plan_id)
    values = record.values
    organisation = get_organisation(workspace, values["organisation_id"])
    assets: dict[str, Asset] = {}
    logo = organisation["brand_logo"]
    mime = image_mime(logo) if isinstance(logo, bytes) else None
    if logo and mime:
        assets[LOGO_ASSET] = (logo, mime)

    measures = _catalogue(workspace, "security_measures")
    people = _catalogue(workspace, "data_subject_categories")
    purposes = [_purpose(entry) for entry in values["purposes"] or []]
    by_key = {purpose["key"]: purpose for purpose in purposes}
    data = values["data"] or []
    kept = [item for item in data if item.get("decision", Decision.KEEP) == Decision.KEEP]
    screening = screen(values["screening"] or [])
    guidance = applicable_guidance(values)
    complete = values["status"] != "draft"
    context: dict[str, Any] = {
        "organisation_name": organisation["legal_name"],
        "accent_colour": organisation["brand_colour"],
        "logo_url": f"{ASSET_SCHEME}{LOGO_ASSET}" if assets else None,
        # The plan is versioned: each saved edit makes a new version of the document.
        "document_version": str(record.version),
        "generated_at": generated_at or datetime.now().astimezone(),
        "plan": {
            "reference": values["reference"],
            "name": values["name"],
            "status": choice_label(PLAN_STATUS_LABELS, values["status"]),
            "complete": complete,
            "objective": values["objective"],
            "channel": choice_label(CHANNEL_LABELS, values["channel"]),
            "channel_detail": values["channel_detail"],
            "data_subjects": [people.get(text, text) for text in values["data_subjects"] or []],
            "internal_access": list(values["internal_access"] or []),
            "information_method": values["information_method"],
            "rights_channel": values["rights_channel"],
            "security_measures": [measures.get(text, text) for text in values["security_measures"]],
            "security_notes": values["security_notes"],
        },
        "data": [_data_row(item, by_key) for item in kept],
        "minimisation": _minimisation(values, data),
        "purposes": purposes,
        "implications": _implications(purposes),
        "recipients": [_recipient(entry) for entry in values["recipients"] or []],
        "transfers": [_transfer(entry) for entry in values["transfers"] or []],
        "screening": {
            "outcome": _(SCREENING_OUTCOME_LABELS[screening.outcome]),
            "outcome_code": screening.outcome.value,
            "criteria": [_(WP248_LABELS[criterion]) for criterion in screening.criteria],
            "reasons": list(screening.reasons),
            "notes": values["screening_notes"],
        },
        "dos": [_guidance(entry) for entry in guidance if entry.kind == "do"],
        "donts": [_guidance(entry) for entry in guidance if entry.kind != "do"],
        "actions": open_actions(values),
        # A draft may still fail the wizard's checks: the document says what is missing.
        "problems": [] if complete else [str(problem) for problem in plan_problems(values)],
        "activity": _activity(workspace, values["activity_id"]),
    }
    context["toc"] = _table_of_contents(context)
    return context, assets


def _catalogue(workspace: Workspace, name: str) -> dict[str, str]:
    # Values picked from a catalogue may be stored as its key; typed ones as text.
    return {item.key: item.label for item in catalogue_items(workspace, name, include_hidden=True)}


def _label(model: type[Item], name: str, value: Any) -> str | None:
    """A coded value of a list entry in the reader's words, translated."""
    if value in (None, ""):
        return None
    enum = item_field_enum(model, name)
    label = CHOICE_LABELS.get(enum, {}).get(value) if enum else None
    return _(label) if label else str(value)


def _purpose(entry: Mapping[str, Any]) -> dict[str, Any]:
    basis = entry.get("basis")
    details = [
        (_("Law relied on"), entry.get("basis_reference")),
        (_("Interest pursued"), entry.get("legitimate_interest")),
        (_("Art. 9 condition"), _label(PlanPurpose, "art9_condition", entry.get("art9_condition"))),
        (_("Art. 10 authorisation"), entry.get("art10_basis")),
    ]
    return {
        "key": entry.get("key"),
        "purpose": entry.get("purpose", ""),
        "type": choice_label(PURPOSE_TYPE_LABELS, entry.get("purpose_type")),
        "basis_code": basis,
        "basis": choice_label(LEGAL_BASIS_LABELS, basis) if basis else None,
        "details": [{"label": label, "value": value} for label, value in details if value],
    }


def _implications(purposes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What each basis the plan relies on means for the business, once per basis."""
    seen: list[str] = []
    for purpose in purposes:
        code = purpose["basis_code"]
        if code in BASIS_IMPLICATIONS and code not in seen:
            seen.append(code)
    return [
        {
            "basis": _(LEGAL_BASIS_LABELS[LegalBasis(code)]),
            "meaning": _(BASIS_IMPLICATIONS[LegalBasis(code)]),
            "purposes": [p["purpose"] for p in purposes if p["basis_code"] == code],
        }
        for code in seen
    ]


def _data_row(item: Mapping[str, Any], purposes: Mapping[str, dict[str, Any]]) -> dict[str, Any]:
    served = [purposes[key] for key in item.get("purpose_keys") or [] if key in purposes]
    bases = []
    for purpose in served:
        if purpose["basis"] and purpose["basis"] not in bases:
            bases.append(purpose["basis"])
    kind = item.get("kind") or DataKind.REGULAR.value
    return {
        "label": item.get("label", ""),
        "kind": choice_label(DATA_KIND_LABELS, kind) if kind != DataKind.REGULAR else None,
        "mandatory": bool(item.get("mandatory")),
        "purposes": [purpose["purpose"] for purpose in served],
        "bases": bases,
        "retention_period": item.get("retention_period") or None,
        "retention_trigger": item.get("retention_trigger") or None,
        "end_action": choice_label(END_ACTION_LABELS, item.get("end_action") or "delete"),
        "access": item.get("access") or None,
    }


def _minimisation(values: Mapping[str, Any], data: list[Mapping[str, Any]]) -> dict[str, Any]:
    """The decisions the minimisation page recorded: data removed, and data kept although it
    looked unneeded (or with a reason written anyway), each with its justification."""
    flags = {flag.data_key: flag for flag in minimisation_flags(values)}
    removed = [
        {
            "label": item.get("label", ""),
            "decision": _(DECISION_LABELS[Decision.REMOVE]),
            "justification": item.get("justification") or None,
        }
        for item in data
        if item.get("decision") == Decision.REMOVE
    ]
    kept = []
    for item in data:
        if item.get("decision", Decision.KEEP) != Decision.KEEP:
            continue
        flag = flags.get(item.get("key", ""))
        justification = str(item.get("justification") or "").strip()
        if flag is None and not justification:
            continue
        kept.append(
            {
                "label": item.get("label", ""),
                "question": flag.reason if flag is not None else None,
                "justification": item.get("justification") or None,
            }
        )
    return {"removed": removed, "kept": kept}


def _recipient(entry: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "type": _label(Recipient, "type", entry.get("type")),
        "name": entry.get("name", ""),
        "vendor": entry.get("vendor_id") is not None,
    }


def _transfer(entry: Mapping[str, Any]) -> dict[str, Any]:
    destination = str(entry.get("destination", ""))
    is_country = len(destination) == 2 and is_country_code(destination)
    return {
        "destination": country_name(destination) if is_country else destination,
        "importer": entry.get("importer") or None,
        "mechanism": _label(Transfer, "mechanism", entry.get("mechanism")),
        "detail": _label(Transfer, "scc_module", entry.get("scc_module"))
        or _label(Transfer, "derogation", entry.get("derogation")),
        "safeguard_document": entry.get("safeguard_document") or None,
    }


def _guidance(entry: Any) -> dict[str, str]:
    # The knowledge base is in English; `_` lets a catalogue translate it once it has the text.
    return {"text": _(entry.text), "reference": entry.reference}


def _activity(workspace: Workspace, activity_id: int | None) -> dict[str, Any] | None:
    if activity_id is None:
        return None
    try:
        activity = get_activity(workspace, activity_id)
    except RecordNotFound:
        return None
    return {
        "reference": activity["reference"],
        "name": activity["name"],
        "status": choice_label(ACTIVITY_STATUS_LABELS, activity["status"]),
        "purposes": len(activity["purposes"]),
        "data_categories": len(activity["data_categories"]),
    }


def _table_of_contents(context: Mapping[str, Any]) -> list[dict[str, Any]]:
    sections = [
        ("goal", _("Goal")),
        ("data", _("The data we collect")),
        ("minimisation", _("Minimisation decisions")),
        ("bases", _("Purposes and legal bases")),
        ("sharing", _("Access and sharing")),
        ("security", _("Security and people's rights")),
        ("risks", _("Risk screening")),
        ("guidance", _("Dos and Don'ts")),
        ("actions", _("Open actions")),
        ("register", _("Register entry")),
        ("about", _("About this document")),
    ]
    if context["problems"]:
        sections.insert(0, ("missing", _("What is still missing")))
    return [{"anchor": anchor, "title": title, "level": 1} for anchor, title in sections]
