"""`check`, run as a real subprocess: the exit code consultants script on, the table, the JSON,
the accepted findings, and a missing workspace; on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from app.services.compliance import mute_finding, run_checks
from app.services.register import add_vendor
from app.storage.workspace import Workspace
from tests.e2e.test_cli import run

REASON = "Signed on paper in 2019; the scan is being retrieved."


def _new(target: str, home: Path) -> None:
    created = run("new", target, "--org", "Acme Online SAS", "--country", "FR", home=home)
    assert created.returncode == 0, created.stderr


def _add_vendor(target: str, values: dict[str, Any]) -> None:
    workspace = Workspace.open(target)
    try:
        add_vendor(workspace, values, actor="tester")
    finally:
        workspace.close()


def _accept_all(target: str) -> None:
    workspace = Workspace.open(target)
    try:
        for finding in run_checks(workspace).findings:
            mute_finding(workspace, finding, REASON, actor="dpo")
    finally:
        workspace.close()


def _json(target: str, home: Path) -> tuple[int, dict[str, Any]]:
    result = run("check", "-w", target, "--format", "json", home=home)
    return result.returncode, json.loads(result.stdout)


def test_a_new_workspace_with_an_organisation_passes(
    workspace_target: str, isolated_home: Path
) -> None:
    _new(workspace_target, isolated_home)
    result = run("check", "-w", workspace_target, home=isolated_home)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Score 100%: 0 errors, 0 warnings, 0 accepted.\n"
    assert result.stderr == ""

    status, report = _json(workspace_target, isolated_home)
    assert status == 0
    assert (report["score"], report["findings"], report["muted"]) == (100, [], [])


def test_an_error_exits_1_until_it_is_accepted(workspace_target: str, isolated_home: Path) -> None:
    _new(workspace_target, isolated_home)
    _add_vendor(workspace_target, {"name": "Parcel Couriers SA", "role": "processor"})

    failing = run("check", "-w", workspace_target, home=isolated_home)
    assert failing.returncode == 1, failing.stderr
    heading, row, summary = failing.stdout.splitlines()
    assert heading.split() == ["Severity", "Rule", "Record", "Finding", "Basis"]
    assert row.split()[:2] == ["error", "contract_missing"]
    assert "Parcel Couriers SA processes data without a signed processor contract." in row
    assert row.endswith("Art. 28(3)")
    assert summary.startswith("Score ") and summary.endswith(": 1 errors, 0 warnings, 0 accepted.")

    _accept_all(workspace_target)
    accepted = run("check", "-w", workspace_target, home=isolated_home)
    assert accepted.returncode == 0, accepted.stderr
    assert accepted.stdout == "Score 100%: 0 errors, 0 warnings, 1 accepted.\n"

    listed = run("check", "-w", workspace_target, "--muted", home=isolated_home)
    assert listed.returncode == 0
    rows = listed.stdout.splitlines()
    assert len(rows) == 3
    assert rows[1].startswith("error (accepted)") and "contract_missing" in rows[1]
    assert "Parcel Couriers SA" in rows[1]

    status, report = _json(workspace_target, isolated_home)
    assert status == 0 and report["findings"] == []
    [muted] = report["muted"]
    assert (muted["rule"], muted["record"], muted["muted"], muted["justification"]) == (
        "contract_missing",
        "Parcel Couriers SA",
        True,
        REASON,
    )


def test_warnings_alone_exit_0(tmp_path: Path, isolated_home: Path) -> None:
    target = str(tmp_path / "warnings.pwb")
    _new(target, isolated_home)
    expired = {"dpa_signed_on": date(2019, 5, 1), "dpa_review_on": date(2021, 5, 1)}
    _add_vendor(target, {"name": "Parcel Couriers SA", "role": "processor", **expired})
    status, report = _json(target, isolated_home)
    assert status == 0
    assert [(f["rule"], f["severity"]) for f in report["findings"]] == [
        ("contract_expired", "warning")
    ]


def test_the_demo_as_json(tmp_path: Path, isolated_home: Path) -> None:
    target = str(tmp_path / "demo.pwb")
    assert run("demo", target, home=isolated_home).returncode == 0
    status, report = _json(target, isolated_home)
    assert status == 1
    assert isinstance(report["score"], int) and 0 < report["score"] < 100
    assert f"{report['score']}%" in report["explanation"]
    assert [a["area"] for a in report["areas"]] == [
        "register",
        "assessments",
        "vendors",
        "policy",
        "requests",
        "breaches",
        "organisation",
    ]
    assert all(a["label"] and a["checks"] > 0 for a in report["areas"])
    severities = [f["severity"] for f in report["findings"]]
    assert "error" in severities and "warning" in severities
    assert severities == sorted(severities, key=["error", "warning", "info"].index)
    for finding in report["findings"]:
        assert finding["record"] and finding["message"] and finding["fix"] and finding["basis"]
        assert finding["muted"] is False and finding["justification"] is None
    errors = sum(a["errors"] for a in report["areas"])
    assert errors == severities.count("error")


def test_a_missing_workspace_exits_2_with_one_line(tmp_path: Path, isolated_home: Path) -> None:
    missing = tmp_path / "nowhere.pwb"
    result = run("check", "-w", str(missing), home=isolated_home)
    assert result.returncode == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert str(missing) in line
    assert not missing.exists()
