"""The command line for the rights-request log and the breach register: `request add|update|
close`, `breach add|update`, `list requests` and `list breaches` (registered by app.cli).

Every option is checked while the arguments are read, so a bad date, time, time zone or type
stops with one line naming the option before the workspace is even opened.
"""

from __future__ import annotations

import argparse
import calendar
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.domain.breach import BREACH_FIELDS, Art34Exception, RiskLevel
from app.domain.fields import FieldSpec
from app.domain.rights_request import (
    OUTCOME_LABELS,
    REQUEST_FIELDS,
    REQUEST_STATUS_LABELS,
    Channel,
    IdentityCheck,
    Outcome,
    RequestStatus,
    RequestType,
)
from app.errors import FieldError, UserError
from app.i18n import _, ngettext

if TYPE_CHECKING:
    from app.domain.deadlines import BreachClock, Deadline
    from app.services.breaches import BreachRow
    from app.services.requests import RequestRow
    from app.storage.workspace import Workspace

LIST_KINDS = ("requests", "breaches")
# Art. 19: recipients are told of these, once done.
_TELL_RECIPIENTS = {RequestType.RECTIFICATION, RequestType.ERASURE, RequestType.RESTRICTION}
_MAX_ID = 2**31 - 1


# --- reading the options -------------------------------------------------------------------


def _checked(spec: FieldSpec) -> Callable[[str], Any]:
    """An argparse type that cleans an option's value with the field's own rule; a given
    option must have a value."""
    required = replace(spec, required=True)

    def convert(text: str) -> Any:
        try:
            return required.clean(text)
        except FieldError as error:
            raise argparse.ArgumentTypeError(error.message) from None

    return convert


def _time_zone(text: str) -> str:
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


_DATE = _checked(REQUEST_FIELDS["received_on"])
_DATETIME = _checked(BREACH_FIELDS["aware_at"])


def _values(enum: Any) -> list[str]:
    return [member.value for member in enum]


def _request_arguments(commands: Any) -> None:
    from app.cli import _Parser, _workspace_argument

    request = commands.add_parser("request", help=_("log and answer a person's rights request"))
    actions = request.add_subparsers(
        dest="action", metavar="ACTION", required=True, parser_class=_Parser
    )

    add = actions.add_parser("add", help=_("log a new request; prints its due date"))
    _workspace_argument(add)
    add.add_argument(
        "--type",
        dest="types",
        action="extend",
        required=True,
        type=_checked(REQUEST_FIELDS["types"]),
        metavar="TYPE",
        help=_("what is asked, repeatable or comma-separated: {choices}").format(
            choices=", ".join(_values(RequestType))
        ),
    )
    add.add_argument(
        "--received",
        required=True,
        type=_DATE,
        metavar="YYYY-MM-DD",
        help=_("the day of receipt, which counts as day 1 (Art. 12(3))"),
    )
    add.add_argument(
        "--requester",
        required=True,
        type=_checked(REQUEST_FIELDS["requester"]),
        metavar="NAME",
        help=_("who asked: just enough to find their data and reply"),
    )
    add.add_argument(
        "--contact", type=_checked(REQUEST_FIELDS["requester_contact"]), metavar="TEXT"
    )
    add.add_argument("--channel", choices=_values(Channel), default=Channel.EMAIL.value)
    add.add_argument(
        "--org", type=int, metavar="ID", help=_("the organisation asked (default: the first)")
    )
    _activity_argument(add)

    update = actions.add_parser(
        "update", help=_("record identity checks, an extension or notes; prints the due date")
    )
    _workspace_argument(update)
    _id_argument(update, "REQ-001")
    update.add_argument("--identity", choices=_values(IdentityCheck))
    update.add_argument(
        "--identity-asked",
        type=_DATE,
        metavar="DATE",
        help=_(
            "proof of identity asked for on (the clock pauses; default with --identity "
            "requested: today)"
        ),
    )
    update.add_argument(
        "--identity-received",
        type=_DATE,
        metavar="DATE",
        help=_("proof received on (the clock runs again)"),
    )
    update.add_argument(
        "--extend",
        action="store_true",
        help=_("extend by two months (Art. 12(3)); needs --reason"),
    )
    update.add_argument(
        "--reason", type=_checked(REQUEST_FIELDS["extension_reason"]), metavar="TEXT"
    )
    update.add_argument(
        "--told",
        type=_DATE,
        metavar="DATE",
        help=_("the day the requester was told of the extension"),
    )
    _activity_argument(update, _(" (replaces the list)"))
    update.add_argument(
        "--note",
        type=_checked(REQUEST_FIELDS["notes"]),
        metavar="TEXT",
        help=_("add a line to the notes"),
    )

    close = actions.add_parser("close", help=_("close a request with its outcome"))
    _workspace_argument(close)
    _id_argument(close, "REQ-001")
    close.add_argument("--outcome", required=True, choices=_values(Outcome))
    close.add_argument(
        "--ground",
        type=_checked(REQUEST_FIELDS["refusal_ground"]),
        metavar="TEXT",
        help=_("why it was refused; required with --outcome refused (Art. 12(4))"),
    )
    close.add_argument(
        "--closed", type=_DATE, metavar="DATE", help=_("the day answered (default: today)")
    )
    close.add_argument(
        "--recipients-told",
        type=_checked(REQUEST_FIELDS["recipients_notified"]),
        metavar="TEXT",
        help=_("which recipients were told of a rectification, erasure or restriction (Art. 19)"),
    )


