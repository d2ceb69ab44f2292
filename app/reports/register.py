"""The record of processing activities (Art. 30) as a PDF to hand to a supervisory authority.

One chapter per organisation: who the controller is, every activity it records with every item
of Art. 30(1), the vendors those activities use, and, where it acts as processor, its Art. 30(2)
record. Items left empty stay visible ("Not recorded", "—"): a record's gaps are the first
thing a regulator looks for, so the document must never hide them.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from app.domain.countries import country_name, in_eea
from app.domain.fields import image_mime
from app.domain.organisation import DPO_KIND_LABELS
from app.i18n import _
from app.reports.pipeline import ASSET_SCHEME, Asset, Progress, render_pdf
from app.reports.register_entries import (
    Lookups,
    activity_entry,
    choice_label,
    processor_record_entry,
    vendor_entry,
)
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


def _register(
    workspace: Workspace, organisation_id: int | None, generated_at: datetime | None
) -> tuple[dict[str, Any], dict[str, Asset]]:
    generated_at = generated_at or datetime.now().astimezone()
    lookups = Lookups(
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
        [
            vendor_entry(v, [], today)
            for v in vendors
            if not _used_by(v.id, [*activities, *processor])
        ]
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
    lookups: Lookups,
) -> dict[str, Any]:
    anchor = f"organisation-{org.id}"
    used = [(vendor, _used_by(vendor.id, [*activities, *processor])) for vendor in vendors]
    entries = [activity_entry(record, org, lookups) for record in activities]
    return {
        "anchor": anchor,
        "legal_name": org["legal_name"],
        "controller": _controller(org, activities),
        "activities": entries,
        "vendors": [vendor_entry(vendor, refs, lookups.today) for vendor, refs in used if refs],
        "processor_records": [processor_record_entry(record, lookups) for record in processor],
    }


def _controller(org: RecordData, activities: list[RecordData]) -> dict[str, Any]:
    """The Art. 30(1)(a) facts; the template words the DPO and representative cases."""
    return {
        **{name: value for name, value in org.values.items() if name != "brand_logo"},
        "country_name": country_name(org["country"]) or None,
        # Art. 27 binds controllers established outside the EEA only.
        "in_eea": in_eea(org["country"]),
        "dpo_kind_label": choice_label(DPO_KIND_LABELS, org["dpo_kind"]),
        "joint_controllers": [
            {"names": record["joint_controllers"], "reference": record["reference"]}
            for record in activities
            if record["joint_controllers"]
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
