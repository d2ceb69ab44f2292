"""A DPIA's action plan as a spreadsheet for whoever follows it up: the planned measures (owner,
due date, progress, the risks each one reduces) on one sheet, the reviewers' actions on another.

Every text cell is neutralised against formula injection the way the register export does it
(app/services/register_io/cells.neutralise): a measure titled "=HYPERLINK(...)" stays text.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from app.domain.rich_text import html_to_text
from app.i18n import _
from app.services.register_io.cells import neutralise
from app.services.register_io.exporting import write_atomically
from app.storage.workspace import Workspace

EXCEL_CELL_LIMIT = 32_767


def _cell(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    text = str(value)
    if not text:
        return None
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    # openpyxl refuses control characters and Excel cuts a cell at 32,767 characters.
    text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)[:EXCEL_CELL_LIMIT]
    return neutralise(text)


def _plain(markup: Any) -> str:
    return html_to_text(str(markup)) if markup is not None else ""


def action_plan_rows(context: dict[str, Any]) -> tuple[list[list[Any]], list[list[Any]]]:
    """The rows of both sheets from a DPIA report context (app/reports/dpia)."""
    measures = [
        [
            context["dpia"]["reference"],
            measure["title"],
            _plain(measure["description"]),
            measure["kind_label"],
            ", ".join(measure["risks"]),
            measure["owner"],
            measure["due_on"],
            measure["action_status_label"],
            measure["source"],
        ]
        for measure in context["action_plan"]
    ]
    actions = [
        [
            context["dpia"]["reference"],
            row["part"],
            row["status_label"],
            _plain(row["action"]),
            row["person_in_charge"],
            row["due_on"],
            row["reviewer"],
        ]
        for row in context["action_comments"]
    ]
    return measures, actions


def _sheet(workbook: Any, title: str, headings: Sequence[str], rows: list[list[Any]]) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title[:31])
    sheet.append([_cell(heading) for heading in headings])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    wrap = Alignment(wrap_text=True, vertical="top")
    for number, row in enumerate(rows, start=2):
        sheet.append([_cell(value) for value in row])
        for cell in sheet[number]:
            cell.alignment = wrap
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    for index, heading in enumerate(headings, start=1):
        wide = len(heading) > 12 or index in (2, 3, 4)
        sheet.column_dimensions[get_column_letter(index)].width = 40 if wide else 16


def write_action_plan_xlsx(workspace: Workspace, dpia_id: int, output: Path) -> Path:
    """Write the DPIA's action plan to an .xlsx file at `output` and return its path."""
    from openpyxl import Workbook

    from app.reports.dpia import build_dpia_context

    output = Path(output)
    context = build_dpia_context(workspace, dpia_id, with_map=False)
    measures, actions = action_plan_rows(context)
    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(
        workbook,
        _("Planned measures"),
        [
            _("DPIA"),
            _("Measure"),
            _("Description"),
            _("Kind"),
            _("Risks reduced"),
            _("Owner"),
            _("Due date"),
            _("Progress"),
            _("Source"),
        ],
        measures,
    )
    _sheet(
        workbook,
        _("Reviewers' actions"),
        [
            _("DPIA"),
            _("Reviewed part"),
            _("Verdict"),
            _("Action"),
            _("Person in charge"),
            _("Due date"),
            _("Reviewer"),
        ],
        actions,
    )

    def write(stream: BinaryIO) -> None:
        workbook.save(stream)

    write_atomically(output, write)
    return output
