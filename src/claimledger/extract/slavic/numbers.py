"""The figures of a Russian or Ukrainian sentence: digits, number words and their multipliers,
with the bound or approximation a word before them sets.

"1 230" (a space between groups of three), "1,5 тыс." (a decimal comma and an abbreviated
thousand), "двух тысяч", "дев'ятеро", "3-х" are each one figure. A number followed by a month
("12 марта"), a year word ("2025 года") or a unit that is not a count of people ("5 км") is not
a figure; neither is one inside a time the times module found.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from claimledger.extract.slavic.lexicon import SlavicLexicon
from claimledger.extract.slavic.tokens import Token, ending_at

_DIGITS = re.compile(r"(\d+)(?:[.,](\d+))?(?:-[^\W\d_]{1,3})?")
_GROUP = re.compile(r"\d{3}")
_GROUP_GAPS = frozenset({" ", "\u00a0", "\u202f", "\u2009"})


@dataclass(frozen=True, slots=True)
class Figure:
    first: int  # token indices of the figure in its sentence: tokens[first:last]
    last: int
    start: int  # character offsets in the article
    end: int
    text: str
    stated: float  # the number as stated
    bound: str | None = None  # "low" (more than), "high" (up to) or None
    approx: bool = False

    @property
    def value(self) -> float | None:
        return self.stated if self.bound is None else None

    @property
    def value_low(self) -> float | None:
        return self.stated if self.bound == "low" else None

    @property
    def value_high(self) -> float | None:
        return self.stated if self.bound == "high" else None


class NumberReader:
    def __init__(self, lexicon: SlavicLexicon) -> None:
        self.lex = lexicon

    def figures(self, tokens: Sequence[Token], text: str, skip: frozenset[int] = frozenset()) -> Iterator[Figure]:
        """The figures among `tokens`; `text` is the article the offsets point into; tokens
        in `skip` (times) are never part of one."""
        i = 0
        while i < len(tokens):
            read = None if i in skip else self._numeral(tokens, i, text)
            if read is None:
                i += 1
                continue
            last, stated = read
            last, stated = self._multiplied(tokens, last, stated)
            if self._counts(tokens, i, last, stated):
                yield self._bounded(tokens, i, last, stated, text)
            i = last

    def _numeral(self, tokens: Sequence[Token], i: int, text: str) -> tuple[int, float] | None:
        token = tokens[i]
        digits = _DIGITS.fullmatch(token.text)
        if digits is not None:
            whole, fraction = digits.groups()
            j = i + 1
            # "1 230", "900 000": groups of three digits after a space are one number
            while (fraction is None and j < len(tokens) and _GROUP.fullmatch(tokens[j].text)
                   and text[tokens[j - 1].end:tokens[j].start] in _GROUP_GAPS):
                whole += tokens[j].text
                j += 1
            return j, float(f"{whole}.{fraction}" if fraction else whole)
        total, j = 0.0, i
        while j < len(tokens) and (word := self._word_value(tokens[j])) is not None:
            total += word
            j += 1
        return (j, total) if j > i else None

    def _word_value(self, token: Token) -> float | None:
        return next((self.lex.number_words[w] for w in sorted(token.lemmas) if w in self.lex.number_words), None)

    def _multiplier(self, token: Token) -> float | None:
        return next((self.lex.multipliers[w] for w in sorted(token.lemmas) if w in self.lex.multipliers), None)

    def _multiplied(self, tokens: Sequence[Token], last: int, stated: float) -> tuple[int, float]:
        if last < len(tokens) and (factor := self._multiplier(tokens[last])) is not None:
            stated *= factor
            last += 1
            if last < len(tokens) and tokens[last].text == "." and tokens[last - 1].text.lower() in ("тыс", "тис", "млн"):
                last += 1
        return last, round(stated, 6)

    def _counts(self, tokens: Sequence[Token], first: int, last: int, stated: float) -> bool:
        """Whether the number counts something: not a date, a year, a time or a distance."""
        if first > 0 and tokens[first - 1].text in ("№", "#"):
            return False
        after = tokens[last] if last < len(tokens) else None
        if after is None:
            return True
        times = self.lex.times
        if any(after.is_(w) for w in self.lex.not_counts) or any(after.is_(m) for m in times.months):
            return False
        if after.text in ("%", ":", "-", "–") and stated == int(stated) and after.text != "-":
            return False
        return not (1900 <= stated <= 2100 and any(after.is_(w) for w in times.year_words))

    def _bounded(self, tokens: Sequence[Token], first: int, last: int, stated: float, text: str) -> Figure:
        lex = self.lex
        bound: str | None = None
        approx = False
        if ending_at(tokens, first, lex.approx_high):
            bound, approx = "high", True
        elif ending_at(tokens, first, lex.low):
            bound = "low"
        elif ending_at(tokens, first, lex.high):
            bound = "high"
        elif ending_at(tokens, first, lex.approx):
            approx = True
        start, end = tokens[first].start, tokens[last - 1].end
        return Figure(first, last, start, end, text[start:end], stated, bound, approx)
