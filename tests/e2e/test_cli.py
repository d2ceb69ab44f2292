"""The command line, run as a real subprocess, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader


def run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRIVACY_WORKBENCH_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PRIVACY_WORKBENCH_WORKSPACE", None)
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_new_then_info_as_json(workspace_target: str, isolated_home: Path) -> None:
    created = run(
        "new", workspace_target, "--org", "Fjord Data AS", "--country", "no", home=isolated_home
    )
    assert created.returncode == 0, created.stderr
    shown = run("info", "-w", workspace_target, "--format", "json", home=isolated_home)
    assert shown.returncode == 0, shown.stderr
    info = json.loads(shown.stdout)
    assert info["organisations"] == [
        {"id": 1, "legal_name": "Fjord Data AS", "country": "NO", "country_name": "Norway"}
    ]
    assert info["counts"]["organisation"] == 1
    assert info["schema_version"]


def test_demo_workspace_has_a_dpo_a_team_and_two_companies(
    workspace_target: str, isolated_home: Path
) -> None:
    assert run("demo", workspace_target, home=isolated_home).returncode == 0
    info = json.loads(
        run("info", "-w", workspace_target, "--format", "json", home=isolated_home).stdout
    )
    assert [org["country"] for org in info["organisations"]] == ["FR", "DE"]
    assert info["counts"]["person"] >= 5


def test_report_summary_writes_a_pdf_with_the_organisation_and_dpo(
    tmp_path: Path, isolated_home: Path
) -> None:
    workspace = tmp_path / "demo.pwb"
    assert run("demo", str(workspace), home=isolated_home).returncode == 0
    output = tmp_path / "summary.pdf"
    result = run("report", "summary", "-w", str(workspace), "-o", str(output), home=isolated_home)
    assert result.returncode == 0, result.stderr
    text = "\n".join(page.extract_text() for page in PdfReader(output).pages)
    assert "Maison Lumière SAS" in text
    assert "Claire Dubois" in text


def test_the_workspace_can_come_from_the_environment(tmp_path: Path, isolated_home: Path) -> None:
    workspace = tmp_path / "env.pwb"
    run("new", str(workspace), "--org", "Env Ltd", "--country", "IE", home=isolated_home)
    env = {
        **os.environ,
        "PRIVACY_WORKBENCH_HOME": str(isolated_home),
        "PRIVACY_WORKBENCH_WORKSPACE": str(workspace),
    }
    result = subprocess.run(
        [sys.executable, "-m", "app", "info"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0 and "Env Ltd" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("info", "-w", "{tmp}/missing.pwb"), "There is no workspace"),
        (("info", "-w", "{tmp}/text.pwb"), "is not a Privacy Workbench workspace"),
        (("info", "-w", "postgresql://nobody@127.0.0.1:1/none"), "Cannot reach"),
        (("new", "{tmp}/x.pwb", "--org", "X", "--country", "Atlantis"), "not an ISO 3166"),
        (("new", "{tmp}/no/such/folder/x.pwb", "--org", "X", "--country", "FR"), "does not exist"),
        (("info",), "required"),
        (("info", "-w", "{tmp}/text.pwb", "--format", "xml"), "invalid choice"),
        (("report", "summary", "-w", "{tmp}/text.pwb", "-o", "{tmp}/out.txt"), "must end in .pdf"),
    ],
)
def test_user_errors_are_one_line_on_stderr_with_exit_code_2(
    tmp_path: Path, isolated_home: Path, args: tuple[str, ...], message: str
) -> None:
    (tmp_path / "text.pwb").write_text("just some text")
    result = run(*(arg.format(tmp=tmp_path) for arg in args), home=isolated_home)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.pwb").exists()


def test_a_newer_workspace_is_refused(tmp_path: Path, isolated_home: Path) -> None:
    import sqlite3

    workspace = tmp_path / "future.pwb"
    run("new", str(workspace), "--org", "Future Oy", "--country", "FI", home=isolated_home)
    with sqlite3.connect(workspace) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'f00d'")
    result = run("info", "-w", str(workspace), home=isolated_home)
    assert result.returncode == 2
    assert "newer version" in result.stderr


def test_gui_screenshot_renders_the_main_window(tmp_path: Path, isolated_home: Path) -> None:
    workspace = tmp_path / "demo.pwb"
    run("demo", str(workspace), home=isolated_home)
    picture = tmp_path / "window.png"
    result = run(
        "gui",
        "-w",
        str(workspace),
        "--page",
        "team",
        "--screenshot",
        str(picture),
        home=isolated_home,
    )
    assert result.returncode == 0, result.stderr
    assert picture.read_bytes().startswith(b"\x89PNG")
    from PySide6.QtGui import QImage

    image = QImage(str(picture))
    assert (image.width(), image.height()) == (1280, 820)


def test_gui_screenshot_of_an_unknown_page_is_a_user_error(
    tmp_path: Path, isolated_home: Path
) -> None:
    workspace = tmp_path / "demo.pwb"
    run("demo", str(workspace), home=isolated_home)
    result = run(
        "gui",
        "-w",
        str(workspace),
        "--page",
        "nowhere",
        "--screenshot",
        str(tmp_path / "x.png"),
        home=isolated_home,
    )
    assert result.returncode == 2
    assert "nowhere" in result.stderr
