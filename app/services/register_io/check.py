"""Checking raw records against the rules and the workspace, before anything is written.

Every field goes through the same FieldSpec cleaners as an edit in the app. On top, what only
an import can get wrong: owners, controllers and processors that the workspace does not have,
references used twice in the file or already in the workspace, vendors named but nowhere to
be found, destinations that are no country. Every problem is collected; the plan is only
written when there are none.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.domain.activity import ActivityStatus
from app.domain.countries import is_country_code
from app.domain.fields import FieldKind
from app.domain.vendor import VENDOR_FIELDS, VendorRole
from app.errors import FieldError, InvalidValue
from app.i18n import _, ngettext
from app.services.register import REFERENCE_PREFIX
from app.services.register_io.flatten import resolve_purpose_numbers
from app.services.register_io.layouts import SHEET_FIELDS, SheetKind
from app.services.register_io.problems import Problems
from app.services.register_io.rows import RawRecord
from app.services.register_io.workspace_index import WorkspaceIndex, vendor_key
from app.storage.workspace import Workspace


@dataclass
class Planned:
    """A record ready to write; its list entries still name vendors (linked at write time)."""

    row: int | str
    values: dict[str, Any]
    vendor_links: list[tuple[str, int, str]] = field(default_factory=list)


@dataclass
class Plan:
    vendors: list[dict[str, Any]] = field(default_factory=list)
    activities: list[Planned] = field(default_factory=list)
    processor_activities: list[Planned] = field(default_factory=list)
    existing_vendors: dict[str, int] = field(default_factory=dict)  # vendor key -> id
    notes: list[str] = field(default_factory=list)


class Checker:
    def __init__(self, index: WorkspaceIndex, problems: Problems, *, from_json: bool) -> None:
        self.index = index
        self.problems = problems
        self.from_json = from_json
        self.plan = Plan()
        self.file_vendors: dict[str, str] = {}  # key -> name, vendors the file describes
        self.named_vendors: dict[str, tuple[str, str]] = {}  # key -> (name, role) to create
        self.references: dict[str, int | str] = {}
        self.processor_references: dict[str, int | str] = {}

    # -- one field at a time, every problem kept ----------------------------------------

    def _clean(self, record: RawRecord, values: dict[str, Any]) -> dict[str, Any] | None:
        specs = SHEET_FIELDS[record.kind]
        cleaned: dict[str, Any] = {}
        failed = False
        for name, value in values.items():
            try:
                cleaned[name] = specs[name].clean(value)
            except FieldError as error:
                self.problems.add(record.row, record.column(name), error.message)
                failed = True
        # A missing column or key; an empty cell was refused by its cleaner above. Links
        # (owner, controller) are checked by the caller, and a new activity's reference is
        # numbered later.
        numbered = {"reference"} if record.kind is SheetKind.ACTIVITIES else set()
        for name, spec in specs.items():
            if (
                spec.required
                and spec.kind is not FieldKind.REFERENCE
                and name not in values
                and name not in numbered
            ):
                self.problems.add(record.row, record.column(name), _("is required"))
                failed = True
        return None if failed else cleaned

    def _link(self, record: RawRecord, values: dict[str, Any], planned: Planned) -> None:
        """Take the vendor names out of list entries; check destinations."""
        for list_name in ("recipients", "transfers"):
            items = values.get(list_name)
            if not isinstance(items, list):
                continue
            entries = []
            for position, item in enumerate(items):
                if not isinstance(item, dict):
                    entries.append(item)
                    continue
                entry = dict(item)
                if "vendor_id" in entry and self.from_json:
                    entry.pop("vendor_id")
                    self.problems.add(
                        record.row,
                        list_name,
                        _("entry {n}: name the vendor (“vendor”), not its id").format(
                            n=position + 1
                        ),
                    )
                name = entry.pop("vendor", None)
                if name:
                    try:
                        name = VENDOR_FIELDS["name"].clean(str(name))
                    except FieldError as error:
                        self.problems.add(
                            record.row,
                            record.column(list_name),
                            _("entry {n}, vendor: {problem}").format(
                                n=position + 1, problem=error.message
                            ),
                        )
                        name = None
                if name:
                    planned.vendor_links.append((list_name, position, name))
                    role = self._vendor_role(list_name, entry)
                    self.named_vendors.setdefault(vendor_key(name), (name, role))
                destination = entry.get("destination")
                if (
                    list_name == "transfers"
                    and isinstance(destination, str)
                    and len(destination.strip()) == 2
                    and not is_country_code(destination.strip())
                ):
                    self.problems.add(
                        record.row,
                        record.column(list_name),
                        _("entry {n}: “{code}” is not an ISO 3166 country code").format(
                            n=position + 1, code=destination.strip()
                        ),
                    )
                entries.append(entry)
            values[list_name] = entries

    @staticmethod
    def _vendor_role(list_name: str, entry: dict[str, Any]) -> str:
        kind = entry.get("type")
        if list_name == "recipients" and kind == "joint_controller":
            return VendorRole.JOINT_CONTROLLER.value
        if list_name == "recipients" and kind in ("third_party", "public_authority"):
            return VendorRole.INDEPENDENT_CONTROLLER.value
        return VendorRole.PROCESSOR.value

    # -- records ---------------------------------------------------------------------------

    def vendor(self, record: RawRecord) -> None:
        values = dict(record.values)
        if not values.get("role"):
            values["role"] = VendorRole.PROCESSOR.value
        cleaned = self._clean(record, values)
        if cleaned is None:
            return
        key = vendor_key(cleaned["name"])
        if key in self.file_vendors:
            self.problems.add(
                record.row,
                record.column("name"),
                _("“{name}” is listed twice").format(name=cleaned["name"]),
            )
            return
        self.file_vendors[key] = cleaned["name"]
        if key in self.index.vendors:
            self.plan.existing_vendors[key] = self.index.vendors[key]
            self.plan.notes.append(
                _("The vendor “{name}” is already in the workspace; it is kept as it is.").format(
                    name=cleaned["name"]
                )
            )
            return
        self.plan.vendors.append(cleaned)

    def activity(self, record: RawRecord) -> None:
        values = dict(record.values)
        planned = Planned(record.row, {})
        links: dict[str, Any] = {}
        owner = values.pop("owner", None)
        if owner:
            try:
                links["owner_id"] = self.index.person(owner)
            except InvalidValue as problem:
                self.problems.add(record.row, record.column("owner"), str(problem))
        controller = values.pop("controller", None)
        if controller:
            try:
                links["controller_id"] = self.index.organisation(controller)
            except InvalidValue as problem:
                self.problems.add(record.row, record.column("controller"), str(problem))
        else:
            links["controller_id"] = self.index.first_organisation
        if not values.get("status"):
            values["status"] = ActivityStatus.DRAFT.value
        if record.purpose_numbers:
            try:
                resolve_purpose_numbers(values)
            except InvalidValue as problem:
                self.problems.add(record.row, record.column("data_categories"), str(problem))
        self._link(record, values, planned)
        reference = values.get("reference")
        if not reference:
            values.pop("reference", None)  # numbered once every row is known
        cleaned = self._clean(record, values)
        if cleaned is None:
            return
        reference = cleaned.get("reference")
        if reference:
            self._unique_reference(record, reference)
        planned.values = {**cleaned, **links}
        self.plan.activities.append(planned)

    def _unique_reference(self, record: RawRecord, reference: str) -> None:
        column = record.column("reference")
        earlier = self.references.get(reference)
        if earlier is not None:
            self.problems.add(
                record.row,
                column,
                _("“{reference}” is used twice in the file (also at {row})").format(
                    reference=reference, row=earlier
                ),
            )
        elif reference in self.index.references:
            self.problems.add(
                record.row,
                column,
                _("“{reference}” is already used in this workspace by “{name}”").format(
                    reference=reference, name=self.index.references[reference]
                ),
            )
        self.references.setdefault(reference, record.row)

    def processor_activity(self, record: RawRecord) -> None:
        values = dict(record.values)
        planned = Planned(record.row, {})
        processor = values.pop("processor", None)
        processor_id: int | None = self.index.first_organisation
        if processor:
            try:
                processor_id = self.index.organisation(processor)
            except InvalidValue as problem:
                self.problems.add(record.row, record.column("processor"), str(problem))
        self._link(record, values, planned)
        cleaned = self._clean(record, values)
        if cleaned is None:
            return
        reference = cleaned["reference"]
        if reference in self.processor_references or reference in self.index.processor_references:
            self.problems.add(
                record.row,
                record.column("reference"),
                _("the processor record reference “{reference}” is already used").format(
                    reference=reference
                ),
            )
        self.processor_references.setdefault(reference, record.row)
        planned.values = {**cleaned, "processor_id": processor_id}
        self.plan.processor_activities.append(planned)

    # -- after every row ---------------------------------------------------------------------

    def finish(self) -> Plan:
        self._vendors_named_in_lists()
        self._number_new_activities()
        return self.plan

    def _vendors_named_in_lists(self) -> None:
        created = []
        for key, (name, role) in self.named_vendors.items():
            if key in self.file_vendors or key in self.index.vendors:
                self.plan.existing_vendors.setdefault(key, self.index.vendors.get(key, 0))
                continue
            if self.from_json:
                for planned in self.plan.activities + self.plan.processor_activities:
                    for list_name, position, vendor in planned.vendor_links:
                        if vendor_key(vendor) == key:
                            self.problems.add(
                                planned.row,
                                list_name,
                                _(
                                    "entry {n}: no vendor “{name}” in the file or the workspace"
                                ).format(n=position + 1, name=vendor),
                            )
                continue
            self.plan.vendors.append({"name": name, "role": role})
            self.file_vendors[key] = name
            created.append(name)
        if created:
            self.plan.notes.append(
                ngettext(
                    "New vendor, named in the lists: {names}; complete its details.",
                    "{count} new vendors, named in the lists: {names}; complete their details.",
                    len(created),
                ).format(count=len(created), names=", ".join(created[:10]))
            )

    def _number_new_activities(self) -> None:
        pattern = re.compile(re.escape(REFERENCE_PREFIX) + r"(\d+)$")
        used = set(self.index.references) | set(self.references)
        numbers = [int(m.group(1)) for ref in used if (m := pattern.match(ref))]
        following = max(numbers, default=0) + 1
        for planned in self.plan.activities:
            if not planned.values.get("reference"):
                planned.values["reference"] = f"{REFERENCE_PREFIX}{following:03d}"
                following += 1


def check_records(
    workspace: Workspace,
    records: list[RawRecord],
    problems: Problems,
    *,
    from_json: bool,
    progress: Callable[[int], None] | None = None,
) -> Plan:
    """Check every record; the plan is complete only when `problems` stays empty."""
    checker = Checker(WorkspaceIndex.load(workspace), problems, from_json=from_json)
    if checker.index.first_organisation is None:
        problems.add(
            None, "", _("add an organisation to the workspace first: it is the controller")
        )
        return checker.plan
    for record in records:
        if record.kind is SheetKind.VENDORS:
            checker.vendor(record)
    for done, record in enumerate(records, start=1):
        if record.kind is SheetKind.ACTIVITIES:
            checker.activity(record)
        elif record.kind is SheetKind.PROCESSOR_ACTIVITIES:
            checker.processor_activity(record)
        if progress is not None and done % 500 == 0:
            progress(done)
    return checker.finish()
