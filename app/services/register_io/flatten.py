"""How the list fields of an activity fit in one spreadsheet cell, and back.

Our own spreadsheet layout (XLSX and CSV) has one row per activity. A list of structured
entries is one cell with one line per entry, the parts of an entry separated by " | "
(a "|", "\\" or line break inside a part is written "\\|", "\\\\", "\\n"). Choices are
written as their codes; on import the codes, the labels and the usual words are accepted.
Empty trailing parts may be left out.

- Purposes: ``purpose | legal basis | law relied on | interest pursued | Art. 9 condition |
  Art. 10 authorisation | national law``, e.g. ``Order fulfilment | 6.1.b``.
- Categories of data: ``category | kind | source | which source | must the person provide it |
  if not provided | purposes served | kept for | counted from | then``, where "purposes
  served" lists purpose numbers (1 = the first line of Purposes), e.g.
  ``Contact details | regular | data_subject | | contractual | | 1, 2 | 3 years |
  end of the contract | delete``.
- Recipients: ``name | type | vendor``, e.g. ``Cloudy Hosting | processor | Cloudy Hosting``.
- Transfers: ``destination | safeguard | importer | vendor | SCC module | derogation |
  where the safeguard document is``, e.g. ``US | scc | Cloudy Inc. | Cloudy Hosting | 2``.
- Sub-processors (vendor sheet): ``name | country | service``.
- Text lists (categories of people, security measures, systems): entries joined with "; ".
- The business owner is ``Name <e-mail>``; the controller its legal name; booleans Yes/No;
  dates YYYY-MM-DD.

The one thing not carried: a purpose's internal key. Data categories point at purposes by
number, and the import gives the purposes new keys, keeping every link.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from enum import StrEnum
from typing import Any

from app.domain.fields import FieldKind, FieldSpec
from app.domain.legal_bases import Derogation
from app.domain.register_items import (
    DataKind,
    DataSource,
    EndAction,
    ProvisionRequirement,
    RecipientType,
    SccModule,
    new_key,
)
from app.errors import InvalidValue
from app.i18n import _
from app.services.register_io.cells import (
    join_parts,
    join_text_list,
    split_lines,
    split_parts,
    split_text_list,
)
from app.services.register_io.dates import parse_date
from app.services.register_io.wording import (
    parse_art9,
    parse_choice,
    parse_legal_basis,
    parse_mechanism,
)

# The parts of each entry, in order; "vendor" is the vendor's name, "purposes" the numbers
# of the purposes served. A parser turns a part's text into the stored value.
Parser = Callable[[str], Any]


def _choice(enum: type[StrEnum]) -> Parser:
    return lambda text: parse_choice(enum, text)


def _optional(parser: Parser) -> Parser:
    return lambda text: parser(text) if text else None


ITEM_PARTS: dict[str, list[tuple[str, Parser | None]]] = {
    "purposes": [
        ("purpose", None),
        ("basis", parse_legal_basis),
        ("basis_reference", None),
        ("legitimate_interest", None),
        ("art9_condition", _optional(parse_art9)),
        ("art10_basis", None),
        ("national_law_reference", None),
    ],
    "data_categories": [
        ("category", None),
        ("kind", _choice(DataKind)),
        ("source", _choice(DataSource)),
        ("source_detail", None),
        ("requirement", _choice(ProvisionRequirement)),
        ("consequence", None),
        ("purposes", None),
        ("retention_period", None),
        ("retention_trigger", None),
        ("end_action", _choice(EndAction)),
    ],
    "recipients": [("name", None), ("type", _choice(RecipientType)), ("vendor", None)],
    "transfers": [
        ("destination", None),
        ("mechanism", parse_mechanism),
        ("importer", None),
        ("vendor", None),
        ("scc_module", _optional(_choice(SccModule))),
        ("derogation", _optional(_choice(Derogation))),
        ("safeguard_document", None),
    ],
    "sub_processors": [("name", None), ("country", None), ("service", None)],
}


def _purpose_numbers(keys: list[str], purposes: list[dict[str, Any]]) -> str:
    position = {purpose.get("key"): number for number, purpose in enumerate(purposes, start=1)}
    return ", ".join(str(position.get(key, key)) for key in keys)


def format_items(
    name: str, items: list[dict[str, Any]], record: Mapping[str, Any], vendors: Mapping[int, str]
) -> str:
    """A list of entries as the text of one cell."""
    lines = []
    for item in items:
        parts = []
        for part, _parser in ITEM_PARTS[name]:
            if part == "vendor":
                value: Any = vendors.get(item.get("vendor_id") or 0, "")
            elif part == "purposes":
                value = _purpose_numbers(
                    item.get("purpose_keys") or [], record.get("purposes") or []
                )
            else:
                value = item.get(part)
            parts.append("" if value is None else str(value))
        lines.append(join_parts(parts))
    return "\n".join(lines)


def parse_items(name: str, text: str) -> list[dict[str, Any]]:
    """The entries of one cell as raw dicts (vendor names and purpose numbers unresolved).
    Raises InvalidValue naming the entry and part at fault."""
    entries = []
    spec = ITEM_PARTS[name]
    for position, line in enumerate(split_lines(text), start=1):
        parts = split_parts(line)
        if len(parts) > len(spec):
            raise InvalidValue(
                _("entry {position} has {count} parts separated by “|”; at most {limit}").format(
                    position=position, count=len(parts), limit=len(spec)
                )
            )
        entry: dict[str, Any] = {}
        for (part, parser), value in zip(spec, parts, strict=False):
            if not value:
                continue
            try:
                entry[part] = parser(value) if parser else value
            except InvalidValue as problem:
                raise InvalidValue(
                    _("entry {position}, part {part}: {problem}").format(
                        position=position, part=spec.index((part, parser)) + 1, problem=problem
                    )
                ) from None
        entries.append(entry)
    return entries


def resolve_purpose_numbers(activity: dict[str, Any]) -> None:
    """Turn the purpose numbers of data categories into the purposes' keys (in place)."""
    purposes = activity.get("purposes") or []
    for purpose in purposes:
        if isinstance(purpose, dict):
            purpose.setdefault("key", new_key())
    for category in activity.get("data_categories") or []:
        numbers = category.pop("purposes", None)
        if numbers is None:
            continue
        keys = []
        for token in re.split(r"[,\s]+", str(numbers)):
            if not token:
                continue
            if token.isdigit():
                index = int(token) - 1
                if not 0 <= index < len(purposes):
                    raise InvalidValue(
                        _("“{category}” serves purpose {number}, but there are {count}").format(
                            category=category.get("category", ""),
                            number=token,
                            count=len(purposes),
                        )
                    )
                keys.append(purposes[index]["key"])
            else:
                keys.append(token)  # a key that pointed nowhere in the export stays as it was
        category["purpose_keys"] = keys


