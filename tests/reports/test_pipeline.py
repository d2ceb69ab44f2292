"""The shared document pipeline: escaping, sandbox, restricted fetcher, PDF writing."""

from __future__ import annotations

import gettext
import http.server
import io
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import jinja2
import pypdf
import pytest
from jinja2.sandbox import SecurityError
from PIL import Image

import app.i18n
from app.reports import pipeline
from app.reports.pipeline import (
    RefusedURL,
    css_colour,
    css_string,
    render_html,
    render_pdf,
    resolve_url,
    sandboxed_environment,
    template_environment,
    url_fetcher,
)
from app.resources import REPORT_TEMPLATES

ROOT = Path(__file__).resolve().parents[2]

CHAPTERS = """{% extends "base.html.j2" %}
{% block content %}
<section class="chapter"><h2 id="first">First chapter</h2><p>{{ body }}</p></section>
<section class="chapter"><h2 id="second">Second chapter</h2><p>The end.</p></section>
{% endblock %}"""

# An app template that (wrongly) points at files and servers: the fetcher must refuse each one.
GREEDY = """{% extends "base.html.j2" %}
{% block content %}
<link rel="stylesheet" href="http://127.0.0.1:{{ port }}/style.css">
<h2 id="greedy">Greedy</h2>
<img src="file:///etc/passwd">
<img src="file://{{ secret }}">
<img src="http://127.0.0.1:{{ port }}/logo.png">
<img src="https://127.0.0.1:{{ port }}/logo.png">
<img src="data:image/png;base64,{{ png_base64 }}">
<img src="pwb-resource:../../../../etc/passwd">
<img src="pwb-resource:%2e%2e/%2e%2e/etc/passwd">
<img src="{{ secret }}">
<img src="relative.png">
<img src="pwb-asset:not-given">
{% endblock %}"""


def png(colour: str = "#1f4e79") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 20), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def document_context(**extra: object) -> dict[str, object]:
    return {
        "organisation_name": "Acme Online SAS",
        "document_version": "3",
        "accent_colour": None,
        "logo_url": None,
        "toc": [],
        "generated_at": datetime(2025, 3, 14, 9, 30).astimezone(),
        **extra,
    }


def image_count(page: pypdf.PageObject) -> int:
    resources = page.get("/Resources")
    if resources is None or "/XObject" not in resources:
        return 0
    return sum(
        1
        for xobject in resources["/XObject"].values()
        if xobject.get_object().get("/Subtype") == "/Image"
    )


@pytest.fixture
def test_templates(monkeypatch: pytest.MonkeyPatch) -> None:
    """Adds the test templates beside the app's own (the compiled-template cache is keyed by
    loader, so swapping it is enough)."""
    environment = template_environment()
    loader = jinja2.ChoiceLoader(
        [
            jinja2.DictLoader({"chapters.html.j2": CHAPTERS, "greedy.html.j2": GREEDY}),
            jinja2.FileSystemLoader(REPORT_TEMPLATES),
        ]
    )
    monkeypatch.setattr(environment, "loader", loader)


