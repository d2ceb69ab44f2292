"""The shape of a privacy policy: sections made of a few kinds of blocks, their plain text, and
the hash that tells whether the facts under a section changed.

A section is written from its facts (policy_wording.py) or by a consultant; either way it ends
up as blocks, which the templates render to PDF, HTML and DOCX. The plain text of the blocks is
what a consultant edits, what the version hash covers and what the "what would change" diff
compares. A rewording is plain text with three conventions: a blank line between paragraphs,
"- " before a bullet, "# " before a sub-heading.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar


@dataclass(frozen=True)
class Paragraph:
    kind: ClassVar[str] = "paragraph"
    text: str
    lead: str = ""  # a few words shown in bold before the text
    highlight: bool = False  # set apart (the right to object must stand out, Art. 21(4))
    gap: bool = False  # says that the register lacks something: shown as a gap to fill

    @property
    def plain(self) -> str:
        return f"{self.lead} {self.text}".strip()


@dataclass(frozen=True)
class Bullets:
    kind: ClassVar[str] = "bullets"
    items: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Subheading:
    kind: ClassVar[str] = "subheading"
    text: str


@dataclass(frozen=True)
class Table:
    kind: ClassVar[str] = "table"
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Paragraph | Bullets | Subheading | Table


@dataclass(frozen=True)
class Section:
    """One section as the policy shows it.

    `blocks` is what is published: the consultant's rewording when there is one and its facts
    are unchanged, the generated text otherwise. `rewording` is kept even when it is set aside
    (`review`), so the GUI can offer to keep it or drop it.
    """

    key: str
    title: str
    blocks: tuple[Block, ...]
    generated: tuple[Block, ...]
    facts: Mapping[str, Any]
    facts_hash: str
    editable: bool = True
    rewording: str | None = None
    rewording_id: int | None = None
    rewording_version: int | None = None
    review: bool = False  # the facts changed since the rewording: it is set aside
    anchor: str = field(default="")

    @property
    def reworded(self) -> bool:
        return self.rewording is not None and not self.review

    @property
    def text(self) -> str:
        return blocks_to_text(self.blocks)

    @property
    def generated_text(self) -> str:
        return blocks_to_text(self.generated)

    @property
    def has_gap(self) -> bool:
        return any(block_has_gap(block) for block in self.blocks)


def block_has_gap(block: Block) -> bool:
    if isinstance(block, Paragraph):
        return block.gap
    if isinstance(block, Bullets):
        return any(item.gap for item in block.items)
    return False


# --- plain text ------------------------------------------------------------------------------


def blocks_to_text(blocks: Iterable[Block]) -> str:
    """The blocks as editable plain text (see the module's conventions)."""
    chunks: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            chunks.append(block.plain)
        elif isinstance(block, Bullets):
            chunks.append("\n".join(f"- {_one_line(item.plain)}" for item in block.items))
        elif isinstance(block, Subheading):
            chunks.append(f"# {block.text}")
        else:
            # A table as "column: value" lines, one row per paragraph: readable in a diff.
            chunks.extend(
                "\n".join(
                    f"{column}: {cell}" for column, cell in zip(block.columns, row, strict=False)
                )
                for row in block.rows
            )
    return "\n\n".join(chunk for chunk in chunks if chunk)


def _one_line(text: str) -> str:
    # A bullet is one line of the plain text; a line break inside it would start a paragraph.
    return re.sub(r"\s*\n\s*", ", ", text)


_BULLET = re.compile(r"^\s*[-*•]\s+")
_HEADING = re.compile(r"^\s*#+\s+")


def text_to_blocks(text: str) -> tuple[Block, ...]:
    """A consultant's plain text as blocks; the inverse of `blocks_to_text` for what it wrote."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()):
        # Runs of consecutive lines of one kind: bullets, paragraph lines, one heading.
        run_kind = ""
        run: list[str] = []
        for line in [*chunk.split("\n"), ""]:
            if _HEADING.match(line):
                kind, content = "heading", _HEADING.sub("", line).strip()
            elif _BULLET.match(line):
                kind, content = "bullet", _BULLET.sub("", line).strip()
            else:
                kind, content = ("line", line.strip()) if line.strip() else ("end", "")
            if run and (kind != run_kind or kind == "heading"):
                blocks.append(_run_block(run_kind, run))
                run = []
            if kind != "end":
                run_kind = kind
                run.append(content)
    return tuple(blocks)


def _run_block(kind: str, run: list[str]) -> Block:
    if kind == "heading":
        return Subheading(run[0])
    if kind == "bullet":
        return Bullets(tuple(Paragraph(item) for item in run))
    return Paragraph("\n".join(run))


def policy_text(title: str, sections: Sequence[Section]) -> str:
    """The whole policy as plain text: what the version hash covers."""
    parts = [title]
    for section in sections:
        parts.append(f"## {section.title}")
        parts.append(section.text)
    return "\n\n".join(parts)


# --- hashes ------------------------------------------------------------------------------------


def canonical_json(value: Any) -> str:
    """One spelling for equal facts: sorted keys, no spaces, text as it is."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def facts_hash(facts: Any) -> str:
    """The hash of a section's facts (or of all of them): equal facts, equal hash."""
    return sha256_hex(canonical_json(facts))
