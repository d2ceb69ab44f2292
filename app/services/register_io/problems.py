"""What an import found: every problem with its place in the file, and the report it returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from app.errors import UserError
from app.i18n import _, ngettext

if TYPE_CHECKING:
    from app.services.changes import ChangeResult


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong, where the user can find it: the spreadsheet row number they see (or
    the entry of a JSON list) and the column heading (or JSON key)."""

    file: str
    row: int | str | None  # None: the file as a whole
    column: str
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.row}:{self.column}: {self.message}"


class Problems:
    """Collects problems while a file is read and checked, so all of them are reported."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[ImportProblem] = []

    def add(self, row: int | str | None, column: str, message: str) -> None:
        self.items.append(ImportProblem(self.file, row, column, message))

    def sorted(self) -> list[ImportProblem]:
        """In the order the user reads the file: sheet by sheet, row by row (problems of one
        row keep the order of its columns)."""

        def place(problem: ImportProblem) -> tuple[int, str, int]:
            row = problem.row
            if row is None:
                return (0, "", 0)
            if isinstance(row, int):
                return (1, "", row)
            sheet, _mark, number = row.rpartition("!") if "!" in row else row.partition("[")
            digits = "".join(char for char in number if char.isdigit())
            return (2, sheet, int(digits or 0))

        return sorted(self.items, key=place)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)


@dataclass
class ImportReport:
    """The outcome of `import_register` (or of a dry run: the same checks, nothing written)."""

    path: Path
    layout: str  # "ours", "ico" or "mapped"
    dry_run: bool
    activities: int = 0
    vendors: int = 0
    processor_activities: int = 0
    notes: list[str] = field(default_factory=list)
    errors: list[ImportProblem] = field(default_factory=list)
    change: ChangeResult | None = None  # the one change written (None on a dry run)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        """One sentence for a status line or the command line."""
        if self.errors:
            return ngettext(
                "{count} problem in {file}; nothing was imported.",
                "{count} problems in {file}; nothing was imported.",
                len(self.errors),
            ).format(count=len(self.errors), file=self.path.name)
        counts = _("{activities} and {vendors}").format(
            activities=ngettext("{n} activity", "{n} activities", self.activities).format(
                n=self.activities
            ),
            vendors=ngettext("{n} vendor", "{n} vendors", self.vendors).format(n=self.vendors),
        )
        if self.processor_activities:
            counts += ", " + ngettext(
                "{n} processor record", "{n} processor records", self.processor_activities
            ).format(n=self.processor_activities)
        if self.dry_run:
            return _("{counts} ready to import.").format(counts=counts)
        return _("Imported {counts}.").format(counts=counts)


class RegisterImportError(UserError):
    """The file cannot be imported; `errors` lists every problem (nothing was written)."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__(report.summary())
        self.report = report
        self.errors = report.errors


# The name the issue uses for it; kept as an alias so both spellings import.
ImportError_ = RegisterImportError
