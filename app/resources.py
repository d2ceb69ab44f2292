"""Where the shipped, read-only resources live (knowledge base, templates, demo data, icons)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "resources"
REPORT_TEMPLATES = ROOT / "report_templates"


@cache
def load_json(relative: str) -> Any:
    """Read a JSON resource once; the knowledge base never changes while the app runs."""
    return json.loads((RESOURCES / relative).read_text(encoding="utf-8"))
