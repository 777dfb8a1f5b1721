"""Quotations that run over several sentences: who speaks in them.

A quotation may open in one sentence and close sentences or paragraphs later, with its speaker
named before it opens ("He said: “...") or only after it closes ("... ,” says the senator"). Every
sentence inside takes the speaker named beside the quotation, outside its marks. A first pass
over the article maps each quotation to that speaker, so that a sentence early in a quotation
knows the speaker named only after its last sentence.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from claimledger.extract.analysis import SentenceAnalysis
from claimledger.extract.attribution import Found

OPENING, CLOSING, STRAIGHT = "“", "”", '"'
DOUBLED = "''"  # two apostrophes stand for a straight mark in some wire copy ('' ... '')
MARK_OR_BREAK = re.compile(r"[“”\"\n]")
FIRST_CHARACTER = re.compile(r"\s*(\S)")
LONGEST = 4000  # characters: an unclosed mark does not make the rest of the article a quotation
# A quotation with no speaker beside it goes on with the quotation before it when no more than
# this much text (the speaker's sentence, a short bridge) lies between them and nobody else is
# named as speaking there: "“...,” said the mayor. “...”"
BRIDGE = 400


@dataclass(frozen=True, slots=True)
class Quotation:
    """A quotation's span in the article and the attribution that names its speaker."""

    start: int
    end: int
    speaker: Found | None


@dataclass(frozen=True, slots=True)
class Quotations:
    """An article's quotations in text order, each with its speaker."""

    quotes: tuple[Quotation, ...] = ()
    starts: tuple[int, ...] = ()

    def speaker_of(self, item: SentenceAnalysis) -> Found | None:
        """The speaker of the quotation the sentence lies in, if one is named beside it."""
        start = item.sentence.start
        at = bisect.bisect_right(self.starts, start) - 1
        if at < 0:
            return None
        quote = self.quotes[at]
        # the sentence lies inside the quotation (a mark after its stop, "...”", may fall outside it)
        if not (start < quote.end and item.sentence.end <= quote.end + 2):
            return None
        return quote.speaker


def quotations(text: str) -> tuple[tuple[int, int], ...]:
    """The spans of the text between quotation marks, a quotation that goes on into the next
    paragraph (which opens with a mark again) counted as one. A quotation still open at the end
    of a paragraph whose next paragraph opens with no mark was never closed: it ends with its
    paragraph."""
    raw, text = text, text.replace(DOUBLED, STRAIGHT + " ")  # same length: offsets stay the text's
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for mark in MARK_OR_BREAK.finditer(text):
        at, char = mark.start(), mark.group()
        if start is not None and at - start > LONGEST:
            start = None
        if char == "\n":
            goes_on = FIRST_CHARACTER.match(text, mark.end())
            if start is not None and (goes_on is None or goes_on.group(1) not in (OPENING, STRAIGHT)):
                spans.append((start, at))
                start = None
            continue
        opens_paragraph = text[max(0, at - 3) : at].strip(" \t") == "" or "\n" in text[max(0, at - 3) : at]
        if start is None:
            if char != CLOSING:
                start = at
        elif char == OPENING or (char == STRAIGHT and opens_paragraph and at > start + 1):
            continue  # the quotation goes on in a new paragraph
        else:
            spans.append((start, at + len(DOUBLED) if raw.startswith(DOUBLED, at) else at + 1))
            start = None
    if start is not None:
        spans.append((start, len(text)))
    return tuple(spans)


def quote_speakers(text: str, sentences: Sequence[SentenceAnalysis]) -> Quotations:
    """Every quotation of the text with the attribution of the sentence that names, outside its
    marks, who speaks it: a sentence the quotation overlaps ("“...,” said X", "X said: “...") or
    one that ends with a colon right before it opens. A quotation with no such sentence goes on
    with the quotation just before it, when nobody else is named as speaking in between."""
    spans = quotations(text)
    starts = [s for s, _ in spans]
    best: list[tuple[int, Found] | None] = [None] * len(spans)
    cues: list[tuple[int, Found]] = []  # who, outside every quotation, is named as speaking where
    for other in sentences:
        found = other.attribution
        if found is None or other.citation is not None:
            continue
        o_start, o_end = other.sentence.start, other.sentence.end
        cue = o_start + found.start
        inside = False
        # the quotations that overlap the sentence, or open right after it ends with ":"
        k = max(0, bisect.bisect_right(starts, o_start) - 1)
        while k < len(spans) and spans[k][0] <= o_end + 3:
            q_start, q_end = spans[k]
            if q_start <= cue < q_end:
                inside = True  # a speaker quoted inside the quotation
            elif q_end > o_start and (q_start < o_end or _introduces(text, other, q_start)):
                distance = min(abs(cue - q_start), abs(cue - q_end))
                held = best[k]
                if held is None or distance < held[0]:
                    best[k] = (distance, found)
            k += 1
        if not inside:
            cues.append((cue, found))
    speakers: list[Found | None] = [b[1] if b is not None else None for b in best]
    at = [c for c, _ in cues]
    for k in range(1, len(spans)):
        before = speakers[k - 1]
        if speakers[k] is None and before is not None and _bridged(text, spans[k - 1], spans[k], before, (cues, at)):
            speakers[k] = before
    quotes = tuple(Quotation(s, e, speaker) for (s, e), speaker in zip(spans, speakers, strict=True))
    return Quotations(quotes, tuple(starts))


def _introduces(text: str, sentence: SentenceAnalysis, q_start: int) -> bool:
    """Does the sentence end with a colon right before the quotation opens ("He said:")?"""
    end = sentence.sentence.end
    return text[end - 1 : end] == ":" and not text[end:q_start].strip()


def _bridged(
    text: str, before: tuple[int, int], after: tuple[int, int], speaker: Found,
    named: tuple[Sequence[tuple[int, Found]], Sequence[int]],
) -> bool:
    """Does the quotation `after` go on with the speaker of `before`: close to it, in the same
    paragraph or opening a paragraph of its own, with no one else named as speaking in between?
    `named` is who is named as speaking where, and where, in text order."""
    if after[0] - before[1] > BRIDGE:
        return False
    paragraph = text.rfind("\n", before[1], after[0])
    if paragraph >= 0 and text[paragraph : after[0]].strip():
        return False  # the quotation opens inside a paragraph of the article's own
    cues, at = named
    k = bisect.bisect_right(at, before[1])
    while k < len(cues) and cues[k][0] < after[0]:
        if cues[k][1] is not speaker:
            return False
        k += 1
    return True
