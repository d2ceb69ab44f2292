"""The command line: `privacy-workbench` (or `python -m app`).

With no arguments it opens the GUI; subcommands do the headless jobs with the same services.
A user error prints one line on stderr and exits with code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

import sqlalchemy as sa

from app import APP_ID, __version__, cli_breaches, cli_requests
from app.errors import ServerUnreachable, UserError
from app.i18n import _
from app.storage.workspace import Workspace

WORKSPACE_VARIABLE = "PRIVACY_WORKBENCH_WORKSPACE"
USAGE_ERROR = 2

# The GUI is a separate front-end (package ui/, the only place Qt lives). The core never
# imports it; the launcher loads it by name, only when a window is asked for.
GUI_ENTRY = ("ui.app", "run_gui")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line naming the problem, as for every other user error.
        self.exit(USAGE_ERROR, f"{self.prog}: {message} (see --help)\n")


def _workspace_argument(parser: argparse.ArgumentParser, required: bool = True) -> None:
    parser.add_argument(
        "-w",
        "--workspace",
        metavar="PATH_OR_URL",
        default=os.environ.get(WORKSPACE_VARIABLE),
        required=required and not os.environ.get(WORKSPACE_VARIABLE),
        help=_("workspace file (.pwb) or postgresql:// URL; default: ${var}").format(
            var=WORKSPACE_VARIABLE
        ),
    )


def _format_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help=_("output format (default: text)"),
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=APP_ID,
        description=_(
            "Privacy Workbench: plan, analyse, record and document personal-data processing "
            "(GDPR). Without a command, the desktop app opens."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    gui = commands.add_parser("gui", help=_("open the desktop app"))
    _workspace_argument(gui, required=False)
    gui.add_argument(
        "--screenshot",
        metavar="OUT.png",
        type=Path,
        help=_("render the main window to a PNG and exit (works offscreen)"),
    )
    gui.add_argument(
        "--page",
        metavar="NAME",
        help=_(
            "page to show: organisation, team, register, processor_records, vendors, "
            "catalogues, requests, breaches, history, documents"
        ),
    )

    new = commands.add_parser("new", help=_("create a workspace"))
    new.add_argument("target", metavar="WS", help=_("new .pwb file or postgresql:// URL"))
    new.add_argument("--org", required=True, metavar="NAME", help=_("organisation legal name"))
    new.add_argument(
        "--country",
        required=True,
        metavar="CC",
        help=_("ISO country code of the organisation, e.g. FR"),
    )

    demo = commands.add_parser("demo", help=_("create the demo workspace"))
    demo.add_argument("target", metavar="WS", help=_("new .pwb file or postgresql:// URL"))
    demo.add_argument(
        "--force", action="store_true", help=_("replace an existing demo file (a file path only)")
    )

    info = commands.add_parser("info", help=_("what a workspace holds"))
    _workspace_argument(info)
    _format_argument(info)

    report = commands.add_parser("report", help=_("export a document"))
    documents = report.add_subparsers(
        dest="document", metavar="DOCUMENT", required=True, parser_class=_Parser
    )
    summary = documents.add_parser("summary", help=_("the workspace summary PDF"))
    _workspace_argument(summary)
    summary.add_argument("-o", "--output", required=True, type=Path, metavar="OUT.pdf")
    letter = documents.add_parser(
        "request-letter", help=_("a letter answering a request: access, extension or refusal")
    )
    _workspace_argument(letter)
    letter.add_argument("--id", required=True, metavar="ID", help=_("request reference or id"))
    letter.add_argument("--kind", required=True, choices=["access", "extension", "refusal"])
    letter.add_argument("-o", "--output", required=True, type=Path, metavar="OUT.pdf|OUT.docx")
    for name, text, suffixes in (
        ("breach-notification", _("the Art. 33(3) notification to the authority"), "OUT.pdf"),
        ("breach-letter", _("the Art. 34 letter to the people affected"), "OUT.pdf|OUT.docx"),
    ):
        breach_doc = documents.add_parser(name, help=text)
        _workspace_argument(breach_doc)
        breach_doc.add_argument(
            "--id", required=True, metavar="ID", help=_("breach reference or id")
        )
        breach_doc.add_argument("-o", "--output", required=True, type=Path, metavar=suffixes)
    register_pdf = documents.add_parser(
        "register", help=_("the record of processing activities (Art. 30) as a PDF")
    )
    _workspace_argument(register_pdf)
    register_pdf.add_argument("-o", "--output", required=True, type=Path, metavar="OUT.pdf")
    register_pdf.add_argument(
        "--org",
        type=int,
        metavar="ID",
        help=_("only this organisation's record (ids as `info` lists them)"),
    )
    _register_io_commands(commands)
    # Requests, then breaches: the order `--help` has always listed them in.
    cli_requests.register_commands(commands)
    cli_breaches.register_commands(commands)
    return parser


def _register_io_commands(commands: Any) -> None:
    """`list`, `import register` and `export register` (issue 3)."""
    listing = commands.add_parser(
        "list", help=_("list the activities, vendors, rights requests or breaches")
    )
    kinds = listing.add_subparsers(dest="kind", metavar="KIND", required=True, parser_class=_Parser)
    for kind, help_text in (
        ("activities", _("the processing activities")),
        ("vendors", _("the vendors and their contracts")),
    ):
        sub = kinds.add_parser(kind, help=help_text)
        _workspace_argument(sub)
        _format_argument(sub)
    cli_requests.add_list_kinds(kinds)
    cli_breaches.add_list_kinds(kinds)

    importing = commands.add_parser("import", help=_("import records from a file"))
    what = importing.add_subparsers(
        dest="what", metavar="WHAT", required=True, parser_class=_Parser
    )
    register = what.add_parser(
        "register",
        help=_("a register from .xlsx, .csv or .json: our export, the ICO template, or mapped"),
    )
    register.add_argument("file", type=Path, metavar="FILE")
    _workspace_argument(register)
    register.add_argument(
        "--dry-run", action="store_true", help=_("check the file and report; write nothing")
    )
    register.add_argument(
        "--map",
        type=Path,
        metavar="MAP.json",
        help=_('column mapping for other layouts: {"our field": "their column heading"}'),
    )

    exporting = commands.add_parser("export", help=_("export records to a file"))
    what = exporting.add_subparsers(
        dest="what", metavar="WHAT", required=True, parser_class=_Parser
    )
    register = what.add_parser("register", help=_("the whole register as .xlsx, .csv or .json"))
    register.add_argument("output", type=Path, metavar="OUT")
    _workspace_argument(register)


def _print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def _open(args: argparse.Namespace) -> Workspace:
    def told(backup: Path | str) -> None:
        print(
            _("Workspace upgraded; a backup of the previous version is at {backup}").format(
                backup=backup
            ),
            file=sys.stderr,
        )

    return Workspace.open(args.workspace, on_migrate=told)


def _check_output(path: Path, suffixes: Sequence[str]) -> Path:
    path = path.expanduser().resolve()
    if path.suffix.lower() not in suffixes:
        raise UserError(
            _("{path}: the output must end in {suffixes}").format(
                path=path, suffixes=" or ".join(suffixes)
            )
        )
    if not path.parent.is_dir():
        raise UserError(
            _("{path}: the folder {folder} does not exist").format(path=path, folder=path.parent)
        )
    return path


def cmd_new(args: argparse.Namespace) -> int:
    from app.services.workspaces import create_workspace

    workspace = create_workspace(args.target, {"legal_name": args.org, "country": args.country})
    print(_("Created workspace {location}").format(location=workspace.location))
    workspace.close()
    return 0


def _remove_workspace_file(target: str) -> None:
    """`demo --force` replaces a demo file, with its write-ahead log."""
    from app.storage.targets import parse_target

    path = parse_target(target).path
    if path is not None:
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)


def cmd_demo(args: argparse.Namespace) -> int:
    from app.services.demo import create_demo_workspace

    if args.force:
        _remove_workspace_file(args.target)
    workspace = create_demo_workspace(args.target)
    print(_("Created the demo workspace {location}").format(location=workspace.location))
    workspace.close()
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    from app.services.info import workspace_info

    with _open(args) as workspace:
        info = workspace_info(workspace)
    if args.format == "json":
        _print_json(info)
        return 0
    print(_("Workspace: {location}").format(location=info["workspace"]))
    print(_("Schema version: {version}").format(version=info["schema_version"]))
    print(_("Organisations:"))
    for organisation in info["organisations"]:
        print(
            f"  [{organisation['id']}] {organisation['legal_name']} "
            f"({organisation['country_name'] or '—'})"
        )
    print(_("Records:"))
    for kind, count in info["counts"].items():
        print(f"  {kind}: {count}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    with_docx = args.document in ("request-letter", "breach-letter")
    output = _check_output(args.output, [".pdf", ".docx"] if with_docx else [".pdf"])
    with _open(args) as workspace:
        if args.document == "request-letter":
            cli_requests.export_letter(workspace, args.id, output, args.kind)
        elif args.document in ("breach-notification", "breach-letter"):
            cli_breaches.export_document(workspace, args.document, args.id, output)
        elif args.document == "register":
            from app.reports.register import export_register_pdf

            export_register_pdf(workspace, output, organisation_id=args.org)
        else:
            from app.reports.summary import export_summary_pdf

            export_summary_pdf(workspace, output)
    print(_("Wrote {path}").format(path=output))
    return 0


def _table(headings: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Rows in aligned columns (the last column is not padded)."""
    widths = [max([len(h), *(len(row[i]) for row in rows)]) for i, h in enumerate(headings)]
    for row in [list(headings), *rows]:
        cells = [cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=False)]
        print("  ".join([*cells, row[-1]]).rstrip())


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
    with _open(args) as workspace:
        rows: Sequence[Any] = (
            list_activity_rows(workspace)
            if args.kind == "activities"
            else list_vendor_rows(workspace)
        )
    if args.format == "json":
        _print_json([asdict(row) for row in rows])
        return 0
    if not rows:
        print(_("No activities.") if args.kind == "activities" else _("No vendors."))
        return 0
    if args.kind == "activities":
        _table(
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
        _table(
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
    from app.services.register_io import RegisterImportError, import_register

    mapping = _read_mapping(args.map) if args.map else None
    with _open(args) as workspace:
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
    from app.services.register_io import EXPORT_SUFFIXES, export_register

    output = _check_output(args.output, list(EXPORT_SUFFIXES))
    with _open(args) as workspace:
        export_register(workspace, output)
    print(_("Wrote {path}").format(path=output))
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    module_name, function_name = GUI_ENTRY
    run_gui: Callable[..., int] = getattr(importlib.import_module(module_name), function_name)
    screenshot = _check_output(args.screenshot, [".png"]) if args.screenshot else None
    return run_gui(workspace=args.workspace, screenshot=screenshot, page=args.page)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "gui": cmd_gui,
    "new": cmd_new,
    "demo": cmd_demo,
    "info": cmd_info,
    "report": cmd_report,
    "list": cmd_list,
    "import": cmd_import,
    "export": cmd_export,
    "request": cli_requests.cmd_request,
    "breach": cli_breaches.cmd_breach,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["gui"])
    try:
        return COMMANDS[args.command](args)
    except UserError as error:
        print(f"{APP_ID}: {error}", file=sys.stderr)
        return USAGE_ERROR
    except sa.exc.OperationalError as error:
        # The server went away after the workspace was opened.
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        print(f"{APP_ID}: {ServerUnreachable(reason)}", file=sys.stderr)
        return USAGE_ERROR
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
