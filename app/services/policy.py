"""An organisation's privacy policy, written from the register: its sections (with the
consultant's rewordings where their facts still hold), the completeness checklist, and where
it stands against the last published version.

Nothing of the policy is stored but the rewordings and the published versions (see
app.domain.privacy_policy); every call reads the register afresh, so the policy never says
what the register does not.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from app.domain import RECORD_TYPES, PolicySectionText, PolicyVersion, ProcessingActivity, Vendor
from app.domain.activity import ActivityStatus
from app.domain.countries import supervisory_authorities
from app.domain.policy_checklist import ChecklistItem, check_policy, missing_items
from app.domain.policy_facts import policy_facts
from app.domain.policy_outline import Rewording, compose_sections
from app.domain.policy_sections import Section, facts_hash, policy_text, sha256_hex
from app.errors import UserError
from app.i18n import _
from app.services.catalogues import catalogue_items
from app.services.changes import RecordData, snapshot
from app.services.organisations import get_organisation, list_organisations
from app.storage.workspace import Workspace

SECTION_KIND = "policy_section_text"
VERSION_KIND = "policy_version"
_CATALOGUES = ("data_categories", "data_subject_categories")


@dataclass(frozen=True)
class PublishedVersion:
    """A published version, as lists and the banner show it (its text is read when needed)."""

    id: int
    number: int
    published_at: datetime
    note: str
    content_hash: str
    facts_hash: str
    missing_items: list[str]


@dataclass(frozen=True)
class Policy:
    """The policy as it would be published now, with what the GUI and the CLI report on it."""

    organisation_id: int
    organisation: RecordData
    title: str
    sections: list[Section]
    checklist: list[ChecklistItem]
    facts: dict[str, Any]
    facts_hash: str
    content_hash: str
    latest: PublishedVersion | None = None
    generated_at: datetime = field(default_factory=lambda: datetime.now().astimezone())

    @property
    def name(self) -> str:
        """The organisation as readers know it."""
        values = self.organisation.values
        return str(values.get("trading_name") or values.get("legal_name") or "")

    @property
    def missing(self) -> list[ChecklistItem]:
        return missing_items(self.checklist)

    @property
    def draft(self) -> bool:
        """A mandatory item is missing: the document is marked DRAFT on every page."""
        return bool(self.missing)

    @property
    def is_published(self) -> bool:
        """This exact text is the latest published version."""
        return self.latest is not None and self.latest.content_hash == self.content_hash

    @property
    def register_changed(self) -> bool:
        """The register's facts differ from those the latest version was written from."""
        return self.latest is not None and self.latest.facts_hash != self.facts_hash

    @property
    def sections_to_review(self) -> list[Section]:
        return [section for section in self.sections if section.review]

    @property
    def version_label(self) -> str:
        """ "Version 3" when this text is the latest published one, else the draft of the next."""
        if self.latest is not None and self.is_published:
            return _("Version {number}").format(number=self.latest.number)
        number = self.latest.number + 1 if self.latest else 1
        return _("Draft of version {number}").format(number=number)

    def section(self, key: str) -> Section | None:
        return next((section for section in self.sections if section.key == key), None)


def default_organisation_id(workspace: Workspace) -> int:
    organisations = list_organisations(workspace)
    if not organisations:
        raise UserError(_("The workspace has no organisation yet."))
    return organisations[0].id


def build_policy(
    workspace: Workspace,
    organisation_id: int | None = None,
    *,
    progress: Callable[[int, str], None] | None = None,
    activities: Sequence[Mapping[str, Any]] | None = None,
    with_text: bool = True,
) -> Policy:
    """The organisation's policy as it would be published now (the first organisation when
    none is named). RecordNotFound for an unknown organisation.

    The compliance checks pass the organisation's covered activities they already read, and
    `with_text=False`: they need the checklist and the facts, not the wording (the result's
    generated sections are then empty and its content_hash is "")."""
    if organisation_id is None:
        organisation_id = default_organisation_id(workspace)
    if progress:
        progress(0, _("Reading the register…"))
    organisation = get_organisation(workspace, organisation_id)
    with workspace.session() as session:
        if activities is None:
            activities = _covered_activities(session, organisation_id)
        wanted = {
            entry.get("vendor_id")
            for activity in activities
            for entry in [*activity["recipients"], *activity["transfers"]]
            if entry.get("vendor_id")
        }
        vendors = {
            vendor.id: vendor.model_dump()
            for vendor in session.exec(select(Vendor).where(col(Vendor.id).in_(wanted)))
            if vendor.id is not None
        }
        rewordings = {
            row.section: Rewording(row.id or 0, row.version, row.text, row.facts_hash)
            for row in session.exec(
                select(PolicySectionText).where(
                    col(PolicySectionText.organisation_id) == organisation_id
                )
            )
        }
        latest = _latest_version(session, organisation_id)
    labels = {name: _catalogue_labels(workspace, name) for name in _CATALOGUES}
    facts = policy_facts(
        organisation.values,
        activities,
        vendors=vendors,
        authorities=supervisory_authorities(),
        label_of=lambda catalogue, text: labels[catalogue].get(text, text),
    )
    if progress:
        progress(10, _("Writing the policy…"))
    sections = compose_sections(facts, rewordings, with_text=with_text)
    title = _("Privacy policy")
    return Policy(
        organisation_id=organisation_id,
        organisation=organisation,
        title=title,
        sections=sections,
        checklist=check_policy(facts, sections),
        facts=facts,
        facts_hash=facts_hash(facts),
        content_hash=sha256_hex(policy_text(title, sections)) if with_text else "",
        latest=latest,
    )


def _covered_activities(session: Session, organisation_id: int) -> list[dict[str, Any]]:
    """The activities the policy speaks of (see policy_facts.covered_activities), as values."""
    record_type = RECORD_TYPES["processing_activity"]
    query = (
        select(ProcessingActivity)
        .where(col(ProcessingActivity.controller_id) == organisation_id)
        .where(col(ProcessingActivity.status) != ActivityStatus.RETIRED.value)
        .order_by(col(ProcessingActivity.reference))
    )
    return [dict(snapshot(record_type, row).values) for row in session.exec(query)]


def _catalogue_labels(workspace: Workspace, name: str) -> dict[str, str]:
    # An entry hidden from pick-lists still names the values stored before it was hidden.
    return {item.key: item.label for item in catalogue_items(workspace, name, include_hidden=True)}


def _latest_version(session: Session, organisation_id: int) -> PublishedVersion | None:
    row = session.exec(
        select(PolicyVersion)
        .where(col(PolicyVersion.organisation_id) == organisation_id)
        .order_by(col(PolicyVersion.number).desc())
    ).first()
    return published_version(row) if row is not None else None


def published_version(row: PolicyVersion) -> PublishedVersion:
    return PublishedVersion(
        id=row.id or 0,
        number=row.number,
        published_at=row.published_at,
        note=row.note or "",
        content_hash=row.content_hash,
        facts_hash=row.facts_hash,
        missing_items=list(row.missing_items or []),
    )
