"""Numbers in conflict reporting: counts, bounds, ranges and vague quantities, with exact spans.

`NumberFinder.find` returns every number in a text that can be a quantity, with the span of the
number's own words and the wider span that takes in its qualifier ("roughly 11,000", "between
300 and 500", "at least 40"). Conventions (see ../../shared/eval/README.md):

- value is the number as stated: "15-thousand" 15000, "47-hundred" 4700, "four-thousand-100"
  4100, "11 000" 11000, "4.7 million", "1.5m", "$2bn", "a dozen" 12, "half a million" 500000.
- "at least / more than / over N" and "N or more" give value_low; "up to / fewer than / nearly N"
  give value_high ("nearly", "almost" also set approx); "between N and M", "N to M", "N-M" give
  both bounds. Bounded and ranged numbers have value None.
- "about / roughly / some / an estimated N" set approx and keep the value.
- Vague quantities ("dozens", "thousands", "tens of thousands", "several hundred") have no value
  and are approx.
- Not numbers: years as years, dates, clock times, ordinals, durations and ages (a number followed
  by a time unit), designations ("T-72", "Su-25", "Resolution 2231", "155mm"), numbers in links,
  e-mail addresses, phone numbers, version strings and citation parentheses, and the pronoun
  "one" ("one of the", "no one").

All patterns are built once from a `NumberLexicon` (data/numbers.yaml); `find` does no other
set-up, so one finder serves a whole corpus.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, ClassVar


from claimledger.datafiles import packaged_text, parse_mapping
from claimledger.errors import ClaimledgerError

# Spaces that may stand inside a number ("11 000" with a no-break or thin space) or between words.
_SP = "[ \\t\u00a0\u2009\u202f]"
_HYPHEN = "[-\u2010\u2011]"
_SEP = rf"(?:{_SP}*{_HYPHEN}{_SP}*|{_SP}+)"
_DIGITS = (
    "(?:[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])(?:\\.[0-9]+)?"
    "|[0-9]{1,2}(?:,[0-9]{2})+,[0-9]{3}(?![0-9])"  # South Asian grouping: 1,00,000
    "|[0-9]{1,3}(?:[\u00a0\u2009\u202f][0-9]{3})+(?![0-9])(?:\\.[0-9]+)?"
    "|[0-9]{1,3}(?: [0-9]{3})+(?![0-9])"
    "|[0-9]+(?:\\.[0-9]+)?)"
)
# Vulgar fractions written straight after digits: "3½ million".
_VULGAR = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3}
_VULGAR_CLASS = "[" + "".join(_VULGAR) + "]"
_DIGIT_STRIP = str.maketrans("", "", ", \u00a0\u2009\u202f")
_ORDINAL_AFTER = re.compile(
    rf"{_HYPHEN}(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)\b", re.IGNORECASE
)
_URLISH = re.compile(r"://|www\.|@|\.[A-Za-z]{2,6}/|\?\w+=", re.IGNORECASE)
_OPENING_PUNCTUATION = "\"'“‘([{"
_LINK_DELIMITERS = frozenset(" \t\n\r<>\"'()[]{}")
_CHUNK = re.compile(r"[^\s<>\"'()\[\]{}]*")
_PREV_WORD = re.compile(r"([A-Za-z][A-Za-z'’]*)[^\w\n]{0,3}\Z")
_NEXT_WORD = re.compile(r"[ \t\u00a0]*([A-Za-z][A-Za-z'’-]*)")
_AGE_APPOSITION_BEFORE = re.compile(r"(?<![\w])[A-Z][\w'’-]*,[ \t]*\Z")
_LETTERS = re.compile(r"[A-Za-z]+")
_RATIO_JOIN = re.compile(r"[ \u00a0]+(?:in|out[ \u00a0]+of)[ \u00a0]+", re.IGNORECASE)
_FIRST_DIGITS = re.compile(r"[0-9]+")
_HYPHENATED_WORD = re.compile(r"[-\u2010\u2011][a-z]")
_COUNTING = frozenset({"num", "unit", "tens", "a"})
_SCALES = frozenset({"hundred", "mult"})


class NumberLexiconError(ClaimledgerError):
    """The number lexicon file is missing, unreadable or malformed."""


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
class NumberLexicon:
    """The words the number finder knows; loaded from YAML so users can extend them."""

    units: Mapping[str, int]
    tens: Mapping[str, int]
    multipliers: Mapping[str, int]
    groups: Mapping[str, int]
    suffix_multipliers: Mapping[str, int]
    spaced_suffix_multipliers: tuple[str, ...]
    attached_units: frozenset[str]
    fractions: Mapping[str, int]
    half_followers: tuple[str, ...]
    vague_plurals: tuple[str, ...]
    vague_of_prefixes: tuple[str, ...]
    vague_needs_of: tuple[str, ...]
    vague_determiners: tuple[str, ...]
    qualifiers: Mapping[str, tuple[str, ...]]  # bound kind -> words written before the number
    suffix_qualifiers: Mapping[str, tuple[str, ...]]  # bound kind -> words written after it
    range_openers: tuple[str, ...]
    range_connectors: tuple[str, ...]
    change_verbs: tuple[str, ...]
    percent: tuple[str, ...]
    currency_prefixes: tuple[str, ...]
    currency_suffixes: tuple[str, ...]
    time_units: tuple[str, ...]
    time_unit_fillers: tuple[str, ...]
    designation_units: tuple[str, ...]
    formation_words: tuple[str, ...]
    designators: tuple[str, ...]
    designators_capitalised: tuple[str, ...]
    age_cues: tuple[str, ...]
    months: tuple[str, ...]
    one_preceded_by: tuple[str, ...]
    one_followed_by: tuple[str, ...]
    year_first: int
    year_last: int
    year_cues_before: frozenset[str]
    year_followers: frozenset[str]

    QUALIFIER_KINDS: ClassVar[tuple[str, ...]] = (
        "approximate",
        "approximate_upper_bound",
        "upper_bound",
        "lower_bound",
    )
    SUFFIX_KINDS: ClassVar[tuple[str, ...]] = ("approximate", "lower_bound", "upper_bound")

    @classmethod
    def load(cls, path: Path | None = None) -> NumberLexicon:
        """Read the lexicon from `path`, or the packaged default."""
        try:
            raw = packaged_text("numbers.yaml") if path is None else Path(path).read_text("utf-8")
        except OSError as exc:
            raise NumberLexiconError(f"cannot read number lexicon {path}: {exc}") from exc
        return cls.from_dict(parse_mapping(raw, f"number lexicon {path or 'numbers.yaml'}", NumberLexiconError))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> NumberLexicon:
        """Build a lexicon from parsed YAML, checking every section."""
        try:
            vague = data["vague"]
            qualifiers = data["qualifiers"]
            suffixes = data.get("suffix_qualifiers", {})
            ranges = data["ranges"]
            currency = data.get("currency", {})
            one = data.get("one_exclusions", {})
            years = data["years"]
            lexicon = cls(
                units=_values(data["units"]),
                tens=_values(data["tens"]),
                multipliers=_values(data["multipliers"]),
                groups=_values(data.get("groups", {})),
                suffix_multipliers=_values(data.get("suffix_multipliers", {})),
                spaced_suffix_multipliers=_words(data.get("spaced_suffix_multipliers", ())),
                attached_units=frozenset(_words(data.get("attached_units", ()))),
                fractions=_values(data.get("fractions", {})),
                half_followers=_words(data.get("half_followers", ())),
                vague_plurals=_words(vague["plurals"]),
                vague_of_prefixes=_words(vague.get("of_prefixes", ())),
                vague_needs_of=_words(vague.get("needs_of", ())),
                vague_determiners=_words(vague.get("determiners", ())),
                qualifiers=MappingProxyType(
                    {k: _words(qualifiers.get(k, ())) for k in cls.QUALIFIER_KINDS}
                ),
                suffix_qualifiers=MappingProxyType(
                    {k: _words(suffixes.get(k, ())) for k in cls.SUFFIX_KINDS}
                ),
                range_openers=_words(ranges["openers"]),
                range_connectors=_words(ranges["connectors"]),
                change_verbs=_words(ranges.get("change_verbs", ())),
                percent=_words(data["percent"]),
                currency_prefixes=tuple(str(c) for c in currency.get("prefixes", ())),
                currency_suffixes=_words(currency.get("suffixes", ())),
                time_units=_words(data["time_units"]),
                time_unit_fillers=_words(data.get("time_unit_fillers", ())),
                designation_units=_words(data.get("designation_units", ())),
                formation_words=tuple(str(w) for w in data.get("formation_words", ())),
                designators=_words(data.get("designators", ())),
                designators_capitalised=tuple(
                    str(w) for w in data.get("designators_capitalised", ())
                ),
                age_cues=_words(data.get("age_cues", ())),
                months=tuple(str(m) for m in data["months"]),
                one_preceded_by=_words(one.get("preceded_by", ())),
                one_followed_by=_words(one.get("followed_by", ())),
                year_first=int(years["first"]),
                year_last=int(years["last"]),
                year_cues_before=frozenset(_words(years.get("cues_before", ()))),
                year_followers=frozenset(_words(years.get("followers", ()))),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise NumberLexiconError(f"malformed number lexicon: {exc!r}") from exc
        if not lexicon.units or not lexicon.multipliers or not lexicon.time_units:
            raise NumberLexiconError("number lexicon needs units, multipliers and time_units")
        return lexicon


def _words(items: Iterable[Any]) -> tuple[str, ...]:
    if isinstance(items, (str, bytes)):
        raise TypeError(f"expected a list of words, got {items!r}")
    words = tuple(items)
    if any(isinstance(i, bool) for i in words):
        raise TypeError(f'a word in {list(words)!r} reads as a boolean: quote it ("no", "on")')
    return tuple(str(i).lower() for i in words)


def _values(section: Mapping[Any, Any]) -> Mapping[str, int]:
    values = {str(k).lower(): int(v) for k, v in section.items()}
    if any(v < 0 for v in values.values()):
        raise ValueError("number words must have non-negative values")
    return MappingProxyType(values)


# ---------------------------------------------------------------------------------------------
# Pattern building


# Markers a trie entry may end with: the spaces that must (or may) follow it.
_SPACE_AFTER = "\x00"
_MAYBE_SPACE_AFTER = "\x01"
_TRIE_SPECIAL = {" ": r"\s+", _SPACE_AFTER: r"\s+", _MAYBE_SPACE_AFTER: r"\s*"}


def _alt(entries: Iterable[str]) -> str:
    """One pattern matching any entry, any run of spaces between its words.

    Built as a trie: the regex engine then tries each first character once instead of every
    entry in turn, which matters for patterns tried at every position of a text or window. A
    trie also prefers the longest entry ("no more than" over "more than")."""
    root: dict[str, Any] = {}
    for entry in entries:
        node = root
        for char in " ".join(entry.split()):
            node = node.setdefault(char, {})
        if node is not root:
            node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [
            _TRIE_SPECIAL.get(char, re.escape(char)) + build(child)
            for char, child in sorted(node.items())
            if char
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root) or "(?!)"


def _spaced(entries: Iterable[str]) -> list[str]:
    """Entries marked with what must follow them: a space after a word ("about 300"), nothing
    after a symbol ("~300", "$300")."""
    return [e + (_SPACE_AFTER if e[-1:].isalnum() else _MAYBE_SPACE_AFTER) for e in entries if e]


def _starting_with_word(entries: Iterable[str], word: bool) -> list[str]:
    return [e for e in entries if e and e[0].isalnum() == word]


def _before(entries: Iterable[str], group: str, *, spaced: bool = True) -> str:
    """Entries that end where the number starts, with a word boundary in front of the words."""
    items = _spaced(entries) if spaced else [e for e in entries if e]
    words = _alt(_starting_with_word(items, True))
    symbols = _alt(_starting_with_word(items, False))
    return rf"(?P<{group}>(?<![\w]){words}|{symbols})"


def _after(entries: Iterable[str]) -> str:
    """Entries after a number: words follow a space ("or more"), symbols are glued ("-odd", "+")."""
    words = _alt(_starting_with_word(entries, True))
    symbols = _alt(_starting_with_word(entries, False))
    return rf"(?:[ \u00a0]+{words}(?![\w])|{symbols}(?![\w]))"


# ---------------------------------------------------------------------------------------------
# Internal values


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


# ---------------------------------------------------------------------------------------------
# The finder


class NumberFinder:
    """Finds numbers in text; build once per process and call `find` on every sentence."""

    def __init__(self, lexicon: NumberLexicon) -> None:
        self.lexicon = lexicon
        self._kinds = self._word_kinds(lexicon)
        self._compile_scan(lexicon)
        self._compile_qualifiers(lexicon)
        self._compile_exclusions(lexicon)

    # -- set-up ----------------------------------------------------------------------------------

    @staticmethod
    def _word_kinds(lex: NumberLexicon) -> dict[str, tuple[str, float]]:
        kinds: dict[str, tuple[str, float]] = {}
        for name, table in (("unit", lex.units), ("tens", lex.tens), ("group", lex.groups)):
            kinds.update({w: (name, float(v)) for w, v in table.items()})
        for word, value in lex.multipliers.items():
            kinds[word] = ("hundred" if value == 100 else "mult", float(value))
        for word, value in lex.fractions.items():
            kinds[word] = ("half" if value == 2 and word == "half" else "denom", float(value))
        kinds.update({"and": ("and", 0.0), "a": ("a", 1.0), "an": ("a", 1.0)})
        return kinds

    def _compile_scan(self, lex: NumberLexicon) -> None:
        """The one pattern that walks the text: skipped shapes, vague quantities, number phrases."""
        attached = _alt(lex.suffix_multipliers)
        spaced = _alt(lex.spaced_suffix_multipliers)
        suffix = rf"(?:(?:{attached})(?![A-Za-z0-9])|[ \u00a0](?:{spaced})(?![A-Za-z0-9]))"
        digit_token = rf"(?<![0-9])(?P<d>{_DIGITS})(?P<vf>{_VULGAR_CLASS})?(?P<sfx>{suffix})?"
        word_list = [w for w in self._kinds if w not in ("and", "a", "an")]
        number_word = rf"\b(?:{_alt(word_list)})\b"
        # A date or version string is never the middle of a phrase ("2025 and 14-02-2025").
        not_date = r"(?![0-9]{1,4}[-/.][0-9]{1,2}[-/.][0-9]{1,4}(?![0-9])|[0-9]+(?:\.[0-9]+){2})"
        atom = rf"(?:(?<![0-9]){not_date}{_DIGITS}{_VULGAR_CLASS}?(?:{suffix})?|{number_word})"
        joiner = rf"(?:(?:and|an?){_SEP}){{0,2}}"
        phrase = rf"(?:\ban?{_SEP})?{atom}(?:{_SEP}{joiner}{atom})*"

        scales = _alt([*lex.multipliers, *lex.groups])
        plurals = _alt(lex.vague_plurals)
        vague = (
            rf"\b(?:(?:{_alt(lex.vague_of_prefixes)}){_SP}+of{_SP}+(?:{plurals})"
            rf"|(?:{_alt(lex.vague_determiners)}){_SP}+(?:{scales})s?(?:{_SP}+(?:{scales})s?)*"
            rf"|(?:{plurals})|(?:{_alt(lex.vague_needs_of)})(?={_SP}+(?:of|more)\b))\b"
        )
        skip = (
            r"(?i:https?://|www\.)[^\s<>\"]*"  # links
            r"|(?<![0-9.])[0-9]+(?:\.[0-9]+){2,}(?![0-9])"  # versions, addresses
            r"|(?<![0-9])[0-9]{1,4}(?P<dsep>[-/.])[0-9]{1,2}(?P=dsep)[0-9]{1,4}(?![0-9])"  # dates
            r"|(?<=\+)[0-9]{1,3}(?:[ .\-]\(?[0-9]{1,4}\)?){2,6}"  # phone numbers
            r"|(?<=\()[0-9]{2,4}\)[ ]?[0-9]{3,4}[ .\-][0-9]{3,4}"
            r"|(?<![0-9])[0-9]{3}[.\-][0-9]{3}[.\-][0-9]{4}(?![0-9])"
        )
        # Everything the scan looks for starts a word: testing that first lets the engine pass
        # over the inside and the ends of words quickly.
        self._scan = re.compile(
            rf"\b(?=\w)(?:(?P<skip>{skip})|(?P<vague>{vague})|(?P<num>{phrase}))", re.IGNORECASE
        )
        self._token = re.compile(rf"{digit_token}|(?P<w>[A-Za-z]+)", re.IGNORECASE)

    def _compile_qualifiers(self, lex: NumberLexicon) -> None:
        """Qualifiers, currency, percent and range words: read before the number (patterns
        ending in `\\Z`, searched in a short window) or after it (`match` at its end)."""
        i = re.IGNORECASE
        self._qualifier_kind = {
            " ".join(q.split()): kind for kind, words in lex.qualifiers.items() for q in words
        }
        self._qualifier_before = re.compile(rf"{_before(self._qualifier_kind, 'q')}\Z", i)
        self._qualifier_ends = frozenset(q.split()[-1] for q in self._qualifier_kind)
        self._currency_ends = frozenset(c[-1:].lower() for c in lex.currency_prefixes) | frozenset(
            c[-1:].upper() for c in lex.currency_prefixes
        )
        currency = _before(lex.currency_prefixes, "c", spaced=False)
        self._currency_before = re.compile(rf"{currency}[ \u00a0]?\Z", i)
        currency = _alt(lex.currency_prefixes)
        self._currency_after = re.compile(
            rf"[ \u00a0]+(?P<c>{_alt(lex.currency_suffixes)})(?![\w])", i
        )
        self._opener_before = re.compile(
            rf"(?<![\w])(?P<op>{_alt(lex.range_openers)})\s+(?:(?:{currency})[ \u00a0]?)?\Z", i
        )
        self._change_before = re.compile(
            rf"(?<![\w])(?:{_alt(lex.change_verbs)})(?:\s+[\w'’-]+){{0,3}}?\s+\Z", i
        )
        connectors = [c for c in lex.range_connectors if c]
        word_conn = _alt(c for c in connectors if c[0].isalpha())
        dash_conn = "".join(re.escape(c) for c in connectors if not c[0].isalpha()) or "-"
        pct = _alt(lex.percent)
        self._connector = re.compile(
            rf"(?:{_SP}*(?:{pct}))?(?:{_SP}*[{dash_conn}]{_SP}*|{_SEP}(?P<w>{word_conn}){_SEP})"
            rf"(?:(?:{currency})[ \u00a0]?)?",
            i,
        )
        self._percent_after = re.compile(rf"[ \u00a0]?(?:{_alt(lex.percent)})(?![\w])", i)
        s_groups = "|".join(
            rf"(?P<{kind}>{_after(words)})"
            for kind, words in lex.suffix_qualifiers.items()
            if words
        )
        self._suffix_after = re.compile(s_groups or "(?!)", i)

    def _compile_exclusions(self, lex: NumberLexicon) -> None:
        """Contexts that make a number a duration, a date, a label, an age or a pronoun."""
        i = re.IGNORECASE
        fillers = _alt(lex.time_unit_fillers)
        self._time_after = re.compile(
            rf"(?:{_SEP}(?:(?:{fillers})[ \u00a0-]+)?(?:{_alt(lex.time_units)})(?![\w])"
            r"|[ \u00a0]?(?:[ap]\.m\.|[ap]\.?m(?![\w])))",
            i,
        )
        self._calibre_after = re.compile(
            rf"[ \u00a0]*-?[ \u00a0]*(?:{_alt(lex.designation_units)})(?![\w])", i
        )
        self._formation_after = re.compile(
            rf"[ \u00a0]+(?:[A-Z][\w'’.-]*[ \u00a0]+){{0,3}}?(?:{_alt(lex.formation_words)})\b"
            r"(?!\s+(?!(?:says|was|has|is|does|as|its|this|his|us)\b)[a-z]+(?:s|men)\b)"
        )
        months = _alt(lex.months)
        self._month_before = re.compile(
            rf"(?<![\w])(?:[0-9]{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?)?(?:{months})\b\.?,?\s+"
            rf"(?:[0-9]{{1,2}}(?:st|nd|rd|th)?,?\s+)?\Z"
        )
        # "17 May", and the first day of "17 and 18 May", "3 to 5 March"
        day = r"(?:st|nd|rd|th)?"
        self._month_after = re.compile(
            rf"{day}(?:\s*(?:and|to|or|-|–)\s*[0-9]{{1,2}}{day})?\s+(?:of\s+)?(?:{months})\b"
        )
        symbols = [d for d in lex.designators if not d[:1].isalnum()]
        words = [d for d in lex.designators if d[:1].isalnum()]
        self._designator_before = re.compile(
            rf"(?:(?<![\w])(?:(?i:{_alt(words)})|{_alt(lex.designators_capitalised)})"
            rf"|{_alt(symbols)})\s*#?\s*\Z"
        )
        self._designator_tokens = frozenset(
            [*lex.designators, *(d.lower() for d in lex.designators_capitalised)]
        )
        self._age_tokens = frozenset([*lex.age_cues, "of", "between", "from", "over", "under"])
        self._age_before = re.compile(
            rf"(?<![\w])(?:{_alt(lex.age_cues)})(?:\s+(?:of|between|from|over|under))?\s+\Z", i
        )
        self._one_before = re.compile(rf"(?<![\w])(?:{_alt(lex.one_preceded_by)})\s+\Z", i)
        self._one_after = re.compile(
            rf"(?:\s+(?:{_alt(lex.one_followed_by)})(?![\w])|['’]s\b|{_HYPHEN}[A-Za-z])", i
        )
        self._half_after = re.compile(rf"\s+(?:{_alt(lex.half_followers)})\b", i)
        self._of_after = re.compile(r"\s+of\b", i)

    # -- public API ------------------------------------------------------------------------------

    def find(self, text: str) -> list[NumberMention]:
        """Every number in `text` that can be a quantity, sorted by start, spans not overlapping."""
        cores = [c for c in self._cores(text) if self._core_ok(text, c)]
        items = list(self._combine(text, cores))
        mentions: list[NumberMention] = []
        for index, item in enumerate(items):
            floor = mentions[-1].end if mentions else 0
            ceiling = items[index + 1].low.start if index + 1 < len(items) else len(text)
            mention = self._mention(text, item, floor, ceiling)
            if mention is not None:
                mentions.append(mention)
        return mentions

    # -- scanning --------------------------------------------------------------------------------

    def _cores(self, text: str) -> Iterator[_Core]:
        for match in self._scan.finditer(text):
            if match.group("num") is not None:
                yield from self._parse_phrase(text, match.start(), match.end())
            elif match.group("vague") is not None:
                yield _Core(match.start(), match.end(), None, vague=True)

    def _tokens(self, text: str, start: int, end: int) -> list[_Token]:
        tokens: list[_Token] = []
        for m in self._token.finditer(text, start, end):
            if m.group("w") is not None:
                word = m.group("w").lower()
                kind, value = self._kinds.get(word, ("other", 0.0))
                tokens.append(_Token(kind, value, m.start(), m.end(), word=word))
                continue
            raw = m.group("d")
            sfx = m.group("sfx")
            scale = 1.0
            if sfx:
                scale = float(self.lexicon.suffix_multipliers.get(sfx.strip().lower(), 1))
            value = float(raw.translate(_DIGIT_STRIP)) + _VULGAR.get(m.group("vf") or "", 0.0)
            value *= scale
            tokens.append(_Token("num", value, m.start(), m.end(), scale, raw))
        return tokens

    def _parse_phrase(self, text: str, start: int, end: int) -> Iterator[_Core]:
        """Split a run of number words and digits into numbers ("300 and 500" is two)."""
        tokens = self._tokens(text, start, end)
        i = 0
        while i < len(tokens):
            parsed = self._parse_at(tokens, i)
            if parsed is None:
                i += 1
                continue
            core, i = parsed
            yield core

    def _parse_at(self, tokens: Sequence[_Token], i: int) -> tuple[_Core, int] | None:
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if tok.kind == "a":
            if nxt is None:
                return None
            if nxt.kind in _SCALES:
                return self._parse_count(tokens, i)
            if nxt.kind == "group":
                return _Core(tok.start, nxt.end, nxt.value, scale=nxt.value), i + 2
            if nxt.kind in ("denom", "half"):
                core = _Core(tok.start, nxt.end, 1 / nxt.value, fraction=True, needs_of=True)
                return core, i + 2
            return None
        if tok.kind == "half":
            return self._parse_half(tokens, i)
        if tok.kind in ("num", "unit", "tens"):
            return self._parse_count(tokens, i)
        return None

    @staticmethod
    def _parse_half(tokens: Sequence[_Token], i: int) -> tuple[_Core, int]:
        """ "half a million" is 500000; a bare "half" is a fraction, kept only in context."""
        tok = tokens[i]
        if i + 2 < len(tokens) and tokens[i + 1].kind == "a":
            scale = tokens[i + 2]
            if scale.kind in ("hundred", "mult", "group"):
                return _Core(tok.start, scale.end, 0.5 * scale.value, scale=scale.value), i + 3
        return _Core(tok.start, tok.end, 0.5, fraction=True, word=tok.word), i + 1

    def _parse_count(self, tokens: Sequence[_Token], i: int) -> tuple[_Core, int]:
        """Read words and digits as one number: "four-thousand-100", "two hundred and fifty"."""
        first = tokens[i]
        n = len(tokens)
        total, current = 0.0, first.value
        last_mult, has_hundred = math.inf, False
        scale = first.scale
        prev = first.kind
        j = i + 1
        while first.scale == 1.0 and j < n:
            t = tokens[j]
            if prev == "tens" and t.kind == "unit" and 1 <= t.value <= 9:
                current += t.value
            elif (
                t.kind == "hundred" and prev in _COUNTING and not has_hundred and 0 < current < 100
            ):
                current *= 100
                has_hundred = True
                scale = max(scale, 100.0)
            elif (
                t.kind == "mult"
                and (prev in _COUNTING or prev in ("hundred", "half"))
                and (current > 0 and t.value < last_mult)
            ):
                total += current * t.value
                current, last_mult, has_hundred = 0.0, t.value, False
                scale = max(scale, t.value)
            elif t.kind == "group" and prev in _COUNTING and total == 0 and not has_hundred:
                return self._core(tokens, i, j, current * t.value, max(scale, t.value)), j + 1
            elif t.kind == "denom" and prev == "unit" and j == i + 1 and first.kind == "unit":
                return _Core(first.start, t.end, current / t.value, fraction=True), j + 1
            elif t.kind == "and" and _and_a_half(tokens, j) and prev in _COUNTING and total == 0:
                current += 0.5
                prev, j = "half", j + 3
                continue
            elif prev in _SCALES and (k := _continuation(tokens, j, prev, last_mult)) is not None:
                current += tokens[k].value
                prev, j = tokens[k].kind, k + 1
                continue
            else:
                break
            prev = t.kind
            j += 1
        return self._core(tokens, i, j - 1, total + current, scale), j

    @staticmethod
    def _core(tokens: Sequence[_Token], i: int, last: int, value: float, scale: float) -> _Core:
        first, end = tokens[i], tokens[last]
        single = i == last
        return _Core(
            first.start,
            end.end,
            value,
            scale=scale,
            digit_led=first.kind == "num",
            digit_end=end.kind == "num",
            raw=first.raw if single and first.scale == 1.0 else "",
            word=first.word if single else "",
        )

    # -- checks on one number --------------------------------------------------------------------

    def _core_ok(self, text: str, core: _Core) -> bool:
        """Reject designations, ordinals, ratios and identifiers glued to the number."""
        if core.vague:
            return True
        if core.word and _ORDINAL_AFTER.match(text, core.end):
            return False  # "twenty-fifth"
        if core.digit_led and not self._digits_start_ok(text, core.start):
            return False
        return not core.digit_end or self._digits_end_ok(text, core)

    @staticmethod
    def _digits_start_ok(text: str, start: int) -> bool:
        if start == 0:
            return True
        before = text[start - 1]
        before2 = text[start - 2] if start >= 2 else " "
        if before.isalnum() or before in "_#@№":
            return False  # "M142", "G7", "#5"
        if before in "-\u2010\u2011" and before2.isalpha():
            return False  # "T-72", "Su-25", "Covid-19"
        return not (before in "./:" and before2.isalnum())  # "v.2", "24/7", "2:1"

    def _digits_end_ok(self, text: str, core: _Core) -> bool:
        end = core.end
        if end >= len(text):
            return True
        after = text[end]
        after2 = text[end + 1] if end + 1 < len(text) else " "
        if after.isalpha():
            letters = _LETTERS.match(text, end)
            if letters is None or letters.group(0).lower() not in self.lexicon.attached_units:
                return False  # "155mm", "2nd", "1990s", "9K720"
            return letters.end() >= len(text) or not text[letters.end()].isalnum()
        if after in "°_" or (after in "/:." and after2.isdigit()):
            return False  # "48.5°", "24/7", "10:30", "1.2.3"
        if after in "'’" and after2 in "sS" and self._year_like(core):
            return False  # "1990's"
        metres = (
            core.scale > 1.0 and text[end - 1] in "mM" and not text[end - 2 : end - 1].isalpha()
        )
        return not (after == "-" and after2.isalpha() and metres)  # "a 5m-high wall"

    def _year_like(self, core: _Core) -> bool:
        return (
            len(core.raw) == 4
            and core.raw.isdigit()
            and self.lexicon.year_first <= int(core.raw) <= self.lexicon.year_last
        )

    # -- ranges ----------------------------------------------------------------------------------

    def _combine(self, text: str, cores: Sequence[_Core]) -> Iterator[_Item]:
        """Pair numbers that form a range ("between 300 and 500", "300-500", "two or three")."""
        i = 0
        while i < len(cores):
            pair = i + 1 < len(cores)
            ratio = self._ratio(text, cores[i], cores[i + 1]) if pair else None
            if ratio is not None:
                yield _Item(ratio)
                i += 2
                continue
            item = self._range(text, cores[i], cores[i + 1]) if pair else None
            if item is None:
                yield _Item(cores[i])
                i += 1
            else:
                yield item
                i += 2

    def _ratio(self, text: str, a: _Core, b: _Core) -> _Core | None:
        """ "one in three", "1 in 4": a fraction written as a ratio."""
        if a.value != 1 or b.value is None or not 1 < b.value < 1000 or b.fraction or b.vague:
            return None
        if not _RATIO_JOIN.fullmatch(text, a.end, b.start):
            return None
        return _Core(a.start, b.end, 1 / b.value, fraction=True, digit_led=a.digit_led)

    def _range(self, text: str, a: _Core, b: _Core) -> _Item | None:
        if a.vague or b.vague or a.fraction or b.fraction or a.value is None or b.value is None:
            return None
        conn = self._connector.fullmatch(text, a.end, b.start)
        if conn is None:
            return None
        word = (conn.group("w") or "").lower()
        opener = self._opener_before.search(text, max(0, a.start - 24), a.start)
        opener_word = opener.group("op").lower() if opener else ""
        if word == "and" and opener_word != "between":
            return None
        if word == "to" and opener is not None and opener_word == "from":
            from_at = opener.start()
            if self._change_before.search(text, max(0, from_at - 48), from_at):
                return None  # "rose from 300 to 500" is a change, not a range
        dash = not word and "\n" not in text[a.end : b.start]
        if (
            dash
            and self._year_like(a)
            and (self._year_like(b) or (len(b.raw) == 2 and b.value > a.value % 100))
        ):
            return _Item(a, b, year_range=True)  # "2024-25", "2014-2022"
        low = _carry_scale(a, b)
        if not low < b.value:
            return None
        a.value = low
        item = _Item(a, b)
        if opener is not None:
            item.opener_start, item.opener = opener.start("op"), opener.group("op")
        return item

    # -- one mention -----------------------------------------------------------------------------

    def _mention(self, text: str, item: _Item, floor: int, ceiling: int) -> NumberMention | None:
        if item.year_range or not self._context_ok(text, item):
            return None
        ctx = self._context(text, item, floor, ceiling)
        low, last = item.low, item.last
        if item.high is None and not self._kept_in_context(text, low, ctx):
            return None
        years = item.high is not None and self._year_like(low) and self._year_like(item.high)
        if years and not (ctx.kind or ctx.currency or ctx.percent):
            return None  # "between 2019 and 2022": two bare years make a period
        value, value_low, value_high, approx = _bounds(item, ctx)
        return NumberMention(
            start=ctx.start,
            end=ctx.end,
            number_start=low.start,
            number_end=last.end,
            text=text[low.start : last.end],
            value=value,
            value_low=value_low,
            value_high=value_high,
            approx=approx,
            vague=low.vague,
            percent=ctx.percent,
            fraction=low.fraction,
            currency=ctx.currency,
            qualifier=" ".join(ctx.words) or None,
        )

    def _context_ok(self, text: str, item: _Item) -> bool:
        """Exclusions that read the words around the number: durations, dates, labels, ages."""
        low, last = item.low, item.last
        if low.vague:
            return True
        start = item.opener_start if item.opener_start is not None else low.start
        window = max(0, start - 64)
        if self._time_after.match(text, last.end) or self._calibre_after.match(text, last.end):
            return False
        # The regexes below read back from the number; the word just before it tells cheaply
        # whether any of them can match.
        token = _last_token(text, start).lower()
        label = token.rstrip("#") in self._designator_tokens or token.endswith("#")
        if label and self._designator_before.search(text, window, start):
            return False  # "Resolution 2231", "p. 12"
        if token in self._age_tokens and self._age_before.search(text, window, start):
            return False  # "aged 19", "ages 18 to 60"
        if low.digit_led and _inside_link(text, low.start, last.end):
            return False
        small_day = last.value is not None and last.value <= 31 and last.value == int(last.value)
        dated = low.digit_led and (small_day or self._year_like(low))
        if dated and self._month_before.search(text, window, low.start):
            return False  # "January 28", "28 January 2025"
        if last.digit_end and small_day and self._month_after.match(text, last.end):
            return False
        if item.high is None:
            return self._single_ok(text, low)
        return True

    def _single_ok(self, text: str, core: _Core) -> bool:
        if core.word == "one":
            if self._one_before.search(text, max(0, core.start - 16), core.start):
                return False
            if self._one_after.match(text, core.end):
                return False
        if core.digit_led and core.raw and len(core.raw) <= 3:
            if self._formation_after.match(text, core.end):
                return False  # "3 Commando Brigade"
            if _age_apposition(text, core):
                return False  # "Ahmed, 19, was"
        return not (core.raw and self._in_citation(text, core))

    def _kept_in_context(self, text: str, core: _Core, ctx: _Context) -> bool:
        """Checks that need the qualifier: years, and fractions that stand only in context."""
        if core.word == "half" and ctx.kind is None:
            return bool(self._half_after.match(text, core.end))
        if core.needs_of and ctx.kind is None and not ctx.percent:
            return bool(self._of_after.match(text, core.end))
        if self._year_like(core):
            return not self._is_year(text, core.start, core.end, ctx)
        return True

    def _in_citation(self, text: str, core: _Core) -> bool:
        """A number inside a short citation parenthesis whose first figure is a year:
        "(Ng, 2024)", "(2025, January 28)", "(Gardner 2025: 14)"."""
        open_at = text.rfind("(", max(0, core.start - 80), core.start)
        if open_at == -1 or ")" in text[open_at : core.start]:
            return False
        close_at = text.find(")", core.end, core.end + 60)
        if close_at == -1 or "(" in text[core.end : close_at]:
            return False
        first = _FIRST_DIGITS.search(text, open_at, close_at)
        if first is None or len(first.group(0)) != 4:
            return False
        if not self.lexicon.year_first <= int(first.group(0)) <= self.lexicon.year_last:
            return False
        after = text[first.end() : close_at].lstrip()
        return not after or after[0] in ",:;" or (after[0].isalpha() and len(after) == 1)

    def _is_year(self, text: str, start: int, end: int, ctx: _Context) -> bool:
        """Four bare digits in the year range: a year unless the context makes them a count."""
        if _HYPHENATED_WORD.match(text, end):
            return False  # "a 2000-strong force"
        nxt = _NEXT_WORD.match(text, end)
        next_word = nxt.group(1) if nxt else ""
        count_noun = (
            next_word[:1].islower() and next_word.lower() not in self.lexicon.year_followers
        )
        if ctx.kind is not None:
            return not (count_noun or ctx.kind != "approximate")
        if ctx.currency or ctx.percent:
            return False
        prev = _PREV_WORD.search(text, max(0, start - 32), start)
        if count_noun and next_word.endswith("s"):
            return False  # "in 2000 villages"
        if prev:
            word = prev.group(1).lower()
            if word in self.lexicon.year_cues_before or word.endswith(("'s", "’s")):
                return True
        return not count_noun

    def _context(self, text: str, item: _Item, floor: int, ceiling: int) -> _Context:
        low, last = item.low, item.last
        ctx = _Context(low.start, last.end)
        window = max(floor, low.start - 48)
        money = None
        if _char_before(text, low.start) in self._currency_ends:
            money = self._currency_before.search(text, window, low.start)
        if money:
            ctx.currency, ctx.start = money.group("c"), money.start()
        if item.opener_start is not None and item.opener_start >= floor:
            ctx.start = item.opener_start
            ctx.words.append(item.opener)
        qualifier = None
        if (
            _last_token(text, ctx.start).lower().lstrip(_OPENING_PUNCTUATION)
            in self._qualifier_ends
        ):
            qualifier = self._qualifier_before.search(text, max(floor, ctx.start - 48), ctx.start)
        if qualifier:
            written = " ".join(qualifier.group(0).split())
            ctx.kind = self._qualifier_kind.get(written.lower())
            ctx.start = qualifier.start()
            ctx.words.insert(0, written)
        self._read_after(text, ctx, ceiling)
        return ctx

    def _read_after(self, text: str, ctx: _Context, ceiling: int) -> None:
        pct = self._percent_after.match(text, ctx.end, ceiling)
        if pct:
            ctx.percent, ctx.end = True, pct.end()
        money = self._currency_after.match(text, ctx.end, ceiling)
        if money and ctx.currency is None:
            ctx.currency = money.group("c")
        suffix = self._suffix_after.match(text, ctx.end, ceiling)
        if (
            suffix
            and suffix.lastgroup
            and not (
                suffix.group(0).endswith("+") and text[suffix.end() : suffix.end() + 1].isdigit()
            )
        ):
            ctx.suffix_kind = suffix.lastgroup
            ctx.end = suffix.end()
            ctx.words.append(" ".join(suffix.group(0).split()))


# ---------------------------------------------------------------------------------------------
# Helpers


def _and_a_half(tokens: Sequence[_Token], j: int) -> bool:
    return j + 2 < len(tokens) and tokens[j + 1].kind == "a" and tokens[j + 2].kind == "half"


def _continuation(tokens: Sequence[_Token], j: int, prev: str, last_mult: float) -> int | None:
    """After "thousand" or "hundred", the index of a smaller number that adds to it, if any:
    "four-thousand-100", "two hundred and fifty". "two hundred and three hundred" is two."""
    k = j + 1 if tokens[j].kind == "and" else j
    if k >= len(tokens) or tokens[k].kind not in ("num", "unit", "tens") or tokens[k].scale != 1.0:
        return None
    limit = 100.0 if prev == "hundred" else last_mult
    if not tokens[k].value < limit:
        return None
    if k != j and k + 1 < len(tokens) and tokens[k + 1].kind in _SCALES:
        # "two hundred and three hundred" is two numbers; "a hundred and twenty thousand" is
        # one (120 thousand): only a second "hundred" ends the first number.
        after = tokens[k + 1]
        if after.kind == "hundred" or prev != "hundred" or not after.value < last_mult:
            return None
    return k


def _carry_scale(a: _Core, b: _Core) -> float:
    """ "3 to 5 million": the first number takes the second's multiplier."""
    assert a.value is not None and b.value is not None
    if a.scale == 1.0 and b.scale > 1.0 and a.value < b.value / b.scale:
        return a.value * b.scale
    return a.value


