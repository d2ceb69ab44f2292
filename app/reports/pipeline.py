"""The pipeline every document goes through: plain context -> Jinja2 HTML -> WeasyPrint PDF.

Security rests on two walls. Jinja2 escapes every value (autoescape) and refuses undefined names
(StrictUndefined), so user text is always text, never markup or a template. WeasyPrint only gets
a fetcher that serves the app's own files (`pwb-resource:print.css`) and the bytes handed to one
render (`pwb-asset:logo`); any other URL is refused, so nothing a user typed can pull a local file
or a network resource into a PDF.

Charts will be drawn with matplotlib's object API (`matplotlib.figure.Figure`, never pyplot, whose
global state is not thread-safe and exports run off the GUI thread), saved to SVG in memory and
passed to `render_pdf` as `assets={"chart-risks": (svg_bytes, "image/svg+xml")}`; templates show
them with `<img src="pwb-asset:chart-risks">`.

WeasyPrint is imported inside the functions that need it: importing it costs about a second,
which the application's start-up budget cannot afford.
"""

from __future__ import annotations

import contextlib
import functools
import mimetypes
import os
import re
import secrets
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO
from urllib.parse import unquote

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from app import APP_NAME, __version__
from app.i18n import _, ngettext
from app.resources import REPORT_TEMPLATES, RESOURCES

RESOURCE_SCHEME = "pwb-resource:"
ASSET_SCHEME = "pwb-asset:"
# Python's urljoin leaves relative references alone under an unknown scheme, so with this base a
# relative `src="secret.txt"` stays relative and the fetcher refuses it; nothing resolves to disk.
BASE_URL = "pwb-resource:/"
RESOURCE_ROOTS = (REPORT_TEMPLATES, RESOURCES)
DEFAULT_ACCENT = "#1f4e79"

Asset = tuple[bytes, str]  # content and MIME type
Progress = Callable[[int, str], None]


class RefusedURL(ValueError):
    """A document asked for something other than the app's own files or its render's assets.

    Only WeasyPrint's log ever sees this (it skips the resource), so the text is not translated.
    """


# --- the restricted URL fetcher ------------------------------------------------------------------


def resolve_url(url: str, assets: Mapping[str, Asset] | None = None) -> Asset:
    """The bytes and MIME type a document may load from `url`; RefusedURL for anything else."""
    if url.startswith(ASSET_SCHEME):
        name = unquote(url[len(ASSET_SCHEME) :])
        if assets is not None and name in assets:
            return assets[name]
        raise RefusedURL(f"no asset named {name!r} was given to this render")
    if url.startswith(RESOURCE_SCHEME):
        path = _resource_path(url[len(RESOURCE_SCHEME) :])
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return path.read_bytes(), mime
    raise RefusedURL(f"refused to load {url[:200]!r}: only the app's own resources are allowed")


def _resource_path(reference: str) -> Path:
    # An SVG may point at "icons.svg#shield"; the fragment names a part, not another file.
    relative = unquote(reference.split("#", 1)[0].split("?", 1)[0])
    if not relative or relative.startswith("/") or "\\" in relative or "\x00" in relative:
        raise RefusedURL(f"refused resource path {relative[:200]!r}")
    parts = PurePosixPath(relative).parts
    if any(part == ".." or ":" in part for part in parts):
        raise RefusedURL(f"refused resource path {relative[:200]!r}")
    for root in RESOURCE_ROOTS:
        base = root.resolve()
        # resolve() follows symbolic links, so a link pointing out of the folder is refused too.
        candidate = base.joinpath(*parts).resolve()
        if candidate.is_relative_to(base) and candidate.is_file():
            return candidate
    raise RefusedURL(f"no resource {relative[:200]!r}")


