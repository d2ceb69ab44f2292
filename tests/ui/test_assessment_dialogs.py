"""The LIA and TIA dialogs share one frame: the entry chosen above, the questions, Save."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from app.services.assessments import tia_for
from app.services.register import add_activity
from ui.dialogs.tia_dialog import TiaDialog
from ui.operations.session import WorkspaceSession


def _activity(session: WorkspaceSession, transfers: list[dict[str, object]]) -> int:
    values = {
        "name": "Support desk",
        "purposes": [{"key": "p1", "purpose": "Answer customers", "basis": "6.1.b"}],
        "transfers": transfers,
    }
    return add_activity(session.workspace, values, actor="tester").record.id


def test_a_tia_is_saved_for_the_chosen_destination(  # type: ignore[no-untyped-def]
    qtbot, ui_session: WorkspaceSession
) -> None:
    transfer = {"destination": "IN", "importer": "Desk Ltd", "mechanism": "scc", "scc_module": "2"}
    activity_id = _activity(ui_session, [transfer])
    dialog = TiaDialog(ui_session, activity_id)
    qtbot.addWidget(dialog)
    assert dialog.transfer_box.value() == "IN"
    assert dialog.form.cleaned_values()["importer"] == "Desk Ltd"  # type: ignore[index]
    dialog.form.set_values({"transfer_map": "Remote access only.", "outcome": "passes"})
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        dialog.save()
    stored = tia_for(ui_session.workspace, activity_id, "IN")
    assert stored is not None and stored["transfer_map"] == "Remote access only."


@pytest.mark.parametrize("mechanism", ["adequacy", None])
def test_without_a_transfer_on_clauses_there_is_nothing_to_save(  # type: ignore[no-untyped-def]
    qtbot, ui_session: WorkspaceSession, mechanism: str | None
) -> None:
    transfers = [{"destination": "JP", "mechanism": mechanism}] if mechanism else []
    dialog = TiaDialog(ui_session, _activity(ui_session, transfers))
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not save.isEnabled()
    assert "no TIA is needed" in dialog.error_label.text()
