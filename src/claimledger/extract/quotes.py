"""Quotations that run over several sentences: who speaks in them.

A quotation may open in one sentence and close sentences or paragraphs later, with its speaker
named before it opens ("He said: “...") or only after it closes ("... ,” says the senator"). Every
sentence inside takes the speaker named beside the quotation, outside its marks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from claimledger.extract.analysis import SentenceAnalysis
from claimledger.extract.attribution import Found

OPENING, CLOSING, STRAIGHT = "“", "”", '"'
_MARKS = re.compile(f"[{OPENING}{CLOSING}{STRAIGHT}]")
LONGEST = 4000  # characters: an unclosed mark does not make the rest of the article a quotation


def quotations(text: str) -> tuple[tuple[int, int], ...]:
    """The spans of the text between quotation marks, a quotation that goes on into the next
    paragraph (which opens with a mark again) counted as one."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for mark in _MARKS.finditer(text):  # the marks alone, in order: a Python step per mark, not per character
        at, char = mark.start(), mark.group()
        if start is not None and at - start > LONGEST:
            start = None
        opens_paragraph = text[max(0, at - 3) : at].strip(" \t") == "" or "\n" in text[max(0, at - 3) : at]
        if start is None:
            if char != CLOSING:
                start = at
        elif char == OPENING or (char == STRAIGHT and opens_paragraph and at > start + 1):
            continue  # the quotation goes on in a new paragraph
        else:
            spans.append((start, at + 1))
            start = None
    return tuple(spans)


def quoted_speaker(
    item: SentenceAnalysis, sentences: Sequence[SentenceAnalysis], quotes: Sequence[tuple[int, int]]
) -> Found | None:
    """The attribution of the nearest sentence that names, outside the quotation's marks, who
    speaks the quotation the sentence lies in."""
    start = item.sentence.start
    quote = next(((s, e) for s, e in quotes if s <= start < e and item.sentence.end <= e + 2), None)
    if quote is None:
        return None
    q_start, q_end = quote
    best: tuple[int, Found] | None = None
    for other in sentences:
        found = other.attribution
        if found is None or other is item or other.citation is not None:
            continue
        o_start, o_end = other.sentence.start, other.sentence.end
        if o_end < q_start or o_start > q_end:
            continue
        cue = o_start + found.start
        if q_start <= cue < q_end:
            continue  # a speaker quoted inside the quotation
        distance = abs(o_start - start)
        if best is None or distance < best[0]:
            best = (distance, found)
    return best[1] if best is not None else None
