"""The processing register service: activities, vendors, their links, and what a delete or a
bad value is refused with; on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from app.domain.activity import ACTIVITY_FIELDS
from app.domain.vendor_contract import ContractStatus
from app.errors import ConflictError, RecordNotFound, UserError, ValidationError
from app.services.changes import apply_change, revert_change
from app.services.organisations import add_organisation, delete_organisation, list_organisations
from app.services.register import (
    activities_using_vendor,
    add_activity,
    add_vendor,
    delete_activity,
    delete_vendor,
    duplicate_activity,
    get_activity,
    list_activity_rows,
    list_vendor_rows,
    next_reference,
    update_activity,
)
from app.services.team import add_person, remove_person
from app.storage.workspace import Workspace

TODAY = date(2026, 11, 29)


def _org_id(ws: Workspace) -> int:
    return list_organisations(ws)[0].id


def _vendor(ws: Workspace, name: str, **values: Any) -> int:
    return add_vendor(ws, {"name": name, "role": "processor", **values}).record.id


def _row(ws: Workspace, activity_id: int):
    return next(row for row in list_activity_rows(ws) if row.id == activity_id)


def _uses(ws: Workspace) -> dict[str, int]:
    return {row.name: row.activity_count for row in list_vendor_rows(ws, TODAY)}


def _full_values(ws: Workspace) -> dict[str, Any]:
    """A realistic value for every field of an activity, already in its stored form."""
    owner = add_person(ws, {"name": "Inès Garnier", "role": "editor"}).record.id
    host = _vendor(ws, "Hostel Cloud SAS", country="FR")
    helpdesk = _vendor(ws, "Deskwise Inc.", country="US")
    values: dict[str, Any] = {
        "reference": "PA-042",
        "name": "Customer service",
        "description": "Answering questions by e-mail and chat.\nComplaints go to the manager.",
        "status": "active",
        "owner_id": owner,
        "controller_id": _org_id(ws),
        "joint_controllers": "Acme Marketplace SARL, privacy@marketplace.example",
        "joint_arrangement": "The marketplace answers access requests; we answer the rest.",
        "purposes": [
            {
                "key": "support",
                "purpose": "Answering customer questions",
                "basis": "6.1.b",
                "basis_reference": "",
                "legitimate_interest": "",
                "art9_condition": None,
                "art10_basis": "",
                "national_law_reference": "",
            },
            {
                "key": "health",
                "purpose": "Handling allergy complaints about products",
                "basis": "6.1.c",
                "basis_reference": "Code de la consommation art. L421-3",
                "legitimate_interest": "",
                "art9_condition": "9.2.f",
                "art10_basis": "",
                "national_law_reference": "Loi Informatique et Libertés art. 6",
            },
        ],
        "data_subjects": ["Customers", "Prospective customers"],
        "data_categories": [
            {
                "category": "Contact details",
                "kind": "regular",
                "source": "data_subject",
                "source_detail": "",
                "requirement": "contractual",
                "consequence": "We cannot answer.",
                "purpose_keys": ["support", "health"],
                "retention_period": "3 years",
                "retention_trigger": "Closure of the ticket",
                "end_action": "delete",
            },
            {
                "category": "Health data",
                "kind": "special",
                "source": "third_party",
                "source_detail": "The customer's doctor, with the customer's agreement",
                "requirement": "none",
                "consequence": "",
                "purpose_keys": ["health"],
                "retention_period": "5 years (Code civil art. 2224)",
                "retention_trigger": "Closure of the complaint",
                "end_action": "anonymise",
            },
        ],
        "recipients": [
            {"type": "internal", "name": "Customer service department", "vendor_id": None},
            {"type": "processor", "name": "Hostel Cloud SAS", "vendor_id": host},
        ],
        "transfers": [
            {
                "destination": "US",
                "importer": "Deskwise Inc.",
                "vendor_id": helpdesk,
                "mechanism": "scc",
                "scc_module": "2",
                "derogation": None,
                "safeguard_document": "Contracts/2026/Deskwise-SCC.pdf",
            }
        ],
        "security_measures": ["Multi-factor authentication", "Least privilege"],
        "security_notes": "Tickets are deleted from agents' mailboxes every night.",
        "systems": ["Helpdesk", "Telephone system"],
        "automated_decisions": True,
        "automated_logic": "Tickets mentioning a refund are routed to the finance queue.",
        "automated_significance": "A person answers every ticket; routing only sets the order.",
        "last_review": date(2026, 3, 1),
        "next_review": date(2027, 3, 1),
    }
    assert set(values) == set(ACTIVITY_FIELDS), "the test must give a value for every field"
    return values


# -- adding, editing, deleting, duplicating -------------------------------------------------


def test_every_field_round_trips_through_the_database(workspace: Workspace) -> None:
    values = _full_values(workspace)
    created = add_activity(workspace, values, actor="tester").record
    stored = get_activity(workspace, created.id)
    for name in ACTIVITY_FIELDS:
        assert stored[name] == values[name], name


def test_add_fills_in_reference_status_and_controller(workspace: Workspace) -> None:
    created = add_activity(workspace, {"name": "Newsletter"}).record
    assert (created["reference"], created["status"], created["controller_id"]) == (
        "PA-001",
        "draft",
        _org_id(workspace),
    )
    assert add_activity(workspace, {"name": "Payroll"}).record["reference"] == "PA-002"


def test_next_reference_follows_the_highest_number(workspace: Workspace) -> None:
    assert next_reference(workspace) == "PA-001"
    for reference in ("PA-001", "PA-007", "PA-12a", "XY-900", "PA-"):
        add_activity(workspace, {"name": reference, "reference": reference})
    assert next_reference(workspace) == "PA-008"
    add_activity(workspace, {"name": "Big", "reference": "PA-1000"})
    assert next_reference(workspace) == "PA-1001"
    assert next_reference(workspace, "XY-") == "XY-901"
    assert next_reference(workspace, "PR-") == "PR-001"


def test_update_stores_the_change_and_a_stale_version_is_refused(workspace: Workspace) -> None:
    created = add_activity(workspace, {"name": "Newsletter"}).record
    updated = update_activity(workspace, created.id, {"status": "active"}, created.version).record
    assert (updated["status"], updated.version) == ("active", created.version + 1)
    with pytest.raises(ConflictError):
        update_activity(workspace, created.id, {"name": "Mailing"}, created.version)
    assert get_activity(workspace, created.id)["name"] == "Newsletter"


def test_delete_removes_the_activity_and_undo_brings_it_back(workspace: Workspace) -> None:
    host = _vendor(workspace, "Host SAS")
    created = add_activity(
        workspace,
        {
            "name": "Orders",
            "recipients": [{"type": "processor", "name": "Host", "vendor_id": host}],
        },
    ).record
    deletion = delete_activity(workspace, created.id, created.version)
    with pytest.raises(RecordNotFound):
        get_activity(workspace, created.id)
    assert _uses(workspace)["Host SAS"] == 0
    revert_change(workspace, deletion.change_id)
    restored = get_activity(workspace, created.id)
    assert restored["recipients"] == created["recipients"]
    assert _uses(workspace)["Host SAS"] == 1


def test_duplicate_makes_a_draft_copy_under_the_next_reference(workspace: Workspace) -> None:
    original_values = _full_values(workspace)
    original = add_activity(workspace, original_values).record
    copy = duplicate_activity(workspace, original.id).record
    assert copy.id != original.id
    assert copy["reference"] == "PA-043"
    assert copy["name"] == "Copy of Customer service"
    assert (copy["status"], copy["last_review"]) == ("draft", None)
    for name in ("purposes", "data_categories", "recipients", "transfers", "owner_id"):
        assert copy[name] == original_values[name], name
    # The copy uses the same vendors, so both activities count.
    assert _uses(workspace) == {"Deskwise Inc.": 2, "Hostel Cloud SAS": 2}
    assert get_activity(workspace, original.id)["status"] == "active"


def test_a_duplicated_long_name_is_cut_to_the_field_length(workspace: Workspace) -> None:
    original = add_activity(workspace, {"name": "x" * 300}).record
    copy = duplicate_activity(workspace, original.id).record
    assert len(copy["name"]) == 300 and copy["name"].startswith("Copy of x")


# -- summary columns and vendor links -------------------------------------------------------


def test_summary_columns_follow_edits_undo_and_redo(workspace: Workspace) -> None:
    created = add_activity(
        workspace,
        {"name": "HR", "purposes": [{"key": "pay", "purpose": "Pay", "basis": "6.1.b"}]},
    ).record
    row = _row(workspace, created.id)
    assert (row.legal_bases, row.has_special_data, row.has_transfers) == (("6.1.b",), False, False)

    edit = update_activity(
        workspace,
        created.id,
        {
            "purposes": [
                {"key": "pay", "purpose": "Pay", "basis": "6.1.b"},
                {
                    "key": "sick",
                    "purpose": "Sick leave",
                    "basis": "6.1.c",
                    "art9_condition": "9.2.b",
                },
                {"key": "law", "purpose": "Declarations", "basis": "6.1.c"},
            ],
            "data_categories": [{"category": "Health data", "kind": "special"}],
            "transfers": [{"destination": "CH", "mechanism": "adequacy"}],
        },
        created.version,
    )
    row = _row(workspace, created.id)
    assert (row.legal_bases, row.has_special_data, row.has_transfers) == (
        ("6.1.b", "6.1.c"),
        True,
        True,
    )

    undo = revert_change(workspace, edit.change_id)
    row = _row(workspace, created.id)
    assert (row.legal_bases, row.has_special_data, row.has_transfers) == (("6.1.b",), False, False)

    revert_change(workspace, undo.change_id)
    row = _row(workspace, created.id)
    assert (row.legal_bases, row.has_special_data, row.has_transfers) == (
        ("6.1.b", "6.1.c"),
        True,
        True,
    )


def test_criminal_offence_data_counts_as_sensitive(workspace: Workspace) -> None:
    created = add_activity(
        workspace, {"name": "Vetting", "data_categories": [{"category": "x", "kind": "criminal"}]}
    ).record
    assert _row(workspace, created.id).has_special_data is True


def test_vendor_links_follow_recipients_and_transfers(workspace: Workspace) -> None:
    host, mail, support = (_vendor(workspace, name) for name in ("Host", "Mail", "Support"))
    created = add_activity(
        workspace,
        {"name": "Orders", "recipients": [{"type": "processor", "name": "H", "vendor_id": host}]},
    ).record
    assert _uses(workspace) == {"Host": 1, "Mail": 0, "Support": 0}
    assert activities_using_vendor(workspace, host) == [(created.id, "PA-001", "Orders")]

    edit = update_activity(
        workspace,
        created.id,
        {
            "recipients": [
                {"type": "processor", "name": "M", "vendor_id": mail},
                {"type": "internal", "name": "Sales"},
            ],
            "transfers": [
                {"destination": "US", "mechanism": "adequacy", "vendor_id": support},
                {"destination": "GB", "mechanism": "adequacy", "vendor_id": mail},
            ],
        },
        created.version,
    )
    assert _uses(workspace) == {"Host": 0, "Mail": 1, "Support": 1}
    assert activities_using_vendor(workspace, host) == []

    revert_change(workspace, edit.change_id)
    assert _uses(workspace) == {"Host": 1, "Mail": 0, "Support": 0}

    current = get_activity(workspace, created.id)
    update_activity(workspace, created.id, {"recipients": []}, current.version)
    assert _uses(workspace) == {"Host": 0, "Mail": 0, "Support": 0}


# -- refusals -------------------------------------------------------------------------------


def test_deleting_a_vendor_in_use_is_refused_naming_the_activities(workspace: Workspace) -> None:
    host = _vendor(workspace, "Host SAS")
    recipient = [{"type": "processor", "name": "Host", "vendor_id": host}]
    for number in range(1, 8):
        add_activity(workspace, {"name": f"A{number}", "recipients": recipient})
    with pytest.raises(UserError) as raised:
        delete_vendor(workspace, host, None)
    message = str(raised.value)
    assert "Host SAS" in message and "7 register entries" in message
    # Only the first five are named; the rest are counted.
    assert "PA-001, PA-002, PA-003, PA-004, PA-005 and 2 more" in message
    assert "PA-006" not in message
    assert any(row.id == host for row in list_vendor_rows(workspace, TODAY))


def test_an_unused_vendor_can_be_deleted(workspace: Workspace) -> None:
    host = _vendor(workspace, "Host SAS")
    delete_vendor(workspace, host, None)
    assert list_vendor_rows(workspace, TODAY) == []


def test_deleting_an_owner_is_refused_naming_the_activities(workspace: Workspace) -> None:
    person = add_person(workspace, {"name": "Lea Roth", "role": "editor"}).record
    add_activity(workspace, {"name": "Payroll", "owner_id": person.id})
    with pytest.raises(UserError, match=r"Lea Roth owns the activity PA-001"):
        remove_person(workspace, person.id, None)
    add_activity(workspace, {"name": "Recruitment", "owner_id": person.id})
    with pytest.raises(UserError, match=r"owns 2 activities \(PA-001, PA-002\)"):
        remove_person(workspace, person.id, None)


def test_deleting_a_controller_is_refused_naming_the_register_entries(
    workspace: Workspace,
) -> None:
    first = _org_id(workspace)
    add_organisation(workspace, {"legal_name": "Acme Logistics GmbH", "country": "DE"})
    add_activity(workspace, {"name": "Orders", "controller_id": first})
    apply_change(
        workspace,
        create=[
            (
                "processor_activity",
                {"reference": "PR-001", "processor_id": first, "controller_name": "Client SA"},
            )
        ],
    )
    with pytest.raises(UserError) as raised:
        delete_organisation(workspace, first, None)
    assert "Acme Online SAS" in str(raised.value)
    assert "(PA-001, PR-001)" in str(raised.value)
    assert len(list_organisations(workspace)) == 2


def test_a_reference_already_in_use_is_refused_with_the_field_named(workspace: Workspace) -> None:
    add_activity(workspace, {"name": "Orders", "reference": "PA-010"})
    with pytest.raises(ValidationError) as raised:
        add_activity(workspace, {"name": "Payments", "reference": " PA-010 "})
    assert [error.field for error in raised.value.errors] == ["reference"]
    assert "Reference" in str(raised.value) and "already used by “Orders”" in str(raised.value)
    second = add_activity(workspace, {"name": "Payments"}).record
    with pytest.raises(ValidationError, match="Reference"):
        update_activity(workspace, second.id, {"reference": "PA-010"}, second.version)
    assert [(row.reference, row.name) for row in list_activity_rows(workspace)] == [
        ("PA-010", "Orders"),
        ("PA-011", "Payments"),
    ]


def test_a_missing_owner_or_controller_is_refused(workspace: Workspace) -> None:
    with pytest.raises(ValidationError) as raised:
        add_activity(workspace, {"name": "Orders", "owner_id": 999, "controller_id": 998})
    assert {error.field for error in raised.value.errors} == {"owner_id", "controller_id"}
    assert "Team member #999 does not exist" in str(raised.value)
    assert "Organisation #998 does not exist" in str(raised.value)
    assert list_activity_rows(workspace) == []


@pytest.mark.parametrize("field_name", ["recipients", "transfers"])
def test_a_missing_vendor_is_refused(workspace: Workspace, field_name: str) -> None:
    entry = (
        {"type": "processor", "name": "Ghost"}
        if field_name == "recipients"
        else {"destination": "US", "mechanism": "adequacy"}
    )
    host = _vendor(workspace, "Host SAS")
    created = add_activity(workspace, {"name": "Orders"}).record
    with pytest.raises(ValidationError) as raised:
        update_activity(
            workspace,
            created.id,
            {field_name: [{**entry, "vendor_id": host}, {**entry, "vendor_id": 999}]},
            created.version,
        )
    assert raised.value.errors[0].field == field_name
    assert "entry 2: vendor #999 does not exist" in str(raised.value)
    # Nothing was stored, the links included.
    stored = get_activity(workspace, created.id)
    assert (stored[field_name], stored.version) == ([], created.version)
    assert _uses(workspace) == {"Host SAS": 0}


@pytest.mark.parametrize(
    ("field_name", "items", "message"),
    [
        (
            "purposes",
            [{"purpose": "Pay", "basis": "6.1.b"}, {"purpose": "Sell", "basis": "6.1.z"}],
            "Purposes: entry 2, Legal basis: “6.1.z” is not one of",
        ),
        (
            "purposes",
            [{"purpose": "Pay", "basis": "6.1.b"}, {"purpose": "Sell"}],
            "Purposes: entry 2, Legal basis: is required",
        ),
        (
            "data_categories",
            [{"category": "Email"}, {"category": "Name", "colour": "red"}],
            "Categories of data: entry 2, colour: is not a known column",
        ),
        (
            "transfers",
            [
                {"destination": "US", "mechanism": "adequacy"},
                {"destination": "IN", "mechanism": "x"},
            ],
            "Transfers outside the EEA: entry 2, Safeguard: “x” is not one of",
        ),
        (
            "recipients",
            [{"type": "internal", "name": "HR"}, {"type": "internal", "name": "x" * 301}],
            "Recipients: entry 2, Recipient: is too long (at most 300 characters)",
        ),
    ],
)
def test_a_bad_item_names_the_entry_and_the_column(
    workspace: Workspace, field_name: str, items: list[dict[str, Any]], message: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        add_activity(workspace, {"name": "Orders", field_name: items})
    assert raised.value.errors[0].field == field_name
    assert message in str(raised.value)
    assert list_activity_rows(workspace) == []


HOSTILE = [
    "Robert'); DROP TABLE processing_activity;--",
    "<script>alert('x')</script>",
    '=HYPERLINK("http://evil.example","click")',
    "../../etc/passwd",
    "%s %d {0} {name} ${HOME}",
    "\u202eevil\u202c ü 中文 🙂",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_stored_as_plain_data(workspace: Workspace, text: str) -> None:
    created = add_activity(
        workspace,
        {
            "name": text,
            "description": text,
            "purposes": [
                {"key": "k", "purpose": text, "basis": "6.1.f", "legitimate_interest": text}
            ],
            "systems": [text],
            "recipients": [{"type": "third_party", "name": text}],
        },
    ).record
    stored = get_activity(workspace, created.id)
    assert stored["name"] == stored["description"] == text
    assert stored["purposes"][0]["purpose"] == stored["purposes"][0]["legitimate_interest"] == text
    assert stored["systems"] == [text]
    assert stored["recipients"][0]["name"] == text
    assert [row.name for row in list_activity_rows(workspace)] == [text]


def test_control_characters_in_an_item_are_refused(workspace: Workspace) -> None:
    with pytest.raises(ValidationError, match="control character"):
        add_activity(
            workspace,
            {"name": "Orders", "purposes": [{"purpose": "Pay\x1b[31m\x07", "basis": "6.1.b"}]},
        )


# -- table rows -----------------------------------------------------------------------------


def test_activity_rows_show_what_the_register_table_needs(workspace: Workspace) -> None:
    owner = add_person(workspace, {"name": "Inès Garnier", "role": "editor"}).record.id
    other = add_organisation(workspace, {"legal_name": "Acme Logistics GmbH"}).record.id
    add_activity(
        workspace,
        {
            "reference": "PA-002",
            "name": "CCTV",
            "status": "active",
            "owner_id": owner,
            "controller_id": other,
            "purposes": [{"purpose": "Theft", "basis": "6.1.f"}],
            "next_review": "2027-01-31",
        },
    )
    add_activity(workspace, {"reference": "PA-001", "name": "Orders"})
    first, second = list_activity_rows(workspace)
    assert (first.reference, first.name, first.status, first.owner_id, first.owner_name) == (
        "PA-001",
        "Orders",
        "draft",
        None,
        "",
    )
    assert (first.controller_name, first.legal_bases, first.next_review) == (
        "Acme Online SAS",
        (),
        None,
    )
    assert (second.reference, second.owner_name, second.controller_name) == (
        "PA-002",
        "Inès Garnier",
        "Acme Logistics GmbH",
    )
    assert (second.controller_id, second.legal_bases, second.next_review) == (
        other,
        ("6.1.f",),
        date(2027, 1, 31),
    )
    assert second.version == 1


def test_vendor_rows_show_the_contract_status(workspace: Workspace) -> None:
    signed = "2024-01-01"
    _vendor(workspace, "b-ok", dpa_signed_on=signed, dpa_review_on=TODAY + timedelta(days=61))
    _vendor(workspace, "A-ok-no-review-date", dpa_signed_on=signed)
    _vendor(workspace, "due-in-60-days", dpa_signed_on=signed, dpa_review_on=TODAY + timedelta(60))
    _vendor(workspace, "due-today", dpa_signed_on=signed, dpa_review_on=TODAY)
    _vendor(workspace, "expired", dpa_signed_on=signed, dpa_review_on=TODAY - timedelta(days=1))
    _vendor(workspace, "missing", dpa_review_on=TODAY + timedelta(days=400))
    _vendor(workspace, "sub-missing", role="sub_processor")
    _vendor(workspace, "controller", role="independent_controller", country="LU")
    rows = list_vendor_rows(workspace, TODAY)
    # Sorted by name whatever the case.
    assert [row.name for row in rows] == [
        "A-ok-no-review-date",
        "b-ok",
        "controller",
        "due-in-60-days",
        "due-today",
        "expired",
        "missing",
        "sub-missing",
    ]
    assert {row.name: row.contract for row in rows} == {
        "A-ok-no-review-date": ContractStatus.OK,
        "b-ok": ContractStatus.OK,
        "controller": ContractStatus.NOT_NEEDED,
        "due-in-60-days": ContractStatus.DUE_SOON,
        "due-today": ContractStatus.DUE_SOON,
        "expired": ContractStatus.EXPIRED,
        "missing": ContractStatus.MISSING,
        "sub-missing": ContractStatus.MISSING,
    }
    controller = next(row for row in rows if row.name == "controller")
    assert (controller.country, controller.role, controller.dpa_signed_on) == (
        "LU",
        "independent_controller",
        None,
    )
    expired = next(row for row in rows if row.name == "expired")
    assert (expired.dpa_signed_on, expired.dpa_review_on) == (date(2024, 1, 1), date(2026, 11, 28))


# -- known bugs -----------------------------------------------------------------------------


def test_a_refusal_about_one_activity_speaks_in_the_singular(workspace: Workspace) -> None:
    host = _vendor(workspace, "Host SAS")
    add_activity(
        workspace,
        {"name": "Orders", "recipients": [{"type": "processor", "name": "H", "vendor_id": host}]},
    )
    add_organisation(workspace, {"legal_name": "Acme Logistics GmbH"})
    with pytest.raises(UserError) as vendor_refusal:
        delete_vendor(workspace, host, None)
    with pytest.raises(UserError) as controller_refusal:
        delete_organisation(workspace, _org_id(workspace), None)
    assert "1 activities" not in str(vendor_refusal.value)
    assert "1 register entries" not in str(controller_refusal.value)


def test_a_processor_record_naming_a_missing_vendor_is_refused(workspace: Workspace) -> None:
    with pytest.raises(ValidationError, match="vendor #999 does not exist"):
        apply_change(
            workspace,
            create=[
                (
                    "processor_activity",
                    {
                        "reference": "PR-001",
                        "processor_id": _org_id(workspace),
                        "controller_name": "Client SA",
                        "transfers": [
                            {"destination": "US", "mechanism": "adequacy", "vendor_id": 999}
                        ],
                    },
                )
            ],
        )


def test_deleting_a_vendor_named_by_a_processor_record_is_refused(workspace: Workspace) -> None:
    host = _vendor(workspace, "Host Inc.", country="US")
    apply_change(
        workspace,
        create=[
            (
                "processor_activity",
                {
                    "reference": "PR-001",
                    "processor_id": _org_id(workspace),
                    "controller_name": "Client SA",
                    "transfers": [
                        {"destination": "US", "mechanism": "adequacy", "vendor_id": host}
                    ],
                },
            )
        ],
    )
    with pytest.raises(UserError, match="PR-001"):
        delete_vendor(workspace, host, None)


def test_processor_records_get_their_own_reference_series(workspace: Workspace) -> None:
    from app.services.register import add_processor_activity, list_processor_activity_rows

    first = add_processor_activity(workspace, {"controller_name": "Client One SA"}).record
    second = add_processor_activity(workspace, {"controller_name": "Client Two BV"}).record
    assert (first["reference"], second["reference"]) == ("PR-001", "PR-002")
    rows = list_processor_activity_rows(workspace)
    assert [(row.reference, row.controller_name, row.processor_name) for row in rows] == [
        ("PR-001", "Client One SA", "Acme Online SAS"),
        ("PR-002", "Client Two BV", "Acme Online SAS"),
    ]
