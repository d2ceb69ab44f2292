"""The command line for the breach register: `breach add|update` and `list breaches`
(registered by app.cli).

Every option is checked while the arguments are read, so a bad time, time zone or type stops
with one line naming the option before the workspace is even opened.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli_common import (
    DATE,
    check_organisation,
    checked,
    enum_values,
    find_record,
    format_day,
    format_moment,
    id_argument,
    not_before,
    parse_time_zone,
    to_local,
)
from app.domain.breach import BREACH_FIELDS, Art34Exception, RiskLevel
from app.errors import UserError
from app.i18n import _, ngettext

if TYPE_CHECKING:
    from app.domain.deadlines import BreachClock
    from app.services.breaches import BreachRow
    from app.storage.workspace import Workspace


# --- reading the options ---------------------------------------------------------------------


_DATETIME = checked(BREACH_FIELDS["aware_at"])


def register_commands(commands: Any) -> None:
    """`breach add|update`."""
    from app.cli_args import CliParser, workspace_argument

    breach = commands.add_parser("breach", help=_("record a personal data breach and its clock"))
    actions = breach.add_subparsers(
        dest="action", metavar="ACTION", required=True, parser_class=CliParser
    )

    add = actions.add_parser("add", help=_("record a breach; prints the notification deadline"))
    workspace_argument(add)
    add.add_argument(
        "--aware",
        required=True,
        type=_DATETIME,
        metavar="YYYY-MM-DDTHH:MM+HH:MM",
        help=_("when you became aware, with its UTC offset; the 72 hours run from here"),
    )
    add.add_argument("--title", required=True, type=checked(BREACH_FIELDS["title"]))
    add.add_argument(
        "--type",
        dest="types",
        action="extend",
        type=checked(BREACH_FIELDS["types"]),
        metavar="TYPE",
        help=_("repeatable or comma-separated: confidentiality, integrity, availability"),
    )
    add.add_argument(
        "--tz",
        type=parse_time_zone,
        default="UTC",
        metavar="ZONE",
        help=_("the time zone times are shown in, e.g. Europe/Paris (default: UTC)"),
    )
    add.add_argument("--subjects", type=checked(BREACH_FIELDS["approx_subjects"]), metavar="N")
    add.add_argument("--records", type=checked(BREACH_FIELDS["approx_records"]), metavar="N")
    add.add_argument("--special", action="store_true", help=_("special-category or criminal data"))
    add.add_argument("--encrypted", action="store_true", help=_("the data was securely encrypted"))
    add.add_argument("--description", type=checked(BREACH_FIELDS["description"]), metavar="TEXT")
    add.add_argument(
        "--org", type=int, metavar="ID", help=_("the organisation (default: the first)")
    )

    update = actions.add_parser("update", help=_("record the assessment, notifications, closure"))
    workspace_argument(update)
    id_argument(update, "BR-001")
    update.add_argument("--risk", choices=enum_values(RiskLevel))
    update.add_argument(
        "--reasoning",
        type=checked(BREACH_FIELDS["risk_reasoning"]),
        metavar="TEXT",
        help=_("why this risk level; required with --risk none (Art. 33(5))"),
    )
    update.add_argument(
        "--notified",
        type=_DATETIME,
        metavar="DATETIME",
        help=_("when the authority was notified; needs --authority"),
    )
    update.add_argument("--authority", type=checked(BREACH_FIELDS["authority"]), metavar="TEXT")
    update.add_argument(
        "--authority-ref", type=checked(BREACH_FIELDS["authority_reference"]), metavar="TEXT"
    )
    update.add_argument(
        "--delay-reasons",
        type=checked(BREACH_FIELDS["delay_reasons"]),
        metavar="TEXT",
        help=_("why the notification came after 72 hours (Art. 33(1))"),
    )
    update.add_argument(
        "--people-told",
        type=_DATETIME,
        metavar="DATETIME",
        help=_("when the people affected were told (Art. 34)"),
    )
    update.add_argument("--how", type=checked(BREACH_FIELDS["people_told_how"]), metavar="TEXT")
    update.add_argument(
        "--exception",
        choices=enum_values(Art34Exception),
        help=_("the Art. 34(3) exception relied on for not telling the people affected"),
    )
    update.add_argument("--closed", type=DATE, metavar="DATE")


def add_list_kinds(kinds: Any) -> None:
    """`list breaches`, beside `list activities|vendors|requests`."""
    from app.cli_args import format_argument, workspace_argument

    breaches = kinds.add_parser("breaches", help=_("the breach register and its clocks"))
    workspace_argument(breaches)
    format_argument(breaches)
    breaches.add_argument("--open", action="store_true", help=_("only breaches not closed"))


# --- the commands ----------------------------------------------------------------------------


def _find_breach(workspace: Workspace, text: str) -> int:
    from app.domain import Breach

    return find_record(workspace, Breach, text, _("--id: there is no breach “{value}”"))


def _deadline_line(reference: str, clock: BreachClock, zone: str) -> str:
    from app.domain.deadlines import BREACH_NOTIFICATION_HOURS

    return _(
        "{reference}: notify the authority by {deadline} ({hours} hours after awareness)"
    ).format(
        reference=reference,
        deadline=format_moment(clock.deadline, zone),
        hours=BREACH_NOTIFICATION_HOURS,
    )


def _breach_add(args: argparse.Namespace) -> int:
    from app.cli_args import open_workspace
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
    with open_workspace(args) as workspace:
        check_organisation(workspace, args.org)
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
                    option=option,
                    moment=format_moment(moment, zone),
                    aware=format_moment(aware, zone),
                )
            )
    if args.notified and not (args.authority or current["authority"]):
        raise UserError(_("--notified needs --authority: name the authority notified"))
    if args.closed:
        not_before("--closed", args.closed, to_local(aware, zone).date(), _("awareness"))
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
    from app.cli_args import open_workspace
    from app.services.breaches import get_breach, list_breach_rows, update_breach

    with open_workspace(args) as workspace:
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
                reference=row.reference, at=format_moment(row.authority_notified_at, zone)
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
                reference=row.reference, day=format_day(values["closed_on"])
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
        "aware_at": to_local(row.aware_at, row.time_zone).isoformat(),
        "deadline": to_local(row.clock.deadline, row.time_zone).isoformat(),
        # Hours to the deadline, negative once overdue; none once the clock has stopped.
        "hours_left": round(row.clock.remaining(now).total_seconds() / 3600, 1)
        if running
        else None,
        "clock_state": state,
        "risk_level": row.risk_level,
        "authority_notified_at": to_local(notified, row.time_zone).isoformat()
        if notified
        else None,
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


def cmd_list_breaches(args: argparse.Namespace) -> int:
    from app.cli_args import open_workspace, print_json, print_table
    from app.services.breaches import list_breach_rows

    now = datetime.now(UTC)
    with open_workspace(args) as workspace:
        rows = [
            row for row in list_breach_rows(workspace) if not args.open or row.closed_on is None
        ]
    if args.format == "json":
        print_json([_breach_json(row, now) for row in rows])
        return 0
    if not rows:
        print(_("No breaches match.") if args.open else _("No breaches."))
        return 0

    def short(moment: datetime, zone: str) -> str:
        return f"{to_local(moment, zone):%Y-%m-%d %H:%M %Z}"

    print_table(
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


def export_document(workspace: Workspace, document: str, given_id: str, output: Path) -> None:
    """`report breach-notification | breach-letter`: the breach by reference or id, then the
    document asked for."""
    from app.reports.breach_documents import (
        export_breach_notification,
        export_breach_people_letter,
    )

    breach_id = _find_breach(workspace, given_id)
    if document == "breach-notification":
        export_breach_notification(workspace, breach_id, output)
    else:
        export_breach_people_letter(workspace, breach_id, output)
