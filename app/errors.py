"""Errors a user can cause and understand.

Everything derived from UserError carries a message written for the person at the keyboard;
the command line prints it on one line and exits with code 2, the GUI shows it in a dialog.
Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can fix: its message names what is wrong and where."""


class WorkspaceError(UserError):
    """The workspace cannot be created or opened."""


class WorkspaceNotFound(WorkspaceError):
    pass


class WorkspaceExists(WorkspaceError):
    pass


class NotAWorkspace(WorkspaceError):
    pass


class NewerWorkspace(WorkspaceError):
    """The workspace was written by a newer version of the app; we never downgrade it."""


class ServerUnreachable(WorkspaceError):
    pass


class FieldError(UserError):
    """One field's value is not acceptable."""

    def __init__(self, field: str, label: str, message: str) -> None:
        super().__init__(f"{label}: {message}")
        self.field = field
        self.label = label
        self.message = message


class ValidationError(UserError):
    """One or more fields are not acceptable; nothing was stored."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


class RecordNotFound(UserError):
    pass


class ConflictError(UserError):
    """Someone saved the record after we read it; saving now would overwrite their change."""

    def __init__(
        self, message: str, *, record_type: str, record_id: int, current_version: int | None = None
    ) -> None:
        super().__init__(message)
        self.record_type = record_type
        self.record_id = record_id
        self.current_version = current_version


class InvalidValue(ValueError):
    """Raised by a field rule; the field spec adds the field's name and label around it."""
