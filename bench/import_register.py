"""Import budget: a 10,000-row register XLSX in our own layout into a fresh workspace.

The workbook is generated with realistic values (several purposes, data categories with
retention, recipients naming vendors, a transfer on every fifth activity, text lists, review
dates), written to a temporary folder, then imported with `import_register` into a new
SQLite workspace that has the organisations and the team the file names. Prints the wall time
of the import against the 10 s budget of DESIGN.md, with the time spent per stage from the
progress callback.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BUDGET_SECONDS = 10.0
PEOPLE = [
    ("Sophie Martin", "sophie.martin@maison-lumiere.example"),
    ("Lucas Bernard", "lucas.bernard@maison-lumiere.example"),
    ("Anna Schmidt", "anna.schmidt@lumiere-logistik.example"),
]
ORGANISATIONS = [("Maison Lumière SAS", "FR"), ("Lumière Logistik GmbH", "DE")]
VENDORS = ["Cloudy Hosting Ltd", "MailJet SAS", "PayFast BV", "Parcel Express GmbH", "CRM Cloud"]
AREAS = ["Customer", "Employee", "Supplier", "Website visitor", "Applicant", "Newsletter"]
ACTIONS = ["management", "support", "billing", "analytics", "recruitment", "delivery"]


def generate(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    from app.services.register_io.layouts import SheetKind, our_headings

    rng = random.Random(42)
    # A normal (not write-only) workbook, as Excel saves it: shared strings and a dimension.
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Activities"
    sheet.append(list(our_headings(SheetKind.ACTIVITIES).values()))
    for number in range(1, rows + 1):
        area, action = rng.choice(AREAS), rng.choice(ACTIONS)
        name, email = rng.choice(PEOPLE)
        vendor = rng.choice(VENDORS)
        purposes = "\n".join(
            [
                f"{area} {action} | 6.1.b",
                f"Fraud prevention for {area.lower()}s | 6.1.f |  | Preventing payment fraud",
                "Keeping accounting records | 6.1.c | Code de commerce, art. L123-22",
            ][: rng.randint(1, 3)]
        )
        categories = "\n".join(
            f"{category} | regular | data_subject |  | contractual | We cannot serve you | 1 "
            f"| {rng.randint(1, 10)} years | end of the contract | delete"
            for category in rng.sample(
                ["Identity", "Contact details", "Order history", "Payment data", "Connection data"],
                3,
            )
        )
        transfer = f"US | scc | {vendor} Inc. | {vendor} | 2" if number % 5 == 0 else ""
        last = date(2025, 1, 1) + timedelta(days=rng.randint(0, 400))
        sheet.append(
            [
                f"PA-{number:05d}",
                f"{area} {action} #{number}",
                f"How we handle {area.lower()} {action}.\nReviewed with the DPO.",
                rng.choice(["draft", "active", "active", "retired"]),
                f"{name} <{email}>",
                rng.choice(ORGANISATIONS)[0],
                "",
                "",
                purposes,
                "; ".join(rng.sample(["Customers", "Prospects", "Employees", "Suppliers"], 2)),
                categories,
                f"{vendor} | processor | {vendor}\nAccounting department | internal",
                transfer,
                "Encryption at rest; Access control; Backups",
                "",
                "CRM; ERP",
                "No",
                "",
                "",
                last,
                last + timedelta(days=365),
            ]
        )
    workbook.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["PRIVACY_WORKBENCH_HOME"] = folder
        from app.services.organisations import add_organisation
        from app.services.register_io import import_register
        from app.services.team import add_person
        from app.storage.workspace import Workspace

        source = Path(folder) / "register.xlsx"
        started = time.perf_counter()
        generate(source, args.rows)
        print(
            f"generated {args.rows} rows ({source.stat().st_size // 1024} KB) "
            f"in {time.perf_counter() - started:.1f} s"
        )
        workspace = Workspace.create(Path(folder) / "bench.pwb")
        for legal_name, country in ORGANISATIONS:
            add_organisation(workspace, {"legal_name": legal_name, "country": country})
        for name, email in PEOPLE:
            add_person(workspace, {"name": name, "email": email, "role": "editor"})
        stages: list[tuple[float, int, str]] = []
        cpu_started = time.process_time()
        started = time.perf_counter()
        report = import_register(
            workspace,
            source,
            progress=lambda percent, message: stages.append(
                (time.perf_counter() - started, percent, message)
            ),
        )
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        workspace.close()
    marks = {"Checking": None, "Writing the activities": None}
    for at, _percent, message in stages:
        for key in marks:
            if message.startswith(key) and marks[key] is None:
                marks[key] = at
    print(report.summary())
    print(
        f"reading {marks['Checking'] or 0:.1f} s, checking "
        f"{(marks['Writing the activities'] or 0) - (marks['Checking'] or 0):.1f} s, writing "
        f"{elapsed - (marks['Writing the activities'] or 0):.1f} s"
    )
    verdict = "within" if elapsed < BUDGET_SECONDS else "OVER"
    print(
        f"import of {args.rows} rows: {elapsed:.2f} s wall, {cpu:.2f} s CPU "
        f"({verdict} the {BUDGET_SECONDS:.0f} s budget; load average {os.getloadavg()[0]:.1f})"
    )


if __name__ == "__main__":
    main()
