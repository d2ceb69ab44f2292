"""The generic form over a processing activity and a vendor: a box to tick, a person to pick,
chips of categories, and tables of purposes, data categories, recipients and transfers."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPushButton,
)

from app.domain.activity import ACTIVITY_FIELDS
from app.domain.vendor import VENDOR_FIELDS
from app.services.changes import RecordData
from ui.widgets.entries_table import VISIBLE_ROWS
from ui.widgets.items_editor import ItemsEditor
from ui.widgets.record_form import RecordForm
from ui.widgets.text_list_editor import TextListEditor

PEOPLE = [(1, "Sophie Martin"), (2, "Jonas Weber")]
VENDORS = [(7, "Mailjet SAS"), (8, "Stripe Payments Europe")]
SUBJECTS = ["Customers", "Prospects", "Employees", "Website visitors"]


def purpose(key: str, text: str, basis: str, **more: Any) -> dict[str, Any]:
    return {
        "key": key,
        "purpose": text,
        "basis": basis,
        "basis_reference": "",
        "legitimate_interest": "",
        "art9_condition": None,
        "art10_basis": "",
        "national_law_reference": "",
        **more,
    }


def category(name: str, keys: list[str], **more: Any) -> dict[str, Any]:
    return {
        "category": name,
        "kind": "regular",
        "source": "data_subject",
        "source_detail": "",
        "requirement": "contract_prerequisite",
        "consequence": "",
        "purpose_keys": keys,
        "retention_period": "3 years",
        "retention_trigger": "last order",
        "end_action": "delete",
        **more,
    }


ACTIVITY: dict[str, Any] = {
    "reference": "PA-004",
    "name": "Online shop orders",
    "description": "Taking, paying for and delivering orders placed in the web shop.",
    "status": "active",
    "owner_id": 1,
    "controller_id": 1,
    "joint_controllers": None,
    "joint_arrangement": None,
    "purposes": [
        purpose("p1", "Process and deliver customer orders", "6.1.b"),
        purpose("p2", "Keep accounting records", "6.1.c", basis_reference="Code de commerce"),
    ],
    "data_subjects": ["Customers", "Prospects"],
    "data_categories": [
        category("Contact details", ["p1"]),
        category("Postal address", ["p1"]),
        category("Payment details", ["p1", "p2"], source="third_party", source_detail="Stripe"),
        category("Health data (allergies)", ["p1"], kind="special", requirement="none"),
    ],
    "recipients": [
        {"type": "processor", "name": "Mailjet (e-mail)", "vendor_id": 7},
        {"type": "processor", "name": "Stripe (payments)", "vendor_id": 8},
    ],
    "transfers": [
        {
            "destination": "US",
            "importer": "Stripe, Inc.",
            "vendor_id": 8,
            "mechanism": "scc",
            "scc_module": "3",
            "derogation": None,
            "safeguard_document": "Contracts/2025/Stripe-DPA.pdf",
        }
    ],
    "security_measures": ["Encryption at rest", "Access control", "Backups"],
    "security_notes": None,
    "systems": ["Shopify", "Stripe dashboard"],
    "automated_decisions": False,
    "automated_logic": None,
    "automated_significance": None,
    "last_review": None,
    "next_review": None,
}


def activity(version: int = 1, **values: Any) -> RecordData:
    return RecordData("processing_activity", 1, version, {**ACTIVITY, **values})


class Choices:
    """What a register page would answer, recording what was asked."""

    def __init__(self) -> None:
        self.form: RecordForm | None = None
        self.people = list(PEOPLE)
        self.asked: list[str] = []

    def __call__(self, path: str) -> list[tuple[Any, str]]:
        self.asked.append(path)
        if path == "owner_id":
            return self.people
        if path == "controller_id":
            return [(1, "Acme Online SAS")]
        if path == "data_subjects":
            return [(label, label) for label in SUBJECTS]
        if path.endswith(".vendor_id"):
            return VENDORS
        if path == "data_categories.purpose_keys":
            assert self.form is not None
            return [(p["key"], p["purpose"]) for p in self.form.value("purposes")]
        return []


@pytest.fixture
def choices() -> Choices:
    return Choices()


@pytest.fixture
def form(qtbot, choices: Choices) -> RecordForm:  # type: ignore[no-untyped-def]
    widget = RecordForm(ACTIVITY_FIELDS, choices_for=choices)
    choices.form = widget
    qtbot.addWidget(widget)
    widget.set_record(activity())
    widget.resize(1000, 1800)
    widget.show()
    return widget


def items(form: RecordForm, name: str) -> ItemsEditor:
    editor = form.editor(name)
    assert isinstance(editor, ItemsEditor)
    return editor


def cell(editor: ItemsEditor, row: int, column: str) -> QModelIndex:
    model = editor.model()
    return model.index(row, model.column_index(column))


def focused() -> Any:
    return QApplication.focusWidget()


def test_a_ticked_box_is_emitted(qtbot, form: RecordForm) -> None:  # type: ignore[no-untyped-def]
    check = form.editor("automated_decisions")
    assert isinstance(check, QCheckBox) and not check.isChecked()
    with qtbot.waitSignal(form.field_edited) as edited:
        qtbot.mouseClick(check, Qt.MouseButton.LeftButton)
    assert edited.args == [{"automated_decisions": True}]


def test_an_owner_is_picked_by_id_and_a_missing_one_is_named(  # type: ignore[no-untyped-def]
    qtbot, form: RecordForm, choices: Choices
) -> None:
    owner = form.editor("owner_id")
    assert isinstance(owner, QComboBox)
    assert owner.currentText() == "Sophie Martin"
    assert [owner.itemText(i) for i in range(owner.count())] == ["—", *dict(PEOPLE).values()]
    controller = form.editor("controller_id")
    assert controller.itemText(0) == "Acme Online SAS"  # type: ignore[attr-defined]
    with qtbot.waitSignal(form.field_edited) as edited:
        qtbot.keyClick(owner, Qt.Key.Key_Down)
    assert edited.args == [{"owner_id": 2}]

    choices.people.append((3, "Ada Lovelace"))  # added on the team page meanwhile
    form.refresh_choices()
    assert owner.findText("Ada Lovelace") >= 0
    form.set_record(activity(version=2, owner_id=2))  # the save arrives
    form.set_record(activity(version=3, owner_id=99))  # then someone deletes the person
    assert owner.currentText() == "#99 (missing)"


def test_a_category_of_people_is_added_from_the_catalogue(qtbot, form: RecordForm) -> None:  # type: ignore[no-untyped-def]
    editor = form.editor("data_subjects")
    assert isinstance(editor, TextListEditor)
    assert editor.entries() == ["Customers", "Prospects"]
    box = editor.input_box()
    box.refresh()
    offered = [box.itemText(i) for i in range(box.count())]
    assert offered == ["Employees", "Website visitors"]  # not what is already there
    with qtbot.waitSignal(form.field_edited) as edited:
        qtbot.keyClicks(box.lineEdit(), "website VISITORS")
        qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    assert edited.args == [{"data_subjects": ["Customers", "Prospects", "Website visitors"]}]
    qtbot.waitUntil(lambda: box.currentText() == "")
    with qtbot.waitSignal(form.field_edited) as edited:  # a pick from the open list adds it
        box.showPopup()
        qtbot.keyClick(box.view(), Qt.Key.Key_Return)  # "Employees", the one left
    assert edited.args[0]["data_subjects"][-1] == "Employees"

    with qtbot.waitSignal(form.field_edited) as edited:  # free text is welcome
        qtbot.keyClicks(box.lineEdit(), "Newsletter subscribers")
        qtbot.mouseClick(editor.findChild(QPushButton, "add_entry"), Qt.MouseButton.LeftButton)
    assert edited.args[0]["data_subjects"][-1] == "Newsletter subscribers"

    with qtbot.assertNotEmitted(form.field_edited):  # a twin is not added
        qtbot.keyClicks(box.lineEdit(), "customers")
        qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)

    chips = editor.chip_list()
    chips.setCurrentRow(0)
    with qtbot.waitSignal(form.field_edited) as edited:
        qtbot.keyClick(chips, Qt.Key.Key_Delete)
    assert edited.args == [
        {"data_subjects": ["Prospects", "Website visitors", "Employees", "Newsletter subscribers"]}
    ]


def test_a_new_purpose_is_filled_in_through_its_editors(qtbot, form: RecordForm) -> None:  # type: ignore[no-untyped-def]
    purposes = items(form, "purposes")
    view = purposes.view()
    with qtbot.assertNotEmitted(form.field_edited):
        qtbot.mouseClick(purposes.findChild(QPushButton, "add_item"), Qt.MouseButton.LeftButton)
    # The new row waits to be filled in: a hint, not an error, and its first cell is open.
    assert purposes.hint_text() == (
        "Entry 3 is saved once you fill in the Purpose, Legal basis columns."
    )
    assert purposes.error_text() == ""
    assert view.state() == QAbstractItemView.State.EditingState
    assert isinstance(focused(), QLineEdit)
    assert cell(purposes, 2, "purpose").data() == "required"
    with qtbot.assertNotEmitted(form.field_edited):
        qtbot.keyClicks(focused(), "Send the newsletter")
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)  # on to the legal basis, whose list opens
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    assert purposes.hint_text() == "Entry 3 is saved once you fill in the Legal basis column."
    with qtbot.waitSignal(form.field_edited) as edited:
        qtbot.keyClick(focused(), Qt.Key.Key_Down)  # from consent, the first, to contract
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
    stored = edited.args[0]["purposes"]
    assert [p["purpose"] for p in stored] == [
        "Process and deliver customer orders",
        "Keep accounting records",
        "Send the newsletter",
    ]
    assert stored[2]["basis"] == "6.1.b"  # the code is stored...
    assert cell(purposes, 2, "basis").data() == "Contract (Art. 6(1)(b))"  # ...the label shown
    assert len(stored[2]["key"]) == 8  # a key, so data categories can point at it
    assert purposes.hint_text() == ""


def test_a_basis_chosen_in_its_list_is_stored(qtbot, form: RecordForm) -> None:  # type: ignore[no-untyped-def]
    purposes = items(form, "purposes")
    index = cell(purposes, 0, "basis")
    purposes.view().openPersistentEditor(index)
    box = purposes.view().indexWidget(index)
    assert isinstance(box, QComboBox)
    assert box.currentText() == "Contract (Art. 6(1)(b))"
    assert box.count() == 6  # required: no empty choice
    with qtbot.waitSignal(form.field_edited) as edited:
        box.setCurrentIndex(box.findData("6.1.f"))
        box.activated.emit(box.currentIndex())
    assert edited.args[0]["purposes"][0]["basis"] == "6.1.f"
    purposes.view().closePersistentEditor(index)

    art9 = cell(purposes, 0, "art9_condition")
    purposes.view().openPersistentEditor(art9)
    box = purposes.view().indexWidget(art9)
    assert box.itemText(0) == "—"  # type: ignore[attr-defined]  # optional


def test_an_invalid_entry_is_explained_under_the_table_and_not_sent(  # type: ignore[no-untyped-def]
    qtbot, form: RecordForm
) -> None:
    purposes = items(form, "purposes")
    with qtbot.assertNotEmitted(form.field_edited):
        purposes.model().setData(cell(purposes, 0, "basis"), "6.1.z")
    assert "entry 1, Legal basis: “6.1.z” is not one of" in form.error_text("purposes")
    assert purposes.error_label.isVisible()
    with qtbot.assertNotEmitted(form.field_edited):  # an emptied purpose is not dropped
        purposes.model().setData(cell(purposes, 0, "basis"), "6.1.b")
        purposes.model().setData(cell(purposes, 1, "purpose"), "  ")
    assert form.error_text("purposes") == "Purposes: entry 2, Purpose: is required"
    # A refresh of the record keeps the list being fixed; Escape gives the stored one back.
    form.set_record(activity(version=2, name="Web shop orders"))
    assert cell(purposes, 1, "purpose").data() == "required"
    qtbot.keyClick(purposes.view(), Qt.Key.Key_Escape)
    assert cell(purposes, 1, "purpose").data() == "Keep accounting records"
    assert form.error_text("purposes") == ""


def test_purposes_served_are_offered_from_the_current_purposes(qtbot, form: RecordForm) -> None:  # type: ignore[no-untyped-def]
    purposes = items(form, "purposes")
    with qtbot.waitSignal(form.field_edited):
        purposes.model().setData(cell(purposes, 1, "purpose"), "Keep the books")
    categories = items(form, "data_categories")
    assert cell(categories, 2, "purpose_keys").data() == (
        "Process and deliver customer orders; Keep the books"
    )
    index = cell(categories, 1, "purpose_keys")
    categories.view().openPersistentEditor(index)
    keys = categories.view().indexWidget(index)
    offered = [keys.itemText(i) for i in range(keys.count())]  # type: ignore[attr-defined]
    assert offered == ["Process and deliver customer orders", "Keep the books"]
    keys.showPopup()  # type: ignore[attr-defined]
    list_view = keys.view()  # type: ignore[attr-defined]
    list_view.setCurrentIndex(list_view.model().index(1, 0))
    qtbot.keyClick(list_view, Qt.Key.Key_Space)  # ticks "Keep the books", the list stays open
    assert list_view.isVisible()
    with qtbot.waitSignal(form.field_edited) as edited:
        qtbot.keyClick(list_view, Qt.Key.Key_Return)  # closing the list is the edit
    assert edited.args[0]["data_categories"][1]["purpose_keys"] == ["p1", "p2"]


def test_vendors_come_from_choices_for(qtbot, form: RecordForm, choices: Choices) -> None:  # type: ignore[no-untyped-def]
    recipients = items(form, "recipients")
    assert cell(recipients, 0, "vendor_id").data() == "Mailjet SAS"
    assert cell(recipients, 0, "type").data() == "Processor"
    index = cell(recipients, 0, "vendor_id")
    recipients.view().setCurrentIndex(index)
    recipients.view().setFocus()
    qtbot.keyClick(recipients.view(), Qt.Key.Key_Return)  # Enter edits
    box = focused()
    assert isinstance(box, QComboBox)
    assert [box.itemText(i) for i in range(box.count())] == [
        "—",
        "Mailjet SAS",
        "Stripe Payments Europe",
    ]
    assert "recipients.vendor_id" in choices.asked
    with qtbot.waitSignal(form.field_edited) as edited:
        box.setCurrentIndex(2)
        box.activated.emit(2)
    assert edited.args[0]["recipients"][0]["vendor_id"] == 8

    form.set_record(activity(version=2, recipients=edited.args[0]["recipients"]))  # saved
    sales = {"type": "internal", "name": "Sales", "vendor_id": 99}
    form.set_record(activity(version=3, recipients=[sales]))
    assert cell(recipients, 0, "vendor_id").data() == "#99 (missing)"


def test_rows_are_removed_and_moved(qtbot, form: RecordForm) -> None:  # type: ignore[no-untyped-def]
    categories = items(form, "data_categories")
    view = categories.view()
    view.setCurrentIndex(cell(categories, 3, "category"))
    with qtbot.waitSignal(form.field_edited) as edited:
        categories.findChild(QPushButton, "move_item_up").click()
    names = [c["category"] for c in edited.args[0]["data_categories"]]
    assert names == [
        "Contact details",
        "Postal address",
        "Health data (allergies)",
        "Payment details",
    ]
    view.setFocus()
    with qtbot.waitSignal(form.field_edited) as edited:
        qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert len(edited.args[0]["data_categories"]) == 3
    assert view.currentIndex().row() == 2


def test_a_country_is_typed_by_name_or_left_as_an_organisation(qtbot, form: RecordForm) -> None:  # type: ignore[no-untyped-def]
    transfers = items(form, "transfers")
    assert cell(transfers, 0, "destination").data() == "United States (US)"
    index = cell(transfers, 0, "destination")
    transfers.view().openPersistentEditor(index)
    box = transfers.view().indexWidget(index)
    assert isinstance(box, QComboBox) and box.isEditable()
    assert box.currentText() == "United States (US)"
    with qtbot.waitSignal(form.field_edited) as edited:
        box.setEditText("india")
        transfers.view().itemDelegate().commitData.emit(box)
    assert edited.args[0]["transfers"][0]["destination"] == "IN"
    with qtbot.waitSignal(form.field_edited) as edited:
        box.setEditText("Acme Group companies")
        transfers.view().itemDelegate().commitData.emit(box)
    assert edited.args[0]["transfers"][0]["destination"] == "Acme Group companies"


def test_a_whole_activity_is_shown_and_nothing_is_sent_back(qtbot, choices: Choices) -> None:  # type: ignore[no-untyped-def]
    form = RecordForm(ACTIVITY_FIELDS, choices_for=choices)
    choices.form = form
    qtbot.addWidget(form)
    with qtbot.assertNotEmitted(form.field_edited):
        form.set_record(activity())
        form.show()
        form.set_record(activity(version=2))
        QApplication.processEvents()
    assert form.editor("name").text() == "Online shop orders"  # type: ignore[attr-defined]
    assert form.editor("owner_id").currentText() == "Sophie Martin"  # type: ignore[attr-defined]
    assert form.editor("data_subjects").entries() == ["Customers", "Prospects"]  # type: ignore[attr-defined]
    assert form.editor("systems").entries() == ["Shopify", "Stripe dashboard"]  # type: ignore[attr-defined]
    for name in ("purposes", "data_categories", "recipients", "transfers"):
        assert items(form, name).items() == ACTIVITY[name]
        assert form.value(name) == ACTIVITY[name]
    assert cell(items(form, "data_categories"), 3, "kind").data() == "Special category (Art. 9)"
    assert cell(items(form, "transfers"), 0, "mechanism").data() == (
        "Standard contractual clauses (Art. 46(2)(c))"
    )
    assert form.cleaned_values() is not None


def test_read_only_and_a_form_that_creates(qtbot, form: RecordForm, choices: Choices) -> None:  # type: ignore[no-untyped-def]
    form.set_read_only(True)
    assert not form.editor("automated_decisions").isEnabled()
    assert not form.editor("owner_id").isEnabled()
    assert not form.editor("data_subjects").input_box().isEnabled()  # type: ignore[attr-defined]
    purposes = items(form, "purposes")
    assert purposes.view().editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert not purposes.findChild(QPushButton, "add_item").isEnabled()

    creating = RecordForm(VENDOR_FIELDS, commit_each_field=False, choices_for=choices)
    qtbot.addWidget(creating)
    creating.set_values({"role": "processor"})
    creating.editor("name").setText("Stripe Payments Europe")  # type: ignore[attr-defined]
    subs = items(creating, "sub_processors")
    subs.findChild(QPushButton, "add_item").click()
    assert creating.cleaned_values() is None  # an unfinished row is reported, not dropped
    assert creating.error_text("sub_processors") == (
        "Sub-processors: entry 1, Sub-processor: is required"
    )
    subs.model().setData(cell(subs, 0, "name"), "Amazon Web Services")
    subs.model().setData(cell(subs, 0, "country"), "US")
    values = creating.cleaned_values()
    assert values is not None
    assert values["sub_processors"] == [
        {"name": "Amazon Web Services", "country": "US", "service": ""}
    ]


def test_the_table_grows_with_its_rows_then_scrolls(qtbot, form: RecordForm) -> None:  # type: ignore[no-untyped-def]
    recipients = items(form, "recipients")
    heights = []
    for count in (0, 2, VISIBLE_ROWS, VISIBLE_ROWS + 5):
        rows = [{"type": "internal", "name": f"Team {n}", "vendor_id": None} for n in range(count)]
        form.set_record(activity(version=count + 2, recipients=rows))
        heights.append(recipients.view().sizeHint().height())
    assert heights[0] < heights[2]
    assert heights[1] < heights[2] == heights[3]


def test_a_data_category_is_picked_from_the_catalogue_or_typed(  # type: ignore[no-untyped-def]
    qtbot, form: RecordForm, choices: Choices, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalogue = [("Contact details", "Contact details"), ("Health data", "Health data")]
    plain = choices.__call__
    monkeypatch.setattr(
        Choices,
        "__call__",
        lambda self, path: catalogue if path == "data_categories.category" else plain(path),
    )
    categories = items(form, "data_categories")
    index = cell(categories, 1, "category")
    categories.view().setCurrentIndex(index)
    categories.view().setFocus()
    qtbot.keyClick(categories.view(), Qt.Key.Key_Return)
    box = categories.view().indexWidget(index)
    assert isinstance(box, QComboBox) and box.isEditable()
    assert [box.itemText(i) for i in range(box.count())] == ["Contact details", "Health data"]
    box.lineEdit().selectAll()
    with qtbot.waitSignal(form.field_edited) as edited:
        qtbot.keyClicks(box.lineEdit(), "HEALTH DATA")
        qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Tab)
    assert edited.args[0]["data_categories"][1]["category"] == "Health data"  # as listed
