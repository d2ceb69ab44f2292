"""The dashboard, driven in the main window on the demo workspace (SQLite): the score and how it
is computed, the findings by area, a double-click or Enter to the record, accepting a finding
with a reason and taking it back with Ctrl+Z, the lists of what is due, and the charts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QTreeWidgetItem

from app.services.compliance import run_checks
from app.services.demo import create_demo_workspace
from app.storage.workspace import Workspace
from ui.main_window import MainWindow
from ui.tasks import wait_for_tasks
from ui.views.dashboard_page import DashboardPage
from ui.widgets.dashboard_accept_dialog import AcceptFindingDialog

SIZE = (1366, 768)


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    path = tmp_path / "demo.pwb"
    create_demo_workspace(path).close()
    return path


@pytest.fixture
def window(qtbot, demo: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    main = MainWindow()
    qtbot.addWidget(main)
    main.attach(Workspace.open(demo))
    main.resize(*SIZE)
    main.show()
    loaded(qtbot, main)
    yield main
    wait_for_tasks()
    main.detach()


def dashboard(window: MainWindow) -> DashboardPage:
    page = window.pages["dashboard"]
    assert isinstance(page, DashboardPage)
    return page


def loaded(qtbot, window: MainWindow) -> DashboardPage:  # type: ignore[no-untyped-def]
    page = dashboard(window)
    qtbot.waitUntil(lambda: page.data is not None and not page.loading, timeout=30000)
    return page


def row_for(page: DashboardPage, record_type: str) -> QTreeWidgetItem:
    for item in page.findings.items():
        finding = page.findings.finding_of(item)
        if finding is not None and finding.record_type == record_type:
            return item
    raise AssertionError(f"no finding about a {record_type}")


def test_the_dashboard_is_the_home_page_with_the_score_explained(
    window: MainWindow, demo: Path
) -> None:
    assert window.current_page_name() == "dashboard"
    assert window.go_menu.actions()[0].shortcut() == QKeySequence("Ctrl+1")
    page = dashboard(window)
    with Workspace.open(demo) as workspace:
        expected = run_checks(workspace)
    assert page.score.score_label.text() == f"{expected.score}%"
    assert "failed error counts 3" in page.score.explanation.text()
    areas = page.score.area_texts()
    assert len(areas) == len(expected.areas)
    assert any(line.startswith("Risk assessments") for line in areas)


def test_findings_are_grouped_by_area(window: MainWindow) -> None:
    page = dashboard(window)
    tree = page.findings.tree
    assert page.data is not None
    report = page.data.report
    groups = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert groups[0].startswith("Processing register — ")
    assert any(g.startswith("Vendors and contracts — 1 error, 1 warning") for g in groups)
    assert len(page.findings.items()) == len(report.findings)
    first = page.findings.items()[0]
    tree.setCurrentItem(first)
    details = page.findings.details.text()
    finding = page.findings.finding_of(first)
    assert finding is not None
    assert finding.rule.basis in details and "How to fix it:" in details


def test_double_click_opens_the_vendor_and_enter_opens_the_activity(  # type: ignore[no-untyped-def]
    window: MainWindow, qtbot
) -> None:
    page = dashboard(window)
    tree = page.findings.tree
    item = row_for(page, "vendor")
    finding = page.findings.finding_of(item)
    assert finding is not None
    tree.scrollToItem(item)
    centre = tree.visualItemRect(item).center()
    # As a real double-click arrives: a press and release, then the double-click.
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert window.current_page_name() == "vendors"
    vendors = window.pages["vendors"]
    qtbot.waitUntil(lambda: vendors.selected() is not None, timeout=5000)
    assert vendors.selected().id == finding.record_id  # type: ignore[attr-defined]

    window.show_page("dashboard")
    item = row_for(page, "processing_activity")
    finding = page.findings.finding_of(item)
    assert finding is not None
    tree.setCurrentItem(item)
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert window.current_page_name() == "register"
    register = window.pages["register"]
    qtbot.waitUntil(lambda: register.selected_id() == finding.record_id, timeout=10000)  # type: ignore[attr-defined]


def test_an_overdue_request_opens_from_its_list(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = dashboard(window)
    entries = page.requests_list.list
    overdue = next(
        entries.item(row) for row in range(entries.count()) if "overdue" in entries.item(row).text()
    )
    entries.setCurrentItem(overdue)
    entries.itemActivated.emit(overdue)
    assert window.current_page_name() == "requests"
    selected = window.pages["requests"].selected()  # type: ignore[attr-defined]
    assert selected is not None and overdue.text().startswith(selected.reference)


def test_accept_with_a_reason_then_undo_with_ctrl_z(  # type: ignore[no-untyped-def]
    window: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch, demo: Path
) -> None:
    page = dashboard(window)
    item = row_for(page, "vendor")
    accepted = page.findings.finding_of(item)
    assert accepted is not None
    before = len(page.findings.items())

    def give_a_reason(dialog: AcceptFindingDialog) -> int:
        assert not dialog.accept_button.isEnabled()  # no reason, nothing to accept
        qtbot.keyClicks(dialog.reason, "Contract signed on paper; scan on its way.")
        assert dialog.accept_button.isEnabled()
        dialog.accept_button.click()
        return dialog.result()

    monkeypatch.setattr(AcceptFindingDialog, "exec", give_a_reason)
    page.findings.tree.setCurrentItem(item)
    page.findings.accept_button.click()
    qtbot.waitUntil(lambda: len(page.findings.items()) == before - 1, timeout=30000)
    qtbot.waitUntil(lambda: not page.loading, timeout=30000)
    keys = [page.findings.finding_of(i).key for i in page.findings.items()]  # type: ignore[union-attr]
    assert accepted.key not in keys
    assert page.data is not None
    muted = page.data.report.muted
    assert [m.key for m in muted] == [accepted.key]
    assert muted[0].mute_reason == "Contract signed on paper; scan on its way."
    assert "Accepted" in window.undo_action.text()

    # Shown again, greyed, with the reason, when the user asks for accepted findings.
    page.findings.show_accepted.setChecked(True)
    shown = [page.findings.finding_of(i) for i in page.findings.items()]
    assert any(f is not None and f.muted for f in shown)
    page.findings.show_accepted.setChecked(False)

    window.activateWindow()
    page.findings.tree.setFocus()
    qtbot.keyClick(page.findings.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(page.findings.items()) == before, timeout=30000)
    with Workspace.open(demo) as workspace:
        assert not run_checks(workspace).muted


def test_reopen_an_accepted_finding(window: MainWindow, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = dashboard(window)
    before = len(page.findings.items())
    first = page.findings.items()[0]
    page.findings.tree.setCurrentItem(first)

    def reason(dialog: AcceptFindingDialog) -> int:
        dialog.reason.setPlainText("Reviewed with the DPO.")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(AcceptFindingDialog, "exec", reason)
    page.findings.accept_button.click()
    qtbot.waitUntil(lambda: len(page.findings.items()) == before - 1, timeout=30000)
    qtbot.waitUntil(lambda: not page.loading, timeout=30000)
    page.findings.show_accepted.setChecked(True)
    muted = next(i for i in page.findings.items() if page.findings.finding_of(i).muted)  # type: ignore[union-attr]
    page.findings.tree.setCurrentItem(muted)
    assert "Reviewed with the DPO." in page.findings.details.text()
    assert page.findings.reopen_button.isEnabled()
    page.findings.reopen_button.click()
    qtbot.waitUntil(
        lambda: page.data is not None and not page.data.report.muted and not page.loading,
        timeout=30000,
    )
    assert len([i for i in page.findings.items()]) == before


def test_lists_and_charts_are_shown(window: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = dashboard(window)
    actions = page.actions_list.texts()
    assert any(text.startswith("PLAN-001 · ") for text in actions)
    assert any("overdue" in text for text in page.requests_list.texts())
    assert page.breaches_list.texts() == ["No breach is waiting to be notified."]
    for name in ("findings", "requests", "bases", "status", "shares"):
        picture = page.findChild(QLabel, f"chart_{name}")
        assert picture is not None and not picture.pixmap().isNull(), name
    assert page.data is not None
    maps = page.charts.risk_maps.findChildren(QLabel, "chart_risk_map")
    if page.data.overview.risk_maps:  # the demo's DPIAs: one map per matrix they use
        assert len(maps) == len(page.data.overview.risk_maps)
        assert all(not picture.pixmap().isNull() for picture in maps)
    else:
        texts = [label.text() for label in page.charts.risk_maps.findChildren(QLabel)]
        assert "No DPIA has rated risks yet." in texts
    shot = tmp_path / "dashboard.png"
    assert window.grab().save(str(shot))
    assert shot.stat().st_size > 10_000


def test_a_change_elsewhere_is_picked_up_when_the_dashboard_is_shown_again(  # type: ignore[no-untyped-def]
    window: MainWindow, qtbot
) -> None:
    page = dashboard(window)
    assert page.data is not None
    before = len(page.data.report.findings)
    window.show_page("vendors")
    session = window.session
    assert session is not None
    vendor_id = next(r.id for r in session.vendor_rows() if r.name.startswith("Sondra"))
    session.update_record("vendor", vendor_id, {"dpa_signed_on": "2026-01-05"})
    qtbot.waitUntil(lambda: not session.busy, timeout=10000)
    window.show_page("dashboard")
    qtbot.waitUntil(
        lambda: (
            page.data is not None
            and not page.loading
            and len(page.data.report.findings) == before - 1
        ),
        timeout=30000,
    )
