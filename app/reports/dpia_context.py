"""The content of a DPIA report as plain values, shared by its three layouts: the answers with the
register facts beside them, the risks and their positions, the measures and the action plan,
the reviews, the opinions and the decision.

Rich text (answers, justifications, opinions) was sanitised when it was stored; it is sanitised
once more here, just before it is marked safe for the template, so a value that reached the
database some other way (an old file, a manual edit) still cannot bring markup into a PDF.
Every other text stays plain and is escaped by the template.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from markupsafe import Markup

from app.domain.dpia import (
    ACTION_STATUS_LABELS,
    DECISIONS,
    DPIA_STATUS_LABELS,
    MEASURE_STATUS_LABELS,
    OPINION_LABELS,
    REVIEW_STATUS_LABELS,
    DpiaStatus,
    MeasureStatus,
    ReviewStatus,
)
from app.domain.dpia_questions import (
    FEARED_EVENT_LABELS,
    MEASURES_SECTION,
    PARTS,
    QUESTIONS,
    RISK_SECTIONS,
    SECTIONS,
    FearedEvent,
)
from app.domain.rich_text import sanitise_html
from app.domain.risk_matrix import MATRIX_LABELS, RISK_LEVEL_LABELS, RiskLevel, matrix
from app.i18n import N_, _
from app.reports.register_entries import choice_label
from app.reports.risk_map import STAGES, risk_label
from app.resources import load_json

KIND_LABELS = {
    "technical": N_("Technical"),
    "organisational": N_("Organisational"),
    "legal": N_("Legal"),
}
LEVEL_MEANINGS = {
    RiskLevel.LOW: N_("Can be accepted as it is."),
    RiskLevel.MEDIUM: N_("Should be reduced with further measures."),
    RiskLevel.HIGH: N_(
        "Must be avoided or reduced; if it stays high, the authority is consulted first (Art. 36)."
    ),
}


def rich(text: Any) -> Markup | None:
    """Stored rich text, sanitised again, as markup the template may print; None if empty."""
    if not isinstance(text, str) or not text.strip():
        return None
    cleaned = sanitise_html(text)
    return Markup(cleaned) if cleaned else None  # noqa: S704 (sanitised just above)


def as_date(value: Any) -> date | None:
    """A date of a list item: items are stored as JSON, where a date is an ISO string."""
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def knowledge_base() -> dict[str, dict[str, Any]]:
    """The measures knowledge base by key."""
    return {entry["key"]: entry for entry in load_json("knowledge/dpia_measures.json")["measures"]}


# --- reviews ---------------------------------------------------------------------------------


def _review(entry: Mapping[str, Any]) -> dict[str, Any]:
    status = ReviewStatus(int(entry.get("status") or 0))
    return {
        "target": entry.get("target", ""),
        "status": status.name.lower(),
        "status_label": _(REVIEW_STATUS_LABELS[status]),
        "comment": rich(entry.get("comment")),
        "action": rich(entry.get("action_plan_comment")),
        "person_in_charge": entry.get("person_in_charge") or "",
        "due_on": as_date(entry.get("due_on")),
        "reviewer": entry.get("reviewer") or "",
    }


def reviews_by_target(values: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    # The last review of a part is the one that counts (a part can be reviewed again).
    return {str(entry.get("target")): _review(entry) for entry in values.get("reviews") or []}


def target_label(target: str, measures: Mapping[str, str], risks: Mapping[str, str]) -> str:
    """A reviewed part in the reader's words: a section, a question, a measure or a risk."""
    if target.startswith("risk."):
        return risks.get(target[5:], target)
    if target in SECTIONS:
        return f"{target} {_(SECTIONS[target].title)}"
    section, _dot, rest = target.rpartition(".")
    if section == MEASURES_SECTION and rest in measures:
        return _("Measure: {title}").format(title=measures[rest])
    if rest.isdigit() and int(rest) in QUESTIONS:
        return _(QUESTIONS[int(rest)].title)
    names = {
        "3.1": _("Measures"),
        **{v: _(FEARED_EVENT_LABELS[k]) for k, v in RISK_SECTIONS.items()},
    }
    return names.get(target, target)


# --- questions -------------------------------------------------------------------------------


# What an empty register fact means: for transfers and recipients, "none" is an answer, not a gap.
EMPTY_FACTS = {
    "transfers": N_("The register records no transfer outside the EEA."),
    "processors": N_("The register names no recipient."),
}
_EVENTS = {event.value for event in FearedEvent}
NOTHING_YET = N_("The register records nothing for this yet.")


