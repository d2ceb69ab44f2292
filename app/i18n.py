"""One gettext catalogue for the UI and the reports.

Every user-facing string goes through `_` (or `N_` where the text is only marked here and
translated where it is shown, e.g. labels declared at import time). The catalogue lives in
resources/translations/<lang>/LC_MESSAGES/privacy_workbench.mo; English is the source language,
so a missing catalogue simply shows the English text.
"""

from __future__ import annotations

import gettext
from pathlib import Path

DOMAIN = "privacy_workbench"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "resources" / "translations"

_translation: gettext.NullTranslations = gettext.NullTranslations()


def set_language(language: str | None) -> None:
    """Switch the catalogue ("fr", "de", ...); None or an unknown language means English."""
    global _translation
    languages = [language] if language else None
    _translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=languages, fallback=True)


def _(message: str) -> str:
    """Translate a user-facing message."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message that depends on a count."""
    return _translation.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a message for extraction without translating it yet (labels declared at import)."""
    return message
