"""The record of processing activities (Art. 30) as a PDF to hand to a supervisory authority.

One chapter per organisation: who the controller is, every activity it records with every item
of Art. 30(1), the vendors those activities use, and, where it acts as processor, its Art. 30(2)
record. Items left empty stay visible ("Not recorded", "—"): a record's gaps are the first
thing a regulator looks for, so the document must never hide them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from app.domain.activity import ACTIVITY_STATUS_LABELS
from app.domain.adequacy import adequacy_decision, needs_chapter_v
from app.domain.countries import country_name, in_eea, is_country_code
from app.domain.fields import image_mime
from app.domain.legal_bases import BASES_NEEDING_LAW, LegalBasis
from app.domain.list_fields import Item
from app.domain.organisation import DPO_KIND_LABELS
from app.domain.register_items import (
    CHOICE_LABELS,
    DataCategory,
    DataKind,
    Purpose,
    Recipient,
    RecipientType,
    Transfer,
    item_field_enum,
)
from app.domain.vendor import VENDOR_ROLE_LABELS
from app.domain.vendor_contract import CONTRACT_STATUS_LABELS, ContractStatus, contract_status
from app.i18n import _
from app.reports.pipeline import ASSET_SCHEME, Asset, Progress, render_pdf
from app.services.catalogues import catalogue_items
from app.services.changes import RecordData, list_records
from app.services.organisations import get_organisation, list_organisations
from app.services.register import ACTIVITY, PROCESSOR_ACTIVITY, VENDOR
from app.services.team import list_team
from app.storage.workspace import Workspace

TEMPLATE = "register.html.j2"
LOGO_ASSET = "logo"
DOCUMENT_VERSION = "1"
_DIGITS = re.compile(r"(\d+)")
_CATALOGUES = ("security_measures", "data_subject_categories", "data_categories")
# Free-text fields shown as stored (None when empty, so the template can show the gap).
_ACTIVITY_TEXTS: tuple[str, ...] = ("description", "joint_controllers", "joint_arrangement")
_ACTIVITY_TEXTS += ("security_notes", "automated_logic", "automated_significance")
_PROCESSOR_TEXTS: tuple[str, ...] = ("controller_contact", "controller_representative")
_PROCESSOR_TEXTS += ("controller_dpo", "processing_categories", "security_notes")


def build_register_context(
    workspace: Workspace,
    *,
    organisation_id: int | None = None,
    generated_at: datetime | None = None,
) -> dict[str, Any]:
    """Everything the register shows, as plain values (also usable for an HTML export).

    With `organisation_id`, only that organisation's record; otherwise one chapter for each
    organisation that controls an activity or keeps a processor record.
    """
    context, _assets = _register(workspace, organisation_id, generated_at)
    return context


def export_register_pdf(
    workspace: Workspace,
    output: Path,
    *,
    organisation_id: int | None = None,
    progress: Progress | None = None,
) -> Path:
    """Write the register PDF to `output` and return its path."""
    if progress:
        progress(0, _("Reading the register…"))
    context, assets = _register(workspace, organisation_id, None)
    return render_pdf(
        TEMPLATE,
        context,
        output,
        title=_("Record of processing activities"),
        author=context["organisation_name"],
        assets=assets,
        progress=progress,
    )


@dataclass(frozen=True)
class _Lookups:
    """What the entries point at, read once for the whole register (not once per activity)."""

    people: dict[int, str]
    catalogues: dict[str, dict[str, str]]  # catalogue -> key -> label
    today: date

    def entry(self, catalogue: str, text: str) -> str:
        # Entries picked from a catalogue may be stored as its key ("mfa"); typed ones as text.
        return self.catalogues[catalogue].get(text, text)


def _register(
    workspace: Workspace, organisation_id: int | None, generated_at: datetime | None
) -> tuple[dict[str, Any], dict[str, Asset]]:
    generated_at = generated_at or datetime.now().astimezone()
    lookups = _Lookups(
        people={person.id: person["name"] for person in list_team(workspace)},
        catalogues={name: _catalogue(workspace, name) for name in _CATALOGUES},
        today=generated_at.date(),
    )
    activities = sorted(list_records(workspace, ACTIVITY), key=lambda r: _natural(r["reference"]))
    processor = sorted(
        list_records(workspace, PROCESSOR_ACTIVITY), key=lambda r: _natural(r["reference"])
    )
    vendors = list_records(workspace, VENDOR)
    organisations = list_organisations(workspace)
    if organisation_id is not None:
        chosen = [get_organisation(workspace, organisation_id)]  # RecordNotFound if unknown
    else:
        active = {r["controller_id"] for r in activities} | {r["processor_id"] for r in processor}
        chosen = [org for org in organisations if org.id in active]

    chapters = [
        _chapter(
            org,
            [r for r in activities if r["controller_id"] == org.id],
            [r for r in processor if r["processor_id"] == org.id],
            vendors,
            lookups,
        )
        for org in chosen
    ]
    today = lookups.today
    # A vendor no record names belongs to no organisation's record; it is still shown once
    # (when the whole workspace is exported) so the reader sees the register is incomplete.
    unlinked = (
        [_vendor(v, [], today) for v in vendors if not _used_by(v.id, [*activities, *processor])]
        if organisation_id is None or len(organisations) == 1
        else []
    )

    first = chosen[0] if chosen else (organisations[0] if organisations else None)
    assets: dict[str, Asset] = {}
    logo = first["brand_logo"] if first else None
    mime = image_mime(logo) if isinstance(logo, bytes) else None
    if logo and mime:
        assets[LOGO_ASSET] = (logo, mime)
    context: dict[str, Any] = {
        # A group's register names its companies; the cover is where the reader sees them.
        "organisation_name": "; ".join(org["legal_name"] for org in chosen)
        or (first["legal_name"] if first else workspace.display_name),
        "accent_colour": first["brand_colour"] if first else None,
        "logo_url": f"{ASSET_SCHEME}{LOGO_ASSET}" if assets else None,
        "document_version": DOCUMENT_VERSION,
        "generated_at": generated_at,
        "organisations": chapters,
        "unlinked_vendors": unlinked,
        "activity_count": sum(len(chapter["activities"]) for chapter in chapters),
        "toc": _table_of_contents(chapters, unlinked),
    }
    return context, assets


def _catalogue(workspace: Workspace, name: str) -> dict[str, str]:
    # An entry hidden from pick-lists still names the values stored before it was hidden.
    items = catalogue_items(workspace, name, include_hidden=True)
    return {item.key: item.label for item in items}


def _natural(reference: str) -> list[Any]:
    # PA-2 before PA-10, as a reader expects; digits and text alternate so compare like types.
    return [int(part) if part.isdigit() else part.casefold() for part in _DIGITS.split(reference)]


def _label(model: type[Item], name: str, value: Any) -> str | None:
    """An item's coded value in the reader's words (CHOICE_LABELS), translated."""
    if value in (None, ""):
        return None
    enum: type[StrEnum] | None = item_field_enum(model, name)
    label = CHOICE_LABELS.get(enum, {}).get(value) if enum else None
    return _(label) if label else str(value)


def _used_by(vendor_id: int, records: list[RecordData]) -> list[str]:
    """References of the activities and processor records that name the vendor (processor
    records name vendors as importers only: they have no recipients)."""
    return [
        record["reference"]
        for record in records
        if any(
            entry.get("vendor_id") == vendor_id
            for entry in [*record.values.get("recipients", []), *record["transfers"]]
        )
    ]


# --- one organisation ------------------------------------------------------------------------


def _chapter(
    org: RecordData,
    activities: list[RecordData],
    processor: list[RecordData],
    vendors: list[RecordData],
    lookups: _Lookups,
) -> dict[str, Any]:
    anchor = f"organisation-{org.id}"
    used = [(vendor, _used_by(vendor.id, [*activities, *processor])) for vendor in vendors]
    entries = [_activity(record, org, lookups) for record in activities]
    return {
        "anchor": anchor,
        "legal_name": org["legal_name"],
        "controller": _controller(org, activities),
        "activities": entries,
        "vendors": [_vendor(vendor, refs, lookups.today) for vendor, refs in used if refs],
        "processor_records": [_processor_record(record, lookups) for record in processor],
    }


def _controller(org: RecordData, activities: list[RecordData]) -> dict[str, Any]:
    """The Art. 30(1)(a) facts; the template words the DPO and representative cases."""
    return {
        **{name: value for name, value in org.values.items() if name != "brand_logo"},
        "country_name": country_name(org["country"]) or None,
        # Art. 27 binds controllers established outside the EEA only.
        "in_eea": in_eea(org["country"]),
        "dpo_kind_label": _choice(DPO_KIND_LABELS, org["dpo_kind"]),
        "joint_controllers": [
            {"names": record["joint_controllers"], "reference": record["reference"]}
            for record in activities
            if record["joint_controllers"]
        ],
    }


def _activity(record: RecordData, org: RecordData, lookups: _Lookups) -> dict[str, Any]:
    kinds = {category.get("kind") for category in record["data_categories"]}
    transfers = _transfers(record["transfers"])
    next_review = record["next_review"]
    return {
        "anchor": f"activity-{record.id}",
        "reference": record["reference"],
        "name": record["name"],
        "status": _choice(ACTIVITY_STATUS_LABELS, record["status"]),
        "owner": lookups.people.get(record["owner_id"]) if record["owner_id"] else None,
        "controller": org["legal_name"],
        "special": DataKind.SPECIAL.value in kinds,
        "criminal": DataKind.CRIMINAL.value in kinds,
        "bases": [_label(Purpose, "basis", entry.get("basis")) for entry in record["purposes"]],
        "purposes": [_purpose(entry, record) for entry in record["purposes"]],
        "data_subjects": [
            lookups.entry("data_subject_categories", text) for text in record["data_subjects"]
        ],
        "data_categories": [
            _data_category(entry, record["purposes"], lookups)
            for entry in record["data_categories"]
        ],
        "recipients": _recipients(record["recipients"]),
        **transfers,
        "has_transfers": any(entry["chapter_v"] for entry in transfers["transfers"]),
        "security_measures": [
            lookups.entry("security_measures", text) for text in record["security_measures"]
        ],
        "systems": list(record["systems"]),
        "automated": bool(record["automated_decisions"]),
        **_texts(record.values, *_ACTIVITY_TEXTS),
        "last_review": record["last_review"],
        "next_review": next_review,
        "review_overdue": bool(next_review and next_review < lookups.today),
    }


def _texts(values: Mapping[str, Any], *names: str) -> dict[str, str | None]:
    """Free-text values by name; an empty one becomes None, which the template shows as a gap."""
    return {name: str(values[name]) if values.get(name) else None for name in names}


def _choice(labels: Mapping[Any, str], value: Any) -> str | None:
    """A record field's code (status, role) in the reader's words."""
    return _(labels[value]) if value in labels else value


def _purpose(entry: dict[str, Any], record: RecordData) -> dict[str, Any]:
    basis = entry.get("basis")
    condition = _label(Purpose, "art9_condition", entry.get("art9_condition"))
    interest = basis == LegalBasis.LEGITIMATE_INTERESTS.value
    special = _needs_condition(entry, record, DataKind.SPECIAL)
    criminal = _needs_condition(entry, record, DataKind.CRIMINAL)
    details = [
        (_("Law relied on"), entry.get("basis_reference"), basis in BASES_NEEDING_LAW),
        (_("Interest pursued"), entry.get("legitimate_interest"), interest),
        (_("Art. 9 condition"), condition, special),
        (_("Art. 10 authorisation"), entry.get("art10_basis"), criminal),
        (_("National law"), entry.get("national_law_reference"), False),
    ]
    return {
        "purpose": entry.get("purpose") or None,
        "basis": _label(Purpose, "basis", basis),
        # A detail is listed when recorded, or when the basis or the data needs it (then a gap).
        "details": [
            {"label": label, "value": value or None}
            for label, value, needed in details
            if value or needed
        ],
    }


def _needs_condition(purpose: dict[str, Any], record: RecordData, kind: DataKind) -> bool:
    """Whether the purpose must name an Art. 9 condition (or Art. 10 authorisation): it must
    when data of that kind serves it. Such data linked to no purpose needs the condition on
    some purpose, so then every purpose shows the gap until one of them names it."""
    field = "art9_condition" if kind is DataKind.SPECIAL else "art10_basis"
    categories = [c for c in record["data_categories"] if c.get("kind") == kind.value]
    if any(purpose.get("key") in (c.get("purpose_keys") or []) for c in categories):
        return True
    unlinked = any(not category.get("purpose_keys") for category in categories)
    return unlinked and not any(other.get(field) for other in record["purposes"])


def _data_category(
    entry: dict[str, Any], purposes: list[dict[str, Any]], lookups: _Lookups
) -> dict[str, Any]:
    names = {purpose.get("key"): purpose.get("purpose") for purpose in purposes}
    kind = entry.get("kind") or DataKind.REGULAR.value
    return {
        "category": lookups.entry("data_categories", str(entry.get("category") or "")) or None,
        "kind": _label(DataCategory, "kind", kind),
        "flagged": kind != DataKind.REGULAR.value,
        "source": _label(DataCategory, "source", entry.get("source")),
        "requirement": _label(DataCategory, "requirement", entry.get("requirement")),
        "purposes": [names[key] for key in entry.get("purpose_keys") or [] if names.get(key)],
        "end_action": _label(DataCategory, "end_action", entry.get("end_action")),
        **_texts(entry, "source_detail", "consequence", "retention_period", "retention_trigger"),
    }


def _recipients(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Recipients grouped by type (Art. 30(1)(d) asks for categories), in the law's order."""
    groups: dict[str, list[str]] = {}
    for entry in entries:
        groups.setdefault(str(entry.get("type")), []).append(str(entry.get("name")))
    order = [member.value for member in RecipientType]
    ranked = sorted(groups, key=lambda kind: order.index(kind) if kind in order else len(order))
    return [{"type": _label(Recipient, "type", kind), "names": groups[kind]} for kind in ranked]


