"""The command line for the risk analysis (issue 5): `screen`, `list dpias`,
`import cnil-pia` and `export cnil-pia`.

`list`, `import` and `export` are declared with the register's commands (app.cli_register);
the DPIA kinds join them here, and app.cli sends those commands through this module, which
hands everything that is not a DPIA's back to the register's.
"""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli_args import (
    check_output,
    format_argument,
    open_workspace,
    print_json,
    print_table,
    workspace_argument,
)
from app.cli_common import find_record, id_argument
from app.i18n import _

if TYPE_CHECKING:
    from app.storage.workspace import Workspace


def register_commands(commands: Any) -> None:
    """`screen` (issue 5)."""
    screen = commands.add_parser(
        "screen", help=_("does a processing activity need a DPIA? (Art. 35, WP248)")
    )
    workspace_argument(screen)
    screen.add_argument(
        "--activity", required=True, metavar="PA-001|ID", help=_("the activity to screen")
    )
    format_argument(screen)


def add_list_kinds(kinds: Any) -> None:
    """`list dpias` (called by cli_register, which declares `list`)."""
    dpias = kinds.add_parser("dpias", help=_("the DPIAs and their status"))
    workspace_argument(dpias)
    format_argument(dpias)


def add_import_kinds(what: Any) -> None:
    """`import cnil-pia` (called by cli_register, which declares `import`)."""
    importing = what.add_parser(
        "cnil-pia", help=_("a PIA exported by the CNIL's PIA tool (.json), as a new DPIA")
    )
    importing.add_argument("file", type=Path, metavar="FILE.json")
    workspace_argument(importing)
    importing.add_argument(
        "--activity",
        dest="activities",
        action="append",
        default=[],
        metavar="PA-001|ID",
        help=_("a register activity the DPIA covers, repeatable"),
    )


def add_export_kinds(what: Any) -> None:
    """`export cnil-pia` (called by cli_register, which declares `export`)."""
    exporting = what.add_parser(
        "cnil-pia", help=_("a DPIA as a file the CNIL's PIA tool imports (.json)")
    )
    exporting.add_argument("output", type=Path, metavar="OUT.json")
    workspace_argument(exporting)
    id_argument(exporting, "DPIA-001")


# --- the commands ----------------------------------------------------------------------------


def _activity_id(workspace: Workspace, text: str) -> int:
    from app.domain import ProcessingActivity

    return find_record(
        workspace,
        ProcessingActivity,
        text,
        _("--activity: there is no processing activity “{value}” (see `list activities`)"),
    )


def cmd_screen(args: argparse.Namespace) -> int:
    from app.domain.assessments import SCREENING_DECISION_LABELS, ScreeningDecision
    from app.domain.screening import SCREENING_OUTCOME_LABELS, WP248_LABELS
    from app.services.screenings import screening_view

    with open_workspace(args) as workspace:
        view = screening_view(workspace, _activity_id(workspace, args.activity))
    values = view.record.values if view.record else {}
    decision = values.get("decision") or ScreeningDecision.UNDECIDED.value
    report = {
        "activity": {"id": view.activity_id, "reference": view.reference, "name": view.name},
        "outcome": view.result.outcome.value,
        "outcome_label": _(SCREENING_OUTCOME_LABELS[view.result.outcome]),
        "criteria": [c.value for c in view.result.criteria],
        "art35_3": list(values.get("art35_3") or []),
        "authority": view.authority,
        "authority_entries": list(values.get("authority_entries") or []),
        "reasons": list(view.result.reasons),
        "suggested_criteria": [c.value for c in view.suggested],
        "justification_needed": view.result.needs_justification,
        "decision": decision,
        "decision_label": _(SCREENING_DECISION_LABELS[ScreeningDecision(decision)]),
        "justification": values.get("justification"),
        "dpia_id": values.get("dpia_id"),
        "screened_on": values.get("screened_on"),
        "screened_by": values.get("screened_by"),
    }
    if args.format == "json":
        print_json(report)
        return 0
    print(f"{view.reference}  {view.name}")
    print(_("Outcome: {outcome}").format(outcome=report["outcome_label"]))
    for reason in view.result.reasons:
        print(f"  - {reason}")
    if view.record is None:
        print(_("Not screened yet: the outcome rests on no recorded answer."))
    if view.suggested:
        print(
            _("The register suggests: {criteria}").format(
                criteria=", ".join(_(WP248_LABELS[c]) for c in view.suggested)
            )
        )
    print(_("Decision: {decision}").format(decision=report["decision_label"]))
    if report["justification"]:
        print(_("Justification: {text}").format(text=report["justification"]))
    elif view.result.needs_justification:
        print(_("Deciding against a DPIA needs a written justification (two or more criteria)."))
    return 0


def cmd_list_dpias(args: argparse.Namespace) -> int:
    from app.domain.risk_matrix import RISK_LEVEL_LABELS
    from app.services.dpia import list_dpia_rows

    with open_workspace(args) as workspace:
        rows = list_dpia_rows(workspace)
    if args.format == "json":
        print_json([asdict(row) for row in rows])
        return 0
    if not rows:
        print(_("No DPIAs."))
        return 0
    print_table(
        [
            _("Reference"),
            _("Title"),
            _("Status"),
            _("Activities"),
            _("Risks"),
            _("Highest residual risk"),
            _("Planned measures"),
            _("Versions"),
        ],
        [
            [
                row.reference,
                row.title[:60],
                row.status,
                row.activities or "—",
                str(row.risks),
                _(RISK_LEVEL_LABELS[row.highest_residual]) if row.highest_residual else "—",
                str(row.planned_measures),
                str(row.version),
            ]
            for row in rows
        ],
    )
    return 0


def cmd_import_cnil_pia(args: argparse.Namespace) -> int:
    from app.domain.dpia import DPIA_STATUS_LABELS, DpiaStatus
    from app.services.cnil_pia import import_cnil_pia

    with open_workspace(args) as workspace:
        activity_ids = [_activity_id(workspace, text) for text in args.activities]
        result = import_cnil_pia(workspace, args.file, activity_ids=activity_ids)
    dpia = result.record
    print(result.summary)
    print(
        _("Created {reference} “{title}”: {status}").format(
            reference=dpia["reference"],
            title=dpia["title"],
            status=_(DPIA_STATUS_LABELS[DpiaStatus(dpia["status"])]),
        )
    )
    return 0


def cmd_export_cnil_pia(args: argparse.Namespace) -> int:
    from app.domain import Dpia
    from app.services.cnil_pia import export_cnil_pia

    output = check_output(args.output, [".json"])
    with open_workspace(args) as workspace:
        dpia_id = find_record(workspace, Dpia, args.id, _("--id: there is no DPIA “{value}”"))
        export_cnil_pia(workspace, dpia_id, output)
    print(_("Wrote {path}").format(path=output))
    return 0