@pytest.fixture
def spy_server() -> Iterator[tuple[int, list[str]]]:
    """A local HTTP server recording every request it receives."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], requests
    finally:
        server.shutdown()
        server.server_close()


# --- templates -----------------------------------------------------------------------------------


def test_values_are_escaped_and_undefined_names_fail() -> None:
    environment = template_environment()
    assert environment.from_string("{{ x }}").render(x="<b>&") == "&lt;b&gt;&amp;"
    assert environment.autoescape("workspace_summary.html.j2") is True  # type: ignore[operator]
    with pytest.raises(jinja2.UndefinedError):
        environment.from_string("{{ missing }}").render()


def test_template_texts_go_through_the_translation_catalogue(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Bracketing(gettext.NullTranslations):
        def gettext(self, message: str) -> str:
            return f"[{message}]"

    monkeypatch.setattr(app.i18n, "_translation", Bracketing())
    rendered = (
        template_environment()
        .from_string('{{ _("Contents") }} {{ _("Trading as %(name)s", name=who) }}')
        .render(who="<i>x</i>")
    )
    assert rendered == "[Contents] [Trading as &lt;i&gt;x&lt;/i&gt;]"
    assert str(pipeline.page_counter_css()) == (
        '"\\00005bPage " counter(page) " of " counter(pages) "\\00005d"'
    )


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ (1).__class__.__base__ }}",
    ],
)
def test_sandbox_refuses_python_internals(source: str) -> None:
    with pytest.raises(SecurityError):
        sandboxed_environment().from_string(source).render()


def test_sandbox_still_escapes_and_translates() -> None:
    template = sandboxed_environment().from_string('{{ _("Contents") }}: {{ name }}')
    assert template.render(name="<script>") == "Contents: &lt;script&gt;"


def test_css_helpers_cannot_break_out_of_a_style_element() -> None:
    hostile = '"; } body { background: url(file:///etc/passwd) } </style><script>'
    quoted = str(css_string(hostile))
    assert quoted.startswith('"') and quoted.endswith('"')
    assert not set(quoted[1:-1]) & set("\"'<>(){};:/")
    assert str(css_colour("#C47A2C")) == "#c47a2c"
    assert str(css_colour("red; background: url(x)")) == pipeline.DEFAULT_ACCENT
    assert str(css_colour(None)) == pipeline.DEFAULT_ACCENT
    assert str(pipeline.css_text_on("#ffdd00")) == "#1f2328"
    assert str(pipeline.css_text_on(None)) == "#ffffff"
    assert str(pipeline.css_tint("#000000", 0.5)) == "#808080"


# --- the fetcher ---------------------------------------------------------------------------------


def test_fetcher_serves_app_resources_and_given_assets() -> None:
    css, mime = resolve_url("pwb-resource:print.css")
    assert mime == "text/css" and b"@page" in css
    logo = png()
    assert resolve_url("pwb-asset:logo", {"logo": (logo, "image/png")}) == (logo, "image/png")
    response = url_fetcher({"logo": (logo, "image/png")}).fetch("pwb-asset:logo")
    assert response.read() == logo and response.content_type == "image/png"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "http://example.org/logo.png",
        "https://example.org/logo.png",
        "ftp://example.org/logo.png",
        "data:image/png;base64,iVBORw0KGgo=",
        "data:text/css,body{}",
        "pwb-resource:../../etc/passwd",
        "pwb-resource:%2e%2e/%2e%2e/etc/passwd",
        "pwb-resource:icons/../../../etc/passwd",
        "pwb-resource:/etc/passwd",
        "pwb-resource:..\\..\\etc\\passwd",
        "pwb-resource:C:/Windows/win.ini",
        "pwb-resource:",
        "pwb-resource:does-not-exist.css",
        "pwb-asset:logo",
        "/etc/passwd",
        "relative.png",
    ],
)
def test_fetcher_refuses_everything_else(url: str) -> None:
    with pytest.raises(RefusedURL):
        resolve_url(url)
    with pytest.raises(RefusedURL):
        url_fetcher().fetch(url)


def test_fetcher_refuses_a_link_that_points_out_of_the_resources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("do not print")
    root = tmp_path / "resources"
    root.mkdir()
    (root / "innocent.css").symlink_to(secret)
    monkeypatch.setattr(pipeline, "RESOURCE_ROOTS", (root,))
    with pytest.raises(RefusedURL):
        resolve_url("pwb-resource:innocent.css")


# --- PDF writing ---------------------------------------------------------------------------------


def test_render_pdf_writes_a_numbered_document_with_metadata(
    test_templates: None, tmp_path: Path
) -> None:
    steps: list[tuple[int, str]] = []
    toc = [
        {"anchor": "first", "title": "First chapter", "level": 1},
        {"anchor": "second", "title": "Second chapter", "level": 1},
    ]
    context = document_context(
        toc=toc, body="Hello", logo_url="pwb-asset:logo", accent_colour="#c47a2c"
    )
    output = render_pdf(
        "chapters.html.j2",
        context,
        tmp_path / "out.pdf",
        title="Chapters",
        author="Acme Online SAS",
        language="fr",
        assets={"logo": (png(), "image/png")},
        progress=lambda percent, message: steps.append((percent, message)),
    )

    assert output == tmp_path / "out.pdf"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out.pdf"]
    reader = pypdf.PdfReader(output)
    assert reader.metadata is not None
    assert reader.metadata.title == "Chapters"
    assert reader.metadata.author == "Acme Online SAS"
    assert reader.metadata["/CreationDate"].startswith("D:20250314")
    assert reader.trailer["/Root"]["/Lang"] == "fr"

    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) == 4  # cover, contents, two chapters
    assert "Chapters" in pages[0] and "Document version 3" in pages[0]
    assert image_count(reader.pages[0]) == 1
    assert "Page" not in pages[0]  # the cover carries no number
    assert "Page 2 of 4" in pages[1] and "Page 4 of 4" in pages[3]
    assert "Acme Online SAS" in pages[2] and "Chapters" in pages[2]  # running header
    assert "Generated on" in pages[2]
    contents = " ".join(pages[1].split())
    assert "First chapter" in contents and "Second chapter" in contents
    assert pages[1].split("First chapter")[1].split("\n")[0].rstrip().endswith("3")
    assert pages[1].split("Second chapter")[1].split("\n")[0].rstrip().endswith("4")

    percents = [percent for percent, _message in steps]
    assert percents == sorted(percents) and percents[-1] == 100 and len(steps) >= 3


def test_nothing_outside_the_app_is_fetched(
    test_templates: None,
    tmp_path: Path,
    spy_server: tuple[int, list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    port, requests = spy_server
    secret = tmp_path / "secret.png"
    secret.write_bytes(png("#ff0000"))
    asked: list[str] = []
    real_resolve = pipeline.resolve_url

    def spy(url: str, assets: object = None) -> tuple[bytes, str]:
        asked.append(url)
        return real_resolve(url, assets)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "resolve_url", spy)
    import base64

    context = document_context(
        port=port, secret=secret, png_base64=base64.b64encode(png()).decode()
    )
    output = render_pdf(
        "greedy.html.j2", context, tmp_path / "greedy.pdf", title="Greedy", author="Acme"
    )

    assert requests == []
    reader = pypdf.PdfReader(output)
    assert all(image_count(page) == 0 for page in reader.pages)
    assert "pwb-resource:print.css" in asked
    assert any(url.startswith("file:") for url in asked)  # asked for, and refused


def test_a_failed_export_leaves_the_previous_file_and_no_partial_one(
    test_templates: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from weasyprint.document import Document

    output = tmp_path / "report.pdf"
    output.write_bytes(b"the previous export")

    def write_then_fail(
        self: Document, target: io.BufferedWriter, *args: object, **kwargs: object
    ) -> None:
        target.write(b"%PDF-1.7 half a document")
        raise OSError("disk full")

    monkeypatch.setattr(Document, "write_pdf", write_then_fail)
    with pytest.raises(OSError, match="disk full"):
        render_pdf("chapters.html.j2", document_context(body="x"), output, title="T", author="A")
    assert output.read_bytes() == b"the previous export"
    assert [path.name for path in tmp_path.iterdir()] == ["report.pdf"]

    with pytest.raises(jinja2.UndefinedError):  # the context lacks `body`
        render_pdf(
            "chapters.html.j2", document_context(), tmp_path / "new.pdf", title="T", author="A"
        )
    assert not (tmp_path / "new.pdf").exists()


def test_render_html_feeds_html_exports_from_the_same_context(test_templates: None) -> None:
    html = render_html(
        "chapters.html.j2",
        document_context(body="<b>bold?</b>"),
        title="Chapters",
        author="Acme",
        language="de",
    )
    assert '<html lang="de">' in html
    assert "&lt;b&gt;bold?&lt;/b&gt;" in html
    assert '<meta name="dcterms.created" content="2025-03-14T' in html


def test_importing_the_reports_does_not_import_weasyprint() -> None:
    code = (
        "import sys, app.reports.pipeline, app.reports.summary; "
        "sys.exit('weasyprint' in sys.modules or 'matplotlib' in sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
