"""The generated wording of each policy section, written from that section's facts alone.

Our own plain words, short sentences, one idea a bullet; every string goes through the
catalogue so French and German can follow. The legal label follows the plain sentence where a
reader (or a regulator) needs it. When the register lacks something a section must say, the
section says so in a paragraph marked as a gap instead of leaving it out silently: the policy
is then a draft (see policy_checklist.py), and the gap shows where to complete the register.

Recipients, transfers and retention are in policy_wording_flows.py; the rights and contact
sections in policy_wording_rights.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.domain.legal_bases import ART9_LABELS, LEGAL_BASIS_LABELS, LegalBasis
from app.domain.policy_sections import Block, Bullets, Paragraph, Subheading, Table
from app.domain.register_items import DataKind, DataSource, ProvisionRequirement
from app.i18n import N_, _

Facts = dict[str, Any]
Writer = Callable[[Facts], list[Block]]

_BASIS_SENTENCES = {
    LegalBasis.CONSENT: N_("We do this only with your consent."),
    LegalBasis.CONTRACT: N_(
        "We need this to carry out a contract with you, or to take steps you asked for "
        "before entering into one."
    ),
    LegalBasis.LEGAL_OBLIGATION: N_("The law requires us to do this."),
    LegalBasis.VITAL_INTERESTS: N_("We need this to protect your life or someone else's."),
    LegalBasis.PUBLIC_TASK: N_(
        "We do this to carry out a task in the public interest, or an official authority the "
        "law gives us."
    ),
    LegalBasis.LEGITIMATE_INTERESTS: N_(
        "We do this because it is in our legitimate interests, which we have weighed against "
        "your interests and rights."
    ),
}

_SOURCE_SENTENCES = {
    DataSource.THIRD_PARTY: N_("Obtained from another source: {source}."),
    DataSource.PUBLIC: N_("Obtained from a publicly accessible source: {source}."),
}

_REQUIREMENT_SENTENCES = {
    ProvisionRequirement.STATUTORY: N_("The law requires you to provide it."),
    ProvisionRequirement.CONTRACTUAL: N_("Our contract with you requires it."),
    ProvisionRequirement.CONTRACT_PREREQUISITE: N_(
        "We need it before we can enter into a contract with you."
    ),
}


def gap(text: str) -> Paragraph:
    return Paragraph(text, gap=True)


def sentences(*parts: str) -> str:
    return " ".join(part for part in parts if part)


def clause(text: str) -> str:
    """Register text set inside one of our sentences: without its own final full stop."""
    return text.strip().rstrip(".")


def write_about(facts: Facts) -> list[Block]:
    people = facts["people"]
    first = (
        _(
            "This policy explains how {name} (“we”) uses personal data about {people}, and "
            "the rights you have over it."
        ).format(name=facts["name"], people=", ".join(people))
        if people
        else _(
            "This policy explains how {name} (“we”) uses personal data, and the rights you "
            "have over it."
        ).format(name=facts["name"])
    )
    return [
        Paragraph(first),
        Paragraph(
            _(
                "It is written from our record of processing activities, so it describes what "
                "we actually do. The table below sums it up; the sections after it give the "
                "details."
            )
        ),
    ]


def write_summary(facts: Facts) -> list[Block]:
    # "Why" first: it names the row, and a phone shows each row as a card under that name.
    rows = tuple(
        (
            row["why"],
            ", ".join(row["what"]) or "—",
            "; ".join(row["how_long"]) or _("Not yet set"),
        )
        for row in facts["rows"]
    )
    if not rows:
        return [gap(_("No processing activity is recorded yet."))]
    return [Table((_("Why we use it"), _("What we collect"), _("How long we keep it")), rows)]


def write_controller(facts: Facts) -> list[Block]:
    name = facts["legal_name"]
    if facts["trading_name"] and facts["trading_name"] != name:
        name = _("{legal_name} (trading as {trading_name})").format(**facts)
    blocks: list[Block] = [
        Paragraph(
            _("{name} decides why and how your data is used: it is the “controller”.").format(
                name=name
            )
        )
    ]
    address = ", ".join(p for p in (facts["address"].replace("\n", ", "), facts["country"]) if p)
    details = [
        (_("Address:"), address),
        (_("E-mail:"), facts["email"]),
        (_("Phone:"), facts["phone"]),
        (_("Registration number:"), facts["registration_number"]),
    ]
    items = tuple(Paragraph(value, lead=lead) for lead, value in details if value)
    if items:
        blocks.append(Bullets(items))
    if not (facts["address"] or facts["email"] or facts["phone"]):
        blocks.append(gap(_("Our contact details are not yet recorded.")))
    dpo = facts["dpo"]
    if dpo:
        reach = " · ".join(p for p in (dpo["email"], dpo["phone"]) if p)
        text = (
            _("You can reach our data protection officer, {name}, at {contact}.").format(
                name=dpo["name"], contact=reach
            )
            if dpo["name"] and reach
            else _("You can reach our data protection officer at {contact}.").format(contact=reach)
        )
        blocks.append(
            Paragraph(text, lead=_("Data protection officer."))
            if reach
            else gap(_("The contact details of our data protection officer are not yet recorded."))
        )
    representative = facts["representative"]
    if representative:
        contact = ", ".join(
            p
            for p in (
                representative["name"],
                representative["address"].replace("\n", ", "),
                representative["email"],
                representative["phone"],
            )
            if p
        )
        blocks.append(
            Paragraph(
                _(
                    "As we are established outside the European Union, {contact} represents "
                    "us there."
                ).format(contact=contact)
                if facts["needs_representative"]
                else _("Our representative in the European Union: {contact}.").format(
                    contact=contact
                ),
                lead=_("Representative."),
            )
        )
    elif facts["needs_representative"]:
        blocks.append(gap(_("Our representative in the European Union is not yet named.")))
    return blocks


def _purpose_item(purpose: Facts) -> Paragraph:
    basis = purpose["basis"]
    label = LEGAL_BASIS_LABELS.get(basis)
    parts = [
        _(_BASIS_SENTENCES[basis]) if basis in _BASIS_SENTENCES else "",
        _("Legal basis: {label}.").format(label=_(label)) if label else "",
        _("Law relied on: {law}.").format(law=clause(purpose["law"])) if purpose["law"] else "",
    ]
    missing = False
    if basis == LegalBasis.LEGITIMATE_INTERESTS:
        if purpose["interest"]:
            parts.append(
                _("Our legitimate interest: {interest}.").format(
                    interest=clause(purpose["interest"])
                )
            )
        else:
            parts.append(_("The legitimate interest we pursue is not yet described."))
            missing = True
    if purpose["art9"] in ART9_LABELS:
        parts.append(
            _("For the special categories of data involved: {condition}.").format(
                condition=_(ART9_LABELS[purpose["art9"]])
            )
        )
    if purpose["art10"]:
        parts.append(
            _("For data about criminal convictions and offences: {authorisation}.").format(
                authorisation=clause(purpose["art10"])
            )
        )
    return Paragraph(
        sentences(*parts),
        lead=_("{purpose}.").format(purpose=clause(purpose["purpose"])),
        gap=missing,
    )


def write_purposes(facts: Facts) -> list[Block]:
    if not facts["activities"]:
        return [gap(_("No purpose is recorded yet."))]
    blocks: list[Block] = []
    for activity in facts["activities"]:
        blocks.append(Subheading(activity["name"]))
        blocks.append(Bullets(tuple(_purpose_item(p) for p in activity["purposes"])))
    return blocks


def _source_item(category: Facts) -> Paragraph:
    """Where data not given by the person comes from (Art. 14(1)(d), (2)(f))."""
    source, detail = category["source"], category["source_detail"]
    if detail:
        text = _(_SOURCE_SENTENCES.get(source, _SOURCE_SENTENCES[DataSource.THIRD_PARTY]))
        text = text.format(source=clause(detail))
    elif source == DataSource.PUBLIC:
        text = _("Obtained from a publicly accessible source, not yet named.")
    else:
        text = _("Obtained from another source, not yet named.")
    return Paragraph(
        text, lead=_("{category}:").format(category=category["category"]), gap=not detail
    )


def write_data(facts: Facts) -> list[Block]:
    if not facts["activities"]:
        return [gap(_("No category of data is recorded yet."))]
    blocks: list[Block] = []
    for activity in facts["activities"]:
        categories = activity["categories"]
        given = [c["category"] for c in categories if c["source"] == DataSource.DATA_SUBJECT]
        elsewhere = [c for c in categories if c["source"] != DataSource.DATA_SUBJECT]
        special = [c["category"] for c in categories if c["kind"] == DataKind.SPECIAL]
        criminal = [c["category"] for c in categories if c["kind"] == DataKind.CRIMINAL]
        blocks.append(Subheading(activity["name"]))
        if activity["people"]:
            blocks.append(Paragraph(", ".join(activity["people"]), lead=_("Whose data:")))
        if given:
            blocks.append(Paragraph(", ".join(given), lead=_("What you give us:")))
        if elsewhere:
            blocks.append(Paragraph(_("What we obtain from elsewhere:")))
            blocks.append(Bullets(tuple(_source_item(c) for c in elsewhere)))
        if special:
            blocks.append(
                Paragraph(
                    _("{categories}. The law protects these categories more strictly.").format(
                        categories=", ".join(special)
                    ),
                    lead=_("Special categories of data:"),
                )
            )
        if criminal:
            blocks.append(
                Paragraph(
                    ", ".join(criminal), lead=_("Data about criminal convictions or offences:")
                )
            )
    return blocks


def write_obligation(facts: Facts) -> list[Block]:
    if not facts["required"]:
        return [Paragraph(_("Neither the law nor a contract obliges you to give us your data."))]
    blocks: list[Block] = [Paragraph(_("You must give us the following data:"))]
    by_activity: dict[str, list[Paragraph]] = {}
    for entry in facts["required"]:
        why = _(_REQUIREMENT_SENTENCES.get(entry["requirement"], ""))
        if entry["consequence"]:
            then = _("If you do not provide it: {consequence}.").format(
                consequence=clause(entry["consequence"])
            )
        else:
            then = _("What happens if you do not provide it is not yet described.")
        by_activity.setdefault(entry["activity"], []).append(
            Paragraph(
                sentences(why, then),
                lead=_("{category}:").format(category=entry["category"]),
                gap=not entry["consequence"],
            )
        )
    for activity, items in by_activity.items():
        blocks.append(Subheading(activity))
        blocks.append(Bullets(tuple(items)))
    if facts["any_optional"]:
        blocks.append(Paragraph(_("Any other data you give us is up to you.")))
    return blocks
