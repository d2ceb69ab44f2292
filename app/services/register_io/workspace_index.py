"""What the import checks need from the workspace, read in one go: team members (owners),
organisations (controllers, processors), vendors and the references already in use."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlmodel import select

from app.domain import Organisation, Person, ProcessingActivity, ProcessorActivity, Vendor
from app.errors import InvalidValue
from app.i18n import _
from app.services.register_io.wording import normalise
from app.storage.workspace import Workspace

_OWNER = re.compile(r"^(?P<name>.*?)\s*<(?P<email>[^<>]+)>\s*$")


def vendor_key(name: str) -> str:
    return " ".join(name.split()).casefold()


@dataclass
class WorkspaceIndex:
    """What the checks need from the workspace, read in one go."""

    people: list[tuple[int, str, str | None]]
    organisations: dict[str, int]
    first_organisation: int | None
    vendors: dict[str, int]
    references: dict[str, str]  # activity reference -> name
    processor_references: set[str]

    @classmethod
    def load(cls, workspace: Workspace) -> WorkspaceIndex:
        with workspace.session() as session:
            people = [(int(p.id or 0), p.name, p.email) for p in session.exec(select(Person)).all()]
            organisations = session.exec(select(Organisation.id, Organisation.legal_name)).all()
            vendors = session.exec(select(Vendor.id, Vendor.name)).all()
            references = session.exec(
                select(ProcessingActivity.reference, ProcessingActivity.name)
            ).all()
            processor_references = session.exec(select(ProcessorActivity.reference)).all()
        ordered = sorted((int(i or 0), n) for i, n in organisations)
        return cls(
            people=people,
            organisations={normalise(name): i for i, name in ordered},
            first_organisation=ordered[0][0] if ordered else None,
            vendors={vendor_key(name): int(i or 0) for i, name in vendors},
            references=dict(references),
            processor_references=set(processor_references),
        )

    def person(self, raw: Any) -> int:
        if isinstance(raw, dict):
            name, email = str(raw.get("name") or ""), str(raw.get("email") or "")
        else:
            text = str(raw).strip()
            match = _OWNER.match(text)
            name, email = (match["name"], match["email"]) if match else (text, "")
            if not match and "@" in text and " " not in text:
                name, email = "", text
        email = email.strip().casefold()
        if email:
            for person_id, _name, person_email in self.people:
                if (person_email or "").casefold() == email:
                    return person_id
        named = [pid for pid, pname, _e in self.people if pname.casefold() == name.casefold()]
        if len(named) == 1:
            return named[0]
        shown = f"{name} <{email}>" if name and email else name or email
        if len(named) > 1:
            raise InvalidValue(
                _("several team members are called “{name}”; add their e-mail").format(name=name)
            )
        raise InvalidValue(
            _("no team member “{person}” in this workspace; add them to the team first").format(
                person=shown
            )
        )

    def organisation(self, raw: Any) -> int:
        found = self.organisations.get(normalise(str(raw)))
        if found is None:
            raise InvalidValue(
                _("no organisation “{name}” in this workspace; add it first").format(
                    name=str(raw)[:200]
                )
            )
        return found
