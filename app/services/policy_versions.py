"""Published versions of a privacy policy: publishing one (kept with its date, the hash of its
text and the register facts it came from), listing them, and what a new version would change.

Publishing goes through the change engine like any edit: it is audited, and undoing it removes
the version again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import col, select

from app.domain import PolicyVersion
from app.domain.base import utcnow
from app.domain.policy_diff import PublishedText, SectionChange, diff_sections
from app.domain.policy_sections import canonical_json
from app.i18n import _
from app.services.changes import ChangeResult, apply_change
from app.services.policy import (
    VERSION_KIND,
    Policy,
    PublishedVersion,
    build_policy,
    published_version,
)
from app.storage.workspace import Workspace


@dataclass(frozen=True)
class PolicyChanges:
    """Where the policy stands against its latest published version."""

    latest: PublishedVersion | None
    register_changed: bool  # the register's facts differ from those it was published from
    text_changed: bool  # publishing now would give a different text
    sections: list[SectionChange] = field(default_factory=list)


def publish_policy(
    workspace: Workspace,
    organisation_id: int | None = None,
    *,
    note: str = "",
    actor: str | None = None,
    policy: Policy | None = None,
) -> ChangeResult:
    """Keep the policy as it reads now as the next version. A draft can be published (a
    consultant may have to); the version then records which items were missing."""
    policy = policy or build_policy(workspace, organisation_id)
    number = (policy.latest.number if policy.latest else 0) + 1
    values = {
        "organisation_id": policy.organisation_id,
        "number": number,
        "published_at": utcnow(),
        "note": note,
        "content_hash": policy.content_hash,
        "facts_hash": policy.facts_hash,
        "sections": [
            {
                "key": section.key,
                "title": section.title,
                "text": section.text,
                "reworded": section.reworded,
                "facts_hash": section.facts_hash,
                # Through JSON once: the snapshot is stored exactly as it will be read back.
                "facts": _plain(section.facts),
            }
            for section in policy.sections
        ],
        "missing_items": [item.id for item in policy.missing],
    }
    summary = _("Published version {number} of the privacy policy of {name}").format(
        number=number, name=policy.name
    )
    return apply_change(workspace, actor=actor, summary=summary, create=[(VERSION_KIND, values)])


def _plain(facts: Any) -> dict[str, Any]:
    return dict(json.loads(canonical_json(facts)))


def list_versions(workspace: Workspace, organisation_id: int) -> list[PublishedVersion]:
    """Every published version of the organisation's policy, newest first."""
    with workspace.session() as session:
        rows = session.exec(
            select(PolicyVersion)
            .where(col(PolicyVersion.organisation_id) == organisation_id)
            .order_by(col(PolicyVersion.number).desc())
        )
        return [published_version(row) for row in rows]


def version_sections(workspace: Workspace, version_id: int) -> list[PublishedText]:
    """A published version's sections, as they were published."""
    with workspace.session() as session:
        row = session.get(PolicyVersion, version_id)
        sections = list(row.sections or []) if row is not None else []
    return [PublishedText(s["key"], s.get("title", ""), s.get("text", "")) for s in sections]


def policy_changes(
    workspace: Workspace, organisation_id: int | None = None, *, policy: Policy | None = None
) -> PolicyChanges:
    """Whether the register changed since the latest publication, and what publishing now
    would change, section by section."""
    policy = policy or build_policy(workspace, organisation_id)
    latest = policy.latest
    now = [PublishedText(s.key, s.title, s.text) for s in policy.sections]
    if latest is None:
        return PolicyChanges(None, False, True, diff_sections([], now))
    before = version_sections(workspace, latest.id)
    return PolicyChanges(
        latest,
        policy.register_changed,
        latest.content_hash != policy.content_hash,
        diff_sections(before, now),
    )
