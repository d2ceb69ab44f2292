"""What the `request` and `breach` commands share: option types that check a value while the
arguments are read (built from the fields' own rules), the `--id` option and its look-up by
reference or id, checks against the workspace, and how days and moments are shown.
"""

from __future__ import annotations

import argparse
import calendar
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.domain.fields import FieldSpec
from app.domain.rights_request import REQUEST_FIELDS
from app.errors import FieldError, UserError
from app.i18n import _

if TYPE_CHECKING:
    from app.domain.deadlines import Deadline
    from app.storage.workspace import Workspace

# The largest integer id the database holds: a bigger number names no record, so it is
# reported missing without being sent to the query.
_MAX_ID = 2**31 - 1


# --- reading the options ---------------------------------------------------------------------


def checked(spec: FieldSpec) -> Callable[[str], Any]:
    """An argparse type that cleans an option's value with the field's own rule; a given
    option must have a value."""
    required = replace(spec, required=True)

    def convert(text: str) -> Any:
        try:
            return required.clean(text)
        except FieldError as error:
            raise argparse.ArgumentTypeError(error.message) from None

    return convert


def parse_time_zone(text: str) -> str:
    name = text.strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise argparse.ArgumentTypeError(
            _("“{value}” is not a time zone (expected a name such as Europe/Paris or UTC)").format(
                value=text
            )
        ) from None
    return name


# Every day option reads like a request's day of receipt (the breach's --closed too).
DATE = checked(REQUEST_FIELDS["received_on"])


def enum_values(enum: Any) -> list[str]:
    return [member.value for member in enum]


def id_argument(parser: argparse.ArgumentParser, example: str) -> None:
    parser.add_argument(
        "--id",
        required=True,
        metavar=f"{example}|ID",
        help=_("the reference or the numeric id"),
    )


def activity_argument(parser: argparse.ArgumentParser, more: str = "") -> None:
    """`--activity PA-001`, checked against the register by activity_references."""
    parser.add_argument(
        "--activity",
        dest="activities",
        action="append",
        type=checked(replace(REQUEST_FIELDS["requester"], max_length=40)),
        metavar="PA-001",
        help=_("a register activity the request concerns, repeatable") + more,
    )


# --- checking against the workspace ----------------------------------------------------------


def find_record(workspace: Workspace, table: Any, text: str, missing: str) -> int:
    """The id of the record a reference (any case) or a numeric id names."""
    from sqlalchemy import func
    from sqlmodel import select

    wanted = text.strip()
    with workspace.session() as session:
        if wanted.isdigit():
            found = session.get(table, int(wanted)) if 0 < int(wanted) <= _MAX_ID else None
        else:
            query = select(table).where(func.upper(table.reference) == wanted.upper())
            found = session.exec(query).first()
        if found is None:
            raise UserError(missing.format(value=text))
        return int(found.id)


def check_organisation(workspace: Workspace, organisation_id: int | None) -> None:
    from app.domain import Organisation

    if organisation_id is None:
        return
    with workspace.session() as session:
        found = (
            session.get(Organisation, organisation_id) if 0 < organisation_id <= _MAX_ID else None
        )
    if found is None:
        raise UserError(
            _("--org: there is no organisation #{id} (`info` lists them)").format(
                id=organisation_id
            )
        )


def activity_references(workspace: Workspace, given: list[str]) -> list[str]:
    """The register references named, as the register spells them; each must exist."""
    from sqlmodel import select

    from app.domain import ProcessingActivity

    with workspace.session() as session:
        known = {r.upper(): r for r in session.exec(select(ProcessingActivity.reference))}
    unknown = [name for name in given if name.upper() not in known]
    if unknown:
        raise UserError(
            _("--activity: {references} not in the register (see `list activities`)").format(
                references=", ".join(unknown)
            )
        )
    return list(dict.fromkeys(known[name.upper()] for name in given))


def not_before(option: str, given: date, limit: date, what: str) -> None:
    if given < limit:
        raise UserError(
            _("{option}: {given} is before {what} on {limit}").format(
                option=option, given=format_day(given), what=what, limit=format_day(limit)
            )
        )


# --- showing days and moments ----------------------------------------------------------------


def format_day(day: date) -> str:
    return f"{day.day} {calendar.month_abbr[day.month]} {day.year}"


def format_deadline(deadline: Deadline) -> str:
    return _("{due} ({why})").format(
        due=format_day(deadline.due), why="; ".join(deadline.explanation)
    )


def to_local(moment: datetime, zone: str) -> datetime:
    return moment.astimezone(ZoneInfo(zone))


def format_moment(moment: datetime, zone: str) -> str:
    local = to_local(moment, zone)
    return f"{format_day(local.date())} {local:%H:%M} {zone}"