def _activity_argument(parser: argparse.ArgumentParser, more: str = "") -> None:
    parser.add_argument(
        "--activity",
        dest="activities",
        action="append",
        type=_checked(replace(REQUEST_FIELDS["requester"], max_length=40)),
        metavar="PA-001",
        help=_("a register activity the request concerns, repeatable") + more,
    )


def _id_argument(parser: argparse.ArgumentParser, example: str) -> None:
    parser.add_argument(
        "--id",
        required=True,
        metavar=f"{example}|ID",
        help=_("the reference or the numeric id"),
    )


def _breach_arguments(commands: Any) -> None:
    from app.cli import _Parser, _workspace_argument

    breach = commands.add_parser("breach", help=_("record a personal data breach and its clock"))
    actions = breach.add_subparsers(
        dest="action", metavar="ACTION", required=True, parser_class=_Parser
    )

    add = actions.add_parser("add", help=_("record a breach; prints the notification deadline"))
    _workspace_argument(add)
    add.add_argument(
        "--aware",
        required=True,
        type=_DATETIME,
        metavar="YYYY-MM-DDTHH:MM+HH:MM",
        help=_("when you became aware, with its UTC offset; the 72 hours run from here"),
    )
    add.add_argument("--title", required=True, type=_checked(BREACH_FIELDS["title"]))
    add.add_argument(
        "--type",
        dest="types",
        action="extend",
        type=_checked(BREACH_FIELDS["types"]),
        metavar="TYPE",
        help=_("repeatable or comma-separated: confidentiality, integrity, availability"),
    )
    add.add_argument(
        "--tz",
        type=_time_zone,
        default="UTC",
        metavar="ZONE",
        help=_("the time zone times are shown in, e.g. Europe/Paris (default: UTC)"),
    )
    add.add_argument("--subjects", type=_checked(BREACH_FIELDS["approx_subjects"]), metavar="N")
    add.add_argument("--records", type=_checked(BREACH_FIELDS["approx_records"]), metavar="N")
    add.add_argument("--special", action="store_true", help=_("special-category or criminal data"))
    add.add_argument("--encrypted", action="store_true", help=_("the data was securely encrypted"))
    add.add_argument("--description", type=_checked(BREACH_FIELDS["description"]), metavar="TEXT")
    add.add_argument(
        "--org", type=int, metavar="ID", help=_("the organisation (default: the first)")
    )

    update = actions.add_parser("update", help=_("record the assessment, notifications, closure"))
    _workspace_argument(update)
    _id_argument(update, "BR-001")
    update.add_argument("--risk", choices=_values(RiskLevel))
    update.add_argument(
        "--reasoning",
        type=_checked(BREACH_FIELDS["risk_reasoning"]),
        metavar="TEXT",
        help=_("why this risk level; required with --risk none (Art. 33(5))"),
    )
    update.add_argument(
        "--notified",
        type=_DATETIME,
        metavar="DATETIME",
        help=_("when the authority was notified; needs --authority"),
    )
    update.add_argument("--authority", type=_checked(BREACH_FIELDS["authority"]), metavar="TEXT")
    update.add_argument(
        "--authority-ref", type=_checked(BREACH_FIELDS["authority_reference"]), metavar="TEXT"
    )
    update.add_argument(
        "--delay-reasons",
        type=_checked(BREACH_FIELDS["delay_reasons"]),
        metavar="TEXT",
        help=_("why the notification came after 72 hours (Art. 33(1))"),
    )
    update.add_argument(
        "--people-told",
        type=_DATETIME,
        metavar="DATETIME",
        help=_("when the people affected were told (Art. 34)"),
    )
    update.add_argument("--how", type=_checked(BREACH_FIELDS["people_told_how"]), metavar="TEXT")
    update.add_argument(
        "--exception",
        choices=_values(Art34Exception),
        help=_("the Art. 34(3) exception relied on for not telling the people affected"),
    )
    update.add_argument("--closed", type=_DATE, metavar="DATE")


