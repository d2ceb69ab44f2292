"""Countries by ISO 3166-1 alpha-2 code, their names in the user's language, and the EEA."""

from __future__ import annotations

from functools import cache

from babel import Locale

from app.resources import load_json

# Babel's territory list also holds regions and codes reserved for other uses.
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"})


@cache
def country_names(language: str = "en") -> dict[str, str]:
    """ISO code -> country name in `language`, sorted by name."""
    territories = Locale.parse(language).territories
    names = {
        code: name
        for code, name in territories.items()
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    }
    return dict(sorted(names.items(), key=lambda item: item[1]))


def country_name(code: str | None, language: str = "en") -> str:
    if not code:
        return ""
    return country_names(language).get(code.upper(), code)


def is_country_code(code: str) -> bool:
    return code.upper() in country_names("en")


@cache
def eea_codes() -> frozenset[str]:
    data = load_json("knowledge/eea_countries.json")
    return frozenset(data["eu"]) | frozenset(data["eea_only"])


def in_eea(code: str | None) -> bool:
    """True for the 30 countries where the GDPR applies directly (EU plus IS, LI, NO)."""
    return bool(code) and code.upper() in eea_codes()  # type: ignore[union-attr]


def supervisory_authorities() -> list[dict[str, str]]:
    """Suggestions for the lead supervisory authority, one per EEA country."""
    return list(load_json("knowledge/supervisory_authorities.json")["authorities"])
