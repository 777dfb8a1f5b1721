"""The line classifier: which lines of a page are article text and which are page furniture.

A page arrives as `Line`s (plain text split at newlines, or blocks of markdown/HTML). Each pass
below marks lines to drop; `assemble` joins the rest into the final text, keeping paragraph
breaks, and records where every kept line landed so later passes can point into the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from claimledger.clean.rules import CleanRules, line_key

# Invisible characters that only get in the way of matching; none of them is part of a word.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200e\u200f\u2060\ufeff\u00ad"))
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_ALNUM = re.compile(r"\w")
_URL = re.compile(r"https?://|www\.", re.IGNORECASE)
_SENTENCE_END = tuple('.!?:;"”’)…')
_GLUED = re.compile(r"[a-z]{2}[A-Z]")
_CRUMB_SEPARATOR = re.compile(r"\s+(?:>|»|›|/|\||→)\s+")


@dataclass(frozen=True, slots=True)
class Line:
    """One line or block of a page; an empty `text` is a paragraph break."""

    text: str
    heading: bool = False
    links: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Placed:
    """A kept line and its character offsets in the article text."""

    line: Line
    start: int
    end: int


def normalise(text: str) -> str:
    """A line without invisible characters, control codes or surrounding white space."""
    return _CONTROL.sub("", text.translate(_INVISIBLE)).replace("\t", " ").strip()


def split_text(body: str) -> list[Line]:
    """Plain text: one Line per line, blank lines kept as paragraph breaks."""
    return [Line(normalise(raw)) for raw in body.split("\n")]


def word_count(text: str) -> int:
    return len(text.split())


def is_prose(text: str) -> bool:
    """A sentence-like paragraph of article text, as opposed to a title, label or name."""
    words = word_count(text)
    return words >= 25 or (words >= 10 and text.endswith(_SENTENCE_END))


def is_title_like(text: str) -> bool:
    """A short line that reads like a headline: no closing full stop, no link."""
    words = word_count(text)
    return (
        1 <= words <= 25
        and len(text) <= 220
        and not text.endswith(".")
        and _URL.search(text) is None
        and _ALNUM.search(text) is not None
    )


def is_category_trail(text: str) -> bool:
    """Navigation categories glued together ("All ArticlesWorldAsia") or a breadcrumb trail."""
    words = word_count(text)
    if words > 12 or text.endswith((".", "!", "?")):
        return False
    glued = len(_GLUED.findall(text))
    if glued >= 2 or (glued == 1 and words <= 3):
        return True
    parts = _CRUMB_SEPARATOR.split(text)
    return len(parts) >= 2 and all(1 <= word_count(p) <= 3 for p in parts)


def nonblank(lines: Sequence[Line]) -> list[int]:
    return [i for i, line in enumerate(lines) if line.text]


def drop_clutter(lines: Sequence[Line], rules: CleanRules, dropped: set[int]) -> None:
    """Lines that are page furniture wherever they stand: prompts, credits, counters, menus."""
    for i in nonblank(lines):
        text = lines[i].text
        if _ALNUM.search(text) is None or rules.is_clutter(text, line_key(text)):
            dropped.add(i)


def drop_navigation(lines: Sequence[Line], rules: CleanRules, dropped: set[int]) -> None:
    """Previous/next labels and the linked titles right before or after them."""
    order = nonblank(lines)
    for pos, i in enumerate(order):
        if line_key(lines[i].text) not in rules.navigation_lines:
            continue
        dropped.add(i)
        for neighbour in (pos - 1, pos + 1):
            if 0 <= neighbour < len(order):
                j = order[neighbour]
                # a neighbour already dropped is another label or clutter: stop there, so one
                # label never eats into the article through a chain of removed lines
                if j not in dropped and _is_linked_title(lines[j], rules):
                    dropped.add(j)


def _is_linked_title(line: Line, rules: CleanRules) -> bool:
    key = line_key(line.text)
    return (
        is_title_like(line.text)
        and not is_prose(line.text)
        and key not in rules.reference_headings
        and key not in rules.navigation_lines
    )


def cut_tail(lines: Sequence[Line], rules: CleanRules, dropped: set[int]) -> None:
    """Drop what follows the article: comments and author boxes, and teaser or navigation boxes
    with no article prose after them. A teaser box with prose after it sits inside the article:
    only its label and the teaser titles under it go."""
    order = [i for i in nonblank(lines) if i not in dropped or _is_marker(lines[i], rules)]
    prose_next = _prose_before_end(lines, order, rules, dropped)
    words = 0
    skipping = False
    for pos, i in enumerate(order):
        text = lines[i].text
        key = line_key(text)
        if words >= rules.tail_min_words and rules.is_end(text, key):
            dropped.update(order[pos:])
            return
        if words >= rules.tail_min_words and rules.is_teaser(text, key):
            if not prose_next[pos]:
                dropped.update(order[pos:])
                return
            dropped.add(i)
            skipping = True
            continue
        if skipping and not is_prose(text) and not lines[i].heading:
            dropped.add(i)  # a teaser title inside the article
            continue
        skipping = False
        if i not in dropped:
            words += word_count(text)


def _is_marker(line: Line, rules: CleanRules) -> bool:
    key = line_key(line.text)
    return rules.is_end(line.text, key) or rules.is_teaser(line.text, key)


def _prose_before_end(
    lines: Sequence[Line], order: Sequence[int], rules: CleanRules, dropped: set[int]
) -> list[bool]:
    """For each position: does a kept paragraph of prose follow before the next end marker?
    One backward pass, so the tail cut stays linear."""
    answer = [False] * len(order)
    following = False
    for pos in range(len(order) - 1, -1, -1):
        answer[pos] = following
        i = order[pos]
        text = lines[i].text
        if rules.is_end(text, line_key(text)):
            following = False
        elif i not in dropped and is_prose(text):
            following = True
    return answer


def drop_author_bio(
    lines: Sequence[Line], author: str | None, rules: CleanRules, dropped: set[int], last: int = 4
) -> None:
    """A box about the author at the end of the page: their name alone with the paragraph under
    it, or a paragraph that opens with their name ("Jane Roe is a researcher at ...")."""
    if not author:
        return
    name = author.casefold()
    kept = [i for i in nonblank(lines) if i not in dropped][-last:]
    for pos, i in enumerate(kept):
        text = lines[i].text.casefold()
        if text.rstrip(".:") == name:
            dropped.add(i)
            following = kept[pos + 1] if pos + 1 < len(kept) else None
            if following is not None and is_prose(lines[following].text):
                dropped.add(following)
            return
        if text.startswith(name) and text[len(name) :].startswith(rules.bio_verbs):
            dropped.add(i)
            return


def assemble(lines: Sequence[Line], dropped: set[int]) -> tuple[str, list[Placed]]:
    """The kept lines joined into the article text: a blank line in the page between two kept
    lines gives a paragraph break ("\\n\\n"), otherwise they are joined by one newline."""
    parts: list[str] = []
    placed: list[Placed] = []
    position = 0
    gap = False
    for i, line in enumerate(lines):
        if not line.text:
            gap = True
            continue
        if i in dropped:
            continue
        if placed:
            separator = "\n\n" if gap else "\n"
            parts.append(separator)
            position += len(separator)
        parts.append(line.text)
        placed.append(Placed(line, position, position + len(line.text)))
        position += len(line.text)
        gap = False
    return "".join(parts), placed