def register_commands(commands: Any) -> None:
    _request_arguments(commands)
    _breach_arguments(commands)


def add_list_kinds(kinds: Any) -> None:
    """`list requests` and `list breaches`, beside `list activities|vendors`."""
    from app.cli import _format_argument, _workspace_argument

    requests = kinds.add_parser("requests", help=_("the rights requests and their due dates"))
    _workspace_argument(requests)
    _format_argument(requests)
    requests.add_argument("--open", action="store_true", help=_("only open requests"))
    requests.add_argument("--overdue", action="store_true", help=_("only overdue requests"))
    breaches = kinds.add_parser("breaches", help=_("the breach register and its clocks"))
    _workspace_argument(breaches)
    _format_argument(breaches)
    breaches.add_argument("--open", action="store_true", help=_("only breaches not closed"))


# --- shared helpers --------------------------------------------------------------------------


def _day(day: date) -> str:
    return f"{day.day} {calendar.month_abbr[day.month]} {day.year}"


def _explained(deadline: Deadline) -> str:
    return _("{due} ({why})").format(due=_day(deadline.due), why="; ".join(deadline.explanation))


def _local(moment: datetime, zone: str) -> datetime:
    return moment.astimezone(ZoneInfo(zone))


def _moment(moment: datetime, zone: str) -> str:
    local = _local(moment, zone)
    return f"{_day(local.date())} {local:%H:%M} {zone}"


def _find(workspace: Workspace, table: Any, text: str, missing: str) -> int:
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


def _before(option: str, given: date, limit: date, what: str) -> None:
    if given < limit:
        raise UserError(
            _("{option}: {given} is before {what} on {limit}").format(
                option=option, given=_day(given), what=what, limit=_day(limit)
            )
        )


# --- requests --------------------------------------------------------------------------------


def _check_organisation(workspace: Workspace, organisation_id: int | None) -> None:
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


def _activity_references(workspace: Workspace, given: list[str]) -> list[str]:
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


def _request_row(workspace: Workspace, request_id: int) -> RequestRow:
    from app.services.requests import list_request_rows

    return next(row for row in list_request_rows(workspace) if row.id == request_id)


def _find_request(workspace: Workspace, text: str) -> int:
    from app.domain import RightsRequest

    return _find(workspace, RightsRequest, text, _("--id: there is no request “{value}”"))


def _request_add(args: argparse.Namespace) -> int:
    from app.cli import _open
    from app.services.requests import add_request, request_deadline_for

    values: dict[str, Any] = {
        "types": args.types,
        "received_on": args.received,
        "requester": args.requester,
        "channel": args.channel,
        "identity_check": IdentityCheck.NOT_NEEDED.value,
    }
    if args.contact:
        values["requester_contact"] = args.contact
    if args.org is not None:
        values["organisation_id"] = args.org
    with _open(args) as workspace:
        _check_organisation(workspace, args.org)
        if args.activities:
            values["activities"] = _activity_references(workspace, args.activities)
        record = add_request(workspace, values).record
        deadline = request_deadline_for(workspace, record.id)
    print(
        _("{reference} due {explained}").format(
            reference=record["reference"], explained=_explained(deadline)
        )
    )
    return 0


