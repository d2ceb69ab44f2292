"""`report dpia` (a DPIA as a PDF, in the CNIL, UK ICO or EDPB layout) and `report action-plan`
(its action plan as an .xlsx spreadsheet)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli_args import check_output, open_workspace, workspace_argument
from app.i18n import _

DOCUMENTS = ("dpia", "action-plan")
LAYOUT_CHOICES = ("cnil", "ico", "edpb")


def add_report_documents(documents: Any) -> None:
    """The `dpia` and `action-plan` documents of `report`."""
    dpia = documents.add_parser(
        "dpia", help=_("a DPIA as a PDF, in the CNIL, UK ICO or EDPB layout")
    )
    workspace_argument(dpia)
    dpia.add_argument("--id", required=True, metavar="ID", help=_("DPIA reference or id"))
    dpia.add_argument(
        "--layout",
        choices=LAYOUT_CHOICES,
        default="cnil",
        help=_(
            "cnil: the CNIL method's four parts; ico: the UK ICO template's seven steps; "
            "edpb: the EDPB's 2026 template (default: cnil)"
        ),
    )
    dpia.add_argument("-o", "--output", required=True, type=Path, metavar="OUT.pdf")
    plan = documents.add_parser(
        "action-plan", help=_("a DPIA's action plan (planned measures) as an .xlsx spreadsheet")
    )
    workspace_argument(plan)
    plan.add_argument("--id", required=True, metavar="ID", help=_("DPIA reference or id"))
    plan.add_argument("-o", "--output", required=True, type=Path, metavar="OUT.xlsx")


def cmd_report(args: argparse.Namespace) -> int:
    """Write the document `args.document` names; app.cli sends these two documents here."""
    from app.services.dpia import find_dpia

    pdf = args.document == "dpia"
    output = check_output(args.output, [".pdf"] if pdf else [".xlsx"])
    with open_workspace(args) as workspace:
        dpia_id = find_dpia(workspace, args.id).id
        if pdf:
            from app.reports.dpia import write_dpia_pdf

            write_dpia_pdf(workspace, dpia_id, output, layout=args.layout)
        else:
            from app.reports.dpia_action_plan import write_action_plan_xlsx

            write_action_plan_xlsx(workspace, dpia_id, output)
    print(_("Wrote {path}").format(path=output))
    return 0
