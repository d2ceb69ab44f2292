"""Sheet rows -> raw records, for our own layout and for a user's column mapping.

A raw record holds the values of one row as the field cleaners take them, except the links
that only the workspace can resolve: the owner ("Name <e-mail>"), the controller or
processor (a legal name), and each list entry's vendor (a name). Every cell that cannot be
read is reported with its row and heading; the row is still read to the end, so one pass
finds every problem.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from app.domain.fields import FieldKind, FieldSpec
from app.domain.list_fields import Item
from app.domain.register_items import CHOICE_LABELS, item_field_enum
from app.errors import InvalidValue
from app.i18n import _
from app.services.register_io.cells import (
    CellTooLarge,
    cell_text,
    restore,
    split_lines,
    split_text_list,
)
from app.services.register_io.dates import parse_date
from app.services.register_io.flatten import parse_cell, parse_yes_no
from app.services.register_io.layouts import (
    REFERENCE_ALIASES,
    SHEET_FIELDS,
    Column,
    SheetKind,
    SheetLayout,
)
from app.services.register_io.problems import Problems
from app.services.register_io.wording import (
    normalise,
    parse_art9,
    parse_choice,
    parse_legal_basis,
    parse_mechanism,
    transfer_destination,
)


@dataclass
class RawRecord:
    kind: SheetKind
    row: int | str  # what problems name: the row number, or "activities[3]" in JSON
    values: dict[str, Any] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)  # field -> heading, for problems
    # Our own spreadsheet layout numbers purposes; JSON carries their keys.
    purpose_numbers: bool = False
    # In ICO and mapped files a destination must be a real country (or organisation).
    strict_destinations: bool = False

    def column(self, name: str) -> str:
        return self.columns.get(name) or self.columns.get(REFERENCE_ALIASES.get(name, "")) or name


def _text(raw: Any, problems: Problems, row: int | str, heading: str) -> str | None:
    try:
        return cell_text(raw).strip()
    except CellTooLarge as problem:
        problems.add(row, heading, str(problem))
        return None


def _cell(cells: Sequence[Any], column: Column) -> Any:
    return cells[column.index] if column.index < len(cells) else None


def our_record(
    layout: SheetLayout, number: int | str, cells: Sequence[Any], problems: Problems
) -> RawRecord | None:
    """One row of our own export (or a file with our headings)."""
    specs = SHEET_FIELDS[layout.kind]
    record = RawRecord(layout.kind, number, purpose_numbers=True)
    filled = False
    for column in layout.columns:
        spec = specs[column.target]
        alias = REFERENCE_ALIASES.get(spec.name, spec.name)
        record.columns[alias] = column.heading
        raw = _cell(cells, column)
        if spec.kind is FieldKind.DATE and not isinstance(raw, str):
            value: Any = raw  # a date cell or a serial number
            filled = filled or raw is not None
        else:
            text = _text(raw, problems, number, column.heading)
            if text is None:
                filled = True
                continue
            text = restore(text) if isinstance(raw, str) else text
            filled = filled or bool(text)
            value = text
        try:
            record.values[alias] = _our_value(spec, value)
        except InvalidValue as problem:
            problems.add(number, column.heading, str(problem))
    return record if filled else None


def _our_value(spec: FieldSpec, value: Any) -> Any:
    if spec.kind is FieldKind.REFERENCE:
        return value or None
    if spec.kind is FieldKind.DATE:
        return parse_date(value)
    return parse_cell(spec, value)


# -- a user's column mapping --------------------------------------------------------------


def _part_parser(list_name: str, part: str, strict: bool) -> Any:
    if part == "basis":
        return parse_legal_basis
    if part == "art9_condition":
        return parse_art9
    if part == "mechanism":
        return parse_mechanism
    if part == "destination" and strict:
        return transfer_destination
    if part == "vendor":
        return None
    spec_model = _item_model(list_name)
    enum = item_field_enum(spec_model, part) if part in spec_model.model_fields else None
    if enum is not None and enum in CHOICE_LABELS:
        return lambda text: parse_choice(enum, text)
    return None


def _item_model(list_name: str) -> type[Item]:
    from app.domain.activity import ACTIVITY_FIELDS

    model = ACTIVITY_FIELDS[list_name].item_model
    assert model is not None
    return model


def mapped_record(
    layout: SheetLayout, number: int | str, cells: Sequence[Any], problems: Problems
) -> RawRecord | None:
    """One row of another layout, read through the user's mapping {our path: heading}."""
    specs = SHEET_FIELDS[SheetKind.ACTIVITIES]
    record = RawRecord(SheetKind.ACTIVITIES, number, strict_destinations=True)
    parts: dict[str, dict[str, tuple[str, list[Any]]]] = {}
    filled = False
    for column in layout.columns:
        raw = _cell(cells, column)
        if "." in column.target:
            list_name, part = column.target.split(".", 1)
            text = _text(raw, problems, number, column.heading) or ""
            filled = filled or bool(text)
            entries = split_lines(text) if "\n" in text else split_text_list(text, escaped=False)
            parser = _part_parser(list_name, part, strict=True)
            values: list[Any] = []
            for entry in (entry.strip() for entry in entries):
                try:
                    values.append(parser(entry) if parser else entry)
                except InvalidValue as problem:
                    problems.add(number, column.heading, str(problem))
                    values.append(None)
            parts.setdefault(list_name, {})[part] = (column.heading, values)
            record.columns.setdefault(list_name, column.heading)
            continue
        name = {alias: real for real, alias in REFERENCE_ALIASES.items()}.get(
            column.target, column.target
        )
        spec = specs[name]
        record.columns[column.target] = column.heading
        if spec.kind is FieldKind.DATE and raw is not None and not isinstance(raw, str):
            value: Any = raw
        else:
            value = _text(raw, problems, number, column.heading)
            if value is None:
                filled = True
                continue
        filled = filled or value not in ("", None)
        try:
            record.values[column.target] = _mapped_value(spec, value)
        except InvalidValue as problem:
            problems.add(number, column.heading, str(problem))
    for list_name, by_part in parts.items():
        items = _zip_parts(list_name, by_part, number, problems)
        if items is not None:
            record.values[list_name] = items
    if "name" not in record.values and record.values.get("purposes"):
        first = record.values["purposes"][0].get("purpose") or ""
        record.values["name"] = first[:300]
        record.columns.setdefault("name", record.columns.get("purposes", "name"))
    return record if filled else None


