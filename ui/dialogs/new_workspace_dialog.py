"""Asks where a new workspace goes (a file, or a shared PostgreSQL database) and for its first
organisation; checks everything before the dialog closes, so creation does not fail on input."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.countries import country_names
from app.domain.fields import clean_values
from app.domain.organisation import ORGANISATION_FIELDS
from app.errors import ValidationError
from app.i18n import _
from app.paths import default_workspaces_dir
from app.storage.targets import WORKSPACE_SUFFIX, is_server_url


class NewWorkspaceDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("New workspace"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "A workspace holds everything for one organisation or client: the "
                "register, plans, assessments, requests, breaches and documents."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        form = QFormLayout()
        self.as_file = QRadioButton(_("A file on this computer"))
        self.as_server = QRadioButton(_("A shared PostgreSQL database"))
        self.as_file.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.as_file)
        group.addButton(self.as_server)
        kind = QHBoxLayout()
        kind.addWidget(self.as_file)
        kind.addWidget(self.as_server)
        kind.addStretch(1)
        form.addRow(_("Stored in:"), kind)

        self.path_edit = QLineEdit(
            str(default_workspaces_dir() / f"{_('Workspace')}{WORKSPACE_SUFFIX}")
        )
        self.path_edit.setObjectName("path")
        self.browse_button = QPushButton(_("Browse…"))
        self.browse_button.clicked.connect(self._on_browse_clicked)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        self.path_label = QLabel(_("File:"))
        form.addRow(self.path_label, path_row)
        self.url_edit = QLineEdit()
        self.url_edit.setObjectName("url")
        self.url_edit.setPlaceholderText("postgresql://user@server:5432/database")
        self.url_label = QLabel(_("Database URL:"))
        form.addRow(self.url_label, self.url_edit)

        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("legal_name")
        self.name_edit.setPlaceholderText(_("e.g. Maison Lumière SAS"))
        form.addRow(_("Organisation legal name:"), self.name_edit)
        self.country_box = QComboBox()
        self.country_box.setObjectName("country")
        for code, name in country_names().items():
            self.country_box.addItem(f"{name} ({code})", code)
        self.country_box.setCurrentIndex(max(0, self.country_box.findData("FR")))
        form.addRow(_("Country:"), self.country_box)
        layout.addLayout(form)

        self.error_label = QLabel()
        self.error_label.setObjectName("error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.hide()
        layout.addWidget(self.error_label)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Create"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.as_file.toggled.connect(self._on_kind_toggled)
        self._on_kind_toggled(True)
        self.name_edit.setFocus()

    def _on_kind_toggled(self, _checked: bool) -> None:
        on_file = self.as_file.isChecked()
        for widget in (self.path_label, self.path_edit, self.browse_button):
            widget.setVisible(on_file)
        for widget in (self.url_label, self.url_edit):
            widget.setVisible(not on_file)

    def _on_browse_clicked(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self,
            _("New workspace file"),
            self.path_edit.text(),
            _("Privacy Workbench workspaces (*.pwb)"),
        )
        if path:
            self.path_edit.setText(path)

    def target(self) -> str:
        if self.as_server.isChecked():
            return self.url_edit.text().strip()
        path = Path(self.path_edit.text().strip()).expanduser()
        if path.suffix.lower() != WORKSPACE_SUFFIX:
            path = path.with_name(path.name + WORKSPACE_SUFFIX)
        return str(path)

    def organisation(self) -> dict[str, Any]:
        return {"legal_name": self.name_edit.text(), "country": self.country_box.currentData()}

    def _problem(self) -> str | None:
        target = self.target()
        if self.as_server.isChecked():
            if not is_server_url(target):
                return _("Database URL: expected postgresql://user@server:port/database")
        else:
            path = Path(target)
            if not path.name or path.name == WORKSPACE_SUFFIX:
                return _("File: enter a file name")
            if path.exists():
                return _(
                    "File: {path} already exists; open it instead, or choose another name."
                ).format(path=path)
            if not path.parent.is_dir():
                try:  # the suggested folder is ours to create; any other must exist
                    if path.parent == default_workspaces_dir():
                        path.parent.mkdir(parents=True, exist_ok=True)
                    else:
                        return _("File: the folder {folder} does not exist").format(
                            folder=path.parent
                        )
                except OSError as error:
                    return _("File: cannot create {folder}: {error}").format(
                        folder=path.parent, error=error.strerror
                    )
        try:
            values = clean_values(ORGANISATION_FIELDS, self.organisation())
        except ValidationError as error:
            return str(error)
        if not values.get("legal_name"):
            return _("Organisation legal name: is required")
        return None

    def accept(self) -> None:
        problem = self._problem()
        if problem:
            self.error_label.setText(problem)
            self.error_label.show()
            return
        super().accept()
