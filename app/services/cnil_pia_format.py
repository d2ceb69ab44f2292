"""The structure of a file exported by the CNIL's PIA tool, checked whole before anything is
imported: every problem is reported with its place in the file (see cnil_pia_reading), so
nothing half-imported ever reaches the workspace.

The format (keys pia, answers, measures, evaluations, comments) is the tool's export; keys we do
not model (created_at of an answer, pia_id, objectStore, ...) are accepted and ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from app.domain.dpia import MAX_RICH_TEXT
from app.domain.dpia_questions import (
    MEASURES_SECTION,
    QUESTIONS,
    RISK_SECTIONS,
    SECTIONS,
    FearedEvent,
    risk_question,
)
from app.i18n import _
from app.services.cnil_pia_reading import MAX_SHORT_TEXT, CnilPiaError, FileChecker, shown

MAX_GAUGE = 4  # the CNIL tool's gauges: 0 = not rated, then 1 to 4
MAX_LIST_ENTRIES = 50  # as many risk sources, threats or impacts as a DPIA risk holds

# Question number -> (feared event, aspect): 1 impacts, 2 threats, 3 sources, 4 measures,
# 5 severity, 6 likelihood.
RISK_QUESTIONS: dict[int, tuple[FearedEvent, int]] = {
    risk_question(event, aspect): (event, aspect)
    for event in RISK_SECTIONS
    for aspect in range(1, 7)
}
KNOWN_QUESTIONS = set(QUESTIONS) | set(RISK_QUESTIONS)


def question_section(question: int) -> str:
    """The section a question belongs to ("2.1" for 212, "3.2" for 325)."""
    if question in RISK_QUESTIONS:
        return RISK_SECTIONS[RISK_QUESTIONS[question][0]]
    return next(s.id for s in SECTIONS.values() if any(q.id == question for q in s.questions))


# What an evaluation may be about: a section of the context ("1.1"), a question of the
# principles ("2.1.211"), a measure ("3.1.<measure id>", checked against the file's measures)
# or a risk section ("3.2").
EVALUATION_TARGETS = (
    set(SECTIONS)
    | {f"{section.id}.{q.id}" for section in SECTIONS.values() for q in section.questions}
    | set(RISK_SECTIONS.values())
)


@dataclass(frozen=True)
class CnilAnswer:
    path: str
    question: int
    text: str  # sanitised HTML
    gauge: int
    entries: tuple[str, ...]


@dataclass(frozen=True)
class CnilMeasure:
    path: str
    id: int
    title: str
    content: str  # sanitised HTML
    placeholder: str = ""  # the tool's hint: "knowledge_base.slugs.<SLUG>.placeholder"


@dataclass(frozen=True)
class CnilEvaluation:
    path: str
    reference: str
    status: int
    evaluation_comment: str  # sanitised HTML
    action_plan_comment: str  # sanitised HTML
    person_in_charge: str
    due_on: date | None
    gauge_x: int  # residual severity, on risk sections
    gauge_y: int  # residual likelihood, on risk sections


@dataclass(frozen=True)
class CnilComment:
    path: str
    reference: int
    for_measure: bool
    text: str  # the tool's comments are plain text
    created_at: str


@dataclass(frozen=True)
class CnilPia:
    pia: dict[str, Any]  # the checked values of the "pia" object, by the tool's key
    answers: tuple[CnilAnswer, ...]
    measures: tuple[CnilMeasure, ...]
    evaluations: tuple[CnilEvaluation, ...]
    comments: tuple[CnilComment, ...]


# The pia object's keys: text ones, the 0/1 opinions, and the older spellings some versions
# of the tool wrote (rejected_reason, applied_adjustements).
PIA_TEXTS = (
    "name",
    "author_name",
    "evaluator_name",
    "validator_name",
    "dpo_opinion",
    "dpos_names",
    "concerned_people_opinion",
    "concerned_people_searched_content",
    "people_names",
    "rejection_reason",
    "applied_adjustments",
    "category",
    "created_at",
    "updated_at",
)
PIA_OPINIONS = ("dpo_status", "concerned_people_status")
PIA_ALIASES = {"rejected_reason": "rejection_reason", "applied_adjustements": "applied_adjustments"}


def parse_cnil_pia(document: Any, source: str) -> CnilPia:
    """Check a whole CNIL PIA document; raise CnilPiaError listing every problem."""
    check = FileChecker()
    root = check.mapping(document, _("the file"))
    if root is None:
        raise CnilPiaError(source, check.problems)
    if "pia" not in root:
        raise CnilPiaError(source, [_("no “pia” object: this is not a CNIL PIA export")])
    pia = _pia(check, root.get("pia"))
    measures = _measures(check, root.get("measures"))
    measure_ids = {m.id for m in measures}
    answers = _answers(check, root.get("answers"))
    evaluations = _evaluations(check, root.get("evaluations"), measure_ids)
    comments = _comments(check, root.get("comments"), measure_ids)
    if check.problems:
        raise CnilPiaError(source, check.problems)
    return CnilPia(pia, answers, measures, evaluations, comments)


def _pia(check: FileChecker, value: Any) -> dict[str, Any]:
    found = check.mapping(value, "pia") or {}
    pia: dict[str, Any] = {}
    for old, new in PIA_ALIASES.items():
        if found.get(new) in (None, "") and found.get(old) not in (None, ""):
            found = {**found, new: found[old]}
    for key in PIA_TEXTS:
        # Opinions and reasons are the tool's text areas: long plain text.
        long = key.endswith(("opinion", "content", "reason", "ments"))
        limit = MAX_RICH_TEXT if long else MAX_SHORT_TEXT
        pia[key] = check.text(found.get(key), f"pia.{key}", limit)
    for key in PIA_OPINIONS:
        raw = found.get(key)
        pia[key] = None if raw in (None, "") else check.integer(raw, f"pia.{key}", 0, 1)
    searched = found.get("concerned_people_searched_opinion")
    if searched is not None and not isinstance(searched, bool):
        check.problem(
            "pia.concerned_people_searched_opinion",
            _("{value} is not true or false").format(value=shown(searched)),
        )
    pia["concerned_people_searched_opinion"] = bool(searched)
    raw_status = found.get("status")
    pia["status"] = 0 if raw_status is None else check.integer(raw_status, "pia.status", 0, 4)
    return pia


def _answers(check: FileChecker, value: Any) -> tuple[CnilAnswer, ...]:
    answers: list[CnilAnswer] = []
    seen: dict[int, str] = {}
    for index, entry in enumerate(check.array(value, "answers")):
        path = f"answers[{index}]"
        answer = check.mapping(entry, path)
        if answer is None:
            continue
        question = check.integer(answer.get("reference_to"), f"{path}.reference_to", 0)
        if question is not None and question not in KNOWN_QUESTIONS:
            check.problem(
                f"{path}.reference_to",
                _("{value} is not a question of the CNIL method").format(value=question),
            )
            question = None
        if question is not None and question in seen:
            check.problem(
                f"{path}.reference_to",
                _("question {question} is already answered in {other}").format(
                    question=question, other=seen[question]
                ),
            )
        data = check.mapping(answer.get("data") or {}, f"{path}.data") or {}
        text = check.rich(data.get("text"), f"{path}.data.text")
        gauge_value = data.get("gauge")
        gauge = (
            0
            if gauge_value is None
            else check.integer(gauge_value, f"{path}.data.gauge", 0, MAX_GAUGE)
        )
        entries = _entries(check, data.get("list"), f"{path}.data.list")
        if question is not None and gauge is not None:
            seen[question] = path
            answers.append(CnilAnswer(path, question, text, gauge, entries))
    return tuple(answers)


def _entries(check: FileChecker, value: Any, path: str) -> tuple[str, ...]:
    entries = check.array(value, path)
    if len(entries) > MAX_LIST_ENTRIES:
        check.problem(
            path,
            _("has {count} entries; at most {limit} are allowed").format(
                count=len(entries), limit=MAX_LIST_ENTRIES
            ),
        )
        return ()
    texts = (check.text(entry, f"{path}[{i}]") for i, entry in enumerate(entries))
    return tuple(text for text in texts if text)


def _measures(check: FileChecker, value: Any) -> tuple[CnilMeasure, ...]:
    measures: list[CnilMeasure] = []
    seen: dict[int, str] = {}
    for index, entry in enumerate(check.array(value, "measures")):
        path = f"measures[{index}]"
        measure = check.mapping(entry, path)
        if measure is None:
            continue
        measure_id = check.integer(measure.get("id"), f"{path}.id", 1)
        if measure_id is not None and measure_id in seen:
            check.problem(
                f"{path}.id",
                _("measure id {id} is already used by {other}").format(
                    id=measure_id, other=seen[measure_id]
                ),
            )
            continue
        title = check.text(measure.get("title"), f"{path}.title")
        content = check.rich(measure.get("content"), f"{path}.content")
        if measure_id is not None:
            seen[measure_id] = path
            placeholder = check.text(measure.get("placeholder") or "", f"{path}.placeholder")
            measures.append(CnilMeasure(path, measure_id, title, content, placeholder))
    return tuple(measures)


def _evaluations(
    check: FileChecker, value: Any, measure_ids: set[int]
) -> tuple[CnilEvaluation, ...]:
    evaluations: list[CnilEvaluation] = []
    seen: dict[str, str] = {}
    for index, entry in enumerate(check.array(value, "evaluations")):
        path = f"evaluations[{index}]"
        evaluation = check.mapping(entry, path)
        if evaluation is None:
            continue
        raw_reference = evaluation.get("reference_to")
        if not isinstance(raw_reference, str):
            check.problem(
                f"{path}.reference_to",
                _("{value} is not text").format(value=shown(raw_reference)),
            )
            continue
        reference = raw_reference.strip()
        if not _known_target(reference, measure_ids):
            check.problem(
                f"{path}.reference_to",
                _("“{value}” is not a section, question or measure of this PIA").format(
                    value=reference
                ),
            )
            continue
        if reference in seen:
            check.problem(
                f"{path}.reference_to",
                _("“{value}” is already evaluated in {other}").format(
                    value=reference, other=seen[reference]
                ),
            )
            continue
        seen[reference] = path
        raw_status = evaluation.get("status")
        status = 0 if raw_status is None else check.integer(raw_status, f"{path}.status", 0, 3)
        gauges = evaluation.get("gauges")
        gauges = {} if gauges is None else (check.mapping(gauges, f"{path}.gauges") or {})
        x = check.integer(gauges.get("x") or 0, f"{path}.gauges.x", 0, MAX_GAUGE)
        y = check.integer(gauges.get("y") or 0, f"{path}.gauges.y", 0, MAX_GAUGE)
        evaluations.append(
            CnilEvaluation(
                path,
                reference,
                status or 0,
                check.rich(evaluation.get("evaluation_comment"), f"{path}.evaluation_comment"),
                check.rich(evaluation.get("action_plan_comment"), f"{path}.action_plan_comment"),
                check.text(evaluation.get("person_in_charge"), f"{path}.person_in_charge"),
                check.day(
                    evaluation.get("estimated_implementation_date"),
                    f"{path}.estimated_implementation_date",
                ),
                x or 0,
                y or 0,
            )
        )
    return tuple(evaluations)


def _known_target(reference: str, measure_ids: set[int]) -> bool:
    prefix = MEASURES_SECTION + "."
    if reference.startswith(prefix):
        number = reference[len(prefix) :]
        return number.isdigit() and int(number) in measure_ids
    return reference in EVALUATION_TARGETS


def _comments(check: FileChecker, value: Any, measure_ids: set[int]) -> tuple[CnilComment, ...]:
    comments: list[CnilComment] = []
    for index, entry in enumerate(check.array(value, "comments")):
        path = f"comments[{index}]"
        comment = check.mapping(entry, path)
        if comment is None:
            continue
        for_measure = comment.get("for_measure") or False
        if not isinstance(for_measure, bool):
            check.problem(
                f"{path}.for_measure",
                _("{value} is not true or false").format(value=shown(for_measure)),
            )
            continue
        reference = check.integer(comment.get("reference_to"), f"{path}.reference_to", 0)
        if reference is not None:
            known = measure_ids if for_measure else KNOWN_QUESTIONS
            if reference not in known:
                message = (
                    _("{value} is not a measure of this PIA")
                    if for_measure
                    else _("{value} is not a question of the CNIL method")
                )
                check.problem(f"{path}.reference_to", message.format(value=reference))
                reference = None
        text = check.text(comment.get("description"), f"{path}.description", MAX_RICH_TEXT)
        created_at = check.text(comment.get("created_at"), f"{path}.created_at", 40)
        # An empty comment says nothing; the tool can leave one behind.
        if reference is not None and text:
            comments.append(CnilComment(path, reference, for_measure, text, created_at))
    return tuple(comments)
