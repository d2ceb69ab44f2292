"""The compliance summary PDF, read back with pypdf: the demo workspace with two DPIAs (one on
each risk matrix) and an activity whose name is hostile markup."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from pypdf import PdfReader

from app.reports.compliance_summary import write_compliance_summary_pdf
from app.services.compliance import area_label, run_checks
from app.services.compliance_overview import compliance_overview
from app.services.demo import create_demo_workspace
from app.services.dpia import create_dpia
from app.services.register import add_activity, list_activity_rows
from app.storage.workspace import Workspace

HOSTILE = '<script>alert("pwned")</script> <img src=file:///etc/passwd> & Co'
DUE = date.today() - timedelta(days=3)


def add_dpias(workspace: Workspace) -> None:
    """Two DPIAs: one on the CNIL 4x4 matrix with planned measures, one on the ICO 3x3."""
    activities = list_activity_rows(workspace)
    create_dpia(
        workspace,
        [activities[0].id],
        {
            "title": "Warehouse cameras",
            "risks": [
                {
                    "event": "illegitimate_access",
                    "title": "Footage leaked",
                    "inherent_severity": 4,
                    "inherent_likelihood": 3,
                    "residual_severity": 3,
                    "residual_likelihood": 3,
                }
            ],
            "measures": [
                {
                    "title": "Mask the public street",
                    "status": "planned",
                    "owner": "Facility manager",
                    "due_on": DUE.isoformat(),
                    "action_status": "in_progress",
                },
                {"title": "Badge access", "status": "existing"},
                {"title": "Shred old tapes", "status": "planned", "action_status": "done"},
            ],
        },
        actor="test",
    )
    create_dpia(
        workspace,
        [activities[1].id],
        {
            "title": "Time clock",
            "matrix": "ico_3x3",
            "risks": [
                {
                    "event": "illegitimate_access",
                    "title": "Template stolen",
                    "inherent_severity": 3,
                    "inherent_likelihood": 2,
                    "residual_severity": 2,
                    "residual_likelihood": 1,
                }
            ],
        },
        actor="test",
    )


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    folder = tmp_path_factory.mktemp("compliance")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PRIVACY_WORKBENCH_HOME", str(folder / "home"))
        workspace = create_demo_workspace(folder / "demo.pwb")
        try:
            add_dpias(workspace)
            add_activity(
                workspace,
                {
                    "name": HOSTILE,
                    "status": "active",
                    "purposes": [{"purpose": "Profiling $5 <b>deals</b>", "basis": "6.1.f"}],
                },
                actor="test",
            )
            output = write_compliance_summary_pdf(workspace, folder / "summary.pdf")
            report = run_checks(workspace)
            overview = compliance_overview(workspace)
        finally:
            workspace.close()
    reader = PdfReader(output)
    text = "\n".join(page.extract_text() for page in reader.pages)
    yield {"reader": reader, "text": text, "report": report, "overview": overview}


def squashed(text: str) -> str:
    # Table cells wrap anywhere; compare without the line breaks and spaces they add.
    return re.sub(r"\s+", "", text)


def test_metadata_cover_contents_and_page_numbers(rendered: dict[str, Any]) -> None:
    reader: PdfReader = rendered["reader"]
    assert reader.metadata is not None
    assert reader.metadata.title == "Compliance summary"
    assert "Maison Lumière SAS" in (reader.metadata.author or "")
    text = rendered["text"]
    assert "Contents" in text
    for heading in ("Executive summary", "Action plan", "Register overview", "About this report"):
        assert text.count(heading) >= 2  # in the contents and as the chapter's heading
    pages = len(reader.pages)
    assert f"Page 2 of {pages}" in text


def test_executive_summary_gives_the_score_and_the_key_errors(rendered: dict[str, Any]) -> None:
    report = rendered["report"]
    text = rendered["text"]
    assert f"{report.score}%" in text
    assert "What to fix first" in text
    assert "Legitimate interests without an LIA" in text
    assert squashed(report.explanation) in squashed(text)


def test_every_area_and_every_finding_with_its_fix(rendered: dict[str, Any]) -> None:
    report = rendered["report"]
    flat = squashed(rendered["text"])
    for area in report.areas:
        assert squashed(area_label(area.area)) in flat
    assert report.findings
    for finding in report.findings:
        assert squashed(finding.message) in flat, finding.message
        assert squashed(finding.rule.fix) in flat, finding.rule.fix
        assert squashed(finding.rule.basis) in flat


def test_action_plan_lists_planned_measures_and_plan_actions(rendered: dict[str, Any]) -> None:
    flat = squashed(rendered["text"])
    assert squashed("Mask the public street") in flat
    assert squashed("Facility manager") in flat
    assert squashed("In progress") in flat
    assert "Badge access" not in rendered["text"]  # in place: not an action
    assert "Shred old tapes" not in rendered["text"]  # done
    plan_actions = [a for a in rendered["overview"].actions if a.record_type == "collection_plan"]
    assert plan_actions
    for action in plan_actions:
        assert squashed(action.action) in flat


def test_dpias_their_risk_maps_and_the_statistics(rendered: dict[str, Any]) -> None:
    text = rendered["text"]
    assert "DPIA-001" in text and "DPIA-002" in text
    assert "Risk map of all DPIAs: 4 × 4 (CNIL method)" in text
    assert "Risk map of all DPIAs: 3 × 3 (UK ICO template)" in text
    totals = rendered["overview"].request_totals
    assert "Requests recorded" in text
    assert f"{totals['open']}, of which {totals['overdue']} overdue" in text
    assert "Breaches recorded" in text


def test_hostile_text_in_a_record_name_is_printed_as_plain_text(rendered: dict[str, Any]) -> None:
    flat = squashed(rendered["text"])
    assert squashed(HOSTILE) in flat
    assert squashed("Profiling $5 <b>deals</b>") in flat


def test_a_huge_register_lists_the_first_findings_of_an_area_and_counts_the_rest(
    rendered: dict[str, Any],
) -> None:
    from dataclasses import replace

    from app.reports.compliance_summary import FINDINGS_PER_AREA, _finding_groups

    report = rendered["report"]
    register = [f for f in report.findings if f.rule.area == "register"]
    many = replace(report, findings=register * 100)
    group = next(g for g in _finding_groups(many) if g["anchor"] == "area-register")
    assert len(group["findings"]) == FINDINGS_PER_AREA
    assert group["not_listed"] == len(register) * 100 - FINDINGS_PER_AREA
