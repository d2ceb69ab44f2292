"""Spreadsheet cells: formula injection, cell size, and splitting list cells into parts.

Formula injection: a spreadsheet program runs a cell that starts with = + - @ (or, in some
programs, a tab or carriage return) as a formula, so text a user typed ("=HYPERLINK(...)",
"=cmd|' /C calc'!A0") would run on the machine of whoever opens our export. Every such cell
is written with a leading apostrophe. To keep the round trip lossless, a cell that already
starts with an apostrophe gets one more; reading our own layout back removes exactly one
leading apostrophe, so every text comes back as it was. Files in other layouts are read as
they are: an apostrophe there is the user's text.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from app.i18n import _

MAX_CELL_CHARS = 100_000  # far above any field's limit; refuses 10 MB cells before parsing
_DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_APOSTROPHE = "'"


class CellTooLarge(ValueError):
    pass


def neutralise(text: str) -> str:
    """The text as it is written into a spreadsheet cell: never a formula."""
    if text.startswith(_DANGEROUS_START) or text.startswith(_APOSTROPHE):
        return _APOSTROPHE + text
    return text


def restore(text: str) -> str:
    """The inverse of `neutralise`, for cells of our own layout."""
    return text[1:] if text.startswith(_APOSTROPHE) else text


def cell_text(value: Any) -> str:
    """A cell's value as text: numbers without a spurious ".0", dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if len(text) > MAX_CELL_CHARS:
        raise CellTooLarge(
            _("the cell holds {length:,} characters; at most {limit:,} are accepted").format(
                length=len(text), limit=MAX_CELL_CHARS
            )
        )
    return text


# -- list cells: one entry per line, the parts of an entry separated by " | " ----------------

_PART_SEPARATOR = " | "


def escape_part(text: str) -> str:
    """A part of an entry line: backslash, bar and line breaks escaped."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", "\\r").replace("\n", "\\n")


def _split_unescaped(text: str, separators: str) -> list[str]:
    """Split at separators that are not escaped, and undo the escapes."""
    if "\\" not in text:  # the usual case, ten times faster
        if len(separators) == 1:
            return text.split(separators)
        for separator in separators[1:]:
            text = text.replace(separator, separators[0])
        return text.split(separators[0])
    parts: list[str] = []
    current: list[str] = []
    chars = iter(text)
    for char in chars:
        if char == "\\":
            following = next(chars, "")
            current.append({"n": "\n", "r": "\r"}.get(following, following))
        elif char in separators:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def join_parts(parts: list[str]) -> str:
    """One entry as a line; empty trailing parts are left out."""
    while parts and not parts[-1]:
        parts = parts[:-1]
    return _PART_SEPARATOR.join(escape_part(part) for part in parts)


def split_parts(line: str) -> list[str]:
    return [part.strip() for part in _split_unescaped(line, "|")]


def split_lines(text: str) -> list[str]:
    """The non-empty lines of a list cell (an escaped line break stays inside its entry)."""
    return [line for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def join_text_list(entries: list[str]) -> str:
    """Short texts joined with "; " (a semicolon inside an entry is escaped)."""
    return "; ".join(entry.replace("\\", "\\\\").replace(";", "\\;") for entry in entries)


def split_text_list(text: str, *, escaped: bool = True) -> list[str]:
    """Entries separated by ";" or line breaks. Only our own layout escapes: in other files a
    backslash is the user's text (a Windows path, say)."""
    raw = _split_unescaped(text, ";\n") if escaped else text.replace(";", "\n").split("\n")
    parts = (part.strip() for part in raw)
    return [part for part in parts if part]
