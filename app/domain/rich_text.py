"""Formatted answers (a DPIA's sections, imported CNIL answers) are stored as a small, safe
subset of HTML: paragraphs, line breaks, lists, emphasis and simple headings. Everything else
is dropped, and the text of scripts and styles with it, so an imported file cannot bring
markup, links to local files or code into the GUI or a report.
"""

from __future__ import annotations

import html
import re

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "ul",
    "ol",
    "li",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "h3",
    "h4",
    "blockquote",
}


def sanitise_html(text: str) -> str:
    """The safe subset of `text`: allowed tags without any attribute; other tags removed
    (their text kept), script and style removed with their content."""
    # A <div> is a paragraph for our purpose; keeping its line break keeps imported text
    # readable once the tag itself is dropped.
    text = re.sub(r"(?i)<div(\s[^>]*)?>", "<p>", text)
    text = re.sub(r"(?i)</div\s*>", "</p>", text)
    cleaned = nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes={},
        clean_content_tags={"script", "style"},
        url_schemes=set(),
        link_rel=None,
        strip_comments=True,
    )
    return cleaned.strip()


_BLOCK_END = re.compile(r"(?i)</(p|li|h3|h4|blockquote)>|<br\s*/?>")
_LIST_ITEM = re.compile(r"(?i)<li>")
_TAG = re.compile(r"<[^>]+>")


def html_to_text(text: str) -> str:
    """Plain text of stored rich text, for tables, diffs and the history."""
    plain = _LIST_ITEM.sub("• ", _BLOCK_END.sub("\n", text))
    plain = html.unescape(_TAG.sub("", plain))
    return "\n".join(line.strip() for line in plain.splitlines() if line.strip())
