"""Dates as people and spreadsheets write them.

Accepted: date and datetime cells; Excel serial numbers (days since 1899-12-30, the epoch that
absorbs Excel's 1900 leap-year bug); ISO 8601 (2026-03-05, with or without a time);
day-first numeric forms (05/03/2026, 5.3.2026, 5-3-26) — a register made in Europe writes the
day first, so 05/03/2026 is 5 March, and month-first is taken only when day-first is
impossible (03/25/2026); year-first with slashes (2026/03/05); and month names in English,
French or German ("5 March 2026", "March 5, 2026", "5 mars 2026", "05-Mar-26").
Two-digit years are 20xx.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from app.errors import InvalidValue
from app.i18n import _

_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_MAX_SERIAL = 2_958_465  # 9999-12-31
_NUMERIC = re.compile(r"^(\d{1,4})[./\-\s](\d{1,2})[./\-\s](\d{1,4})$")
_WORDS = re.compile(r"[^\W\d_]+\.?|\d+", re.UNICODE)


@cache
def _month_numbers() -> dict[str, int]:
    from babel.dates import get_month_names

    months: dict[str, int] = {}
    for language in ("en", "fr", "de"):
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                names = get_month_names(width, context, locale=language)
                for number, name in names.items():
                    months[name.lower().rstrip(".")] = number
    months["sept"] = 9  # a common English abbreviation Babel does not list
    return months


def _year(text: str) -> int:
    year = int(text)
    return 2000 + year if len(text) <= 2 else year


def _from_numbers(first: str, second: str, third: str) -> date:
    if len(first) == 4:  # 2026/03/05
        return date(int(first), int(second), int(third))
    day, month, year = int(first), int(second), _year(third)
    if month > 12 >= day:  # 03/25/2026 can only be month first
        day, month = month, day
    return date(year, month, day)


def _from_words(text: str) -> date:
    tokens = [token.rstrip(".").lower() for token in _WORDS.findall(text)]
    months = _month_numbers()
    month_tokens = [token for token in tokens if token in months]
    numbers = [token for token in tokens if token.isdigit()]
    if len(month_tokens) != 1 or len(numbers) != 2:
        raise ValueError(text)
    month = months[month_tokens[0]]
    # "5 March 2026" / "March 5, 2026": the four-digit (or second) number is the year.
    if len(numbers[0]) == 4:
        year, day = int(numbers[0]), int(numbers[1])
    else:
        day, year = int(numbers[0]), _year(numbers[1])
    return date(year, month, day)


def parse_date(value: Any) -> date | None:
    """A date from any cell value; None for an empty cell. Raises InvalidValue otherwise."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value <= _EXCEL_MAX_SERIAL:
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise InvalidValue(_("“{value}” is not a date").format(value=value))
    text = str(value).strip()
    if not text:
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ].*)?", text):
            return date.fromisoformat(text[:10])
        if re.fullmatch(r"\d{1,7}(\.0+)?", text) and len(text.split(".")[0]) >= 5:
            return parse_date(int(float(text)))  # a serial number that became text (CSV)
        numeric = _NUMERIC.match(text)
        if numeric:
            return _from_numbers(*numeric.groups())
        return _from_words(text)
    except (ValueError, OverflowError):
        raise InvalidValue(
            _("“{value}” is not a date (expected e.g. 2026-03-05 or 05/03/2026)").format(
                value=text[:60]
            )
        ) from None
