"""The command line's common parts: the parser that reports in one line, the workspace and
format options, opening the workspace, and printing tables, JSON and checked output paths.
Every command module uses these; none of them imports app.cli back."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from app.errors import UserError
from app.i18n import _
from app.storage.workspace import Workspace

WORKSPACE_VARIABLE = "PRIVACY_WORKBENCH_WORKSPACE"
USAGE_ERROR = 2


class CliParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line naming the problem, as for every other user error.
        self.exit(USAGE_ERROR, f"{self.prog}: {message} (see --help)\n")


def workspace_argument(parser: argparse.ArgumentParser, required: bool = True) -> None:
    parser.add_argument(
        "-w",
        "--workspace",
        metavar="PATH_OR_URL",
        default=os.environ.get(WORKSPACE_VARIABLE),
        required=required and not os.environ.get(WORKSPACE_VARIABLE),
        help=_("workspace file (.pwb) or postgresql:// URL; default: ${var}").format(
            var=WORKSPACE_VARIABLE
        ),
    )


def format_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help=_("output format (default: text)"),
    )


def print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def open_workspace(args: argparse.Namespace) -> Workspace:
    def told(backup: Path | str) -> None:
        print(
            _("Workspace upgraded; a backup of the previous version is at {backup}").format(
                backup=backup
            ),
            file=sys.stderr,
        )

    return Workspace.open(args.workspace, on_migrate=told)


def check_output(path: Path, suffixes: Sequence[str]) -> Path:
    path = path.expanduser().resolve()
    if path.suffix.lower() not in suffixes:
        raise UserError(
            _("{path}: the output must end in {suffixes}").format(
                path=path, suffixes=" or ".join(suffixes)
            )
        )
    if not path.parent.is_dir():
        raise UserError(
            _("{path}: the folder {folder} does not exist").format(path=path, folder=path.parent)
        )
    return path


def print_table(headings: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Rows in aligned columns (the last column is not padded)."""
    widths = [max([len(h), *(len(row[i]) for row in rows)]) for i, h in enumerate(headings)]
    for row in [list(headings), *rows]:
        cells = [cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=False)]
        print("  ".join([*cells, row[-1]]).rstrip())
