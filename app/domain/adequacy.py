"""Adequacy decisions (Art. 45), from the dated list in resources/knowledge/catalogues."""

from __future__ import annotations

from functools import cache
from typing import Any

from app.domain.countries import in_eea
from app.resources import load_json


@cache
def _decisions() -> dict[str, dict[str, Any]]:
    entries = load_json("knowledge/catalogues/adequacy.json")["entries"]
    return {str(entry["key"]).upper(): entry for entry in entries}


def adequacy_decision(destination: str) -> dict[str, Any] | None:
    """The decision covering a destination (ISO code or organisation key), if any."""
    return _decisions().get(destination.strip().upper().replace(" ", "_"))


def needs_chapter_v(destination: str) -> bool:
    """Whether sending data there is a transfer: anywhere outside the EEA, and any
    international organisation."""
    code = destination.strip()
    return not (len(code) == 2 and in_eea(code))
