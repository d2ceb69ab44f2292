"""Comparing versions of a DPIA: two frozen versions, or a frozen one and the current state;
answers, risks, measures, reviews, opinions, the decision and the register facts, each named
in the user's words; on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from app.domain.dpia import DpiaStatus
from app.errors import UserError
from app.services.dpia import create_dpia, decide_dpia, get_dpia, update_dpia
from app.services.dpia_versions import VersionDifference, compare_versions
from app.services.register import add_activity, get_activity, update_activity
from app.storage.workspace import Workspace

RISKS = [
    {
        "key": "access",
        "event": "illegitimate_access",
        "sources": ["Attackers"],
        "current_severity": 3,
        "current_likelihood": 3,
        "residual_severity": 2,
        "residual_likelihood": 2,
    }
]


def _approved(ws: Workspace, **values: Any) -> int:
    activity = add_activity(
        ws,
        {"name": "Loyalty programme", "description": "Points for each purchase."},
        actor="tester",
    ).record
    complete = {
        "answers": [{"question": 212, "text": "<p>Contract.</p>"}],
        "risks": RISKS,
        "measures": [{"key": "crypt", "title": "Encryption"}],
        **values,
    }
    dpia_id = create_dpia(ws, [activity.id], complete, actor="tester").record.id
    _decide(ws, dpia_id)
    return dpia_id


def _decide(ws: Workspace, dpia_id: int) -> None:
    version = get_dpia(ws, dpia_id).version
    decide_dpia(
        ws,
        dpia_id,
        DpiaStatus.APPROVED,
        version,
        decided_by="Claire (DPO)",
        decided_on=date(2026, 11, 20),
    )


def _by_part(differences: list[VersionDifference]) -> dict[str, tuple[str, str]]:
    return {d.part: (d.before, d.after) for d in differences}


def test_a_version_compared_with_itself_has_no_difference(workspace: Workspace) -> None:
    dpia_id = _approved(workspace)
    assert compare_versions(workspace, dpia_id, 1, 1) == []
    assert compare_versions(workspace, dpia_id, 1, None) == []


def test_answers_risks_measures_and_the_decision_are_compared(workspace: Workspace) -> None:
    dpia_id = _approved(workspace)
    risks = [
        RISKS[0]
        | {"sources": ["Attackers", "Staff"], "residual_severity": 1, "measure_keys": ["crypt"]}
    ]
    update_dpia(
        workspace,
        dpia_id,
        {
            "answers": [{"question": 212, "text": "<p>Contract, <em>and</em> consent.</p>"}],
            "risks": risks,
            "measures": [
                {"key": "crypt", "title": "Encryption", "status": "planned", "owner": "IT"}
            ],
            "dpo_opinion": "<p>Fine.</p>",
            "dpo_status": "favourable",
        },
        None,
    )
    _decide(workspace, dpia_id)
    found = _by_part(compare_versions(workspace, dpia_id, 1, 2))
    assert found["2.1 Proportionality and necessity — What is the legal basis?"] == (
        "Contract.",
        "Contract, and consent.",
    )
    access = "3.2 Illegitimate access to data"
    assert found[f"{access} — Risk sources"] == ("Attackers", "Attackers; Staff")
    assert found[f"{access} — Measures"] == ("", "Encryption")
    assert found[f"{access} — Position with all measures"] == (
        "severity 2 (Limited), likelihood 2 (Limited): Low",
        "severity 1 (Negligible), likelihood 2 (Limited): Low",
    )
    assert found["3.1 Measures — Encryption — Status"] == ("In place", "Planned")
    assert found["3.1 Measures — Encryption — Owner"] == ("", "IT")
    assert found["Validation — DPO's opinion"] == ("", "Fine.")
    assert found["Validation — DPO's conclusion"][1].startswith("Favourable")
    # Unchanged parts are not listed.
    assert f"{access} — Threats" not in found
    assert not any(part.startswith("General — Status") for part in found)


def test_the_current_state_and_the_register_facts_are_compared(workspace: Workspace) -> None:
    dpia_id = _approved(workspace)
    dpia = get_dpia(workspace, dpia_id)
    activity_id = dpia["activity_ids"][0]
    update_activity(
        workspace,
        activity_id,
        {"description": "Points and offers."},
        get_activity(workspace, activity_id).version,
    )
    update_dpia(
        workspace,
        dpia_id,
        {"reviews": [{"target": "2.1.212", "status": 1, "comment": "<p>Which contract?</p>"}]},
        dpia.version,
    )
    found = _by_part(compare_versions(workspace, dpia_id, 1, None))
    assert found["Record of processing activities — Description of the processing"] == (
        "Points for each purchase.",
        "Points and offers.",
    )
    review = found["2.1 Proportionality and necessity — What is the legal basis? — Review"]
    assert review == ("", "To correct\nComment: Which contract?")
    # Editing reopened the DPIA: the decision is part of the difference.
    assert found["General — Status"] == ("Approved", "Draft")
    assert found["Validation — Decided on"] == ("2026-11-20", "")


def test_an_added_measure_and_an_unknown_version(workspace: Workspace) -> None:
    dpia_id = _approved(workspace)
    measures = [{"key": "crypt", "title": "Encryption"}, {"key": "logs", "title": "Access logs"}]
    update_dpia(workspace, dpia_id, {"measures": measures}, None)
    found = _by_part(compare_versions(workspace, dpia_id, 1, None))
    assert found["3.1 Measures — Access logs — Measure"] == ("", "Access logs")
    with pytest.raises(UserError, match="no version 7"):
        compare_versions(workspace, dpia_id, 7, None)
