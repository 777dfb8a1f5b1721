"""Regex pieces of the time resolver: years, days, separators, word alternations, and the
compiled patterns of one lexicon."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from claimledger.analyse.times.periods import _Cand

_YEAR = r"(?:19\d\d|20\d\d|2100)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_ORD = r"(?:st|nd|rd|th)?"
# A year or number must not be part of a larger number, a decimal, a URL path or an identifier.
_NUM_BEFORE = r"(?<![\w,./:$£€])"
_NUM_AFTER = r"(?![\w/]|[,.:]\d)"
_DIGIT = re.compile(r"\d")
_YEAR_NUMBER = re.compile(_YEAR)  # a year's digits anywhere: what every pattern with a {year} needs
_LETTERS = re.compile(r"[^\W\d_]+")
_SENTENCE_END = re.compile(r"[.!?;\n](?=\s)")
_WORD_AFTER = re.compile(r"\s*([^\s\w]|[A-Za-z]+|\d)?")
_TIME_OF_DAY = re.compile(
    r"\b\d{1,2}[:.]\d\d(?::\d\d)?\s*(?:[ap]\.?m\.?|[A-Z]{2,4})?",
    re.IGNORECASE,
)


def _alt(words: Iterable[str]) -> str:
    """A regex alternation, longest first so that "ever since" wins over "since"."""
    unique = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in unique) or "(?!)"


def _cased(names: Iterable[str]) -> list[str]:
    """Title and upper-case forms: months and weekdays are proper nouns, "may" is a verb."""
    return [form for n in names for form in {n, n[:1].upper() + n[1:], n.upper()}]


_Handler = Callable[["re.Match[str]"], "_Cand | None"]


@dataclass(slots=True)
class _Patterns:
    """The compiled regexes of one lexicon, built once per resolver."""

    base: list[tuple[re.Pattern[str], _Handler, frozenset[str]]] = field(default_factory=list)
    cased_triggers: dict[str, str] = field(default_factory=dict)
    lower_triggers: dict[str, str] = field(default_factory=dict)
    part: re.Pattern[str] = re.compile("(?!)")
    relation: re.Pattern[str] = re.compile("(?!)")
    onwards: re.Pattern[str] = re.compile("(?!)")
    opener: re.Pattern[str] = re.compile("(?!)")
    join: re.Pattern[str] = re.compile("(?!)")
    strong_cue: re.Pattern[str] = re.compile("(?!)")
    weak_cue: re.Pattern[str] = re.compile("(?!)")
    month_cue: re.Pattern[str] = re.compile("(?!)")
    future: re.Pattern[str] = re.compile("(?!)")
    past_report: re.Pattern[str] = re.compile("(?!)")
    back_reference: re.Pattern[str] = re.compile("(?!)")
    verb_before: re.Pattern[str] = re.compile("(?!)")
    same_day: re.Pattern[str] = re.compile("(?!)")
    dateline_cue: re.Pattern[str] = re.compile("(?!)")
    not_dateline: re.Pattern[str] = re.compile("(?!)")
    # A year right after another year and a conjunction: "in 2023 and 2024", "2019 to 2021".
    year_list: re.Pattern[str] = re.compile("(?!)")
    # A count paired with this number: "between 2000 and 3000 troops".
    paired_count: re.Pattern[str] = re.compile("(?!)")
