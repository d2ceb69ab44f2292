"""`report privacy-policy` as a real subprocess, on SQLite and PostgreSQL: the format follows
the extension, what is missing goes to stderr, and the exit code says complete (0), draft (1)
or nothing written (2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from app.services.organisations import add_organisation
from app.storage.workspace import Workspace
from tests.app.test_policy_register import build_full_register
from tests.e2e.test_cli import run


@pytest.fixture
def full_workspace(workspace_target: str) -> str:
    workspace = Workspace.create(workspace_target)
    try:
        add_organisation(workspace, {"legal_name": "Acme Online SAS", "country": "FR"})
        build_full_register(workspace)
    finally:
        workspace.close()
    return workspace_target


@pytest.mark.parametrize("suffix", [".pdf", ".html", ".docx"])
def test_a_complete_policy_is_written_in_the_format_of_its_extension(
    full_workspace: str, tmp_path: Path, isolated_home: Path, suffix: str
) -> None:
    output = tmp_path / f"policy{suffix}"
    result = run(
        "report", "privacy-policy", "-w", full_workspace, "-o", str(output), home=isolated_home
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Wrote {output}"
    assert "missing" not in result.stderr
    magic = {".pdf": b"%PDF", ".html": b"<!DOCTYPE html>", ".docx": b"PK"}[suffix]
    assert output.read_bytes().startswith(magic)


def test_a_draft_is_written_and_what_is_missing_is_listed(
    tmp_path: Path, isolated_home: Path
) -> None:
    workspace = str(tmp_path / "new.pwb")
    assert (
        run("new", workspace, "--org", "Bare Ltd", "--country", "IE", home=isolated_home).returncode
        == 0
    )
    output = tmp_path / "policy.pdf"
    result = run("report", "privacy-policy", "-w", workspace, "-o", str(output), home=isolated_home)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert "missing: N04 The purposes of the processing (Art. 13(1)(c), 14(1)(c))" in lines
    assert any(line.startswith("missing: N10 ") for line in lines)
    assert lines[-1] == f"{output} is marked DRAFT: {len(lines) - 1} required items are missing."
    assert result.stdout.strip() == f"Wrote {output}"
    pages = [page.extract_text() for page in PdfReader(output).pages]
    assert all("DRAFT" in page for page in pages)


def test_the_organisation_can_be_chosen(
    full_workspace: str, tmp_path: Path, isolated_home: Path
) -> None:
    workspace = Workspace.open(full_workspace)
    try:
        second = add_organisation(workspace, {"legal_name": "Zweite GmbH", "country": "DE"})
    finally:
        workspace.close()
    output = tmp_path / "second.html"
    result = run(
        "report",
        "privacy-policy",
        "-w",
        full_workspace,
        "-o",
        str(output),
        "--org",
        str(second.record.id),
        home=isolated_home,
    )
    assert result.returncode == 1  # no activity of its own: a draft
    text = output.read_text(encoding="utf-8")
    assert "Zweite GmbH" in text and "Delivering the orders" not in text


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["-o", "{tmp}/policy.txt"], "the output must end in .pdf or .html or .docx"),
        (["-o", "{tmp}/policy.pdf", "--org", "99"], "there is no organisation #99"),
        (["-o", "{tmp}/no such folder/policy.pdf"], "does not exist"),
    ],
)
def test_mistakes_write_nothing_and_exit_with_2(
    full_workspace: str, tmp_path: Path, isolated_home: Path, arguments: list[str], message: str
) -> None:
    filled = [argument.format(tmp=tmp_path) for argument in arguments]
    result = run("report", "privacy-policy", "-w", full_workspace, *filled, home=isolated_home)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not list(tmp_path.glob("policy.*"))
