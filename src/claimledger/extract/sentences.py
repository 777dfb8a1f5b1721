"""Sentence splitting by rule: fast, offset-exact, and blind to nothing the extractor needs.

spaCy's parser also splits sentences, but running it over every sentence is what gating avoids:
only sentences that can carry a claim are parsed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# Abbreviations after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "cpl", "pvt",
        "adm", "cmdr", "gov", "sen", "rep", "pres", "st", "mt", "ft", "no", "nos", "vs", "etc",
        "al", "approx", "est", "inc", "ltd", "co", "corp", "jan", "feb", "mar", "apr", "jun", "jul",
        "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.g", "i.e", "fig", "p",
        "pp", "vol", "ed", "eds", "rev", "hon", "jr", "sr",
    }
)
# A stop then a space before a capital or digit; or, in run-on text (a transcript, a page that
# lost its spaces), a stop glued between a lower-case word and a capitalised one: "...died in
# the battles.Kim Bum-soo has more." Initials and domain names ("U.S.Army", "Amazon.com") are not
# such a pair.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])")
_WORD_BEFORE = re.compile(r"([\w.]+)$")
# "1. ", "2) ", "a) ", "- ", "• ": a list item's marker is not part of its sentence.
_LIST_MARKER = re.compile(r"(?:\d{1,3}[.)]|[a-z][.)]|[-*•–])\s+")


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    paragraph: int
    index: int  # position in the article


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Sentence]:
    """Sentences of text[start:end]: paragraphs (lines) first, then full stops within them."""
    stop = len(text) if end is None else end
    out: list[Sentence] = []
    for paragraph, (p_start, p_end) in enumerate(_paragraphs(text, start, stop)):
        for s_start, s_end in _split_paragraph(text, p_start, p_end):
            out.append(Sentence(s_start, s_end, paragraph, len(out)))
    return out


def _paragraphs(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    pos = start
    while pos < end:
        newline = text.find("\n", pos, end)
        line_end = end if newline < 0 else newline
        s, e = _strip(text, pos, line_end)
        marker = _LIST_MARKER.match(text, s, e)
        if marker is not None and marker.end() < e:
            s = marker.end()
        if e > s:
            yield s, e
        pos = line_end + 1


def _split_paragraph(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    pos = start
    for m in _BOUNDARY.finditer(text, start, end):
        before = _WORD_BEFORE.search(text, pos, m.start())
        stop = m.group(0)[:1] or text[m.start() - 1]
        if stop == "." and before and _is_abbreviation(before.group(1)):
            continue
        s, e = _strip(text, pos, m.end())
        if e > s:
            yield s, e
        pos = m.end()
    s, e = _strip(text, pos, end)
    if e > s:
        yield s, e


def _is_abbreviation(word: str) -> bool:
    w = word.lower().rstrip(".")
    # Single capital initials ("J. Smith") and known abbreviations do not end sentences.
    return w in ABBREVIATIONS or (len(w) == 1 and w.isalpha())


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
