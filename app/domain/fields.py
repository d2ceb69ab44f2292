"""Each editable field declared once: its label, its kind and the rule that checks it.

Services validate every change with these specs before anything is written; the GUI builds its
forms and the history view names fields from them. Labels are marked with N_ and translated
where they are shown.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from app.domain.countries import country_name, is_country_code
from app.domain.list_fields import Item, clean_items, clean_text_list
from app.errors import FieldError, InvalidValue, ValidationError
from app.i18n import _, ngettext


class FieldKind(StrEnum):
    TEXT = "text"
    MULTILINE = "multiline"
    EMAIL = "email"
    PHONE = "phone"
    COUNTRY = "country"
    COUNT = "count"
    CHOICE = "choice"
    COLOUR = "colour"
    IMAGE = "image"
    DATE = "date"
    BOOL = "bool"
    REFERENCE = "reference"  # the id of another record (`reference` names its record type)
    TEXT_LIST = "text_list"  # short texts, often picked from a catalogue
    ITEMS = "items"  # structured entries (`item_model`), e.g. purposes with their basis
    CHOICES = "choices"  # several values of `choices`, e.g. the types of a request
    DATETIME = "datetime"  # a moment with its time zone (breach clocks count real hours)
    REFERENCES = "references"  # ids of several records of the type `reference` names
    RICH_TEXT = "rich_text"  # a user's formatted answer: sanitised HTML (app/domain/rich_text)
    DOCUMENT = "document"  # a JSON object the app writes (a frozen snapshot); not user-edited


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str  # marked with N_, translated where shown
    kind: FieldKind = FieldKind.TEXT
    required: bool = False
    max_length: int = 300
    choices: type[StrEnum] | None = None
    choice_labels: Mapping[Any, str] | None = None  # value -> label marked with N_
    help: str = ""  # marked with N_: a plain-language explanation shown beside the field
    group: str = ""  # marked with N_: the form section the field belongs to
    reference: str | None = None  # REFERENCE: the record type pointed at
    catalogue: str | None = None  # TEXT_LIST: the catalogue that offers its entries
    item_model: type[Item] | None = None  # ITEMS: the model of one entry
    max_items: int = 200
    unique: bool = False  # no two records of the type may share the value

    def clean(self, value: Any) -> Any:
        """Return the value as it will be stored, or raise FieldError naming the field."""
        try:
            return _CLEANERS[self.kind](self, value)
        except _Invalid as problem:
            raise FieldError(self.name, _(self.label), str(problem)) from None


_Invalid = InvalidValue


# Control characters never belong in a name or an address; they break exports and terminals.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_EMAIL = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;.]{2,}$")
_PHONE = re.compile(r"^\+?[0-9 ().\-/]{5,25}$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
MAX_IMAGE_BYTES = 2 * 1024 * 1024
IMAGE_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


def image_mime(data: bytes) -> str | None:
    """The MIME type of a PNG or JPEG from its first bytes; None for anything else."""
    for signature, mime in IMAGE_SIGNATURES.items():
        if data.startswith(signature):
            return mime
    return None


def _text(spec: FieldSpec, value: Any, *, multiline: bool = False) -> str | None:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise _Invalid(_("expected text"))
    value = value.strip()
    if not multiline and ("\n" in value or "\r" in value):
        raise _Invalid(_("must fit on one line"))
    if _CONTROL.search(value):
        raise _Invalid(_("contains a control character"))
    if len(value) > spec.max_length:
        raise _Invalid(
            _("is {length} characters long; at most {limit} are allowed").format(
                length=len(value), limit=spec.max_length
            )
        )
    if not value:
        if spec.required:
            raise _Invalid(_("is required"))
        return None
    return value


def _clean_text(spec: FieldSpec, value: Any) -> str | None:
    return _text(spec, value)


def _clean_multiline(spec: FieldSpec, value: Any) -> str | None:
    text = _text(spec, value, multiline=True)
    return text.replace("\r\n", "\n") if text else text


def _clean_email(spec: FieldSpec, value: Any) -> str | None:
    text = _text(spec, value)
    if text and not _EMAIL.match(text):
        raise _Invalid(
            _("“{value}” is not an e-mail address (expected name@example.org)").format(value=text)
        )
    return text


def _clean_phone(spec: FieldSpec, value: Any) -> str | None:
    text = _text(spec, value)
    if text and not _PHONE.match(text):
        raise _Invalid(
            _("“{value}” is not a phone number (digits, spaces and an optional leading +)").format(
                value=text
            )
        )
    return text


def _clean_country(spec: FieldSpec, value: Any) -> str | None:
    text = _text(spec, value)
    if text is None:
        return None
    if not is_country_code(text):
        raise _Invalid(
            _("“{value}” is not an ISO 3166 country code (e.g. FR, DE, IE)").format(value=text)
        )
    return text.upper()


def _clean_count(spec: FieldSpec, value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if spec.required:
            raise _Invalid(_("is required"))
        return None
    if isinstance(value, bool):
        raise _Invalid(_("expected a whole number"))
    try:
        number = int(str(value).strip())
    except ValueError:
        raise _Invalid(_("“{value}” is not a whole number").format(value=value)) from None
    if number < 0 or number > 10_000_000:
        raise _Invalid(_("must be between 0 and 10,000,000"))
    return number


def _clean_choice(spec: FieldSpec, value: Any) -> str | None:
    assert spec.choices is not None
    if value is None or value == "":
        if spec.required:
            raise _Invalid(_("is required"))
        return None
    allowed = [member.value for member in spec.choices]
    if str(value) not in allowed:
        raise _Invalid(
            _("“{value}” is not one of: {allowed}").format(value=value, allowed=", ".join(allowed))
        )
    return str(value)


def _clean_colour(spec: FieldSpec, value: Any) -> str | None:
    text = _text(spec, value)
    if text and not _COLOUR.match(text):
        raise _Invalid(_("“{value}” is not a colour (expected #RRGGBB)").format(value=text))
    return text.lower() if text else None


def _clean_image(spec: FieldSpec, value: Any) -> bytes | None:
    if value is None or value == b"":
        return None
    if not isinstance(value, bytes):
        raise _Invalid(_("expected an image file"))
    if len(value) > MAX_IMAGE_BYTES:
        raise _Invalid(
            _("the image is {size} KB; at most {limit} KB are allowed").format(
                size=len(value) // 1024, limit=MAX_IMAGE_BYTES // 1024
            )
        )
    if image_mime(value) is None:
        raise _Invalid(_("only PNG and JPEG images are accepted"))
    return value


def _clean_date(spec: FieldSpec, value: Any) -> date | None:
    if value is None or value == "":
        if spec.required:
            raise _Invalid(_("is required"))
        return None
    if isinstance(value, datetime):  # a date field keeps the day, not the time of day
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise _Invalid(
            _("“{value}” is not a date (expected YYYY-MM-DD)").format(value=value)
        ) from None


def _clean_bool(spec: FieldSpec, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value is None or value == "":
        return False
    text = str(value).strip().lower()
    if text in {"1", "yes", "true", "y", "x", "oui", "ja"}:
        return True
    if text in {"0", "no", "false", "n", "non", "nein"}:
        return False
    raise _Invalid(_("“{value}” is not yes or no").format(value=value))


def _clean_reference(spec: FieldSpec, value: Any) -> int | None:
    if value is None or value == "":
        if spec.required:
            raise _Invalid(_("is required"))
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise _Invalid(_("expected a record id"))
    try:
        number = int(value)
    except ValueError:
        raise _Invalid(_("“{value}” is not a record id").format(value=value)) from None
    if number < 1:
        raise _Invalid(_("“{value}” is not a record id").format(value=value))
    return number


def _clean_text_list(spec: FieldSpec, value: Any) -> list[str]:
    return clean_text_list(value, spec.max_items, spec.max_length)


def _clean_items(spec: FieldSpec, value: Any) -> list[dict[str, Any]]:
    assert spec.item_model is not None
    return clean_items(spec.item_model, value, spec.max_items)


def _clean_choices(spec: FieldSpec, value: Any) -> list[str]:
    assert spec.choices is not None
    if value is None or value == "":
        values: list[Any] = []
    elif isinstance(value, str):
        values = [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]
    elif isinstance(value, list | tuple):
        values = list(value)
    else:
        raise _Invalid(_("expected a list of choices"))
    allowed = [member.value for member in spec.choices]
    for entry in values:
        if str(entry) not in allowed:
            raise _Invalid(
                _("“{value}” is not one of: {allowed}").format(
                    value=entry, allowed=", ".join(allowed)
                )
            )
    chosen = [member for member in allowed if member in {str(entry) for entry in values}]
    if spec.required and not chosen:
        raise _Invalid(_("choose at least one"))
    return chosen


def _clean_references(spec: FieldSpec, value: Any) -> list[int]:
    if value is None or value == "":
        values: list[Any] = []
    elif isinstance(value, list | tuple):
        values = list(value)
    else:
        raise _Invalid(_("expected a list of record ids"))
    ids: dict[int, None] = {}
    for entry in values:
        number = _clean_reference(FieldSpec(spec.name, spec.label, FieldKind.REFERENCE), entry)
        if number is not None:
            ids.setdefault(number, None)
    if spec.required and not ids:
        raise _Invalid(_("choose at least one"))
    if len(ids) > spec.max_items:
        raise _Invalid(
            _("has {count} entries; at most {limit} are allowed").format(
                count=len(ids), limit=spec.max_items
            )
        )
    return list(ids)


def _clean_rich_text(spec: FieldSpec, value: Any) -> str | None:
    from app.domain.rich_text import sanitise_html

    if value is None or str(value).strip() == "":
        if spec.required:
            raise _Invalid(_("is required"))
        return None
    if not isinstance(value, str):
        raise _Invalid(_("expected text"))
    cleaned = sanitise_html(value)
    if len(cleaned) > spec.max_length:
        raise _Invalid(_("is too long (at most {limit} characters)").format(limit=spec.max_length))
    return cleaned


MAX_DOCUMENT_BYTES = 5 * 1024 * 1024


def _clean_document(spec: FieldSpec, value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise _Invalid(_("expected a JSON object"))
    try:
        size = len(json.dumps(value, default=str))
    except (TypeError, ValueError):
        raise _Invalid(_("cannot be stored as JSON")) from None
    if size > MAX_DOCUMENT_BYTES:
        raise _Invalid(_("is too large"))
    return value


def _clean_datetime(spec: FieldSpec, value: Any) -> datetime | None:
    if value is None or value == "":
        if spec.required:
            raise _Invalid(_("is required"))
        return None
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(str(value).strip())
        except ValueError:
            raise _Invalid(
                _("“{value}” is not a date and time (expected YYYY-MM-DDTHH:MM+HH:MM)").format(
                    value=value
                )
            ) from None
    if moment.tzinfo is None:
        raise _Invalid(_("“{value}” needs its time zone, e.g. +01:00").format(value=value))
    return moment.astimezone(UTC)


_CLEANERS = {
    FieldKind.REFERENCES: _clean_references,
    FieldKind.RICH_TEXT: _clean_rich_text,
    FieldKind.DOCUMENT: _clean_document,
    FieldKind.TEXT: _clean_text,
    FieldKind.MULTILINE: _clean_multiline,
    FieldKind.EMAIL: _clean_email,
    FieldKind.PHONE: _clean_phone,
    FieldKind.COUNTRY: _clean_country,
    FieldKind.COUNT: _clean_count,
    FieldKind.CHOICE: _clean_choice,
    FieldKind.COLOUR: _clean_colour,
    FieldKind.IMAGE: _clean_image,
    FieldKind.DATE: _clean_date,
    FieldKind.BOOL: _clean_bool,
    FieldKind.REFERENCE: _clean_reference,
    FieldKind.TEXT_LIST: _clean_text_list,
    FieldKind.ITEMS: _clean_items,
    FieldKind.CHOICES: _clean_choices,
    FieldKind.DATETIME: _clean_datetime,
}


def display_value(spec: FieldSpec, value: Any) -> str:
    """A value as a person reads it in the history, a table or a report."""
    if value is None or value == "" or value == []:
        return "—"
    if spec.kind is FieldKind.BOOL:
        return _("Yes") if value else _("No")
    if spec.kind is FieldKind.TEXT_LIST and isinstance(value, list):
        return "; ".join(str(entry) for entry in value)
    if spec.kind is FieldKind.DOCUMENT:
        return _("(snapshot)")
    if spec.kind is FieldKind.RICH_TEXT:
        from app.domain.rich_text import html_to_text

        return html_to_text(str(value))
    if spec.kind is FieldKind.REFERENCES and isinstance(value, list):
        return ", ".join(f"#{entry}" for entry in value)
    if spec.kind is FieldKind.ITEMS and isinstance(value, list):
        return ngettext("{count} entry", "{count} entries", len(value)).format(count=len(value))
    if spec.kind is FieldKind.CHOICES and isinstance(value, list):
        labels = spec.choice_labels or {}
        return ", ".join(_(labels[v]) if v in labels else str(v) for v in value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M %Z")
    if spec.kind is FieldKind.CHOICE and spec.choice_labels:
        label = spec.choice_labels.get(str(value))
        return _(label) if label else str(value)
    if spec.kind is FieldKind.COUNTRY:
        return f"{country_name(str(value))} ({value})"
    if spec.kind is FieldKind.IMAGE and isinstance(value, bytes):
        return _("Image ({size} KB)").format(size=max(1, len(value) // 1024))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def clean_values(specs: Mapping[str, FieldSpec], values: Mapping[str, Any]) -> dict[str, Any]:
    """Check every value against its spec; raise one ValidationError listing all problems."""
    cleaned: dict[str, Any] = {}
    errors: list[FieldError] = []
    for name, value in values.items():
        spec = specs.get(name)
        if spec is None:
            errors.append(FieldError(name, name, _("is not a field of this record")))
            continue
        try:
            cleaned[name] = spec.clean(value)
        except FieldError as error:
            errors.append(error)
    if errors:
        raise ValidationError(errors)
    return cleaned


def check_required(specs: Mapping[str, FieldSpec], values: Mapping[str, Any]) -> None:
    """For a new record: every required field must be present."""
    missing = [
        FieldError(spec.name, _(spec.label), _("is required"))
        for spec in specs.values()
        if spec.required and values.get(spec.name) in (None, "")
    ]
    if missing:
        raise ValidationError(missing)
