"""Interoperability with the CNIL's PIA tool, the de-facto DPIA tool in the EU: import a PIA it
exported as one of our DPIAs, and export a DPIA as a file it imports.

The import checks the whole file first (cnil_pia_format) and creates the DPIA in one change,
so a bad file imports nothing and a good one is undone in one step. The correspondence between
the two models is described in cnil_pia_mapping; the round trip import -> export -> import
keeps everything both tools model.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

from sqlmodel import col, select

from app.domain import Organisation, ProcessingActivity
from app.domain.base import utcnow
from app.domain.dpia import DECISIONS, DPIA_FIELDS, DpiaStatus, check_dpia
from app.domain.risk_matrix import MatrixKind
from app.errors import FieldError, UserError
from app.i18n import _
from app.services.changes import ChangeResult, ChangeWriter
from app.services.cnil_pia_export import cnil_document
from app.services.cnil_pia_format import parse_cnil_pia
from app.services.cnil_pia_mapping import dpia_values
from app.services.cnil_pia_reading import CnilPiaError, read_json
from app.services.dpia import (
    DPIA,
    VERSION,
    content_hash,
    dpia_snapshot,
    get_dpia,
    next_dpia_reference,
)
from app.services.dpia_register import merged_facts, register_facts
from app.settings import default_actor
from app.storage.workspace import Workspace

# Our field -> the key of the tool's pia object it comes from, to name the place of a problem.
_PIA_SOURCES = {
    "title": "name",
    "author": "author_name",
    "reviewer": "evaluator_name",
    "validator": "validator_name",
    "dpo_names": "dpos_names",
    "dpo_opinion": "dpo_opinion",
    "people_names": "people_names",
    "people_views": "concerned_people_opinion",
    "people_not_sought_reason": "concerned_people_searched_content",
    "rejection_reason": "rejection_reason",
    "applied_adjustments": "applied_adjustments",
    "category": "category",
}


def _controller(
    workspace: Workspace, activity_ids: Sequence[int], organisation_id: int | None
) -> int:
    """The DPIA's controller: the first activity's, else the one named, else the first one."""
    with workspace.session() as session:
        activities = {
            a.id: a
            for a in session.exec(
                select(ProcessingActivity).where(col(ProcessingActivity.id).in_(activity_ids))
            )
        }
        missing = [str(i) for i in activity_ids if i not in activities]
        if missing:
            raise UserError(
                _("Processing activity #{id} does not exist.").format(id=", #".join(missing))
            )
        if activity_ids:
            return activities[activity_ids[0]].controller_id
        if organisation_id is not None:
            if session.get(Organisation, organisation_id) is None:
                raise UserError(_("Organisation #{id} does not exist.").format(id=organisation_id))
            return organisation_id
        first = session.exec(select(Organisation.id).order_by(col(Organisation.id))).first()
    if first is None:
        raise UserError(_("Add an organisation first: a DPIA names its controller."))
    return first


def import_cnil_pia(
    workspace: Workspace,
    path: Path | str,
    *,
    activity_ids: Sequence[int] = (),
    organisation_id: int | None = None,
    actor: str | None = None,
) -> ChangeResult:
    """Create one DPIA from a PIA exported by the CNIL tool, in one change.

    A decided PIA (validated or refused in the tool) arrives decided, with its frozen version;
    one our rules would not let stand (e.g. approved while a high residual risk remains, which
    calls for the authority's prior consultation) arrives as a draft, and the change's summary
    says so. A malformed file raises CnilPiaError naming every problem and imports nothing.
    """
    path = Path(path).expanduser()
    parsed = parse_cnil_pia(read_json(path), str(path))
    values = dpia_values(parsed, path.stem[:300] or _("Imported PIA"))
    problems = []
    for name, source in _PIA_SOURCES.items():
        try:
            values[name] = DPIA_FIELDS[name].clean(values.get(name))
        except FieldError as error:
            problems.append(f"pia.{source}: {error.message}")
    if problems:
        raise CnilPiaError(str(path), problems)
    ids = list(dict.fromkeys(activity_ids))
    values["organisation_id"] = _controller(workspace, ids, organisation_id)
    values["activity_ids"] = ids
    values["reference"] = next_dpia_reference(workspace)
    values["matrix"] = MatrixKind.CNIL_4X4.value  # the tool's gauges are the CNIL's 1 to 4
    summary = _("Imported the CNIL PIA “{title}”").format(title=values["title"])
    refused = check_dpia(values) if values["status"] in DECISIONS else []
    if refused:
        reasons = "; ".join(problem.message for problem in refused)
        values.update(status=DpiaStatus.DRAFT.value, decided_on=None, decided_by=None)
        summary += " " + _("(as a draft: {reasons})").format(reasons=reasons)
    with workspace.writing() as session:
        writer = ChangeWriter(session, actor, summary[:500])
        created = writer.create(DPIA, values)
        if created["status"] in DECISIONS:
            # The decision arrives with the version it is about, as decide_dpia records it.
            snapshot = dpia_snapshot(workspace, created.values)
            writer.create(
                VERSION,
                {
                    "dpia_id": created.id,
                    "number": 1,
                    "frozen_at": utcnow(),
                    "frozen_by": (actor or default_actor())[:200],
                    "status": created["status"],
                    "content_hash": content_hash(snapshot),
                    "snapshot": snapshot,
                },
            )
        return writer.result()


def export_cnil_pia(workspace: Workspace, dpia_id: int, path: Path | str) -> Path:
    """Write the DPIA as a file the CNIL tool imports; register-derived questions left empty
    carry the register's facts, since the tool cannot read our register."""
    record = get_dpia(workspace, dpia_id)
    facts = merged_facts(register_facts(workspace, record["activity_ids"] or []))
    document = cnil_document(
        record.id, record.values, facts, record["created_at"], record["updated_at"]
    )
    path = Path(path).expanduser()
    partial = path.with_name(path.name + ".partial")
    try:
        # Written aside, then moved in place: an interrupted export never leaves half a file.
        partial.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(partial, path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise UserError(
            _("{path}: cannot write the file: {reason}").format(path=path, reason=error.strerror)
        ) from None
    return path