def _mapped_value(spec: FieldSpec, value: Any) -> Any:
    if spec.kind is FieldKind.REFERENCE:
        return value or None
    if spec.kind is FieldKind.DATE:
        return parse_date(value)
    if spec.kind is FieldKind.TEXT_LIST:
        return split_text_list(str(value), escaped=False)
    if spec.kind is FieldKind.BOOL:
        return parse_yes_no(value)
    return parse_cell(spec, str(value))


def _zip_parts(
    list_name: str,
    by_part: dict[str, tuple[str, list[Any]]],
    number: int | str,
    problems: Problems,
) -> list[dict[str, Any]] | None:
    """The n-th entries of each part make the n-th entry; a single value applies to all."""
    count = max(len(values) for _heading, values in by_part.values())
    if count == 0:
        return []
    for heading, values in by_part.values():
        if len(values) not in (0, 1, count):
            problems.add(
                number,
                heading,
                _("has {count} entries, but other columns of the same list have {expected}").format(
                    count=len(values), expected=count
                ),
            )
            return None
    items: list[dict[str, Any]] = []
    for position in range(count):
        item: dict[str, Any] = {}
        for part, (_heading, values) in by_part.items():
            value = values[0] if len(values) == 1 else values[position] if values else None
            if value not in (None, ""):
                item[part] = value
        if list_name == "recipients" and "type" not in item and item.get("name"):
            item["type"] = guess_recipient_type(str(item["name"]))
        items.append(item)
    return items


_RECIPIENT_HINTS = [
    (("internal", "staff", "department", "team", "employees", "hr", "finance"), "internal"),
    (("processor", "provider", "supplier", "host", "vendor", "contractor"), "processor"),
    (
        ("authority", "hmrc", "police", "court", "government", "regulator", "tax", "council"),
        "public_authority",
    ),
    (("joint controller",), "joint_controller"),
]


def guess_recipient_type(name: str) -> str:
    """A recipient's type from its wording, when the file does not say (a note tells the
    user to check)."""
    words = f" {normalise(name)} "
    for hints, kind in _RECIPIENT_HINTS:
        if any(f" {hint} " in words for hint in hints):
            return kind
    return "third_party"
