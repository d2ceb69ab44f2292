"""Which columns a file has and what they mean: our own layout, the UK ICO's documentation
template for controllers, or a user's column mapping.

Headings are compared case-, accent-, space- and punctuation-insensitively, and the heading
row is looked for in the first rows of a sheet (the ICO template has a title block above it).

The ICO headings below are those of the ICO's "Documentation template for controllers"
(sheet "Template", heading row 9, columns A to AD), with the variants seen in copies of it.

A column mapping is a JSON object {"our field": "their column heading"}. Our fields are the
activity's fields by name ("name", "description", "owner", "controller", "status",
"data_subjects", "last_review", ...; see `mappable_fields`) and the parts of list entries as
"list.part": "purposes.purpose", "purposes.basis", "data_categories.category",
"data_categories.retention_period", "recipients.name", "recipients.type", "recipients.vendor",
"transfers.destination", "transfers.mechanism", ... A cell mapped to a part may hold several
entries, one per line (or separated by ";"); the n-th entries of the parts of one list make
its n-th entry, and a single value applies to every entry (one legal basis for three
purposes, say).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from app.domain.activity import ACTIVITY_FIELDS
from app.domain.fields import FieldKind, FieldSpec
from app.domain.processor_activity import PROCESSOR_ACTIVITY_FIELDS
from app.domain.vendor import VENDOR_FIELDS
from app.i18n import N_, _
from app.services.register_io.wording import normalise


class Layout(StrEnum):
    OURS = "ours"
    ICO = "ico"
    MAPPED = "mapped"
    UNKNOWN = "unknown"


class SheetKind(StrEnum):
    ACTIVITIES = "activities"
    VENDORS = "vendors"
    PROCESSOR_ACTIVITIES = "processor_activities"


SHEET_FIELDS: dict[SheetKind, dict[str, FieldSpec]] = {
    SheetKind.ACTIVITIES: ACTIVITY_FIELDS,
    SheetKind.VENDORS: VENDOR_FIELDS,
    SheetKind.PROCESSOR_ACTIVITIES: PROCESSOR_ACTIVITY_FIELDS,
}
SHEET_TITLES = {
    SheetKind.ACTIVITIES: N_("Activities"),
    SheetKind.VENDORS: N_("Vendors"),
    SheetKind.PROCESSOR_ACTIVITIES: N_("Processor records"),
}
# Reference fields are written as names: the owner as "Name <e-mail>", organisations by
# their legal name.
REFERENCE_ALIASES = {
    "owner_id": "owner",
    "controller_id": "controller",
    "processor_id": "processor",
}

HEADER_SEARCH_ROWS = 30


def heading_key(text: Any) -> str:
    """A heading as compared: normalised, without "(if applicable)" and a leading "the"."""
    words = normalise(str(text or ""))
    words = re.sub(r"\b(if applicable|if possible)$", "", words).strip()
    return re.sub(r"^the\s+", "", words)


def our_headings(kind: SheetKind) -> dict[str, str]:
    """Field name -> the heading our export writes (the field's label, translated)."""
    return {name: _(spec.label) for name, spec in SHEET_FIELDS[kind].items()}


def _our_heading_keys(kind: SheetKind) -> dict[str, str]:
    keys: dict[str, str] = {}
    for name, spec in SHEET_FIELDS[kind].items():
        alias = REFERENCE_ALIASES.get(name, name)
        for text in (spec.label, _(spec.label), name, alias):
            keys.setdefault(heading_key(text), name)
    return keys


ICO_HEADINGS: dict[str, tuple[str, ...]] = {
    "business_function": ("Business function",),
    "purpose": ("Purpose of processing", "Purposes of processing"),
    "joint_controller": (
        "Name and contact details of joint controller (if applicable)",
        "Joint controller",
    ),
    "individuals": ("Categories of individuals",),
    "personal_data": ("Categories of personal data",),
    "recipients": ("Categories of recipients",),
    "processor_contract": ("Link to contract with processor",),
    "third_countries": (
        "Names of third countries or international organisations that personal data are "
        "transferred to (if applicable)",
    ),
    "safeguards": (
        "Safeguards for exceptional transfers of personal data to third countries or "
        "international organisations (if applicable)",
    ),
    "retention": ("Retention schedule (if possible)",),
    "security": (
        "General description of technical and organisational security measures (if possible)",
    ),
    "article6": ("Article 6 lawful basis for processing personal data",),
    "article9": (
        "Article 9 condition for processing special category data",
        "Article 9 basis for processing special category data",
    ),
    "legitimate_interests": ("Legitimate interests for the processing (if applicable)",),
    "lia_link": ("Link to record of legitimate interests assessment (if applicable)",),
    "rights": ("Rights available to individuals",),
    "automated": ("Existence of automated decision-making, including profiling (if applicable)",),
    "source": ("The source of the personal data (if applicable)", "Source of personal data"),
    "consent_link": ("Link to record of consent",),
    "location": ("Location of personal data",),
    "dpia_required": ("Data Protection Impact Assessment required?",),
    "dpia_progress": ("Data Protection Impact Assessment progress",),
    "dpia_link": ("Link to Data Protection Impact Assessment",),
    "breach": ("Has a personal data breach occurred?", "Personal data breach?"),
    "breach_link": ("Link to record of personal data breach",),
    "dpa_schedule1": (
        "Data Protection Act 2018 Schedule 1 condition for processing",
        "Data Protection Act 2018 Schedule condition for processing",
    ),
    "gdpr_article6": ("GDPR Article 6 lawful basis for processing",),
    "retention_policy_link": ("Link to retention and erasure policy document",),
    "retention_policy_followed": (
        "Is personal data retained and erased in accordance with the policy document?",
    ),
    "policy_reasons": ("Reasons for not adhering to policy document (if applicable)",),
}
_ICO_KEYS = {heading_key(text): key for key, texts in ICO_HEADINGS.items() for text in texts}


@dataclass(frozen=True)
class Column:
    index: int  # position in the row, from 0
    heading: str  # as the file writes it
    target: str  # our field, item path ("purposes.basis") or ICO key


@dataclass(frozen=True)
class SheetLayout:
    layout: Layout
    kind: SheetKind
    header_row: int  # the row number the user sees
    columns: list[Column]
    headings: list[str]  # every non-empty heading of the header row, in order


def _match(row: Sequence[Any], keys: Mapping[str, str]) -> list[Column]:
    found: dict[str, Column] = {}
    for index, cell in enumerate(row):
        target = keys.get(heading_key(cell))
        if target is not None and target not in found:  # the first of two equal headings
            found[target] = Column(index, str(cell).strip(), target)
    return list(found.values())


def _headings(row: Sequence[Any]) -> list[str]:
    return [str(cell).strip() for cell in row if cell is not None and str(cell).strip()]


def detect_layout(
    rows: Sequence[tuple[int, Sequence[Any]]], mapping: Mapping[str, str] | None = None
) -> SheetLayout | None:
    """Find the heading row among the first rows and what the columns mean; None when the
    rows look like nothing we know (the caller asks for a mapping)."""
    best: tuple[int, SheetLayout] | None = None
    for number, row in rows[:HEADER_SEARCH_ROWS]:
        candidates: list[SheetLayout] = []
        if mapping is not None:
            wanted = {heading_key(heading): path for path, heading in mapping.items()}
            columns = _match(row, wanted)
            candidates.append(
                SheetLayout(Layout.MAPPED, SheetKind.ACTIVITIES, number, columns, _headings(row))
            )
        else:
            for kind in SheetKind:
                columns = _match(row, _our_heading_keys(kind))
                candidates.append(SheetLayout(Layout.OURS, kind, number, columns, _headings(row)))
            columns = _match(row, _ICO_KEYS)
            candidates.append(
                SheetLayout(Layout.ICO, SheetKind.ACTIVITIES, number, columns, _headings(row))
            )
        for candidate in candidates:
            score = len(candidate.columns)
            if _plausible(candidate) and (best is None or score > best[0]):
                best = (score, candidate)
    return best[1] if best else None


# The column each kind of our sheets cannot do without.
_KEY_COLUMNS = {
    SheetKind.ACTIVITIES: "name",
    SheetKind.VENDORS: "name",
    SheetKind.PROCESSOR_ACTIVITIES: "controller_name",
}


def _plausible(candidate: SheetLayout) -> bool:
    """Enough matching headings to be sure: two of ours including the key column (a minimal
    file has Reference and Name), three of the ICO's, one mapped."""
    score = len(candidate.columns)
    if candidate.layout is Layout.MAPPED:
        return score >= 1
    if candidate.layout is Layout.ICO:
        return score >= 3
    targets = {column.target for column in candidate.columns}
    return score >= 2 and _KEY_COLUMNS[candidate.kind] in targets


def first_headings(rows: Sequence[tuple[int, Sequence[Any]]]) -> tuple[int, list[str]]:
    """For an unknown layout: the first row with at least two filled cells, as headings."""
    for number, row in rows[:HEADER_SEARCH_ROWS]:
        headings = _headings(row)
        if len(headings) >= 2:
            return number, headings
    return 0, []


# -- column mappings ---------------------------------------------------------------------

_NOT_MAPPABLE_PARTS = {"key", "purpose_keys", "vendor_id"}


def mappable_fields() -> dict[str, str]:
    """Every target a column can be mapped to -> its label in the user's language."""
    targets: dict[str, str] = {}
    for name, spec in ACTIVITY_FIELDS.items():
        targets[REFERENCE_ALIASES.get(name, name)] = _(spec.label)
        if spec.kind is FieldKind.ITEMS and spec.item_model is not None:
            for part, info in spec.item_model.model_fields.items():
                if part in _NOT_MAPPABLE_PARTS:
                    continue
                title = _(info.title) if info.title else part
                targets[f"{name}.{part}"] = f"{_(spec.label)}: {title}"
            if name in ("recipients", "transfers"):
                targets[f"{name}.vendor"] = f"{_(spec.label)}: {_('Vendor')}"
    return targets


def check_mapping(mapping: Any) -> list[str]:
    """What is wrong with a mapping given by the user (empty when it is usable)."""
    if not isinstance(mapping, dict) or not mapping:
        return [_('a column mapping is a JSON object {"our field": "their column heading"}')]
    known = mappable_fields()
    problems = []
    for path, heading in mapping.items():
        if path not in known:
            problems.append(
                _("“{path}” is not a field we know (e.g. name, purposes.basis)").format(path=path)
            )
        elif not isinstance(heading, str) or not heading.strip():
            problems.append(_("“{path}” must name a column heading as text").format(path=path))
    if not problems and not {"name", "purposes.purpose"} & set(mapping):
        problems.append(_("map a column to “name” (or “purposes.purpose”): every activity has one"))
    return problems


def suggest_mapping(headings: Sequence[str]) -> dict[str, str]:
    """Obvious matches for an unknown layout: our field -> their heading."""
    targets = mappable_fields()
    by_key: dict[str, str] = {}
    for path, label in targets.items():
        by_key.setdefault(heading_key(label), path)
        by_key.setdefault(heading_key(path.replace(".", " ").replace("_", " ")), path)
        by_key.setdefault(heading_key(label.split(": ")[-1]), path)
    for name, spec in ACTIVITY_FIELDS.items():
        by_key.setdefault(heading_key(spec.label), REFERENCE_ALIASES.get(name, name))
    synonyms = {
        "activity": "name",
        "processing activity": "name",
        "title": "name",
        "owner": "owner",
        "purpose": "purposes.purpose",
        "legal basis": "purposes.basis",
        "lawful basis": "purposes.basis",
        "data subjects": "data_subjects",
        "retention": "data_categories.retention_period",
        "retention period": "data_categories.retention_period",
        "data categories": "data_categories.category",
        "personal data": "data_categories.category",
        "recipients": "recipients.name",
        "countries": "transfers.destination",
        "third countries": "transfers.destination",
        "safeguards": "transfers.mechanism",
    }
    for words, path in synonyms.items():
        by_key.setdefault(words, path)
    suggestion: dict[str, str] = {}
    for heading in headings:
        found = by_key.get(heading_key(heading))
        if found is not None and found not in suggestion:
            suggestion[found] = heading
    return suggestion
