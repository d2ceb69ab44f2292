"""The privacy policy read back from its three formats: PDF (pypdf), web HTML (lxml) and DOCX
(python-docx). Each says every required item; register text stays text in all of them; a
draft is marked as one; the web page refers to nothing outside itself."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from lxml import html as lxml_html
from pypdf import PdfReader

from app.reports.privacy_policy import export_policy
from app.resources import REPORT_TEMPLATES
from app.services.organisations import add_organisation
from app.services.register import update_activity
from app.storage.workspace import Workspace
from tests.app.test_policy_register import EXPECTED, ORG_ID, build_full_register, normalised

FORMATS = (".pdf", ".html", ".docx")
HOSTILE = (
    "<script>alert(1)</script> <img src=file:///etc/passwd> </style><style>body{display:none}"
    " =cmd|' /C calc'!A0 ../../etc/passwd"
)


def pdf_pages(path: Path) -> list[str]:
    return [normalised(page.extract_text()) for page in PdfReader(path).pages]


def html_text(path: Path) -> str:
    root = lxml_html.document_fromstring(path.read_text(encoding="utf-8"))
    return normalised(root.body.text_content())


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return normalised("\n".join(parts))


def squashed(text: str) -> str:
    return "".join(text.split())


def text_of(path: Path) -> str:
    if path.suffix == ".pdf":
        return " ".join(pdf_pages(path))
    return html_text(path) if path.suffix == ".html" else docx_text(path)


def _export(folder: Path, *, hostile: str = "", gap: bool = False) -> dict[str, Path]:
    """The full register's policy in the three formats (exported once per module: a PDF
    takes a few seconds)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PRIVACY_WORKBENCH_HOME", str(folder / "home"))
        workspace = Workspace.create(folder / "w.pwb")
        try:
            add_organisation(workspace, {"legal_name": "Acme Online SAS", "country": "FR"})
            build_full_register(workspace, hostile=hostile)
            if gap:  # a retention period missing: N10 fails
                update_activity(
                    workspace,
                    2,
                    {"data_categories": [{"category": "Company officers", "source": "public"}]},
                    None,
                )
            return {
                suffix: export_policy(
                    workspace, folder / f"policy{suffix}", organisation_id=ORG_ID
                ).path
                for suffix in FORMATS
            }
        finally:
            workspace.close()


