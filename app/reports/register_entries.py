"""One entry of the register PDF at a time: an activity with its purposes, data, recipients
and transfers; a vendor; a processor record. Plain dicts for the template."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from app.domain.activity import ACTIVITY_STATUS_LABELS
from app.domain.adequacy import adequacy_decision, needs_chapter_v
from app.domain.countries import country_name, is_country_code
from app.domain.legal_bases import BASES_NEEDING_LAW, LegalBasis
from app.domain.list_fields import Item
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
from app.services.changes import RecordData

_ACTIVITY_TEXTS: tuple[str, ...] = ("description", "joint_controllers", "joint_arrangement")
_ACTIVITY_TEXTS += ("security_notes", "automated_logic", "automated_significance")
_PROCESSOR_TEXTS: tuple[str, ...] = ("controller_contact", "controller_representative")
_PROCESSOR_TEXTS += ("controller_dpo", "processing_categories", "security_notes")


@dataclass(frozen=True)
class Lookups:
    """What the entries point at, read once for the whole register (not once per activity)."""

    people: dict[int, str]
    catalogues: dict[str, dict[str, str]]  # catalogue -> key -> label
    today: date

    def entry(self, catalogue: str, text: str) -> str:
        # Entries picked from a catalogue may be stored as its key ("mfa"); typed ones as text.
        return self.catalogues[catalogue].get(text, text)


def _label(model: type[Item], name: str, value: Any) -> str | None:
    """An item's coded value in the reader's words (CHOICE_LABELS), translated."""
    if value in (None, ""):
        return None
    enum: type[StrEnum] | None = item_field_enum(model, name)
    label = CHOICE_LABELS.get(enum, {}).get(value) if enum else None
    return _(label) if label else str(value)


def activity_entry(record: RecordData, org: RecordData, lookups: Lookups) -> dict[str, Any]:
    kinds = {category.get("kind") for category in record["data_categories"]}
    transfers = _transfers(record["transfers"])
    next_review = record["next_review"]
    return {
        "anchor": f"activity-{record.id}",
        "reference": record["reference"],
        "name": record["name"],
        "status": choice_label(ACTIVITY_STATUS_LABELS, record["status"]),
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


def choice_label(labels: Mapping[Any, str], value: Any) -> str | None:
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
    entry: dict[str, Any], purposes: list[dict[str, Any]], lookups: Lookups
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


def vendor_entry(record: RecordData, used_by: list[str], today: date) -> dict[str, Any]:
    signed, review = record["dpa_signed_on"], record["dpa_review_on"]
    status = contract_status(record["role"], signed, review, today)
    return {
        "name": record["name"],
        "country": _place(record["country"]),
        "role": choice_label(VENDOR_ROLE_LABELS, record["role"]),
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


def processor_record_entry(record: RecordData, lookups: Lookups) -> dict[str, Any]:
    return {
        "reference": record["reference"],
        "controller_name": record["controller_name"],
        **_texts(record.values, *_PROCESSOR_TEXTS),
        **_transfers(record["transfers"]),
        "security_measures": [
            lookups.entry("security_measures", text) for text in record["security_measures"]
        ],
    }
