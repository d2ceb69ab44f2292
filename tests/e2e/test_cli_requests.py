"""`request add|update|close`, `breach add|update`, `list requests` and `list breaches`, run as
real subprocesses. Due dates are checked by hand against a calendar (France, organisation FR)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.test_cli import run


def _new(target: str, home: Path) -> None:
    created = run("new", target, "--org", "Acme Online SAS", "--country", "FR", home=home)
    assert created.returncode == 0, created.stderr


def _ok(*args: str, home: Path) -> str:
    result = run(*args, home=home)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _json(kind: str, target: str, home: Path, *options: str) -> list[dict[str, Any]]:
    return json.loads(_ok("list", kind, "-w", target, "--format", "json", *options, home=home))


def _add_request(target: str, home: Path, received: str, *more: str) -> str:
    return _ok(
        "request",
        "add",
        "-w",
        target,
        "--type",
        "access",
        "--received",
        received,
        "--requester",
        "Jane Doe",
        *more,
        home=home,
    )


@pytest.fixture
def file_workspace(tmp_path: Path, isolated_home: Path) -> str:
    target = str(tmp_path / "requests.pwb")
    _new(target, isolated_home)
    return target


def test_add_prints_the_explained_due_date_and_lists_it(
    workspace_target: str, isolated_home: Path
) -> None:
    _new(workspace_target, isolated_home)
    added = _add_request(
        workspace_target, isolated_home, "2027-03-05", "--type", "erasure", "--channel", "letter"
    )
    assert added.strip() == "REQ-001 due 5 Apr 2027 (one month after receipt on 5 Mar 2027)"
    # 31 Jan 2027: no 31 Feb, and 28 Feb 2027 is a Sunday.
    second = _add_request(workspace_target, isolated_home, "2027-01-31")
    assert second.startswith("REQ-002 due 1 Mar 2027 (one month after receipt on 31 Jan 2027; ")
    assert "28 Feb 2027 is a Sunday" in second

    listed = _json("requests", workspace_target, isolated_home)
    assert [row["reference"] for row in listed] == ["REQ-001", "REQ-002"]  # newest first
    first = listed[0]
    assert first == {
        "id": 1,
        "reference": "REQ-001",
        "types": ["access", "erasure"],
        "received_on": "2027-03-05",
        "requester": "Jane Doe",
        "status": "open",
        "due": "2027-04-05",
        "due_explained": "5 Apr 2027: one month after receipt on 5 Mar 2027",
        "days_left": (date(2027, 4, 5) - date.today()).days,
        "overdue": False,
        "due_soon": False,
        "extended": False,
        "extension_late": False,
    }
    text = _ok("list", "requests", "-w", workspace_target, home=isolated_home)
    heading, *lines = text.splitlines()
    assert heading.split() == [
        "Reference",
        "Received",
        "Types",
        "Requester",
        "Status",
        "Due",
        "Days",
        "left",
    ]
    assert lines[0].startswith("REQ-001    2027-03-05  access, erasure  Jane Doe")


def test_list_overdue_and_open_filter(workspace_target: str, isolated_home: Path) -> None:
    _new(workspace_target, isolated_home)
    old = (date.today() - timedelta(days=70)).isoformat()
    recent = (date.today() - timedelta(days=2)).isoformat()
    _add_request(workspace_target, isolated_home, old)  # REQ-001: a month passed long ago
    _add_request(workspace_target, isolated_home, recent)  # REQ-002: weeks left
    _add_request(workspace_target, isolated_home, old)  # REQ-003: overdue, but answered
    _ok(
        "request",
        "close",
        "-w",
        workspace_target,
        "--id",
        "REQ-003",
        "--outcome",
        "no_data",
        home=isolated_home,
    )

    overdue = _json("requests", workspace_target, isolated_home, "--overdue")
    assert [row["reference"] for row in overdue] == ["REQ-001"]
    assert overdue[0]["overdue"] is True and overdue[0]["days_left"] < 0
    opened = _json("requests", workspace_target, isolated_home, "--open")
    assert sorted(row["reference"] for row in opened) == ["REQ-001", "REQ-002"]
    everything = {
        row["reference"]: row for row in _json("requests", workspace_target, isolated_home)
    }
    assert everything["REQ-002"]["overdue"] is False and everything["REQ-002"]["days_left"] > 20
    assert everything["REQ-003"]["status"] == "closed"
    assert everything["REQ-003"]["days_left"] is None  # a closed request's clock has stopped

    text = _ok("list", "requests", "-w", workspace_target, "--overdue", home=isolated_home)
    [row] = text.splitlines()[1:]
    late = everything["REQ-001"]["days_left"]
    assert row.startswith("REQ-001") and row.endswith(f"{-late} days overdue")


def test_an_extension_moves_the_due_date_by_two_months(
    file_workspace: str, isolated_home: Path
) -> None:
    _add_request(file_workspace, isolated_home, "2027-03-05")
    refused = run(
        "request",
        "update",
        "-w",
        file_workspace,
        "--id",
        "REQ-001",
        "--extend",
        home=isolated_home,
    )
    assert refused.returncode == 2 and "--reason" in refused.stderr
    assert _json("requests", file_workspace, isolated_home)[0]["extended"] is False

    extended = _ok(
        "request",
        "update",
        "-w",
        file_workspace,
        "--id",
        "req-001",
        "--extend",
        "--reason",
        "Forty mailboxes to search",
        "--told",
        "2027-03-20",
        home=isolated_home,
    )
    # 5 Jun 2027 is a Saturday.
    assert extended.strip() == (
        "REQ-001 due 7 Jun 2027 (3 months after receipt on 5 Mar 2027 (extended); moved to the "
        "next working day because 5 Jun 2027 is a Saturday, and 6 Jun 2027 is a Sunday)"
    )
    [row] = _json("requests", file_workspace, isolated_home)
    assert (row["due"], row["extended"], row["extension_late"]) == ("2027-06-07", True, False)

    # Told after the first month: flagged (Art. 12(3)).
    late = _ok(
        "request",
        "update",
        "-w",
        file_workspace,
        "--id",
        "1",
        "--told",
        "2027-04-20",
        home=isolated_home,
    )
    assert "after the first month ended on 5 Apr 2027" in late
    assert _json("requests", file_workspace, isolated_home)[0]["extension_late"] is True


def test_waiting_for_proof_of_identity_pauses_the_clock(
    file_workspace: str, isolated_home: Path
) -> None:
    _add_request(file_workspace, isolated_home, "2027-03-05")
    paused = _ok(
        "request",
        "update",
        "-w",
        file_workspace,
        "--id",
        "REQ-001",
        "--identity-asked",
        "2027-03-08",
        "--identity-received",
        "2027-03-18",
        home=isolated_home,
    )
    assert paused.strip() == (
        "REQ-001 due 15 Apr 2027 (one month after receipt on 5 Mar 2027; plus 10 days waiting "
        "for proof of identity)"
    )
    assert _json("requests", file_workspace, isolated_home)[0]["due"] == "2027-04-15"
    backwards = run(
        "request",
        "update",
        "-w",
        file_workspace,
        "--id",
        "REQ-001",
        "--identity-received",
        "2027-03-01",
        home=isolated_home,
    )
    assert backwards.returncode == 2 and "--identity-received" in backwards.stderr


def test_a_refusal_needs_its_ground(workspace_target: str, isolated_home: Path) -> None:
    _new(workspace_target, isolated_home)
    _add_request(workspace_target, isolated_home, "2027-03-05", "--type", "erasure")
    refused = run(
        "request",
        "close",
        "-w",
        workspace_target,
        "--id",
        "REQ-001",
        "--outcome",
        "refused",
        home=isolated_home,
    )
    assert refused.returncode == 2
    assert "--ground" in refused.stderr and "Art. 12(4)" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    assert _json("requests", workspace_target, isolated_home)[0]["status"] == "open"

    closed = _ok(
        "request",
        "close",
        "-w",
        workspace_target,
        "--id",
        "REQ-001",
        "--outcome",
        "refused",
        "--ground",
        "Legal claims (Art. 17(3)(e))",
        "--closed",
        "2027-03-20",
        home=isolated_home,
    )
    assert closed.strip() == "REQ-001 closed on 20 Mar 2027: Refused"
    [row] = _json("requests", workspace_target, isolated_home)
    assert (row["status"], row["overdue"], row["days_left"]) == ("closed", False, None)


def test_closing_an_erasure_reminds_to_tell_the_recipients(
    file_workspace: str, isolated_home: Path
) -> None:
    _add_request(file_workspace, isolated_home, "2027-03-05", "--type", "erasure")
    done = _ok(
        "request",
        "close",
        "-w",
        file_workspace,
        "--id",
        "1",
        "--outcome",
        "fulfilled",
        "--closed",
        "2027-04-07",
        home=isolated_home,
    )
    assert "Note: answered 2 days after the deadline of 5 Apr 2027." in done
    assert "--recipients-told (Art. 19)" in done
    told = _ok(
        "request",
        "close",
        "-w",
        file_workspace,
        "--id",
        "1",
        "--outcome",
        "fulfilled",
        "--closed",
        "2027-04-02",
        "--recipients-told",
        "Mailchimp, Zendesk",
        home=isolated_home,
    )
    assert told.strip() == "REQ-001 closed on 2 Apr 2027: Fulfilled"


@pytest.mark.parametrize(
    ("aware", "zone", "deadline", "local_deadline"),
    [
        # Clocks go forward on 28 Mar 2027: 72 real hours end at 11:00 local time.
        (
            "2027-03-27T10:00+01:00",
            "Europe/Paris",
            "30 Mar 2027 11:00",
            "2027-03-30T11:00:00+02:00",
        ),
        # And back on 31 Oct 2027: at 09:00.
        ("2027-10-30T10:00+02:00", "Europe/Paris", "2 Nov 2027 09:00", "2027-11-02T09:00:00+01:00"),
    ],
)
def test_breach_add_counts_72_real_hours_across_a_clock_change(
    workspace_target: str,
    isolated_home: Path,
    aware: str,
    zone: str,
    deadline: str,
    local_deadline: str,
) -> None:
    _new(workspace_target, isolated_home)
    added = _ok(
        "breach",
        "add",
        "-w",
        workspace_target,
        "--aware",
        aware,
        "--tz",
        zone,
        "--title",
        "Laptop stolen",
        "--type",
        "confidentiality",
        "--subjects",
        "2000",
        "--special",
        home=isolated_home,
    )
    lines = added.splitlines()
    assert lines[0] == (
        f"BR-001: notify the authority by {deadline} {zone} (72 hours after awareness)"
    )
    assert "Suggested risk: A high risk: also tell the people affected (Art. 34)" in lines
    assert any("About 2000 people are affected" in line for line in lines)
    [row] = _json("breaches", workspace_target, isolated_home)
    assert row["aware_at"] == datetime.fromisoformat(aware).isoformat()
    assert row["deadline"] == local_deadline
    assert (row["time_zone"], row["risk_level"], row["clock_state"]) == (zone, None, "running")


def _aware(hours_ago: int) -> str:
    return (datetime.now(UTC) - timedelta(hours=hours_ago)).isoformat(timespec="minutes")


def test_list_breaches_shows_each_clock(workspace_target: str, isolated_home: Path) -> None:
    _new(workspace_target, isolated_home)
    for title, hours_ago in (
        ("Overdue", 80),
        ("Running", 10),
        ("Notified", 50),
        ("No risk", 30),
        ("Closed", 200),
    ):
        _ok(
            "breach",
            "add",
            "-w",
            workspace_target,
            "--aware",
            _aware(hours_ago),
            "--title",
            title,
            "--tz",
            "Europe/Berlin",
            home=isolated_home,
        )
    updates = {
        "BR-003": ["--risk", "risk", "--notified", _aware(1), "--authority", "BfDI"],
        "BR-004": ["--risk", "none", "--reasoning", "Sent to a colleague, deleted at once"],
        "BR-005": ["--closed", date.today().isoformat()],
    }
    for reference, options in updates.items():
        _ok(
            "breach",
            "update",
            "-w",
            workspace_target,
            "--id",
            reference,
            *options,
            home=isolated_home,
        )

    rows = {row["title"]: row for row in _json("breaches", workspace_target, isolated_home)}
    assert {title: row["clock_state"] for title, row in rows.items()} == {
        "Overdue": "overdue",
        "Running": "running",
        "Notified": "notified",
        "No risk": "not_notifiable",
        "Closed": "closed",
    }
    assert rows["Overdue"]["hours_left"] == pytest.approx(-8, abs=0.2)
    assert rows["Running"]["hours_left"] == pytest.approx(62, abs=0.2)
    assert rows["Notified"]["hours_left"] is None
    assert rows["No risk"]["risk_level"] == "none"
    assert rows["Running"]["aware_at"].endswith(("+01:00", "+02:00"))  # Berlin time

    opened = _json("breaches", workspace_target, isolated_home, "--open")
    assert "Closed" not in {row["title"] for row in opened} and len(opened) == 4
    text = _ok("list", "breaches", "-w", workspace_target, home=isolated_home)
    assert "hours overdue" in text and "hours left to notify the authority" in text


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("request", "add", "--type", "access", "--received", "2027-02-30"), "--received"),
        (("request", "add", "--type", "access", "--received", "5/3/2027"), "--received"),
        (("request", "add", "--type", "access,complaint", "--received", "2027-03-05"), "--type"),
        (
            ("request", "add", "--type", "access", "--received", "2027-03-05", "--channel", "fax"),
            "--channel",
        ),
        (
            (
                "request",
                "add",
                "--type",
                "access",
                "--received",
                "2027-03-05",
                "--activity",
                "PA-404",
            ),
            "--activity",
        ),
        (("request", "add", "--type", "access", "--received", "2027-03-05", "--org", "7"), "--org"),
        (("breach", "add", "--title", "T", "--aware", "2027-03-27T10:00"), "--aware"),
        (("breach", "add", "--title", "T", "--aware", "tomorrow"), "--aware"),
        (
            ("breach", "add", "--title", "T", "--aware", "2027-03-27T10:00Z", "--tz", "Paris"),
            "--tz",
        ),
        (
            ("breach", "add", "--title", "T", "--aware", "2027-03-27T10:00Z", "--type", "theft"),
            "--type",
        ),
        (("breach", "update", "--id", "BR-404", "--risk", "high"), "--id"),
        (("request", "update", "--id", "REQ-404", "--note", "x"), "--id"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_writes_nothing(
    file_workspace: str, isolated_home: Path, args: tuple[str, ...], option: str
) -> None:
    command, action, *rest = args
    if command == "request" and action == "add":
        rest = [*rest, "--requester", "Jane Doe"]
    result = run(command, action, "-w", file_workspace, *rest, home=isolated_home)
    assert result.returncode == 2
    assert option in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert _json("requests", file_workspace, isolated_home) == []
    assert _json("breaches", file_workspace, isolated_home) == []


def test_breach_update_checks_its_options(file_workspace: str, isolated_home: Path) -> None:
    _ok(
        "breach",
        "add",
        "-w",
        file_workspace,
        "--aware",
        "2027-03-27T10:00+01:00",
        "--tz",
        "Europe/Paris",
        "--title",
        "Misdirected e-mail",
        home=isolated_home,
    )
    for options, needed in (
        (["--risk", "none"], "--reasoning"),
        (["--notified", "2027-03-28T09:00+01:00"], "--authority"),
        (["--notified", "2027-03-26T09:00+01:00", "--authority", "CNIL"], "before awareness"),
    ):
        result = run(
            "breach", "update", "-w", file_workspace, "--id", "BR-001", *options, home=isolated_home
        )
        assert result.returncode == 2 and needed in result.stderr, result.stderr
    [row] = _json("breaches", file_workspace, isolated_home)
    assert (row["risk_level"], row["authority_notified_at"]) == (None, None)

    late = _ok(
        "breach",
        "update",
        "-w",
        file_workspace,
        "--id",
        "1",
        "--risk",
        "high",
        "--reasoning",
        "Health data",
        "--notified",
        "2027-03-30T15:00+02:00",
        "--authority",
        "CNIL",
        "--authority-ref",
        "2027-0042",
        home=isolated_home,
    )
    assert "notified on 30 Mar 2027 15:00 Europe/Paris (4 hours late)" in late
    assert "--delay-reasons" in late and "Art. 34" in late


def test_documents_for_a_request_and_a_breach(tmp_path: Path, isolated_home: Path) -> None:
    """report request-letter / breach-notification / breach-letter, by reference."""
    from docx import Document
    from pypdf import PdfReader

    workspace = tmp_path / "demo.pwb"
    assert run("demo", str(workspace), home=isolated_home).returncode == 0
    letter = tmp_path / "access.docx"
    done = run(
        "report",
        "request-letter",
        "-w",
        str(workspace),
        "--id",
        "req-001",
        "--kind",
        "access",
        "-o",
        str(letter),
        home=isolated_home,
    )
    assert done.returncode == 0, done.stderr
    assert any(p.style.name.startswith("Heading") for p in Document(str(letter)).paragraphs)
    notice = tmp_path / "notice.pdf"
    done = run(
        "report",
        "breach-notification",
        "-w",
        str(workspace),
        "--id",
        "BR-001",
        "-o",
        str(notice),
        home=isolated_home,
    )
    assert done.returncode == 0, done.stderr
    assert "72" in "".join(page.extract_text() for page in PdfReader(notice).pages)
    wrong = run(
        "report",
        "breach-notification",
        "-w",
        str(workspace),
        "--id",
        "BR-001",
        "-o",
        str(tmp_path / "notice.docx"),
        home=isolated_home,
    )
    assert wrong.returncode == 2 and "must end in .pdf" in wrong.stderr
