"""`screen`, `import cnil-pia`, `export cnil-pia` and `list dpias`, run as real subprocesses on
SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.test_cli import run
from tests.fixture_files import CNIL_PIA_EXAMPLE

FIXTURE = CNIL_PIA_EXAMPLE
REGISTER = "Reference,Name,Purposes\nPA-001,Sleep monitor,Service | 6.1.b\n"


@pytest.fixture
def target(workspace_target: str, isolated_home: Path, tmp_path: Path) -> str:
    """A workspace with one organisation and one activity, PA-001."""
    created = run(
        "new", workspace_target, "--org", "Dreamland SAS", "--country", "FR", home=isolated_home
    )
    assert created.returncode == 0, created.stderr
    source = tmp_path / "register.csv"
    source.write_text(REGISTER, encoding="utf-8")
    imported = run("import", "register", str(source), "-w", workspace_target, home=isolated_home)
    assert imported.returncode == 0, imported.stderr
    return workspace_target


def _dpias(target: str, home: Path) -> list[dict[str, object]]:
    listed = run("list", "dpias", "-w", target, "--format", "json", home=home)
    assert listed.returncode == 0, listed.stderr
    return json.loads(listed.stdout)


def _one_line_error(result: object, *parts: str) -> None:
    assert result.returncode == 2  # type: ignore[attr-defined]
    stderr = result.stderr.strip()  # type: ignore[attr-defined]
    assert len(stderr.splitlines()) == 1, stderr
    for part in parts:
        assert part in stderr, stderr


def test_screen_shows_the_outcome_and_its_reasons(target: str, isolated_home: Path) -> None:
    shown = run("screen", "-w", target, "--activity", "PA-001", home=isolated_home)
    assert shown.returncode == 0, shown.stderr
    assert "Outcome: DPIA not likely needed" in shown.stdout
    assert "None of the nine criteria applies." in shown.stdout
    as_json = run(
        "screen", "-w", target, "--activity", "pa-001", "--format", "json", home=isolated_home
    )
    report = json.loads(as_json.stdout)
    assert report["activity"]["reference"] == "PA-001"
    assert (report["outcome"], report["decision"]) == ("not_likely", "undecided")
    assert report["reasons"] == ["None of the nine criteria applies."]
    assert report["authority"] == "CNIL"
    assert report["suggested_criteria"] == [] and report["justification"] is None
    missing = run("screen", "-w", target, "--activity", "PA-404", home=isolated_home)
    _one_line_error(missing, "--activity", "PA-404")


def test_import_list_and_export_a_cnil_pia(
    target: str, isolated_home: Path, tmp_path: Path
) -> None:
    assert _dpias(target, isolated_home) == []
    imported = run(
        "import", "cnil-pia", str(FIXTURE), "-w", target, "--activity", "PA-001", home=isolated_home
    )
    assert imported.returncode == 0, imported.stderr
    assert "Created DPIA-001 “Captoo”: Approved" in imported.stdout
    [row] = _dpias(target, isolated_home)
    assert (row["reference"], row["status_code"], row["activities"]) == (
        "DPIA-001",
        "approved",
        "PA-001",
    )
    assert (row["risks"], row["version"], row["highest_residual"]) == (3, 1, "medium")
    listed = run("list", "dpias", "-w", target, home=isolated_home)
    assert "DPIA-001" in listed.stdout and "Approved" in listed.stdout
    output = tmp_path / "captoo.json"
    exported = run(
        "export", "cnil-pia", str(output), "-w", target, "--id", "DPIA-001", home=isolated_home
    )
    assert exported.returncode == 0, exported.stderr
    document = json.loads(output.read_text(encoding="utf-8"))
    assert document["pia"]["name"] == "Captoo"
    assert len(document["measures"]) == 23 and len(document["evaluations"]) == 40
    again = run("import", "cnil-pia", str(output), "-w", target, home=isolated_home)
    assert again.returncode == 0, again.stderr
    assert [r["reference"] for r in _dpias(target, isolated_home)] == ["DPIA-001", "DPIA-002"]


def test_bad_input_exits_2_and_creates_nothing(
    target: str, isolated_home: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"pia": {}, "answers": [{"reference_to": 999}]}), encoding="utf-8")
    refused = run("import", "cnil-pia", str(bad), "-w", target, home=isolated_home)
    _one_line_error(refused, "bad.json", "answers[0].reference_to: 999")
    not_json = tmp_path / "notes.json"
    not_json.write_text("these are notes", encoding="utf-8")
    _one_line_error(
        run("import", "cnil-pia", str(not_json), "-w", target, home=isolated_home),
        "not valid JSON",
    )
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"pia": {"name": "Small"}}), encoding="utf-8")
    _one_line_error(
        run(
            "import",
            "cnil-pia",
            str(good),
            "-w",
            target,
            "--activity",
            "PA-404",
            home=isolated_home,
        ),
        "--activity",
        "PA-404",
    )
    assert _dpias(target, isolated_home) == []
    _one_line_error(
        run(
            "export",
            "cnil-pia",
            str(tmp_path / "x.json"),
            "-w",
            target,
            "--id",
            "DPIA-404",
            home=isolated_home,
        ),
        "--id",
        "DPIA-404",
    )
    _one_line_error(
        run(
            "export",
            "cnil-pia",
            str(tmp_path / "x.txt"),
            "-w",
            target,
            "--id",
            "1",
            home=isolated_home,
        ),
        ".json",
    )
    # A minimal PIA is a draft with the three feared events to rate.
    created = run("import", "cnil-pia", str(good), "-w", target, home=isolated_home)
    assert created.returncode == 0, created.stderr
    [row] = _dpias(target, isolated_home)
    assert (row["title"], row["status_code"], row["risks"]) == ("Small", "draft", 3)
