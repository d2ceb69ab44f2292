"""How the CNIL PIA tool's model and ours correspond, and the import direction of it: a checked
CNIL file (cnil_pia_format) becomes the values of one DPIA.

Correspondence:
- answers to the context and principles questions -> `answers` (question number kept);
- answers 3x1..3x6 of the risk sections 3.2 (access), 3.3 (modification), 3.4 (disappearance)
  -> the risk of that feared event: impacts, threats, sources, measures, and the severity and
  likelihood gauges with their justification as the *current* position (the tool rates the
  risk with the measures in place or planned);
- the measures' titles listed in 3x4 -> `measure_keys`: our risks point at measures by key, so
  each title is matched to a measure of the file, and a title matching none becomes a measure;
- the evaluations -> `reviews` ("3.1.<measure id>" becomes "3.1.<our measure key>"); the
  residual gauges of a risk section's evaluation (x severity, y likelihood) -> the risk's
  *residual* position;
- the DPO's and the people's opinions, the names and the PIA's status -> our fields.
The tool's opinions, reasons and comments are plain text (text areas); ours are rich text, so
they are converted both ways without losing paragraphs.
"""

from __future__ import annotations

import html
import re
import unicodedata
from datetime import date
from functools import cache
from typing import Any

from app.domain.dpia import DpiaStatus, Opinion
from app.domain.dpia_questions import MEASURES_SECTION, QUESTIONS, RISK_SECTIONS
from app.domain.register_items import new_key
from app.i18n import _
from app.resources import load_json
from app.services.cnil_pia_format import (
    RISK_QUESTIONS,
    CnilAnswer,
    CnilPia,
    question_section,
)

# The tool's PIA statuses, from its source (the PiaStatus constants): 0 being edited,
# 1 refused, 2 simple validation, 3 signed validation, 4 archived.
CNIL_EDITING = 0
CNIL_REFUSED = 1
CNIL_VALIDATED = 2
CNIL_SIGNED = 3
CNIL_ARCHIVED = 4
# Its opinions (DPO, people concerned): 1 "the processing can go ahead", 0 "it should not".
CNIL_OPINIONS = {1: Opinion.FAVOURABLE.value, 0: Opinion.UNFAVOURABLE.value}
RISK_LISTS = {1: "impacts", 2: "threats", 3: "sources"}


def plain_to_html(text: str) -> str:
    """Plain text as rich text: blank lines separate paragraphs, other line breaks are kept.
    Markup typed in plain text stays visible text, never markup."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(
        "<p>" + html.escape(p, quote=False).replace("\n", "<br>") + "</p>" for p in paragraphs
    )


def html_to_plain(text: str) -> str:
    """Rich text as the tool's plain text; the inverse of plain_to_html."""
    text = re.sub(r"(?i)<br\s*/?>", "\n", text)
    text = re.sub(r"(?i)</(p|h3|h4|blockquote|ul|ol)>", "\n\n", text)
    text = re.sub(r"(?i)<li>", "\n• ", text)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if p)


def title_key(title: str) -> str:
    """How two measure titles are compared: the tool links risks to measures by title, and a
    retyped title may differ in case, accents' encoding or spacing."""
    return " ".join(unicodedata.normalize("NFC", title).casefold().split())


def measure_target(key: str) -> str:
    """What a review or comment of a measure names: "3.1.<our measure key>"."""
    return f"{MEASURES_SECTION}.{key}"


def question_target(question: int) -> str:
    """What a comment on a question names: "<section>.<question>", as reviews do."""
    return f"{question_section(question)}.{question}"


def _day(moment: str) -> date | None:
    try:
        return date.fromisoformat(moment[:10]) if moment else None
    except ValueError:
        return None


_SLUG = re.compile(r"^knowledge_base\.slugs\.([A-Z0-9_]+)\.placeholder$")


@cache
def _slugs() -> dict[str, str]:
    """The CNIL tool's knowledge-base slugs -> our knowledge base's keys (first match)."""
    slugs: dict[str, str] = {}
    for entry in load_json("knowledge/dpia_measures.json")["measures"]:
        if entry.get("cnil_slug"):
            slugs.setdefault(entry["cnil_slug"], entry["key"])
    return slugs


def knowledge_key_of(placeholder: str) -> str:
    """Our knowledge-base entry for a measure the tool created from its own knowledge base."""
    match = _SLUG.match(placeholder or "")
    return _slugs().get(match.group(1), "") if match else ""


def placeholder_of(knowledge_key: str) -> str | None:
    """The tool's placeholder for a measure from our knowledge base, None when unmapped."""
    for slug, key in _slugs().items():
        if key == knowledge_key:
            return f"knowledge_base.slugs.{slug}.placeholder"
    return None


