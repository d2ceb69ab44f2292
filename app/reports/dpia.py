"""A DPIA as a PDF, in one of three layouts (the CNIL method, the UK ICO template, the EDPB's
2026 template), and its action plan as a spreadsheet.

Each layout holds the same content: the register facts beside the questions they answer, the
answers, the risk map (inline SVG, so it stays vector graphics), the risk table with what each
level means, the measures and the action plan, the reviews, the DPO's opinion, the views of
the people concerned, the decision with its sign-off block, and, once decided, the number and
content hash of the frozen version. What the register says is read live (app/services/
dpia_register), so the report shows the register as it is, beside the assessment.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from markupsafe import Markup

from app.domain.dpia import DpiaStatus
from app.domain.fields import image_mime
from app.i18n import _
from app.reports.dpia_action_plan import write_action_plan_xlsx
from app.reports.dpia_assessments import assessments_context
from app.reports.dpia_context import (
    action_comments,
    decision_context,
    matrix_context,
    measures_context,
    opinions_context,
    questions_context,
    reviews_by_target,
    risks_context,
    target_label,
)
from app.reports.dpia_layouts import LAYOUTS, chapter_context, layout
from app.reports.pipeline import ASSET_SCHEME, Asset, Progress, render_pdf
from app.reports.risk_map import risk_map_svg
from app.services.dpia import get_dpia, high_residual_risks, list_versions
from app.services.dpia_register import merged_facts, register_facts
from app.services.organisations import get_organisation
from app.storage.workspace import Workspace

__all__ = [
    "LAYOUTS",
    "build_dpia_context",
    "inline_svg",
    "write_action_plan_xlsx",
    "write_dpia_pdf",
]

LOGO_ASSET = "logo"
_PROLOGUE = re.compile(
    r"<\?xml.*?\?>|<!DOCTYPE.*?>|<!--.*?-->|<metadata>.*?</metadata>|<style.*?</style>", re.S
)
_SIZE = re.compile(r'\s(width|height)="[^"]*"')
_STYLE = re.compile(r'style="([^"]*)"')


def _attributes(match: re.Match[str]) -> str:
    # Inside HTML, WeasyPrint reads an SVG element's style attribute as HTML CSS too and
    # warns about every fill and stroke; presentation attributes mean the same to SVG.
    pairs = (part.split(":", 1) for part in match.group(1).split(";") if ":" in part)
    return " ".join(f'{name.strip()}="{value.strip()}"' for name, value in pairs)


def inline_svg(svg: bytes) -> Markup:
    """matplotlib's SVG made fit to sit inside the HTML: no XML prologue, no comments (where
    matplotlib repeats the text it drew as paths, user text included), no metadata, no style
    sheet, and a size set by the page's CSS instead of a fixed one."""
    text = _STYLE.sub(_attributes, _PROLOGUE.sub("", svg.decode("utf-8")).strip())
    opening, rest = text.split(">", 1)
    # The style sheet dropped above set these for every element; on the root they inherit.
    opening = _SIZE.sub("", opening, count=2) + (
        ' class="risk-map" role="img" stroke-linejoin="round" stroke-linecap="butt"'
    )
    # matplotlib's own output, with every text drawn as glyph paths and comments removed:
    # nothing a user typed remains as text or markup.
    return Markup(f"{opening}>{rest}")  # noqa: S704


def build_dpia_context(
    workspace: Workspace,
    dpia_id: int,
    *,
    layout_key: str = "cnil",
    generated_at: datetime | None = None,
    with_map: bool = True,
) -> dict[str, Any]:
    """Everything a DPIA report shows, as plain values (RecordNotFound if there is none).
    Without `with_map`, the risk map is left out (matplotlib takes a while to load)."""
    context, _assets = _dpia_document(workspace, dpia_id, layout_key, generated_at, with_map)
    return context


def write_dpia_pdf(
    workspace: Workspace,
    dpia_id: int,
    output: Path,
    *,
    layout: str = "cnil",
    progress: Progress | None = None,
) -> Path:
    """Write the DPIA's report in `layout` ("cnil", "ico" or "edpb") to `output`."""
    if progress:
        progress(0, _("Reading the DPIA…"))
    context, assets = _dpia_document(workspace, dpia_id, layout, None, True)
    return render_pdf(
        LAYOUTS[context["layout"]].template,
        context,
        output,
        title=context["dpia"]["title"],
        author=context["organisation_name"],
        assets=assets,
        progress=progress,
    )


def _dpia_document(
    workspace: Workspace,
    dpia_id: int,
    layout_key: str,
    generated_at: datetime | None,
    with_map: bool,
) -> tuple[dict[str, Any], dict[str, Asset]]:
    chosen = layout(layout_key)
    record = get_dpia(workspace, dpia_id)
    values = record.values
    organisation = get_organisation(workspace, values["organisation_id"])
    activity_facts = register_facts(workspace, values.get("activity_ids") or [])
    facts = merged_facts(activity_facts)
    reviews = reviews_by_target(values)
    measure_titles = {m.get("key") or "": m.get("title") or "" for m in values["measures"]}
    risks = risks_context(values, measure_titles, reviews)
    risk_titles = {risk["key"]: f"{risk['label']} {risk['title']}" for risk in risks}
    measures = measures_context(values, risks, reviews)
    questions, sections = questions_context(values, facts, reviews)
    versions = list_versions(workspace, dpia_id)
    decision = decision_context(values, versions, high_residual_risks(values))
    chapters, toc = chapter_context(chosen)

    assets: dict[str, Asset] = {}
    logo = organisation["brand_logo"]
    mime = image_mime(logo) if isinstance(logo, bytes) else None
    if logo and mime:
        assets[LOGO_ASSET] = (logo, mime)
    status = DpiaStatus(values.get("status") or DpiaStatus.DRAFT.value)
    context: dict[str, Any] = {
        "layout": chosen.key,
        "layout_name": _(chosen.name),
        "organisation_name": organisation["legal_name"],
        "organisation_country": organisation["country"],
        "accent_colour": organisation["brand_colour"],
        "logo_url": f"{ASSET_SCHEME}{LOGO_ASSET}" if assets else None,
        "document_version": str(decision["version_number"])
        if decision["version"]
        else _("{number} (draft)").format(number=decision["version_number"]),
        "generated_at": generated_at or datetime.now().astimezone(),
        "toc": toc,
        "chapters": chapters,
        "dpia": {
            "reference": values["reference"],
            "title": values["title"],
            "status": status.value,
            "author": values.get("author") or "",
            "reviewer": values.get("reviewer") or "",
            "validator": values.get("validator") or "",
            "category": values.get("category") or "",
        },
        "activities": [{"reference": f.reference, "name": f.name} for f in activity_facts],
        "questions": questions,
        "sections": sections,
        "matrix": matrix_context(values.get("matrix")),
        "risks": risks,
        "risk_map": inline_svg(risk_map_svg(values)) if with_map else Markup(""),
        "measures": measures,
        "action_plan": [m for m in measures if m["planned"]],
        "action_comments": action_comments(values, measure_titles, risk_titles),
        "reviews": _review_list(reviews, measure_titles, risk_titles),
        "opinions": opinions_context(values),
        "decision": decision,
        **assessments_context(workspace, values.get("activity_ids") or [], organisation["country"]),
    }
    return context, assets


def _review_list(
    reviews: dict[str, dict[str, Any]], measures: dict[str, str], risks: dict[str, str]
) -> list[dict[str, Any]]:
    return [
        {**review, "part": target_label(target, measures, risks)}
        for target, review in reviews.items()
    ]
