"""The privacy policy page, driven as a user would: read the checklist, reword a section,
review a rewording whose facts changed, publish, see what changed since, export."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from app.storage.workspace import Workspace
from tests.app.test_policy_register import build_full_register
from ui.operations.session import WorkspaceSession
from ui.views.policy_page import PolicyPage

TIMEOUT = 30000


def _open(qtbot, session: WorkspaceSession) -> PolicyPage:  # type: ignore[no-untyped-def]
    page = PolicyPage(session)
    qtbot.addWidget(page)
    page.resize(1400, 900)
    with qtbot.waitSignal(page.policy_loaded, timeout=TIMEOUT):
        page.show()  # the first show loads the page, in the background
    return page


@pytest.fixture
def page(qtbot, ui_workspace: Workspace, ui_session: WorkspaceSession) -> PolicyPage:  # type: ignore[no-untyped-def]
    build_full_register(ui_workspace)
    return _open(qtbot, ui_session)


def _rename(page: PolicyPage, key: str) -> str:
    section = page.state.policy.section(key) if page.state else None
    assert section is not None
    return section.title


def test_the_checklist_ticks_every_item_of_a_complete_register(page: PolicyPage) -> None:
    marks = page.checklist.marks()
    assert list(marks) == [f"N{n:02d}" for n in range(1, 19)]
    assert set(marks.values()) == {"✓"}
    assert page.checklist.topLevelItem(0).text(2) == "Art. 13(1)(a), 14(1)(a)"
    assert page.draft_banner.isHidden()
    assert page.status_label.text() == "Draft of version 1"
    assert "Delivering the orders customers place" in page.preview.toPlainText()


def test_an_incomplete_register_shows_crosses_and_a_draft_banner(  # type: ignore[no-untyped-def]
    qtbot, ui_session: WorkspaceSession
) -> None:
    page = _open(qtbot, ui_session)
    marks = page.checklist.marks()
    assert marks["N04"] == "✗" and marks["N18"] == "–"
    assert page.draft_banner.isVisible()
    assert "N04" in page.draft_banner.text()
    assert "DRAFT" in page.preview.toPlainText()


def test_clicking_an_item_shows_its_section(qtbot, page: PolicyPage) -> None:  # type: ignore[no-untyped-def]
    row = page.checklist.topLevelItem(12)  # N13, the complaint
    page.checklist.itemClicked.emit(row, 1)
    assert page.section_editor.current_key() == "complaint"
    assert page.preview.verticalScrollBar().value() > 0


def test_rewording_a_section_shows_in_the_preview(qtbot, page: PolicyPage) -> None:  # type: ignore[no-untyped-def]
    page.left_tabs.setCurrentWidget(page.section_editor)
    page.section_editor.select("about")
    editor = page.section_editor
    assert not editor.save_button.isEnabled()  # nothing changed yet
    editor.text_edit.setPlainText("We sell lamps.\n\n- We use your data to deliver them.")
    assert editor.save_button.isEnabled()
    with qtbot.waitSignal(page.policy_loaded, timeout=TIMEOUT):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert "We use your data to deliver them." in page.preview.toPlainText()
    assert editor.section_list.currentItem().text() == f"{_rename(page, 'about')} — reworded"
    assert editor.reset_button.isEnabled()
    assert page._session.can_undo()

    with qtbot.waitSignal(page.policy_loaded, timeout=TIMEOUT):
        qtbot.mouseClick(editor.reset_button, Qt.MouseButton.LeftButton)
    assert "We sell lamps." not in page.preview.toPlainText()
    assert "This policy explains how" in editor.text_edit.toPlainText()


def test_a_rewording_whose_facts_changed_is_flagged_and_can_be_kept(  # type: ignore[no-untyped-def]
    qtbot, page: PolicyPage
) -> None:
    editor = page.section_editor
    page.left_tabs.setCurrentWidget(editor)
    editor.select("rights")
    editor.text_edit.setPlainText("Ask us anything at dpo@acme.example.")
    with qtbot.waitSignal(page.policy_loaded, timeout=TIMEOUT):
        editor.save_button.click()
    with qtbot.waitSignal(page.policy_loaded, timeout=TIMEOUT):
        page._session.update_record("organisation", 1, {"dpo_email": "officer@acme.example"})
    assert editor.current_key() == "rights"
    assert editor.section_list.currentItem().text().endswith("— review")
    assert editor.keep_button.isVisible()
    assert editor.reset_button.text() == "Drop my wording"
    assert "The register changed the facts under your wording" in editor.status_label.text()
    assert "Ask us anything" not in page.preview.toPlainText()  # the generated text is used
    with qtbot.waitSignal(page.policy_loaded, timeout=TIMEOUT):
        editor.keep_button.click()
    assert editor.section_list.currentItem().text().endswith("— reworded")
    assert "Ask us anything" in page.preview.toPlainText()


def test_publishing_keeps_a_version_and_later_changes_raise_the_banner(  # type: ignore[no-untyped-def]
    qtbot, page: PolicyPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        QInputDialog,
        "getMultiLineText",
        staticmethod(lambda *args, **kwargs: ("For the new website", True)),
    )
    with qtbot.waitSignal(page.policy_loaded, timeout=TIMEOUT):
        qtbot.mouseClick(page.publish_button, Qt.MouseButton.LeftButton)
    assert page.status_label.text() == "Version 1"
    assert page.versions.topLevelItemCount() == 1
    assert page.versions.topLevelItem(0).text(2) == "For the new website"
    assert page.changed_banner.isHidden()

    with qtbot.waitSignal(page.policy_loaded, timeout=TIMEOUT):
        page._session.update_record("processing_activity", 1, {"transfers": []})
    assert page.changed_banner.isVisible()
    assert "The register has changed since version 1" in page.changed_label.text()
    page.changed_banner.findChild(type(page.publish_button), "show_changes").click()
    assert page.right_tabs.currentWidget() is page.changes_view
    changes = page.changes_view.toPlainText()
    assert "Transfers outside the European Economic Area" in changes
    assert "− India, to Byte Support Pvt" in changes


def test_publishing_a_draft_asks_first(  # type: ignore[no-untyped-def]
    qtbot, ui_session: WorkspaceSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _open(qtbot, ui_session)
    asked: list[str] = []

    def refuse(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", staticmethod(refuse))
    page.publish_button.click()
    assert asked and "N04" in asked[0]
    assert page.versions.topLevelItemCount() == 0


@pytest.mark.parametrize(
    ("chosen", "selected", "written"),
    [
        ("policy", "Web page (*.html)", "policy.html"),
        ("policy.docx", "PDF document (*.pdf)", "policy.docx"),
        ("policy", "PDF document (*.pdf)", "policy.pdf"),
    ],
)
def test_exporting_in_the_background_writes_the_chosen_format(  # type: ignore[no-untyped-def]
    qtbot,
    page: PolicyPage,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    chosen: str,
    selected: str,
    written: str,
) -> None:
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        staticmethod(lambda *args, **kwargs: (str(tmp_path / chosen), selected)),
    )
    bar = page.export_bar
    with qtbot.waitSignal(page.export_finished, timeout=60000) as finished:
        qtbot.mouseClick(bar.export_button, Qt.MouseButton.LeftButton)
        assert not bar.export_button.isEnabled()  # one export at a time
        assert bar.progress_bar.isVisible()
    assert finished.args == [tmp_path / written]
    assert (tmp_path / written).stat().st_size > 1000
    assert bar.result_label.text() == f"Saved to {tmp_path / written}"
    assert bar.export_button.isEnabled() and bar.open_button.isVisible()


def test_a_failed_export_says_why(qtbot, page: PolicyPage, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "no such folder" / "policy.html"
    with qtbot.waitSignal(page.export_finished, timeout=60000) as finished:
        page.export_policy(target)
    assert isinstance(finished.args[0], Exception)
    assert "could not be written" in page.export_bar.result_label.text()
    assert not target.exists()


def test_the_page_looks_complete(qtbot, page: PolicyPage, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.left_tabs.setCurrentWidget(page.section_editor)
    page.section_editor.select("purposes")
    shot = tmp_path / "policy_page.png"
    assert page.grab().save(str(shot))
    assert shot.stat().st_size > 10000
