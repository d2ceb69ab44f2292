"""The completeness check of a privacy policy against Arts. 13, 14, 21(4) and 26(2), item by
item (N01-N18 of GDPR_REFERENCE.md §3).

An item *applies* when the register triggers it (a representative exists, a purpose rests on
legitimate interests, data comes from someone else, ...). It is *present* when the register
holds what the policy must say and the section that says it is in the policy. For a section a
consultant reworded, the item's key values (names, addresses, the authority) must still be in
the new words: a rewording may change the phrasing, not drop the contact people need.
A policy with an applicable item missing goes out marked DRAFT.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.domain.legal_bases import LegalBasis
from app.domain.policy_sections import Section
from app.domain.register_items import DataSource
from app.i18n import N_, _

Facts = Mapping[str, Any]
AllFacts = Mapping[str, Facts]


@dataclass(frozen=True)
class ChecklistRule:
    id: str
    label: str  # marked with N_
    art13: str  # the paragraph of Art. 13 (or of another article for both), "" if none
    art14: str
    section: str
    applies: Callable[[AllFacts], bool]
    complete: Callable[[AllFacts], bool]
    evidence: Callable[[AllFacts], list[str]] = lambda _facts: []


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    label: str  # translated
    article: str  # translated, e.g. "Art. 13(1)(a), 14(1)(a)"
    applies: bool
    present: bool
    section: str

    @property
    def missing(self) -> bool:
        return self.applies and not self.present


def _always(_facts: AllFacts) -> bool:
    return True


def _purposes(facts: AllFacts) -> list[Facts]:
    return [p for a in facts["purposes"]["activities"] for p in a["purposes"]]


def _categories(facts: AllFacts, section: str = "data") -> list[Facts]:
    return [c for a in facts[section]["activities"] for c in a["categories"]]


def _from_elsewhere(facts: AllFacts) -> list[Facts]:
    return [c for c in _categories(facts) if c["source"] != DataSource.DATA_SUBJECT]


def _controller_complete(facts: AllFacts) -> bool:
    c = facts["controller"]
    return bool(c["legal_name"] and (c["address"] or c["email"] or c["phone"]))


def _representative_complete(facts: AllFacts) -> bool:
    r = facts["controller"]["representative"]
    return bool(r and r["name"] and (r["address"] or r["email"] or r["phone"]))


def _dpo_complete(facts: AllFacts) -> bool:
    dpo = facts["controller"]["dpo"]
    return bool(dpo and (dpo["email"] or dpo["phone"]))


def _transfers_complete(facts: AllFacts) -> bool:
    section = facts["transfers"]
    for transfer in section["transfers"]:
        mechanism = transfer["mechanism"]
        if mechanism == "derogation":
            if not transfer["derogation"]:
                return False
        elif mechanism == "adequacy":
            if not transfer["adequacy"]:
                return False
        elif not section["contact"]:  # a copy of the safeguards must be obtainable
            return False
    return True


def _contact(section: str) -> Callable[[AllFacts], list[str]]:
    return lambda facts: [facts[section]["contact"]]


RULES: tuple[ChecklistRule, ...] = (
    ChecklistRule(
        "N01",
        N_("Who the controller is and how to contact it"),
        "13(1)(a)",
        "14(1)(a)",
        "controller",
        _always,
        _controller_complete,
        lambda f: [f["controller"]["legal_name"], f["controller"]["email"]],
    ),
    ChecklistRule(
        "N02",
        N_("The EU representative and how to contact them"),
        "13(1)(a)",
        "14(1)(a)",
        "controller",
        lambda f: bool(
            f["controller"]["representative"] or f["controller"]["needs_representative"]
        ),
        _representative_complete,
        lambda f: [(f["controller"]["representative"] or {}).get("name", "")],
    ),
    ChecklistRule(
        "N03",
        N_("How to contact the data protection officer"),
        "13(1)(b)",
        "14(1)(b)",
        "controller",
        lambda f: f["controller"]["dpo"] is not None,
        _dpo_complete,
        lambda f: [(f["controller"]["dpo"] or {}).get("email", "")],
    ),
    ChecklistRule(
        "N04",
        N_("The purposes of the processing"),
        "13(1)(c)",
        "14(1)(c)",
        "purposes",
        _always,
        lambda f: bool(_purposes(f)),
    ),
    ChecklistRule(
        "N05",
        N_("The legal basis of each purpose"),
        "13(1)(c)",
        "14(1)(c)",
        "purposes",
        _always,
        lambda f: bool(_purposes(f)) and all(p["basis"] in set(LegalBasis) for p in _purposes(f)),
    ),
    ChecklistRule(
        "N06",
        N_("The legitimate interests pursued"),
        "13(1)(d)",
        "14(2)(b)",
        "purposes",
        lambda f: any(p["basis"] == LegalBasis.LEGITIMATE_INTERESTS for p in _purposes(f)),
        lambda f: all(
            p["interest"] for p in _purposes(f) if p["basis"] == LegalBasis.LEGITIMATE_INTERESTS
        ),
    ),
    ChecklistRule(
        "N07",
        N_("The categories of data obtained from others"),
        "",
        "14(1)(d)",
        "data",
        lambda f: f["scope"]["art14"],
        lambda f: bool(_from_elsewhere(f)),
    ),
    ChecklistRule(
        "N08",
        N_("The recipients or categories of recipients"),
        "13(1)(e)",
        "14(1)(e)",
        "recipients",
        lambda f: bool(f["recipients"]["groups"]),
        _always,
    ),
    ChecklistRule(
        "N09",
        N_("Transfers outside the EEA, their safeguards and how to get a copy"),
        "13(1)(f)",
        "14(1)(f)",
        "transfers",
        lambda f: bool(f["transfers"]["transfers"]),
        _transfers_complete,
    ),
    ChecklistRule(
        "N10",
        N_("How long the data is kept, or the criteria for it"),
        "13(2)(a)",
        "14(2)(a)",
        "retention",
        _always,
        lambda f: (
            bool(_categories(f, "retention"))
            and all(c["period"] for c in _categories(f, "retention"))
        ),
    ),
    ChecklistRule(
        "N11",
        N_("The rights of access, rectification, erasure, restriction, objection, portability"),
        "13(2)(b)",
        "14(2)(c)",
        "rights",
        _always,
        lambda f: bool(f["rights"]["contact"]),
        _contact("rights"),
    ),
    ChecklistRule(
        "N12",
        N_("The right to withdraw consent at any time"),
        "13(2)(c)",
        "14(2)(d)",
        "consent",
        lambda f: bool(f["consent"]["purposes"]),
        lambda f: bool(f["consent"]["contact"]),
        _contact("consent"),
    ),
    ChecklistRule(
        "N13",
        N_("The right to complain to a supervisory authority"),
        "13(2)(d)",
        "14(2)(e)",
        "complaint",
        _always,
        lambda f: bool(f["complaint"]["authority"]),
        lambda f: [f["complaint"]["authority"]],
    ),
    ChecklistRule(
        "N14",
        N_("Whether the data must be provided, and what happens if it is not"),
        "13(2)(e)",
        "",
        "obligation",
        lambda f: f["scope"]["art13"],
        lambda f: all(entry["consequence"] for entry in f["obligation"]["required"]),
    ),
    ChecklistRule(
        "N15",
        N_("Where the data comes from, and whether the source is public"),
        "",
        "14(2)(f)",
        "data",
        lambda f: f["scope"]["art14"],
        lambda f: all(c["source_detail"] for c in _from_elsewhere(f)),
    ),
    ChecklistRule(
        "N16",
        N_("Automated decisions: the logic, their significance and consequences"),
        "13(2)(f)",
        "14(2)(g)",
        "automated",
        lambda f: bool(f["automated"]["activities"]),
        lambda f: all(a["logic"] and a["significance"] for a in f["automated"]["activities"]),
    ),
    ChecklistRule(
        "N17",
        N_("The right to object, stated explicitly and apart from the rest"),
        "21(4)",
        "21(4)",
        "objection",
        lambda f: bool(f["objection"]["purposes"] or f["objection"]["marketing"]),
        lambda f: bool(f["objection"]["contact"]),
        _contact("objection"),
    ),
    ChecklistRule(
        "N18",
        N_("The essence of the joint-controller arrangement"),
        "26(2)",
        "26(2)",
        "joint",
        lambda f: bool(f["joint"]["activities"]),
        lambda f: all(a["arrangement"] for a in f["joint"]["activities"]),
    ),
)


def _article(rule: ChecklistRule, scope: Facts) -> str:
    """The article(s) behind an item, as far as the register's data sources call for them."""
    if rule.art13 == rule.art14:
        return _("Art. {paragraph}").format(paragraph=rule.art13)
    wanted = []
    neither = not scope["art13"] and not scope["art14"]
    if rule.art13 and (scope["art13"] or neither or not rule.art14):
        wanted.append(rule.art13)
    if rule.art14 and (scope["art14"] or neither or not rule.art13):
        wanted.append(rule.art14)
    return _("Art. {paragraph}").format(paragraph=", ".join(wanted))


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).casefold()


def _evidence_kept(rule: ChecklistRule, facts: AllFacts, section: Section) -> bool:
    if not section.reworded:
        return True
    words = _normalised(section.text)
    return all(
        _normalised(value.replace("\n", ", ")) in words or _normalised(value) in words
        for value in rule.evidence(facts)
        if value
    )


def check_policy(facts: AllFacts, sections: Sequence[Section]) -> list[ChecklistItem]:
    """Every item of the checklist, whether it applies and whether the policy says it."""
    by_key = {section.key: section for section in sections}
    items = []
    for rule in RULES:
        applies = bool(rule.applies(facts))
        section = by_key.get(rule.section)
        present = (
            section is not None
            and bool(rule.complete(facts))
            and _evidence_kept(rule, facts, section)
        )
        items.append(
            ChecklistItem(
                id=rule.id,
                label=_(rule.label),
                article=_article(rule, facts["scope"]),
                applies=applies,
                present=present,
                section=rule.section,
            )
        )
    return items


def missing_items(items: Sequence[ChecklistItem]) -> list[ChecklistItem]:
    return [item for item in items if item.missing]
