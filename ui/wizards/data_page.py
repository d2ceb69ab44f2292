"""Page 2 of the collection-plan wizard: the data to collect, ticked in the catalogue (each entry
explained beside the list) or typed in, with its kind (ordinary, special category, criminal)
and whether the person must give it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.collection_plan import Decision, PlanData
from app.domain.plan_rules import PlanStep, field_catalogue
from app.domain.register_items import DATA_KIND_LABELS, DataKind
from app.i18n import N_, _, ngettext
from ui.operations.session import WorkspaceSession
from ui.wizards.plan_page import PlanPage, act_on_enter, discard, heading_label, help_label

_KEY_ROLE = Qt.ItemDataRole.UserRole
KIND_HELP = N_(
    "Special category (Art. 9): health, racial or ethnic origin, political opinions, religious "
    "or philosophical beliefs, trade-union membership, genetic or biometric data, sex life or "
    "sexual orientation. Criminal (Art. 10): offences and convictions. Both are allowed only "
    "under extra conditions."
)


def new_data(label: str, kind: str, catalogue_key: str = "") -> dict[str, Any]:
    """A piece of data as the plan stores it, with every default filled in."""
    return PlanData(label=label, kind=DataKind(kind), catalogue_key=catalogue_key).model_dump()


def kind_text(kind: str) -> str:
    return _(DATA_KIND_LABELS.get(DataKind(kind), kind))  # type: ignore[call-overload]


class DataPage(PlanPage):
    step = PlanStep.DATA
    title_text = N_("Data")
    subtitle_text = N_(
        "Tick each piece of data you are thinking of collecting; select an entry to read what "
        "it is. The next pages ask what each one is for, and question what looks unneeded."
    )
    owned_fields = ("data",)
    scrolls = False

    def __init__(self, session: WorkspaceSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self._items: list[dict[str, Any]] = []
        self._filling = False

        self.search = QLineEdit()
        self.search.setObjectName("data_search")
        self.search.setPlaceholderText(_("e.g. e-mail, address, health"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search_text_changed)
        act_on_enter(self.search, self._on_search_entered)
        self.catalogue_list = QListWidget()
        self.catalogue_list.setObjectName("data_catalogue")
        self.catalogue_list.setWordWrap(True)
        self.catalogue_list.setSpacing(1)
        self.catalogue_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for entry in field_catalogue().values():
            text = entry.label
            if entry.kind is not DataKind.REGULAR:
                text = f"{entry.label}  ·  {kind_text(entry.kind)}"
            item = QListWidgetItem(text)
            item.setData(_KEY_ROLE, entry.key)
            item.setToolTip(entry.description)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.catalogue_list.addItem(item)
        self.catalogue_list.itemChanged.connect(self._on_catalogue_item_changed)
        self.catalogue_list.currentItemChanged.connect(self._on_catalogue_current_changed)

        self.about_title = heading_label("")
        self.about_text = QLabel()
        self.about_text.setObjectName("data_description")
        self.about_text.setWordWrap(True)
        self.about_text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.about_text.setMinimumHeight(self.fontMetrics().lineSpacing() * 3)

        self.own_edit = QLineEdit()
        self.own_edit.setObjectName("own_data")
        self.own_edit.setMaxLength(300)
        self.own_edit.setPlaceholderText(_("e.g. Shoe size"))
        act_on_enter(self.own_edit, self._on_add_own_clicked)
        self.own_kind = QComboBox()
        self.own_kind.setObjectName("own_kind")
        for kind, label in DATA_KIND_LABELS.items():
            self.own_kind.addItem(_(label), kind.value)
        self.own_kind.setToolTip(_(KIND_HELP))
        self.add_own_button = QPushButton(_("&Add"))
        self.add_own_button.setObjectName("add_own_data")
        self.add_own_button.clicked.connect(self._on_add_own_clicked)
        self.own_message = QLabel()
        self.own_message.setObjectName("own_data_message")
        self.own_message.setWordWrap(True)
        self.own_message.hide()

        self.chosen_title = heading_label("")
        self.chosen = QWidget()
        self.chosen_grid = QGridLayout(self.chosen)
        self.chosen_grid.setContentsMargins(4, 4, 4, 4)
        self.chosen_grid.setHorizontalSpacing(10)
        chosen_area = QScrollArea()
        chosen_area.setObjectName("chosen_data")
        chosen_area.setWidgetResizable(True)
        chosen_area.setWidget(self.chosen)

        left = QVBoxLayout()
        left.addWidget(heading_label(_("&Search the catalogue"), self.search))
        left.addWidget(self.search)
        left.addWidget(self.catalogue_list, 1)
        about = QFrame()
        about.setFrameShape(QFrame.Shape.StyledPanel)
        about_column = QVBoxLayout(about)
        about_column.setContentsMargins(10, 6, 10, 8)
        about_column.addWidget(self.about_title)
        about_column.addWidget(self.about_text)
        own_row = QHBoxLayout()
        own_row.addWidget(self.own_edit, 1)
        own_row.addWidget(self.own_kind)
        own_row.addWidget(self.add_own_button)
        right = QVBoxLayout()
        right.addWidget(about)
        right.addSpacing(4)
        right.addWidget(
            heading_label(_("Something &else? Type it and choose its kind"), self.own_edit)
        )
        right.addLayout(own_row)
        right.addWidget(self.own_message)
        right.addWidget(help_label(_(KIND_HELP)))
        right.addSpacing(4)
        right.addWidget(self.chosen_title)
        right.addWidget(chosen_area, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addSpacing(8)
        columns.addLayout(right, 3)
        self.content.addLayout(columns, 1)
        self.catalogue_list.setCurrentRow(0)

    # -- load and store ------------------------------------------------------------------------

    def load(self, values: Mapping[str, Any]) -> None:
        self._items = [dict(item) for item in values.get("data") or []]
        self._show_ticks()
        self._rebuild_chosen()

    def store(self, values: dict[str, Any]) -> None:
        values["data"] = [dict(item) for item in self._items]

    def focus_problem(self, field: str) -> None:
        self.catalogue_list.setFocus()

    # -- the catalogue -------------------------------------------------------------------------

    def items(self) -> list[dict[str, Any]]:
        return [dict(item) for item in self._items]

    def tick(self, catalogue_key: str, ticked: bool = True) -> None:
        """Tick (or untick) a catalogue entry, as a click on its box does."""
        for row in range(self.catalogue_list.count()):
            item = self.catalogue_list.item(row)
            if item.data(_KEY_ROLE) == catalogue_key:
                state = Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
                item.setCheckState(state)

    def _show_ticks(self) -> None:
        chosen = {item.get("catalogue_key") for item in self._items}
        self._filling = True
        for row in range(self.catalogue_list.count()):
            item = self.catalogue_list.item(row)
            ticked = item.data(_KEY_ROLE) in chosen
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        self._filling = False

    def _on_catalogue_item_changed(self, item: QListWidgetItem) -> None:
        if self._filling:
            return
        key = str(item.data(_KEY_ROLE))
        present = any(data.get("catalogue_key") == key for data in self._items)
        if item.checkState() == Qt.CheckState.Checked and not present:
            entry = field_catalogue()[key]
            self._items.append(new_data(entry.label, entry.kind.value, key))
        elif item.checkState() != Qt.CheckState.Checked and present:
            self._items = [data for data in self._items if data.get("catalogue_key") != key]
        else:
            return
        self._rebuild_chosen()

    def _on_catalogue_current_changed(
        self, current: QListWidgetItem | None, _previous: Any
    ) -> None:
        if current is None:
            return
        entry = field_catalogue()[str(current.data(_KEY_ROLE))]
        self.about_title.setText(entry.label)
        text = entry.description
        if entry.kind is not DataKind.REGULAR:
            text += "\n" + _("This is {kind} data.").format(kind=kind_text(entry.kind).lower())
        self.about_text.setText(text)

    def _on_search_text_changed(self, text: str) -> None:
        needle = text.strip().casefold()
        first_shown = None
        for row in range(self.catalogue_list.count()):
            item = self.catalogue_list.item(row)
            entry = field_catalogue()[str(item.data(_KEY_ROLE))]
            shown = not needle or needle in f"{entry.label}\n{entry.description}".casefold()
            item.setHidden(not shown)
            if shown and first_shown is None:
                first_shown = item
        if first_shown is not None:
            self.catalogue_list.setCurrentItem(first_shown)

    def _on_search_entered(self) -> None:
        self.catalogue_list.setFocus()

    # -- own data ------------------------------------------------------------------------------

    def _on_add_own_clicked(self) -> None:
        label = " ".join(self.own_edit.text().split())
        if not label:
            self._say(_("Type the name of the data first."))
            self.own_edit.setFocus()
            return
        if any(item.get("label", "").casefold() == label.casefold() for item in self._items):
            self._say(_("“{label}” is already in your list.").format(label=label))
            return
        self._items.append(new_data(label, str(self.own_kind.currentData())))
        self.own_edit.clear()
        self.own_kind.setCurrentIndex(0)
        self._say("")
        self._rebuild_chosen()
        self.own_edit.setFocus()

    def _say(self, message: str) -> None:
        self.own_message.setText(message)
        self.own_message.setVisible(bool(message))

    # -- the chosen list -----------------------------------------------------------------------

    def _rebuild_chosen(self) -> None:
        while self.chosen_grid.count():
            widget = self.chosen_grid.takeAt(0).widget()
            if widget is not None:
                discard(widget)
        count = len(self._items)
        self.chosen_title.setText(
            ngettext(
                "Your list: {count} piece of data", "Your list: {count} pieces of data", count
            ).format(count=count)
        )
        if not self._items:
            empty = QLabel(_("Nothing chosen yet. Tick data in the catalogue or type your own."))
            empty.setWordWrap(True)
            self.chosen_grid.addWidget(empty, 0, 0, 1, 4)
            return
        for column, title in enumerate((_("Data"), _("Kind"), _("Must the person give it?"))):
            self.chosen_grid.addWidget(heading_label(title), 0, column)
        for row, item in enumerate(self._items, start=1):
            self._add_chosen_row(row, item)
        self.chosen_grid.setColumnStretch(0, 1)
        self.chosen_grid.setRowStretch(len(self._items) + 1, 1)

    def _add_chosen_row(self, row: int, item: dict[str, Any]) -> None:
        key = item["key"]
        label = QLabel(item["label"])
        label.setWordWrap(True)
        if item.get("decision") == Decision.REMOVE:
            label.setText(_("{label} (decided not to collect)").format(label=item["label"]))
        if item.get("catalogue_key"):
            kind: QWidget = QLabel(kind_text(item.get("kind", "regular")))
        else:
            box = QComboBox()
            box.setObjectName(f"kind_{key}")
            for value, text in DATA_KIND_LABELS.items():
                box.addItem(_(text), value.value)
            box.setCurrentIndex(max(box.findData(item.get("kind", "regular")), 0))
            box.currentIndexChanged.connect(
                lambda _i, k=key, b=box: self._set(k, "kind", b.currentData())
            )
            kind = box
        mandatory = QCheckBox(_("Required"))
        mandatory.setObjectName(f"mandatory_{key}")
        mandatory.setToolTip(
            _("The form will not go ahead without it. Leave it unticked when it is optional.")
        )
        mandatory.setChecked(bool(item.get("mandatory")))
        mandatory.toggled.connect(lambda checked, k=key: self._set(k, "mandatory", checked))
        remove = QPushButton(_("Remove"))
        remove.setObjectName(f"remove_{key}")
        remove.setToolTip(_("Take “{label}” off the list").format(label=item["label"]))
        remove.clicked.connect(lambda _c=False, k=key: self._remove(k))
        for column, widget in enumerate((label, kind, mandatory, remove)):
            self.chosen_grid.addWidget(widget, row, column)

    def _set(self, key: str, name: str, value: Any) -> None:
        for item in self._items:
            if item["key"] == key:
                item[name] = value

    def _remove(self, key: str) -> None:
        removed = [item for item in self._items if item["key"] == key]
        self._items = [item for item in self._items if item["key"] != key]
        catalogue_key = removed[0].get("catalogue_key") if removed else ""
        if catalogue_key:
            self._show_ticks()
        self._rebuild_chosen()
        self.own_edit.setFocus()
