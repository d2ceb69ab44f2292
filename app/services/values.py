"""Field values as JSON text in the audit trail, and back."""

from __future__ import annotations

import base64
import json
from datetime import date, datetime
from typing import Any


def encode_value(value: Any) -> str | None:
    """JSON text for an audit event; None stays None (no value)."""
    if value is None:
        return None
    if isinstance(value, bytes):
        return json.dumps({"$bytes": base64.b64encode(value).decode("ascii")})
    if isinstance(value, datetime):
        return json.dumps({"$datetime": value.isoformat()})
    if isinstance(value, date):
        return json.dumps({"$date": value.isoformat()})
    return json.dumps(value)


def decode_value(text: str | None) -> Any:
    if text is None:
        return None
    value = json.loads(text)
    if isinstance(value, dict):
        if "$bytes" in value:
            return base64.b64decode(value["$bytes"])
        if "$datetime" in value:
            return datetime.fromisoformat(value["$datetime"])
        if "$date" in value:
            return date.fromisoformat(value["$date"])
    return value
