"""The people of the team: later records name their owner from this list."""

from __future__ import annotations

from enum import StrEnum

from sqlmodel import Field

from app.domain.base import Record
from app.domain.fields import FieldKind, FieldSpec
from app.i18n import N_


class TeamRole(StrEnum):
    OWNER = "owner"
    DPO = "dpo"
    EDITOR = "editor"
    REVIEWER = "reviewer"
    VIEWER = "viewer"


TEAM_ROLE_LABELS = {
    TeamRole.OWNER: N_("Owner"),
    TeamRole.DPO: N_("DPO"),
    TeamRole.EDITOR: N_("Editor"),
    TeamRole.REVIEWER: N_("Reviewer"),
    TeamRole.VIEWER: N_("Viewer"),
}


class Person(Record, table=True):
    __tablename__ = "person"

    name: str = Field(max_length=200)
    email: str | None = Field(default=None, max_length=300)
    role: str = Field(default=TeamRole.EDITOR.value, max_length=20)


PERSON_FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in [
        FieldSpec("name", N_("Name"), required=True, max_length=200),
        FieldSpec("email", N_("E-mail"), FieldKind.EMAIL),
        FieldSpec(
            "role",
            N_("Role"),
            FieldKind.CHOICE,
            required=True,
            choices=TeamRole,
            choice_labels=TEAM_ROLE_LABELS,
        ),
    ]
}