def url_fetcher(assets: Mapping[str, Asset] | None = None) -> Any:
    """A WeasyPrint URL fetcher that loads only what `resolve_url` allows."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class RestrictedFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            body, mime = resolve_url(url, assets)
            content_type = f"{mime}; charset=utf-8" if mime.startswith("text/") else mime
            return URLFetcherResponse(url, body, {"Content-Type": content_type})

    # No protocol at all for the inherited urllib machinery, should anything reach it.
    return RestrictedFetcher(allowed_protocols=frozenset(), allow_redirects=False)


# --- template environments -----------------------------------------------------------------------

# Escape everything: HTML templates by their extension, and any other template or string too.
_AUTOESCAPE_RULES: dict[str, Any] = {
    "enabled_extensions": ("html", "htm", "xml", "j2"),
    "default_for_string": True,
    "default": True,
}
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_CSS_PLAIN = re.compile(r"[A-Za-z0-9 ]")


def css_string(value: Any) -> Markup:
    """Text as a quoted CSS string for a `<style>` element.

    Every character but ASCII letters, digits and spaces becomes a CSS escape: no quote,
    backslash or `</style>` in the text can end the string or the element.
    """
    text = value.unescape() if isinstance(value, Markup) else str(value)
    escaped = "".join(char if _CSS_PLAIN.fullmatch(char) else f"\\{ord(char):06x}" for char in text)
    return Markup(f'"{escaped}"')  # noqa: S704 (escaped above)


def css_colour(value: Any, default: str = DEFAULT_ACCENT) -> Markup:
    """A #rrggbb colour safe to write into CSS; anything else gives the sober default."""
    colour = value if isinstance(value, str) and _COLOUR.fullmatch(value) else default
    return Markup(colour.lower())  # noqa: S704 (checked against #rrggbb)


def css_tint(value: Any, strength: float = 0.12) -> Markup:
    """A pale version of a colour (mixed with white) for table headers and panels."""
    colour = str(css_colour(value))
    channels = [int(colour[index : index + 2], 16) for index in (1, 3, 5)]
    mixed = [round(255 - (255 - channel) * strength) for channel in channels]
    return Markup("#" + "".join(f"{channel:02x}" for channel in mixed))  # noqa: S704 (hex digits)


def css_text_on(value: Any) -> Markup:
    """Black or white, whichever reads better on the colour (a pale brand colour needs black)."""
    colour = str(css_colour(value))
    red, green, blue = (int(colour[index : index + 2], 16) for index in (1, 3, 5))
    # Perceived brightness (ITU-R BT.601 weights), a good enough guide for a table header.
    light = (0.299 * red + 0.587 * green + 0.114 * blue) > 160
    return Markup("#1f2328" if light else "#ffffff")  # noqa: S704 (a constant)


def page_counter_css() -> Markup:
    """'Page X of Y' as a CSS `content` value, worded by the translation catalogue."""
    wording = _("Page {page} of {pages}")
    pieces = []
    for piece in re.split(r"(\{page\}|\{pages\})", wording):
        if piece == "{page}":
            pieces.append("counter(page)")
        elif piece == "{pages}":
            pieces.append("counter(pages)")
        elif piece:
            pieces.append(str(css_string(piece)))
    return Markup(" ".join(pieces))  # noqa: S704 (CSS strings and counters built above)


def _babel_locale(language: str) -> str:
    # Babel's bare "en" writes American dates ("November 29, 2025"); our readers are European.
    return "en_GB" if language == "en" else language


@jinja2.pass_context
def _long_date(context: jinja2.runtime.Context, value: date | datetime) -> str:
    from babel.core import UnknownLocaleError
    from babel.dates import format_date

    try:
        return format_date(
            value, format="long", locale=_babel_locale(context.get("language", "en"))
        )
    except (UnknownLocaleError, ValueError):
        return format_date(value, format="long", locale="en_GB")


