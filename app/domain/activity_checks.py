"""The checks an activity editor shows inline, each naming the rule it comes from.

They never block a save (a record is filled in field by field, so it is incomplete for a
while); they tell the user what the law expects of the record as it stands. The workspace-wide
compliance checks build on the same facts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from app.domain.adequacy import adequacy_decision, needs_chapter_v
from app.domain.countries import country_name
from app.domain.legal_bases import BASES_NEEDING_LAW, LegalBasis
from app.domain.register_items import DataKind, TransferMechanism
from app.i18n import _

REVIEW_INTERVAL = timedelta(days=365)
# Retention written as "as long as necessary" and the like says nothing a person can check.
OPEN_ENDED = re.compile(
    r"as long as (necessary|needed|required)|indefinite|unlimited|forever", re.IGNORECASE
)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Finding:
    field: str  # the activity field the finding is about
    severity: Severity
    message: str  # translated
    rule: str  # the article or guidance it rests on, e.g. "Art. 9(2)"
    code: str = ""  # the compliance rule it is (app/services/compliance), e.g. "art9_condition"
    # The entry concerned, in the user's own words or codes (a purpose, a category, a
    # destination): with `code`, what an accepted finding is matched on, whatever the language.
    subject: str = ""


def _purposes(values: Mapping[str, Any]) -> list[dict[str, Any]]:
    return list(values.get("purposes") or [])


def _check_purposes(values: Mapping[str, Any]) -> list[Finding]:
    findings = []
    purposes = _purposes(values)
    if not purposes:
        findings.append(
            Finding(
                "purposes",
                Severity.ERROR,
                _("Say why the data is processed: an activity needs at least one purpose."),
                "Art. 30(1)(b), Art. 5(1)(b)",
                "no_purpose",
            )
        )
    for position, purpose in enumerate(purposes, start=1):
        name = purpose.get("purpose") or f"#{position}"
        basis = purpose.get("basis")
        if basis in BASES_NEEDING_LAW and not purpose.get("basis_reference"):
            findings.append(
                Finding(
                    "purposes",
                    Severity.WARNING,
                    _("“{purpose}”: name the law that imposes the obligation or the task.").format(
                        purpose=name
                    ),
                    "Art. 6(3)",
                    "basis_law_missing",
                    subject=name,
                )
            )
        if basis == LegalBasis.LEGITIMATE_INTERESTS and not purpose.get("legitimate_interest"):
            findings.append(
                Finding(
                    "purposes",
                    Severity.WARNING,
                    _(
                        "“{purpose}”: state the legitimate interest pursued; people must be told "
                        "it."
                    ).format(purpose=name),
                    "Art. 6(1)(f), Art. 13(1)(d)",
                    "interest_missing",
                    subject=name,
                )
            )
    return findings


def _check_data(values: Mapping[str, Any]) -> list[Finding]:
    findings = []
    purposes = _purposes(values)
    categories = list(values.get("data_categories") or [])
    if not values.get("data_subjects"):
        findings.append(
            Finding(
                "data_subjects",
                Severity.WARNING,
                _("Say whose data this is (customers, employees, …)."),
                "Art. 30(1)(c)",
                "no_data_subjects",
            )
        )
    if not categories:
        findings.append(
            Finding(
                "data_categories",
                Severity.WARNING,
                _("List the categories of personal data processed."),
                "Art. 30(1)(c)",
                "no_data_categories",
            )
        )
    by_key = {p.get("key"): p for p in purposes}
    for category in categories:
        kind = category.get("kind")
        if kind not in (DataKind.SPECIAL, DataKind.CRIMINAL):
            continue
        # The condition belongs on the purposes the category serves; a category linked to no
        # purpose is judged against all of them.
        linked_purposes = [by_key[k] for k in category.get("purpose_keys") or [] if k in by_key]
        judged = linked_purposes or purposes
        name = category.get("category") or "?"
        if kind == DataKind.SPECIAL and not (
            judged and all(p.get("art9_condition") for p in judged)
        ):
            findings.append(
                Finding(
                    "purposes",
                    Severity.ERROR,
                    _(
                        "“{category}” is special-category data: each purpose it serves needs an "
                        "Art. 9 condition as well as an Art. 6 basis."
                    ).format(category=name),
                    "Art. 9(2)",
                    "art9_condition",
                    subject=name,
                )
            )
        if kind == DataKind.CRIMINAL and not (judged and all(p.get("art10_basis") for p in judged)):
            findings.append(
                Finding(
                    "purposes",
                    Severity.ERROR,
                    _(
                        "“{category}” is criminal-offence data: name the official authority or the "
                        "law that authorises it on each purpose it serves."
                    ).format(category=name),
                    "Art. 10",
                    "art10_basis",
                    subject=name,
                )
            )
    keys = {p.get("key") for p in purposes}
    served: set[str] = set()
    for category in categories:
        name = category.get("category") or "?"
        linked = [key for key in category.get("purpose_keys") or [] if key in keys]
        served.update(linked)
        if purposes and not linked:
            findings.append(
                Finding(
                    "data_categories",
                    Severity.WARNING,
                    _("“{category}” serves no purpose: collect only what a purpose needs.").format(
                        category=name
                    ),
                    "Art. 5(1)(c)",
                    "data_without_purpose",
                    subject=name,
                )
            )
        period = str(category.get("retention_period") or "")
        if not period:
            findings.append(
                Finding(
                    "data_categories",
                    Severity.WARNING,
                    _("“{category}”: say how long it is kept, or the criteria that decide.").format(
                        category=name
                    ),
                    "Art. 30(1)(f), Art. 5(1)(e)",
                    "retention_missing",
                    subject=name,
                )
            )
        elif OPEN_ENDED.search(period):
            findings.append(
                Finding(
                    "data_categories",
                    Severity.WARNING,
                    _(
                        "“{category}”: “{period}” is open-ended; give a period or the "
                        "criteria that end it."
                    ).format(category=name, period=period),
                    "Art. 5(1)(e)",
                    "retention_open_ended",
                    subject=name,
                )
            )
    if categories:
        for purpose in purposes:
            if purpose.get("key") not in served:
                findings.append(
                    Finding(
                        "purposes",
                        Severity.INFO,
                        _("“{purpose}” uses none of the listed data categories.").format(
                            purpose=purpose.get("purpose")
                        ),
                        "Art. 5(1)(c)",
                        "purpose_without_data",
                        subject=str(purpose.get("key") or ""),
                    )
                )
    return findings


def _check_transfers(values: Mapping[str, Any]) -> list[Finding]:
    findings = []
    for transfer in values.get("transfers") or []:
        destination = str(transfer.get("destination") or "")
        where = country_name(destination) if len(destination) == 2 else destination
        mechanism = transfer.get("mechanism")
        if not needs_chapter_v(destination):
            findings.append(
                Finding(
                    "transfers",
                    Severity.INFO,
                    _("{where} is in the EEA: sending data there is not a transfer.").format(
                        where=where
                    ),
                    "Art. 44",
                    "eea_transfer",
                    subject=destination,
                )
            )
            continue
        if mechanism == TransferMechanism.ADEQUACY and adequacy_decision(destination) is None:
            findings.append(
                Finding(
                    "transfers",
                    Severity.ERROR,
                    _(
                        "There is no adequacy decision for {where}; choose another safeguard."
                    ).format(where=where),
                    "Art. 45, Art. 46",
                    "no_adequacy",
                    subject=destination,
                )
            )
        if mechanism == TransferMechanism.SCC and not transfer.get("scc_module"):
            findings.append(
                Finding(
                    "transfers",
                    Severity.WARNING,
                    _(
                        "{where}: say which module of the standard contractual clauses applies."
                    ).format(where=where),
                    "Decision (EU) 2021/914",
                    "scc_module",
                    subject=destination,
                )
            )
        if mechanism == TransferMechanism.DEROGATION and not transfer.get("derogation"):
            findings.append(
                Finding(
                    "transfers",
                    Severity.WARNING,
                    _("{where}: say which Art. 49 derogation applies.").format(where=where),
                    "Art. 49(1)",
                    "derogation_missing",
                    subject=destination,
                )
            )
        if mechanism in (
            TransferMechanism.SCC,
            TransferMechanism.BCR,
            TransferMechanism.AD_HOC_CLAUSES,
        ) and not transfer.get("safeguard_document"):
            findings.append(
                Finding(
                    "transfers",
                    Severity.WARNING,
                    _("{where}: record where the safeguard document is kept.").format(where=where),
                    "Art. 30(1)(e)",
                    "safeguard_document",
                    subject=destination,
                )
            )
    return findings


def _check_other(values: Mapping[str, Any], today: date) -> list[Finding]:
    findings = []
    if values.get("joint_controllers") and not values.get("joint_arrangement"):
        findings.append(
            Finding(
                "joint_arrangement",
                Severity.WARNING,
                _("Describe the essence of the arrangement with the joint controllers."),
                "Art. 26(2)",
                "joint_arrangement",
            )
        )
    if values.get("automated_decisions") and not values.get("automated_logic"):
        findings.append(
            Finding(
                "automated_logic",
                Severity.WARNING,
                _("Explain the logic of the automated decision; people must be told it."),
                "Art. 13(2)(f), Art. 22",
                "automated_logic",
            )
        )
    last, following = values.get("last_review"), values.get("next_review")
    if last and following and following < last:
        findings.append(
            Finding(
                "next_review",
                Severity.ERROR,
                _("The next review is before the last one."),
                "Art. 24(1)",
                "review_dates",
            )
        )
    elif following and following < today:
        findings.append(
            Finding(
                "next_review",
                Severity.WARNING,
                _("The review planned for {date} is overdue.").format(date=following.isoformat()),
                "Art. 24(1)",
                "review_overdue",
            )
        )
    elif last and today - last > REVIEW_INTERVAL and not following:
        findings.append(
            Finding(
                "last_review",
                Severity.WARNING,
                _("Not reviewed for over a year."),
                "Art. 24(1)",
                "review_overdue",
            )
        )
    if not values.get("security_measures") and not values.get("security_notes"):
        findings.append(
            Finding(
                "security_measures",
                Severity.WARNING,
                _("Describe the security measures, in general terms."),
                "Art. 30(1)(g), Art. 32",
                "security_missing",
            )
        )
    return findings


def activity_findings(values: Mapping[str, Any], today: date) -> list[Finding]:
    """Every finding for one activity's values, errors first."""
    findings = (
        _check_purposes(values)
        + _check_data(values)
        + _check_transfers(values)
        + _check_other(values, today)
    )
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    return sorted(findings, key=lambda finding: order[finding.severity])
