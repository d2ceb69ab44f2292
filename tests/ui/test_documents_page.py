"""The documents page: export in the background, then say where the file went or what failed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from ui.operations.session import WorkspaceSession
from ui.views.documents_page import DocumentsPage, with_pdf_suffix


@pytest.fixture
def page(qtbot, ui_session: WorkspaceSession) -> DocumentsPage:  # type: ignore[no-untyped-def]
    widget = DocumentsPage(ui_session)
    qtbot.addWidget(widget)
    widget.resize(1000, 760)
    widget.show()
    widget.reload()
    return widget


def test_the_suggested_file_is_named_after_the_workspace(page: DocumentsPage) -> None:
    suggested = page.suggested_path()
    assert suggested.name == "w – summary.pdf"
    assert with_pdf_suffix(Path("board pack")) == Path("board pack.pdf")
    assert with_pdf_suffix(Path("board.PDF")) == Path("board.PDF")


def test_exporting_writes_a_pdf_and_offers_to_open_it(  # type: ignore[no-untyped-def]
    qtbot, page: DocumentsPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("app.reports.summary")
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        staticmethod(lambda *args, **kwargs: (str(tmp_path / "summary"), "")),
    )
    progress: list[int] = []
    page.progress_bar.valueChanged.connect(progress.append)
    with qtbot.waitSignal(page.export_finished, timeout=60000) as finished:
        qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
        assert not page.export_button.isEnabled()  # one export at a time
        assert page.progress_bar.isVisible()
    written = tmp_path / "summary.pdf"
    assert finished.args == [written]
    assert written.read_bytes().startswith(b"%PDF")
    assert progress and max(progress) > 0
    assert page.export_button.isEnabled()
    assert not page.progress_bar.isVisible()
    assert page.result_label.text() == f"Saved to {written}"
    assert page.open_button.isVisible()


def test_a_failed_export_says_why(qtbot, page: DocumentsPage, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "no such folder" / "summary.pdf"
    with qtbot.waitSignal(page.export_finished, timeout=60000) as finished:
        page.export_summary(target)
    assert isinstance(finished.args[0], Exception)
    assert not target.exists()
    assert page.result_label.isVisible()
    assert "could not be" in page.result_label.text()
    assert "c62828" in page.result_label.styleSheet()  # in red
    assert not page.open_button.isVisible()
    assert page.export_button.isEnabled()
