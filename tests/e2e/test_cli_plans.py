"""`plan new|answers`, `list plans` and `report collection-plan`, run as real subprocesses."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from app.resources import load_json
from tests.e2e.test_cli import run

FORMAT = {"format": "privacy-workbench/collection-plan", "version": 1}


def _new(target: str, home: Path) -> None:
    created = run("new", target, "--org", "Acme Online SAS", "--country", "FR", home=home)
    assert created.returncode == 0, created.stderr


def _ok(*args: str, home: Path) -> str:
    result = run(*args, home=home)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _listed(kind: str, target: str, home: Path) -> list[dict[str, Any]]:
    return json.loads(_ok("list", kind, "-w", target, "--format", "json", home=home))


def newsletter() -> dict[str, Any]:
    return copy.deepcopy(load_json("demo/plans.json")["plans"][0])


def _write(path: Path, document: Any) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


@pytest.fixture
def file_workspace(tmp_path: Path, isolated_home: Path) -> str:
    target = str(tmp_path / "plans.pwb")
    _new(target, isolated_home)
    return target


def test_a_plan_from_answers_to_register_list_reuse_and_pdf(
    workspace_target: str, isolated_home: Path, tmp_path: Path
) -> None:
    home = isolated_home
    _new(workspace_target, home)
    answers = _write(tmp_path / "newsletter.json", newsletter())
    created = _ok("plan", "new", "-w", workspace_target, "--answers", str(answers), home=home)
    assert "Created collection plan PLAN-001 “Newsletter sign-up” (Complete)" in created
    assert "Register entry: PA-001 “Newsletter sign-up” (Draft)" in created

    (row,) = _listed("plans", workspace_target, home)
    assert (row["reference"], row["status"], row["activity_reference"]) == (
        "PLAN-001",
        "Complete",
        "PA-001",
    )
    assert (row["data"], row["removed"]) == (3, 1)
    (activity,) = _listed("activities", workspace_target, home)
    assert (activity["reference"], activity["status"]) == ("PA-001", "draft")
    table = _ok("list", "plans", "-w", workspace_target, home=home)
    assert "PLAN-001" in table and "3 kept, 1 removed" in table and "PA-001" in table

    # The answers saved from one plan make the same plan again (for another client).
    saved = tmp_path / "saved.json"
    wrote = _ok(
        "plan", "answers", "-w", workspace_target, "--id", "plan-001", "-o", str(saved), home=home
    )
    assert str(saved) in wrote
    assert json.loads(saved.read_text(encoding="utf-8"))["answers"]["name"] == "Newsletter sign-up"
    again = json.loads(
        _ok(
            "plan",
            "new",
            "-w",
            workspace_target,
            "--answers",
            str(saved),
            "--format",
            "json",
            home=home,
        )
    )
    assert again["plan"]["reference"] == "PLAN-002" and again["plan"]["status_code"] == "complete"
    assert again["activity"]["reference"] == "PA-002" and again["change_id"]

    output = tmp_path / "plan.pdf"
    for plan_id in ("PLAN-001", "2"):
        report = run(
            "report",
            "collection-plan",
            "-w",
            workspace_target,
            "--id",
            plan_id,
            "-o",
            str(output),
            home=home,
        )
        assert report.returncode == 0, report.stderr
        text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(output).pages)
        assert "Tell customers and visitors about new collections" in text
        assert "Not needed to send a newsletter; removed from the form." in text


def test_a_draft_is_saved_without_a_register_entry(
    file_workspace: str, isolated_home: Path, tmp_path: Path
) -> None:
    answers = _write(tmp_path / "idea.json", {**FORMAT, "answers": {"name": "Idea"}})
    created = _ok(
        "plan",
        "new",
        "-w",
        file_workspace,
        "--answers",
        str(answers),
        "--draft",
        home=isolated_home,
    )
    assert "PLAN-001" in created and "No register entry yet" in created
    (row,) = _listed("plans", file_workspace, isolated_home)
    assert row["status"] == "Draft" and row["activity_reference"] is None
    assert _listed("activities", file_workspace, isolated_home) == []


def test_an_incomplete_plan_lists_each_problem_and_creates_nothing(
    file_workspace: str, isolated_home: Path, tmp_path: Path
) -> None:
    document = newsletter()
    del document["answers"]["objective"]
    document["answers"]["data"][0]["retention_period"] = ""
    answers = _write(tmp_path / "half.json", document)
    result = run("plan", "new", "-w", file_workspace, "--answers", str(answers), home=isolated_home)
    assert result.returncode == 2 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"{answers}: objective (Business objective): is required",
        f"{answers}: data (Data to collect): entry 1 (E-mail address): say how long it is kept",
        f"privacy-workbench: {answers}: the plan is not complete (2 problems); nothing was "
        "created. Fix them, or save the plan with --draft.",
    ]
    assert _listed("plans", file_workspace, isolated_home) == []
    assert _listed("activities", file_workspace, isolated_home) == []


def _with(**answers: Any) -> dict[str, Any]:
    document = newsletter()
    document["answers"].update(answers)
    return document


BAD_FILES: list[tuple[str, Any, str]] = [
    ("text.json", "this is not JSON", "is not valid JSON (line 1, column 1)"),
    ("marker.json", {"format": "something-else", "version": 1, "answers": {}},
     "is not a collection-plan answers file"),
    ("version.json", {**FORMAT, "version": 7, "answers": {}}, "has answers version 7"),
    ("unknown.json", _with(favourite_colour="blue"),
     "favourite_colour: is not a question of a collection plan"),
    ("local.json", _with(reference="PLAN-009"), "reference: is not a question"),
    ("channel.json", _with(channel="carrier pigeon"),
     "channel (Where the data is collected): “carrier pigeon” is not one of"),
    ("basis.json", _with(purposes=[{"key": "n", "purpose": "News", "basis": "6.1.z"}]),
     "purposes (Purposes): entry 1, Legal basis: “6.1.z” is not one of"),
    ("list.json", _with(data="e-mail"), "data (Data to collect): expected a list"),
]  # fmt: skip


def test_each_bad_answers_file_gets_one_clear_line_and_creates_nothing(
    file_workspace: str, isolated_home: Path, tmp_path: Path
) -> None:
    for name, content, expected in BAD_FILES:
        path = tmp_path / name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            _write(path, content)
        result = run(
            "plan", "new", "-w", file_workspace, "--answers", str(path), home=isolated_home
        )
        assert result.returncode == 2, name
        assert result.stdout == "", name
        assert result.stderr.count("\n") == 1, result.stderr
        assert result.stderr.startswith(f"privacy-workbench: {path}"), result.stderr
        assert expected in result.stderr, result.stderr
    missing = run(
        "plan",
        "new",
        "-w",
        file_workspace,
        "--answers",
        str(tmp_path / "none.json"),
        home=isolated_home,
    )
    assert missing.returncode == 2 and "none.json does not exist" in missing.stderr
    assert _listed("plans", file_workspace, isolated_home) == []
    assert _listed("activities", file_workspace, isolated_home) == []
    info = json.loads(_ok("info", "-w", file_workspace, "--format", "json", home=isolated_home))
    assert info["counts"].get("collection_plan", 0) == 0


def test_unknown_plans_organisations_and_outputs_are_refused(
    file_workspace: str, isolated_home: Path, tmp_path: Path
) -> None:
    home = isolated_home
    answers = _write(tmp_path / "newsletter.json", newsletter())
    cases = [
        (("report", "collection-plan", "--id", "PLAN-404", "-o", str(tmp_path / "x.pdf")),
         "--id: there is no collection plan “PLAN-404”"),
        (("plan", "answers", "--id", "7", "-o", str(tmp_path / "x.json")),
         "--id: there is no collection plan “7”"),
        (("plan", "answers", "--id", "1", "-o", str(tmp_path / "x.txt")),
         "the output must end in .json"),
        (("report", "collection-plan", "--id", "1", "-o", str(tmp_path / "x.docx")),
         "the output must end in .pdf"),
        (("plan", "new", "--answers", str(answers), "--org", "9"),
         "--org: there is no organisation #9"),
    ]  # fmt: skip
    for args, expected in cases:
        result = run(*args, "-w", file_workspace, home=home)
        assert result.returncode == 2, args
        assert expected in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert _listed("plans", file_workspace, home) == []
    empty = _ok("list", "plans", "-w", file_workspace, home=home)
    assert empty.strip() == "No collection plans."
