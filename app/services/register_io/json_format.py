"""Our versioned JSON format, the lossless one.

    {
      "format": "privacy-workbench-register",
      "version": 1,
      "exported_at": "2026-03-05T10:00:00+00:00",
      "organisations": [{"legal_name": "...", "country": "FR"}],
      "vendors": [{every vendor field; dates as YYYY-MM-DD}],
      "activities": [{every activity field, with "owner": {"name", "email"} | null and
                      "controller": legal name instead of the ids; list entries refer to a
                      vendor by "vendor": its name}],
      "processor_activities": [{every field, with "processor": legal name}]
    }

Organisations and team members are not created by an import: they are named so that the
import can find them in the receiving workspace. Vendors are created (a vendor whose name
the workspace already has is used as it is).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from app.domain.fields import FieldKind
from app.i18n import _
from app.services.register_io.layouts import REFERENCE_ALIASES, SHEET_FIELDS, SheetKind
from app.services.register_io.problems import Problems
from app.services.register_io.rows import RawRecord

FORMAT_NAME = "privacy-workbench-register"
FORMAT_VERSION = 1
SECTIONS = {
    "vendors": SheetKind.VENDORS,
    "activities": SheetKind.ACTIVITIES,
    "processor_activities": SheetKind.PROCESSOR_ACTIVITIES,
}


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _items_out(items: list[dict[str, Any]], vendors: Mapping[int, str]) -> list[dict[str, Any]]:
    out = []
    for item in items:
        entry = dict(item)
        if "vendor_id" in entry:
            vendor_id = entry.pop("vendor_id")
            entry["vendor"] = vendors.get(vendor_id) if vendor_id else None
        out.append(entry)
    return out


def record_out(
    kind: SheetKind,
    values: Mapping[str, Any],
    people: Mapping[int, tuple[str, str | None]],
    organisations: Mapping[int, str],
    vendors: Mapping[int, str],
) -> dict[str, Any]:
    """One record as the JSON format writes it."""
    out: dict[str, Any] = {}
    for name, spec in SHEET_FIELDS[kind].items():
        value = values.get(name)
        if name == "owner_id":
            person = people.get(value) if value else None
            out["owner"] = {"name": person[0], "email": person[1]} if person else None
        elif spec.kind is FieldKind.REFERENCE:
            out[REFERENCE_ALIASES[name]] = organisations.get(value) if value else None
        elif spec.kind is FieldKind.ITEMS:
            out[name] = _items_out(value or [], vendors)
        else:
            out[name] = _plain(value)
    return out


def document(
    organisations: list[dict[str, Any]],
    vendors: list[dict[str, Any]],
    activities: list[dict[str, Any]],
    processor_activities: list[dict[str, Any]],
) -> dict[str, Any]:
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "organisations": organisations,
        "vendors": vendors,
        "activities": activities,
        "processor_activities": processor_activities,
    }


def json_records(data: Any, problems: Problems) -> list[RawRecord]:
    """The records of a JSON export; problems name "section[n]" and the key."""
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        problems.add(
            None,
            "",
            _("is not a Privacy Workbench register export (its “format” is not “{name}”)").format(
                name=FORMAT_NAME
            ),
        )
        return []
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        problems.add(None, "", _("has no valid “version”"))
        return []
    if version > FORMAT_VERSION:
        problems.add(
            None,
            "",
            _(
                "was written by a newer version of Privacy Workbench (format version {version}; "
                "this version reads up to {supported}); update the app to import it"
            ).format(version=version, supported=FORMAT_VERSION),
        )
        return []
    records: list[RawRecord] = []
    for section, kind in SECTIONS.items():
        entries = data.get(section, [])
        if not isinstance(entries, list):
            problems.add(section, "", _("expected a list"))
            continue
        fields = SHEET_FIELDS[kind]
        allowed = {REFERENCE_ALIASES.get(name, name) for name in fields}
        for position, entry in enumerate(entries, start=1):
            row = f"{section}[{position}]"
            if not isinstance(entry, dict):
                problems.add(row, "", _("expected an object"))
                continue
            for key in entry:
                if key not in allowed:
                    problems.add(row, str(key)[:60], _("is not a field of this record"))
            values = {key: value for key, value in entry.items() if key in allowed}
            records.append(RawRecord(kind, row, values, {key: key for key in allowed}))
    return records
