"""The command line for the rights-request log: `request add|update|close` and
`list requests` (registered by app.cli).

Every option is checked while the arguments are read, so a bad date or type stops with one
line naming the option before the workspace is even opened.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli_common import (
    DATE,
    activity_argument,
    activity_references,
    check_organisation,
    checked,
    enum_values,
    find_record,
    format_day,
    format_deadline,
    id_argument,
    not_before,
)
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
from app.errors import UserError
from app.i18n import _, ngettext

if TYPE_CHECKING:
    from app.services.requests import RequestRow
    from app.storage.workspace import Workspace

# Art. 19: recipients are told of these, once done.
_TELL_RECIPIENTS = {RequestType.RECTIFICATION, RequestType.ERASURE, RequestType.RESTRICTION}


# --- reading the options ---------------------------------------------------------------------


def register_commands(commands: Any) -> None:
    """`request add|update|close`."""
    from app.cli_args import CliParser, workspace_argument

    request = commands.add_parser("request", help=_("log and answer a person's rights request"))
    actions = request.add_subparsers(
        dest="action", metavar="ACTION", required=True, parser_class=CliParser
    )

    add = actions.add_parser("add", help=_("log a new request; prints its due date"))
    workspace_argument(add)
    add.add_argument(
        "--type",
        dest="types",
        action="extend",
        required=True,
        type=checked(REQUEST_FIELDS["types"]),
        metavar="TYPE",
        help=_("what is asked, repeatable or comma-separated: {choices}").format(
            choices=", ".join(enum_values(RequestType))
        ),
    )
    add.add_argument(
        "--received",
        required=True,
        type=DATE,
        metavar="YYYY-MM-DD",
        help=_("the day of receipt, which counts as day 1 (Art. 12(3))"),
    )
    add.add_argument(
        "--requester",
        required=True,
        type=checked(REQUEST_FIELDS["requester"]),
        metavar="NAME",
        help=_("who asked: just enough to find their data and reply"),
    )
    add.add_argument("--contact", type=checked(REQUEST_FIELDS["requester_contact"]), metavar="TEXT")
    add.add_argument("--channel", choices=enum_values(Channel), default=Channel.EMAIL.value)
    add.add_argument(
        "--org", type=int, metavar="ID", help=_("the organisation asked (default: the first)")
    )
    activity_argument(add)

    update = actions.add_parser(
        "update", help=_("record identity checks, an extension or notes; prints the due date")
    )
    workspace_argument(update)
    id_argument(update, "REQ-001")
    update.add_argument("--identity", choices=enum_values(IdentityCheck))
    update.add_argument(
        "--identity-asked",
        type=DATE,
        metavar="DATE",
        help=_(
            "proof of identity asked for on (the clock pauses; default with --identity "
            "requested: today)"
        ),
    )
    update.add_argument(
        "--identity-received",
        type=DATE,
        metavar="DATE",
        help=_("proof received on (the clock runs again)"),
    )
    update.add_argument(
        "--extend",
        action="store_true",
        help=_("extend by two months (Art. 12(3)); needs --reason"),
    )
    update.add_argument(
        "--reason", type=checked(REQUEST_FIELDS["extension_reason"]), metavar="TEXT"
    )
    update.add_argument(
        "--told",
        type=DATE,
        metavar="DATE",
        help=_("the day the requester was told of the extension"),
    )
    activity_argument(update, _(" (replaces the list)"))
    update.add_argument(
        "--note",
        type=checked(REQUEST_FIELDS["notes"]),
        metavar="TEXT",
        help=_("add a line to the notes"),
    )

    close = actions.add_parser("close", help=_("close a request with its outcome"))
    workspace_argument(close)
    id_argument(close, "REQ-001")
    close.add_argument("--outcome", required=True, choices=enum_values(Outcome))
    close.add_argument(
        "--ground",
        type=checked(REQUEST_FIELDS["refusal_ground"]),
        metavar="TEXT",
        help=_("why it was refused; required with --outcome refused (Art. 12(4))"),
    )
    close.add_argument(
        "--closed", type=DATE, metavar="DATE", help=_("the day answered (default: today)")
    )
    close.add_argument(
        "--recipients-told",
        type=checked(REQUEST_FIELDS["recipients_notified"]),
        metavar="TEXT",
        help=_("which recipients were told of a rectification, erasure or restriction (Art. 19)"),
    )


def add_list_kinds(kinds: Any) -> None:
    """`list requests`, beside `list activities|vendors`."""
    from app.cli_args import format_argument, workspace_argument

    requests = kinds.add_parser("requests", help=_("the rights requests and their due dates"))
    workspace_argument(requests)
    format_argument(requests)
    requests.add_argument("--open", action="store_true", help=_("only open requests"))
    requests.add_argument("--overdue", action="store_true", help=_("only overdue requests"))


# --- the commands ----------------------------------------------------------------------------


def _request_row(workspace: Workspace, request_id: int) -> RequestRow:
    from app.services.requests import list_request_rows

    return next(row for row in list_request_rows(workspace) if row.id == request_id)


def _find_request(workspace: Workspace, text: str) -> int:
    from app.domain import RightsRequest

    return find_record(workspace, RightsRequest, text, _("--id: there is no request “{value}”"))


def _request_add(args: argparse.Namespace) -> int:
    from app.cli_args import open_workspace
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
    with open_workspace(args) as workspace:
        check_organisation(workspace, args.org)
        if args.activities:
            values["activities"] = activity_references(workspace, args.activities)
        record = add_request(workspace, values).record
        deadline = request_deadline_for(workspace, record.id)
    print(
        _("{reference} due {explained}").format(
            reference=record["reference"], explained=format_deadline(deadline)
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
        not_before("--identity-asked", asked, current["received_on"], _("the request was received"))
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
        not_before("--identity-received", received, asked, _("proof was asked for"))
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
        not_before("--told", args.told, current["received_on"], _("the request was received"))
        changes["extension_notified_on"] = args.told
    return changes


def _request_update(args: argparse.Namespace) -> int:
    from app.cli_args import open_workspace
    from app.domain.deadlines import extension_notice_deadline
    from app.services.changes import get_record
    from app.services.requests import get_request, update_request

    with open_workspace(args) as workspace:
        request_id = _find_request(workspace, args.id)
        current = get_request(workspace, request_id).values
        changes = {**_identity_changes(args, current), **_extension_changes(args, current)}
        if args.activities is not None:
            changes["activities"] = activity_references(workspace, args.activities)
        if args.note:
            changes["notes"] = "\n".join(filter(None, [current["notes"], args.note]))
        if not changes:
            raise UserError(_("Nothing to change: give at least one option (see --help)."))
        update_request(workspace, request_id, changes)
        row = _request_row(workspace, request_id)
        country = get_record(workspace, "organisation", current["organisation_id"])["country"]
    print(
        _("{reference} due {explained}").format(
            reference=row.reference, explained=format_deadline(row.deadline)
        )
    )
    if row.extension_late:
        notice_by = format_day(extension_notice_deadline(row.received_on, country))
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
            ).format(told=format_day(told), day=notice_by)
        print(note)
    return 0


def _request_close(args: argparse.Namespace) -> int:
    from app.cli_args import open_workspace
    from app.services.requests import (
        close_request,
        get_request,
        request_deadline_for,
        update_request,
    )

    closed_on = args.closed or date.today()
    with open_workspace(args) as workspace:
        request_id = _find_request(workspace, args.id)
        current = get_request(workspace, request_id).values
        if args.outcome == Outcome.REFUSED and not (args.ground or current["refusal_ground"]):
            raise UserError(
                _(
                    "--outcome refused needs --ground: the person must be told why, and that "
                    "they may complain to the authority and go to court (Art. 12(4))"
                )
            )
        not_before("--closed", closed_on, current["received_on"], _("the request was received"))
        close_request(
            workspace, request_id, args.outcome, closed_on=closed_on, refusal_ground=args.ground
        )
        if args.recipients_told:
            update_request(workspace, request_id, {"recipients_notified": args.recipients_told})
        deadline = request_deadline_for(workspace, request_id, today=closed_on)
    print(
        _("{reference} closed on {day}: {outcome}").format(
            reference=current["reference"],
            day=format_day(closed_on),
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
            ).format(days=late, due=format_day(deadline.due))
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


def cmd_list_requests(args: argparse.Namespace) -> int:
    from app.cli_args import open_workspace, print_json, print_table
    from app.services.requests import list_request_rows

    with open_workspace(args) as workspace:
        rows = [
            row
            for row in list_request_rows(workspace)
            if (not args.open or row.status == RequestStatus.OPEN)
            and (not args.overdue or row.overdue)
        ]
    if args.format == "json":
        print_json([_request_json(row) for row in rows])
        return 0
    if not rows:
        print(_("No requests match.") if args.open or args.overdue else _("No requests."))
        return 0
    print_table(
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


def export_letter(workspace: Workspace, given_id: str, output: Path, kind: str) -> None:
    """`report request-letter`: the request by reference or id, then the letter asked for."""
    from app.reports.request_letters import export_request_letter

    export_request_letter(workspace, _find_request(workspace, given_id), kind, output)
