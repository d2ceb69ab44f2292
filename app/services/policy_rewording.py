"""A consultant's own wording of policy sections: reword a section, keep a rewording whose
facts changed (after reviewing it), or go back to the generated text.

Each rewording is stored with the hash of the facts it was written for; see
app.domain.policy_outline for how it is used or set aside when the register changes. Every
action is one change of the change engine: audited and undoable.
"""

from __future__ import annotations

from sqlmodel import col, select

from app.domain import PolicySectionText
from app.domain.policy_outline import EDITABLE_KEYS
from app.errors import UserError
from app.i18n import _
from app.services.changes import ChangeResult, apply_change
from app.services.policy import SECTION_KIND, Policy, build_policy
from app.storage.workspace import Workspace


def _section(policy: Policy, key: str) -> tuple[str, str]:
    """The section's title and current facts hash; refused for a section that cannot be
    reworded or that the register no longer calls for."""
    section = policy.section(key)
    if key not in EDITABLE_KEYS or section is None:
        raise UserError(
            _("The policy has no section “{key}” that can be reworded.").format(key=key)
        )
    return section.title, section.facts_hash


def _stored(workspace: Workspace, organisation_id: int, key: str) -> PolicySectionText | None:
    with workspace.session() as session:
        return session.exec(
            select(PolicySectionText)
            .where(col(PolicySectionText.organisation_id) == organisation_id)
            .where(col(PolicySectionText.section) == key)
        ).first()


def reword_section(
    workspace: Workspace,
    organisation_id: int,
    key: str,
    text: str,
    *,
    actor: str | None = None,
    expected_version: int | None = None,
) -> ChangeResult:
    """Store the consultant's wording of a section, for the facts the section has now.
    Empty text is refused: going back to the generated text is `reset_section`."""
    policy = build_policy(workspace, organisation_id)
    title, current = _section(policy, key)
    stored = _stored(workspace, organisation_id, key)
    values: dict[str, object] = {"text": text, "facts_hash": current, "title": title}
    summary = _("Reworded “{section}” of the privacy policy").format(section=title)
    if stored is None:
        values.update(organisation_id=organisation_id, section=key)
        return apply_change(
            workspace, actor=actor, summary=summary, create=[(SECTION_KIND, values)]
        )
    assert stored.id is not None
    return apply_change(
        workspace,
        actor=actor,
        summary=summary,
        update=[(SECTION_KIND, stored.id, values, expected_version)],
    )


def keep_rewording(
    workspace: Workspace, organisation_id: int, key: str, *, actor: str | None = None
) -> ChangeResult:
    """The consultant reviewed a rewording set aside because its facts changed, and keeps it:
    it now stands for the section's current facts."""
    policy = build_policy(workspace, organisation_id)
    title, current = _section(policy, key)
    stored = _stored(workspace, organisation_id, key)
    if stored is None or stored.id is None:
        raise UserError(_("“{section}” has no rewording to keep.").format(section=title))
    return apply_change(
        workspace,
        actor=actor,
        summary=_("Kept the rewording of “{section}” after review").format(section=title),
        update=[(SECTION_KIND, stored.id, {"facts_hash": current}, stored.version)],
    )


def reset_section(
    workspace: Workspace, organisation_id: int, key: str, *, actor: str | None = None
) -> ChangeResult:
    """Drop the rewording: the section goes back to the text written from the register."""
    stored = _stored(workspace, organisation_id, key)
    if stored is None or stored.id is None:
        raise UserError(_("The section has no rewording to drop."))
    return apply_change(
        workspace,
        actor=actor,
        summary=_("Back to the generated text of “{section}”").format(section=stored.title),
        delete=[(SECTION_KIND, stored.id, stored.version)],
    )
