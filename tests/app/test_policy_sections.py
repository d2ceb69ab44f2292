"""A section's plain text and its blocks: what a consultant types becomes blocks and back,
and equal facts always give the same hash."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.domain.policy_sections import (
    Bullets,
    Paragraph,
    Subheading,
    Table,
    blocks_to_text,
    facts_hash,
    text_to_blocks,
)


def test_text_with_paragraphs_bullets_and_headings_becomes_blocks() -> None:
    text = "First line\nsecond line\n\n- one\n- two\n# Heading\nAfter it."
    assert text_to_blocks(text) == (
        Paragraph("First line\nsecond line"),
        Bullets((Paragraph("one"), Paragraph("two"))),
        Subheading("Heading"),
        Paragraph("After it."),
    )


def test_generated_blocks_read_back_as_the_same_text() -> None:
    blocks = (
        Paragraph("Intro.", lead="Lead."),
        Bullets((Paragraph("a"), Paragraph("b", lead="B:"))),
        Subheading("Sub"),
    )
    text = blocks_to_text(blocks)
    assert text == "Lead. Intro.\n\n- a\n- B: b\n\n# Sub"
    assert blocks_to_text(text_to_blocks(text)) == text


def test_a_table_reads_as_labelled_lines() -> None:
    table = Table(("Why", "What"), (("Orders", "Name"),))
    assert blocks_to_text([table]) == "Why: Orders\nWhat: Name"


def test_facts_hash_ignores_key_order_but_not_values() -> None:
    assert facts_hash({"a": 1, "b": [1, 2]}) == facts_hash({"b": [1, 2], "a": 1})
    assert facts_hash({"a": 1}) != facts_hash({"a": 2})


_LINE = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1
).filter(lambda line: line.strip() and not line.strip().startswith(("-", "*", "•", "#")))


@given(st.lists(st.lists(_LINE, min_size=1, max_size=3), min_size=1, max_size=4))
def test_any_typed_paragraphs_round_trip(paragraphs: list[list[str]]) -> None:
    text = "\n\n".join("\n".join(line.strip() for line in lines) for lines in paragraphs)
    blocks = text_to_blocks(text)
    assert all(isinstance(block, Paragraph) for block in blocks)
    assert blocks_to_text(blocks) == text
