"""`report compliance-summary`, run as a real subprocess on the demo workspace."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from tests.e2e.test_cli import run


def test_compliance_summary_of_the_demo_workspace(
    workspace_target: str, isolated_home: Path, tmp_path: Path
) -> None:
    assert run("demo", workspace_target, home=isolated_home).returncode == 0
    output = tmp_path / "client report.pdf"
    made = run(
        "report",
        "compliance-summary",
        "-w",
        workspace_target,
        "-o",
        str(output),
        home=isolated_home,
    )
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip() == f"Wrote {output}"
    reader = PdfReader(output)
    assert reader.metadata is not None
    assert reader.metadata.title == "Compliance summary"
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Executive summary" in text
    assert "Processor without a signed Art. 28 contract" in text
    assert "Sondra Analytics" in text


def test_a_wrong_output_or_workspace_is_refused_in_one_line(
    isolated_home: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "nowhere.pwb"
    refused = run(
        "report",
        "compliance-summary",
        "-w",
        str(missing),
        "-o",
        str(tmp_path / "out.pdf"),
        home=isolated_home,
    )
    assert refused.returncode == 2
    assert len(refused.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out.pdf").exists()

    run("demo", str(tmp_path / "demo.pwb"), home=isolated_home)
    wrong = run(
        "report",
        "compliance-summary",
        "-w",
        str(tmp_path / "demo.pwb"),
        "-o",
        str(tmp_path / "out.docx"),
        home=isolated_home,
    )
    assert wrong.returncode == 2
    assert "must end in .pdf" in wrong.stderr
