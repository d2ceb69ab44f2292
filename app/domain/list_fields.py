"""Fields that hold lists: plain text lists (data subjects, systems) and lists of structured
items (purposes, data categories, recipients, transfers), stored as JSON.

Items are pydantic models; a bad item is refused with a message that names the item's position
and the item field, in the user's words ("item 2, Legal basis: ...").
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator
from pydantic import ValidationError as PydanticError
from pydantic_core import PydanticCustomError

from app.errors import InvalidValue
from app.i18n import _

MAX_ITEM_TEXT = 2000


# Control characters break exports and terminals; every text field refuses them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class Item(BaseModel):
    """Base of every list item: unknown keys are refused, text is trimmed, and control
    characters are refused as in every other text field."""

    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, use_enum_values=True, validate_default=True
    )

    @model_validator(mode="after")
    def _no_control_characters(self) -> Item:
        # One check per item rather than per field: imports validate 10,000s of items.
        for name, value in self:
            texts = value if isinstance(value, list) else [value]
            if any(isinstance(text, str) and _CONTROL.search(text) for text in texts):
                raise PydanticCustomError("control_character", "control character", {"field": name})
        return self


def _item_problem(model: type[Item], error: dict[str, Any]) -> str:
    location = error.get("loc") or ()
    name = str(location[0]) if location else ""
    field = model.model_fields.get(name)
    label = _(field.title) if field is not None and field.title else name
    kind = error.get("type", "")
    if kind == "missing":
        problem = _("is required")
    elif kind == "extra_forbidden":
        problem = _("is not a known column")
    elif kind == "enum":
        allowed = error.get("ctx", {}).get("expected", "")
        problem = _("“{value}” is not one of {allowed}").format(
            value=error.get("input"), allowed=allowed
        )
    elif kind == "string_too_short":
        problem = _("is required")
    elif kind in ("int_parsing", "int_type", "int_from_float"):
        problem = _("expected a whole number")
    elif kind == "less_than_equal":
        problem = _("must be at most {limit}").format(limit=error.get("ctx", {}).get("le"))
    elif kind == "greater_than_equal":
        problem = _("must be at least {limit}").format(limit=error.get("ctx", {}).get("ge"))
    elif kind in ("list_type", "dict_type", "model_type"):
        problem = _("has the wrong form")
    elif kind == "control_character":
        field_name = str(error.get("ctx", {}).get("field", ""))
        field = model.model_fields.get(field_name)
        label = _(field.title) if field is not None and field.title else field_name
        problem = _("contains a control character")
    elif kind == "string_too_long":
        problem = _("is too long (at most {limit} characters)").format(
            limit=error.get("ctx", {}).get("max_length")
        )
    else:
        problem = str(error.get("msg", kind))
    return f"{label}: {problem}" if label else problem


def clean_items(model: type[Item], value: Any, max_items: int) -> list[dict[str, Any]]:
    """Validate a list of items; returns plain JSON-ready dicts."""
    if value is None or value == "":
        return []
    if not isinstance(value, list | tuple):
        raise InvalidValue(_("expected a list"))
    if len(value) > max_items:
        raise InvalidValue(
            _("has {count} entries; at most {limit} are allowed").format(
                count=len(value), limit=max_items
            )
        )
    cleaned = []
    for position, item in enumerate(value, start=1):
        try:
            model_item = item if isinstance(item, model) else model.model_validate(item)
        except PydanticError as error:
            first = error.errors()[0]
            raise InvalidValue(
                _("entry {position}, {problem}").format(
                    position=position, problem=_item_problem(model, dict(first))
                )
            ) from None
        cleaned.append(model_item.model_dump(mode="json"))
    return cleaned


def clean_text_list(value: Any, max_items: int, max_length: int) -> list[str]:
    """A list of short texts: trimmed, empty entries dropped, duplicates removed in order."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        value = [part for part in value.replace(";", "\n").splitlines()]
    if not isinstance(value, list | tuple):
        raise InvalidValue(_("expected a list"))
    seen: dict[str, None] = {}
    for entry in value:
        if not isinstance(entry, str):
            raise InvalidValue(_("expected text entries"))
        text = entry.strip()
        if any(ord(c) < 32 for c in text):
            raise InvalidValue(_("“{value}” contains a control character").format(value=text))
        if len(text) > max_length:
            raise InvalidValue(
                _("“{value}…” is too long (at most {limit} characters)").format(
                    value=text[:30], limit=max_length
                )
            )
        if text:
            seen.setdefault(text, None)
    if len(seen) > max_items:
        raise InvalidValue(
            _("has {count} entries; at most {limit} are allowed").format(
                count=len(seen), limit=max_items
            )
        )
    return list(seen)
