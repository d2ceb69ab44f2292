"""The workspace summary: who the organisations are, their DPO, EU representative and lead
authority, and the team, as one PDF to hand to a client or a board."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from app.domain.countries import country_name, in_eea
from app.domain.fields import FieldSpec, display_value, image_mime
from app.domain.organisation import ORGANISATION_FIELDS, DpoKind
from app.domain.team import PERSON_FIELDS
from app.i18n import _
from app.reports.pipeline import Asset, Progress, render_pdf
from app.services.changes import RecordData
from app.services.info import workspace_info
from app.services.organisations import list_organisations
from app.services.team import list_team
from app.storage.workspace import Workspace

TEMPLATE = "workspace_summary.html.j2"
LOGO_ASSET = "logo"
DOCUMENT_VERSION = "1"

_IDENTITY_FIELDS = (
    "legal_name",
    "trading_name",
    "address",
    "country",
    "registration_number",
    "email",
    "phone",
    "employees",
    "sector",
)
_DPO_CONTACT_FIELDS = ("dpo_name", "dpo_email", "dpo_phone")
_REPRESENTATIVE_FIELDS = (
    "representative_name",
    "representative_address",
    "representative_email",
    "representative_phone",
)
_DESIGNATED = (DpoKind.INTERNAL.value, DpoKind.EXTERNAL.value)


def build_summary_context(
    workspace: Workspace, *, generated_at: datetime | None = None
) -> dict[str, Any]:
    """Everything the summary shows, as plain values (also usable for an HTML export)."""
    context, _assets = _summary(workspace, generated_at)
    return context


def export_summary_pdf(
    workspace: Workspace, output: Path, *, progress: Progress | None = None
) -> Path:
    """Write the workspace summary PDF to `output`, branded with the first organisation's logo
    and colour, and return its path."""
    if progress:
        progress(0, _("Reading the workspace…"))
    context, assets = _summary(workspace, None)
    return render_pdf(
        TEMPLATE,
        context,
        output,
        title=_("Workspace summary"),
        author=context["organisation_name"],
        assets=assets,
        progress=progress,
    )


def _summary(
    workspace: Workspace, generated_at: datetime | None
) -> tuple[dict[str, Any], dict[str, Asset]]:
    organisations = list_organisations(workspace)
    team = [_person(person) for person in list_team(workspace)]
    info = workspace_info(workspace)
    first = organisations[0] if organisations else None

    assets: dict[str, Asset] = {}
    logo = first["brand_logo"] if first else None
    mime = image_mime(logo) if isinstance(logo, bytes) else None
    if logo and mime:
        assets[LOGO_ASSET] = (logo, mime)

    entries = [_organisation(record) for record in organisations]
    context: dict[str, Any] = {
        "organisation_name": first["legal_name"] if first else workspace.display_name,
        "workspace_name": workspace.display_name,
        "accent_colour": first["brand_colour"] if first else None,
        "logo_url": f"pwb-asset:{LOGO_ASSET}" if assets else None,
        "document_version": DOCUMENT_VERSION,
        "generated_at": generated_at or datetime.now().astimezone(),
        "organisations": entries,
        "team": team,
        "about": {
            "workspace": workspace.display_name,
            "app_version": info["app_version"],
            "schema_version": info["schema_version"] or "—",
        },
        "toc": _table_of_contents(entries),
    }
    return context, assets


def _row(spec: FieldSpec, value: Any) -> dict[str, Any]:
    text = display_value(spec, value)
    return {
        "label": _(spec.label),
        "value": text,
        "missing": value in (None, ""),
        "multiline": "\n" in text,
    }


def _rows(record: RecordData, names: tuple[str, ...]) -> list[dict[str, Any]]:
    return [_row(ORGANISATION_FIELDS[name], record[name]) for name in names]


def _organisation(record: RecordData) -> dict[str, Any]:
    country = record["country"]
    outside_eea = bool(country) and not in_eea(country)
    has_representative = any(record[name] for name in _REPRESENTATIVE_FIELDS)
    anchor = f"organisation-{record.id}"
    return {
        "anchor": anchor,
        "legal_name": record["legal_name"],
        "trading_name": record["trading_name"],
        "identity": _rows(record, _IDENTITY_FIELDS),
        "dpo": _dpo(record),
        "representative": _rows(record, _REPRESENTATIVE_FIELDS) if has_representative else None,
        # Art. 27: a controller outside the EEA that targets or monitors people in the EU
        # needs a representative there; the app cannot know whether it does, so it only asks.
        "representative_needed": outside_eea and not has_representative,
        "country_name": country_name(country) if country else None,
        "lead_authority": _row(ORGANISATION_FIELDS["lead_authority"], record["lead_authority"]),
    }


def _dpo(record: RecordData) -> dict[str, Any]:
    kind = record["dpo_kind"]
    has_contact = any(record[name] for name in _DPO_CONTACT_FIELDS)
    if kind in _DESIGNATED or (kind is None and has_contact):
        names = ("dpo_kind", *_DPO_CONTACT_FIELDS)
        return {"status": "designated", "rows": _rows(record, names)}
    if kind == DpoKind.NONE.value:
        return {"status": "none", "reason": record["no_dpo_reason"]}
    return {"status": "unknown"}


def _person(record: RecordData) -> dict[str, str]:
    return {
        "name": display_value(PERSON_FIELDS["name"], record["name"]),
        "email": display_value(PERSON_FIELDS["email"], record["email"]),
        "role": display_value(PERSON_FIELDS["role"], record["role"]),
    }


def _table_of_contents(organisations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    toc: list[dict[str, Any]] = []
    for organisation in organisations:
        anchor = organisation["anchor"]
        toc.append({"anchor": anchor, "title": organisation["legal_name"], "level": 1})
        toc.append({"anchor": f"{anchor}-identity", "title": _("Identity"), "level": 2})
        toc.append({"anchor": f"{anchor}-dpo", "title": _("Data protection officer"), "level": 2})
        if organisation["representative"] or organisation["representative_needed"]:
            toc.append(
                {"anchor": f"{anchor}-representative", "title": _("EU representative"), "level": 2}
            )
        toc.append(
            {"anchor": f"{anchor}-authority", "title": _("Lead supervisory authority"), "level": 2}
        )
    toc.append({"anchor": "team", "title": _("Team"), "level": 1})
    toc.append({"anchor": "about", "title": _("About this document"), "level": 1})
    return toc
