"""Catalogues: the shipped pick-lists merged with the workspace's own entries."""

from __future__ import annotations

from typing import Any

import pytest

from app.domain.catalogue import CatalogueKind
from app.errors import UserError
from app.services.catalogues import add_catalogue_entry, catalogue_items, shipped_entries
from app.services.changes import apply_change, list_records
from app.storage.workspace import Workspace

KINDS = [kind.value for kind in CatalogueKind]


def _own_entry(ws: Workspace, catalogue: str, key: str, label: str, **extra: Any) -> int:
    values = {"catalogue": catalogue, "key": key, "label": label, **extra}
    return apply_change(ws, create=[("catalogue_entry", values)]).record.id


@pytest.mark.parametrize("catalogue", KINDS)
def test_shipped_entries_have_unique_keys_and_labels(catalogue: str) -> None:
    entries = shipped_entries(catalogue)
    assert len(entries) >= 10
    keys = [entry["key"] for entry in entries]
    labels = [entry["label"] for entry in entries]
    assert len(set(keys)) == len(keys)
    # Two entries with the same label could not be told apart in a pick-list.
    assert len(set(labels)) == len(labels)
    assert all(entry["key"] and entry["label"] == entry["label"].strip() != "" for entry in entries)


@pytest.mark.parametrize("catalogue", KINDS)
def test_a_new_workspace_offers_the_shipped_entries_sorted_by_label(
    workspace: Workspace, catalogue: str
) -> None:
    items = catalogue_items(workspace, catalogue)
    assert {item.key for item in items} == {entry["key"] for entry in shipped_entries(catalogue)}
    assert [item.label.lower() for item in items] == sorted(item.label.lower() for item in items)
    assert all(item.shipped and not item.hidden and item.entry_id is None for item in items)


def test_the_shipped_entries_keep_their_extra_facts(workspace: Workspace) -> None:
    health = next(
        i for i in catalogue_items(workspace, "data_categories") if i.key == "health_data"
    )
    assert health.extra["kind"] == "special"
    mfa = next(
        i
        for i in catalogue_items(workspace, "security_measures")
        if i.key == "multi_factor_authentication"
    )
    assert (mfa.label, mfa.extra["art32"]) == ("Multi-factor authentication", "b")


def test_a_workspace_entry_with_a_shipped_key_replaces_it(workspace: Workspace) -> None:
    before = catalogue_items(workspace, "data_subject_categories")
    entry_id = _own_entry(
        workspace, "data_subject_categories", "customers", "Clients (B2C)", description="Buyers"
    )
    after = catalogue_items(workspace, "data_subject_categories")
    assert len(after) == len(before)
    replaced = [item for item in after if item.key == "customers"]
    assert len(replaced) == 1
    assert (replaced[0].label, replaced[0].description) == ("Clients (B2C)", "Buyers")
    assert (replaced[0].shipped, replaced[0].entry_id) == (True, entry_id)
    assert "Customers" not in {item.label for item in after}
    # Another catalogue is not touched by the same key.
    assert all(item.entry_id is None for item in catalogue_items(workspace, "data_categories"))


def test_hidden_entries_are_left_out_unless_asked_for(workspace: Workspace) -> None:
    _own_entry(workspace, "data_subject_categories", "patients", "Patients", hidden=True)
    _own_entry(workspace, "data_subject_categories", "custom_old", "Old list", hidden=True)
    shown = {item.key for item in catalogue_items(workspace, "data_subject_categories")}
    assert "patients" not in shown and "custom_old" not in shown
    everything = catalogue_items(workspace, "data_subject_categories", include_hidden=True)
    hidden = {item.key: item for item in everything if item.hidden}
    assert set(hidden) == {"patients", "custom_old"}
    assert hidden["patients"].shipped and not hidden["custom_old"].shipped


def test_an_own_entry_is_added_with_a_key_from_its_label(workspace: Workspace) -> None:
    add_catalogue_entry(workspace, "data_subject_categories", "Loyalty  members", "Cercle Lumière")
    items = catalogue_items(workspace, "data_subject_categories")
    mine = next(item for item in items if not item.shipped)
    assert (mine.key, mine.label, mine.description) == (
        "custom_loyalty_members",
        "Loyalty  members",
        "Cercle Lumière",
    )
    assert mine.entry_id is not None and mine.extra == {}
    # It sorts in among the shipped labels.
    labels = [item.label.lower() for item in items]
    assert labels == sorted(labels)


def test_adding_the_same_entry_twice_is_refused(workspace: Workspace) -> None:
    add_catalogue_entry(workspace, "security_measures", "Badge readers")
    with pytest.raises(UserError, match="already in the catalogue"):
        add_catalogue_entry(workspace, "security_measures", "badge   READERS")
    assert len(list_records(workspace, "catalogue_entry")) == 1


def test_a_hidden_own_entry_still_counts_as_a_duplicate(workspace: Workspace) -> None:
    _own_entry(workspace, "security_measures", "custom_badge_readers", "Badge readers", hidden=True)
    with pytest.raises(UserError, match="already in the catalogue"):
        add_catalogue_entry(workspace, "security_measures", "Badge readers")


def test_an_unknown_catalogue_is_refused(workspace: Workspace) -> None:
    with pytest.raises(UserError, match="There is no catalogue “colours”"):
        catalogue_items(workspace, "colours")
    with pytest.raises(UserError, match="There is no catalogue"):
        add_catalogue_entry(workspace, "colours", "Red")


def test_adding_a_label_the_shipped_catalogue_has_is_refused(workspace: Workspace) -> None:
    with pytest.raises(UserError, match="already in the catalogue"):
        add_catalogue_entry(workspace, "data_subject_categories", "Customers")
