"""What the workspace keeps of an organisation's privacy policy: a consultant's own wording of
a section, and each published version.

The policy itself is never stored: it is written anew from the register each time (see
policy_facts.py and policy_wording.py), so it cannot say what the register does not. Only two
things are the user's own and go through the change engine (audited, undoable):

- a rewording of a section, kept with the hash of the facts it was written for; when the
  register changes those facts, the rewording is set aside for review instead of going on
  saying something that may no longer be true;
- a published version: its date, its text section by section, the hash of that text, and the
  register facts it came from (their hash and a snapshot), so that "what changed since we
  published?" has an answer.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from pydantic import Field as ItemField
from sqlmodel import Field

from app.domain.base import Record, UtcDateTime, utcnow
from app.domain.fields import FieldKind, FieldSpec
from app.domain.list_fields import Item
from app.i18n import N_

HASH_LENGTH = 64  # a SHA-256 in hex
MAX_SECTION_TEXT = 20_000
MAX_PUBLISHED_TEXT = 200_000


class PolicySectionText(Record, table=True):
    """A consultant's wording of one section of an organisation's policy."""

    __tablename__ = "policy_section_text"
    __table_args__ = (
        sa.Index(
            "ix_policy_section_text_organisation_section",
            "organisation_id",
            "section",
            unique=True,
        ),
    )

    organisation_id: int = Field(foreign_key="organisation.id", ondelete="CASCADE")
    section: str = Field(max_length=40)
    title: str = Field(max_length=300)
    text: str = Field(max_length=MAX_SECTION_TEXT)
    facts_hash: str = Field(max_length=HASH_LENGTH)


class PublishedSection(Item):
    """One section of a published version: its words, and the facts they were written from."""

    key: str = ItemField(min_length=1, max_length=40, title=N_("Section"))
    title: str = ItemField(default="", max_length=300, title=N_("Heading"))
    text: str = ItemField(default="", max_length=MAX_PUBLISHED_TEXT, title=N_("Text"))
    reworded: bool = ItemField(default=False, title=N_("Reworded"))
    facts_hash: str = ItemField(default="", max_length=HASH_LENGTH, title=N_("Facts hash"))
    facts: dict[str, Any] = ItemField(default_factory=dict, title=N_("Facts"))


class PolicyVersion(Record, table=True):
    """A published privacy policy, kept as it was published."""

    __tablename__ = "policy_version"

    organisation_id: int = Field(foreign_key="organisation.id", index=True, ondelete="CASCADE")
    number: int
    published_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    note: str | None = Field(default=None, max_length=2000)
    content_hash: str = Field(max_length=HASH_LENGTH)
    facts_hash: str = Field(max_length=HASH_LENGTH)
    sections: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    # Checklist items that were missing when it was published (it went out as a draft).
    missing_items: list[str] = Field(default_factory=list, sa_type=sa.JSON)


_WORDING = N_("Wording")
_VERSION = N_("Published version")

POLICY_SECTION_FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in [
        FieldSpec(
            "organisation_id",
            N_("Organisation"),
            FieldKind.REFERENCE,
            required=True,
            reference="organisation",
            group=_WORDING,
        ),
        FieldSpec("section", N_("Section"), required=True, max_length=40, group=_WORDING),
        FieldSpec("title", N_("Heading"), required=True, group=_WORDING),
        FieldSpec(
            "text",
            N_("Text"),
            FieldKind.MULTILINE,
            required=True,
            max_length=MAX_SECTION_TEXT,
            group=_WORDING,
            help=N_(
                "A blank line starts a new paragraph; a line starting with “- ” is a bullet "
                "and one starting with “# ” a sub-heading."
            ),
        ),
        FieldSpec(
            "facts_hash",
            N_("Facts the wording was written for"),
            required=True,
            max_length=HASH_LENGTH,
            group=_WORDING,
        ),
    ]
}

POLICY_VERSION_FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in [
        FieldSpec(
            "organisation_id",
            N_("Organisation"),
            FieldKind.REFERENCE,
            required=True,
            reference="organisation",
            group=_VERSION,
        ),
        FieldSpec("number", N_("Version"), FieldKind.COUNT, required=True, group=_VERSION),
        FieldSpec(
            "published_at", N_("Published on"), FieldKind.DATETIME, required=True, group=_VERSION
        ),
        FieldSpec("note", N_("Note"), FieldKind.MULTILINE, max_length=2000, group=_VERSION),
        FieldSpec(
            "content_hash",
            N_("Hash of the text"),
            required=True,
            max_length=HASH_LENGTH,
            group=_VERSION,
        ),
        FieldSpec(
            "facts_hash",
            N_("Hash of the register facts"),
            required=True,
            max_length=HASH_LENGTH,
            group=_VERSION,
        ),
        FieldSpec(
            "sections",
            N_("Sections"),
            FieldKind.ITEMS,
            item_model=PublishedSection,
            max_items=40,
            group=_VERSION,
        ),
        FieldSpec(
            "missing_items",
            N_("Items missing when published"),
            FieldKind.TEXT_LIST,
            max_length=10,
            max_items=40,
            group=_VERSION,
        ),
    ]
}
