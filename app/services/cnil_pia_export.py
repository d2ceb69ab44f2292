"""The export direction of cnil_pia_mapping: one DPIA as a document the CNIL PIA tool imports,
with the structure and key names of the tool's own export.

Ids are consistent within the file: a measure keeps the id it came with from the tool (others
are numbered after the highest), its evaluation is "3.1.<that id>", and the risks' 3x4 lists
name measures by title, as the tool links them. What the tool cannot hold (custom risks, the
inherent position, measure owners and due dates, conditions of an approval) stays out.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time
from typing import Any

from app.domain.dpia import DpiaStatus, Opinion
from app.domain.dpia_questions import (
    MEASURES_SECTION,
    PARTS,
    RISK_SECTIONS,
    FearedEvent,
    risk_question,
)
from app.domain.rich_text import sanitise_html
from app.i18n import _
from app.services.cnil_pia_format import EVALUATION_TARGETS, KNOWN_QUESTIONS
from app.services.cnil_pia_mapping import (
    CNIL_EDITING,
    CNIL_REFUSED,
    CNIL_SIGNED,
    CNIL_VALIDATED,
    RISK_LISTS,
    html_to_plain,
    placeholder_of,
)

# The version of the tool's database layout that the shared example file was written with:
# the layout this export follows key for key.
DB_VERSION = 201707071818
NUMBER_OF_QUESTIONS = 36
DEFAULT_PLACEHOLDER = "measures.default_placeholder"
_OPINION_CODES = {Opinion.FAVOURABLE.value: 1, Opinion.UNFAVOURABLE.value: 0}
# Our decisions in the tool's statuses. An approval signed by a named person is the tool's
# "signed validation", one without a name its "simple validation". The tool has no prior
# consultation of the authority: the PIA goes back as still being worked on.
_STATUS_CODES = {
    DpiaStatus.REFUSED.value: CNIL_REFUSED,
    DpiaStatus.APPROVED.value: CNIL_VALIDATED,
    DpiaStatus.APPROVED_WITH_CONDITIONS.value: CNIL_VALIDATED,
}


def moment(value: datetime | None) -> str:
    """A time as the tool writes it (JavaScript's toISOString)."""
    value = (value or datetime.now(UTC)).astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def _facts_html(lines: Sequence[str]) -> str:
    items = "".join(f"<li>{html.escape(line, quote=False)}</li>" for line in lines if line)
    heading = html.escape(_("From the record of processing activities:"), quote=False)
    return sanitise_html(f"<p>{heading}</p><ul>{items}</ul>")


def measure_ids(measures: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """Each measure's id in the file: the tool's own where it has one, unique, else the next."""
    ids: dict[str, int] = {}
    used: set[int] = set()
    for measure in measures:
        cnil_id = measure.get("cnil_id")
        if isinstance(cnil_id, int) and cnil_id > 0 and cnil_id not in used:
            ids[measure["key"]] = cnil_id
            used.add(cnil_id)
    following = max(used, default=0) + 1
    for measure in measures:
        if measure["key"] not in ids:
            ids[measure["key"]] = following
            used.add(following)
            following += 1
    return ids


def _status_code(values: Mapping[str, Any]) -> int:
    code = _STATUS_CODES.get(values.get("status") or "", CNIL_EDITING)
    if code == CNIL_VALIDATED and values.get("decided_by"):
        return CNIL_SIGNED
    return code


def _event_risks(values: Mapping[str, Any]) -> dict[FearedEvent, Mapping[str, Any]]:
    """The first risk of each feared event the tool knows (it has one of each, no others)."""
    found: dict[FearedEvent, Mapping[str, Any]] = {}
    for risk in values.get("risks") or []:
        event = risk.get("event")
        if event in {e.value for e in RISK_SECTIONS}:
            found.setdefault(FearedEvent(event), risk)
    return found


def cnil_document(
    dpia_id: int,
    values: Mapping[str, Any],
    facts: Mapping[str, Sequence[str]],
    created_at: datetime | None,
    updated_at: datetime | None,
) -> dict[str, Any]:
    """The DPIA as the tool's export document (keys pia, answers, measures, evaluations,
    comments); `facts` are the register facts that fill register-derived answers left empty."""
    created, updated = moment(created_at), moment(updated_at)
    decided_on = values.get("decided_on")
    if _STATUS_CODES.get(values.get("status") or "") is not None and isinstance(decided_on, date):
        # The tool keeps no decision date; its last change of a decided PIA carries ours
        # (and the import reads it back from there).
        updated = moment(datetime.combine(decided_on, time(), UTC))
    ids = measure_ids(values.get("measures") or [])
    titles = {m["key"]: m.get("title", "") for m in values.get("measures") or []}
    risks = _event_risks(values)

    def plain(name: str) -> str:
        return html_to_plain(values.get(name) or "")

    def opinion(name: str) -> int | None:
        return _OPINION_CODES.get(values.get(name) or "")

    pia: dict[str, Any] = {
        "dbVersion": DB_VERSION,
        "tableName": "pia",
        "serverUrl": None,
        "numberOfQuestions": NUMBER_OF_QUESTIONS,
        "created_at": created,
        "id": dpia_id,
        "objectStore": {},
        "status": _status_code(values),
        "name": values.get("title") or "",
        "author_name": values.get("author") or "",
        "evaluator_name": values.get("reviewer") or "",
        "validator_name": values.get("validator") or "",
        "dpo_status": opinion("dpo_status"),
        "dpo_opinion": plain("dpo_opinion"),
        "concerned_people_opinion": plain("people_views"),
        "concerned_people_status": opinion("people_views_status"),
        "rejection_reason": plain("rejection_reason"),
        "applied_adjustments": plain("applied_adjustments"),
        "updated_at": updated,
        "dpos_names": values.get("dpo_names") or "",
        "people_names": values.get("people_names") or "",
        "concerned_people_searched_opinion": bool(values.get("people_views_sought")),
        "concerned_people_searched_content": plain("people_not_sought_reason"),
        "category": values.get("category") or "",
    }
    answer_data = _answers(values, facts, risks, titles)
    return {
        "pia": pia,
        "answers": [
            {"pia_id": dpia_id, "reference_to": question, "data": data, "created_at": created}
            | {"id": number}
            for number, (question, data) in enumerate(answer_data, start=1)
        ],
        "measures": [
            {
                "title": measure.get("title", ""),
                "pia_id": dpia_id,
                "content": measure.get("description") or "",
                "placeholder": placeholder_of(measure.get("knowledge_key") or "")
                or DEFAULT_PLACEHOLDER,
                "created_at": created,
                "id": ids[measure["key"]],
            }
            for measure in values.get("measures") or []
        ],
        "evaluations": _evaluations(dpia_id, values, ids, risks, created),
        "comments": _comments(dpia_id, values, ids, created),
    }


def _answers(
    values: Mapping[str, Any],
    facts: Mapping[str, Sequence[str]],
    risks: Mapping[FearedEvent, Mapping[str, Any]],
    titles: Mapping[str, str],
) -> list[tuple[int, dict[str, Any]]]:
    texts = {a["question"]: a.get("text") or "" for a in values.get("answers") or []}
    found: list[tuple[int, dict[str, Any]]] = []
    for part in PARTS:
        for section in part.sections:
            for question in section.questions:
                text = texts.get(question.id, "")
                if not text and question.from_register and facts.get(question.from_register):
                    text = _facts_html(facts[question.from_register])
                if text:
                    found.append((question.id, {"text": text, "gauge": 0, "list": []}))
    for event, risk in risks.items():
        for aspect, name in RISK_LISTS.items():
            if risk.get(name):
                data: dict[str, Any] = {"text": None, "gauge": None, "list": list(risk[name])}
                found.append((risk_question(event, aspect), data))
        listed = [titles[k] for k in risk.get("measure_keys") or [] if titles.get(k)]
        if listed:
            found.append((risk_question(event, 4), {"text": None, "gauge": None, "list": listed}))
        for aspect, stage in ((5, "severity"), (6, "likelihood")):
            text = risk.get(f"{stage}_text") or ""
            gauge = int(risk.get(f"current_{stage}") or 0)
            if text or gauge:
                rating: dict[str, Any] = {"text": text or None, "gauge": gauge, "list": []}
                found.append((risk_question(event, aspect), rating))
    return found


def _evaluations(
    dpia_id: int,
    values: Mapping[str, Any],
    ids: Mapping[str, int],
    risks: Mapping[FearedEvent, Mapping[str, Any]],
    created: str,
) -> list[dict[str, Any]]:
    risk_sections = {RISK_SECTIONS[event]: risk for event, risk in risks.items()}
    by_key = {risk.get("key"): RISK_SECTIONS[event] for event, risk in risks.items()}
    evaluations: list[dict[str, Any]] = []
    done: set[str] = set()

    def add(reference: str, review: Mapping[str, Any]) -> None:
        risk = risk_sections.get(reference) or {}
        status = int(review.get("status") or 0)
        due = review.get("due_on")
        evaluations.append(
            {
                "status": status,
                "pia_id": dpia_id,
                "reference_to": reference,
                "action_plan_comment": review.get("action_plan_comment") or "",
                "evaluation_comment": review.get("comment") or "",
                "gauges": {
                    "x": int(risk.get("residual_severity") or 0),
                    "y": int(risk.get("residual_likelihood") or 0),
                },
                "estimated_implementation_date": f"{due}T00:00:00.000Z" if due else None,
                "person_in_charge": review.get("person_in_charge") or "",
                "global_status": 2 if status else 0,  # the tool's "evaluation completed"
                "created_at": created,
                "id": len(evaluations) + 1,
            }
        )
        done.add(reference)

    measure_prefix = MEASURES_SECTION + "."
    for review in values.get("reviews") or []:
        target = str(review.get("target") or "")
        if target.startswith(measure_prefix):
            key = target[len(measure_prefix) :]
            reference = f"{measure_prefix}{ids[key]}" if key in ids else ""
        elif target.startswith("risk."):
            reference = by_key.get(target[len("risk.") :], "")
        else:
            reference = target
        if reference and reference not in done and _exportable(reference):
            add(reference, review)
    # A residual position needs an evaluation to travel in, reviewed or not.
    for section, risk in risk_sections.items():
        if section not in done and (
            risk.get("residual_severity") or risk.get("residual_likelihood")
        ):
            add(section, {})
    return evaluations


def _exportable(reference: str) -> bool:
    return reference in EVALUATION_TARGETS or reference.startswith(MEASURES_SECTION + ".")


def _comments(
    dpia_id: int, values: Mapping[str, Any], ids: Mapping[str, int], created: str
) -> list[dict[str, Any]]:
    comments: list[dict[str, Any]] = []
    measure_prefix = MEASURES_SECTION + "."
    for comment in values.get("comments") or []:
        target = str(comment.get("target") or "")
        if target.startswith(measure_prefix) and target[len(measure_prefix) :] in ids:
            reference, for_measure = ids[target[len(measure_prefix) :]], True
        else:
            last = target.rsplit(".", 1)[-1]
            if not (last.isdigit() and int(last) in KNOWN_QUESTIONS):
                continue  # about something the tool has no place for
            reference, for_measure = int(last), False
        comments.append(
            {
                "description": html_to_plain(comment.get("text") or ""),
                "pia_id": dpia_id,
                "reference_to": reference,
                "for_measure": for_measure,
                "created_at": comment.get("written_at") or created,
                "id": len(comments) + 1,
            }
        )
    return comments
