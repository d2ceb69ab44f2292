"""The three layouts a DPIA report is printed in, as data: their chapters, in order, with the
heading and the anchor each template uses and the table of contents lists.

- "cnil": the CNIL method's four parts (context, fundamental principles, risks, validation);
- "ico": the seven steps of the UK ICO's sample DPIA template;
- "edpb": the parts of the EDPB's 2026 DPIA template (overview, systematic description,
  compliance, necessity and proportionality, inherent risk, action plan and residual risk,
  opinions, decision).

The content is the same in all three (one context, app/reports/dpia_context.py); only its order
and grouping change, so an assessor can hand each reader the structure they know.
Headings are our own wording of each structure, not the authorities' text.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.errors import UserError
from app.i18n import N_, _


@dataclass(frozen=True)
class Chapter:
    key: str  # what the template calls it: chapters.<key>
    title: str  # marked with N_
    lead: str = ""  # marked with N_: one sentence on what the chapter shows
    # Parts listed under the chapter in the contents: (key, title marked with N_); the
    # template gives the part's heading id="dpia-<key>".
    parts: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Layout:
    key: str
    name: str  # marked with N_: the layout's name on the cover
    template: str
    chapters: tuple[Chapter, ...]


APPENDIX = Chapter(
    "assessments",
    N_("Linked assessments"),
    N_(
        "The legitimate-interests assessments (Art. 6(1)(f)) and transfer impact assessments "
        "(Chapter V) of the activities this DPIA covers."
    ),
)

LAYOUTS = {
    layout.key: layout
    for layout in (
        Layout(
            "cnil",
            N_("CNIL method"),
            "dpia_cnil.html.j2",
            (
                Chapter(
                    "context",
                    N_("1. Context"),
                    N_("What is processed, by whom, on which data and supporting assets."),
                ),
                Chapter(
                    "principles",
                    N_("2. Fundamental principles"),
                    N_("Necessity, proportionality, and the controls protecting people's rights."),
                ),
                Chapter(
                    "risks",
                    N_("3. Risks"),
                    N_("The measures, then each feared event rated before and after them."),
                    parts=(
                        ("measures", N_("Measures")),
                        ("risk-table", N_("Risks and their levels")),
                        ("map", N_("Risk map")),
                        ("plan", N_("Action plan")),
                    ),
                ),
                Chapter(
                    "validation",
                    N_("4. Validation"),
                    N_("Reviews, the DPO's opinion, people's views and the decision."),
                    parts=(("decision", N_("Decision")), ("signoff", N_("Sign-off"))),
                ),
                APPENDIX,
            ),
        ),
        Layout(
            "ico",
            N_("UK ICO template"),
            "dpia_ico.html.j2",
            (
                Chapter(
                    "need",
                    N_("Step 1: Identify the need for a DPIA"),
                    N_("Why a DPIA is carried out: the screening of each activity covered."),
                ),
                Chapter(
                    "describe",
                    N_("Step 2: Describe the processing"),
                    N_("Its nature, scope, context and purposes."),
                ),
                Chapter(
                    "consult",
                    N_("Step 3: Consultation process"),
                    N_("Who was consulted, inside and outside the organisation, and their views."),
                ),
                Chapter(
                    "necessity",
                    N_("Step 4: Assess necessity and proportionality"),
                    N_(
                        "The lawful basis, minimisation, accuracy, retention, rights and transfers."
                    ),
                ),
                Chapter(
                    "assess",
                    N_("Step 5: Identify and assess risks"),
                    N_("Each risk to people, its likelihood and severity before any measure."),
                    parts=(("risk-table", N_("Risks and their levels")), ("map", N_("Risk map"))),
                ),
                Chapter(
                    "reduce",
                    N_("Step 6: Identify measures to reduce risk"),
                    N_("The measures, their effect on each risk, and the residual risk."),
                    parts=(("measures", N_("Measures")), ("plan", N_("Action plan"))),
                ),
                Chapter(
                    "signoff",
                    N_("Step 7: Sign off and record outcomes"),
                    N_("Who signed off the measures and residual risk; the DPO's advice."),
                    parts=(("decision", N_("Decision")), ("signoff", N_("Sign-off"))),
                ),
                APPENDIX,
            ),
        ),
        Layout(
            "edpb",
            N_("EDPB template (2026)"),
            "dpia_edpb.html.j2",
            (
                Chapter(
                    "overview",
                    N_("1. Overview of the processing"),
                    N_("Controller, processors, the processing and why this DPIA is carried out."),
                ),
                Chapter(
                    "description",
                    N_("2. Systematic description"),
                    N_("The data, purposes, life cycle and supporting assets."),
                ),
                Chapter(
                    "compliance",
                    N_("3. Compliance with the GDPR"),
                    N_("Lawfulness, minimisation, accuracy, retention, rights and security."),
                ),
                Chapter(
                    "necessity",
                    N_("4. Necessity and proportionality"),
                    N_("Whether the processing is needed for its purposes and kept in proportion."),
                ),
                Chapter(
                    "inherent",
                    N_("5. Inherent risk"),
                    N_("The risks to people before any measure is taken."),
                    parts=(("risk-table", N_("Risks and their levels")),),
                ),
                Chapter(
                    "action",
                    N_("6. Action plan and residual risk"),
                    N_("The measures in place and planned, and the risk that remains with them."),
                    parts=(
                        ("measures", N_("Measures")),
                        ("plan", N_("Action plan")),
                        ("map", N_("Risk map")),
                    ),
                ),
                Chapter(
                    "opinions",
                    N_("7. Opinions"),
                    N_("The DPO's advice, the views of the people concerned, and the reviews."),
                ),
                Chapter(
                    "decision",
                    N_("8. Decision"),
                    N_("The decision on the processing, and its sign-off."),
                    parts=(("signoff", N_("Sign-off")),),
                ),
                APPENDIX,
            ),
        ),
    )
}


def layout(key: str) -> Layout:
    """The layout named `key`; UserError naming the choices otherwise."""
    found = LAYOUTS.get(key)
    if found is None:
        raise UserError(
            _("“{value}” is not a DPIA report layout: choose {choices}.").format(
                value=key, choices=", ".join(LAYOUTS)
            )
        )
    return found


def chapter_context(chosen: Layout) -> tuple[dict[str, dict[str, str]], list[dict[str, object]]]:
    """The chapters as the template reads them (by key) and the table of contents."""
    chapters = {
        chapter.key: {
            "anchor": f"dpia-{chapter.key}",
            "title": _(chapter.title),
            "lead": _(chapter.lead) if chapter.lead else "",
        }
        for chapter in chosen.chapters
    }
    toc: list[dict[str, object]] = []
    for chapter in chosen.chapters:
        entry = chapters[chapter.key]
        toc.append({"anchor": entry["anchor"], "title": entry["title"], "level": 1})
        toc += [
            {"anchor": f"dpia-{key}", "title": _(title), "level": 2} for key, title in chapter.parts
        ]
    return chapters, toc
