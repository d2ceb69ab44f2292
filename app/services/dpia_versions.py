"""What changed between two versions of a DPIA: two frozen versions, or a frozen version and
the DPIA as it is now (with the register facts as they are now).

Each difference names the part of the DPIA in the user's words ("2.1 Proportionality and
necessity — What is the legal basis?") and shows the text before and after, rich text as plain
text, so a reviewer reads what moved without comparing two documents side by side.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import col, select

from app.domain import DpiaVersion
from app.domain.dpia import (
    ACTION_STATUS_LABELS,
    DPIA_FIELDS,
    MEASURE_STATUS_LABELS,
    REVIEW_STATUS_LABELS,
    ActionStatus,
    DpiaMeasure,
    DpiaReview,
    DpiaRisk,
    MeasureStatus,
    ReviewStatus,
)
from app.domain.dpia_questions import (
    FEARED_EVENT_LABELS,
    MEASURES_SECTION,
    PARTS,
    RISK_SECTIONS,
    SECTIONS,
    FearedEvent,
)
from app.domain.fields import display_value
from app.domain.rich_text import html_to_text
from app.domain.risk_matrix import RISK_LEVEL_LABELS, matrix
from app.errors import UserError
from app.i18n import N_, _
from app.services.dpia import dpia_snapshot, get_dpia
from app.storage.workspace import Workspace


@dataclass(frozen=True)
class VersionDifference:
    part: str  # translated: where in the DPIA
    before: str  # plain text; "" when the part did not exist
    after: str


# The register facts a DPIA rests on, by their key in the snapshot.
REGISTER_FACT_LABELS = {
    "description": N_("Description of the processing"),
    "responsibilities": N_("Responsibilities"),
    "data": N_("Data and people concerned"),
    "systems": N_("Systems"),
    "purposes": N_("Purposes"),
    "legal_bases": N_("Legal bases"),
    "retention": N_("Retention"),
    "processors": N_("Recipients and processors"),
    "transfers": N_("Transfers"),
}
# Fields shown through their own comparison below (the activities with the register facts; the
# controller there too, by name rather than by id), not as plain fields.
_ITEM_FIELDS = {
    "answers",
    "risks",
    "measures",
    "reviews",
    "comments",
    "activity_ids",
    "organisation_id",
}
_STAGES = (
    ("inherent", N_("Position before measures")),
    ("current", N_("Position with existing measures")),
    ("residual", N_("Position with all measures")),
)


def _snapshot(workspace: Workspace, dpia_id: int, number: int | None) -> dict[str, Any]:
    if number is None:
        return dpia_snapshot(workspace, get_dpia(workspace, dpia_id).values)
    with workspace.session() as session:
        version = session.exec(
            select(DpiaVersion)
            .where(col(DpiaVersion.dpia_id) == dpia_id)
            .where(col(DpiaVersion.number) == number)
        ).first()
    if version is None:
        raise UserError(_("This DPIA has no version {number}.").format(number=number))
    return dict(version.snapshot)


def compare_versions(
    workspace: Workspace, dpia_id: int, older: int, newer: int | None
) -> list[VersionDifference]:
    """The differences from version `older` to version `newer` (None: the current state)."""
    before = _snapshot(workspace, dpia_id, older)
    after = _snapshot(workspace, dpia_id, newer)
    old, new = before.get("dpia") or {}, after.get("dpia") or {}
    found: list[VersionDifference] = []
    for compare in (_general, _answers, _risks, _measures, _reviews, _validation):
        found.extend(compare(old, new))
    found.extend(_register(before.get("register") or {}, after.get("register") or {}))
    return found


def _difference(part: str, before: str, after: str) -> Iterator[VersionDifference]:
    if before != after:
        yield VersionDifference(part, before, after)


def _field_text(name: str, value: Any) -> str:
    shown = display_value(DPIA_FIELDS[name], value)
    return "" if shown == "—" else shown


def _fields(
    old: Mapping[str, Any], new: Mapping[str, Any], keep: Callable[[str], bool]
) -> Iterator[VersionDifference]:
    for name, spec in DPIA_FIELDS.items():
        if name in _ITEM_FIELDS or not keep(spec.group):
            continue
        part = f"{_(spec.group)} — {_(spec.label)}" if spec.group else _(spec.label)
        yield from _difference(
            part, _field_text(name, old.get(name)), _field_text(name, new.get(name))
        )


def _general(old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[VersionDifference]:
    validation = DPIA_FIELDS["dpo_opinion"].group
    return _fields(old, new, lambda group: group != validation)


def _validation(old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[VersionDifference]:
    """Opinions and decision."""
    validation = DPIA_FIELDS["dpo_opinion"].group
    return _fields(old, new, lambda group: group == validation)


def _answers(old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[VersionDifference]:
    def texts(values: Mapping[str, Any]) -> dict[int, str]:
        return {
            int(a["question"]): html_to_text(a.get("text") or "")
            for a in values.get("answers") or []
        }

    before, after = texts(old), texts(new)
    for part in PARTS:
        for section in part.sections:
            for question in section.questions:
                yield from _difference(
                    f"{section.id} {_(section.title)} — {_(question.title)}",
                    before.get(question.id, ""),
                    after.get(question.id, ""),
                )


def _by_key(values: Mapping[str, Any], name: str) -> dict[str, Mapping[str, Any]]:
    return {str(item.get("key")): item for item in values.get(name) or []}


def _risk_name(risk: Mapping[str, Any]) -> str:
    code = str(risk.get("event") or "")
    event = FearedEvent(code) if code in set(FearedEvent) else FearedEvent.CUSTOM
    title = risk.get("title") or _(FEARED_EVENT_LABELS[event])
    section = RISK_SECTIONS.get(event)
    return f"{section} {title}" if section else str(title)


def _position(values: Mapping[str, Any], risk: Mapping[str, Any], stage: str) -> str:
    grid = matrix(values.get("matrix"))
    severity = int(risk.get(f"{stage}_severity") or 0)
    likelihood = int(risk.get(f"{stage}_likelihood") or 0)
    if not severity and not likelihood:
        return ""
    level = grid.level(severity, likelihood)

    def rated(number: int, levels: Sequence[Any]) -> str:
        if 1 <= number <= len(levels):
            return f"{number} ({_(levels[number - 1].name)})"
        return _("not rated")

    text = _("severity {severity}, likelihood {likelihood}").format(
        severity=rated(severity, grid.severity), likelihood=rated(likelihood, grid.likelihood)
    )
    return f"{text}: {_(RISK_LEVEL_LABELS[level])}" if level else text


def _risk_text(
    values: Mapping[str, Any], risk: Mapping[str, Any] | None, titles: Mapping[str, str]
) -> dict[str, str]:
    """Each compared aspect of a risk as text ({} for a risk that does not exist)."""
    if risk is None:
        return {}
    fields = DpiaRisk.model_fields
    texts = {
        _(fields[name].title or name): "; ".join(risk.get(name) or [])
        for name in ("sources", "threats", "impacts")
    }
    texts[_(fields["measure_keys"].title or "")] = "; ".join(
        titles.get(k, k) for k in risk.get("measure_keys") or []
    )
    for name in ("description", "severity_text", "likelihood_text"):
        texts[_(fields[name].title or name)] = html_to_text(risk.get(name) or "")
    for stage, label in _STAGES:
        texts[_(label)] = _position(values, risk, stage)
    return texts


def _risks(old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[VersionDifference]:
    before, after = _by_key(old, "risks"), _by_key(new, "risks")
    old_titles = {k: str(m.get("title")) for k, m in _by_key(old, "measures").items()}
    new_titles = {k: str(m.get("title")) for k, m in _by_key(new, "measures").items()}
    for key in [*before, *(k for k in after if k not in before)]:
        name = _risk_name(after.get(key) or before[key])
        old_text = _risk_text(old, before.get(key), old_titles)
        new_text = _risk_text(new, after.get(key), new_titles)
        for aspect in dict.fromkeys([*old_text, *new_text]):
            yield from _difference(
                f"{name} — {aspect}", old_text.get(aspect, ""), new_text.get(aspect, "")
            )


def _measure_text(measure: Mapping[str, Any] | None) -> dict[str, str]:
    if measure is None:
        return {}
    fields = DpiaMeasure.model_fields
    status = MEASURE_STATUS_LABELS.get(MeasureStatus(measure.get("status") or "existing"))
    progress = ACTION_STATUS_LABELS.get(ActionStatus(measure.get("action_status") or "not_started"))
    return {
        _(fields["title"].title or ""): str(measure.get("title") or ""),
        _(fields["description"].title or ""): html_to_text(measure.get("description") or ""),
        _(fields["status"].title or ""): _(status) if status else "",
        _(fields["owner"].title or ""): str(measure.get("owner") or ""),
        _(fields["due_on"].title or ""): str(measure.get("due_on") or ""),
        _(fields["action_status"].title or ""): _(progress) if progress else "",
    }


def _measures(old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[VersionDifference]:
    before, after = _by_key(old, "measures"), _by_key(new, "measures")
    heading = f"{MEASURES_SECTION} {_('Measures')}"
    for key in [*before, *(k for k in after if k not in before)]:
        title = (after.get(key) or before[key]).get("title")
        old_text, new_text = _measure_text(before.get(key)), _measure_text(after.get(key))
        for aspect in dict.fromkeys([*old_text, *new_text]):
            yield from _difference(
                f"{heading} — {title} — {aspect}",
                old_text.get(aspect, ""),
                new_text.get(aspect, ""),
            )


def _target_name(target: str, measures: Mapping[str, Mapping[str, Any]]) -> str:
    if target in SECTIONS:
        return f"{target} {_(SECTIONS[target].title)}"
    section_id, _dot, rest = target.rpartition(".")
    if section_id == MEASURES_SECTION and rest in measures:
        return f"{MEASURES_SECTION} {measures[rest].get('title')}"
    if section_id in SECTIONS:
        question = next((q for q in SECTIONS[section_id].questions if str(q.id) == rest), None)
        if question is not None:
            return f"{section_id} {_(SECTIONS[section_id].title)} — {_(question.title)}"
    for event, section in RISK_SECTIONS.items():
        if target == section:
            return f"{section} {_(FEARED_EVENT_LABELS[event])}"
    return target


def _review_text(review: Mapping[str, Any] | None) -> str:
    if review is None:
        return ""
    fields = DpiaReview.model_fields
    code = int(review.get("status") or 0)
    status = REVIEW_STATUS_LABELS.get(ReviewStatus(code)) if code in set(ReviewStatus) else None
    lines = [_(status) if status else ""]
    for name in ("comment", "action_plan_comment"):
        if review.get(name):
            label = _(fields[name].title or name)
            lines.append(f"{label}: {html_to_text(review[name])}")
    for name in ("person_in_charge", "due_on", "reviewer"):
        if review.get(name):
            lines.append(f"{_(fields[name].title or name)}: {review[name]}")
    return "\n".join(line for line in lines if line)


def _reviews(old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[VersionDifference]:
    def by_target(values: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
        return {str(r.get("target")): r for r in values.get("reviews") or []}

    before, after = by_target(old), by_target(new)
    measures = {**_by_key(old, "measures"), **_by_key(new, "measures")}
    for target in [*before, *(t for t in after if t not in before)]:
        yield from _difference(
            f"{_target_name(target, measures)} — {_('Review')}",
            _review_text(before.get(target)),
            _review_text(after.get(target)),
        )


def _register(old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[VersionDifference]:
    heading = _("Record of processing activities")

    def activities(register: Mapping[str, Any]) -> str:
        return "\n".join(
            f"{a.get('reference')} {a.get('name')}" for a in register.get("activities") or []
        )

    yield from _difference(
        f"{heading} — {_('Processing activities')}", activities(old), activities(new)
    )
    old_facts, new_facts = old.get("facts") or {}, new.get("facts") or {}
    for key in dict.fromkeys([*REGISTER_FACT_LABELS, *old_facts, *new_facts]):
        label = REGISTER_FACT_LABELS.get(key)
        yield from _difference(
            f"{heading} — {_(label) if label else key}",
            "\n".join(old_facts.get(key) or []),
            "\n".join(new_facts.get(key) or []),
        )
