"""The DPIA report in its three layouts (CNIL method, UK ICO template, EDPB 2026 template), read
back from the PDF: the layout's headings, the answers with the register facts, the risk table,
the risk map as vector graphics, the action plan, the decision with its sign-off and hash;
and hostile text printed as text, never as markup."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest

from app.domain.dpia_questions import QUESTIONS
from app.errors import RecordNotFound, UserError
from app.reports import pipeline
from app.reports.dpia import build_dpia_context, write_dpia_pdf
from app.reports.dpia_layouts import LAYOUTS
from app.services import cnil_pia
from app.services.demo import create_demo_workspace
from app.services.dpia import create_dpia, decide_dpia, find_dpia, list_versions
from app.services.register import add_activity
from app.storage.workspace import Workspace
from tests.fixture_files import CNIL_PIA_EXAMPLE

CNIL_FIXTURE = CNIL_PIA_EXAMPLE
SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=file:///etc/passwd>"
STYLE = "</style><h1>x"
HEADINGS = {
    "cnil": ["1. Context", "2. Fundamental principles", "3. Risks", "4. Validation"],
    "ico": [
        "Step 1: Identify the need for a DPIA",
        "Step 2: Describe the processing",
        "Step 3: Consultation process",
        "Step 4: Assess necessity and proportionality",
        "Step 5: Identify and assess risks",
        "Step 6: Identify measures to reduce risk",
        "Step 7: Sign off and record outcomes",
    ],
    "edpb": [
        "1. Overview of the processing",
        "2. Systematic description",
        "3. Compliance with the GDPR",
        "4. Necessity and proportionality",
        "5. Inherent risk",
        "6. Action plan and residual risk",
        "7. Opinions",
        "8. Decision",
    ],
}


def read(path: Path) -> tuple[pypdf.PdfReader, list[str]]:
    reader = pypdf.PdfReader(path)
    return reader, [" ".join(page.extract_text().split()) for page in reader.pages]


def image_count(page: Any) -> int:
    """Raster images the page (or a form it draws) paints. WeasyPrint shares one resource
    dictionary between pages, so what counts is what the content stream draws."""
    resources = page.get("/Resources")
    if resources is None or "/XObject" not in resources:
        return 0
    content = page.get_contents() if isinstance(page, pypdf.PageObject) else page
    data = content.get_data() if content is not None else b""
    count = 0
    for name, reference in resources["/XObject"].items():
        xobject = reference.get_object()
        drawn = data.count(f"{name} Do".encode())
        if not drawn:
            continue
        if xobject.get("/Subtype") == "/Image":
            count += drawn
        elif xobject.get("/Subtype") == "/Form":
            count += drawn * image_count(xobject)
    return count


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """The demo workspace, made once for the module: rendering is what these tests exercise."""
    folder = tmp_path_factory.mktemp("dpia-demo")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PRIVACY_WORKBENCH_HOME", str(folder / "home"))
        workspace = create_demo_workspace(str(folder / "demo.pwb"))
        try:
            yield workspace
        finally:
            workspace.close()


@pytest.fixture(scope="module")
def rendered(
    demo: Workspace, tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, str], tuple[pypdf.PdfReader, list[str]]]:
    folder = tmp_path_factory.mktemp("dpia-pdfs")
    documents = {}
    for reference in ("DPIA-001", "DPIA-002"):
        dpia_id = find_dpia(demo, reference).id
        for layout in LAYOUTS:
            output = write_dpia_pdf(
                demo, dpia_id, folder / f"{reference}-{layout}.pdf", layout=layout
            )
            documents[(reference, layout)] = read(output)
    return documents


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_each_layout_has_its_structure_answers_and_risks(
    demo: Workspace, rendered: Any, layout: str
) -> None:
    reader, pages = rendered[("DPIA-001", layout)]
    text = " ".join(pages)
    assert reader.metadata.title == "Profiling of loyalty programme members"
    assert reader.metadata.author == "Maison Lumière SAS"
    for heading in HEADINGS[layout]:
        assert heading in text, heading
    assert "Contents" in pages[1]
    assert "Linked assessments" in text
    # Answers, with the register's facts beside the questions they answer.
    assert "sorted into six segments" in text
    assert "FROM THE REGISTER (PA-005)" in text  # printed in capitals
    assert "Running the loyalty programme: points, vouchers and member offers" in text
    for question in QUESTIONS.values():
        assert question.title in text, question.title
    # The risk table with what the levels mean.
    assert "R1 Illegitimate access to data" in text
    assert "R3 Disappearance of data" in text
    assert "Likelihood: can the risk sources do it?" in text
    assert "Must be avoided or reduced" in text
    # Measures and action plan: owner, due date, progress.
    assert "Pseudonymised copy for the segmentation job" in text
    assert "Lucas Bernard" in text and "In progress" in text
    assert "Actions asked for by the reviewers" in text
    # Opinions, decision and sign-off.
    assert "The segmentation stays within what members can expect" in text
    assert "Ten of the twelve found offers" in text
    assert "Approved" in text and "Sophie Martin" in text
    assert "Signature" in text


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_a_decided_dpia_shows_its_version_and_content_hash(
    demo: Workspace, rendered: Any, layout: str
) -> None:
    _reader, pages = rendered[("DPIA-001", layout)]
    (version,) = list_versions(demo, find_dpia(demo, "DPIA-001").id)
    # The hash may wrap at any character: compare without white space.
    assert version["content_hash"] in "".join("".join(pages).split())
    assert "Version 1, frozen on" in " ".join(pages)


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_the_risk_map_is_vector_graphics(rendered: Any, layout: str) -> None:
    _reader, pages = rendered[("DPIA-001", layout)]
    reader = _reader
    caption = "Each risk moves from its position before any measure"
    map_pages = [number for number, text in enumerate(pages) if caption in text]
    assert map_pages, "the risk map is in the report"
    # The demo brand has a logo: the cover has an image, the map's page none.
    assert image_count(reader.pages[0]) == 1
    for number in map_pages:
        assert image_count(reader.pages[number]) == 0


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_a_dpia_in_progress_shows_its_gaps_and_linked_assessments(
    rendered: Any, layout: str
) -> None:
    _reader, pages = rendered[("DPIA-002", layout)]
    text = " ".join(pages)
    assert "Fraud and account-takeover detection" in text
    assert "Draft of version 1 (not decided yet)" in text
    assert "Not answered yet" in text
    assert "Not rated" in text
    assert "R4 Genuine customers' orders blocked by mistake" in text
    assert "3 × 3 (UK ICO template)" in text
    # Its LIA, its TIA, and the legitimate interest still without an assessment.
    assert "Preventing card fraud on online orders" in text
    assert "Pune Byteworks Pvt. Ltd." in text and "Standard contractual clauses, module 2" in text
    assert "PA-003: no legitimate-interests assessment for" in text


def test_an_unknown_layout_or_dpia_is_refused(demo: Workspace, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="not a DPIA report layout"):
        write_dpia_pdf(demo, 1, tmp_path / "x.pdf", layout="iso")
    with pytest.raises(RecordNotFound):
        write_dpia_pdf(demo, 999, tmp_path / "x.pdf")
    assert not list(tmp_path.iterdir())


# --- hostile text -------------------------------------------------------------------------------


def hostile_dpia(workspace: Workspace) -> int:
    """A DPIA whose plain fields carry markup and whose rich text carries both raw markup
    (which the sanitiser drops) and the same characters typed as text (which stay text)."""
    activity = add_activity(
        workspace,
        {"reference": "PA-001", "name": f"Shop {SCRIPT}", "status": "active"},
        actor="tester",
    ).record
    typed = "&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=file:///etc/passwd&gt;"
    raw = f"<p>Raw: {SCRIPT}{IMAGE}{STYLE}</p><p>Typed: {typed}</p>"
    values = {
        "title": f"DPIA {SCRIPT}",
        "author": f"Author {IMAGE}",
        "dpo_names": f"DPO {STYLE}",
        "dpo_opinion": raw,
        "dpo_status": "favourable",
        "people_views_sought": False,
        "people_not_sought_reason": raw,
        "answers": [{"question": 111, "text": raw}, {"question": 212, "text": raw}],
        "measures": [
            {
                "key": "m1",
                "title": f"Measure {SCRIPT}",
                "description": raw,
                "status": "planned",
                "owner": f"Owner {STYLE}",
            }
        ],
        "risks": [
            {
                "event": "custom",
                "title": f"Risk {IMAGE}",
                "impacts": [f"Impact {SCRIPT}"],
                "measure_keys": ["m1"],
                "severity_text": raw,
                "inherent_severity": 2,
                "inherent_likelihood": 2,
            }
        ],
        "reviews": [
            {
                "target": "1.1",
                "status": 2,
                "comment": raw,
                "action_plan_comment": raw,
                "person_in_charge": f"Person {SCRIPT}",
                "reviewer": f"Reviewer {STYLE}",
            }
        ],
        "comments": [
            {"target": "111", "text": raw, "author": f"Commenter {SCRIPT}"},
            {"target": "3.1.m1", "text": raw, "author": f"Commenter {IMAGE}"},
        ],
    }
    dpia_id = create_dpia(workspace, [activity.id], values, actor="tester").record.id
    decide_dpia(workspace, dpia_id, "approved", None, decided_by=f"Boss {SCRIPT}")
    return dpia_id


def test_hostile_text_is_printed_as_text_never_as_markup(
    workspace: Workspace, tmp_path: Path
) -> None:
    dpia_id = hostile_dpia(workspace)
    for layout in LAYOUTS:
        context = build_dpia_context(workspace, dpia_id, layout_key=layout)
        html = pipeline.render_html(
            LAYOUTS[layout].template, context, title="t", author="a", language="en"
        )
        # Only the map is inline SVG, and no user text ever becomes an element.
        assert "<script" not in html and "<img src=file" not in html and "<h1>" not in html
        assert html.count("</style>") == 2, layout  # the base layout's and the DPIA styles'
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html

    reader, pages = read(write_dpia_pdf(workspace, dpia_id, tmp_path / "h.pdf"))
    text = " ".join(pages)
    # Plain fields: the characters as typed (a narrow table cell may wrap them anywhere).
    packed = "".join(text.split())
    for shown in (f"Measure {SCRIPT}", f"Risk {IMAGE}", f"DPO {STYLE}", f"Boss {SCRIPT}"):
        assert "".join(shown.split()) in packed, shown
    # Rich text: raw markup is dropped (script with its content), typed characters stay text.
    assert "Raw: x" in text
    assert "Typed: <script>alert(1)</script> <img src=file:///etc/passwd>" in text
    assert not any(image_count(page) for page in reader.pages)


# --- a PIA imported from the CNIL tool ----------------------------------------------------------


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_the_cnil_example_renders_in_every_layout(
    workspace: Workspace, tmp_path: Path, layout: str
) -> None:
    dpia_id = cnil_pia.import_cnil_pia(workspace, CNIL_FIXTURE, actor="tester").record.id
    _reader, pages = read(
        write_dpia_pdf(workspace, dpia_id, tmp_path / "captoo.pdf", layout=layout)
    )
    text = " ".join(pages)
    for heading in HEADINGS[layout]:
        assert heading in text, heading
    assert "Les données traitées sont les suivantes" in text
    assert "Chiffrement" in text
    assert "Michael Thomas" in text


def test_imported_scripts_styles_and_local_links_render_as_harmless_text(
    workspace: Workspace, tmp_path: Path
) -> None:
    document = json.loads(CNIL_FIXTURE.read_text(encoding="utf-8"))
    document["answers"][0]["data"]["text"] = (
        "<p>Before</p><script>alert(1)</script><style>body { display: none }</style>"
        '<a href="file:///etc/passwd">local file</a><img src="file:///etc/passwd"><p>After</p>'
    )
    document["measures"][0]["title"] = SCRIPT
    hostile = tmp_path / "hostile.json"
    hostile.write_text(json.dumps(document), encoding="utf-8")
    dpia_id = cnil_pia.import_cnil_pia(workspace, hostile, actor="tester").record.id

    reader, pages = read(write_dpia_pdf(workspace, dpia_id, tmp_path / "h.pdf"))
    text = " ".join(pages)
    assert "Before" in text and "local file" in text and "After" in text
    # The measure's title, as text (a narrow table cell may wrap it anywhere).
    assert SCRIPT in "".join(text.split())
    assert "display: none" not in text
    assert not any(image_count(page) for page in reader.pages)
