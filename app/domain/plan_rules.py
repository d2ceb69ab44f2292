"""What the collection-plan wizard checks, page by page, and the legal-basis questions.

Each wizard page has its problems (plan_problems): the page cannot be left, and a plan cannot
be completed, while one remains. Minimisation (Art. 5(1)(c)) is checked against the field
catalogue (resources/knowledge/collection_fields.json): a piece of data is flagged when no
purpose uses it, or when none of its purposes usually needs it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from functools import cache
from typing import Any

from app.domain.collection_plan import PLAN_FIELDS, Decision, PurposeType
from app.domain.legal_bases import LegalBasis
from app.domain.register_items import DataKind
from app.domain.screening import screen
from app.i18n import N_, _
from app.resources import load_json


class PlanStep(IntEnum):
    GOAL = 1
    DATA = 2
    PURPOSES = 3
    MINIMISATION = 4
    SHARING = 5
    SECURITY = 6
    RISKS = 7
    REVIEW = 8


@dataclass(frozen=True)
class BasisQuestion:
    key: str
    question: str  # marked with N_
    basis: LegalBasis


# Asked in this order; the first "yes" gives the basis, and consent is what remains. Vital
# interests and public task are rare for a business and are offered among "other bases".
BASIS_QUESTIONS = (
    BasisQuestion(
        "contract",
        N_(
            "Is it needed to deliver what the person ordered or asked for, or to prepare a "
            "contract they asked for?"
        ),
        LegalBasis.CONTRACT,
    ),
    BasisQuestion(
        "law",
        N_("Does a law require you to do it, such as tax or accounting law?"),
        LegalBasis.LEGAL_OBLIGATION,
    ),
    BasisQuestion(
        "expected",
        N_(
            "Would the person reasonably expect it, with little effect on them, and do you "
            "have a real business interest in it?"
        ),
        LegalBasis.LEGITIMATE_INTERESTS,
    ),
)

# What choosing each basis means for the business, shown beside the choice.
BASIS_IMPLICATIONS = {
    LegalBasis.CONSENT: N_(
        "Ask for a clear opt-in (no pre-ticked box, separate from your terms), keep proof of "
        "it, and let people withdraw it as easily as they gave it. Without consent, you may "
        "not process the data for this purpose."
    ),
    LegalBasis.CONTRACT: N_(
        "You need no separate permission, but only for what the contract really needs; "
        "anything extra needs its own basis."
    ),
    LegalBasis.LEGAL_OBLIGATION: N_(
        "Name the law. People cannot object or have the data erased while the law requires "
        "you to keep it."
    ),
    LegalBasis.VITAL_INTERESTS: N_(
        "Only to protect someone's life or health when no other basis fits, e.g. in an emergency."
    ),
    LegalBasis.PUBLIC_TASK: N_(
        "Only for a task in the public interest or official authority that a law gives you."
    ),
    LegalBasis.LEGITIMATE_INTERESTS: N_(
        "Write down your interest and a balancing test showing people's rights do not "
        "override it. People can object at any time, and must be told so."
    ),
}

# The basis a purpose of each kind usually rests on: the wizard's starting suggestion.
TYPICAL_BASIS = {
    PurposeType.DELIVER: LegalBasis.CONTRACT,
    PurposeType.ACCOUNT: LegalBasis.CONTRACT,
    PurposeType.PAYMENT: LegalBasis.CONTRACT,
    PurposeType.NEWSLETTER: LegalBasis.CONSENT,
    PurposeType.PERSONALISED_MARKETING: LegalBasis.CONSENT,
    PurposeType.LOYALTY: LegalBasis.CONTRACT,
    PurposeType.SUPPORT: LegalBasis.CONTRACT,
    PurposeType.LEGAL_RECORDS: LegalBasis.LEGAL_OBLIGATION,
    PurposeType.AGE_CHECK: LegalBasis.LEGAL_OBLIGATION,
    PurposeType.SECURITY: LegalBasis.LEGITIMATE_INTERESTS,
    PurposeType.ANALYTICS: LegalBasis.LEGITIMATE_INTERESTS,
    PurposeType.RECRUITMENT: LegalBasis.CONTRACT,
    PurposeType.EMPLOYMENT: LegalBasis.CONTRACT,
}


def suggest_basis(answers: Mapping[str, bool]) -> LegalBasis:
    """The basis the questions lead to: the first question answered yes, else consent."""
    for question in BASIS_QUESTIONS:
        if answers.get(question.key):
            return question.basis
    return LegalBasis.CONSENT


@dataclass(frozen=True)
class FieldEntry:
    """A piece of data of the catalogue, with the purposes that usually need it."""

    key: str
    label: str
    description: str
    category: str
    kind: DataKind
    needed_for: frozenset[str]
    question: str


@cache
def field_catalogue() -> dict[str, FieldEntry]:
    entries = load_json("knowledge/collection_fields.json")["entries"]
    return {
        e["key"]: FieldEntry(
            e["key"],
            e["label"],
            e.get("description", ""),
            e.get("category", ""),
            DataKind(e.get("kind", "regular")),
            frozenset(e.get("needed_for", [])),
            e.get("question", ""),
        )
        for e in entries
    }


@dataclass(frozen=True)
class MinimisationFlag:
    data_key: str
    label: str
    reason: str  # translated: why the data looks unneeded
    resolved: bool  # a justification is written (or the data was removed)
    unused: bool = False  # no purpose uses it at all (the purposes page asks for one first)


def _kept(values: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [d for d in values.get("data") or [] if d.get("decision", "keep") == Decision.KEEP]


def minimisation_flags(values: Mapping[str, Any]) -> list[MinimisationFlag]:
    """'Do you really need this?': every kept piece of data no purpose needs."""
    purposes = {p.get("key"): p for p in values.get("purposes") or []}
    catalogue = field_catalogue()
    flags = []
    for item in _kept(values):
        served = [purposes[k] for k in item.get("purpose_keys") or [] if k in purposes]
        label = str(item.get("label", ""))
        resolved = bool(str(item.get("justification") or "").strip())
        if not served:
            reason = _("No purpose uses “{label}”. Data without a purpose must not be collected.")
            flags.append(
                MinimisationFlag(item["key"], label, reason.format(label=label), resolved, True)
            )
            continue
        entry = catalogue.get(str(item.get("catalogue_key") or ""))
        types = {p.get("purpose_type", PurposeType.OTHER.value) for p in served}
        if entry is None or PurposeType.OTHER.value in types or types & entry.needed_for:
            continue
        reason = entry.question or _(
            "None of its purposes usually needs “{label}”. Do you really need it?"
        ).format(label=label)
        flags.append(MinimisationFlag(item["key"], label, reason, resolved))
    return flags


@dataclass(frozen=True)
class Problem:
    field: str  # the plan field concerned
    message: str  # translated, names the entry

    def __str__(self) -> str:
        return f"{_(PLAN_FIELDS[self.field].label)}: {self.message}"


def _entry(position: int, name: str) -> str:
    return _("entry {position} ({name})").format(position=position, name=name)


def _goal_problems(values: Mapping[str, Any]) -> list[Problem]:
    problems = []
    for name in ("name", "objective", "channel"):
        if not str(values.get(name) or "").strip():
            problems.append(Problem(name, _("is required")))
    return problems


def _data_problems(values: Mapping[str, Any]) -> list[Problem]:
    if not _kept(values):
        return [Problem("data", _("choose at least one piece of data to collect"))]
    return []


def _purpose_problems(values: Mapping[str, Any]) -> list[Problem]:
    purposes = list(values.get("purposes") or [])
    if not purposes:
        return [Problem("purposes", _("add at least one purpose: why do you need the data?"))]
    problems = []
    for position, purpose in enumerate(purposes, start=1):
        where = _entry(position, str(purpose.get("purpose", "")))
        basis = purpose.get("basis")
        if not basis:
            problems.append(
                Problem("purposes", _("{where}: choose a legal basis").format(where=where))
            )
        elif basis == LegalBasis.LEGITIMATE_INTERESTS and not purpose.get("legitimate_interest"):
            message = _("{where}: describe the interest you pursue").format(where=where)
            problems.append(Problem("purposes", message))
        elif basis == LegalBasis.LEGAL_OBLIGATION and not purpose.get("basis_reference"):
            message = _("{where}: name the law that requires it").format(where=where)
            problems.append(Problem("purposes", message))
    by_key = {p.get("key"): (position, p) for position, p in enumerate(purposes, start=1)}
    for position, item in enumerate(values.get("data") or [], start=1):
        if item.get("decision", "keep") != Decision.KEEP:
            continue
        where = _entry(position, str(item.get("label", "")))
        served = [by_key[k] for k in item.get("purpose_keys") or [] if k in by_key]
        if not served:
            message = _("{where}: choose the purposes it serves, or remove it").format(where=where)
            problems.append(Problem("data", message))
        for _position, purpose in served:
            name = purpose.get("purpose", "")
            if item.get("kind") == DataKind.SPECIAL and not purpose.get("art9_condition"):
                message = _(
                    "{where} is special-category data: purpose “{purpose}” needs an Art. 9 "
                    "condition besides its legal basis"
                ).format(where=where, purpose=name)
                problems.append(Problem("data", message))
            if item.get("kind") == DataKind.CRIMINAL and not purpose.get("art10_basis"):
                message = _(
                    "{where} is about criminal offences: purpose “{purpose}” needs the law "
                    "that authorises it (Art. 10)"
                ).format(where=where, purpose=name)
                problems.append(Problem("data", message))
    return problems


def _minimisation_problems(values: Mapping[str, Any]) -> list[Problem]:
    return [
        Problem(
            "data",
            _("“{label}”: remove it or write why it is needed. {reason}").format(
                label=flag.label, reason=flag.reason
            ),
        )
        for flag in minimisation_flags(values)
        if not flag.resolved and not flag.unused
    ]


def _sharing_problems(values: Mapping[str, Any]) -> list[Problem]:
    return [
        Problem(
            "data",
            _("{where}: say how long it is kept").format(
                where=_entry(position, str(item.get("label", "")))
            ),
        )
        for position, item in enumerate(values.get("data") or [], start=1)
        if item.get("decision", "keep") == Decision.KEEP
        and not str(item.get("retention_period") or "").strip()
    ]


def _security_problems(values: Mapping[str, Any]) -> list[Problem]:
    problems = []
    for name in ("information_method", "rights_channel"):
        if not str(values.get(name) or "").strip():
            problems.append(Problem(name, _("is required")))
    return problems


def _risk_problems(values: Mapping[str, Any]) -> list[Problem]:
    result = screen(values.get("screening") or [])
    if result.needs_justification and not str(values.get("screening_notes") or "").strip():
        return [
            Problem(
                "screening_notes",
                _(
                    "two or more risk criteria apply: write down whether you will carry out a "
                    "DPIA before collecting, or why you decided it is not needed."
                ),
            )
        ]
    return []


_CHECKS = {
    PlanStep.GOAL: _goal_problems,
    PlanStep.DATA: _data_problems,
    PlanStep.PURPOSES: _purpose_problems,
    PlanStep.MINIMISATION: _minimisation_problems,
    PlanStep.SHARING: _sharing_problems,
    PlanStep.SECURITY: _security_problems,
    PlanStep.RISKS: _risk_problems,
}


def plan_problems(
    values: Mapping[str, Any], steps: Sequence[PlanStep] = tuple(PlanStep)
) -> list[Problem]:
    """What still stops the given wizard pages (all of them: the plan) from being complete."""
    problems: list[Problem] = []
    for step in steps:
        check = _CHECKS.get(step)
        if check is not None:
            problems += check(values)
    return problems
