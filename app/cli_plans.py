"""The command line for data collection plans: `plan new|answers`, `list plans` and
`report collection-plan` (registered by app.cli and app.cli_register).

An answers file is checked whole before anything is written: a file that is not an answers
file, names an unknown question, holds a bad value or (without --draft) describes an
incomplete plan is refused with the field named, and the workspace is left as it was.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app import APP_ID
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
from app.cli_common import check_organisation, find_record, id_argument
from app.errors import FieldError, UserError, ValidationError
from app.i18n import _, ngettext

if TYPE_CHECKING:
    from app.services.changes import ChangeResult
    from app.storage.workspace import Workspace


def register_commands(commands: Any) -> None:
    """`plan new` and `plan answers` (issue 4)."""
    plan = commands.add_parser("plan", help=_("create a data collection plan or save its answers"))
    actions = plan.add_subparsers(
        dest="action", metavar="ACTION", required=True, parser_class=CliParser
    )
    new = actions.add_parser(
        "new", help=_("create a plan and its draft register entry from an answers file")
    )
    workspace_argument(new)
    new.add_argument(
        "--answers", required=True, type=Path, metavar="FILE.json", help=_("the plan's answers")
    )
    new.add_argument(
        "--draft",
        action="store_true",
        help=_("save the plan even if incomplete; no register entry is made"),
    )
    new.add_argument(
        "--org",
        type=int,
        metavar="ID",
        help=_("the organisation that collects (default: the first)"),
    )
    format_argument(new)

    answers = actions.add_parser(
        "answers", help=_("save a plan's answers to a file, to reuse for another client")
    )
    workspace_argument(answers)
    id_argument(answers, "PLAN-001")
    answers.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.json")


def add_list_kinds(kinds: Any) -> None:
    """`list plans`, beside `list activities|vendors|requests|breaches`."""
    plans = kinds.add_parser("plans", help=_("the data collection plans"))
    workspace_argument(plans)
    format_argument(plans)


def add_report_documents(documents: Any) -> None:
    """`report collection-plan`."""
    document = documents.add_parser("collection-plan", help=_("a data collection plan as a PDF"))
    workspace_argument(document)
    id_argument(document, "PLAN-001")
    document.add_argument("-o", "--output", required=True, type=Path, metavar="OUT.pdf")


# --- the commands ----------------------------------------------------------------------------


def find_plan_id(workspace: Workspace, text: str) -> int:
    from app.domain import CollectionPlan

    return find_record(
        workspace, CollectionPlan, text, _("--id: there is no collection plan “{value}”")
    )


def export_plan(workspace: Workspace, text: str, output: Path) -> None:
    """`report collection-plan`: the plan's PDF (app.cli checked the output path)."""
    from app.reports.collection_plan import write_collection_plan_pdf

    write_collection_plan_pdf(workspace, find_plan_id(workspace, text), output)


def cmd_plan(args: argparse.Namespace) -> int:
    if args.action == "answers":
        return _save_answers(args)
    return _new_plan(args)


def _save_answers(args: argparse.Namespace) -> int:
    from app.services.plan_answers import write_answers
    from app.services.plans import get_plan

    output = check_output(args.output, [".json"])
    with open_workspace(args) as workspace:
        plan = get_plan(workspace, find_plan_id(workspace, args.id))
    write_answers(output, plan.values)
    print(_("Wrote {path}").format(path=output))
    return 0


def _field_message(error: FieldError) -> str:
    # The file's own key first, so the user finds the line; then our label and the problem.
    if error.field == error.label:
        return f"{error.field}: {error.message}"
    return f"{error.field} ({error.label}): {error.message}"


def _refused(source: Path, error: ValidationError) -> UserError:
    messages = "; ".join(_field_message(field_error) for field_error in error.errors)
    return UserError(_("{file}: {problems}").format(file=source, problems=messages))


def _new_plan(args: argparse.Namespace) -> int:
    from app.domain.collection_plan import PLAN_FIELDS
    from app.domain.fields import clean_values
    from app.domain.plan_rules import plan_problems
    from app.services.plan_answers import link_vendors, read_answers
    from app.services.plans import create_plan

    source = args.answers.expanduser()
    # Read and check the file before opening the workspace: a bad file never touches it.
    try:
        answers = read_answers(source)
        cleaned = clean_values(PLAN_FIELDS, answers)
    except ValidationError as error:
        raise _refused(source, error) from None
    if not args.draft:
        problems = plan_problems(cleaned)
        if problems:
            # The one place `plan new` takes several lines: the user fixes every problem at once.
            for problem in problems:
                label = _(PLAN_FIELDS[problem.field].label)
                line = _field_message(FieldError(problem.field, label, problem.message))
                print(f"{source}: {line}", file=sys.stderr)
            print(
                f"{APP_ID}: "
                + ngettext(
                    "{file}: the plan is not complete ({count} problem); nothing was created. "
                    "Fix it, or save the plan with --draft.",
                    "{file}: the plan is not complete ({count} problems); nothing was created. "
                    "Fix them, or save the plan with --draft.",
                    len(problems),
                ).format(file=source, count=len(problems)),
                file=sys.stderr,
            )
            return USAGE_ERROR
    with open_workspace(args) as workspace:
        check_organisation(workspace, args.org)
        values = link_vendors(workspace, answers)
        if args.org is not None:
            values["organisation_id"] = args.org
        try:
            result = create_plan(workspace, values, complete=not args.draft)
        except ValidationError as error:
            raise _refused(source, error) from None
        summary = _created(workspace, result)
    if args.format == "json":
        print_json(summary)
        return 0
    plan = summary["plan"]
    print(
        _("Created collection plan {reference} “{name}” ({status})").format(
            reference=plan["reference"], name=plan["name"], status=plan["status"]
        )
    )
    activity = summary["activity"]
    if activity is None:
        print(_("No register entry yet: it is made when the plan is complete."))
    else:
        print(
            _("Register entry: {reference} “{name}” ({status})").format(
                reference=activity["reference"], name=activity["name"], status=activity["status"]
            )
        )
    return 0


def _created(workspace: Workspace, result: ChangeResult) -> dict[str, Any]:
    from app.domain.activity import ACTIVITY_STATUS_LABELS
    from app.domain.collection_plan import PLAN_STATUS_LABELS
    from app.services.register import get_activity

    plan = result.record
    activity = get_activity(workspace, plan["activity_id"]) if plan["activity_id"] else None
    return {
        "change_id": result.change_id,
        "plan": {
            "id": plan.id,
            "reference": plan["reference"],
            "name": plan["name"],
            "status": _(PLAN_STATUS_LABELS[plan["status"]]),
            "status_code": plan["status"],
        },
        "activity": None
        if activity is None
        else {
            "id": activity.id,
            "reference": activity["reference"],
            "name": activity["name"],
            "status": _(ACTIVITY_STATUS_LABELS[activity["status"]]),
            "status_code": activity["status"],
        },
    }


def cmd_list_plans(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from app.services.plans import list_plan_rows

    with open_workspace(args) as workspace:
        rows = list_plan_rows(workspace)
    if args.format == "json":
        print_json([asdict(row) for row in rows])
        return 0
    if not rows:
        print(_("No collection plans."))
        return 0
    print_table(
        [_("Reference"), _("Name"), _("Status"), _("Data"), _("Screening"), _("Register entry")],
        [
            [
                row.reference,
                row.name[:50],
                row.status,
                _("{kept} kept, {removed} removed").format(kept=row.data, removed=row.removed),
                row.screening,
                row.activity_reference or "—",
            ]
            for row in rows
        ],
    )
    return 0