def w3c_datetime(value: datetime) -> str:
    """A moment as PDF metadata and `<meta name="dcterms.created">` expect it (UTC)."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _install_common(environment: jinja2.Environment) -> None:
    # newstyle gettext: `_("Hello %(name)s", name=x)` escapes x but trusts the catalogue text.
    # It formats every message with %, so a literal percent sign is written %% in templates.
    environment.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=_, ngettext=ngettext, newstyle=True
    )
    environment.filters.update(
        {
            "css_string": css_string,
            "css_colour": css_colour,
            "css_tint": css_tint,
            "css_text_on": css_text_on,
            "long_date": _long_date,
            "w3c_datetime": w3c_datetime,
        }
    )
    environment.globals.update(
        {
            "page_counter_css": page_counter_css,
            "app_name": APP_NAME,
            "app_version": __version__,
        }
    )


@functools.cache
def template_environment() -> jinja2.Environment:
    """The environment for the app's own templates in report_templates/ (built once)."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(REPORT_TEMPLATES),
        autoescape=jinja2.select_autoescape(**_AUTOESCAPE_RULES),
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    _install_common(environment)
    return environment


def sandboxed_environment(loader: jinja2.BaseLoader | None = None) -> SandboxedEnvironment:
    """An environment for templates a user supplies: attribute access to Python internals
    (`__class__`, `__globals__`, ...) raises SecurityError instead of reaching the interpreter."""
    environment = SandboxedEnvironment(
        loader=loader,
        autoescape=jinja2.select_autoescape(**_AUTOESCAPE_RULES),
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
    )
    _install_common(environment)
    return environment


# --- rendering -----------------------------------------------------------------------------------


def render_html(
    template: str,
    context: Mapping[str, Any],
    *,
    title: str | None = None,
    author: str | None = None,
    language: str | None = None,
) -> str:
    """Render a template of report_templates/ to HTML (also what HTML exports publish).

    `title`, `author` and `language`, when given, fill the base layout's `document_title`,
    `document_author` and `language`; otherwise the context must hold them.
    """
    values = dict(context)
    if title is not None:
        values["document_title"] = title
    if author is not None:
        values["document_author"] = author
    if language is not None:
        values["language"] = language
    values.setdefault("generated_at", datetime.now().astimezone())
    return template_environment().get_template(template).render(values)


def render_pdf(
    template: str,
    context: Mapping[str, Any],
    output: Path,
    *,
    title: str,
    author: str,
    language: str = "en",
    assets: Mapping[str, Asset] | None = None,
    progress: Progress | None = None,
) -> Path:
    """Render `template` with `context` to a PDF at `output` and return its path.

    The PDF carries title, author, language and creation date as metadata. It is written to a
    temporary file beside `output` and moved into place at the end, so a failed export never
    leaves a half-written PDF (nor clobbers an older one). `progress(percent, message)` is called
    at each step; it runs on the caller's thread.
    """
    report = progress or (lambda _percent, _message: None)
    output = Path(output)
    report(5, _("Preparing the document…"))
    values = dict(context)
    generated_at = values.setdefault("generated_at", datetime.now().astimezone())
    html = render_html(template, values, title=title, author=author, language=language)

    report(20, _("Laying out the pages…"))
    import weasyprint

    document = weasyprint.HTML(
        string=html, base_url=BASE_URL, url_fetcher=url_fetcher(assets)
    ).render()
    # Set from the arguments, not only the template's <meta> tags: a template cannot forget them.
    metadata = document.metadata
    metadata.title = title
    metadata.authors = [author]
    metadata.lang = language
    metadata.created = metadata.modified = w3c_datetime(generated_at)
    metadata.generator = f"{APP_NAME} {__version__}"

    pages = len(document.pages)
    report(
        85,
        ngettext(
            "Writing the PDF ({count} page)…", "Writing the PDF ({count} pages)…", pages
        ).format(count=pages),
    )
    _write_atomically(output, document.write_pdf)
    report(100, _("PDF saved."))
    return output


def _write_atomically(output: Path, write: Callable[[BinaryIO], Any]) -> None:
    temporary = output.with_name(f".{output.name}.{secrets.token_hex(4)}.part")
    # os.open with 0o666 lets the user's umask decide the permissions, as for any saved file
    # (mkstemp would make every exported PDF private to its author).
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)  # Windows
    descriptor = os.open(temporary, flags, 0o666)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, output)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
