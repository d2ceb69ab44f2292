"""The command line: `privacy-workbench` (or `python -m app`).

With no arguments it opens the GUI; subcommands do the headless jobs with the same services.
A user error prints one line on stderr and exits with code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import sqlalchemy as sa

from app import (
    APP_ID,
    __version__,
    cli_breaches,
    cli_checks,
    cli_compliance_report,
    cli_dpia_reports,
    cli_plans,
    cli_policy,
    cli_register,
    cli_requests,
    cli_risk,
)
from app.cli_args import (
    USAGE_ERROR,
    CliParser,
    check_output,
    format_argument,
    open_workspace,
    print_json,
    workspace_argument,
)
from app.errors import ServerUnreachable, UserError
from app.i18n import _

# The GUI is a separate front-end (package ui/, the only place Qt lives). The core never
# imports it; the launcher loads it by name, only when a window is asked for.
GUI_ENTRY = ("ui.app", "run_gui")


def build_parser() -> argparse.ArgumentParser:
    parser = CliParser(
        prog=APP_ID,
        description=_(
            "Privacy Workbench: plan, analyse, record and document personal-data processing "
            "(GDPR). Without a command, the desktop app opens."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=CliParser)

    gui = commands.add_parser("gui", help=_("open the desktop app"))
    workspace_argument(gui, required=False)
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
            "page to show: dashboard, organisation, team, register, processor_records, vendors, "
            "catalogues, requests, breaches, history, documents, policy"
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
    workspace_argument(info)
    format_argument(info)

    report = commands.add_parser("report", help=_("export a document"))
    documents = report.add_subparsers(
        dest="document", metavar="DOCUMENT", required=True, parser_class=CliParser
    )
    summary = documents.add_parser("summary", help=_("the workspace summary PDF"))
    workspace_argument(summary)
    summary.add_argument("-o", "--output", required=True, type=Path, metavar="OUT.pdf")
    letter = documents.add_parser(
        "request-letter", help=_("a letter answering a request: access, extension or refusal")
    )
    workspace_argument(letter)
    letter.add_argument("--id", required=True, metavar="ID", help=_("request reference or id"))
    letter.add_argument("--kind", required=True, choices=["access", "extension", "refusal"])
    letter.add_argument("-o", "--output", required=True, type=Path, metavar="OUT.pdf|OUT.docx")
    for name, text, suffixes in (
        ("breach-notification", _("the Art. 33(3) notification to the authority"), "OUT.pdf"),
        ("breach-letter", _("the Art. 34 letter to the people affected"), "OUT.pdf|OUT.docx"),
    ):
        breach_doc = documents.add_parser(name, help=text)
        workspace_argument(breach_doc)
        breach_doc.add_argument(
            "--id", required=True, metavar="ID", help=_("breach reference or id")
        )
        breach_doc.add_argument("-o", "--output", required=True, type=Path, metavar=suffixes)
    register_pdf = documents.add_parser(
        "register", help=_("the record of processing activities (Art. 30) as a PDF")
    )
    workspace_argument(register_pdf)
    register_pdf.add_argument("-o", "--output", required=True, type=Path, metavar="OUT.pdf")
    register_pdf.add_argument(
        "--org",
        type=int,
        metavar="ID",
        help=_("only this organisation's record (ids as `info` lists them)"),
    )
    cli_plans.add_report_documents(documents)
    cli_policy.add_report_document(documents)
    cli_compliance_report.add_report_document(documents)
    cli_dpia_reports.add_report_documents(documents)
    cli_register.register_commands(commands)
    cli_risk.register_commands(commands)
    # Requests, then breaches: the order `--help` has always listed them in.
    cli_requests.register_commands(commands)
    cli_breaches.register_commands(commands)
    cli_plans.register_commands(commands)
    cli_checks.register_commands(commands)
    return parser


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

    with open_workspace(args) as workspace:
        info = workspace_info(workspace)
    if args.format == "json":
        print_json(info)
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
    if args.document == "privacy-policy":  # its own formats and exit codes
        return cli_policy.cmd_report_policy(args)
    if args.document == cli_compliance_report.DOCUMENT:
        return cli_compliance_report.cmd_report_compliance(args)
    if args.document in cli_dpia_reports.DOCUMENTS:  # .pdf or .xlsx, each its own
        return cli_dpia_reports.cmd_report(args)
    with_docx = args.document in ("request-letter", "breach-letter")
    output = check_output(args.output, [".pdf", ".docx"] if with_docx else [".pdf"])
    with open_workspace(args) as workspace:
        if args.document == "request-letter":
            cli_requests.export_letter(workspace, args.id, output, args.kind)
        elif args.document in ("breach-notification", "breach-letter"):
            cli_breaches.export_document(workspace, args.document, args.id, output)
        elif args.document == "collection-plan":
            cli_plans.export_plan(workspace, args.id, output)
        elif args.document == "register":
            from app.reports.register import export_register_pdf

            export_register_pdf(workspace, output, organisation_id=args.org)
        else:
            from app.reports.summary import export_summary_pdf

            export_summary_pdf(workspace, output)
    print(_("Wrote {path}").format(path=output))
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    module_name, function_name = GUI_ENTRY
    run_gui: Callable[..., int] = getattr(importlib.import_module(module_name), function_name)
    screenshot = check_output(args.screenshot, [".png"]) if args.screenshot else None
    if screenshot is not None:
        # A screenshot needs no screen: render offscreen unless a platform was chosen.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return run_gui(workspace=args.workspace, screenshot=screenshot, page=args.page)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "gui": cmd_gui,
    "new": cmd_new,
    "demo": cmd_demo,
    "info": cmd_info,
    "report": cmd_report,
    "list": cli_register.cmd_list,
    "import": cli_register.cmd_import,
    "export": cli_register.cmd_export,
    "screen": cli_risk.cmd_screen,
    "request": cli_requests.cmd_request,
    "breach": cli_breaches.cmd_breach,
    "plan": cli_plans.cmd_plan,
    "check": cli_checks.cmd_check,
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
    except BrokenPipeError:
        # The reader (e.g. `| head`) stopped reading: that is not an error of ours. Point
        # stdout at nothing so Python's own flush at exit does not complain either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
