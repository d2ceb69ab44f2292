"""Reading codes from the words people use: legal bases ("Contract", "Article 6(1)(b)"),
Art. 9 conditions, transfer safeguards, any register choice by code or label, countries by
name. Used by every import layout; our own export writes the codes, which read back as is."""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from functools import cache, lru_cache

from app.domain.countries import country_names, is_country_code
from app.domain.legal_bases import Art9Condition, LegalBasis
from app.domain.register_items import CHOICE_LABELS, TransferMechanism
from app.errors import InvalidValue
from app.i18n import _


@lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """Lower case, accents and punctuation dropped, spaces collapsed: how headings and
    wording are compared. Cached: an import compares the same few words thousands of times."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
    return " ".join(re.sub(r"[^\w]+", " ", plain).split())


_EMPTY_WORDS = frozenset({"", "n a", "na", "none", "not applicable", "nil", "no", "n"})


def is_blank(text: str) -> bool:
    """Cells that say there is nothing: "N/A", "None", "-", "Not applicable"."""
    return normalise(text) in _EMPTY_WORDS


# -- any choice: its code, its label (translated or English), or its label without "(Art. …)"


@cache
def _choice_words(enum: type[StrEnum]) -> dict[str, str]:
    words: dict[str, str] = {}
    labels = CHOICE_LABELS.get(enum, {})
    for member in enum:
        words[member.value] = member.value
        words[normalise(member.value)] = member.value
        words[normalise(member.name)] = member.value
        label = labels.get(member)
        if label:
            for text in (label, _(label)):
                words[normalise(text)] = member.value
                words[normalise(re.sub(r"\(.*\)", "", text))] = member.value
    return words


def parse_choice(enum: type[StrEnum], text: str) -> str:
    """The code of a choice; raises InvalidValue naming the accepted codes."""
    words = _choice_words(enum)
    code = words.get(text) or words.get(normalise(text))
    if code is None:
        raise InvalidValue(
            _("“{value}” is not one of {allowed}").format(
                value=text[:80], allowed=", ".join(member.value for member in enum)
            )
        )
    return code


# -- lawful bases: the ICO's wording and every way of writing Art. 6(1)(x) -------------------

_BASIS_WORDS = {
    "consent": LegalBasis.CONSENT,
    "contract": LegalBasis.CONTRACT,
    "contractual": LegalBasis.CONTRACT,
    "performance of a contract": LegalBasis.CONTRACT,
    "legal obligation": LegalBasis.LEGAL_OBLIGATION,
    "legal requirement": LegalBasis.LEGAL_OBLIGATION,
    "vital interests": LegalBasis.VITAL_INTERESTS,
    "vital interest": LegalBasis.VITAL_INTERESTS,
    "public task": LegalBasis.PUBLIC_TASK,
    "public interest": LegalBasis.PUBLIC_TASK,
    "official authority": LegalBasis.PUBLIC_TASK,
    "legitimate interests": LegalBasis.LEGITIMATE_INTERESTS,
    "legitimate interest": LegalBasis.LEGITIMATE_INTERESTS,
}
_BASIS_CODES = frozenset(member.value for member in LegalBasis)
# "Art. 6(1)(b)", "Article 6.1.b", "6(1)(b)", "6 1 b" after normalising.
_ARTICLE_6 = re.compile(r"^(?:art(?:icle)?\s*)?6\s*1\s*([a-f])\b")
_ARTICLE_9 = re.compile(r"^(?:art(?:icle)?\s*)?9\s*2\s*([a-j])\b")


def parse_legal_basis(text: str) -> str:
    """One lawful basis of Art. 6(1), from its code, label, letter form or the ICO's words."""
    if text in _BASIS_CODES:
        return text
    words = normalise(text)
    words = re.sub(r"^(?:uk\s+)?gdpr\s+", "", words)
    match = _ARTICLE_6.match(words)
    if match:
        return f"6.1.{match.group(1)}"
    for phrase, basis in _BASIS_WORDS.items():
        if words == phrase or words.startswith(phrase + " "):
            return basis.value
    try:
        return parse_choice(LegalBasis, text)
    except InvalidValue:
        raise InvalidValue(
            _(
                "“{value}” is not a lawful basis of Art. 6(1) (expected Consent, Contract, "
                "Legal obligation, Vital interests, Public task, Legitimate interests, "
                "or 6.1.a to 6.1.f)"
            ).format(value=text[:80])
        ) from None


def parse_legal_bases(text: str) -> list[str]:
    """Several bases in one cell, separated by line breaks, commas, semicolons, "/" or "and"."""
    parts = re.split(r"[\n;,/]|\band\b|\s&\s", text)
    return [parse_legal_basis(part) for part in parts if part.strip()]


