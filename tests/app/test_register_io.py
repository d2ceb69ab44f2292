"""Register import and export: lossless round trips, the ICO template, column mappings, all or
nothing, hostile files; storage-touching tests run on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
import uuid
import zipfile
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.activity import ACTIVITY_FIELDS
from app.domain.fields import FieldSpec
from app.domain.processor_activity import PROCESSOR_ACTIVITY_FIELDS
from app.domain.vendor import VENDOR_FIELDS
from app.errors import InvalidValue, UserError
from app.services.changes import RecordData, apply_change, list_records, revert_change
from app.services.history import count_history, list_history
from app.services.organisations import add_organisation
from app.services.register import add_activity, add_vendor
from app.services.register_io import (
    RegisterImportError,
    export_register,
    import_register,
)
from app.services.register_io.dates import parse_date
from app.services.register_io.exporting import RegisterSnapshot, write_snapshot
from app.services.register_io.importing import _records
from app.services.register_io.layouts import SheetKind, our_headings
from app.services.register_io.problems import Problems
from app.services.register_io.readers import read_source
from app.services.register_io.wording import parse_legal_basis
from app.services.team import add_person
from app.storage.workspace import Workspace
from tests.conftest import postgres_admin_url

HOSTILE_NAME = '=HYPERLINK("http://evil.example","Click")'
SCRIPT = "<script>alert('x')</script> & <b>bold</b>"


# -- workspaces ------------------------------------------------------------------------------


def _team(ws: Workspace) -> None:
    """What the file names but an import does not create: a second company and the owner."""
    add_organisation(ws, {"legal_name": "Acme Logistik GmbH", "country": "DE"}, actor="setup")
    add_person(ws, {"name": "Zoë Martin", "email": "zoe@acme.example", "role": "owner"})


@pytest.fixture
def fresh(workspace_target: str, tmp_path: Path) -> Iterator[Callable[[], Workspace]]:
    """Makes more empty workspaces on the same database kind as `workspace`, each with the
    same organisations and team."""
    made: list[Workspace] = []
    databases: list[str] = []

    def make() -> Workspace:
        if workspace_target.startswith("postgresql"):
            import psycopg

            admin = postgres_admin_url()
            assert admin
            name = f"pwb_test_{uuid.uuid4().hex[:12]}"
            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(f'CREATE DATABASE "{name}"')
            databases.append(name)
            target = f"{admin.rsplit('/', 1)[0]}/{name}"
        else:
            target = str(tmp_path / f"fresh-{len(made)}.pwb")
        ws = Workspace.create(target)
        add_organisation(ws, {"legal_name": "Acme Online SAS", "country": "FR"}, actor="setup")
        _team(ws)
        made.append(ws)
        return ws

    yield make
    for ws in made:
        ws.close()
    if databases:
        import psycopg

        with psycopg.connect(postgres_admin_url() or "", autocommit=True) as connection:
            for name in databases:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _fill(ws: Workspace) -> None:
    """A register with every field of every record kind filled, and awkward text."""
    _team(ws)
    cloud = add_vendor(
        ws,
        {
            "name": "Cloudy Hosting Ltd",
            "country": "IE",
            "role": "processor",
            "service": "Hosting | backups; monitoring",
            "contact_name": "Dana O'Neill",
            "contact_email": "privacy@cloudy.example",
            "dpa_signed_on": date(2025, 1, 31),
            "dpa_review_on": date(2027, 1, 31),
            "dpa_reference": "Contracts/2025/Cloudy.pdf",
            "sub_processors": [{"name": "Big Cloud Inc.", "country": "US", "service": "Compute"}],
            "notes": "-Reviewed\nby the DPO",
        },
    ).record.id
    atlas = add_vendor(ws, {"name": "Atlas Analytics Inc.", "country": "US", "role": "processor"})
    purposes = [
        {"key": "k1", "purpose": "Orders | delivery", "basis": "6.1.b"},
        {
            "key": "k2",
            "purpose": "Fraud checks",
            "basis": "6.1.f",
            "legitimate_interest": "Stopping payment fraud",
            "art9_condition": "9.2.f",
        },
        {
            "key": "k3",
            "purpose": "Accounting",
            "basis": "6.1.c",
            "basis_reference": "Code de commerce, L123-22",
            "art10_basis": "none\\really",
            "national_law_reference": "LIL art. 6",
        },
    ]
    add_activity(
        ws,
        {
            "reference": "PA-001",
            "name": HOSTILE_NAME,
            "description": f"{SCRIPT}\nSecond line; with | bar\n@mention +44",
            "status": "active",
            "owner_id": 1,
            "controller_id": 2,
            "joint_controllers": "Partner SARL, 1 rue X, Paris",
            "joint_arrangement": "Partner answers requests.",
            "purposes": purposes,
            "data_subjects": ["Customers", "Prospects; leads"],
            "data_categories": [
                {
                    "category": "Contact details",
                    "kind": "regular",
                    "source": "third_party",
                    "source_detail": "Marketplace",
                    "requirement": "contractual",
                    "consequence": "No delivery",
                    "purpose_keys": ["k1", "k3"],
                    "retention_period": "3 years",
                    "retention_trigger": "end of contract",
                    "end_action": "archive",
                },
                {"category": "Health data", "kind": "special", "purpose_keys": ["k2"]},
            ],
            "recipients": [
                {"type": "processor", "name": "Cloudy", "vendor_id": cloud},
                {"type": "public_authority", "name": "Tax office"},
            ],
            "transfers": [
                {
                    "destination": "US",
                    "importer": "Atlas Analytics Inc.",
                    "vendor_id": atlas.record.id,
                    "mechanism": "scc",
                    "scc_module": "2",
                    "safeguard_document": "DPA annex 3",
                },
                {"destination": "IN", "mechanism": "derogation", "derogation": "b"},
            ],
            "security_measures": ["Encryption at rest", "=2+2"],
            "security_notes": "Pen test yearly",
            "systems": ["CRM", "C:\\share\\orders"],
            "automated_decisions": True,
            "automated_logic": "Score over 80 blocks the order",
            "automated_significance": "Order refused",
            "last_review": date(2026, 1, 5),
            "next_review": date(2027, 1, 5),
        },
    )
    add_activity(ws, {"reference": "PA-002", "name": "Newsletter"})
    apply_change(
        ws,
        create=[
            (
                "processor_activity",
                {
                    "reference": "PR-001",
                    "processor_id": 1,
                    "controller_name": "Client SA",
                    "controller_contact": "dpo@client.example",
                    "controller_representative": "Rep Ltd",
                    "controller_dpo": "Jean DPO",
                    "processing_categories": "Payroll",
                    "transfers": [
                        {"destination": "US", "mechanism": "scc", "vendor_id": atlas.record.id}
                    ],
                    "security_measures": ["Access control"],
                    "security_notes": "ISO 27001",
                },
            )
        ],
    )


def _values(ws: Workspace, record_type: str, specs: dict[str, FieldSpec]) -> list[dict[str, Any]]:
    """Stored values by field, ids replaced by names, purpose keys by purpose positions."""
    vendors = {v.id: v["name"] for v in list_records(ws, "vendor")}
    out = []
    for record in list_records(ws, record_type):
        values = {name: record[name] for name in specs}
        for name in ("recipients", "transfers"):
            if name in values:
                values[name] = [
                    {**e, "vendor_id": vendors.get(e.get("vendor_id"))} for e in values[name]
                ]
        if "purposes" in values:
            position = {p["key"]: i for i, p in enumerate(values["purposes"])}
            values["purposes"] = [{**p, "key": None} for p in values["purposes"]]
            values["data_categories"] = [
                {**c, "purpose_keys": [position.get(k, k) for k in c["purpose_keys"]]}
                for c in values["data_categories"]
            ]
        out.append(values)
    return sorted(out, key=lambda v: str(v.get("reference") or v.get("name")))


# -- round trips --------------------------------------------------------------------------


def test_json_export_imports_back_losslessly(workspace: Workspace, fresh, tmp_path: Path) -> None:
    _fill(workspace)
    first = export_register(workspace, tmp_path / "register.json")
    document = json.loads(first.read_text(encoding="utf-8"))
    assert (document["format"], document["version"]) == ("privacy-workbench-register", 1)
    assert document["activities"][0]["owner"] == {"name": "Zoë Martin", "email": "zoe@acme.example"}
    assert document["activities"][0]["recipients"][0]["vendor"] == "Cloudy Hosting Ltd"

    other = fresh()
    report = import_register(other, first, actor="importer")
    assert (report.activities, report.vendors, report.processor_activities) == (2, 2, 1)
    again = json.loads(export_register(other, tmp_path / "again.json").read_text("utf-8"))
    for data in (document, again):
        data.pop("exported_at")
    assert again == document  # purpose keys included: JSON carries everything


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_spreadsheet_round_trip_keeps_every_activity_field(
    workspace: Workspace, fresh, tmp_path: Path, suffix: str
) -> None:
    _fill(workspace)
    exported = export_register(workspace, tmp_path / f"register{suffix}")
    other = fresh()
    report = import_register(other, exported)
    assert report.activities == 2
    assert _values(other, "processing_activity", ACTIVITY_FIELDS) == _values(
        workspace, "processing_activity", ACTIVITY_FIELDS
    )
    if suffix == ".xlsx":  # vendors and processor records have sheets of their own
        assert _values(other, "vendor", VENDOR_FIELDS) == _values(
            workspace, "vendor", VENDOR_FIELDS
        )
        assert _values(other, "processor_activity", PROCESSOR_ACTIVITY_FIELDS) == _values(
            workspace, "processor_activity", PROCESSOR_ACTIVITY_FIELDS
        )
        again = export_register(other, tmp_path / "again.xlsx")
        assert _sheet_values(again) == _sheet_values(exported)
    else:  # CSV holds activities; the vendors they name come back by name
        assert {v["name"] for v in list_records(other, "vendor")} == {
            "Cloudy Hosting Ltd",
            "Atlas Analytics Inc.",
        }
        assert "2 new vendors, named in the lists" in " ".join(report.notes)
        assert export_register(other, tmp_path / "again.csv").read_bytes() == exported.read_bytes()


def _sheet_values(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    workbook = openpyxl.load_workbook(path)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook}


def test_import_is_one_undoable_change_with_field_events(
    workspace: Workspace, fresh, tmp_path: Path
) -> None:
    _fill(workspace)
    exported = export_register(workspace, tmp_path / "register.xlsx")
    other = fresh()
    before = count_history(other)
    report = import_register(other, exported, actor="Importer")
    assert report.change is not None
    activity = next(
        r for r in list_records(other, "processing_activity") if r["reference"] == "PA-001"
    )
    events = list_history(other, record_type="processing_activity", record_id=activity.id)
    assert {e.change_id for e in events} == {report.change.change_id}
    assert {e.actor for e in events} == {"Importer"}
    fields = {e.field for e in events}
    assert {"Name", "Purposes", "Business owner", "Last reviewed"} <= fields
    assert next(e.new for e in events if e.field == "Name") == HOSTILE_NAME
    undo = revert_change(other, report.change.change_id)
    assert list_records(other, "processing_activity") == []
    assert list_records(other, "vendor") == []
    assert undo.changed and count_history(other) > before


# -- hostile text ---------------------------------------------------------------------------


def test_formulas_are_neutralised_and_markup_stays_text(
    workspace: Workspace, tmp_path: Path
) -> None:
    _fill(workspace)
    xlsx = export_register(workspace, tmp_path / "register.xlsx")
    workbook = openpyxl.load_workbook(xlsx)
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert not [t for t in texts if t[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert f"'{HOSTILE_NAME}" in texts
    assert "'-Reviewed\nby the DPO" in texts  # vendor notes
    assert any(t.startswith(SCRIPT) for t in texts)

    rows = list(
        csv.reader(
            io.StringIO(export_register(workspace, tmp_path / "r.csv").read_text("utf-8-sig"))
        )
    )
    flat = [cell for row in rows for cell in row]
    assert f"'{HOSTILE_NAME}" in flat
    assert not [cell for cell in flat if cell[:1] in ("=", "+", "-", "@")]
    assert any(cell.startswith(SCRIPT) for cell in flat)


def _snapshot_with(name: str, description: str | None) -> RegisterSnapshot:
    values = {spec: None for spec in ACTIVITY_FIELDS}
    values.update(
        reference="PA-001",
        name=name,
        description=description,
        status="draft",
        controller_id=1,
        automated_decisions=False,
    )
    for list_field in (
        "purposes",
        "data_subjects",
        "data_categories",
        "recipients",
        "transfers",
        "security_measures",
        "systems",
    ):
        values[list_field] = []
    return RegisterSnapshot(
        organisations={1: "Acme"},
        organisation_list=[],
        people={},
        records={SheetKind.ACTIVITIES: [RecordData("processing_activity", 1, 1, values)]},
    )


def _canonical(spec: FieldSpec, text: str) -> str | None:
    try:
        return spec.clean(text)
    except Exception:
        return None


# Any text that is a valid name (one line) or description (several lines).
_names = st.text(min_size=1, max_size=120).map(lambda t: _canonical(ACTIVITY_FIELDS["name"], t))
_descriptions = st.text(max_size=400).map(lambda t: _canonical(ACTIVITY_FIELDS["description"], t))


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=_names.filter(bool), description=_descriptions)
def test_any_name_and_description_survive_xlsx_and_csv(
    tmp_path: Path, name: str, description: str | None
) -> None:
    """The rule: our export adds one apostrophe to a cell that starts with = + - @ (or an
    apostrophe), and reading our layout removes exactly one, so every text comes back."""
    for suffix in (".xlsx", ".csv"):
        path = tmp_path / f"prop{suffix}"
        write_snapshot(_snapshot_with(name, description), path, lambda _p, _m: None)
        problems = Problems(path.name)
        _layout, records = _records(read_source(path), None, problems)
        assert not problems.items
        (record,) = records
        assert ACTIVITY_FIELDS["name"].clean(record.values["name"]) == name
        assert ACTIVITY_FIELDS["description"].clean(record.values["description"]) == description


# -- the ICO template and column mappings ----------------------------------------------------

ICO_HEADINGS = [
    "Business function",
    "PURPOSE OF PROCESSING",
    "Name and contact details of joint controller (if applicable)",
    "Categories of  individuals",
    "Categories of personal data",
    "Categories of recipients",
    "Link to contract with processor",
    "Names of third countries or international organisations that personal data are "
    "transferred to (if applicable)",
    "Safeguards for exceptional transfers of personal data to third countries or "
    "international organisations (if applicable)",
    "Retention schedule (if possible)",
    "General description of technical and organisational security measures (if possible)",
    "Article 6 lawful basis for processing personal data",
    "Article 9 condition for processing special category data",
    "Legitimate interests for the processing (if applicable)",
    "Link to record of legitimate interests assessment (if applicable)",
    "Rights available to individuals",
    "Existence of automated decision-making, including profiling (if applicable)",
    "The source of the personal data (if applicable)",
    "Link to record of consent",
    "Location of personal data",
    "Data Protection Impact Assessment required?",
    "Has a personal data breach occurred?",
]


def _ico_workbook(path: Path, rows: list[list[Any]]) -> Path:
    """The ICO template's shape: a notes sheet, then the template with a contact block above
    the heading row (row 9)."""
    workbook = openpyxl.Workbook()
    notes = workbook.active
    notes.title = "Notes"
    notes["A1"] = "Use this template to document the processing activities you undertake."
    sheet = workbook.create_sheet("Template")
    sheet["A1"] = "Article 30 Record of Processing Activities"
    for row, label in enumerate(["Name", "Address", "Email", "Telephone"], start=3):
        sheet.cell(row, 1, label)
        sheet.cell(row, 2, "Controller details")
    for column, heading in enumerate(ICO_HEADINGS, start=1):
        sheet.cell(9, column, heading)
    for offset, values in enumerate(rows):
        for column, value in enumerate(values, start=1):
            sheet.cell(10 + offset, column, value)
    workbook.save(path)
    return path


def _ico_row(**cells: Any) -> list[Any]:
    keys = [
        "function",
        "purpose",
        "joint",
        "individuals",
        "data",
        "recipients",
        "contract",
        "countries",
        "safeguards",
        "retention",
        "security",
        "art6",
        "art9",
        "li",
        "lia",
        "rights",
        "automated",
        "source",
        "consent",
        "location",
        "dpia",
        "breach",
    ]
    return [cells.get(key) for key in keys]


def test_the_ico_template_imports_with_its_title_rows(workspace: Workspace, tmp_path: Path) -> None:
    path = _ico_workbook(
        tmp_path / "ico.xlsx",
        [
            _ico_row(
                function="HR",
                purpose="Payroll",
                individuals="Employees; Contractors",
                data="Name, bank details\nSalary",
                recipients="HMRC\nPayroll provider",
                contract="Contracts/payroll.pdf",
                countries="United States",
                safeguards="Standard contractual clauses",
                retention="6 years after leaving",
                security="Encrypted, access by HR only",
                art6="Article 6(1)(b), Legal obligation",
                automated="No",
                source="The employee",
                location="Sage; HR drive",
                dpia="No",
                breach="No",
            ),
            _ico_row(
                function="Marketing",
                purpose="Newsletter",
                individuals="Subscribers",
                data="Email address",
                art6="Consent",
                countries="Switzerland",
                li="n/a",
                automated="Yes - scoring of engagement",
                rights="Erasure, objection",
            ),
        ],
    )
    report = import_register(workspace, path)
    assert report.layout == "ico"
    payroll, newsletter = sorted(
        list_records(workspace, "processing_activity"), key=lambda r: r["reference"]
    )
    assert payroll["name"] == "Payroll"
    assert [(p["purpose"], p["basis"]) for p in payroll["purposes"]] == [
        ("Payroll", "6.1.b"),
        ("Payroll", "6.1.c"),
    ]
    assert payroll["data_subjects"] == ["Employees", "Contractors"]
    assert [c["category"] for c in payroll["data_categories"]] == ["Name, bank details", "Salary"]
    assert {c["retention_period"] for c in payroll["data_categories"]} == {"6 years after leaving"}
    assert [(r["name"], r["type"]) for r in payroll["recipients"]] == [
        ("HMRC", "public_authority"),
        ("Payroll provider", "processor"),
    ]
    assert [(t["destination"], t["mechanism"]) for t in payroll["transfers"]] == [("US", "scc")]
    assert payroll["security_notes"] == "Encrypted, access by HR only"
    assert payroll["systems"] == ["Sage", "HR drive"]
    assert payroll["automated_decisions"] is False
    assert "Business function: HR" in payroll["description"]
    assert "Link to contract with processor: Contracts/payroll.pdf" in payroll["description"]
    assert newsletter["purposes"][0]["basis"] == "6.1.a"
    assert newsletter["transfers"][0]["mechanism"] == "adequacy"  # Switzerland, nothing said
    assert newsletter["automated_decisions"] is True
    assert newsletter["automated_logic"] == "scoring of engagement"
    assert "Rights available to individuals: Erasure, objection" in newsletter["description"]


@pytest.mark.parametrize(
    ("wording", "code"),
    [
        ("Consent", "6.1.a"),
        ("contract", "6.1.b"),
        ("Legal obligation", "6.1.c"),
        ("Vital interests", "6.1.d"),
        ("Public task", "6.1.e"),
        ("Legitimate interests", "6.1.f"),
        ("Article 6(1)(b)", "6.1.b"),
        ("Art. 6.1.f", "6.1.f"),
        ("UK GDPR Article 6(1)(e)", "6.1.e"),
        ("6.1.c", "6.1.c"),
        ("Contract (Art. 6(1)(b))", "6.1.b"),
    ],
)
def test_lawful_basis_wording(wording: str, code: str) -> None:
    assert parse_legal_basis(wording) == code


@pytest.mark.parametrize(
    "value",
    [
        "2026-03-05",
        "05/03/2026",
        "5.3.2026",
        "5-3-26",
        "5 March 2026",
        "March 5, 2026",
        "05-Mar-2026",
        "5 mars 2026",
        46086,
        46086.0,
        "46086",
        datetime(2026, 3, 5, 0, 0),
        date(2026, 3, 5),
        "2026/03/05",
        "2026-03-05T14:30:00",
    ],
)
def test_dates_in_any_common_form(value: Any) -> None:
    assert parse_date(value) == date(2026, 3, 5)


@pytest.mark.parametrize("value", ["31/02/2026", "soon", "13/13/2026", -1])
def test_impossible_dates_are_refused(value: Any) -> None:
    with pytest.raises(InvalidValue):
        parse_date(value)


MAPPING = {
    "name": "Activity",
    "owner": "Owner e-mail",
    "purposes.purpose": "Why",
    "purposes.basis": "Lawful basis",
    "data_subjects": "Who",
    "data_categories.category": "What data",
    "data_categories.retention_period": "Kept",
    "transfers.destination": "Countries",
    "transfers.mechanism": "Safeguard",
    "last_review": "Reviewed",
}


def test_a_mapped_layout_imports_through_the_mapping(workspace: Workspace, tmp_path: Path) -> None:
    _team(workspace)
    path = tmp_path / "other.csv"
    path.write_text(
        "Activity;Owner e-mail;Why;Lawful basis;Who;What data;Kept;Countries;Safeguard;"
        "Reviewed;Ignored\n"
        'CRM;zoe@acme.example;"Sales\nSupport";"Contract\nLegitimate interests";Customers, Leads;'
        "Name;2 years;USA;SCCs;5 March 2026;x\n"
        "Events;;Invitations;Consent;Guests;Email;1 year;;;05/03/2026;\n",
        encoding="utf-8",
    )
    report = import_register(workspace, path, mapping=MAPPING)
    assert report.layout == "mapped"
    crm, events = sorted(list_records(workspace, "processing_activity"), key=lambda r: r["name"])
    assert crm["owner_id"] == 1
    assert [(p["purpose"], p["basis"]) for p in crm["purposes"]] == [
        ("Sales", "6.1.b"),
        ("Support", "6.1.f"),
    ]
    assert crm["data_subjects"] == ["Customers, Leads"]
    assert crm["data_categories"][0]["retention_period"] == "2 years"
    assert [(t["destination"], t["mechanism"]) for t in crm["transfers"]] == [("US", "scc")]
    assert crm["last_review"] == events["last_review"] == date(2026, 3, 5)
    assert [r["reference"] for r in (crm, events)] == ["PA-001", "PA-002"]


# -- all or nothing, every problem named ------------------------------------------------------


def _our_xlsx(path: Path, rows: list[dict[str, Any]], vendors: list[dict[str, Any]] = ()) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    headings = our_headings(SheetKind.ACTIVITIES)
    sheet.append(list(headings.values()))
    for row in rows:
        sheet.append([row.get(name) for name in headings])
    if vendors:
        vendor_sheet = workbook.create_sheet("Vendors")
        vendor_headings = our_headings(SheetKind.VENDORS)
        vendor_sheet.append(list(vendor_headings.values()))
        for row in vendors:
            vendor_sheet.append([row.get(name) for name in vendor_headings])
    workbook.save(path)
    return path


def test_one_bad_row_among_good_ones_writes_nothing(workspace: Workspace, tmp_path: Path) -> None:
    add_activity(workspace, {"reference": "PA-900", "name": "Existing"})
    events_before = count_history(workspace)
    good = {"name": "Good", "purposes": "Orders | 6.1.b"}
    path = _our_xlsx(
        tmp_path / "register.xlsx",
        [
            {**good, "reference": "PA-001"},
            {**good, "reference": "PA-002"},
            {**good, "reference": "PA-003", "purposes": "Orders | because we can"},
            {**good, "reference": "PA-004"},
        ],
    )
    with pytest.raises(RegisterImportError) as raised:
        import_register(workspace, path)
    assert [str(p) for p in raised.value.errors] == [
        "register.xlsx:4:Purposes: entry 1, part 2: “because we can” is not a lawful basis of "
        "Art. 6(1) (expected Consent, Contract, Legal obligation, Vital interests, Public task, "
        "Legitimate interests, or 6.1.a to 6.1.f)"
    ]
    assert [r["reference"] for r in list_records(workspace, "processing_activity")] == ["PA-900"]
    assert count_history(workspace) == events_before


def test_every_problem_is_listed_with_its_row_and_column(
    workspace: Workspace, tmp_path: Path
) -> None:
    add_activity(workspace, {"reference": "PA-900", "name": "Existing"})
    path = _our_xlsx(
        tmp_path / "bad.xlsx",
        [
            {"reference": "PA-001", "name": "A", "owner_id": "Nobody <no@example.org>"},
            {"reference": "PA-001", "name": "B", "controller_id": "Ghost Corp"},
            {"reference": "PA-900", "name": "C", "next_review": "31/02/2026"},
            {"reference": "PA-004", "name": "", "transfers": "ZZ | scc"},
            {
                "reference": "PA-005",
                "name": "E",
                "status": "archived",
                "description": "x" * 200_000,
            },
        ],
        vendors=[{"name": "Bad Country Ltd", "country": "Atlantis", "role": "processor"}],
    )
    with pytest.raises(RegisterImportError) as raised:
        import_register(workspace, path)
    lines = [str(p) for p in raised.value.errors]
    expected = [
        ("bad.xlsx:Vendors!2:Country:", "not an ISO 3166 country code"),
        ("bad.xlsx:2:Business owner:", "no team member “Nobody <no@example.org>”"),
        ("bad.xlsx:3:Controller:", "no organisation “Ghost Corp”"),
        ("bad.xlsx:3:Reference:", "used twice in the file (also at 2)"),
        ("bad.xlsx:4:Next review:", "“31/02/2026” is not a date"),
        ("bad.xlsx:4:Reference:", "already used in this workspace by “Existing”"),
        ("bad.xlsx:5:Transfers outside the EEA:", "“ZZ” is not an ISO 3166 country code"),
        ("bad.xlsx:5:Name:", "is required"),
        # openpyxl cuts a cell at Excel's 32,767 characters; the CSV test sees the 10 MB one.
        ("bad.xlsx:6:Description:", "at most 5000 are allowed"),
        ("bad.xlsx:6:Status:", "“archived” is not one of"),
    ]
    for prefix, words in expected:
        assert any(line.startswith(prefix) and words in line for line in lines), (prefix, lines)
    assert len(lines) == len(expected), lines
    assert [r["reference"] for r in list_records(workspace, "processing_activity")] == ["PA-900"]
    assert list_records(workspace, "vendor") == []


def test_a_dry_run_checks_and_writes_nothing(workspace: Workspace, tmp_path: Path) -> None:
    path = _our_xlsx(
        tmp_path / "r.xlsx", [{"name": "A", "recipients": "Mailer | processor | Mailer"}]
    )
    events = count_history(workspace)
    report = import_register(workspace, path, dry_run=True)
    assert (report.activities, report.vendors, report.change) == (1, 1, None)
    assert report.summary() == "1 activity and 1 vendor ready to import."
    assert list_records(workspace, "processing_activity") == []
    assert count_history(workspace) == events


def test_progress_is_reported_at_least_every_500_rows(workspace: Workspace, tmp_path: Path) -> None:
    path = _our_xlsx(tmp_path / "r.xlsx", [{"name": f"A{n}"} for n in range(1200)])
    seen: list[int] = []
    import_register(workspace, path, progress=lambda percent, _message: seen.append(percent))
    assert seen[-1] == 100 and seen == sorted(seen) and len(seen) >= 5


# -- files that are not registers -------------------------------------------------------------


def _problems(workspace: Workspace, path: Path, **kwargs: Any) -> list[str]:
    with pytest.raises(RegisterImportError) as raised:
        import_register(workspace, path, **kwargs)
    assert list_records(workspace, "processing_activity") == []
    return [str(p) for p in raised.value.errors]


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("empty.csv", b"", "the file is empty"),
        ("blank.csv", b"  \r\n\r\n", "the file is empty"),
        ("empty.xlsx", b"", "the file is empty"),
        ("picture.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "it is a PNG image"),
        ("old.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "Excel 97-2003"),
        ("text.xlsx", b"Reference,Name\nPA-1,x\n", "is not an Excel workbook"),
        ("binary.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "it is a PNG image"),
        ("broken.json", b'{"format": ', "is not valid JSON"),
        ("other.json", b'{"hello": 1}', "is not a Privacy Workbench register export"),
        ("future.json", b'{"format": "privacy-workbench-register", "version": 9}', "newer version"),
        ("register.ods", b"PK", "cannot import “.ods” files"),
    ],
)
def test_files_that_are_not_registers_are_refused_with_one_clear_line(
    workspace: Workspace, tmp_path: Path, name: str, content: bytes, words: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    (line,) = _problems(workspace, path)
    assert line.startswith(f"{name}: ") and words in line


def test_a_zip_that_is_no_workbook_is_refused(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    (line,) = _problems(workspace, path)
    assert "not an Excel workbook (.xlsx): it is a ZIP archive" in line


BOMB = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + ']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
    'uniqueCount="1"><si><t>&lol9;</t></si></sst>'
)


def _bomb_xlsx(path: Path) -> Path:
    """A real workbook whose shared strings hold a billion-laughs entity."""
    source = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active.append(["Reference", "Name"])
    workbook.active.append(["PA-001", "x"])
    workbook.save(source)
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as bomb:
        for item in original.infolist():
            data = original.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            if item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/sharedStrings" '
                    b'Target="sharedStrings.xml"/></Relationships>',
                )
            bomb.writestr(item, data)
        bomb.writestr("xl/sharedStrings.xml", BOMB)
    return path


def test_an_xml_bomb_is_refused_before_it_expands(workspace: Workspace, tmp_path: Path) -> None:
    (line,) = _problems(workspace, _bomb_xlsx(tmp_path / "bomb.xlsx"))
    assert "xl/sharedStrings.xml declares XML entities" in line


def test_defusedxml_refuses_the_bomb_even_past_our_own_scan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.services.register_io import readers

    monkeypatch.setattr(readers, "_declares_entities", lambda _archive, _info: False)
    with pytest.raises(readers.UnreadableFile, match="XML bomb"):
        readers.read_source(_bomb_xlsx(tmp_path / "bomb.xlsx"))


# -- encodings and delimiters -----------------------------------------------------------------


def test_a_windows_1252_csv_with_semicolons_is_read_with_a_note(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(
        "Reference;Name;Purposes\r\nPA-001;Café clients – Zoë;Ventes | 6.1.b\r\n".encode("cp1252")
    )
    report = import_register(workspace, path)
    assert list_records(workspace, "processing_activity")[0]["name"] == "Café clients – Zoë"
    assert any("Windows-1252" in note for note in report.notes)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_unicode_csv_with_a_bom_or_tabs(
    workspace: Workspace, tmp_path: Path, encoding: str
) -> None:
    path = tmp_path / "unicode.csv"
    path.write_bytes("Reference\tName\nPA-001\t東京 office ✓\n".encode(encoding))
    report = import_register(workspace, path)
    assert list_records(workspace, "processing_activity")[0]["name"] == "東京 office ✓"
    assert report.notes == []


def test_a_huge_csv_cell_is_refused_by_row_and_column(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    path.write_text('Reference,Name,Description\nPA-001,ok,"' + "y" * 10_485_760 + '"\n')
    (line,) = _problems(workspace, path)
    assert line.startswith("huge.csv:2:Description: the cell holds 10,485,760 characters")


def test_json_names_vendors_it_must_hold(workspace: Workspace, tmp_path: Path) -> None:
    """A JSON export lists its vendors; a list entry naming another one is an error, and a
    vendor the workspace already has is used as it is."""
    add_vendor(workspace, {"name": "Cloudy Hosting Ltd", "role": "processor", "country": "IE"})
    document = {
        "format": "privacy-workbench-register",
        "version": 1,
        "vendors": [{"name": "cloudy hosting ltd", "role": "processor", "country": "FR"}],
        "activities": [
            {
                "name": "Hosting",
                "recipients": [
                    {"type": "processor", "name": "Host", "vendor": "Cloudy Hosting Ltd"},
                    {"type": "processor", "name": "Mail", "vendor": "Ghost Mail"},
                ],
            }
        ],
    }
    path = tmp_path / "register.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert _problems(workspace, path) == [
        "register.json:activities[1]:recipients: entry 2: no vendor “Ghost Mail” in the file "
        "or the workspace"
    ]
    document["activities"][0]["recipients"].pop()
    path.write_text(json.dumps(document), encoding="utf-8")
    report = import_register(workspace, path)
    assert report.vendors == 0
    assert "already in the workspace; it is kept as it is" in report.notes[0]
    (vendor,) = list_records(workspace, "vendor")
    assert vendor["country"] == "IE"
    (activity,) = list_records(workspace, "processing_activity")
    assert activity["recipients"][0]["vendor_id"] == vendor.id


def test_a_list_too_long_for_an_excel_cell_is_not_cut(workspace: Workspace, tmp_path: Path) -> None:
    categories = [{"category": f"Category {n}", "source_detail": "s" * 1900} for n in range(30)]
    add_activity(workspace, {"reference": "PA-001", "name": "Big", "data_categories": categories})
    with pytest.raises(UserError, match=r"PA-001, Categories of data: .* do not fit in an Excel"):
        export_register(workspace, tmp_path / "big.xlsx")
    assert not list(tmp_path.glob("*big.xlsx*"))  # no partial file, not even the temporary one
    csv_text = export_register(workspace, tmp_path / "big.csv").read_text("utf-8-sig")
    assert csv_text.count("Category ") == 30  # CSV cells have no such limit