@pytest.fixture(scope="module")
def complete(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _export(tmp_path_factory.mktemp("complete"))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _export(tmp_path_factory.mktemp("hostile"), hostile=HOSTILE)


@pytest.fixture(scope="module")
def draft(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _export(tmp_path_factory.mktemp("draft"), gap=True)


@pytest.mark.parametrize("suffix", FORMATS)
def test_every_required_item_is_in_each_format(complete: dict[str, Path], suffix: str) -> None:
    text = text_of(complete[suffix])
    for item, phrases in EXPECTED.items():
        for phrase in phrases:
            assert phrase in text, (suffix, item, phrase)
    assert "DRAFT" not in text


@pytest.mark.parametrize("suffix", FORMATS)
def test_register_text_stays_plain_text_in_each_format(
    hostile: dict[str, Path], suffix: str
) -> None:
    # Without white space: the PDF may wrap a long run such as "../../etc/passwd" anywhere.
    text = squashed(text_of(hostile[suffix]))
    assert squashed(HOSTILE) in text
    assert squashed(f"Delivering the orders customers place {HOSTILE}") in text
    assert (
        squashed(f"Our legitimate interest: Stopping card fraud against the shop {HOSTILE}") in text
    )


def test_the_web_page_holds_no_markup_from_the_register(hostile: dict[str, Path]) -> None:
    source = hostile[".html"].read_text(encoding="utf-8")
    root = lxml_html.document_fromstring(source)
    assert root.xpath("//script|//img|//iframe|//object|//embed|//link") == []
    styles = root.xpath("//style")
    assert len(styles) == 2  # ours: the stylesheet and the accent colours
    assert all("display:none" not in style.text_content() for style in styles)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in source


def test_the_docx_holds_register_text_as_text(hostile: dict[str, Path]) -> None:
    with zipfile.ZipFile(hostile[".docx"]) as package:
        names = package.namelist()
        body = package.read("word/document.xml").decode("utf-8")
        relations = "".join(
            package.read(name).decode("utf-8") for name in names if name.endswith(".rels")
        )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert 'TargetMode="External"' not in relations
    assert not [name for name in names if name.startswith("word/media/")]


def test_the_pdf_links_only_inside_itself(hostile: dict[str, Path]) -> None:
    for page in PdfReader(hostile[".pdf"]).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            assert action is None or "/URI" not in action


def test_the_web_page_is_one_self_contained_accessible_file(complete: dict[str, Path]) -> None:
    root = lxml_html.document_fromstring(complete[".html"].read_text(encoding="utf-8"))
    assert root.get("lang") == "en"
    assert root.xpath("//meta[@name='viewport']/@content") == [
        "width=device-width, initial-scale=1"
    ]
    for attribute in ("src", "href", "srcset", "action", "data", "poster"):
        for value in root.xpath(f"//@{attribute}"):
            assert attribute == "href" and value.startswith("#"), (attribute, value)
    assert len(root.xpath("//h1")) == 1
    headings = [normalised(h.text_content()) for h in root.xpath("//main//section/h2")]
    assert headings[:3] == ["About this policy", "At a glance", "Who we are and how to reach us"]
    assert "Your right to object" in headings
    [table] = root.xpath("//table")
    assert [th.get("scope") for th in table.xpath("./thead//th")] == ["col", "col", "col"]
    assert {th.get("scope") for th in table.xpath("./tbody//th")} == {"row"}
    style = " ".join(s.text_content() for s in root.xpath("//style"))
    assert "url(" not in style and "@import" not in style


def test_our_web_stylesheet_cannot_end_its_style_element() -> None:
    css = (REPORT_TEMPLATES / "privacy_policy_web.css").read_text(encoding="utf-8")
    assert "</" not in css and "url(" not in css and "@import" not in css


def test_the_docx_has_real_headings_and_a_table(complete: dict[str, Path]) -> None:
    document = docx.Document(str(complete[".docx"]))
    styles = [(p.style.name, p.text) for p in document.paragraphs if p.text]
    assert styles[0] == ("Heading 1", "Privacy policy")
    headings = [text for style, text in styles if style == "Heading 2"]
    assert "Your rights" in headings and "Complaints" in headings
    assert any(style == "Heading 3" for style, _text in styles)
    assert any(style == "List Bullet" for style, _text in styles)
    [table] = document.tables
    assert [cell.text for cell in table.rows[0].cells] == [
        "Why we use it",
        "What we collect",
        "How long we keep it",
    ]
    assert document.core_properties.title == "Privacy policy of Acme Online SAS"


def test_the_pdf_has_its_metadata_and_a_contents_page(complete: dict[str, Path]) -> None:
    reader = PdfReader(complete[".pdf"])
    assert reader.metadata is not None
    assert reader.metadata.title == "Privacy policy of Acme Online SAS"
    assert reader.metadata.author == "Acme Online SAS"
    pages = pdf_pages(complete[".pdf"])
    assert "Contents" in pages[1]
    assert "Page 2 of" in pages[1]


def test_a_draft_is_marked_on_every_pdf_page(draft: dict[str, Path]) -> None:
    pages = pdf_pages(draft[".pdf"])
    assert len(pages) > 3
    assert all("DRAFT" in page for page in pages)
    assert "N10 · How long the data is kept" in " ".join(pages)


def test_a_draft_is_marked_in_the_web_page_and_the_docx(draft: dict[str, Path]) -> None:
    root = lxml_html.document_fromstring(draft[".html"].read_text(encoding="utf-8"))
    [notice] = root.xpath("//main/div[@class='draft-notice']")
    assert "DRAFT" in notice.text_content() and "N10" in notice.text_content()
    document = docx.Document(str(draft[".docx"]))
    assert "DRAFT" in document.sections[0].header.paragraphs[0].text
    assert document.paragraphs[2].text.startswith("DRAFT")
    # The gap itself is shown where the missing fact belongs.
    assert "How long it is kept is not yet set." in docx_text(draft[".docx"])


def test_removing_a_fact_removes_its_sentence_from_the_web_page(tmp_path: Path) -> None:
    workspace = Workspace.create(tmp_path / "w.pwb")
    try:
        add_organisation(workspace, {"legal_name": "Acme Online SAS", "country": "FR"})
        build_full_register(workspace)
        before = text_of(export_policy(workspace, tmp_path / "before.html").path)
        update_activity(workspace, 1, {"transfers": [], "automated_decisions": False}, None)
        after = text_of(export_policy(workspace, tmp_path / "after.html").path)
    finally:
        workspace.close()
    for sentence in ("India, to Byte Support Pvt", "Each order gets a score from its history"):
        assert sentence in before and sentence not in after
    assert "Transfers outside the European Economic Area" not in after


@pytest.fixture
def _no_stray_files(tmp_path: Path) -> Iterator[None]:
    yield
    assert not list(tmp_path.glob(".*.part"))


@pytest.mark.usefixtures("_no_stray_files")
def test_an_unknown_format_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    from app.errors import UserError

    workspace = Workspace.create(tmp_path / "w.pwb")
    try:
        add_organisation(workspace, {"legal_name": "Acme", "country": "FR"})
        with pytest.raises(UserError):
            export_policy(workspace, tmp_path / "policy.txt")
    finally:
        workspace.close()
    assert not (tmp_path / "policy.txt").exists()
