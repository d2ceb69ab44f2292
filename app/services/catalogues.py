"""Catalogues: the shipped lists (resources/knowledge/catalogues) merged with the workspace's
own entries. A workspace entry with a shipped key replaces that entry; `hidden` removes it
from pick-lists without losing it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlmodel import col, select

from app.domain.catalogue import CatalogueEntry, CatalogueKind
from app.errors import UserError
from app.i18n import _
from app.resources import load_json
from app.services.changes import ChangeResult, apply_change
from app.storage.workspace import Workspace

KIND = "catalogue_entry"


@dataclass(frozen=True)
class CatalogueItem:
    key: str
    label: str
    description: str
    shipped: bool  # comes with the app (possibly edited by the user)
    hidden: bool
    entry_id: int | None  # the workspace's own record, when there is one
    extra: Mapping[str, Any]  # the shipped entry's other facts (kind, area, art32, ...)


def _kind(catalogue: str) -> CatalogueKind:
    try:
        return CatalogueKind(catalogue)
    except ValueError:
        raise UserError(_("There is no catalogue “{name}”.").format(name=catalogue)) from None


def shipped_entries(catalogue: str) -> list[dict[str, Any]]:
    return list(load_json(f"knowledge/catalogues/{_kind(catalogue).value}.json")["entries"])


def catalogue_items(
    workspace: Workspace, catalogue: str, *, include_hidden: bool = False
) -> list[CatalogueItem]:
    """The catalogue as the user sees it: shipped entries (with the user's edits) then the
    user's own, sorted by label."""
    with workspace.session() as session:
        own = {
            entry.key: entry
            for entry in session.exec(
                select(CatalogueEntry).where(col(CatalogueEntry.catalogue) == _kind(catalogue))
            )
        }
    items = []
    for entry in shipped_entries(catalogue):
        mine = own.pop(entry["key"], None)
        extra = {k: v for k, v in entry.items() if k not in ("key", "label", "description")}
        items.append(
            CatalogueItem(
                entry["key"],
                mine.label if mine else entry["label"],
                (mine.description if mine else entry.get("description")) or "",
                True,
                bool(mine and mine.hidden),
                mine.id if mine else None,
                extra,
            )
        )
    items += [
        CatalogueItem(
            entry.key, entry.label, entry.description or "", False, entry.hidden, entry.id, {}
        )
        for entry in own.values()
    ]
    items.sort(key=lambda item: item.label.lower())
    return [item for item in items if include_hidden or not item.hidden]


def add_catalogue_entry(
    workspace: Workspace,
    catalogue: str,
    label: str,
    description: str = "",
    *,
    actor: str | None = None,
) -> ChangeResult:
    """A user's own entry; its key is derived from the label."""
    key = "custom_" + "_".join(label.lower().split())[:60]
    items = catalogue_items(workspace, catalogue, include_hidden=True)
    wanted = " ".join(label.split()).casefold()
    if key in {item.key for item in items} or wanted in {
        " ".join(item.label.split()).casefold() for item in items
    }:
        raise UserError(_("“{label}” is already in the catalogue.").format(label=label))
    return apply_change(
        workspace,
        actor=actor,
        create=[
            (
                KIND,
                {
                    "catalogue": _kind(catalogue).value,
                    "key": key,
                    "label": label,
                    "description": description,
                },
            )
        ],
    )


def edit_catalogue_entry(
    workspace: Workspace,
    catalogue: str,
    key: str,
    *,
    label: str | None = None,
    description: str | None = None,
    hidden: bool | None = None,
    actor: str | None = None,
) -> ChangeResult:
    """Change an entry's label, description or visibility. A shipped entry is never changed in
    place: the workspace gets its own version under the same key, which wins from then on."""
    items = {item.key: item for item in catalogue_items(workspace, catalogue, include_hidden=True)}
    item = items.get(key)
    if item is None:
        raise UserError(_("“{key}” is not in the catalogue.").format(key=key))
    changes: dict[str, Any] = {}
    if label is not None:
        changes["label"] = label
    if description is not None:
        changes["description"] = description
    if hidden is not None:
        changes["hidden"] = hidden
    what = (
        _("Shown in pick-lists")
        if hidden is False
        else (_("Hidden from pick-lists") if hidden else _("Edited"))
    )
    summary = _("Catalogue entry “{label}”: {what}").format(label=item.label, what=what)
    if item.entry_id is not None:
        return apply_change(
            workspace, actor=actor, summary=summary, update=[(KIND, item.entry_id, changes, None)]
        )
    return apply_change(
        workspace,
        actor=actor,
        summary=summary,
        create=[
            (
                KIND,
                {
                    "catalogue": _kind(catalogue).value,
                    "key": key,
                    "label": item.label,
                    "description": item.description,
                    **changes,
                },
            )
        ],
    )
