"""DPIA screening: the outcome and its reasons, the Art. 35(3) cases and the authority's list,
the justification rule, and the criteria the register suggests; on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest

from app.domain.screening import ScreeningOutcome, screen
from app.errors import UserError, ValidationError
from app.services.register import add_activity
from app.services.screenings import authority_list, save_screening, screening_view
from app.storage.workspace import Workspace


def _activity(ws: Workspace, **values: Any) -> int:
    complete = {
        "name": "Loyalty programme",
        "purposes": [{"key": "loyal", "purpose": "Rewarding loyal customers", "basis": "6.1.b"}],
        **values,
    }
    return add_activity(ws, complete, actor="tester").record.id


@pytest.mark.parametrize(
    ("criteria", "outcome"),
    [
        ([], ScreeningOutcome.NOT_LIKELY),
        (["innovative"], ScreeningOutcome.CONSIDER),
        (["evaluation", "large_scale"], ScreeningOutcome.LIKELY_REQUIRED),
    ],
)
def test_the_outcome_follows_the_number_of_criteria(
    workspace: Workspace, criteria: list[str], outcome: ScreeningOutcome
) -> None:
    activity_id = _activity(workspace)
    save_screening(workspace, activity_id, {"criteria": criteria}, actor="tester")
    view = screening_view(workspace, "PA-001")
    assert view.result.outcome is outcome
    assert view.result.reasons
    assert view.result.needs_justification is (len(criteria) >= 2)


def test_an_activity_never_screened_has_an_outcome_but_no_record(workspace: Workspace) -> None:
    _activity(workspace)
    view = screening_view(workspace, "PA-001")
    assert view.record is None
    assert view.result.outcome is ScreeningOutcome.NOT_LIKELY
    with pytest.raises(UserError, match="PA-404"):
        screening_view(workspace, "PA-404")


def test_an_art_35_3_case_or_the_authoritys_list_makes_it_required(workspace: Workspace) -> None:
    activity_id = _activity(workspace)
    authority, entries = authority_list("FR")
    assert authority == "CNIL" and entries
    save_screening(workspace, activity_id, {"art35_3": ["a"]}, actor="tester")
    view = screening_view(workspace, activity_id)
    assert view.result.outcome is ScreeningOutcome.REQUIRED
    assert "Art. 35(3)(a)" in view.result.reasons[0]
    # The workspace's organisation is French: the CNIL's list applies.
    assert view.authority == "CNIL"
    record = view.record
    assert record is not None
    save_screening(
        workspace,
        activity_id,
        {"art35_3": [], "authority_entries": [entries[0].key]},
        record.version,
        actor="tester",
    )
    view = screening_view(workspace, activity_id)
    assert view.result.outcome is ScreeningOutcome.REQUIRED
    assert entries[0].text in view.result.reasons[0]
    assert authority_list("ZZ") == ("", ())


def test_deciding_against_a_dpia_needs_a_justification_from_two_criteria(
    workspace: Workspace,
) -> None:
    activity_id = _activity(workspace)
    values = {"criteria": ["evaluation", "large_scale"], "decision": "not_needed"}
    with pytest.raises(ValidationError, match="write why"):
        save_screening(workspace, activity_id, values, actor="tester")
    assert screening_view(workspace, activity_id).record is None
    justified = {**values, "justification": "Scores are never used to refuse anything."}
    record = save_screening(workspace, activity_id, justified, actor="tester").record
    assert record["decision"] == "not_needed"
    # One criterion alone needs no written reason.
    single = {"criteria": ["innovative"], "justification": None}
    assert save_screening(workspace, activity_id, single, record.version, actor="tester").changed


def test_an_art_35_3_case_cannot_be_decided_away(workspace: Workspace) -> None:
    activity_id = _activity(workspace)
    values = {"art35_3": ["b"], "decision": "not_needed", "justification": "We would rather not."}
    with pytest.raises(ValidationError, match="mandatory"):
        save_screening(workspace, activity_id, values, actor="tester")


def test_the_register_suggests_criteria(workspace: Workspace) -> None:
    activity_id = _activity(
        workspace,
        automated_decisions=True,
        data_categories=[
            {"category": "Health questionnaire", "kind": "special", "source": "data_subject"},
            {"category": "Credit score", "source": "third_party"},
        ],
    )
    view = screening_view(workspace, activity_id)
    assert [c.value for c in view.suggested] == [
        "evaluation",
        "automated_decision",
        "sensitive",
        "combining",
    ]
    # Suggestions are not answers: the outcome rests on what was recorded.
    assert view.result.outcome is ScreeningOutcome.NOT_LIKELY


def test_screen_orders_its_reasons_and_ignores_unknown_criteria() -> None:
    result = screen(["large_scale", "evaluation", "made_up"], authority_list=["On the list"])
    assert [c.value for c in result.criteria] == ["evaluation", "large_scale"]
    assert result.outcome is ScreeningOutcome.REQUIRED
    assert result.reasons[0].endswith("On the list")
