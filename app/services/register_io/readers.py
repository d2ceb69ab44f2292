"""Reading a register file into rows, refusing what is not one.

Hostile and broken input is expected: a PNG renamed .xlsx, a ZIP that is no workbook, an
old .xls, an XML bomb inside a workbook (entity declarations are refused before openpyxl
sees the file, and defusedxml refuses them again inside it), a ZIP bomb, empty files, a 10 MB
cell, and CSV files in any encoding a spreadsheet program writes (UTF-8 with or without BOM,
UTF-16 from "Unicode text", else Windows-1252 or Latin-1, with a note) and with ",", ";" or
tab between cells.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.errors import UserError
from app.i18n import N_, _

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_UNZIPPED_BYTES = 1024 * 1024 * 1024
MAX_ROWS = 200_000
MAX_ZIP_RATIO = 200  # real workbooks compress text ~10:1; bombs 1000:1 and more
_SCAN_CHUNK = 1024 * 1024
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
SUFFIXES = (".xlsx", ".json", *CSV_SUFFIXES)

Row = tuple[int, list[Any]]  # (row number as the user sees it, cell values)
Progress = Callable[[int, str], None]


class UnreadableFile(UserError):
    """The file as a whole cannot be read: one message, no row or column."""


@dataclass
class Sheet:
    title: str
    rows: list[Row]


@dataclass
class Source:
    """What a file holds: sheets of rows, or (JSON) one document."""

    sheets: list[Sheet] = field(default_factory=list)
    document: Any = None
    notes: list[str] = field(default_factory=list)


_SIGNATURES = [
    (b"\x89PNG\r\n\x1a\n", N_("a PNG image")),
    (b"\xff\xd8\xff", N_("a JPEG image")),
    (b"GIF8", N_("a GIF image")),
    (b"%PDF", N_("a PDF document")),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", N_("an Excel 97-2003 (.xls) or other old Office file")),
    (b"\x1f\x8b", N_("a gzip archive")),
    (b"Rar!", N_("a RAR archive")),
    (b"7z\xbc\xaf", N_("a 7-Zip archive")),
    (b"SQLite format 3", N_("an SQLite database")),
]


def _what_it_is(head: bytes) -> str | None:
    for signature, name in _SIGNATURES:
        if head.startswith(signature):
            return _(name)
    return None


def read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise UnreadableFile(
                _("the file is {size} MB; at most {limit} MB can be imported").format(
                    size=size // (1024 * 1024), limit=MAX_FILE_BYTES // (1024 * 1024)
                )
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise UnreadableFile(_("there is no such file")) from None
    except IsADirectoryError:
        raise UnreadableFile(_("this is a folder, not a file")) from None
    except OSError as error:
        raise UnreadableFile(_("cannot be read: {reason}").format(reason=error.strerror)) from None
    if not data.strip():
        raise UnreadableFile(_("the file is empty"))
    return data


def read_source(path: Path, progress: Progress | None = None) -> Source:
    """Read a .xlsx, .csv (.tsv, .txt) or .json file; raises UnreadableFile."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UnreadableFile(
            _("cannot import “{suffix}” files; use .xlsx, .csv or .json").format(
                suffix=suffix or path.name
            )
        )
    data = read_bytes(path)
    if suffix == ".xlsx":
        return Source(sheets=read_xlsx(data, progress))
    if suffix == ".json":
        return Source(document=read_json(data))
    return read_csv(data, progress)


# -- XLSX -----------------------------------------------------------------------------------


def _check_zip(data: bytes) -> None:
    if not data.startswith(b"PK\x03\x04"):
        kind = _what_it_is(data[:16])
        if kind:
            raise UnreadableFile(
                _("is not an Excel workbook (.xlsx): it is {kind}").format(kind=kind)
            )
        raise UnreadableFile(_("is not an Excel workbook (.xlsx)"))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise UnreadableFile(_("is a damaged ZIP file, not a readable workbook")) from None
    with archive:
        names = set(archive.namelist())
        if "xl/workbook.xml" not in names:
            if "word/document.xml" in names:
                kind = _("a Word document")
            elif "mimetype" in names:
                kind = _("an OpenDocument file; save it as .xlsx or CSV")
            else:
                kind = _("a ZIP archive")
            raise UnreadableFile(
                _("is not an Excel workbook (.xlsx): it is {kind}").format(kind=kind)
            )
        infos = archive.infolist()
        unzipped = sum(info.file_size for info in infos)
        packed = max(1, sum(info.compress_size for info in infos))
        if unzipped > MAX_UNZIPPED_BYTES or unzipped / packed > MAX_ZIP_RATIO:
            raise UnreadableFile(
                _("unpacks to {size} MB from {packed} KB: refused as a ZIP bomb").format(
                    size=unzipped // (1024 * 1024), packed=packed // 1024
                )
            )
        for info in infos:
            if not info.filename.endswith((".xml", ".rels")):
                continue
            if _declares_entities(archive, info):
                raise _xml_bomb(info.filename)


