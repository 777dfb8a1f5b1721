"""The values the number finder works with: a mention it returns and the pieces it builds one
from (tokens, a number's own words, a range, the context around it)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class NumberMention:
    """One number in a text, with its qualifier, value or bounds, and exact spans.

    `start:end` takes in the qualifier, a range opener, a currency sign and a percent sign or
    suffix qualifier ("more than $2bn", "between 300 and 500", "70%", "300 or more");
    `number_start:number_end` is the number alone ("2bn", "300 and 500", "70", "300").
    A currency word after the number ("500 euros") sets `currency` but stays outside the span.
    """

    start: int  # span of qualifier/currency words + the number ("roughly 11,000")
    end: int
    number_start: int  # span of the number's own words ("11,000", "300 and 500")
    number_end: int
    text: str  # text[number_start:number_end]
    value: float | None
    value_low: float | None
    value_high: float | None
    approx: bool
    vague: bool = False
    percent: bool = False
    fraction: bool = False
    currency: str | None = None
    qualifier: str | None = None


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # num, unit, tens, hundred, mult, group, denom, half, and, a, other
    value: float
    start: int
    end: int
    scale: float = 1.0  # suffix multiplier written on digits ("1.5m")
    raw: str = ""  # digits as written, for year checks
    word: str = ""  # the word, lower-cased, for word tokens


@dataclass(slots=True)
class _Core:
    """One number's own words, before ranges, qualifiers and exclusions are worked out."""

    start: int
    end: int
    value: float | None
    scale: float = 1.0  # largest multiplier stated, to carry "3 to 5 million" to the first number
    vague: bool = False
    fraction: bool = False
    digit_led: bool = False
    digit_end: bool = False
    raw: str = ""  # the digits when the number is one plain digit token, else ""
    word: str = ""  # the word when the number is one bare word ("one", "half")
    needs_of: bool = False  # "a third" is a fraction only before "of"


@dataclass(slots=True)
class _Item:
    """A number or a range of two, with the opener word of a range ("between")."""

    low: _Core
    high: _Core | None = None
    opener_start: int | None = None
    opener: str = ""
    year_range: bool = False

    @property
    def last(self) -> _Core:
        return self.high if self.high is not None else self.low


@dataclass(slots=True)
class _Context:
    """What stands around an item: currency, qualifiers, percent, and the widened span."""

    start: int
    end: int
    currency: str | None = None
    kind: str | None = None  # qualifier kind before the number
    words: list[str] = field(default_factory=list)
    suffix_kind: str | None = None
    percent: bool = False
