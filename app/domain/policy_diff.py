"""What a new version of the policy would change, section by section, as sentences added and
removed: a reader compares sentences, not characters."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

# A sentence ends at . ! or ? before a space and a capital, a digit or an opening quote; not
# after the abbreviations legal text is full of ("Art. 6(1)", "No. 12", "cf. Art. 9").
_SENTENCE_END = re.compile(
    r"(?<=[.!?])(?<!\bArt\.)(?<!\bArts\.)(?<!\bNo\.)(?<!\bcf\.)(?<!\bp\.)(?<!\bpara\.)"
    r"\s+(?=[A-Z0-9“\"(«„])"
)
_MARKER = re.compile(r"^(?:[-*•]|#+)\s+")


class ChangeKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


@dataclass(frozen=True)
class PublishedText:
    """A section's words, as published or as they would be published now."""

    key: str
    title: str
    text: str


@dataclass(frozen=True)
class SectionChange:
    key: str
    title: str
    kind: ChangeKind
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def split_sentences(text: str) -> list[str]:
    """The sentences of a section's plain text; a line (bullet, heading) is never joined to
    the next one."""
    sentences: list[str] = []
    for line in text.splitlines():
        line = _MARKER.sub("", line.strip())
        if line:
            sentences.extend(part.strip() for part in _SENTENCE_END.split(line) if part.strip())
    return sentences


def diff_sections(
    before: Sequence[PublishedText], after: Sequence[PublishedText]
) -> list[SectionChange]:
    """The sections that differ, in the order of `after` (then those only in `before`)."""
    old = {section.key: section for section in before}
    new_keys = {section.key for section in after}
    changes = []
    for section in after:
        previous = old.get(section.key)
        if previous is None:
            changes.append(
                SectionChange(
                    section.key, section.title, ChangeKind.ADDED, split_sentences(section.text)
                )
            )
            continue
        added, removed = _sentence_diff(previous.text, section.text)
        if added or removed:
            changes.append(
                SectionChange(section.key, section.title, ChangeKind.CHANGED, added, removed)
            )
    for section in before:
        if section.key not in new_keys:
            changes.append(
                SectionChange(
                    section.key,
                    section.title,
                    ChangeKind.REMOVED,
                    removed=split_sentences(section.text),
                )
            )
    return changes


def _sentence_diff(before: str, after: str) -> tuple[list[str], list[str]]:
    old, new = split_sentences(before), split_sentences(after)
    added: list[str] = []
    removed: list[str] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            removed.extend(old[old_start:old_end])
        if tag in ("replace", "insert"):
            added.extend(new[new_start:new_end])
    return added, removed