# -- whole cells --------------------------------------------------------------------------


def format_cell(
    spec: FieldSpec, value: Any, record: Mapping[str, Any], vendors: Mapping[int, str]
) -> str | date:
    """A stored value as our layout writes it (dates stay dates: the writer decides)."""
    if value is None or value == []:
        return ""
    if spec.kind is FieldKind.ITEMS:
        return format_items(spec.name, value, record, vendors)
    if spec.kind is FieldKind.TEXT_LIST:
        return join_text_list(value)
    if spec.kind is FieldKind.BOOL:
        return _("Yes") if value else _("No")
    if isinstance(value, date):
        return value
    return str(value)


def parse_cell(spec: FieldSpec, text: str) -> Any:
    """A cell of our layout as the raw value the field cleaner takes."""
    if spec.kind is FieldKind.ITEMS:
        return parse_items(spec.name, text)
    if spec.kind is FieldKind.TEXT_LIST:
        return split_text_list(text)
    if spec.kind is FieldKind.DATE:
        return parse_date(text)
    if spec.kind is FieldKind.BOOL:
        return parse_yes_no(text)
    if spec.kind is FieldKind.CHOICE and spec.choices is not None and text:
        return parse_choice(spec.choices, text)
    return text


def parse_yes_no(text: Any) -> bool:
    if isinstance(text, bool):
        return text
    words = str(text).strip().lower()
    if words in {_("Yes").lower(), "yes", "y", "true", "1", "x", "oui", "ja"}:
        return True
    if words in {_("No").lower(), "no", "n", "false", "0", "", "non", "nein"}:
        return False
    raise InvalidValue(_("“{value}” is not yes or no").format(value=str(text)[:40]))