def _declares_entities(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Workbooks never declare a DTD; entity declarations are how XML bombs and
    external-entity attacks start. The whole part is scanned (padding can push the
    declaration far down), in chunks that overlap so a marker cannot hide on a boundary."""
    tail = b""
    with archive.open(info) as member:
        while chunk := member.read(_SCAN_CHUNK):
            window = tail + chunk
            if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                return True
            tail = window[-16:]
    return False


def _xml_bomb(part: str | None = None) -> UnreadableFile:
    where = _("the workbook part {part}").format(part=part) if part else _("a part of the workbook")
    return UnreadableFile(
        _(
            "refused: {where} declares XML entities (an “XML bomb” or an attempt to read other "
            "files); no real spreadsheet does that"
        ).format(where=where)
    )


def _caused_by(error: BaseException, kind: type[BaseException]) -> bool:
    seen: BaseException | None = error
    for _depth in range(10):
        if seen is None:
            return False
        if isinstance(seen, kind):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _too_many_rows() -> UnreadableFile:
    return UnreadableFile(
        _("has more than {limit:,} rows; split it into smaller files").format(limit=MAX_ROWS)
    )


def read_xlsx(data: bytes, progress: Progress | None = None) -> list[Sheet]:
    _check_zip(data)
    import openpyxl
    from defusedxml import DefusedXmlException

    sheets: list[Sheet] = []
    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True, keep_links=False
        )
        try:
            for worksheet in workbook.worksheets:
                # The stored dimension may claim A1:XFD1048576; without it, rows come back as
                # long as their last cell, and empty rows as empty tuples.
                worksheet.reset_dimensions()
                rows: list[Row] = []
                for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
                    if number > MAX_ROWS:
                        raise _too_many_rows()
                    if any(value is not None for value in values):
                        rows.append((number, list(values)))
                    if progress is not None and number % 500 == 0:
                        progress(
                            min(35, 5 + number // 1000), _("Reading row {n}…").format(n=number)
                        )
                sheets.append(Sheet(worksheet.title, rows))
        finally:
            workbook.close()
    except DefusedXmlException:
        raise _xml_bomb() from None
    except UnreadableFile:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, SyntaxError, OSError) as error:
        # openpyxl reports a broken part with whatever its parser raised, and wraps what
        # defusedxml refused in a ValueError of its own.
        if _caused_by(error, DefusedXmlException):
            raise _xml_bomb() from None
        raise UnreadableFile(
            _("cannot be read as an Excel workbook: {reason}").format(
                reason=str(error)[:200] or type(error).__name__
            )
        ) from None
    if not any(sheet.rows for sheet in sheets):
        raise UnreadableFile(_("the workbook has no rows"))
    return sheets


# -- CSV ------------------------------------------------------------------------------------


def decode_text(data: bytes) -> tuple[str, str | None]:
    """The text of a CSV file and a note when it was not UTF-8."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict"), None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), None
    if b"\x00" in data[:8192]:
        kind = _what_it_is(data[:16])
        raise UnreadableFile(
            _("is not a text (CSV) file: it is {kind}").format(kind=kind)
            if kind
            else _("is not a text (CSV) file")
        )
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
        encoding = "Windows-1252"
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        encoding = "Latin-1 (ISO 8859-1)"
    note = _(
        "The file is not UTF-8; it was read as {encoding}. Check accented letters in the result."
    ).format(encoding=encoding)
    return text, note


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon or tab: the one that splits the first lines most consistently."""
    sample = text[:65536]
    best, best_score = ",", -1
    for delimiter in (",", ";", "\t"):
        counts: dict[int, int] = {}
        try:
            reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
            for index, row in enumerate(reader):
                if index >= 50:
                    break
                if len(row) > 1:
                    counts[len(row)] = counts.get(len(row), 0) + 1
        except csv.Error:
            continue
        if counts:
            width, frequency = max(counts.items(), key=lambda item: (item[1], item[0]))
            score = frequency * 1000 + width
            if score > best_score:
                best, best_score = delimiter, score
    return best


_CSV_FIELD_LIMIT = 64 * 1024 * 1024  # cells above MAX_CELL_CHARS are refused by name later


def read_csv(data: bytes, progress: Progress | None = None) -> Source:
    text, note = decode_text(data)
    delimiter = sniff_delimiter(text)
    # csv's default limit (128 KB) would stop at a long cell with a bare "field larger than
    # field limit"; raising it lets the import name the row and column of the cell instead.
    csv.field_size_limit(max(csv.field_size_limit(), _CSV_FIELD_LIMIT))
    rows: list[Row] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, values in enumerate(reader, start=1):
            if number > MAX_ROWS:
                raise _too_many_rows()
            if any(value.strip() for value in values):
                rows.append((number, list(values)))
            if progress is not None and number % 500 == 0:
                progress(min(35, 5 + number // 1000), _("Reading row {n}…").format(n=number))
    except csv.Error as error:
        raise UnreadableFile(
            _("row {row}: cannot be read as CSV: {reason}").format(row=len(rows) + 1, reason=error)
        ) from None
    if not rows:
        raise UnreadableFile(_("the file is empty"))
    return Source(sheets=[Sheet("CSV", rows)], notes=[note] if note else [])


# -- JSON -----------------------------------------------------------------------------------


def read_json(data: bytes) -> Any:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise UnreadableFile(_("is not UTF-8 text, so not a JSON export")) from None
    except json.JSONDecodeError as error:
        raise UnreadableFile(
            _("is not valid JSON (line {line}, column {column}: {reason})").format(
                line=error.lineno, column=error.colno, reason=error.msg
            )
        ) from None
    except RecursionError:
        raise UnreadableFile(_("is nested too deeply to be a register export")) from None
