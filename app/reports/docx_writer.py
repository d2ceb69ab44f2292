"""DOCX documents that open in Word and LibreOffice with real heading styles, lists and tables.

`DocxDocument` builds a document piece by piece (headings, paragraphs, bullets, tables, the
logo), on A4 pages, with the document's language, metadata and a footer that numbers the pages.
`write_html` walks the HTML our own templates render and writes the same content into it, so a
letter's wording lives once, in its template: the PDF and the DOCX say the same thing.

`write_html` reads the plain HTML letters are written in: h1-h4, p, ul/ol/li, table (th, td,
col widths in %), br, strong/b, em/i, and containers it walks through (div, section, ...); and
the classes `gap` (to complete: highlighted), `multiline` (keeps line breaks), `align-right`,
`tight` (no space after) and `docx-skip`. Images come only from the render's assets, as in the
PDF. Text is never read as markup: what the template escaped stays text.

python-docx and lxml are imported when a document is written (the start-up budget).
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app import APP_NAME, __version__
from app.i18n import _
from app.reports.pipeline import ASSET_SCHEME, Asset, _write_atomically, css_colour, css_tint

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph

    Container = WordDocument | _Cell

GAP_CLASS = "gap"
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4}
_CONTAINERS = frozenset(
    {"div", "section", "header", "footer", "main", "article", "aside", "address", "blockquote"}
)
_BLOCKS = frozenset({*_HEADINGS, "p", "ul", "ol", "table", "img", *_CONTAINERS})
_SKIPPED = frozenset({"style", "script", "link", "meta", "title", "template", "noscript"})
# Characters XML 1.0 cannot hold; the field cleaners refuse them, but a DOCX must never break.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_WIDTH = re.compile(r"width:\s*([\d.]+)%")
_HEADING_SIZES = {1: 15, 2: 12.5, 3: 11, 4: 10.5}


@dataclass(frozen=True)
class Span:
    """A piece of text with its formatting; `text` may hold line breaks ("\\n")."""

    text: str
    bold: bool = False
    italic: bool = False
    gap: bool = False


Content = str | Sequence[Span]


class DocxDocument:
    """A Word document on A4 pages, in the given language, with the brand colour on headings."""

    def __init__(
        self,
        *,
        title: str,
        author: str,
        language: str = "en",
        accent_colour: str | None = None,
        generated_at: datetime | None = None,
        footer: str = "",
    ) -> None:
        import docx
        from docx.shared import Mm, Pt, RGBColor

        self.document: WordDocument = docx.Document()
        self.accent = str(css_colour(accent_colour))
        self.tint = str(css_tint(accent_colour))
        section = self.document.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(22)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        styles = self.document.styles
        normal = styles["Normal"]
        normal.font.size = Pt(10.5)
        normal.paragraph_format.space_after = Pt(6)
        normal.paragraph_format.line_spacing = 1.15
        for level, size in _HEADING_SIZES.items():
            font = styles[f"Heading {level}"].font
            font.size = Pt(size)
            font.color.rgb = RGBColor.from_string(self.accent[1:].upper())
        self._set_language(language)
        moment = (generated_at or datetime.now(UTC)).astimezone(UTC).replace(tzinfo=None)
        properties = self.document.core_properties
        properties.title = title[:255]
        properties.author = properties.last_modified_by = author[:255]
        properties.language = _word_language(language)
        properties.created = properties.modified = moment
        properties.comments = f"{APP_NAME} {__version__}"
        properties.revision = 1
        self._footer(footer)

    # --- building blocks ---------------------------------------------------------------------

    def heading(
        self, content: Content, level: int = 1, *, container: Container | None = None
    ) -> None:
        paragraph = self._new_paragraph(container)
        paragraph.style = self.document.styles[f"Heading {max(1, min(level, 4))}"]
        self._write(paragraph, content)

    def paragraph(
        self,
        content: Content = "",
        *,
        container: Container | None = None,
        style: str | None = None,
        bold: bool = False,
        align_right: bool = False,
        tight: bool = False,
    ) -> Paragraph:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        paragraph = self._new_paragraph(container)
        if style:
            paragraph.style = self.document.styles[style]
        if align_right:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if tight:
            paragraph.paragraph_format.space_after = Pt(0)
        self._write(paragraph, content, bold=bold)
        return paragraph

    def bullets(
        self,
        items: Sequence[Content],
        *,
        numbered: bool = False,
        container: Container | None = None,
    ) -> None:
        for item in items:
            self.paragraph(
                item, container=container, style="List Number" if numbered else "List Bullet"
            )

    def table(
        self,
        rows: Sequence[Sequence[Content]],
        *,
        header: Sequence[Content] | None = None,
        widths: Sequence[float] | None = None,
        row_headers: bool = False,
        container: Container | None = None,
    ) -> None:
        """A grid; `header` repeats on each page, `row_headers` shades the first column, and
        `widths` are percentages of the text width."""
        columns = max([1, len(header or ()), *(len(row) for row in rows)])
        cells = [([*header], True)] if header else []
        cells += [([*row], False) for row in rows]
        table = (container or self.document).add_table(rows=0, cols=columns)
        table.style = self.document.styles["Table Grid"]
        for values, is_header in cells:
            row = table.add_row()
            if is_header:
                _repeat_as_header(row)
            for index, value in enumerate(values):
                shaded = is_header or (row_headers and index == 0)
                self._cell(row.cells[index], value, shaded)
        self._widths(table, widths)

    def picture(self, data: bytes, *, height_mm: float = 16) -> None:
        from docx.shared import Mm

        self.document.add_picture(io.BytesIO(data), height=Mm(height_mm))

    def save(self, output: Path) -> Path:
        """Write the document to `output` (atomically: never a half-written file)."""
        output = Path(output)
        _write_atomically(output, self.document.save)
        return output

    # --- helpers -------------------------------------------------------------------------------

    def _new_paragraph(self, container: Container | None) -> Paragraph:
        target = container or self.document
        paragraphs = target.paragraphs
        # A new table cell comes with an empty paragraph: use it rather than leave a blank line.
        if container is not None and len(paragraphs) == 1 and not paragraphs[0].runs:
            return paragraphs[0]
        return target.add_paragraph()

    def _write(self, paragraph: Paragraph, content: Content, *, bold: bool = False) -> None:
        from docx.enum.text import WD_COLOR_INDEX

        spans = [Span(content)] if isinstance(content, str) else content
        for span in spans:
            for number, line in enumerate(span.text.split("\n")):
                if number:
                    paragraph.add_run().add_break()
                if not line:
                    continue
                run = paragraph.add_run(_NOT_XML.sub("", line))
                run.bold = bold or span.bold or None
                run.italic = span.italic or None
                if span.gap:
                    run.font.highlight_color = WD_COLOR_INDEX.YELLOW

    def _cell(self, cell: _Cell, value: Content | Any, shaded: bool) -> None:
        if callable(value):  # a block writer (write_html gives cells with paragraphs or lists)
            value(cell)
        else:
            self.paragraph(value, container=cell, bold=shaded)
        if shaded:
            _shade(cell, self.tint)

    def _widths(self, table: Any, widths: Sequence[float] | None) -> None:
        from docx.shared import Mm

        if not widths:
            return
        table.autofit = False
        text_width = 210 - 2 * 22
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=False):
                cell.width = Mm(text_width * width / 100)

    def _set_language(self, language: str) -> None:
        """The language Word and LibreOffice check the spelling in (the default of every run)."""
        from docx.oxml.ns import qn

        properties = self.document.styles.element.find(
            f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}"
        )
        if properties is None:
            return
        lang = properties.find(qn("w:lang"))
        if lang is None:
            lang = _element("w:lang")
            properties.append(lang)
        lang.set(qn("w:val"), _word_language(language))

    def _footer(self, text: str) -> None:
        from docx.enum.text import WD_TAB_ALIGNMENT
        from docx.shared import Mm, Pt

        paragraph = self.document.sections[0].footer.paragraphs[0]
        paragraph.paragraph_format.tab_stops.clear_all()
        paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(210 - 2 * 22), WD_TAB_ALIGNMENT.RIGHT)
        # "Page {page} of {pages}" worded by the catalogue, as in the PDF footer.
        counter = re.split(r"(\{page\}|\{pages\})", _("Page {page} of {pages}"))
        for piece in [text, "\t", *counter]:
            if piece == "{page}":
                _field(paragraph, "PAGE")
            elif piece == "{pages}":
                _field(paragraph, "NUMPAGES")
            elif piece:
                paragraph.add_run(_NOT_XML.sub("", piece))
        for run in paragraph.runs:
            run.font.size = Pt(8)


def _word_language(language: str) -> str:
    # As the PDFs: our English readers are European.
    return "en-GB" if language == "en" else language


def _element(tag: str, **attributes: str) -> Any:
    """A WordprocessingML element, e.g. _element("w:shd", fill="C47A2C") (w: attributes)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(name if ":" in name else f"w:{name}"), value)
    return element


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice update when they lay out."""
    paragraph.add_run()._r.append(_element("w:fldChar", fldCharType="begin"))
    code = _element("w:instrText", **{"xml:space": "preserve"})
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    paragraph.add_run()._r.append(_element("w:fldChar", fldCharType="separate"))
    paragraph.add_run("1")
    paragraph.add_run()._r.append(_element("w:fldChar", fldCharType="end"))


def _repeat_as_header(row: Any) -> None:
    row._tr.get_or_add_trPr().append(_element("w:tblHeader", val="true"))


def _shade(cell: _Cell, colour: str) -> None:
    shading = _element("w:shd", val="clear", color="auto", fill=colour[1:].upper())
    cell._tc.get_or_add_tcPr().append(shading)


# --- HTML of our templates -> DOCX ----------------------------------------------------------


def write_html(
    document: DocxDocument, html: str, assets: Mapping[str, Asset] | None = None
) -> None:
    """Write the `<main>` of a rendered template (the base layout's content) into `document`."""
    from lxml import html as lxml_html

    root = lxml_html.document_fromstring(html)
    main = root.find(".//main")
    _HtmlWalker(document, assets or {}).blocks(main if main is not None else root.body, None)


def _classes(element: Any) -> set[str]:
    return set(str(element.get("class") or "").split())


def _is_element(element: Any) -> bool:
    return isinstance(element.tag, str) and element.tag not in _SKIPPED


class _HtmlWalker:
    def __init__(self, document: DocxDocument, assets: Mapping[str, Asset]) -> None:
        self.document = document
        self.assets = assets

    def blocks(self, parent: Any, container: Container | None) -> None:
        for element in parent:
            if not _is_element(element) or "docx-skip" in _classes(element):
                continue
            self.block(element, container)

    def block(self, element: Any, container: Container | None) -> None:
        tag, classes = element.tag, _classes(element)
        if tag in _HEADINGS:
            self.document.heading(spans(element), _HEADINGS[tag], container=container)
        elif tag in ("ul", "ol"):
            items = [spans(item) for item in element if item.tag == "li"]
            self.document.bullets(items, numbered=tag == "ol", container=container)
        elif tag == "table":
            self.table(element, container)
        elif tag == "img":
            self.image(element)
        elif tag in _CONTAINERS and any(
            _is_element(child) and child.tag in _BLOCKS for child in element
        ):
            self.blocks(element, container)
        elif (content := spans(element)) or tag == "p":
            self.document.paragraph(
                content,
                container=container,
                align_right="align-right" in classes,
                tight="tight" in classes,
            )

    def table(self, element: Any, container: Container | None) -> None:
        widths = [
            float(match.group(1))
            for col in element.iter("col")
            if (match := _WIDTH.search(str(col.get("style") or "")))
        ]
        header: list[Any] | None = None
        rows: list[list[Any]] = []
        row_headers = False
        for row in element.iter("tr"):
            cells = [cell for cell in row if _is_element(cell) and cell.tag in ("th", "td")]
            values = [self.cell_writer(cell) for cell in cells]
            if row.getparent().tag == "thead":
                header = values
            else:
                row_headers = row_headers or (bool(cells) and cells[0].tag == "th")
                rows.append(values)
        self.document.table(
            rows, header=header, widths=widths or None, row_headers=row_headers, container=container
        )

    def cell_writer(self, cell: Any) -> Any:
        if any(_is_element(child) and child.tag in _BLOCKS for child in cell):
            return lambda target: self.blocks(cell, target)
        return spans(cell)

    def image(self, element: Any) -> None:
        source = str(element.get("src") or "")
        name = source[len(ASSET_SCHEME) :] if source.startswith(ASSET_SCHEME) else None
        asset = self.assets.get(name) if name else None
        if asset and asset[1] in ("image/png", "image/jpeg"):
            self.document.picture(asset[0])


def spans(element: Any) -> list[Span]:
    """The text of an element and its inline children, white space collapsed as a browser does
    (a `multiline` element keeps its line breaks, as CSS `white-space: pre-line`)."""
    pieces: list[tuple[str, bool, bool, bool, bool]] = []

    def walk(node: Any, bold: bool, italic: bool, gap: bool, keep: bool) -> None:
        classes = _classes(node)
        if node.tag == "br":
            pieces.append(("\n", bold, italic, gap, True))
            return
        bold = bold or node.tag in ("strong", "b")
        italic = italic or node.tag in ("em", "i")
        gap = gap or GAP_CLASS in classes
        keep = keep or "multiline" in classes
        if node.text:
            pieces.append((node.text, bold, italic, gap, keep))
        for child in node:
            if _is_element(child) and "docx-skip" not in _classes(child):
                walk(child, bold, italic, gap, keep)
            if child.tail:
                pieces.append((child.tail, bold, italic, gap, keep))

    walk(element, False, False, False, False)
    result: list[Span] = []
    at_line_start = True
    for text, bold, italic, gap, keep in pieces:
        if keep:
            text = re.sub(r"[ \t\r\f]*\n[ \t\r\f]*", "\n", text)
            text = re.sub(r"[ \t\r\f]+", " ", text)
        else:
            text = re.sub(r"\s+", " ", text)
        if at_line_start:
            text = text.lstrip(" ")
        if not text:
            continue
        at_line_start = text.endswith((" ", "\n"))
        result.append(Span(text, bold, italic, gap))
    # The block's trailing white space.
    while result and not (stripped := result[-1].text.rstrip(" ")):
        result.pop()
    if result:
        result[-1] = replace(result[-1], text=stripped)
    return result
