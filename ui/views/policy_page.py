"""The privacy policy page: the policy written from the register, previewed as its readers will
see it, with the Art. 13/14 checklist, section rewording, publishing and export.

Everything slow runs off the GUI thread: writing the policy (run_task, then the widgets are
filled from plain data), exporting (run_task with a progress bar), and every write (the
session's write thread). A banner says when the register changed after the last publication
and offers the list of what a new version would change.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)
from shiboken6 import isValid

from app.i18n import N_, _, ngettext
from ui.operations.policy_operations import PolicyOperations, PolicyState
from ui.operations.session import WorkspaceSession
from ui.tasks import run_task
from ui.views.workspace_page import WorkspacePage
from ui.widgets.policy_changes_view import PolicyChangesView
from ui.widgets.policy_checklist import PolicyChecklist
from ui.widgets.policy_export_bar import PolicyExportBar
from ui.widgets.policy_preview import PolicyPreview
from ui.widgets.policy_section_editor import PolicySectionEditor

_DRAFT_STYLE = "QLabel { background: #fdecea; color: #8e1b1b; padding: 6px 10px; }"
_CHANGED_STYLE = "QFrame#register_changed { background: #fff4e5; }"


class PolicyPage(WorkspacePage):
    page_name = "policy"
    title = N_("Privacy policy")
    intro = N_(
        "Written from the register, so it says what you record and nothing else. Reword any "
        "section in your own words; publish a version when it is ready; export it for your "
        "website (HTML), for print (PDF) or for editing (DOCX)."
    )
    watches = ("*",)  # the policy reads the organisation, the register and its own records

    policy_loaded = Signal(object)  # PolicyState
    published = Signal(object)  # the ChangeResult, or the exception

    def __init__(self, session: WorkspaceSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.operations = PolicyOperations(session)
        self.state: PolicyState | None = None
        self._generation = 0  # the newest load; older results are dropped

        layout = self.build_page_layout()
        layout.addLayout(self._toolbar())
        self.draft_banner = QLabel()
        self.draft_banner.setObjectName("draft_banner")
        self.draft_banner.setWordWrap(True)
        self.draft_banner.setStyleSheet(_DRAFT_STYLE)
        layout.addWidget(self.draft_banner)
        layout.addWidget(self._changed_banner())
        layout.addWidget(self._body(), 1)
        self.draft_banner.hide()
        self.changed_banner.hide()

    # -- building --------------------------------------------------------------------------------

    def _toolbar(self) -> QHBoxLayout:
        self.organisation_box = QComboBox()
        self.organisation_box.setObjectName("policy_organisation")
        self.organisation_box.setMinimumWidth(220)
        self.organisation_box.currentIndexChanged.connect(self._on_organisation_changed)
        self.status_label = QLabel()
        self.status_label.setObjectName("policy_status")
        self.publish_button = QPushButton(_("Publish…"))
        self.publish_button.setObjectName("publish_policy")
        self.publish_button.clicked.connect(self._on_publish_clicked)
        self.export_bar = PolicyExportBar()
        self.export_finished = self.export_bar.export_finished
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Organisation:")))
        row.addWidget(self.organisation_box)
        row.addWidget(self.status_label, 1)
        row.addWidget(self.publish_button)
        row.addWidget(self.export_bar)
        return row

    def _changed_banner(self) -> QFrame:
        self.changed_banner = QFrame()
        self.changed_banner.setObjectName("register_changed")
        self.changed_banner.setStyleSheet(_CHANGED_STYLE)
        self.changed_label = QLabel()
        self.changed_label.setWordWrap(True)
        self.changed_label.setStyleSheet("color: #6d4100; font-weight: 600;")
        show = QPushButton(_("What would change"))
        show.setObjectName("show_changes")
        show.clicked.connect(lambda: self.right_tabs.setCurrentWidget(self.changes_view))
        row = QHBoxLayout(self.changed_banner)
        row.setContentsMargins(10, 4, 10, 4)
        row.addWidget(self.changed_label, 1)
        row.addWidget(show)
        return self.changed_banner

    def _body(self) -> QSplitter:
        self.checklist = PolicyChecklist()
        self.checklist.section_requested.connect(self._on_checklist_section_requested)
        self.section_editor = PolicySectionEditor()
        self.section_editor.reword_requested.connect(self._on_section_editor_reword_requested)
        self.section_editor.reset_requested.connect(self._on_section_editor_reset_requested)
        self.section_editor.keep_requested.connect(self._on_section_editor_keep_requested)
        self.section_editor.section_selected.connect(self.preview_section)
        self.left_tabs = QTabWidget()
        self.left_tabs.addTab(self.checklist, _("Checklist"))
        self.left_tabs.addTab(self.section_editor, _("Sections"))

        self.preview = PolicyPreview()
        self.changes_view = PolicyChangesView()
        self.versions = QTreeWidget()
        self.versions.setObjectName("policy_versions")
        self.versions.setRootIsDecorated(False)
        self.versions.setHeaderLabels(
            [_("Version"), _("Published"), _("Note"), _("Text hash"), _("Missing items")]
        )
        self.right_tabs = QTabWidget()
        self.right_tabs.addTab(self.preview, _("Preview"))
        self.right_tabs.addTab(self.changes_view, _("What would change"))
        self.right_tabs.addTab(self.versions, _("Published versions"))

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.left_tabs)
        splitter.addWidget(self.right_tabs)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        return splitter

    # -- the page contract -----------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the organisations, then write the policy again in the background."""
        wanted = self.organisation_id()
        self.organisation_box.blockSignals(True)
        self.organisation_box.clear()
        for organisation_id, name in self.operations.organisations():
            self.organisation_box.addItem(name, organisation_id)
        index = self.organisation_box.findData(wanted) if wanted is not None else 0
        self.organisation_box.setCurrentIndex(max(index, 0))
        self.organisation_box.blockSignals(False)
        self._load()

    def show_record(self, organisation_id: int) -> None:
        """Show an organisation's policy (the dashboard's policy findings point here)."""
        index = self.organisation_box.findData(organisation_id)
        if index >= 0:
            self.organisation_box.setCurrentIndex(index)  # writes its policy

    def organisation_id(self) -> int | None:
        value = self.organisation_box.currentData()
        return int(value) if value is not None else None

    def _on_organisation_changed(self, _index: int) -> None:
        self._load()

    def _load(self) -> None:
        organisation_id = self.organisation_id()
        if organisation_id is None:
            return
        self._generation += 1
        generation = self._generation
        self.status_label.setText(_("Writing the policy from the register…"))

        def done(state: Any) -> None:
            if isValid(self) and generation == self._generation:
                self._show_state(state)

        def failed(error: BaseException) -> None:
            if isValid(self) and generation == self._generation:
                self.status_label.setText(str(error))

        run_task(
            lambda progress: self.operations.load(organisation_id, progress),
            on_done=done,
            on_error=failed,
        )

    def _show_state(self, state: PolicyState) -> None:
        self.state = state
        policy = state.policy
        organisation_id = policy.organisation_id
        self.export_bar.set_exporter(
            lambda path, progress: self.operations.export(organisation_id, path, progress).path,
            policy.name,
        )
        missing = policy.missing
        self.status_label.setText(policy.version_label)
        self.checklist.show_items(policy.checklist)
        self.section_editor.show_sections(policy.sections)
        scroll = self.preview.verticalScrollBar().value()
        self.preview.setHtml(state.html)
        self.preview.verticalScrollBar().setValue(scroll)
        self.changes_view.show_changes(state.changes)
        self._show_versions(state)
        self.draft_banner.setVisible(bool(missing))
        self.draft_banner.setText(
            ngettext(
                "DRAFT: {count} item the policy must give is missing from the register ({ids}). "
                "Exports are marked DRAFT until it is completed.",
                "DRAFT: {count} items the policy must give are missing from the register ({ids}). "
                "Exports are marked DRAFT until they are completed.",
                len(missing),
            ).format(count=len(missing), ids=", ".join(item.id for item in missing))
        )
        latest = state.changes.latest
        changed = latest is not None and (
            state.changes.register_changed or state.changes.text_changed
        )
        self.changed_banner.setVisible(changed)
        if latest is not None and changed:
            when = latest.published_at.astimezone().strftime("%Y-%m-%d")
            self.changed_label.setText(
                (
                    _("The register has changed since version {number} was published on {date}.")
                    if state.changes.register_changed
                    else _(
                        "The policy reads differently from version {number} published on {date}."
                    )
                ).format(number=latest.number, date=when)
            )
        self.policy_loaded.emit(state)

    def _show_versions(self, state: PolicyState) -> None:
        self.versions.clear()
        for version in state.versions:
            self.versions.addTopLevelItem(
                QTreeWidgetItem(
                    [
                        str(version.number),
                        version.published_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                        version.note,
                        version.content_hash[:12],
                        ", ".join(version.missing_items) or "—",
                    ]
                )
            )

    # -- rewording -------------------------------------------------------------------------------

    def _on_checklist_section_requested(self, key: str) -> None:
        self.preview_section(key)
        self.section_editor.select(key)

    def preview_section(self, key: str) -> None:
        self.right_tabs.setCurrentWidget(self.preview)
        self.preview.show_section(key)

    def _on_section_editor_reword_requested(self, key: str, text: str) -> None:
        section = self.state.policy.section(key) if self.state else None
        organisation_id = self.organisation_id()
        if section is None or organisation_id is None:
            return
        self.operations.reword_section(
            organisation_id,
            key,
            text,
            rewording_id=section.rewording_id,
            expected_version=section.rewording_version,
        )

    def _on_section_editor_reset_requested(self, key: str) -> None:
        organisation_id = self.organisation_id()
        if organisation_id is not None:
            self.operations.reset_section(organisation_id, key)

    def _on_section_editor_keep_requested(self, key: str) -> None:
        organisation_id = self.organisation_id()
        if organisation_id is not None:
            self.operations.keep_rewording(organisation_id, key)

    # -- publishing ------------------------------------------------------------------------------

    def publish(self, note: str) -> None:
        """Keep the policy as it reads now as the next version; `published` tells the end."""
        organisation_id = self.organisation_id()
        if organisation_id is None:
            return

        def done(result: Any) -> None:
            if isValid(self):
                self.published.emit(result)

        def failed(error: BaseException) -> None:
            if isValid(self):
                self.published.emit(error)

        self.operations.publish(organisation_id, note, on_done=done, on_error=failed)

    def _on_publish_clicked(self) -> None:
        policy = self.state.policy if self.state else None
        if policy is None:
            return
        if policy.draft:
            answer = QMessageBox.question(
                self,
                _("Publish a draft?"),
                _(
                    "The policy is missing what the register does not yet hold ({ids}). "
                    "Publish it anyway? The version records what was missing."
                ).format(ids=", ".join(item.id for item in policy.missing)),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        note, accepted = QInputDialog.getMultiLineText(
            self, _("Publish the privacy policy"), _("Note for this version (optional):")
        )
        if accepted:
            self.publish(note)

    # -- exporting (the export bar runs it in the background) ----------------------------------

    def export_policy(self, path: Path) -> None:
        """Write the shown organisation's policy to `path` (PDF, HTML or DOCX by its
        extension); `export_finished` tells the end."""
        self.export_bar.export(path)
