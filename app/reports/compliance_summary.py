"""The compliance summary: the branded report a consultant hands a client.

It opens with an executive summary in plain words (the score and the few errors that matter
most), then says how the score is computed, lists every open finding with its fix, area by
area, gives the action plan (planned DPIA measures, the plans' open actions), and closes with
the register, the DPIAs with one risk map for all of them, and the request and breach figures.
Charts are SVG, drawn by app/reports/charts.py and passed to the render as assets.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from app.domain.activity_checks import Severity
from app.domain.fields import image_mime
from app.i18n import N_, _, ngettext
from app.reports.compliance_charts import chart_svgs
from app.reports.pipeline import ASSET_SCHEME, Asset, Progress, render_pdf
from app.services.compliance import CheckReport, Finding, area_label, run_checks
from app.services.compliance_overview import Overview, compliance_overview
from app.services.organisations import list_organisations
from app.storage.workspace import Workspace

TEMPLATE = "compliance_summary.html.j2"
LOGO_ASSET = "logo"
DOCUMENT_VERSION = "1"
KEY_ERRORS = 5  # the executive summary names this many of the errors, the rest follow
# A register of thousands of activities can fail a rule thousands of times: the report lists
# the first ones of each area (errors first) and says how many more `check` lists.
FINDINGS_PER_AREA = 150
RISK_MAP_MODULE = "app.reports.risk_map"
SEVERITY_LABELS = {
    Severity.ERROR: N_("Error"),
    Severity.WARNING: N_("Warning"),
    Severity.INFO: N_("Information"),
}


def write_compliance_summary_pdf(
    workspace: Workspace,
    output: Path,
    *,
    progress: Progress | None = None,
    today: date | None = None,
) -> Path:
    """Write the compliance summary of the workspace to `output` and return its path."""
    report = progress or (lambda _percent, _message: None)
    report(0, _("Running the compliance checks…"))
    checks = run_checks(workspace, today)
    report(3, _("Reading the workspace…"))
    overview = compliance_overview(workspace, today)
    report(4, _("Drawing the charts…"))
    context, assets = build_compliance_context(workspace, checks, overview)
    return render_pdf(
        TEMPLATE,
        context,
        output,
        title=_("Compliance summary"),
        author=context["organisation_name"],
        assets=assets,
        progress=progress,
    )


def build_compliance_context(
    workspace: Workspace,
    checks: CheckReport,
    overview: Overview,
    *,
    generated_at: datetime | None = None,
) -> tuple[dict[str, Any], dict[str, Asset]]:
    """The template's context (plain values) and the render's assets (logo, charts)."""
    organisations = list_organisations(workspace)
    first = organisations[0] if organisations else None
    assets: dict[str, Asset] = {}
    logo = first["brand_logo"] if first else None
    mime = image_mime(logo) if isinstance(logo, bytes) else None
    if logo and mime:
        assets[LOGO_ASSET] = (logo, mime)
    charts = {}
    for name, svg in chart_svgs(checks, overview).items():
        assets[f"chart-{name}"] = (svg, "image/svg+xml")
        charts[name] = f"{ASSET_SCHEME}chart-{name}"
    risk_maps = []
    for index, values in enumerate(overview.risk_maps):
        drawn = _risk_map_svg(values)
        if drawn is not None:
            assets[f"risk-map-{index}"] = (drawn, "image/svg+xml")
        risk_maps.append(
            {"label": values["label"], "url": f"{ASSET_SCHEME}risk-map-{index}" if drawn else None}
        )
    context: dict[str, Any] = {
        "organisation_name": "; ".join(o["legal_name"] for o in organisations)
        or workspace.display_name,
        "accent_colour": first["brand_colour"] if first else None,
        "logo_url": f"{ASSET_SCHEME}{LOGO_ASSET}" if LOGO_ASSET in assets else None,
        "document_version": DOCUMENT_VERSION,
        "generated_at": generated_at or datetime.now().astimezone(),
        "summary": _executive_summary(checks),
        "explanation": checks.explanation,
        "score": checks.score,
        "areas": [
            {
                "label": area_label(a.area),
                "score": a.score,
                "checks": a.checks,
                "errors": a.errors,
                "warnings": a.warnings,
            }
            for a in checks.areas
        ],
        "groups": _finding_groups(checks),
        "accepted": [_finding(f) for f in checks.muted[: FINDINGS_PER_AREA * 2]],
        "actions": [
            vars(action) | {"is_plan": action.record_type != "dpia"} for action in overview.actions
        ],
        "register": vars(overview.register),
        "dpias": [vars(line) for line in overview.dpias],
        "risk_maps": risk_maps,
        "requests_due": [
            {
                "reference": row.reference,
                "requester": row.requester,
                "due": row.deadline.due,
                "days_left": row.days_left,
                "overdue": row.overdue,
            }
            for row in overview.requests_due
        ],
        "request_totals": overview.request_totals,
        "breaches": [vars(line) for line in overview.breaches],
        "breach_totals": overview.breach_totals,
        "charts": charts,
        "toc": _table_of_contents(),
    }
    return context, assets


def _risk_map_svg(values: dict[str, Any]) -> bytes | None:
    """The risk map of one matrix, if the risk-map module is in this version."""
    import importlib

    try:
        module = importlib.import_module(RISK_MAP_MODULE)
    except ImportError:
        return None
    draw: Callable[[dict[str, Any]], bytes] = module.risk_map_svg
    return draw({"matrix": values["matrix"], "risks": values["risks"]})


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "severity": finding.rule.severity.value,
        "severity_label": _(SEVERITY_LABELS[finding.rule.severity]),
        "rule": _(finding.rule.title),
        "record": finding.record_label,
        "message": finding.message,
        "basis": finding.rule.basis,
        "fix": _(finding.rule.fix),
        "justification": finding.mute_reason,
    }


def _finding_groups(checks: CheckReport) -> list[dict[str, Any]]:
    groups = []
    for area in checks.areas:
        findings = [f for f in checks.findings if f.rule.area == area.area]
        groups.append(
            {
                "anchor": f"area-{area.area.value}",
                "label": area_label(area.area),
                "score": area.score,
                "findings": [_finding(f) for f in findings[:FINDINGS_PER_AREA]],
                "not_listed": max(0, len(findings) - FINDINGS_PER_AREA),
            }
        )
    return groups


def _verdict(score: int | None, errors: int) -> str:
    if score is None:
        return _("The workspace holds nothing to check yet.")
    if not errors and score >= 95:
        return _("The file is in good order: no error is open.")
    if score >= 85:
        return _("The file is largely in place; the errors below should be fixed first.")
    if score >= 60:
        return _("The file has real gaps; the errors below put the organisation at risk.")
    return _("Much of what the GDPR asks for is missing; start with the errors below.")


def _executive_summary(checks: CheckReport) -> dict[str, Any]:
    errors = checks.errors
    warnings = [f for f in checks.findings if f.rule.severity == Severity.WARNING]
    # The key errors: one line per rule (the rule that fails most first), naming its records.
    by_rule: dict[str, list[Finding]] = {}
    for finding in errors:
        by_rule.setdefault(finding.rule.id, []).append(finding)
    ranked = sorted(by_rule.values(), key=lambda found: -len(found))
    key_errors = [
        {
            "rule": _(found[0].rule.title),
            "basis": found[0].rule.basis,
            "fix": _(found[0].rule.fix),
            "count": len(found),
            "records": sorted({f.record_label for f in found}),
        }
        for found in ranked[:KEY_ERRORS]
    ]
    return {
        "score": checks.score,
        "verdict": _verdict(checks.score, len(errors)),
        "counts": ngettext("{errors} error", "{errors} errors", len(errors)).format(
            errors=len(errors)
        )
        + ", "
        + ngettext("{warnings} warning", "{warnings} warnings", len(warnings)).format(
            warnings=len(warnings)
        )
        + ", "
        + ngettext(
            "{accepted} finding accepted with a reason",
            "{accepted} findings accepted with a reason",
            len(checks.muted),
        ).format(accepted=len(checks.muted)),
        "key_errors": key_errors,
        "more_rules": max(0, len(ranked) - KEY_ERRORS),
    }


def _table_of_contents() -> list[dict[str, Any]]:
    entries = [
        ("summary", _("Executive summary")),
        ("score", _("Score and how it is computed")),
        ("findings", _("Findings and how to fix them")),
        ("actions", _("Action plan")),
        ("register", _("Register overview")),
        ("dpias", _("Data protection impact assessments")),
        ("requests", _("Rights requests and breaches")),
        ("about", _("About this report")),
    ]
    return [{"anchor": anchor, "title": title, "level": 1} for anchor, title in entries]
