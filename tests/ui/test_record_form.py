"""The generic form: each field checked when the user finishes it, emitted only when changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
)

from app.domain.fields import MAX_IMAGE_BYTES
from app.domain.organisation import ORGANISATION_FIELDS
from app.domain.team import PERSON_FIELDS
from app.resources import RESOURCES
from app.services.changes import RecordData
from ui.widgets.record_form import RecordForm

ACME = {"legal_name": "Acme Online SAS", "country": "FR", "email": None, "employees": 12}


def organisation(version: int = 1, **values: object) -> RecordData:
    return RecordData("organisation", 1, version, {**ACME, **values})


@pytest.fixture
def form(qtbot) -> RecordForm:  # type: ignore[no-untyped-def]
    widget = RecordForm(ORGANISATION_FIELDS, suggestions={"lead_authority": ["CNIL", "BfDI"]})
    qtbot.addWidget(widget)
    widget.set_record(organisation())
    widget.show()
    return widget


def finish(qtbot, editor: QLineEdit, text: str) -> None:  # type: ignore[no-untyped-def]
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def line(form: RecordForm, name: str) -> QLineEdit:
    editor = form.findChild(QLineEdit, name)
    assert editor is not None, name
    return editor


def test_fields_are_grouped_labelled_and_explained(form: RecordForm) -> None:
    titles = [box.title() for box in form.findChildren(QGroupBox)]
    assert titles == [
        "Identity",
        "Data protection officer",
        "EU representative",
        "Supervisory authority",
        "Report branding",
    ]
    labels = {label.text() for label in form.findChildren(QLabel)}
    assert {"Legal name", "Contact e-mail", "Lead supervisory authority"} <= labels
    help_label = form.findChild(QLabel, "email_help")
    assert "privacy policy" in help_label.text()
    assert line(form, "email").toolTip() == help_label.text()
    assert isinstance(form.editor("address"), QPlainTextEdit)
    assert isinstance(form.editor("dpo_kind"), QComboBox)
    assert form.editor("lead_authority").isEditable()  # type: ignore[attr-defined]


def test_showing_a_record_emits_nothing(qtbot, form: RecordForm) -> None:  # type: ignore[no-untyped-def]
    with qtbot.assertNotEmitted(form.field_edited):
        form.set_record(organisation(version=2, legal_name="Acme Retail SAS", dpo_kind="none"))
    assert line(form, "legal_name").text() == "Acme Retail SAS"
    assert form.editor("country").currentText() == "France (FR)"  # type: ignore[attr-defined]
    assert form.editor("dpo_kind").currentText() == "No DPO designated"  # type: ignore[attr-defined]
    assert line(form, "employees").text() == "12"


def test_a_finished_field_is_emitted_cleaned_and_only_when_changed(qtbot, form: RecordForm) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(form.field_edited) as edited:
        finish(qtbot, line(form, "legal_name"), "  Acme Retail SAS  ")
    assert edited.args == [{"legal_name": "Acme Retail SAS"}]
    assert line(form, "legal_name").text() == "Acme Retail SAS"
    with qtbot.assertNotEmitted(form.field_edited):
        qtbot.keyClick(line(form, "legal_name"), Qt.Key.Key_Return)  # same value again
        finish(qtbot, line(form, "employees"), "12")


def test_an_invalid_value_is_explained_under_the_field_and_escape_restores(  # type: ignore[no-untyped-def]
    qtbot, form: RecordForm
) -> None:
    email = line(form, "email")
    with qtbot.assertNotEmitted(form.field_edited):
        finish(qtbot, email, "privacy at acme")
    error = form.findChild(QLabel, "email_error")
    assert error.isVisible()
    assert "not an e-mail address" in error.text()
    assert email.text() == "privacy at acme"  # kept, so the user can fix it
    # A refresh of the same record (another field saved) keeps the value being fixed.
    form.set_record(organisation(version=2, sector="Retail"))
    assert email.text() == "privacy at acme" and error.isVisible()
    qtbot.keyClick(email, Qt.Key.Key_Escape)
    assert email.text() == ""
    assert not error.isVisible()


def test_a_required_field_cannot_be_emptied(qtbot, form: RecordForm) -> None:  # type: ignore[no-untyped-def]
    with qtbot.assertNotEmitted(form.field_edited):
        finish(qtbot, line(form, "legal_name"), "")
    assert form.error_text("legal_name") == "Legal name: is required"


def test_choices_countries_and_numbers(qtbot, form: RecordForm) -> None:  # type: ignore[no-untyped-def]
    dpo = form.editor("dpo_kind")
    assert isinstance(dpo, QComboBox)
    assert dpo.itemText(0) == "—"  # not required: it can be left unanswered
    with qtbot.waitSignal(form.field_edited) as edited:
        dpo.setCurrentIndex(dpo.findData("external"))
        dpo.activated.emit(dpo.currentIndex())
    assert edited.args == [{"dpo_kind": "external"}]

    country = form.editor("country")
    assert isinstance(country, QComboBox)
    with qtbot.waitSignal(form.field_edited) as edited:
        finish(qtbot, country.lineEdit(), "germany")
    assert edited.args == [{"country": "DE"}]
    assert country.currentText() == "Germany (DE)"
    finish(qtbot, country.lineEdit(), "Atlantis")
    assert "not an ISO 3166 country code" in form.error_text("country")

    with qtbot.waitSignal(form.field_edited) as edited:
        finish(qtbot, line(form, "employees"), "")
    assert edited.args == [{"employees": None}]
    qtbot.keyClicks(line(form, "employees"), "abc")
    assert line(form, "employees").text() == ""  # digits only


def test_colour_is_normalised(qtbot, form: RecordForm) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(form.field_edited) as edited:
        finish(qtbot, line(form, "brand_colour"), "#C47A2C")
    assert edited.args == [{"brand_colour": "#c47a2c"}]
    finish(qtbot, line(form, "brand_colour"), "orange")
    assert "not a colour" in form.error_text("brand_colour")


def test_multiline_text_is_emitted_when_focus_leaves(qtbot, form: RecordForm) -> None:  # type: ignore[no-untyped-def]
    address = form.editor("address")
    assert isinstance(address, QPlainTextEdit)
    qtbot.keyClicks(address, "1 Main Street")
    with qtbot.waitSignal(form.field_edited) as edited:
        QApplication.sendEvent(
            address, QFocusEvent(QEvent.Type.FocusOut, Qt.FocusReason.TabFocusReason)
        )
    assert edited.args == [{"address": "1 Main Street"}]


def test_logo_is_chosen_checked_and_removed(  # type: ignore[no-untyped-def]
    qtbot, form: RecordForm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen: list[Path] = []
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *args, **kwargs: (str(chosen[-1]), ""))
    )
    choose = form.findChild(QPushButton, "brand_logo_choose")
    huge = tmp_path / "huge.png"
    huge.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * MAX_IMAGE_BYTES)
    chosen.append(huge)
    with qtbot.assertNotEmitted(form.field_edited):
        qtbot.mouseClick(choose, Qt.MouseButton.LeftButton)
    assert "huge.png is 2049 KB; at most 2048 KB are allowed" in form.error_text("brand_logo")

    not_image = tmp_path / "logo.png"
    not_image.write_text("<svg/>")
    chosen.append(not_image)
    qtbot.mouseClick(choose, Qt.MouseButton.LeftButton)
    assert "only PNG and JPEG" in form.error_text("brand_logo")

    chosen.append(RESOURCES / "demo" / "logo.png")
    with qtbot.waitSignal(form.field_edited) as edited:
        qtbot.mouseClick(choose, Qt.MouseButton.LeftButton)
    assert edited.args[0]["brand_logo"] == chosen[-1].read_bytes()
    assert form.error_text("brand_logo") == ""
    assert not form.findChild(QLabel, "brand_logo").pixmap().isNull()
    remove = form.findChild(QPushButton, "brand_logo_remove")
    assert remove.isEnabled()
    with qtbot.waitSignal(form.field_edited) as edited:
        qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    assert edited.args == [{"brand_logo": None}]


def test_refreshing_keeps_an_edit_in_progress_and_one_on_its_way(  # type: ignore[no-untyped-def]
    qtbot, form: RecordForm
) -> None:
    finish(qtbot, line(form, "legal_name"), "Acme Retail SAS")  # sent, not yet stored
    qtbot.keyClicks(line(form, "sector"), "Retail")  # typing, not finished
    form.set_record(organisation(version=2, phone="+33 1 00 00 00 00"))
    assert line(form, "legal_name").text() == "Acme Retail SAS"
    assert line(form, "sector").text() == "Retail"
    assert line(form, "phone").text() == "+33 1 00 00 00 00"
    form.set_record(organisation(version=3, legal_name="Acme Retail SAS"))  # the save arrives
    form.set_record(organisation(version=4, legal_name="Acme Online SAS"))  # then an undo
    assert line(form, "legal_name").text() == "Acme Online SAS"
    # Another record replaces everything.
    form.set_record(RecordData("organisation", 2, 1, {"legal_name": "Other GmbH"}))
    assert line(form, "sector").text() == ""


def test_read_only_and_empty(form: RecordForm) -> None:
    form.set_read_only(True)
    assert line(form, "legal_name").isReadOnly()
    assert not form.editor("dpo_kind").isEnabled()
    assert not form.findChild(QPushButton, "brand_colour_choose").isEnabled()
    form.set_record(None)
    assert not form.isEnabled()
    assert line(form, "legal_name").text() == ""


def test_a_form_for_a_new_record_collects_checked_values(qtbot) -> None:  # type: ignore[no-untyped-def]
    form = RecordForm(PERSON_FIELDS, commit_each_field=False)
    qtbot.addWidget(form)
    form.set_values({"role": "editor"})
    assert not form.findChildren(QGroupBox)  # no sections: the fields have no group
    assert form.editor("role").currentText() == "Editor"  # type: ignore[attr-defined]
    assert form.cleaned_values() is None
    assert form.error_text("name") == "Name: is required"
    line(form, "name").setText("Ada Lovelace")
    line(form, "email").setText("ada@example.org")
    assert form.cleaned_values() == {
        "name": "Ada Lovelace",
        "email": "ada@example.org",
        "role": "editor",
    }
    assert form.error_text("name") == ""


def test_value_is_what_the_user_sees_when_valid(qtbot, form: RecordForm) -> None:  # type: ignore[no-untyped-def]
    assert form.value("legal_name") == "Acme Online SAS"
    line(form, "legal_name").setText("  Acme Retail SAS ")  # typed, not finished yet
    assert form.value("legal_name") == "Acme Retail SAS"
    line(form, "email").setText("not an address")
    assert form.value("email") is None  # the stored value while the typed one is wrong


def test_fields_without_options_never_ask_for_them(qtbot) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []

    def choices_for(path: str) -> list[tuple[object, str]]:
        asked.append(path)
        return []

    form = RecordForm(ORGANISATION_FIELDS, choices_for=choices_for)
    qtbot.addWidget(form)
    form.set_record(organisation())
    form.refresh_choices()
    assert asked == []