def comments_by_target(values: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The free comments on questions and measures, by what they are about."""
    comments: dict[str, list[dict[str, Any]]] = {}
    for comment in values.get("comments") or []:
        comments.setdefault(str(comment.get("target")), []).append(
            {
                "text": rich(comment.get("text")),
                "author": comment.get("author") or "",
                "written_at": comment.get("written_at") or "",
            }
        )
    return comments


def questions_context(
    values: Mapping[str, Any], facts: Mapping[str, list[str]], reviews: Mapping[str, Any]
) -> tuple[dict[int, dict[str, Any]], dict[str, dict[str, Any]]]:
    """Each question with its answer, register facts, review and comments; each section with
    its review."""
    answers = {int(a.get("question") or 0): a.get("text") for a in values.get("answers") or []}
    comments = comments_by_target(values)
    questions: dict[int, dict[str, Any]] = {}
    sections: dict[str, dict[str, Any]] = {}
    for part in PARTS:
        for section in part.sections:
            sections[section.id] = {
                "id": section.id,
                "title": _(section.title),
                "review": reviews.get(section.id),
            }
            for question in section.questions:
                key = f"{section.id}.{question.id}"
                questions[question.id] = {
                    "id": question.id,
                    "title": _(question.title),
                    "help": _(question.help),
                    "facts": list(facts.get(question.from_register, []))
                    if question.from_register
                    else [],
                    "from_register": bool(question.from_register),
                    "facts_empty": _(EMPTY_FACTS.get(question.from_register, NOTHING_YET)),
                    "facts_gap": question.from_register not in EMPTY_FACTS,
                    "answer": rich(answers.get(question.id)),
                    "review": reviews.get(key),
                    "comments": comments.get(str(question.id), []) + comments.get(key, []),
                }
    return questions, sections


# --- the matrix, risks and measures ----------------------------------------------------------


def matrix_context(kind: str | None) -> dict[str, Any]:
    grid = matrix(kind)

    def scale(levels: tuple[Any, ...]) -> list[dict[str, Any]]:
        return [
            {"n": n, "name": _(level.name), "meaning": _(level.meaning)}
            for n, level in enumerate(levels, start=1)
        ]

    return {
        "label": _(MATRIX_LABELS[grid.kind]),
        "size": grid.size,
        "severity": scale(grid.severity),
        "likelihood": scale(grid.likelihood),
        "levels": [
            {"code": level.value, "label": _(RISK_LEVEL_LABELS[level]), "meaning": _(meaning)}
            for level, meaning in LEVEL_MEANINGS.items()
        ],
    }


def _position(values: Mapping[str, Any], risk: Mapping[str, Any], stage: str) -> dict[str, Any]:
    grid = matrix(values.get("matrix"))
    severity = int(risk.get(f"{stage}_severity") or 0)
    likelihood = int(risk.get(f"{stage}_likelihood") or 0)
    level = grid.level(severity, likelihood)
    if level is None:
        return {"rated": False}
    return {
        "rated": True,
        "severity": severity,
        "likelihood": likelihood,
        "severity_name": _(grid.severity[severity - 1].name),
        "likelihood_name": _(grid.likelihood[likelihood - 1].name),
        "level": level.value,
        "level_label": _(RISK_LEVEL_LABELS[level]),
    }


def risks_context(
    values: Mapping[str, Any], measure_titles: Mapping[str, str], reviews: Mapping[str, Any]
) -> list[dict[str, Any]]:
    risks = []
    for number, risk in enumerate(values.get("risks") or [], start=1):
        code = str(risk.get("event") or "")
        event = FearedEvent(code) if code in _EVENTS else FearedEvent.CUSTOM
        event_label = _(FEARED_EVENT_LABELS[event])
        section = RISK_SECTIONS.get(event)
        risks.append(
            {
                "number": number,
                "label": risk_label(number),
                "key": risk.get("key") or "",
                "title": risk.get("title") or event_label,
                "event_label": event_label,
                "custom_title": bool(risk.get("title")),
                "description": rich(risk.get("description")),
                "sources": list(risk.get("sources") or []),
                "threats": list(risk.get("threats") or []),
                "impacts": list(risk.get("impacts") or []),
                "measures": [
                    measure_titles[k] for k in risk.get("measure_keys") or [] if k in measure_titles
                ],
                "severity_text": rich(risk.get("severity_text")),
                "likelihood_text": rich(risk.get("likelihood_text")),
                **{stage: _position(values, risk, stage) for stage in STAGES},
                "review": reviews.get(f"risk.{risk.get('key')}")
                or (reviews.get(section) if section else None),
            }
        )
    return risks


def measures_context(
    values: Mapping[str, Any], risks: list[dict[str, Any]], reviews: Mapping[str, Any]
) -> list[dict[str, Any]]:
    known = knowledge_base()
    comments = comments_by_target(values)
    addressed: dict[str, list[str]] = {}
    for risk, raw in zip(risks, values.get("risks") or [], strict=True):
        for key in raw.get("measure_keys") or []:
            addressed.setdefault(key, []).append(risk["label"])
    measures = []
    for measure in values.get("measures") or []:
        entry = known.get(measure.get("knowledge_key") or "")
        status = measure.get("status") or MeasureStatus.EXISTING.value
        key = measure.get("key") or ""
        measures.append(
            {
                "key": key,
                "title": measure.get("title") or "",
                "description": rich(measure.get("description")),
                "planned": status == MeasureStatus.PLANNED.value,
                "status_label": choice_label(MEASURE_STATUS_LABELS, status),
                "kind_label": _(KIND_LABELS[entry["kind"]]) if entry else "",
                "source": entry["source"] if entry else "",
                "owner": measure.get("owner") or "",
                "due_on": as_date(measure.get("due_on")),
                "action_status_label": choice_label(
                    ACTION_STATUS_LABELS, measure.get("action_status") or "not_started"
                ),
                "risks": addressed.get(key, []),
                "review": reviews.get(f"{MEASURES_SECTION}.{key}"),
                "comments": comments.get(f"{MEASURES_SECTION}.{key}", []),
            }
        )
    return measures


def action_comments(
    values: Mapping[str, Any], measures: Mapping[str, str], risks: Mapping[str, str]
) -> list[dict[str, Any]]:
    """The reviewers' actions for the plan (a verdict "improvable" carries one)."""
    rows = []
    for entry in values.get("reviews") or []:
        review = _review(entry)
        if review["action"] is not None:
            review["part"] = target_label(review["target"], measures, risks)
            rows.append(review)
    return rows


# --- opinions and decision -------------------------------------------------------------------


def opinions_context(values: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "dpo_names": values.get("dpo_names") or "",
        "dpo_opinion": rich(values.get("dpo_opinion")),
        "dpo_status_label": choice_label(OPINION_LABELS, values.get("dpo_status"))
        if values.get("dpo_status")
        else "",
        "dpo_status": values.get("dpo_status") or "",
        "people_sought": bool(values.get("people_views_sought")),
        "people_names": values.get("people_names") or "",
        "people_views": rich(values.get("people_views")),
        "people_status_label": choice_label(OPINION_LABELS, values.get("people_views_status"))
        if values.get("people_views_status")
        else "",
        "people_not_sought_reason": rich(values.get("people_not_sought_reason")),
    }


def decision_context(
    values: Mapping[str, Any], versions: list[Any], high_residual: list[str]
) -> dict[str, Any]:
    """The decision with the version it froze; while undecided, the version being drafted."""
    status = DpiaStatus(values.get("status") or DpiaStatus.DRAFT.value)
    decided = status in DECISIONS
    latest = versions[-1] if versions else None
    version = None
    if decided and latest is not None:
        version = {
            "number": latest["number"],
            "content_hash": latest["content_hash"],
            "frozen_at": latest["frozen_at"],
            "frozen_by": latest["frozen_by"],
        }
    dpo_overruled = (
        decided
        and values.get("dpo_status") == "unfavourable"
        and status in (DpiaStatus.APPROVED, DpiaStatus.APPROVED_WITH_CONDITIONS)
    )
    return {
        "decided": decided,
        "status": status.value,
        "status_label": _(DPIA_STATUS_LABELS[status]),
        "decided_by": values.get("decided_by") or "",
        "decided_on": values.get("decided_on"),
        "conditions": rich(values.get("decision_conditions")),
        "rejection_reason": rich(values.get("rejection_reason")),
        "adjustments": rich(values.get("applied_adjustments")),
        "next_review": values.get("next_review"),
        "version": version,
        "version_number": version["number"] if version else len(versions) + 1,
        "high_residual": high_residual,
        "dpo_overruled": dpo_overruled,
    }
