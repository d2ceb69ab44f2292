"""The outline of a privacy policy: its sections in reading order, when each one appears, and
how the generated text and a consultant's rewordings come together into the sections shown.

The order follows what a reader asks first (who, why, what, who else, how long, what can I
do); the right to object has its own section, set apart, as Art. 21(4) requires.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from app.domain.policy_sections import Section, facts_hash, text_to_blocks
from app.domain.policy_wording import (
    Writer,
    write_about,
    write_controller,
    write_data,
    write_obligation,
    write_purposes,
    write_summary,
)
from app.domain.policy_wording_flows import write_recipients, write_retention, write_transfers
from app.domain.policy_wording_rights import (
    write_automated,
    write_changes,
    write_complaint,
    write_consent,
    write_joint,
    write_objection,
    write_rights,
)
from app.i18n import N_, _

Facts = dict[str, Any]


@dataclass(frozen=True)
class SectionKind:
    key: str
    title: str  # marked with N_
    write: Writer
    shown: Callable[[Facts], bool] = lambda _facts: True
    editable: bool = True


SECTION_KINDS: tuple[SectionKind, ...] = (
    SectionKind("about", N_("About this policy"), write_about),
    # The table at the top sums up the sections below it; it is rewritten, never reworded.
    SectionKind("summary", N_("At a glance"), write_summary, editable=False),
    SectionKind("controller", N_("Who we are and how to reach us"), write_controller),
    SectionKind("purposes", N_("Why we use your data, and on what legal basis"), write_purposes),
    SectionKind("data", N_("What data we use and where it comes from"), write_data),
    SectionKind(
        "obligation",
        N_("Do you have to give us your data?"),
        write_obligation,
        lambda facts: facts["any"],
    ),
    SectionKind(
        "recipients", N_("Who receives your data"), write_recipients, lambda f: bool(f["groups"])
    ),
    SectionKind(
        "transfers",
        N_("Transfers outside the European Economic Area"),
        write_transfers,
        lambda facts: bool(facts["transfers"]),
    ),
    SectionKind("retention", N_("How long we keep your data"), write_retention),
    SectionKind(
        "automated",
        N_("Decisions made by automated means"),
        write_automated,
        lambda facts: bool(facts["activities"]),
    ),
    SectionKind(
        "joint",
        N_("Organisations responsible together with us"),
        write_joint,
        lambda facts: bool(facts["activities"]),
    ),
    SectionKind("rights", N_("Your rights"), write_rights),
    SectionKind(
        "objection",
        N_("Your right to object"),
        write_objection,
        lambda facts: bool(facts["purposes"] or facts["marketing"]),
    ),
    SectionKind(
        "consent",
        N_("Withdrawing your consent"),
        write_consent,
        lambda facts: bool(facts["purposes"]),
    ),
    SectionKind("complaint", N_("Complaints"), write_complaint),
    SectionKind("changes", N_("Changes to this policy"), write_changes),
)
SECTION_KEYS = tuple(kind.key for kind in SECTION_KINDS)
EDITABLE_KEYS = frozenset(kind.key for kind in SECTION_KINDS if kind.editable)


def section_title(key: str) -> str:
    """A section's heading in the reader's language."""
    for kind in SECTION_KINDS:
        if kind.key == key:
            return _(kind.title)
    return key


@dataclass(frozen=True)
class Rewording:
    """A consultant's stored wording of a section (plain data from the service)."""

    id: int
    version: int
    text: str
    facts_hash: str


def compose_sections(
    facts: Mapping[str, Facts],
    rewordings: Mapping[str, Rewording] | None = None,
    *,
    with_text: bool = True,
) -> list[Section]:
    """The sections of the policy, in order: each written from its facts, or a rewording whose
    facts are unchanged. A rewording whose facts changed is set aside (`review`); so is one of
    a section the register no longer calls for (it is kept, and shown in the editor).
    `with_text=False` leaves out the generated text (a reworded section keeps its own)."""
    rewordings = rewordings or {}
    sections = []
    for kind in SECTION_KINDS:
        section_facts = facts[kind.key]
        if not kind.shown(section_facts):
            continue
        current = facts_hash(section_facts)
        rewording = rewordings.get(kind.key) if kind.editable else None
        review = rewording is not None and rewording.facts_hash != current
        use_rewording = rewording is not None and not review
        # Without text (the compliance checks only ask what the policy covers), the generated
        # wording is skipped: it says every fact by construction, and writing it for 10,000
        # activities is most of the cost.
        generated = tuple(kind.write(dict(section_facts))) if with_text else ()
        sections.append(
            Section(
                key=kind.key,
                title=_(kind.title),
                blocks=text_to_blocks(rewording.text) if use_rewording and rewording else generated,
                generated=generated,
                facts=section_facts,
                facts_hash=current,
                editable=kind.editable,
                rewording=rewording.text if rewording else None,
                rewording_id=rewording.id if rewording else None,
                rewording_version=rewording.version if rewording else None,
                review=review,
                anchor=f"section-{kind.key}",
            )
        )
    return sections
