"""The privacy policy as documents: a PDF (the shared pipeline), one self-contained web page,
and a DOCX written from that page. All three say the same thing, from the same context.

The web page is meant to be published as it is: its CSS is inline and it refers to nothing
(no stylesheet, font, image or script), so a browser opening it makes no request. A policy
with a missing checklist item still comes out, marked DRAFT: on every PDF page, at the top of
the web page, and at the top and in the page header of the DOCX.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from markupsafe import Markup

from app.domain.fields import image_mime
from app.errors import UserError
from app.i18n import _
from app.reports.pipeline import (
    ASSET_SCHEME,
    Asset,
    Progress,
    _write_atomically,
    css_colour,
    css_text_on,
    css_tint,
    render_html,
    render_pdf,
)
from app.resources import REPORT_TEMPLATES
from app.services.policy import Policy, build_policy
from app.storage.workspace import Workspace

PDF_TEMPLATE = "privacy_policy.html.j2"
WEB_TEMPLATE = "privacy_policy_web.html.j2"
WEB_CSS = "privacy_policy_web.css"
LOGO_ASSET = "logo"
FORMATS = (".pdf", ".html", ".docx")


@dataclass(frozen=True)
class PolicyExport:
    """What an export wrote, and the policy it wrote (the CLI reports its missing items)."""

    path: Path
    policy: Policy


def policy_context(policy: Policy, generated_at: datetime | None = None) -> dict[str, Any]:
    """Everything the templates show, as plain values."""
    organisation = policy.organisation.values
    generated_at = generated_at or policy.generated_at
    published = policy.latest.published_at if policy.is_published and policy.latest else None
    return {
        "document_title": policy.title,
        "document_author": organisation.get("legal_name") or policy.name,
        "language": "en",
        "organisation_name": policy.name,
        "accent_colour": organisation.get("brand_colour"),
        "logo_url": None,
        "document_version": policy.version_label,
        "generated_at": generated_at,
        "last_updated": (published or generated_at).astimezone(),
        "sections": policy.sections,
        "draft": policy.draft,
        "missing": policy.missing,
        "toc": [
            {"anchor": section.anchor, "title": section.title, "level": 1}
            for section in policy.sections
        ],
    }


def _web_css(accent: str | None = None, *, resolve_variables: bool = False) -> Markup:
    """Our own stylesheet, inlined: trusted text, holding no "</style>" (a test checks).

    The GUI's preview (Qt's rich text) knows no CSS variables: for it, the accent colours are
    written in place of var(--accent) and its kin.
    """
    css = (REPORT_TEMPLATES / WEB_CSS).read_text(encoding="utf-8")
    if resolve_variables:
        for name, value in (
            ("--accent-tint", css_tint(accent)),
            ("--on-accent", css_text_on(accent)),
            ("--accent", css_colour(accent)),
        ):
            css = css.replace(f"var({name})", str(value))
    return Markup(css)  # noqa: S704 (our own file; colours checked by css_colour)


def render_policy_html(
    policy: Policy, *, generated_at: datetime | None = None, for_preview: bool = False
) -> str:
    """The policy as one self-contained web page (`for_preview`: as Qt's preview reads it)."""
    context = policy_context(policy, generated_at)
    context["web_css"] = _web_css(context["accent_colour"], resolve_variables=for_preview)
    return render_html(WEB_TEMPLATE, context)


def export_policy_pdf(policy: Policy, output: Path, *, progress: Progress | None = None) -> Path:
    context = policy_context(policy)
    assets: dict[str, Asset] = {}
    logo = policy.organisation.values.get("brand_logo")
    mime = image_mime(logo) if isinstance(logo, bytes) else None
    if logo and mime:
        assets[LOGO_ASSET] = (logo, mime)
        context["logo_url"] = f"{ASSET_SCHEME}{LOGO_ASSET}"
    return render_pdf(
        PDF_TEMPLATE,
        context,
        output,
        title=_("Privacy policy of {name}").format(name=policy.name),
        author=context["document_author"],
        assets=assets,
        progress=progress,
    )


def export_policy_html(policy: Policy, output: Path) -> Path:
    html = render_policy_html(policy)
    _write_atomically(Path(output), lambda stream: stream.write(html.encode("utf-8")))
    return Path(output)


def export_policy_docx(policy: Policy, output: Path) -> Path:
    from app.reports.docx_writer import DocxDocument, write_html

    context = policy_context(policy)
    document = DocxDocument(
        title=_("Privacy policy of {name}").format(name=policy.name),
        author=context["document_author"],
        accent_colour=context["accent_colour"],
        generated_at=context["generated_at"],
        footer=policy.name,
    )
    if policy.draft:
        # Word shows a page header on every page: the draft mark goes there too.
        header = document.document.sections[0].header.paragraphs[0]
        header.text = _("DRAFT: not complete, not for publication")
    write_html(document, render_policy_html(policy))
    return document.save(Path(output))


def export_policy(
    workspace: Workspace,
    output: Path,
    *,
    organisation_id: int | None = None,
    progress: Progress | None = None,
) -> PolicyExport:
    """Write the organisation's policy to `output`: PDF, HTML or DOCX by its extension."""
    output = Path(output)
    suffix = output.suffix.lower()
    if suffix not in FORMATS:
        raise UserError(
            _("{path}: the output must end in {suffixes}").format(
                path=output, suffixes=" or ".join(FORMATS)
            )
        )
    policy = build_policy(workspace, organisation_id, progress=progress)
    if suffix == ".pdf":
        export_policy_pdf(policy, output, progress=progress)
    elif suffix == ".html":
        export_policy_html(policy, output)
    else:
        export_policy_docx(policy, output)
    if progress:
        progress(100, _("Saved."))
    return PolicyExport(output, policy)