_ART9_WORDS = {
    "explicit consent": Art9Condition.EXPLICIT_CONSENT,
    "employment": Art9Condition.EMPLOYMENT_LAW,
    "social security": Art9Condition.EMPLOYMENT_LAW,
    "vital interests": Art9Condition.VITAL_INTERESTS,
    "not for profit": Art9Condition.NOT_FOR_PROFIT,
    "made public": Art9Condition.MADE_PUBLIC,
    "manifestly made public": Art9Condition.MADE_PUBLIC,
    "legal claims": Art9Condition.LEGAL_CLAIMS,
    "substantial public interest": Art9Condition.SUBSTANTIAL_PUBLIC_INTEREST,
    "health or social care": Art9Condition.HEALTH_CARE,
    "health": Art9Condition.HEALTH_CARE,
    "public health": Art9Condition.PUBLIC_HEALTH,
    "archiving": Art9Condition.RESEARCH,
    "research": Art9Condition.RESEARCH,
}


def parse_art9(text: str) -> str:
    """An Art. 9(2) condition from its code, label, letter form or usual words."""
    words = re.sub(r"^(?:uk\s+)?gdpr\s+", "", normalise(text))
    match = _ARTICLE_9.match(words)
    if match:
        return f"9.2.{match.group(1)}"
    for phrase, condition in sorted(_ART9_WORDS.items(), key=lambda item: -len(item[0])):
        if words.startswith(phrase):
            return condition.value
    return parse_choice(Art9Condition, text)


_MECHANISM_WORDS = [
    ("standard contractual clauses", TransferMechanism.SCC),
    ("scc", TransferMechanism.SCC),
    ("model clauses", TransferMechanism.SCC),
    ("idta", TransferMechanism.SCC),
    ("international data transfer agreement", TransferMechanism.SCC),
    ("adequacy", TransferMechanism.ADEQUACY),
    ("adequate", TransferMechanism.ADEQUACY),
    ("data privacy framework", TransferMechanism.ADEQUACY),
    ("binding corporate rules", TransferMechanism.BCR),
    ("bcr", TransferMechanism.BCR),
    ("code of conduct", TransferMechanism.CODE_OR_CERTIFICATION),
    ("certification", TransferMechanism.CODE_OR_CERTIFICATION),
    ("derogation", TransferMechanism.DEROGATION),
    ("article 49", TransferMechanism.DEROGATION),
    ("art 49", TransferMechanism.DEROGATION),
]


def parse_mechanism(text: str) -> str:
    """A transfer safeguard from its code, label or usual words ("SCCs", "adequacy")."""
    words = normalise(text)
    for phrase, mechanism in _MECHANISM_WORDS:
        if re.search(rf"\b{phrase}s?\b", words):
            return mechanism.value
    return parse_choice(TransferMechanism, text)


# -- countries -------------------------------------------------------------------------------

_COUNTRY_ALIASES = {
    "usa": "US",
    "u s a": "US",
    "u s": "US",
    "united states of america": "US",
    "america": "US",
    "uk": "GB",
    "u k": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "korea": "KR",
    "south korea": "KR",
    "republic of korea": "KR",
    "czech republic": "CZ",
    "turkey": "TR",
    "holland": "NL",
    "uae": "AE",
    "russia": "RU",
}


@cache
def _country_words() -> dict[str, str]:
    words: dict[str, str] = {}
    for language in ("en", "fr", "de"):
        for code, name in country_names(language).items():
            words[normalise(name)] = code
    words.update(_COUNTRY_ALIASES)
    return words


def country_code(text: str) -> str | None:
    """The ISO code of a country written as a code or a name; None when it is no country."""
    stripped = text.strip()
    if len(stripped) == 2 and is_country_code(stripped):
        return stripped.upper()
    words = re.sub(r"^the\s+", "", normalise(stripped))
    return _country_words().get(words)


_ORGANISATION_HINTS = re.compile(
    r"\b(organi[sz]ation|international|nations|bank|agency|fund|union|council|office|"
    r"court|committee|interpol|who|un|oecd|wto|imf|nato|icrc|red cross)\b"
)


def transfer_destination(text: str) -> str:
    """A transfer destination: a country's ISO code, or the name of an international
    organisation. Anything else (a misspelt country, a made-up code) is refused."""
    code = country_code(text)
    if code:
        return code
    stripped = text.strip()
    if len(stripped) > 3 and _ORGANISATION_HINTS.search(normalise(stripped)):
        return stripped
    raise InvalidValue(
        _(
            "“{value}” is not a country we know; write its ISO code (e.g. US) or its English "
            "name, or the full name of an international organisation"
        ).format(value=stripped[:80])
    )