def _bounds(item: _Item, ctx: _Context) -> tuple[float | None, float | None, float | None, bool]:
    """value, value_low, value_high and approx from the number and its qualifiers."""
    approx = ctx.kind in ("approximate", "approximate_upper_bound")
    approx = approx or ctx.suffix_kind == "approximate"
    if item.low.vague:
        return None, None, None, True
    if item.high is not None:
        return None, item.low.value, item.high.value, approx
    value = item.low.value
    kind = ctx.kind if ctx.kind not in (None, "approximate") else ctx.suffix_kind
    if kind == "lower_bound":
        return None, value, None, approx
    if kind in ("upper_bound", "approximate_upper_bound"):
        return None, None, value, approx
    return value, None, None, approx


def _last_token(text: str, pos: int) -> str:
    """The run of non-space characters that ends just before `pos`, skipping spaces."""
    parts = text[max(0, pos - 40) : pos].rsplit(None, 1)
    return parts[-1] if parts else ""


def _char_before(text: str, pos: int) -> str:
    """The character before `pos`, over one space ("$ 300")."""
    if pos >= 2 and text[pos - 1] in " \u00a0":
        return text[pos - 2]
    return text[pos - 1] if pos >= 1 else ""


def _inside_link(text: str, start: int, end: int) -> bool:
    """Whether the number sits in a URL or e-mail address (a chunk without spaces)."""
    lo = max(0, start - 200)
    left = start
    while left > lo and text[left - 1] not in _LINK_DELIMITERS:
        left -= 1  # usually no step at all: numbers mostly follow a space
    chunk_end = _CHUNK.match(text, end, end + 200)
    right = chunk_end.end() if chunk_end else end
    return bool(_URLISH.search(text, left, right))


def _age_apposition(text: str, core: _Core) -> bool:
    """ "Ahmed, 19, was killed": a small number between commas after a name is an age."""
    if core.value is None or core.value > 120 or core.end >= len(text) or text[core.end] != ",":
        return False
    return bool(_AGE_APPOSITION_BEFORE.search(text, max(0, core.start - 40), core.start))
