"""What the wizard and the plans page share about a plan's answers: a blank plan, whether two
sets of answers differ, an error as the sentences to show, and file names and folders."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths

from app.errors import UserError, ValidationError
from app.i18n import _

# The answers of a plan nobody has started.
BLANK: dict[str, Any] = {
    "name": "",
    "objective": "",
    "channel": None,
    "channel_detail": "",
    "data_subjects": [],
    "data": [],
    "purposes": [],
    "internal_access": [],
    "recipients": [],
    "transfers": [],
    "security_measures": [],
    "security_notes": "",
    "information_method": "",
    "rights_channel": "",
    "screening": [],
    "screening_notes": "",
}
_UNSAFE_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def comparable(values: Mapping[str, Any]) -> dict[str, Any]:
    """The answers given (an empty text or list is no answer), to see whether any changed."""
    return {name: value for name, value in values.items() if value not in (None, "", [])}


def error_lines(error: BaseException) -> list[str]:
    """An error as the sentences to show: one per field for a ValidationError, the reason for
    a file that cannot be read or written."""
    if isinstance(error, ValidationError):
        return [str(problem) for problem in error.errors]
    if isinstance(error, UserError):
        return [str(error)]
    if isinstance(error, OSError):
        return [str(error)]
    return [
        _("The plan could not be stored because of an unexpected error: {error}").format(
            error=error
        )
    ]


def documents_folder() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder or Path.home())


def file_name(text: str, suffix: str) -> str:
    """A file name made of `text` (a plan's name), safe on every system."""
    name = _UNSAFE_IN_FILE_NAMES.sub(" ", text).strip() or _("Collection plan")
    return f"{name}{suffix}"


def with_suffix(path: Path, suffix: str) -> Path:
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)
