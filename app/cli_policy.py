"""`report privacy-policy`: the privacy policy written from the register, as PDF, web HTML or
DOCX (the format follows the output's extension).

What the policy still lacks goes to stderr, one checklist item a line. The document is written
all the same, marked DRAFT, and the exit code says so: 0 complete, 1 written as a draft,
2 nothing written (a mistake in the command, as for every command).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli_args import check_output, open_workspace, workspace_argument
from app.i18n import _, ngettext

DRAFT_EXIT = 1
_FORMATS = (".pdf", ".html", ".docx")


def add_report_document(documents: Any) -> None:
    """The `privacy-policy` document of `report`."""
    policy = documents.add_parser(
        "privacy-policy",
        help=_(
            "the privacy policy (Arts. 13-14) from the register, as PDF, web HTML or DOCX; "
            "exit code 1 when it is a draft"
        ),
    )
    workspace_argument(policy)
    policy.add_argument(
        "-o", "--output", required=True, type=Path, metavar="OUT.pdf|OUT.html|OUT.docx"
    )
    policy.add_argument(
        "--org",
        type=int,
        metavar="ID",
        help=_("the organisation whose policy it is (ids as `info` lists them; default: first)"),
    )


def cmd_report_policy(args: argparse.Namespace) -> int:
    from app.cli_common import check_organisation
    from app.reports.privacy_policy import export_policy

    output = check_output(args.output, list(_FORMATS))
    with open_workspace(args) as workspace:
        check_organisation(workspace, args.org)
        written = export_policy(workspace, output, organisation_id=args.org)
    policy = written.policy
    for section in policy.sections_to_review:
        print(
            _(
                "review: the register changed under your rewording of “{section}”; the "
                "generated text is used until you keep or drop the rewording"
            ).format(section=section.title),
            file=sys.stderr,
        )
    for item in policy.missing:
        print(
            _("missing: {id} {label} ({article})").format(
                id=item.id, label=item.label, article=item.article
            ),
            file=sys.stderr,
        )
    print(_("Wrote {path}").format(path=output))
    if policy.draft:
        count = len(policy.missing)
        print(
            ngettext(
                "{path} is marked DRAFT: {count} required item is missing.",
                "{path} is marked DRAFT: {count} required items are missing.",
                count,
            ).format(path=output, count=count),
            file=sys.stderr,
        )
        return DRAFT_EXIT
    return 0
