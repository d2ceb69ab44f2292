"""`report dpia` and `report action-plan`, run as real subprocesses on the demo workspace."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from tests.e2e.test_cli import run


@pytest.fixture
def demo(workspace_target: str, isolated_home: Path) -> str:
    created = run("demo", workspace_target, home=isolated_home)
    assert created.returncode == 0, created.stderr
    return workspace_target


@pytest.mark.parametrize(
    ("layout", "heading"),
    [
        ("cnil", "4. Validation"),
        ("ico", "Step 7: Sign off and record outcomes"),
        ("edpb", "6. Action plan and residual risk"),
    ],
)
def test_report_dpia_writes_the_layout_asked_for(
    demo: str, isolated_home: Path, tmp_path: Path, layout: str, heading: str
) -> None:
    output = tmp_path / f"dpia-{layout}.pdf"
    result = run(
        "report", "dpia", "-w", demo, "--id", "DPIA-001", "--layout", layout,
        "-o", str(output), home=isolated_home,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert str(output) in result.stdout
    reader = PdfReader(output)
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert heading in text
    assert reader.metadata.title == "Profiling of loyalty programme members"


def test_report_dpia_takes_the_id_and_defaults_to_the_cnil_layout(
    demo: str, isolated_home: Path, tmp_path: Path
) -> None:
    output = tmp_path / "dpia.pdf"
    result = run("report", "dpia", "-w", demo, "--id", "2", "-o", str(output), home=isolated_home)
    assert result.returncode == 0, result.stderr
    text = " ".join(page.extract_text() for page in PdfReader(output).pages)
    assert "Fraud and account-takeover detection" in text and "CNIL method" in text


def test_report_action_plan_writes_a_spreadsheet(
    demo: str, isolated_home: Path, tmp_path: Path
) -> None:
    output = tmp_path / "plan.xlsx"
    result = run(
        "report", "action-plan", "-w", demo, "--id", "DPIA-001", "-o", str(output),
        home=isolated_home,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = list(openpyxl.load_workbook(output)["Planned measures"].iter_rows(values_only=True))
    assert {row[1] for row in rows[1:]} == {
        "Pseudonymised copy for the segmentation job",
        "Automatic deletion of inactive members",
        "Training of the marketing team on the segmentation rules",
    }


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["dpia", "--id", "DPIA-404", "-o", "{out}/x.pdf"], "There is no DPIA “DPIA-404”"),
        (["dpia", "--id", "DPIA-001", "-o", "{out}/x.docx"], "the output must end in .pdf"),
        (["action-plan", "--id", "DPIA-001", "-o", "{out}/x.pdf"], "must end in .xlsx"),
        (["dpia", "--id", "DPIA-001", "--layout", "iso", "-o", "{out}/x.pdf"], "invalid choice"),
    ],
)
def test_mistakes_are_one_line_on_stderr_and_write_nothing(
    demo: str, isolated_home: Path, tmp_path: Path, arguments: list[str], message: str
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    filled = [argument.replace("{out}", str(folder)) for argument in arguments]
    result = run("report", *filled, "-w", demo, home=isolated_home)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not list(folder.iterdir())