def dpia_values(pia: CnilPia, fallback_title: str) -> dict[str, Any]:
    """The values of a new DPIA holding everything the file says that our model keeps."""
    measures: list[dict[str, Any]] = [
        {
            "key": new_key(),
            "title": measure.title or _("Measure {id}").format(id=measure.id),
            "description": measure.content,
            "cnil_id": measure.id,
            "knowledge_key": knowledge_key_of(measure.placeholder),
        }
        for measure in pia.measures
    ]
    by_id = {m["cnil_id"]: m for m in measures}
    risks = _risks(pia.answers, measures)
    values: dict[str, Any] = {
        "title": pia.pia["name"] or fallback_title,
        # In the method's order, whatever order the tool saved them in.
        "answers": sorted(
            (
                {"question": a.question, "text": a.text}
                for a in pia.answers
                if a.question in QUESTIONS and a.text
            ),
            key=lambda answer: list(QUESTIONS).index(answer["question"]),
        ),
        "risks": list(risks.values()),
        "measures": measures,
        "reviews": _reviews(pia, by_id, risks),
        "comments": [
            {
                "target": measure_target(by_id[c.reference]["key"])
                if c.for_measure
                else question_target(c.reference),
                "text": plain_to_html(c.text),
                "written_at": c.created_at,
            }
            for c in pia.comments
        ],
        **_people_and_decision(pia.pia),
    }
    return values


def _risks(answers: tuple[CnilAnswer, ...], measures: list[dict[str, Any]]) -> dict[str, Any]:
    risks: dict[str, dict[str, Any]] = {
        event.value: {"event": event.value} for event in RISK_SECTIONS
    }
    by_title: dict[str, dict[str, Any]] = {}
    for measure in measures:
        by_title.setdefault(title_key(measure["title"]), measure)
    for answer in answers:
        if answer.question not in RISK_QUESTIONS:
            continue
        event, aspect = RISK_QUESTIONS[answer.question]
        risk = risks[event.value]
        if aspect in RISK_LISTS:
            risk[RISK_LISTS[aspect]] = list(answer.entries)
        elif aspect == 4:
            keys: list[str] = []
            for title in answer.entries:
                found = by_title.get(title_key(title))
                if found is None:  # named in the risk only: it becomes a measure
                    found = {"key": new_key(), "title": title}
                    measures.append(found)
                    by_title[title_key(title)] = found
                if found["key"] not in keys:
                    keys.append(found["key"])
            risk["measure_keys"] = keys
        elif aspect == 5:
            risk["current_severity"] = answer.gauge
            risk["severity_text"] = answer.text
        else:
            risk["current_likelihood"] = answer.gauge
            risk["likelihood_text"] = answer.text
    return risks


def _reviews(
    pia: CnilPia, by_id: dict[int, dict[str, Any]], risks: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    section_risks = {section: risks[event.value] for event, section in RISK_SECTIONS.items()}
    reviews = []
    for evaluation in pia.evaluations:
        target = evaluation.reference
        measure_prefix = MEASURES_SECTION + "."
        if target.startswith(measure_prefix):
            target = measure_target(by_id[int(target[len(measure_prefix) :])]["key"])
        risk = section_risks.get(target)
        if risk is not None:
            risk["residual_severity"] = evaluation.gauge_x
            risk["residual_likelihood"] = evaluation.gauge_y
        review = {
            "target": target,
            "status": evaluation.status,
            "comment": evaluation.evaluation_comment,
            "action_plan_comment": evaluation.action_plan_comment,
            "person_in_charge": evaluation.person_in_charge,
            "due_on": evaluation.due_on.isoformat() if evaluation.due_on else None,
        }
        # An evaluation never started carries nothing but its gauges, taken above.
        if any(value for name, value in review.items() if name != "target"):
            reviews.append(review)
    return reviews


def _people_and_decision(info: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {
        "author": info["author_name"] or None,
        "reviewer": info["evaluator_name"] or None,
        "validator": info["validator_name"] or None,
        "dpo_names": info["dpos_names"] or None,
        "dpo_opinion": plain_to_html(info["dpo_opinion"]) or None,
        "dpo_status": CNIL_OPINIONS.get(info["dpo_status"]),
        "people_views_sought": info["concerned_people_searched_opinion"],
        "people_names": info["people_names"] or None,
        "people_views": plain_to_html(info["concerned_people_opinion"]) or None,
        "people_views_status": CNIL_OPINIONS.get(info["concerned_people_status"]),
        "people_not_sought_reason": plain_to_html(info["concerned_people_searched_content"])
        or None,
        "rejection_reason": plain_to_html(info["rejection_reason"]) or None,
        "applied_adjustments": plain_to_html(info["applied_adjustments"]) or None,
        "category": info["category"] or None,
        "status": DpiaStatus.DRAFT.value,
    }
    status = info["status"]
    # The tool keeps no decision date: the last change of the PIA is the closest there is.
    decided_on = _day(info["updated_at"]) or _day(info["created_at"]) or date.today()
    if status == CNIL_REFUSED:
        values["status"] = DpiaStatus.REFUSED.value
        values["decided_by"] = info["validator_name"] or None
        values["decided_on"] = decided_on
    elif status in (CNIL_VALIDATED, CNIL_SIGNED):
        # A signed validation names who signed: the validator. A simple one names nobody,
        # which is how it is told apart on export.
        values["status"] = DpiaStatus.APPROVED.value
        values["decided_by"] = (info["validator_name"] or None) if status == CNIL_SIGNED else None
        values["decided_on"] = decided_on
    # Being edited (0) and archived (4) are no decision of ours: the DPIA starts as a draft.
    return values
