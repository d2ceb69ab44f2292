"""Paths of the files in tests/fixtures (see its README for where each comes from)."""

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CNIL_PIA_EXAMPLE = FIXTURES / "cnil-pia" / "captoo-example.json"
