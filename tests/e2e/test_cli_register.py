"""`import register`, `export register`, `list` and `report register`, run as real subprocesses."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl

from tests.e2e.test_cli import run

GOOD_CSV = (
    "Reference,Name,Purposes\nPA-001,Orders,Delivery | 6.1.b\nPA-002,Newsletter,News | Consent\n"
)


def _new(target: str, home: Path) -> None:
    created = run("new", target, "--org", "Acme Online SAS", "--country", "FR", home=home)
    assert created.returncode == 0, created.stderr


def test_dry_run_then_import_then_list_as_json(
    workspace_target: str, isolated_home: Path, tmp_path: Path
) -> None:
    _new(workspace_target, isolated_home)
    source = tmp_path / "register.csv"
    source.write_text(GOOD_CSV, encoding="utf-8")

    checked = run(
        "import", "register", str(source), "-w", workspace_target, "--dry-run", home=isolated_home
    )
    assert checked.returncode == 0, checked.stderr
    assert "2 activities and 0 vendors ready to import." in checked.stdout
    listed = run(
        "list", "activities", "-w", workspace_target, "--format", "json", home=isolated_home
    )
    assert json.loads(listed.stdout) == []

    imported = run("import", "register", str(source), "-w", workspace_target, home=isolated_home)
    assert imported.returncode == 0, imported.stderr
    assert "Imported 2 activities and 0 vendors." in imported.stdout
    rows = json.loads(
        run(
            "list", "activities", "-w", workspace_target, "--format", "json", home=isolated_home
        ).stdout
    )
    assert [(r["reference"], r["name"], r["legal_bases"], r["status"]) for r in rows] == [
        ("PA-001", "Orders", ["6.1.b"], "draft"),
        ("PA-002", "Newsletter", ["6.1.a"], "draft"),
    ]
    assert rows[0]["controller_name"] == "Acme Online SAS"


def test_errors_exit_2_with_one_line_per_problem(
    workspace_target: str, isolated_home: Path, tmp_path: Path
) -> None:
    _new(workspace_target, isolated_home)
    source = tmp_path / "bad.csv"
    source.write_text(
        "Reference,Name,Purposes,Next review\n"
        "PA-001,Fine,Orders | 6.1.b,2027-01-01\n"
        "PA-002,Basis,Orders | whatever,\n"
        "PA-002,Date,,the day after tomorrow\n",
        encoding="utf-8",
    )
    result = run("import", "register", str(source), "-w", workspace_target, home=isolated_home)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("bad.csv:3:Purposes: entry 1, part 2: “whatever” is not a lawful")
    assert (
        lines[1] == "bad.csv:4:Next review: “the day after tomorrow” is not a date "
        "(expected e.g. 2026-03-05 or 05/03/2026)"
    )
    assert lines[2] == "bad.csv:4:Reference: “PA-002” is used twice in the file (also at 3)"
    assert lines[3] == "privacy-workbench: 3 problems in bad.csv; nothing was imported."
    assert len(lines) == 4 and "Traceback" not in result.stderr
    listed = run(
        "list", "activities", "-w", workspace_target, "--format", "json", home=isolated_home
    )
    assert json.loads(listed.stdout) == []  # nothing half-imported


def test_export_each_format_from_the_demo(tmp_path: Path, isolated_home: Path) -> None:
    workspace = tmp_path / "demo.pwb"
    assert run("demo", str(workspace), home=isolated_home).returncode == 0
    rows = json.loads(
        run(
            "list", "activities", "-w", str(workspace), "--format", "json", home=isolated_home
        ).stdout
    )
    for suffix in ("xlsx", "csv", "json"):
        output = tmp_path / f"register.{suffix}"
        result = run("export", "register", str(output), "-w", str(workspace), home=isolated_home)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == f"Wrote {output}"
    workbook = openpyxl.load_workbook(tmp_path / "register.xlsx", read_only=True)
    assert workbook.sheetnames == ["Activities", "Vendors", "Processor records"]
    references = [row[0] for row in workbook["Activities"].iter_rows(min_row=2, values_only=True)]
    assert references == [row["reference"] for row in rows]
    with (tmp_path / "register.csv").open(encoding="utf-8-sig", newline="") as stream:
        table = list(csv.reader(stream))
    assert table[0][:3] == ["Reference", "Name", "Description"]
    assert len(table) == len(rows) + 1
    document = json.loads((tmp_path / "register.json").read_text(encoding="utf-8"))
    assert document["format"] == "privacy-workbench-register"
    assert len(document["activities"]) == len(rows)

    wrong = run(
        "export", "register", str(tmp_path / "r.pdf"), "-w", str(workspace), home=isolated_home
    )
    assert wrong.returncode == 2
    assert len(wrong.stderr.strip().splitlines()) == 1
    assert "must end in .json or .xlsx or .csv" in wrong.stderr


def test_list_vendors_in_aligned_columns(tmp_path: Path, isolated_home: Path) -> None:
    workspace = tmp_path / "demo.pwb"
    run("demo", str(workspace), home=isolated_home)
    lines = run("list", "vendors", "-w", str(workspace), home=isolated_home).stdout.splitlines()
    header = lines[0]
    assert header.split() == ["Name", "Country", "Role", "Contract", "Activities"]
    column = header.index("Country")
    assert len(lines) > 2
    for line in lines[1:]:
        assert line[column - 2 : column] == "  " and line[column] != " ", line


def test_import_through_a_mapping_file(tmp_path: Path, isolated_home: Path) -> None:
    workspace = tmp_path / "w.pwb"
    run("new", str(workspace), "--org", "Acme", "--country", "FR", home=isolated_home)
    source = tmp_path / "theirs.csv"
    source.write_text("Activity;Why;Basis\nCRM;Sales;Contract\n", encoding="utf-8")
    mapping = tmp_path / "map.json"
    mapping.write_text(
        json.dumps({"name": "Activity", "purposes.purpose": "Why", "purposes.basis": "Basis"}),
        encoding="utf-8",
    )
    result = run(
        "import",
        "register",
        str(source),
        "-w",
        str(workspace),
        "--map",
        str(mapping),
        home=isolated_home,
    )
    assert result.returncode == 0, result.stderr
    rows = json.loads(
        run(
            "list", "activities", "-w", str(workspace), "--format", "json", home=isolated_home
        ).stdout
    )
    assert [(r["name"], r["legal_bases"]) for r in rows] == [("CRM", ["6.1.b"])]

    mapping.write_text('{"nmae": "Activity"}', encoding="utf-8")
    misspelt = run(
        "import",
        "register",
        str(source),
        "-w",
        str(workspace),
        "--map",
        str(mapping),
        home=isolated_home,
    )
    assert misspelt.returncode == 2
    assert "theirs.csv: column mapping: “nmae” is not a field we know" in misspelt.stderr

    mapping.write_text("{not json", encoding="utf-8")
    broken = run(
        "import",
        "register",
        str(source),
        "-w",
        str(workspace),
        "--map",
        str(mapping),
        home=isolated_home,
    )
    assert broken.returncode == 2
    assert len(broken.stderr.strip().splitlines()) == 1
    assert "the mapping is not valid JSON" in broken.stderr


def test_report_register_writes_the_art30_record(tmp_path: Path, isolated_home: Path) -> None:
    from pypdf import PdfReader

    workspace = tmp_path / "demo.pwb"
    assert run("demo", str(workspace), home=isolated_home).returncode == 0
    output = tmp_path / "register.pdf"
    result = run(
        "report",
        "register",
        "-w",
        str(workspace),
        "-o",
        str(output),
        "--org",
        "2",
        home=isolated_home,
    )
    assert result.returncode == 0, result.stderr
    text = "\n".join(page.extract_text() for page in PdfReader(output).pages)
    assert "Lumière Logistik GmbH" in text and "Record of processing activities" in text
    assert "Order fulfilment" not in text  # Maison Lumière's activity, not this organisation's
    missing = run(
        "report",
        "register",
        "-w",
        str(workspace),
        "-o",
        str(output),
        "--org",
        "99",
        home=isolated_home,
    )
    assert missing.returncode == 2 and len(missing.stderr.strip().splitlines()) == 1
