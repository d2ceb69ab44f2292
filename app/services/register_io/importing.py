"""`import_register`: read, check everything, then write everything in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from app.i18n import _, ngettext
from app.services.changes import ChangeResult, ChangeWriter
from app.services.register_io.bulk import insert_records
from app.services.register_io.check import Plan, check_records
from app.services.register_io.ico import ico_record
from app.services.register_io.json_format import json_records
from app.services.register_io.layouts import Layout, check_mapping, detect_layout, heading_key
from app.services.register_io.layouts import first_headings as _first_headings
from app.services.register_io.problems import ImportReport, Problems, RegisterImportError
from app.services.register_io.readers import Source, UnreadableFile, read_source
from app.services.register_io.rows import RawRecord, mapped_record, our_record
from app.services.register_io.workspace_index import vendor_key
from app.storage.workspace import Workspace

Progress = Callable[[int, str], None]

_ROW_READERS = {Layout.OURS: our_record, Layout.ICO: ico_record, Layout.MAPPED: mapped_record}


def _records(
    source: Source, mapping: Mapping[str, str] | None, problems: Problems
) -> tuple[Layout, list[RawRecord]]:
    if source.document is not None:
        return Layout.OURS, json_records(source.document, problems)
    records: list[RawRecord] = []
    found: Layout | None = None
    found_sheets = 0
    for sheet in source.sheets:
        layout = detect_layout(sheet.rows, mapping)
        if layout is None:
            continue
        if found is None:
            found = layout.layout
        elif layout.layout is not found or found is not Layout.OURS:
            # Our export spreads over sheets (activities, vendors, processor records); the
            # ICO template and a mapped file describe activities on one, the rest are notes.
            continue
        if mapping is not None:
            present = {heading_key(column.heading) for column in layout.columns}
            missing = [
                heading for heading in mapping.values() if heading_key(heading) not in present
            ]
            for heading in missing:
                problems.add(layout.header_row, heading, _("no such column in the heading row"))
        read = _ROW_READERS[layout.layout]
        # Rows of a second sheet (our vendors, processor records) are named with the sheet,
        # as spreadsheets do: "Vendors!3".
        prefix = f"{sheet.title}!" if records or found_sheets else ""
        found_sheets += 1
        for number, cells in sheet.rows:
            if number <= layout.header_row:
                continue
            record = read(layout, f"{prefix}{number}" if prefix else number, cells, problems)
            if record is not None:
                records.append(record)
    if found is None:
        headings = _first_headings(source.sheets[0].rows)[1] if source.sheets else []
        shown = ", ".join(headings[:12]) or _("no headings")
        if mapping is not None:
            problems.add(
                None,
                "",
                _(
                    "none of the columns the mapping names is in the file (found: {headings})"
                ).format(headings=shown),
            )
            return Layout.MAPPED, []
        problems.add(
            None,
            "",
            _(
                "the columns are neither our export's nor the ICO template's (found: {headings}); "
                "give a column mapping"
            ).format(headings=shown),
        )
        return Layout.UNKNOWN, []
    return found, records


def _write(
    workspace: Workspace, plan: Plan, actor: str | None, summary: str, progress: Progress
) -> ChangeResult:
    total = max(1, len(plan.activities))
    with workspace.writing() as session:
        writer = ChangeWriter(session, actor, summary)
        created = insert_records(writer, "vendor", plan.vendors, "name")
        vendor_ids = dict(plan.existing_vendors)
        vendor_ids.update(
            (vendor_key(values["name"]), vendor_id)
            for values, vendor_id in zip(plan.vendors, created, strict=True)
        )
        for planned in plan.activities + plan.processor_activities:
            for list_name, position, name in planned.vendor_links:
                entries = [dict(entry) for entry in planned.values[list_name]]
                entries[position]["vendor_id"] = vendor_ids[vendor_key(name)]
                planned.values[list_name] = entries
        insert_records(
            writer,
            "processor_activity",
            [planned.values for planned in plan.processor_activities],
            "reference",
        )
        progress(65, _("Writing the activities…"))
        insert_records(
            writer,
            "processing_activity",
            [planned.values for planned in plan.activities],
            "reference",
            progress=lambda done: progress(
                65 + 30 * done // total,
                _("Written {done} of {total}…").format(done=done, total=total),
            ),
        )
        return writer.result()


def import_register(
    workspace: Workspace,
    path: Path,
    *,
    mapping: Mapping[str, str] | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    actor: str | None = None,
) -> ImportReport:
    """Import a register from .json (our export), .xlsx or .csv (our export, the ICO's
    template, or any layout through `mapping` {our field: their column heading}; see
    app.services.register_io.layouts).

    Everything is checked first; then everything is written in one transaction as one
    change (undoable). Raises RegisterImportError listing every problem as
    file:row:column when anything is wrong, dry run or not; nothing is written then.
    `dry_run` checks and reports without writing. `progress(percent, message)` is called at
    least every 500 rows.
    """
    path = Path(path)
    report = ImportReport(path=path, layout=Layout.UNKNOWN.value, dry_run=dry_run)
    problems = Problems(path.name)
    tell: Progress = progress or (lambda _percent, _message: None)

    def fail() -> RegisterImportError:
        report.errors = problems.sorted()
        return RegisterImportError(report)

    if mapping is not None:
        for problem in check_mapping(mapping):
            problems.add(None, "", _("column mapping: {problem}").format(problem=problem))
        if problems:
            raise fail()
    tell(2, _("Reading {file}…").format(file=path.name))
    try:
        source = read_source(path, tell)
    except UnreadableFile as error:
        problems.add(None, "", str(error))
        raise fail() from None
    report.notes.extend(source.notes)
    layout, records = _records(source, mapping, problems)
    report.layout = layout.value
    if not problems and not records:
        problems.add(None, "", _("there is no activity in the file"))
    tell(
        40, ngettext("Checking {n} row…", "Checking {n} rows…", len(records)).format(n=len(records))
    )
    plan = check_records(
        workspace,
        records,
        problems,
        from_json=source.document is not None,
        progress=lambda done: tell(
            40 + 20 * done // max(1, len(records)),
            _("Checked {done} of {total}…").format(done=done, total=len(records)),
        ),
    )
    report.notes.extend(plan.notes)
    if layout is Layout.ICO:
        report.notes.append(
            _(
                "Recipient types and data sources were guessed from the ICO template's wording; "
                "check them in each activity."
            )
        )
    report.activities = len(plan.activities)
    report.vendors = len(plan.vendors)
    report.processor_activities = len(plan.processor_activities)
    if problems:
        raise fail()
    if dry_run:
        tell(100, report.summary())
        return report
    summary = _("Imported {count} activities from {file}").format(
        count=report.activities, file=path.name
    )
    try:
        report.change = _write(workspace, plan, actor, summary, tell)
    except sa.exc.IntegrityError:
        # Someone added a clashing reference or vendor between the checks and the write;
        # anything else is a bug and keeps its traceback.
        check_records(workspace, records, problems, from_json=source.document is not None)
        if not problems:
            raise
        problems.items.clear()
        problems.add(
            None,
            "",
            _(
                "the workspace changed while importing (a reference or vendor name is now taken); "
                "nothing was imported; try again"
            ),
        )
        raise fail() from None
    tell(100, report.summary())
    return report


def inspect_file(path: Path) -> dict[str, Any]:
    """What the import dialog needs before asking for a mapping: the layout found, and for an
    unknown layout the headings of the file. Raises RegisterImportError for a file that cannot
    be read at all."""
    path = Path(path)
    problems = Problems(path.name)
    try:
        source = read_source(path)
    except UnreadableFile as error:
        problems.add(None, "", str(error))
        report = ImportReport(path=path, layout=Layout.UNKNOWN.value, dry_run=True)
        report.errors = problems.items
        raise RegisterImportError(report) from None
    if source.document is not None:
        return {"layout": Layout.OURS.value, "headings": []}
    for sheet in source.sheets:
        layout = detect_layout(sheet.rows)
        if layout is not None:
            return {"layout": layout.layout.value, "headings": layout.headings}
    headings = _first_headings(source.sheets[0].rows)[1] if source.sheets else []
    return {"layout": Layout.UNKNOWN.value, "headings": headings}
