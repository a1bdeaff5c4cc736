"""The vocabulary's fast header matching gives what a full scan of every phrase at every word gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from parxl import vocab
from parxl.numbers import fold

PHRASES = [p for phrases in vocab.HEADER_PHRASES.values() for p in phrases]


def full_scan(text: str) -> list[tuple[str, int, int]]:
    """Every phrase, longest first (table order among equals), at every word, leftmost first."""
    ws = vocab._marked_words(text)
    entries = sorted(((vocab._marked_words(p), f) for f, ps in vocab.HEADER_PHRASES.items() for p in ps),
                     key=lambda e: -len(e[0]))
    taken = [False] * len(ws)
    found = []
    for phrase_words, fieldname in entries:
        n = len(phrase_words)
        for i in range(len(ws) - n + 1):
            same = all(w == p or (fold(w) == w and fold(p) == w) for w, p in zip(ws[i:i + n], phrase_words))
            if same and not any(taken[i:i + n]):
                taken[i:i + n] = [True] * n
                found.append((fieldname, i, i + n))
    return sorted(found, key=lambda m: m[1])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PHRASES), st.booleans()), min_size=1, max_size=4),
       st.sampled_from([" ", "/", "\n", ", ", " và "]))
def test_fast_matching_equals_a_full_scan(parts, glue):
    text = glue.join(fold(p) if plain else p for p, plain in parts)
    assert [(m.field, m.start, m.end) for m in vocab.header_matches(text)] == full_scan(text)


def test_an_excerpts_mark_is_told_from_a_rule_and_from_text() -> None:
    marks = ["…", "...", ". . .", "(...)", "[…]", "…   …   …", "...\t..."]
    others = ["..........", "-----", "____", "1...", "Ghi chú: …", "./.", "Phường …"]
    assert [vocab.is_omission(t) for t in marks] == [True] * len(marks)
    assert [vocab.is_omission(t) for t in others] == [False] * len(others)
    assert all(vocab.is_page_line(t) for t in marks + others[:3])  # both pass between rows
