"""The team: the people who own and review records. Later records name their owner from this
list, so it is sorted by name and shows each person's role."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.team import PERSON_FIELDS, TeamRole
from app.i18n import N_, _
from ui.models.team_table_model import TeamTableModel
from ui.operations.session import WorkspaceSession
from ui.views.workspace_page import WorkspacePage
from ui.widgets.record_form import RecordForm

if TYPE_CHECKING:
    from app.services.changes import RecordData

KIND = "person"


def _empty_state(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    label.setMargin(24)
    return label


def _empty_table(text: str) -> QLabel:
    """Where the table would be: a framed, white area with a line saying what to do."""
    label = _empty_state(text)
    label.setFrameShape(QFrame.Shape.StyledPanel)
    label.setBackgroundRole(QPalette.ColorRole.Base)
    label.setAutoFillBackground(True)
    return label


class _NewPersonDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Add person"))
        self.setMinimumWidth(460)
        self.form = RecordForm(PERSON_FIELDS, commit_each_field=False)
        self.form.set_values({"role": TeamRole.EDITOR.value})
        self.values: dict[str, Any] = {}
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        add = buttons.addButton(_("Add"), QDialogButtonBox.ButtonRole.AcceptRole)
        add.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        intro = QLabel(
            _(
                "Add someone who owns or reviews records. The role says what they do "
                "in the workspace; you can change it later."
            )
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setSpacing(14)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        layout.addWidget(buttons)

    def accept(self) -> None:
        values = self.form.cleaned_values()
        if values is None:  # the form says what is wrong, under each field
            self.adjustSize()  # room for the messages
            return
        self.values = values
        super().accept()


class TeamPage(WorkspacePage):
    page_name = "team"
    title = N_("Team")
    intro = N_(
        "The people who own and review records. Records name their owner from "
        "this list; the role says what each person does in the workspace."
    )
    watches = (KIND,)

    def __init__(self, session: WorkspaceSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self._selected_id: int | None = None

        self.model = TeamTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("team_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.setColumnWidth(0, 190)
        header.setMinimumSectionSize(90)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)
        self.table_stack = QStackedWidget()
        self.table_stack.addWidget(self.table)
        self.table_stack.addWidget(
            _empty_table(
                _("No one in the team yet.\nAdd the people who own and review your records.")
            )
        )

        self.add_button = QPushButton(_("Add person…"))
        self.add_button.setObjectName("add_person")
        self.add_button.clicked.connect(self._on_add_clicked)
        self.remove_button = QPushButton(_("Remove…"))
        self.remove_button.setObjectName("remove_person")
        self.remove_button.clicked.connect(self._on_remove_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addWidget(self.table_stack, 1)
        left_column.addLayout(buttons)

        self.form = RecordForm(PERSON_FIELDS)
        self.form.field_edited.connect(self._on_form_field_edited)
        self.details_title = QLabel()
        self.details_title.setObjectName("person_title")
        self.details_title.setStyleSheet("font-size: 12pt; font-weight: 600;")
        self.details_stack = QStackedWidget()
        self.details_stack.addWidget(self.form)
        self.details_stack.addWidget(_empty_state(_("Select a person to see their details.")))
        right = self.details_panel = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(12, 0, 0, 0)
        right_column.setSpacing(12)
        right_column.addWidget(self.details_title)
        right_column.addWidget(self.details_stack)
        right_column.addStretch(1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([560, 400])
        splitter.setChildrenCollapsible(False)
        layout = self.build_page_layout()
        layout.addWidget(splitter, 1)

    # -- the page contract ---------------------------------------------------------------------

    def refresh(self) -> None:
        selected = self._selected_id
        self.model.set_people(self._session.team())
        row = self.model.row_of(selected)
        if row < 0 and self.model.rowCount() > 0:
            row = 0
        self._select_row(row)
        self.table_stack.setCurrentIndex(0 if self.model.rowCount() else 1)
        self.details_panel.setVisible(self.model.rowCount() > 0)

    def selected(self) -> RecordData | None:
        return self.model.person_at(self.model.row_of(self._selected_id))

    def select(self, person_id: int) -> None:
        self._selected_id = person_id
        self.reload()

    # -- behaviour -----------------------------------------------------------------------------

    def _select_row(self, row: int) -> None:
        person = self.model.person_at(row)
        self._selected_id = person.id if person is not None else None
        if person is not None:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        self._show_selected()

    def _show_selected(self) -> None:
        person = self.selected()
        self.form.set_record(person)
        self.details_stack.setCurrentIndex(0 if person is not None else 1)
        self.details_title.setText(person.label if person is not None else _("Details"))
        self.remove_button.setEnabled(person is not None)

    def _on_table_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        person = self.model.person_at(current.row())
        if person is not None and person.id != self._selected_id:
            self._selected_id = person.id
            self._show_selected()

    def _on_form_field_edited(self, changes: dict[str, Any]) -> None:
        self._store_form_edits(self.form, KIND, changes)

    def _on_add_clicked(self) -> None:
        dialog = _NewPersonDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._create_record(KIND, dialog.values, then=self.select)

    def _on_remove_clicked(self) -> None:
        person = self.selected()
        if person is not None and self._confirm_deletion(
            _("Remove person"),
            _("Remove {name} from the team?").format(name=person.label),
            _("The removal is recorded in the history and can be undone."),
            _("Remove"),
        ):
            self._session.delete_record(KIND, person.id)
