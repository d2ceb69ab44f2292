"""Reading a file that claims to be a CNIL PIA export: its size, encoding and JSON, and the
checker that walks it collecting every problem with its place in the file ("answers[3].data.
gauge: 7 is not between 0 and 4") instead of stopping at the first one."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

from app.domain.dpia import MAX_RICH_TEXT
from app.domain.rich_text import sanitise_html
from app.errors import UserError
from app.i18n import _, ngettext

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_SHORT_TEXT = 300
MAX_PROBLEMS_SHOWN = 5
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class CnilPiaError(UserError):
    """The file cannot be imported; `problems` lists each one with its place in the file."""

    def __init__(self, source: str, problems: list[str]) -> None:
        listed = "; ".join(problems[:MAX_PROBLEMS_SHOWN])
        hidden = len(problems) - MAX_PROBLEMS_SHOWN
        if hidden > 0:
            more = ngettext("(and {count} more problem)", "(and {count} more problems)", hidden)
            listed += " " + more.format(count=hidden)
        super().__init__(f"{source}: {listed}")
        self.problems = problems


class FileChecker:
    """Collects every problem of the file instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def mapping(self, value: Any, path: str) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        self.problem(path, _("expected an object {…}"))
        return None

    def array(self, value: Any, path: str) -> list[Any]:
        if value is None:
            return []
        if isinstance(value, list):
            return value
        self.problem(path, _("expected a list […]"))
        return []

    def integer(self, value: Any, path: str, low: int, high: int | None = None) -> int | None:
        """A whole number (the tool writes some as strings of digits)."""
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(path, _("{value} is not a whole number").format(value=shown(value)))
            return None
        if value < low or (high is not None and value > high):
            if high is None:
                self.problem(path, _("{value} is below {low}").format(value=value, low=low))
            else:
                self.problem(
                    path,
                    _("{value} is not between {low} and {high}").format(
                        value=value, low=low, high=high
                    ),
                )
            return None
        return value

    def text(self, value: Any, path: str, limit: int = MAX_SHORT_TEXT) -> str:
        """Plain text; an absent value is empty."""
        if value is None:
            return ""
        if not isinstance(value, str):
            self.problem(path, _("{value} is not text").format(value=shown(value)))
            return ""
        value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
        if limit <= MAX_SHORT_TEXT and "\n" in value:
            value = " ".join(value.split())  # a name or a title is one line
        if _CONTROL.search(value):
            self.problem(path, _("contains a control character"))
        elif len(value) > limit:
            self.problem(
                path,
                _("is {length} characters long; at most {limit} are allowed").format(
                    length=len(value), limit=limit
                ),
            )
        return value

    def rich(self, value: Any, path: str) -> str:
        """Formatted text, sanitised: scripts, styles and links never get through."""
        raw = self.text(value, path, limit=MAX_FILE_BYTES)
        cleaned = sanitise_html(raw) if raw else ""
        if len(cleaned) > MAX_RICH_TEXT:
            self.problem(
                path,
                _("is {length} characters long once cleaned; at most {limit} are allowed").format(
                    length=len(cleaned), limit=MAX_RICH_TEXT
                ),
            )
        return cleaned

    def day(self, value: Any, path: str) -> date | None:
        if value in (None, ""):
            return None
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip()[:10])
            except ValueError:
                pass
        self.problem(path, _("{value} is not a date").format(value=shown(value)))
        return None


def shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else f"“{value}”"
    return text if len(text) <= 40 else text[:37] + "…"


def read_json(path: Path) -> Any:
    """The file's JSON, or a UserError saying why it is not a file we can read."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise UserError(
            _("{path}: cannot read the file: {reason}").format(path=path, reason=error.strerror)
        ) from None
    if size > MAX_FILE_BYTES:
        raise CnilPiaError(
            str(path),
            [
                _("the file is {size} MB; a PIA file is at most {limit} MB").format(
                    size=round(size / 1024 / 1024, 1), limit=MAX_FILE_BYTES // 1024 // 1024
                )
            ],
        )
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise UserError(
            _("{path}: cannot read the file: {reason}").format(path=path, reason=error.strerror)
        ) from None
    except UnicodeDecodeError:
        raise CnilPiaError(str(path), [_("the file is not UTF-8 text")]) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise CnilPiaError(
            str(path),
            [
                _("not valid JSON (line {line}, column {column}: {reason})").format(
                    line=error.lineno, column=error.colno, reason=error.msg
                )
            ],
        ) from None
    except RecursionError:
        raise CnilPiaError(str(path), [_("the JSON is nested too deeply")]) from None
