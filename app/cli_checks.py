"""`check -w WS [--format json]`: every compliance finding of a workspace. The exit code is 1
when an error-level finding is open, 0 otherwise, so consultants can script it."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli_args import (
    format_argument,
    open_workspace,
    print_json,
    print_table,
    workspace_argument,
)
from app.i18n import _

FINDINGS_EXIT = 1


def register_commands(commands: Any) -> None:
    check = commands.add_parser(
        "check", help=_("run the compliance checks; exit code 1 when an error is found")
    )
    workspace_argument(check)
    format_argument(check)
    check.add_argument(
        "--muted", action="store_true", help=_("also list the findings accepted with a reason")
    )


def _finding_json(finding: Any) -> dict[str, Any]:
    return {
        "rule": finding.rule.id,
        "severity": finding.rule.severity.value,
        "area": finding.rule.area.value,
        "title": _(finding.rule.title),
        "basis": finding.rule.basis,
        "record_type": finding.record_type,
        "record_id": finding.record_id,
        "record": finding.record_label,
        "message": finding.message,
        "fix": _(finding.rule.fix),
        "muted": finding.muted,
        "justification": finding.mute_reason or None,
    }


def cmd_check(args: argparse.Namespace) -> int:
    from app.services.compliance import area_label, run_checks

    with open_workspace(args) as workspace:
        report = run_checks(workspace)
    status = FINDINGS_EXIT if report.errors else 0
    if args.format == "json":
        print_json(
            {
                "score": report.score,
                "explanation": report.explanation,
                "areas": [
                    {
                        "area": a.area.value,
                        "label": area_label(a.area),
                        "score": a.score,
                        "checks": a.checks,
                        "errors": a.errors,
                        "warnings": a.warnings,
                    }
                    for a in report.areas
                ],
                "findings": [_finding_json(f) for f in report.findings],
                "muted": [_finding_json(f) for f in report.muted],
            }
        )
        return status
    shown = report.findings + (report.muted if args.muted else [])
    if shown:
        print_table(
            [_("Severity"), _("Rule"), _("Record"), _("Finding"), _("Basis")],
            [
                [
                    _(f.rule.severity.value) + (" " + _("(accepted)") if f.muted else ""),
                    f.rule.id,
                    f.record_label,
                    f.message,
                    f.rule.basis,
                ]
                for f in shown
            ],
        )
    score = "—" if report.score is None else f"{report.score}%"
    print(
        _("Score {score}: {errors} errors, {warnings} warnings, {muted} accepted.").format(
            score=score,
            errors=len(report.errors),
            warnings=sum(f.rule.severity == "warning" for f in report.findings),
            muted=len(report.muted),
        )
    )
    return status
