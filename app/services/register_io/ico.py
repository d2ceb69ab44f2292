"""Rows of the UK ICO's "Documentation template for controllers" -> raw activities.

The template has one row per processing activity and free-text cells. What maps:

- Purpose of processing -> the activity's name (its first line) and its purposes, one per
  lawful basis in "Article 6 lawful basis" (or one per line when the lines pair up);
  Article 9 condition and Legitimate interests go onto those purposes.
- Categories of individuals -> categories of people; Categories of personal data -> data
  categories, each kept for the "Retention schedule" and taken from "The source of the
  personal data"; Categories of recipients -> recipients (their type guessed from the
  wording, which the report asks the user to check); third countries + safeguards ->
  transfers; security description -> other security measures; automated decision-making ->
  the yes/no and its logic; Location of personal data -> systems; joint controller -> joint
  controllers.
- Every other column (business function, links to contracts, consent records, LIAs, DPIAs,
  breaches, rights, DPA 2018 Schedule 1) is kept as "Heading: value" lines in the
  description, so nothing the user wrote is lost.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.domain.adequacy import adequacy_decision
from app.errors import InvalidValue
from app.i18n import _
from app.services.register_io.cells import CellTooLarge, cell_text, split_lines, split_text_list
from app.services.register_io.layouts import SheetKind, SheetLayout
from app.services.register_io.problems import Problems
from app.services.register_io.rows import RawRecord, guess_recipient_type
from app.services.register_io.wording import (
    is_blank,
    normalise,
    parse_art9,
    parse_legal_bases,
    parse_mechanism,
    transfer_destination,
)

# Columns with no field of their own, kept in the description (in the template's order).
_DESCRIPTION_COLUMNS = (
    "business_function",
    "processor_contract",
    "lia_link",
    "rights",
    "consent_link",
    "dpia_required",
    "dpia_progress",
    "dpia_link",
    "breach",
    "breach_link",
    "dpa_schedule1",
    "retention_policy_link",
    "retention_policy_followed",
    "policy_reasons",
)
# Columns where "No" is an answer worth keeping, not an empty cell.
_ANSWERS = frozenset({"business_function", "dpia_required", "breach", "retention_policy_followed"})
_FROM_THE_PERSON = (
    "data subject",
    "individual",
    "themselves",
    "directly",
    "the person",
    "employee",
    "customer",
    "applicant",
    "candidate",
    "member",
    "patient",
    "student",
    "user",
)


def _split(text: str) -> list[str]:
    return split_text_list(text, escaped=False) if text and not is_blank(text) else []


def ico_record(
    layout: SheetLayout, number: int | str, cells: Sequence[Any], problems: Problems
) -> RawRecord | None:
    record = RawRecord(SheetKind.ACTIVITIES, number, strict_destinations=True)
    headings = {column.target: column.heading for column in layout.columns}
    texts: dict[str, str] = {}
    for column in layout.columns:
        raw = cells[column.index] if column.index < len(cells) else None
        try:
            texts[column.target] = cell_text(raw).strip()
        except CellTooLarge as problem:
            problems.add(number, column.heading, str(problem))
            texts[column.target] = ""
    if not any(texts.values()):
        return None

    def text(key: str) -> str:
        return texts.get(key, "")

    def heading(key: str) -> str:
        return headings.get(key, key)

    values = record.values
    columns = record.columns
    purpose_text = text("purpose")
    name = (split_lines(purpose_text) or [text("business_function")])[0].strip()
    values["name"] = name[:299] + "…" if len(name) > 300 else name
    columns["name"] = heading("purpose" if purpose_text else "business_function")

    if not is_blank(text("joint_controller")):
        values["joint_controllers"] = text("joint_controller")
        columns["joint_controllers"] = heading("joint_controller")

    values["purposes"] = _purposes(texts, headings, number, problems)
    columns["purposes"] = heading("article6" if "article6" in headings else "purpose")

    values["data_subjects"] = _split(text("individuals"))
    columns["data_subjects"] = heading("individuals")

    categories = []
    source = text("source") if not is_blank(text("source")) else ""
    for category in _split(text("personal_data")):
        entry: dict[str, Any] = {"category": category}
        if text("retention") and not is_blank(text("retention")):
            entry["retention_period"] = text("retention")
        if source:
            entry["source_detail"] = source
            words = normalise(source)
            if not any(hint in words for hint in _FROM_THE_PERSON):
                entry["source"] = "public" if "public" in words else "third_party"
        categories.append(entry)
    values["data_categories"] = categories
    columns["data_categories"] = heading("personal_data")

    values["recipients"] = [
        {"name": name, "type": guess_recipient_type(name)} for name in _split(text("recipients"))
    ]
    columns["recipients"] = heading("recipients")

    values["transfers"] = _transfers(texts, headings, number, problems)
    columns["transfers"] = heading("third_countries")

    if not is_blank(text("security")):
        values["security_notes"] = text("security")
        columns["security_notes"] = heading("security")

    automated = text("automated")
    if automated and not is_blank(automated):
        words = normalise(automated)
        values["automated_decisions"] = not words.startswith("no")
        rest = automated[3:].lstrip(" -–:,.") if words.startswith("yes") else automated
        if values["automated_decisions"] and rest:
            values["automated_logic"] = rest
        columns["automated_decisions"] = columns["automated_logic"] = heading("automated")

    values["systems"] = _split(text("location"))
    columns["systems"] = heading("location")

    lines = [
        f"{heading(key)}: {text(key)}"
        for key in _DESCRIPTION_COLUMNS
        if text(key) and (key in _ANSWERS or not is_blank(text(key)))
    ]
    if categories == [] and text("retention") and not is_blank(text("retention")):
        lines.append(f"{heading('retention')}: {text('retention')}")
    if len(split_lines(purpose_text)) > 1 or len(purpose_text) > 300:
        lines.insert(0, f"{heading('purpose')}: {purpose_text}")
    if lines:
        values["description"] = "\n".join(lines)
        columns["description"] = heading("business_function")
    return record


def _purposes(
    texts: dict[str, str], headings: dict[str, str], number: int | str, problems: Problems
) -> list[dict[str, Any]]:
    purpose_text = texts.get("purpose", "")
    basis_key = "article6" if texts.get("article6") else "gdpr_article6"
    basis_text = texts.get(basis_key, "")
    if not purpose_text:
        return []
    basis_heading = headings.get(basis_key) or headings.get("article6") or basis_key
    if not basis_text or is_blank(basis_text):
        problems.add(
            number,
            basis_heading,
            _("is empty; every purpose needs its lawful basis (e.g. Contract, Consent)"),
        )
        return []
    try:
        bases = parse_legal_bases(basis_text)
    except InvalidValue as problem:
        problems.add(number, basis_heading, str(problem))
        return []
    lines = [line.strip() for line in split_lines(purpose_text)]
    if len(lines) == len(bases) > 1:
        pairs = list(zip(lines, bases, strict=True))
    else:
        pairs = [(purpose_text[:500], basis) for basis in bases]
    extra: dict[str, Any] = {}
    art9 = texts.get("article9", "")
    if art9 and not is_blank(art9):
        try:
            extra["art9_condition"] = parse_art9(art9)
        except InvalidValue as problem:
            problems.add(number, headings.get("article9", "article9"), str(problem))
    interests = texts.get("legitimate_interests", "")
    purposes = []
    for purpose, basis in pairs:
        entry = {"purpose": purpose, "basis": basis, **extra}
        if interests and not is_blank(interests) and (basis == "6.1.f" or len(pairs) == 1):
            entry["legitimate_interest"] = interests[:2000]
        purposes.append(entry)
    return purposes


def _transfers(
    texts: dict[str, str], headings: dict[str, str], number: int | str, problems: Problems
) -> list[dict[str, Any]]:
    destinations = _split(texts.get("third_countries", ""))
    if not destinations:
        return []
    countries_heading = headings.get("third_countries", "third_countries")
    safeguards = texts.get("safeguards", "")
    mechanism: str | None = None
    if safeguards and not is_blank(safeguards):
        try:
            mechanism = parse_mechanism(safeguards)
        except InvalidValue:
            problems.add(
                number,
                headings.get("safeguards", "safeguards"),
                _(
                    "cannot tell the safeguard from “{value}” (expected e.g. Standard "
                    "contractual clauses, Adequacy decision, Binding corporate rules)"
                ).format(value=safeguards[:80]),
            )
            return []
    transfers = []
    for destination in destinations:
        try:
            code = transfer_destination(destination)
        except InvalidValue as problem:
            problems.add(number, countries_heading, str(problem))
            continue
        chosen = mechanism or ("adequacy" if adequacy_decision(code) else None)
        if chosen is None:
            problems.add(
                number,
                headings.get("safeguards", countries_heading),
                _(
                    "the transfer to {destination} needs its safeguard (e.g. Standard contractual "
                    "clauses)"
                ).format(destination=destination),
            )
            continue
        entry = {"destination": code, "mechanism": chosen}
        if safeguards and not is_blank(safeguards):
            entry["safeguard_document"] = safeguards[:2000]
        transfers.append(entry)
    return transfers
