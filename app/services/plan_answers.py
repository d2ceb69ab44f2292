"""A plan's answers as a JSON file, so a consultant can reuse a plan for another client and
tests can drive the feature: `plan new --answers FILE.json`.

The file holds the plan's fields by name. What only makes sense in one workspace (ids of the
organisation, the register entry, vendors) is left out on saving; on loading, recipients and
transfers are matched to the workspace's vendors by name.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlmodel import select

from app.domain import Vendor
from app.domain.collection_plan import PLAN_FIELDS
from app.errors import FieldError, UserError, ValidationError
from app.i18n import _
from app.storage.workspace import Workspace

FORMAT = "privacy-workbench/collection-plan"
FORMAT_VERSION = 1
MAX_FILE_BYTES = 5 * 1024 * 1024
# Local to one workspace: never written to, nor read from, an answers file.
_LOCAL = ("reference", "organisation_id", "activity_id", "status")


def answers_document(values: Mapping[str, Any]) -> dict[str, Any]:
    answers = {
        name: value
        for name, value in values.items()
        if name in PLAN_FIELDS and name not in _LOCAL and value not in (None, "", [])
    }
    for name in ("recipients", "transfers"):
        if name in answers:
            answers[name] = [
                {k: v for k, v in entry.items() if k != "vendor_id"} for entry in answers[name]
            ]
    return {"format": FORMAT, "version": FORMAT_VERSION, "answers": answers}


def write_answers(path: Path, values: Mapping[str, Any]) -> Path:
    text = json.dumps(answers_document(values), indent=2, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def read_answers(path: Path) -> dict[str, Any]:
    """The answers of a file, checked for form; the values are checked when the plan is made.
    Errors name the file and the field."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise UserError(_("{file} is too large for an answers file.").format(file=path))
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(_("{file} does not exist.").format(file=path)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(
            _("{file} cannot be read: {error}").format(file=path, error=error)
        ) from None
    except json.JSONDecodeError as error:
        raise UserError(
            _("{file} is not valid JSON (line {line}, column {column}): {problem}").format(
                file=path, line=error.lineno, column=error.colno, problem=error.msg
            )
        ) from None
    return answers_from_document(document, str(path))


def answers_from_document(document: Any, source: str) -> dict[str, Any]:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise UserError(
            _(
                "{file} is not a collection-plan answers file (expected “format”: “{format}”)."
            ).format(file=source, format=FORMAT)
        )
    if document.get("version") != FORMAT_VERSION:
        raise UserError(
            _(
                "{file} has answers version {version}; this version reads version {supported}."
            ).format(file=source, version=document.get("version"), supported=FORMAT_VERSION)
        )
    answers = document.get("answers")
    if not isinstance(answers, dict):
        raise UserError(_("{file}: “answers” must be an object.").format(file=source))
    unknown = [
        FieldError(name, name, _("is not a question of a collection plan"))
        for name in answers
        if name not in PLAN_FIELDS or name in _LOCAL
    ]
    if unknown:
        raise ValidationError(unknown)
    answers = dict(answers)
    # A vendor id names a vendor of the workspace the file came from (or anyone's guess):
    # drop it, so link_vendors matches by name in this one.
    for name in ("recipients", "transfers"):
        entries = answers.get(name)
        if isinstance(entries, list):
            answers[name] = [
                {k: v for k, v in entry.items() if k != "vendor_id"}
                if isinstance(entry, dict)
                else entry
                for entry in entries
            ]
    return answers


def link_vendors(workspace: Workspace, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Recipients and transfers that name a vendor of this workspace point at it."""
    with workspace.session() as session:
        vendors = {
            name.casefold(): vendor_id
            for vendor_id, name in session.exec(select(Vendor.id, Vendor.name)).all()
        }
    linked = dict(answers)
    for name, key in (("recipients", "name"), ("transfers", "importer")):
        entries = linked.get(name)
        if not isinstance(entries, list):
            continue
        linked[name] = [
            {**entry, "vendor_id": vendors.get(str(entry.get(key, "")).casefold())}
            if isinstance(entry, dict) and "vendor_id" not in entry
            else entry
            for entry in entries
        ]
    return linked
