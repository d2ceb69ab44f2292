"""A DPIA's action plan as a spreadsheet, read back with openpyxl: the planned measures with their
owner, due date and progress, the reviewers' actions, and no cell a spreadsheet would run."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from app.reports.dpia import write_action_plan_xlsx
from app.services.dpia import create_dpia
from app.services.register import add_activity
from app.storage.workspace import Workspace

FORMULAS = ['=HYPERLINK("http://x.example","click")', "+1+1", "-2+3", "@SUM(A1)"]


def dpia_with_a_plan(workspace: Workspace) -> int:
    activity = add_activity(
        workspace, {"reference": "PA-001", "name": "Loyalty", "status": "active"}, actor="tester"
    ).record
    measures = [
        {
            "key": "m-enc",
            "knowledge_key": "encryption",
            "title": "Encrypt the backups",
            "description": "<p>With keys <strong>kept</strong> in the EEA.</p>",
            "status": "planned",
            "owner": "Lucas Bernard",
            "due_on": "2027-01-31",
            "action_status": "in_progress",
        },
        {"key": "m-in", "title": "Logging already in place", "status": "existing"},
    ]
    measures += [
        {"key": f"m-{n}", "title": formula, "status": "planned", "owner": formula}
        for n, formula in enumerate(FORMULAS)
    ]
    values = {
        "measures": measures,
        "risks": [
            {"event": "illegitimate_access", "measure_keys": ["m-enc", "m-in"]},
            {"event": "disappearance", "measure_keys": ["m-enc"]},
        ],
        "reviews": [
            {
                "target": "2.1",
                "status": 2,
                "action_plan_comment": "<p>=cmd|' /C calc'!A0</p>",
                "person_in_charge": "Emma Laurent",
                "due_on": "2027-02-15",
                "reviewer": "Thomas Petit",
            },
            {"target": "1.1", "status": 3, "comment": "<p>Fine.</p>"},
        ],
    }
    return create_dpia(workspace, [activity.id], values, actor="tester").record.id


def test_the_action_plan_lists_planned_measures_and_reviewers_actions(
    workspace: Workspace, tmp_path: Path
) -> None:
    output = write_action_plan_xlsx(workspace, dpia_with_a_plan(workspace), tmp_path / "plan.xlsx")
    assert output == tmp_path / "plan.xlsx"
    book = openpyxl.load_workbook(output)
    assert book.sheetnames == ["Planned measures", "Reviewers' actions"]

    measures = list(book["Planned measures"].iter_rows(values_only=True))
    assert measures[0] == (
        "DPIA",
        "Measure",
        "Description",
        "Kind",
        "Risks reduced",
        "Owner",
        "Due date",
        "Progress",
        "Source",
    )
    first = measures[1]
    assert first[:6] == (
        "DPIA-001",
        "Encrypt the backups",
        "With keys kept in the EEA.",
        "Technical",
        "R1, R2",
        "Lucas Bernard",
    )
    assert isinstance(first[6], datetime) and first[6].date() == date(2027, 1, 31)
    assert first[7] == "In progress" and "Art. 32(1)(a)" in first[8]
    # Only planned measures: the one in place is not part of the plan.
    assert "Logging already in place" not in {row[1] for row in measures}
    assert len(measures) == 1 + 1 + len(FORMULAS)

    actions = list(book["Reviewers' actions"].iter_rows(values_only=True))
    assert actions[0][:4] == ("DPIA", "Reviewed part", "Verdict", "Action")
    assert len(actions) == 2  # the acceptable review asks for nothing
    assert actions[1][1] == "2.1 Proportionality and necessity"
    assert actions[1][2] == "Improvable" and actions[1][4] == "Emma Laurent"


def test_formula_like_cells_are_neutralised(workspace: Workspace, tmp_path: Path) -> None:
    output = write_action_plan_xlsx(workspace, dpia_with_a_plan(workspace), tmp_path / "plan.xlsx")
    book = openpyxl.load_workbook(output)
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    titles = [row[1] for row in book["Planned measures"].iter_rows(min_row=2, values_only=True)]
    owners = [row[5] for row in book["Planned measures"].iter_rows(min_row=2, values_only=True)]
    for formula in FORMULAS:
        assert "'" + formula in titles and "'" + formula in owners
    (action,) = [
        row[3] for row in book["Reviewers' actions"].iter_rows(min_row=2, values_only=True)
    ]
    assert action == "'=cmd|' /C calc'!A0"


def test_an_unknown_dpia_writes_nothing(workspace: Workspace, tmp_path: Path) -> None:
    from app.errors import RecordNotFound

    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(RecordNotFound):
        write_action_plan_xlsx(workspace, 42, folder / "plan.xlsx")
    assert not list(folder.iterdir())
