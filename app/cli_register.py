"""`list activities|vendors`, `import register` and `export register`: the register on the
command line."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app import APP_ID, cli_breaches, cli_plans, cli_requests, cli_risk
from app.cli_args import (
    USAGE_ERROR,
    CliParser,
    check_output,
    format_argument,
    open_workspace,
    print_json,
    print_table,
    workspace_argument,
)
from app.errors import UserError
from app.i18n import _


def register_commands(commands: Any) -> None:
    """`list`, `import register` and `export register` (issue 3)."""
    listing = commands.add_parser(
        "list", help=_("list the activities, vendors, rights requests, breaches or plans")
    )
    kinds = listing.add_subparsers(
        dest="kind", metavar="KIND", required=True, parser_class=CliParser
    )
    for kind, help_text in (
        ("activities", _("the processing activities")),
        ("vendors", _("the vendors and their contracts")),
    ):
        sub = kinds.add_parser(kind, help=help_text)
        workspace_argument(sub)
        format_argument(sub)
    cli_requests.add_list_kinds(kinds)
    cli_breaches.add_list_kinds(kinds)
    cli_plans.add_list_kinds(kinds)
    cli_risk.add_list_kinds(kinds)

    importing = commands.add_parser("import", help=_("import records from a file"))
    what = importing.add_subparsers(
        dest="what", metavar="WHAT", required=True, parser_class=CliParser
    )
    register = what.add_parser(
        "register",
        help=_("a register from .xlsx, .csv or .json: our export, the ICO template, or mapped"),
    )
    register.add_argument("file", type=Path, metavar="FILE")
    workspace_argument(register)
    register.add_argument(
        "--dry-run", action="store_true", help=_("check the file and report; write nothing")
    )
    register.add_argument(
        "--map",
        type=Path,
        metavar="MAP.json",
        help=_('column mapping for other layouts: {"our field": "their column heading"}'),
    )
    cli_risk.add_import_kinds(what)

    exporting = commands.add_parser("export", help=_("export records to a file"))
    what = exporting.add_subparsers(
        dest="what", metavar="WHAT", required=True, parser_class=CliParser
    )
    register = what.add_parser("register", help=_("the whole register as .xlsx, .csv or .json"))
    register.add_argument("output", type=Path, metavar="OUT")
    workspace_argument(register)
    cli_risk.add_export_kinds(what)


def cmd_list(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from app.domain.activity import ACTIVITY_STATUS_LABELS
    from app.domain.vendor import VENDOR_ROLE_LABELS
    from app.domain.vendor_contract import CONTRACT_STATUS_LABELS
    from app.services.register import list_activity_rows, list_vendor_rows

    if args.kind == "requests":
        return cli_requests.cmd_list_requests(args)
    if args.kind == "breaches":
        return cli_breaches.cmd_list_breaches(args)
    if args.kind == "plans":
        return cli_plans.cmd_list_plans(args)
    if args.kind == "dpias":
        return cli_risk.cmd_list_dpias(args)
    with open_workspace(args) as workspace:
        rows: Sequence[Any] = (
            list_activity_rows(workspace)
            if args.kind == "activities"
            else list_vendor_rows(workspace)
        )
    if args.format == "json":
        print_json([asdict(row) for row in rows])
        return 0
    if not rows:
        print(_("No activities.") if args.kind == "activities" else _("No vendors."))
        return 0
    if args.kind == "activities":
        print_table(
            [_("Reference"), _("Name"), _("Status"), _("Owner"), _("Controller"), _("Bases")],
            [
                [
                    row.reference,
                    row.name[:60],
                    _(ACTIVITY_STATUS_LABELS.get(row.status, row.status)),
                    row.owner_name or "—",
                    row.controller_name,
                    " ".join(row.legal_bases) or "—",
                ]
                for row in rows
            ],
        )
    else:
        print_table(
            [_("Name"), _("Country"), _("Role"), _("Contract"), _("Activities")],
            [
                [
                    row.name[:60],
                    row.country or "—",
                    _(VENDOR_ROLE_LABELS.get(row.role, row.role)),
                    _(CONTRACT_STATUS_LABELS[row.contract]),
                    str(row.activity_count),
                ]
                for row in rows
            ],
        )
    return 0


def _read_mapping(path: Path) -> dict[str, str]:
    try:
        mapping = json.loads(path.expanduser().read_text(encoding="utf-8-sig"))
    except OSError as error:
        raise UserError(
            _("{path}: cannot read the mapping: {reason}").format(path=path, reason=error.strerror)
        ) from None
    except (ValueError, UnicodeDecodeError) as error:
        raise UserError(
            _("{path}: the mapping is not valid JSON ({reason})").format(path=path, reason=error)
        ) from None
    if not isinstance(mapping, dict):
        raise UserError(
            _('{path}: a mapping is a JSON object {{"our field": "their column heading"}}').format(
                path=path
            )
        )
    return mapping


def cmd_import(args: argparse.Namespace) -> int:
    if args.what == "cnil-pia":
        return cli_risk.cmd_import_cnil_pia(args)
    from app.services.register_io import RegisterImportError, import_register

    mapping = _read_mapping(args.map) if args.map else None
    with open_workspace(args) as workspace:
        try:
            report = import_register(
                workspace, args.file.expanduser(), mapping=mapping, dry_run=args.dry_run
            )
        except RegisterImportError as error:
            # The one place a user error takes several lines: the issue asks for every
            # problem, each as file:row:column.
            for problem in error.errors:
                print(problem, file=sys.stderr)
            print(f"{APP_ID}: {error}", file=sys.stderr)
            return USAGE_ERROR
    for note in report.notes:
        print(_("Note: {note}").format(note=note))
    print(report.summary())
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    if args.what == "cnil-pia":
        return cli_risk.cmd_export_cnil_pia(args)
    from app.services.register_io import EXPORT_SUFFIXES, export_register

    output = check_output(args.output, list(EXPORT_SUFFIXES))
    with open_workspace(args) as workspace:
        export_register(workspace, output)
    print(_("Wrote {path}").format(path=output))
    return 0