def _transfers(entries: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The transfer rows, and the scope notes of the adequacy decisions they rely on (printed
    once under the table: the US note alone is a paragraph)."""
    rows: list[dict[str, Any]] = []
    notes: dict[str, str] = {}
    for entry in entries:
        destination = str(entry.get("destination") or "")
        is_country = len(destination) == 2 and is_country_code(destination)
        name = country_name(destination) if is_country else destination
        decision = adequacy_decision(destination) if destination else None
        if decision and decision.get("scope_note"):
            notes.setdefault(name, decision["scope_note"])
        rows.append(
            {
                "destination": name,
                "chapter_v": needs_chapter_v(destination) if destination else True,
                "safeguard": _label(Transfer, "mechanism", entry.get("mechanism")),
                "safeguard_detail": _label(Transfer, "scc_module", entry.get("scc_module"))
                or _label(Transfer, "derogation", entry.get("derogation")),
                "adequacy": bool(decision),
                "adequacy_partial": bool(decision and decision.get("partial")),
                **_texts(entry, "importer", "safeguard_document"),
            }
        )
    return {
        "transfers": rows,
        "transfer_notes": [{"destination": name, "note": note} for name, note in notes.items()],
    }


def _vendor(record: RecordData, used_by: list[str], today: date) -> dict[str, Any]:
    signed, review = record["dpa_signed_on"], record["dpa_review_on"]
    status = contract_status(record["role"], signed, review, today)
    return {
        "name": record["name"],
        "country": _place(record["country"]),
        "role": _choice(VENDOR_ROLE_LABELS, record["role"]),
        "contact": [line for line in (record["contact_name"], record["contact_email"]) if line],
        "contract": _(CONTRACT_STATUS_LABELS[status]),
        "contract_problem": status
        in (ContractStatus.MISSING, ContractStatus.EXPIRED, ContractStatus.DUE_SOON),
        "signed_on": signed,
        "review_on": review,
        **_texts(record.values, "service", "dpa_reference"),
        "sub_processors": [
            {
                "name": entry.get("name"),
                "country": _place(entry.get("country")),
                **_texts(entry, "service"),
            }
            for entry in record["sub_processors"]
        ],
        "used_by": used_by,
    }


def _place(text: str | None) -> str | None:
    """A country code as its name; a sub-processor's country may also be typed out."""
    if not text:
        return None
    return country_name(text) if len(text) == 2 and is_country_code(text) else text


def _processor_record(record: RecordData, lookups: _Lookups) -> dict[str, Any]:
    return {
        "reference": record["reference"],
        "controller_name": record["controller_name"],
        **_texts(record.values, *_PROCESSOR_TEXTS),
        **_transfers(record["transfers"]),
        "security_measures": [
            lookups.entry("security_measures", text) for text in record["security_measures"]
        ],
    }


def _table_of_contents(
    chapters: list[dict[str, Any]], unlinked: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    def entry(anchor: str, title: str, level: int = 2) -> dict[str, Any]:
        return {"anchor": anchor, "title": title, "level": level}

    toc: list[dict[str, Any]] = []
    for chapter in chapters:
        anchor = chapter["anchor"]
        toc.append(entry(anchor, chapter["legal_name"], 1))
        if chapter["activities"] or not chapter["processor_records"]:
            toc.append(entry(f"{anchor}-overview", _("Overview of the activities")))
        toc += [
            entry(a["anchor"], f"{a['reference']} · {a['name']}") for a in chapter["activities"]
        ]
        if chapter["vendors"]:
            toc.append(entry(f"{anchor}-vendors", _("Vendors")))
        if chapter["processor_records"]:
            toc.append(entry(f"{anchor}-processor", _("Record as processor (Art. 30(2))")))
    if unlinked:
        toc.append(entry("unlinked-vendors", _("Vendors not linked to an activity"), 1))
    toc.append(entry("about", _("About this record"), 1))
    return toc
