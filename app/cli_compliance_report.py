"""`report compliance-summary -w WS -o OUT.pdf`: the compliance summary a consultant hands a
client (registered by app.cli beside the other documents of `report`)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli_args import check_output, open_workspace, workspace_argument
from app.i18n import _

DOCUMENT = "compliance-summary"


def add_report_document(documents: Any) -> None:
    """The `compliance-summary` document of `report`."""
    summary = documents.add_parser(
        DOCUMENT,
        help=_(
            "the compliance summary for a client: score, findings with fixes, action plan, "
            "register, DPIAs, requests and breaches, as a PDF"
        ),
    )
    workspace_argument(summary)
    summary.add_argument("-o", "--output", required=True, type=Path, metavar="OUT.pdf")


def cmd_report_compliance(args: argparse.Namespace) -> int:
    from app.reports.compliance_summary import write_compliance_summary_pdf

    output = check_output(args.output, [".pdf"])
    with open_workspace(args) as workspace:
        write_compliance_summary_pdf(workspace, output)
    print(_("Wrote {path}").format(path=output))
    return 0