def _identity_changes(args: argparse.Namespace, current: Mapping[str, Any]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    status = args.identity
    if status is None and args.identity_received:
        status = IdentityCheck.RECEIVED.value
    elif (
        status is None
        and args.identity_asked
        and current["identity_check"]
        in (
            IdentityCheck.NOT_NEEDED,
            IdentityCheck.REQUESTED,
        )
    ):
        status = IdentityCheck.REQUESTED.value
    if status is not None:
        changes["identity_check"] = status
    asked = args.identity_asked
    received = args.identity_received
    if status == IdentityCheck.REQUESTED and asked is None and not current["identity_requested_on"]:
        asked = date.today()
    if status == IdentityCheck.NOT_NEEDED and asked is None and received is None:
        # No check after all: no pause either.
        changes["identity_requested_on"] = changes["identity_received_on"] = None
    if asked is not None:
        _before("--identity-asked", asked, current["received_on"], _("the request was received"))
        changes["identity_requested_on"] = asked
    asked = asked or current["identity_requested_on"]
    if (
        status == IdentityCheck.RECEIVED
        and received is None
        and not current["identity_received_on"]
    ):
        received = date.today()
    if received is not None:
        if asked is None:
            raise UserError(
                _(
                    "--identity-received: give --identity-asked too; the clock pauses from "
                    "the day proof was asked for"
                )
            )
        _before("--identity-received", received, asked, _("proof was asked for"))
        changes["identity_received_on"] = received
    return changes


def _extension_changes(args: argparse.Namespace, current: Mapping[str, Any]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if not args.extend and not current["extended"] and (args.reason or args.told):
        raise UserError(_("--reason and --told go with --extend"))
    if args.extend:
        changes["extended"] = True
        if not (args.reason or current["extension_reason"]):
            raise UserError(_("--extend needs --reason: the person must be told why (Art. 12(3))"))
    if args.reason:
        changes["extension_reason"] = args.reason
    if args.told:
        _before("--told", args.told, current["received_on"], _("the request was received"))
        changes["extension_notified_on"] = args.told
    return changes


def _request_update(args: argparse.Namespace) -> int:
    from app.cli import _open
    from app.domain.deadlines import extension_notice_deadline
    from app.services.changes import get_record
    from app.services.requests import get_request, update_request

    with _open(args) as workspace:
        request_id = _find_request(workspace, args.id)
        current = get_request(workspace, request_id).values
        changes = {**_identity_changes(args, current), **_extension_changes(args, current)}
        if args.activities is not None:
            changes["activities"] = _activity_references(workspace, args.activities)
        if args.note:
            changes["notes"] = "\n".join(filter(None, [current["notes"], args.note]))
        if not changes:
            raise UserError(_("Nothing to change: give at least one option (see --help)."))
        update_request(workspace, request_id, changes)
        row = _request_row(workspace, request_id)
        country = get_record(workspace, "organisation", current["organisation_id"])["country"]
    print(
        _("{reference} due {explained}").format(
            reference=row.reference, explained=_explained(row.deadline)
        )
    )
    if row.extension_late:
        notice_by = _day(extension_notice_deadline(row.received_on, country))
        told = changes.get("extension_notified_on") or current["extension_notified_on"]
        if told is None:
            note = _(
                "Note: tell the requester of the extension and why by {day}, within the first "
                "month (Art. 12(3)); record it with --told."
            ).format(day=notice_by)
        else:
            note = _(
                "Note: the requester was told of the extension on {told}, after the first month "
                "ended on {day} (Art. 12(3))."
            ).format(told=_day(told), day=notice_by)
        print(note)
    return 0


def _request_close(args: argparse.Namespace) -> int:
    from app.cli import _open
    from app.services.requests import (
        close_request,
        get_request,
        request_deadline_for,
        update_request,
    )

    closed_on = args.closed or date.today()
    with _open(args) as workspace:
        request_id = _find_request(workspace, args.id)
        current = get_request(workspace, request_id).values
        if args.outcome == Outcome.REFUSED and not (args.ground or current["refusal_ground"]):
            raise UserError(
                _(
                    "--outcome refused needs --ground: the person must be told why, and that "
                    "they may complain to the authority and go to court (Art. 12(4))"
                )
            )
        _before("--closed", closed_on, current["received_on"], _("the request was received"))
        close_request(
            workspace, request_id, args.outcome, closed_on=closed_on, refusal_ground=args.ground
        )
        if args.recipients_told:
            update_request(workspace, request_id, {"recipients_notified": args.recipients_told})
        deadline = request_deadline_for(workspace, request_id, today=closed_on)
    print(
        _("{reference} closed on {day}: {outcome}").format(
            reference=current["reference"],
            day=_day(closed_on),
            outcome=_(OUTCOME_LABELS[Outcome(args.outcome)]),
        )
    )
    late = (closed_on - deadline.due).days
    if late > 0:
        print(
            ngettext(
                "Note: answered {days} day after the deadline of {due}.",
                "Note: answered {days} days after the deadline of {due}.",
                late,
            ).format(days=late, due=_day(deadline.due))
        )
    to_tell = _TELL_RECIPIENTS & set(current["types"] or [])
    done = args.outcome in (Outcome.FULFILLED, Outcome.PARTLY)
    if to_tell and done and not (args.recipients_told or current["recipients_notified"]):
        print(
            _(
                "Note: tell every recipient of the data about the {types} unless impossible, "
                "and record it with --recipients-told (Art. 19)."
            ).format(types=", ".join(sorted(to_tell)))
        )
    return 0


def cmd_request(args: argparse.Namespace) -> int:
    actions = {"add": _request_add, "update": _request_update, "close": _request_close}
    return actions[args.action](args)


def _days_left(row: RequestRow) -> str:
    if row.status != RequestStatus.OPEN:
        return "—"
    if row.days_left < 0:
        return ngettext("{days} day overdue", "{days} days overdue", -row.days_left).format(
            days=-row.days_left
        )
    if row.days_left == 0:
        return _("due today")
    return ngettext("{days} day", "{days} days", row.days_left).format(days=row.days_left)


def _request_json(row: RequestRow) -> dict[str, Any]:
    is_open = row.status == RequestStatus.OPEN
    return {
        "id": row.id,
        "reference": row.reference,
        "types": list(row.types),
        "received_on": row.received_on.isoformat(),
        "requester": row.requester,
        "status": row.status,
        "due": row.deadline.due.isoformat(),
        "due_explained": row.deadline.text,
        "days_left": row.days_left if is_open else None,  # a closed request's clock stopped
        "overdue": row.overdue,
        "due_soon": row.due_soon,
        "extended": row.extended,
        "extension_late": row.extension_late,
    }


def _list_requests(args: argparse.Namespace) -> int:
    from app.cli import _open, _print_json, _table
    from app.services.requests import list_request_rows

    with _open(args) as workspace:
        rows = [
            row
            for row in list_request_rows(workspace)
            if (not args.open or row.status == RequestStatus.OPEN)
            and (not args.overdue or row.overdue)
        ]
    if args.format == "json":
        _print_json([_request_json(row) for row in rows])
        return 0
    if not rows:
        print(_("No requests match.") if args.open or args.overdue else _("No requests."))
        return 0
    _table(
        [
            _("Reference"),
            _("Received"),
            _("Types"),
            _("Requester"),
            _("Status"),
            _("Due"),
            _("Days left"),
        ],
        [
            [
                row.reference,
                row.received_on.isoformat(),
                ", ".join(row.types),
                row.requester[:40],
                _(REQUEST_STATUS_LABELS[RequestStatus(row.status)])
                + (_(", extended") if row.extended else ""),
                row.deadline.due.isoformat(),
                _days_left(row),
            ]
            for row in rows
        ],
    )
    return 0


# --- breaches --------------------------------------------------------------------------------


def _find_breach(workspace: Workspace, text: str) -> int:
    from app.domain import Breach

    return _find(workspace, Breach, text, _("--id: there is no breach “{value}”"))


def _deadline_line(reference: str, clock: BreachClock, zone: str) -> str:
    from app.domain.deadlines import BREACH_NOTIFICATION_HOURS

    return _(
        "{reference}: notify the authority by {deadline} ({hours} hours after awareness)"
    ).format(
        reference=reference,
        deadline=_moment(clock.deadline, zone),
        hours=BREACH_NOTIFICATION_HOURS,
    )


def _breach_add(args: argparse.Namespace) -> int:
    from app.cli import _open
    from app.domain.breach import RISK_LABELS
    from app.domain.deadlines import breach_clock
    from app.services.breaches import add_breach, breach_risk

    values: dict[str, Any] = {
        "title": args.title,
        "aware_at": args.aware,
        "time_zone": args.tz,
        "types": args.types or [],
        "special_or_criminal": args.special,
        "encrypted": args.encrypted,
    }
    optional = {
        "approx_subjects": args.subjects,
        "approx_records": args.records,
        "description": args.description,
        "organisation_id": args.org,
    }
    values.update({name: value for name, value in optional.items() if value is not None})
    with _open(args) as workspace:
        _check_organisation(workspace, args.org)
        record = add_breach(workspace, values).record
        suggestion = breach_risk(workspace, record.id)
    clock = breach_clock(record["aware_at"])
    print(_deadline_line(record["reference"], clock, args.tz))
    print(clock.describe())
    print(_("Suggested risk: {level}").format(level=_(RISK_LABELS[suggestion.level])))
    for reason in suggestion.reasons:
        print(f"  - {reason}")
    print(
        _(
            "Record your decision with: breach update --id {reference} --risk {level} "
            "--reasoning TEXT"
        ).format(reference=record["reference"], level=suggestion.level.value)
    )
    return 0


def _breach_changes(args: argparse.Namespace, current: Mapping[str, Any]) -> dict[str, Any]:
    aware: datetime = current["aware_at"]
    zone = current["time_zone"]
    changes: dict[str, Any] = {}
    if args.risk:
        changes["risk_level"] = args.risk
        if args.risk == RiskLevel.NONE and not (args.reasoning or current["risk_reasoning"]):
            raise UserError(
                _(
                    "--risk none needs --reasoning: record why the breach is not notified "
                    "(Art. 33(5))"
                )
            )
    for option, moment in (("--notified", args.notified), ("--people-told", args.people_told)):
        if moment is not None and moment < aware:
            raise UserError(
                _("{option}: {moment} is before awareness at {aware}").format(
                    option=option, moment=_moment(moment, zone), aware=_moment(aware, zone)
                )
            )
    if args.notified and not (args.authority or current["authority"]):
        raise UserError(_("--notified needs --authority: name the authority notified"))
    if args.closed:
        _before("--closed", args.closed, _local(aware, zone).date(), _("awareness"))
    fields = {
        "risk_reasoning": args.reasoning,
        "authority_notified_at": args.notified,
        "authority": args.authority,
        "authority_reference": args.authority_ref,
        "delay_reasons": args.delay_reasons,
        "people_told_at": args.people_told,
        "people_told_how": args.how,
        "art34_exception": args.exception,
        "closed_on": args.closed,
    }
    changes.update({name: value for name, value in fields.items() if value is not None})
    if not changes:
        raise UserError(_("Nothing to change: give at least one option (see --help)."))
    return changes


def _breach_update(args: argparse.Namespace) -> int:
    from app.cli import _open
    from app.services.breaches import get_breach, list_breach_rows, update_breach

    with _open(args) as workspace:
        breach_id = _find_breach(workspace, args.id)
        changes = _breach_changes(args, get_breach(workspace, breach_id).values)
        update_breach(workspace, breach_id, changes)
        values = get_breach(workspace, breach_id).values
        row = next(row for row in list_breach_rows(workspace) if row.id == breach_id)
    zone = row.time_zone
    state = row.clock_state()
    if state == "notified":
        assert row.authority_notified_at is not None
        late = row.authority_notified_at - row.clock.deadline
        hours = int(late.total_seconds() // 3600)
        print(
            _("{reference}: the authority was notified on {at}").format(
                reference=row.reference, at=_moment(row.authority_notified_at, zone)
            )
            + " "
            + (
                ngettext("({hours} hour late)", "({hours} hours late)", hours).format(hours=hours)
                if late.total_seconds() > 0
                else _("(within the 72 hours)")
            )
        )
        if late.total_seconds() > 0 and not values["delay_reasons"]:
            print(_("Note: record the reasons for the delay with --delay-reasons (Art. 33(1))."))
    elif state == "not_notifiable":
        print(
            _("{reference}: not notified; a risk was judged unlikely (reasoning recorded)").format(
                reference=row.reference
            )
        )
    elif state == "closed":
        print(
            _("{reference}: closed on {day}").format(
                reference=row.reference, day=_day(values["closed_on"])
            )
        )
    else:
        print(_deadline_line(row.reference, row.clock, zone))
        print(row.clock.describe())
    if (
        row.risk_level == RiskLevel.HIGH
        and not values["people_told_at"]
        and not values["art34_exception"]
    ):
        print(
            _(
                "Note: a high risk: tell the people affected without undue delay (Art. 34), or "
                "record the exception relied on with --exception."
            )
        )
    return 0


def cmd_breach(args: argparse.Namespace) -> int:
    return {"add": _breach_add, "update": _breach_update}[args.action](args)


def _breach_json(row: BreachRow, now: datetime) -> dict[str, Any]:
    state = row.clock_state(now)
    running = state in ("running", "overdue")
    notified = row.authority_notified_at
    return {
        "id": row.id,
        "reference": row.reference,
        "title": row.title,
        "time_zone": row.time_zone,
        "aware_at": _local(row.aware_at, row.time_zone).isoformat(),
        "deadline": _local(row.clock.deadline, row.time_zone).isoformat(),
        # Hours to the deadline, negative once overdue; none once the clock has stopped.
        "hours_left": round(row.clock.remaining(now).total_seconds() / 3600, 1)
        if running
        else None,
        "clock_state": state,
        "risk_level": row.risk_level,
        "authority_notified_at": _local(notified, row.time_zone).isoformat() if notified else None,
        "closed_on": row.closed_on.isoformat() if row.closed_on else None,
    }


def _state_text(row: BreachRow, now: datetime) -> str:
    state = row.clock_state(now)
    labels = {
        "notified": _("notified"),
        "not_notifiable": _("not notified (no risk)"),
        "closed": _("closed"),
    }
    return labels.get(state) or row.clock.describe(now)


def _list_breaches(args: argparse.Namespace) -> int:
    from app.cli import _open, _print_json, _table
    from app.services.breaches import list_breach_rows

    now = datetime.now(UTC)
    with _open(args) as workspace:
        rows = [
            row for row in list_breach_rows(workspace) if not args.open or row.closed_on is None
        ]
    if args.format == "json":
        _print_json([_breach_json(row, now) for row in rows])
        return 0
    if not rows:
        print(_("No breaches match.") if args.open else _("No breaches."))
        return 0

    def short(moment: datetime, zone: str) -> str:
        return f"{_local(moment, zone):%Y-%m-%d %H:%M %Z}"

    _table(
        [_("Reference"), _("Aware"), _("Title"), _("Risk"), _("Notify by"), _("Clock")],
        [
            [
                row.reference,
                short(row.aware_at, row.time_zone),
                row.title[:40],
                row.risk_level or "—",
                short(row.clock.deadline, row.time_zone),
                _state_text(row, now),
            ]
            for row in rows
        ],
    )
    return 0


def cmd_list_records(args: argparse.Namespace) -> int:
    """`list requests` and `list breaches`."""
    return _list_requests(args) if args.kind == "requests" else _list_breaches(args)


def export_document(
    workspace: Workspace, document: str, given_id: str, output: Path, kind: str
) -> None:
    """`report request-letter | breach-notification | breach-letter`: the record by reference
    or id, then the document it asks for."""
    if document == "request-letter":
        from app.reports.request_letters import export_request_letter

        export_request_letter(workspace, _find_request(workspace, given_id), kind, output)
        return
    from app.reports.breach_documents import (
        export_breach_notification,
        export_breach_people_letter,
    )

    breach_id = _find_breach(workspace, given_id)
    if document == "breach-notification":
        export_breach_notification(workspace, breach_id, output)
    else:
        export_breach_people_letter(workspace, breach_id, output)
