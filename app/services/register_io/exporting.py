"""`export_register`: the whole register as JSON (lossless, versioned), XLSX or CSV.

XLSX has three sheets: Activities (one row per activity), Vendors and Processor records;
CSV holds the activities only (vendors appear by name in the lists and are created again by
an import). The column headings are the fields' labels in the user's language, the lists are
flattened as described in app.services.register_io.flatten, and every text cell is
neutralised against formula injection (app.services.register_io.cells).
Files are written to a temporary name beside the target and then renamed over it, so a
crash never leaves half a file under the real name.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from app.errors import UserError
from app.i18n import _
from app.services.changes import RecordData, list_records
from app.services.register_io.cells import neutralise
from app.services.register_io.flatten import format_cell
from app.services.register_io.json_format import document, record_out
from app.services.register_io.layouts import SHEET_FIELDS, SHEET_TITLES, SheetKind, our_headings
from app.storage.workspace import Workspace

Progress = Callable[[int, str], None]
EXPORT_SUFFIXES = (".json", ".xlsx", ".csv")
_KIND_TYPES = {
    SheetKind.ACTIVITIES: "processing_activity",
    SheetKind.VENDORS: "vendor",
    SheetKind.PROCESSOR_ACTIVITIES: "processor_activity",
}


@dataclass
class RegisterSnapshot:
    """Everything an export writes, read once: the records, and the names that stand for the
    ids they hold (people, organisations, vendors)."""

    organisations: dict[int, str]
    organisation_list: list[dict[str, Any]]
    people: dict[int, tuple[str, str | None]]
    records: dict[SheetKind, list[RecordData]]

    @classmethod
    def load(cls, workspace: Workspace) -> RegisterSnapshot:
        organisations = list_records(workspace, "organisation")
        people = list_records(workspace, "person")
        records = {
            kind: list_records(workspace, record_type) for kind, record_type in _KIND_TYPES.items()
        }
        records[SheetKind.ACTIVITIES].sort(key=lambda r: str(r["reference"]))
        records[SheetKind.VENDORS].sort(key=lambda r: str(r["name"]).casefold())
        records[SheetKind.PROCESSOR_ACTIVITIES].sort(key=lambda r: str(r["reference"]))
        return cls(
            organisations={o.id: str(o["legal_name"]) for o in organisations},
            organisation_list=[
                {"legal_name": o["legal_name"], "country": o["country"]} for o in organisations
            ],
            people={p.id: (str(p["name"]), p["email"]) for p in people},
            records=records,
        )

    @property
    def vendors(self) -> dict[int, str]:
        return {v.id: str(v["name"]) for v in self.records.get(SheetKind.VENDORS, [])}

    def json_document(self) -> dict[str, Any]:
        sections = {
            kind: [
                record_out(kind, record.values, self.people, self.organisations, self.vendors)
                for record in records
            ]
            for kind, records in self.records.items()
        }
        sections.update({kind: [] for kind in SheetKind if kind not in sections})
        return document(
            self.organisation_list,
            sections[SheetKind.VENDORS],
            sections[SheetKind.ACTIVITIES],
            sections[SheetKind.PROCESSOR_ACTIVITIES],
        )

    def _reference(self, name: str, value: Any) -> str:
        if not value:
            return ""
        if name == "owner_id":
            person_name, email = self.people.get(value, (f"#{value}", None))
            return f"{person_name} <{email}>" if email else person_name
        return self.organisations.get(value, f"#{value}")

    def rows(self, kind: SheetKind) -> tuple[list[str], list[list[str | date]]]:
        """Headings and cells of one sheet, every text neutralised."""
        specs = SHEET_FIELDS[kind]
        headings = list(our_headings(kind).values())
        vendors = self.vendors
        rows = []
        for record in self.records.get(kind, []):
            cells: list[str | date] = []
            for name, spec in specs.items():
                value = record.values.get(name)
                if spec.kind.value == "reference":
                    cell: str | date = self._reference(name, value)
                else:
                    cell = format_cell(spec, value, record.values, vendors)
                cells.append(neutralise(cell) if isinstance(cell, str) else cell)
            rows.append(cells)
        return headings, rows


def write_atomically(output: Path, write: Callable[[BinaryIO], Any]) -> None:
    """Write through a temporary file beside `output`, then rename it over `output`."""
    temporary = output.with_name(f".{output.name}.{secrets.token_hex(4)}.part")
    # The user's umask decides the permissions, as for any file they save.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    descriptor = os.open(temporary, flags, 0o666)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, output)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def _write_json(snapshot: RegisterSnapshot, stream: BinaryIO) -> None:
    text = json.dumps(snapshot.json_document(), indent=2, ensure_ascii=False)
    stream.write(text.encode("utf-8"))


def _write_csv(snapshot: RegisterSnapshot, stream: BinaryIO) -> None:
    headings, rows = snapshot.rows(SheetKind.ACTIVITIES)
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(headings)
    for row in rows:
        writer.writerow([cell.isoformat() if isinstance(cell, date) else cell for cell in row])
    # The BOM tells Excel the file is UTF-8; without it, accented letters come out garbled.
    stream.write(text.getvalue().encode("utf-8-sig"))


EXCEL_CELL_LIMIT = 32_767


def _check_cell_sizes(headings: list[str], row: list[str | date]) -> None:
    """Excel holds at most 32,767 characters in a cell and openpyxl silently cuts the rest;
    a long list (100 data categories with long texts) must not lose its tail unseen."""
    for heading, value in zip(headings, row, strict=True):
        if isinstance(value, str) and len(value) > EXCEL_CELL_LIMIT:
            raise UserError(
                _(
                    "{record}, {column}: {length:,} characters do not fit in an Excel cell (at "
                    "most {limit:,}); export to .json or .csv instead"
                ).format(
                    record=row[0],
                    column=heading,
                    length=len(value),
                    limit=EXCEL_CELL_LIMIT,
                )
            )


def _write_xlsx(snapshot: RegisterSnapshot, stream: BinaryIO, progress: Progress) -> None:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    # A normal workbook, not a write-only one: only the normal writer records the sheet's
    # dimension, without which reading the file back parses every sheet twice.
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for kind in SheetKind:
        headings, rows = snapshot.rows(kind)
        sheet = workbook.create_sheet(_(SHEET_TITLES[kind]))
        sheet.append(headings)
        for cell in sheet[1]:
            cell.font = bold
        sheet.freeze_panes = "A2"
        for index in range(1, len(headings) + 1):
            wide = kind is SheetKind.ACTIVITIES and index > 6
            sheet.column_dimensions[get_column_letter(index)].width = 40 if wide else 22
        for number, row in enumerate(rows, start=1):
            _check_cell_sizes(headings, row)
            # openpyxl refuses control characters; the cleaners keep them out of fields, but
            # list entries from an older version could carry one.
            sheet.append(
                [
                    (ILLEGAL_CHARACTERS_RE.sub("\ufffd", value) or None)
                    if isinstance(value, str)
                    else value
                    for value in row
                ]
            )
            for cell in sheet[number + 1]:
                if isinstance(cell.value, str) and "\n" in cell.value:
                    cell.alignment = wrap
            if number % 500 == 0:
                progress(min(90, 20 + number * 60 // max(1, len(rows))), _("Writing…"))
    workbook.save(stream)


def write_snapshot(snapshot: RegisterSnapshot, output: Path, progress: Progress) -> None:
    """Write a snapshot in the format of the output's suffix, atomically."""
    writers: Mapping[str, Callable[[BinaryIO], None]] = {
        ".json": lambda stream: _write_json(snapshot, stream),
        ".csv": lambda stream: _write_csv(snapshot, stream),
        ".xlsx": lambda stream: _write_xlsx(snapshot, stream, progress),
    }
    write_atomically(output, writers[output.suffix.lower()])


def export_register(
    workspace: Workspace, output: Path, *, progress: Progress | None = None
) -> Path:
    """Write the register to `output`; the format follows its suffix (.json, .xlsx, .csv)."""
    output = Path(output)
    tell: Progress = progress or (lambda _percent, _message: None)
    suffix = output.suffix.lower()
    if suffix not in EXPORT_SUFFIXES:
        raise UserError(
            _("{path}: the register can be exported as .xlsx, .csv or .json").format(path=output)
        )
    if not output.parent.is_dir():
        raise UserError(
            _("{path}: the folder {folder} does not exist").format(
                path=output, folder=output.parent
            )
        )
    tell(5, _("Reading the register…"))
    snapshot = RegisterSnapshot.load(workspace)
    tell(20, _("Writing {file}…").format(file=output.name))
    try:
        write_snapshot(snapshot, output, tell)
    except PermissionError:
        raise UserError(
            _(
                "{path}: cannot write there (permission denied; is it open in another program?)"
            ).format(path=output)
        ) from None
    tell(100, _("Saved {file}.").format(file=output.name))
    return output
