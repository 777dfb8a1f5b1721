"""Time expressions in conflict reporting, resolved to ISO 8601 values of reduced precision.

`TimeResolver.find` returns every time mention in a text with its span, a value ("2024",
"2025-01", "2025-01-14", "2024-12/2025-02-14", "2024-12/..") and how the text relates to it
("point", "since", "range", "as_of", "until"). Relative expressions are resolved against a
reference date, normally the article's publication date; without one their value is None.

Conventions (each a choice where reporting is ambiguous):

- A month, day or season without a year is the most recent one not after the reference
  ("In April" in February 2025 is 2024-04), or the first one not before it when the clause has a
  future cue ("will", "is expected to"). "last August" is the most recent August strictly before
  the reference month, "next March" the first March strictly after it.
- A bare weekday ("on Monday") is the most recent such day on or before the reference date, the
  reference day itself included: the wire-copy convention that a weekday name means the past seven
  days. "last Monday" excludes the reference day, "next Monday" is strictly after it.
- "this year", "earlier this year", "later this year" are the year ("2025"); "early/mid/late X"
  and "the beginning/end of X" keep X's precision ("early February" is 2025-02, "late 2024" 2024).
  "the first half of X" and quarters of a year become month intervals (2025-01/2025-06).
- Weeks run Monday to Sunday: "last week" is the previous week as a date interval
  (2025-02-03/2025-02-09), "last weekend" its Saturday and Sunday.
- "the past N days/weeks/months/years" and "the last 24 hours" are date intervals ending at the
  reference date; "N days/weeks ago" is a date, "N months ago" a month, "N years ago" a year.
- Seasons are northern-hemisphere meteorological seasons: summer is June-August. Winter is
  dated by the year of its January ("winter 2024" is 2023-12/2024-02, "winter 2022-23"
  2022-12/2023-02).
- "since X" is X's start to the reference date, or open ("2024-12/..") without a reference.
  "as of X" and "until/by X" keep X's own value; the relation carries the meaning.
- Numbers are years only in a date format or a time context (a month, a season, "in/since/by/
  mid-..."), never when a plural noun follows ("in 2000 villages"); after cues that also introduce
  counts ("of", "by", "up to") the year must end the clause or be followed by a function word.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any


from claimledger.datafiles import packaged_text, parse_mapping
from claimledger.errors import ClaimledgerError

RELATIONS: tuple[str, ...] = ("point", "since", "range", "as_of", "until")

_YEAR = r"(?:19\d\d|20\d\d|2100)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_ORD = r"(?:st|nd|rd|th)?"
# A year or number must not be part of a larger number, a decimal, a URL path or an identifier.
_NUM_BEFORE = r"(?<![\w,./:$£€])"
_NUM_AFTER = r"(?![\w/]|[,.:]\d)"
_DIGIT = re.compile(r"\d")
_LETTERS = re.compile(r"[^\W\d_]+")
_SENTENCE_END = re.compile(r"[.!?;\n](?=\s)")
_WORD_AFTER = re.compile(r"\s*([^\s\w]|[A-Za-z]+|\d)?")
# A year right after another year and a conjunction: "in 2023 and 2024", "2019 to 2021".
_YEAR_LIST = re.compile(rf"(?<!\d){_YEAR},?\s+(?:and|or|to|through|until|till)\s+$")
_PAIRED_COUNT = re.compile(r"\s*(?:and|to|or|-|–)\s*[\d,]+\s+([a-z]+)")
_TIME_OF_DAY = re.compile(
    r"\b\d{1,2}[:.]\d\d(?::\d\d)?\s*(?:[ap]\.?m\.?|[A-Z]{2,4})?",
    re.IGNORECASE,
)


# Lower-case words a date line may hold besides its cues ("Posted on 3 May 2024 at 10:00").
_DATELINE_GLUE = frozenset({"by", "at", "on", "of", "the", "and", "am", "pm", "in"})


class TimeLexiconError(ClaimledgerError):
    """The time lexicon file is missing, unreadable or malformed."""


@dataclass(frozen=True, slots=True)
class TimeMention:
    """One time expression: its span in the input text and its resolved ISO 8601 value."""

    start: int
    end: int
    text: str
    value: str | None
    relation: str  # one of RELATIONS


@dataclass(frozen=True, slots=True)
class TimeLexicon:
    """The words the time normaliser knows; loaded from YAML so users can extend them."""

    months: Mapping[str, int]
    ambiguous_months: frozenset[str]
    weekdays: Mapping[str, int]
    seasons: Mapping[str, tuple[int, int]]
    deictic: Mapping[str, int]
    span_words: tuple[str, ...]
    units: Mapping[str, str]
    numbers: Mapping[str, int]
    day_words: Mapping[str, int]
    ago_words: tuple[str, ...]
    parts: tuple[str, ...]
    halves: Mapping[str, tuple[int, int]]
    relations: Mapping[str, tuple[str, ...]]
    onwards: tuple[str, ...]
    range_open: tuple[str, ...]
    range_join: tuple[str, ...]
    year_cues: tuple[str, ...]
    weak_year_cues: tuple[str, ...]
    year_followers: frozenset[str]
    future_cues: tuple[str, ...]
    dateline_cues: tuple[str, ...]
    not_dateline_cues: tuple[str, ...]

    @classmethod
    def load(cls, path: Path | None = None) -> TimeLexicon:
        """Read the lexicon from `path`, or the packaged default."""
        try:
            raw = packaged_text("times.yaml") if path is None else Path(path).read_text("utf-8")
        except OSError as exc:
            raise TimeLexiconError(f"cannot read time lexicon {path}: {exc}") from exc
        return cls.from_dict(parse_mapping(raw, f"time lexicon {path or 'times.yaml'}", TimeLexiconError))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TimeLexicon:
        """Build a lexicon from parsed YAML, checking every section."""
        try:
            relations = data.get("relations", {})
            return cls(
                months=_names_to_number(data["months"], 1, 12),
                ambiguous_months=frozenset(str(n) for n in data.get("ambiguous_months", ())),
                weekdays=_names_to_number(data["weekdays"], 0, 6),
                seasons={str(k).lower(): _pair(v, 1, 12) for k, v in data["seasons"].items()},
                deictic={str(k).lower(): int(v) for k, v in data["deictic"].items()},
                span_words=_words(data.get("span_words", ())),
                units={str(k).lower(): str(v) for k, v in data["units"].items()},
                numbers={str(k).lower(): int(v) for k, v in data.get("numbers", {}).items()},
                day_words={str(k).lower(): int(v) for k, v in data.get("day_words", {}).items()},
                ago_words=_words(data.get("ago_words", ("ago",))),
                parts=_words(data.get("parts", ())),
                halves={str(k).lower(): _pair(v, 1, 12) for k, v in data.get("halves", {}).items()},
                relations={r: _words(relations.get(r, ())) for r in ("since", "as_of", "until")},
                onwards=_words(data.get("onwards", ())),
                range_open=_words(data.get("range_open", ())),
                range_join=_words(data.get("range_join", ())),
                year_cues=_words(data.get("year_cues", ())),
                weak_year_cues=_words(data.get("weak_year_cues", ())),
                year_followers=frozenset(_words(data.get("year_followers", ()))),
                future_cues=_words(data.get("future_cues", ())),
                dateline_cues=_words(data.get("dateline_cues", ())),
                not_dateline_cues=_words(data.get("not_dateline_cues", ())),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise TimeLexiconError(f"malformed time lexicon: {exc!r}") from exc


def _words(items: Iterable[Any]) -> tuple[str, ...]:
    return tuple(str(i).lower() for i in items)


def _pair(value: Any, low: int, high: int) -> tuple[int, int]:
    a, b = (int(v) for v in value)
    if not (low <= a <= high and low <= b <= high):
        raise ValueError(f"{value!r} out of range {low}..{high}")
    return a, b


def _names_to_number(section: Mapping[Any, Any], low: int, high: int) -> dict[str, int]:
    names: dict[str, int] = {}
    for number, words in section.items():
        n = int(number)
        if not low <= n <= high:
            raise ValueError(f"{number!r} out of range {low}..{high}")
        for word in words:
            names[str(word)] = n
    return names


# ---------------------------------------------------------------------------------------------
# Partial dates and periods


@dataclass(frozen=True, slots=True, order=True)
class _Point:
    """A date of reduced precision: a year, a month or a day."""

    year: int
    month: int | None = None
    day: int | None = None

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])


@dataclass(frozen=True, slots=True)
class _Period:
    start: _Point
    end: _Point

    def iso(self) -> str:
        if self.start == self.end:
            return self.start.iso()
        return f"{self.start.iso()}/{self.end.iso()}"


def _point(value: dt.date) -> _Point:
    return _Point(value.year, value.month, value.day)


def _single(point: _Point) -> _Period:
    return _Period(point, point)


def _days(a: dt.date, b: dt.date) -> _Period:
    return _Period(_point(a), _point(b))


def _month_shift(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def _date_shift_months(value: dt.date, n: int) -> dt.date:
    year, month = _month_shift(value.year, value.month, n)
    return dt.date(year, month, min(value.day, calendar.monthrange(year, month)[1]))


def _valid_date(year: int, month: int, day: int) -> _Point | None:
    if 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]:
        return _Point(year, month, day)
    return None


# ---------------------------------------------------------------------------------------------
# Expressions: what the text says, before it is resolved against a reference date

_FLOATING = frozenset({"month", "month_day", "day_range", "season", "weekday"})


@dataclass(frozen=True, slots=True)
class _Expr:
    """What the text says. `kind` is one of: abs (a period of its own), the floating kinds
    (month, month_day, day_range, season, weekday: an instance to pick near a date), deictic
    ("last month"), offset (days from the reference), ago, span ("the past N units") and
    weekend_recent."""

    kind: str
    period: _Period | None = None
    month: int = 0
    day: int = 0
    day2: int = 0
    season: tuple[int, int] = (0, 0)
    weekday: int = -1
    unit: str = ""
    count: int = 0


@dataclass(frozen=True, slots=True)
class _Cand:
    start: int
    end: int
    expr: _Expr
    relation: str = "point"
    end_expr: _Expr | None = None
    half: tuple[int, int] | None = None


def _season_period(season: tuple[int, int], year: int) -> _Period:
    """Season `year` is the year of its January when it wraps (winter)."""
    first, last = season
    start_year = year - 1 if first > last else year
    return _Period(_Point(start_year, first), _Point(year, last))


def _floating(expr: _Expr, pivot: dt.date, forward: bool) -> _Period | None:
    """The most recent instance not after `pivot`, or the first not before it when forward."""
    if expr.kind == "month":
        year = pivot.year
        if forward and expr.month < pivot.month:
            year += 1
        elif not forward and expr.month > pivot.month:
            year -= 1
        return _single(_Point(year, expr.month))
    if expr.kind in ("month_day", "day_range"):
        return _floating_day(expr, pivot, forward)
    if expr.kind == "season":
        return _floating_season(expr.season, pivot, forward)
    if expr.kind == "weekday":
        if forward:
            return _single(_point(pivot + dt.timedelta(days=(expr.weekday - pivot.weekday()) % 7)))
        return _single(_point(pivot - dt.timedelta(days=(pivot.weekday() - expr.weekday) % 7)))
    return None


def _floating_day(expr: _Expr, pivot: dt.date, forward: bool) -> _Period | None:
    step = 1 if forward else -1
    year = pivot.year
    if forward and (expr.month, expr.day) < (pivot.month, pivot.day):
        year += 1
    elif not forward and (expr.month, expr.day) > (pivot.month, pivot.day):
        year -= 1
    for _ in range(9):  # 29 February needs up to eight years to come round
        start = _valid_date(year, expr.month, expr.day)
        if start is not None:
            if expr.kind == "month_day":
                return _single(start)
            end = _valid_date(year, expr.month, expr.day2)
            return _Period(start, end) if end is not None and end >= start else None
        year += step
    return None


def _floating_season(season: tuple[int, int], pivot: dt.date, forward: bool) -> _Period:
    here = (pivot.year, pivot.month)
    years = (
        range(pivot.year - 1, pivot.year + 3)
        if forward
        else range(pivot.year + 1, pivot.year - 3, -1)
    )
    for year in years:
        period = _season_period(season, year)
        start = (period.start.year, period.start.month or 1)
        end = (period.end.year, period.end.month or 12)
        if (forward and end >= here) or (not forward and start <= here):
            return period
    return _season_period(season, pivot.year)


def _deictic(expr: _Expr, ref: dt.date) -> _Period | None:
    n = expr.count
    if expr.unit == "year":
        return _single(_Point(ref.year + n))
    if expr.unit == "month":
        return _single(_Point(*_month_shift(ref.year, ref.month, n)))
    if expr.unit in ("week", "weekend"):
        monday = ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(weeks=n)
        if expr.unit == "week":
            return _days(monday, monday + dt.timedelta(days=6))
        return _days(monday + dt.timedelta(days=5), monday + dt.timedelta(days=6))
    if expr.month:
        year = ref.year
        if n < 0 and expr.month >= ref.month:
            year -= 1
        elif n > 0 and expr.month <= ref.month:
            year += 1
        return _single(_Point(year, expr.month))
    if expr.weekday >= 0:
        return _deictic_weekday(expr.weekday, n, ref)
    if expr.season != (0, 0):
        return _deictic_season(expr.season, n, ref)
    return None


def _deictic_weekday(weekday: int, n: int, ref: dt.date) -> _Period:
    if n < 0:
        return _single(_point(ref - dt.timedelta(days=(ref.weekday() - weekday - 1) % 7 + 1)))
    if n > 0:
        return _single(_point(ref + dt.timedelta(days=(weekday - ref.weekday() - 1) % 7 + 1)))
    return _single(_point(ref - dt.timedelta(days=(ref.weekday() - weekday) % 7)))


def _deictic_season(season: tuple[int, int], n: int, ref: dt.date) -> _Period:
    here = (ref.year, ref.month)
    periods = [_season_period(season, y) for y in range(ref.year - 2, ref.year + 3)]

    def bounds(p: _Period) -> tuple[tuple[int, int], tuple[int, int]]:
        return (p.start.year, p.start.month or 1), (p.end.year, p.end.month or 12)

    if n < 0:  # the last one that ended before the current month
        return [p for p in periods if bounds(p)[1] < here][-1]
    if n > 0:
        return next(p for p in periods if bounds(p)[0] > here)
    for p in periods:
        if bounds(p)[0] <= here <= bounds(p)[1]:
            return p

    # Not in the season now: the nearest one, before or after.
    def distance(p: _Period) -> int:
        (sy, sm), (ey, em) = bounds(p)
        return min(
            abs((sy * 12 + sm) - (here[0] * 12 + here[1])),
            abs((ey * 12 + em) - (here[0] * 12 + here[1])),
        )

    return min(periods, key=distance)


def _shift(ref: dt.date, unit: str, n: int) -> dt.date:
    if unit == "day":
        return ref + dt.timedelta(days=n)
    if unit == "hour":
        return ref + dt.timedelta(days=round(n / 24))
    if unit == "week":
        return ref + dt.timedelta(weeks=n)
    if unit == "month":
        return _date_shift_months(ref, n)
    if unit == "year":
        return _date_shift_months(ref, 12 * n)
    if unit == "decade":
        return _date_shift_months(ref, 120 * n)
    raise ValueError(unit)


def _ago(expr: _Expr, ref: dt.date) -> _Period | None:
    then = _shift(ref, expr.unit, -expr.count)
    if expr.unit in ("day", "hour", "week"):
        return _single(_point(then))
    if expr.unit == "month":
        return _single(_Point(then.year, then.month))
    return _single(_Point(then.year))


def _span(expr: _Expr, ref: dt.date) -> _Period | None:
    """`count` units back (negative) or ahead (positive) of the reference, as a date interval."""
    unit, n = expr.unit, expr.count
    if unit == "hour":  # "the past 24 hours" reaches back into the previous day
        n, unit = (1 if n > 0 else -1) * max(1, -(-abs(n) // 24)), "day"
    other = _shift(ref, unit, n)
    return _days(ref, other) if n > 0 else _days(other, ref)


def _resolve(expr: _Expr, ref: dt.date | None, future: bool = False) -> _Period | None:
    """Resolve one expression; None when it needs a reference that is missing."""
    if expr.kind == "abs":
        return expr.period
    if ref is None:
        return None
    try:
        if expr.kind in _FLOATING:
            return _floating(expr, ref, future)
        if expr.kind == "deictic":
            return _deictic(expr, ref)
        if expr.kind == "offset":
            return _single(_point(ref + dt.timedelta(days=expr.count)))
        if expr.kind == "ago":
            return _ago(expr, ref)
        if expr.kind == "span":
            return _span(expr, ref)
        if expr.kind == "weekend_recent":
            back = 0 if ref.weekday() >= 5 else -1
            return _deictic(_Expr("deictic", unit="weekend", count=back), ref)
    except (ValueError, OverflowError, StopIteration, IndexError):
        return None  # dates past the calendar's range: unresolvable, not an error
    return None


# ---------------------------------------------------------------------------------------------
# Helpers for comparing values


def interval_start(value: str) -> str:
    """The start of an ISO value or interval ("2024-12/2025-02-14" -> "2024-12")."""
    return value.split("/", 1)[0].strip()


def interval_end(value: str) -> str:
    """The end of an ISO value or interval ("2024-12/.." -> "..", "2025-01" -> "2025-01")."""
    return value.rsplit("/", 1)[-1].strip()


def same_start(a: str, b: str) -> bool:
    """Whether two values start on the same date at the coarser of their precisions."""
    sa, sb = interval_start(a).split("-"), interval_start(b).split("-")
    n = min(len(sa), len(sb))
    return bool(sa[0]) and sa[:n] == sb[:n]


def value_bounds(value: str) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day a value covers; None for an open or unreadable end."""
    return _bound(interval_start(value), last=False), _bound(interval_end(value), last=True)


def _bound(part: str, last: bool) -> dt.date | None:
    fields = part.split("-")
    try:
        point = _Point(*(int(f) for f in fields)) if 1 <= len(fields) <= 3 else None
        if point is None:
            return None
        return point.last_day() if last else point.first_day()
    except (ValueError, TypeError):
        return None


# ---------------------------------------------------------------------------------------------
# The resolver


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
    dateline_cue: re.Pattern[str] = re.compile("(?!)")
    not_dateline: re.Pattern[str] = re.compile("(?!)")


class TimeResolver:
    """Finds time expressions in text and resolves them against a reference date."""

    def __init__(self, lexicon: TimeLexicon) -> None:
        self.lexicon = lexicon
        self._p = self._compile(lexicon)

    # -- public API ----------------------------------------------------------------------------

    def find(self, text: str, reference: dt.date | None) -> list[TimeMention]:
        """Every time mention in `text`, sorted and non-overlapping, resolved against `reference`.

        Relative expressions get value None when `reference` is None; they are still returned so
        that callers know the text gave a time.
        """
        cands = self._select(self._base_candidates(text))
        cands = _chain(cands, lambda c, floor: self._with_part(text, c, floor))
        cands = self._join_ranges(text, cands)
        cands = _chain(cands, lambda c, floor: self._with_relation(text, c, floor))
        return [
            TimeMention(
                c.start, c.end, text[c.start : c.end], self._value(text, c, reference), c.relation
            )
            for c in cands
        ]

    def infer_published(self, text: str) -> dt.date | None:
        """The publication date a text allows: its date line near the top, else its latest date."""
        mentions = self.find(text, None)
        dateline = self._dateline(text, mentions)
        if dateline is not None:
            return dateline
        latest: dt.date | None = None
        for m in mentions:
            if m.value is None or m.relation == "until":
                continue
            for part in (interval_start(m.value), interval_end(m.value)):
                if part.count("-") >= 1:  # month or day precision only
                    day = _bound(part, last=False)
                    if day is not None and (latest is None or day > latest):
                        latest = day
        return latest

    # -- building the regexes ------------------------------------------------------------------

    def _compile(self, lex: TimeLexicon) -> _Patterns:
        month_forms = {form: m for n, m in lex.months.items() for form in _cased([n])}
        longest: dict[int, str] = {}
        for name, number in lex.months.items():
            if len(name) > len(longest.get(number, "")):
                longest[number] = name
        # Standing alone only full names count: "Jan" is a given name, "Mar" a prefix.
        full_months = _cased(longest.values())
        self._ambiguous = frozenset(n.lower() for n in lex.ambiguous_months)
        weekday_forms = {form: w for n, w in lex.weekdays.items() for form in _cased([n])}
        self._month_of = {k.lower(): v for k, v in month_forms.items()}
        self._weekday_of = {k.lower(): v for k, v in weekday_forms.items()}
        abbreviations = [f for f in month_forms if f not in full_months]
        # A full stop belongs to an abbreviation ("Feb."), never to a full name ending a sentence.
        months = rf"{_alt(full_months)}|(?:{_alt(abbreviations)})\.?"
        p = _Patterns()
        self._compile_base(lex, p, months, _alt(full_months), _alt(weekday_forms))
        words = [*lex.deictic, *lex.span_words, "next", "coming", *lex.ago_words, *lex.day_words]
        # The words of a text say which patterns can match it, so that only those run: most
        # sentences have no month, season or weekday name at all. Each phrase is known by its
        # last word, which any match of it contains.
        p.cased_triggers = {w: "month" for w in month_forms} | {w: "weekday" for w in weekday_forms}
        p.lower_triggers = {_last_word(w): "season" for w in lex.seasons} | {
            _last_word(w): "word" for w in [*words, "weekend", "now"]
        } | {"year": "year"}

        rel_words = {w: r for r, ws in lex.relations.items() for w in ws}
        self._relation_of = {re.sub(r"\s+", " ", w): r for w, r in rel_words.items()}
        halves, parts = _alt(lex.halves), _alt(lex.parts)
        p.part = re.compile(rf"(?i:\b(?P<part>(?:the\s+(?:very\s+)?)?(?:{halves}|{parts}))[\s-]*)$")
        p.relation = re.compile(rf"(?i:\b(?P<rel>{_alt(rel_words)})\s+)$")
        p.onwards = re.compile(rf"(?i:\s*(?:{_alt(lex.onwards)})\b)")
        p.opener = re.compile(rf"(?i:\b(?P<open>{_alt(lex.range_open)})\s+)$")
        join = _alt(lex.range_join)
        p.join = re.compile(rf"(?i:\s*(?P<join>{join})\s*)")
        strong = list(lex.year_cues) + list(lex.parts) + list(lex.halves) + list(lex.seasons)
        strong += [w for w in rel_words if w not in lex.weak_year_cues]
        p.strong_cue = re.compile(rf"(?i:\b(?:{_alt(strong)})(?:\s+the\s+year)?[\s-]*)$")
        p.weak_cue = re.compile(rf"(?i:\b(?:{_alt(lex.weak_year_cues)})\s+)$")
        month_cues = (
            strong
            + list(lex.weak_year_cues)
            + list(lex.deictic)
            + ["on", "of", "from", "to", "between"]
        )
        p.month_cue = re.compile(rf"(?i:\b(?:{_alt(month_cues)})[\s-]+(?:the\s+)?)$")
        p.future = re.compile(rf"(?i:\b(?:{_alt(lex.future_cues)})\b)")
        p.dateline_cue = re.compile(rf"(?i:\b(?:{_alt(lex.dateline_cues)})\b)")
        p.not_dateline = re.compile(rf"(?i:(?<!\w)(?:{_alt(lex.not_dateline_cues)})(?!\w))")
        return p

    def _compile_base(
        self, lex: TimeLexicon, p: _Patterns, months: str, full_months: str, weekdays: str
    ) -> None:
        """The patterns of base expressions, each with the trigger words it needs."""
        month = rf"(?P<month>{months})"
        month_full = rf"(?P<month>{full_months})"
        weekday = rf"(?P<weekday>{weekdays})"
        seasons = rf"(?i:(?P<season>{_alt(lex.seasons)}))"
        number = rf"(?P<num>\d{{1,3}}|(?i:{_alt(lex.numbers)}))"
        units = rf"(?i:(?P<unit>{_alt(lex.units)}))"
        year = rf"(?P<year>{_YEAR})"
        wd_prefix = rf"(?:{weekday},?\s+)?"
        the = r"(?:(?i:the)\s+(?:(?i:very)\s+)?)?"
        dash = r"\s*(?:-|–|—|(?i:to|and|until|till|through))\s*"
        season_preps = "in|during|over|through|throughout|since|until|till|by|before|after"

        def add(needs: str, regex: str, handler: _Handler) -> None:
            p.base.append((re.compile(regex), handler, frozenset(needs.split())))

        add(
            "digit",
            rf"{_NUM_BEFORE}{year}(?P<sep>[-/.])(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}})"
            r"(?![\d/]|[-.]\d)",
            self._h_iso_date,
        )
        add(
            "digit",
            rf"{_NUM_BEFORE}(?P<a>\d{{1,2}})(?P<sep>[-/.])(?P<b>\d{{1,2}})(?P=sep){year}"
            rf"{_NUM_AFTER}",
            self._h_numeric_date,
        )
        add(
            "digit",
            rf"{_NUM_BEFORE}{year}-(?P<m>0[1-9]|1[0-2]){_NUM_AFTER}(?!-\d)",
            self._h_iso_month,
        )
        add(
            "digit month",
            rf"\b{wd_prefix}(?:(?i:the)\s+)?(?P<d>{_DAY}){_ORD}(?:\s+of)?\s+{month}"
            rf"(?:,?\s+{year})?(?![\w])",
            self._h_day_month,
        )
        add(
            "digit month",
            rf"\b{wd_prefix}{month}\s+(?P<d>{_DAY}){_ORD}(?!\d|,\d)"
            rf"(?:,?\s+{year}(?!\d))?(?!\w)",
            self._h_month_day,
        )
        add(
            "digit month",
            rf"\b(?P<d>{_DAY}){_ORD}{dash}(?P<d2>{_DAY}){_ORD}\s+{month}"
            rf"(?:,?\s+{year})?(?![\w])",
            self._h_day_range,
        )
        add(
            "digit month",
            rf"\b{month}\s+(?P<d>{_DAY}){_ORD}{dash}(?P<d2>{_DAY}){_ORD}(?!,\d)"
            rf"(?:,?\s+{year})?(?![\w])",
            self._h_day_range,
        )
        add("digit month", rf"\b{month},?\s+(?:(?i:of)\s+)?{year}(?!\w)", self._h_month_year)
        add(
            "digit month",
            rf"{_NUM_BEFORE}{year},\s+{month}"
            rf"(?:\s+(?P<d>{_DAY})(?![\d\w])|(?=\s*[)\].,;]))",
            self._h_year_month,
        )
        add("month", rf"\b{month_full}\b", self._h_month_alone)
        add(
            "digit season",
            rf"\b{the}{seasons}(?:\s+(?i:of))?\s+{year}"
            rf"(?:\s*[-–/]\s*(?P<y2>{_YEAR}|\d\d))?(?![\w])",
            self._h_season_year,
        )
        add("digit season", rf"{_NUM_BEFORE}{year}\s+{seasons}(?![\w])", self._h_season_year)
        add(
            "season",
            rf"\b(?i:{season_preps}|{_alt(lex.parts)})[\s-]+"
            rf"(?P<body>(?:(?i:the)\s+)?{seasons})\b(?!\s+(?i:of)\b)",
            self._h_season_alone,
        )
        add(
            "word",
            rf"\b(?P<deix>(?i:{_alt(lex.deictic)}))\s+"
            rf"(?:(?i:(?P<u>week|weekend|month|year))|{seasons}|{month_full}|{weekday})\b",
            self._h_deictic,
        )
        add(
            "word",
            rf"\b(?i:(?:(?P<the>the|these)\s+)?(?P<sw>{_alt(lex.span_words)}))\s+"
            rf"(?:{number}\s+)?{units}\b",
            self._h_span,
        )
        add("word", rf"\b(?i:(?:the\s+)?(?P<sw>next|coming))\s+{number}\s+{units}\b", self._h_span)
        add("word", rf"\b{number}\s+{units}\s+(?i:{_alt(lex.ago_words)})\b", self._h_ago)
        add("word", rf"\b(?i:(?P<dw>{_alt(lex.day_words)}))\b", self._h_day_word)
        add(
            "word",
            r"\b(?i:(?:over|at|during|on)\s+)(?P<body>(?i:the\s+weekend))\b",
            self._h_weekend,
        )
        add("weekday", rf"\b{weekday}\b", self._h_weekday)
        add(
            "digit",
            r"\b(?i:the)\s+(?:(?i:early|mid|late)[\s-]+)?"
            r"(?P<body>(?P<dec>(?:1[89]|20)\d)0s)\b",
            self._h_decade,
        )
        add("digit", rf"\b(?i:(?P<q>q[1-4]))\s+{year}{_NUM_AFTER}", self._h_quarter)
        add(
            "digit",
            rf"{_NUM_BEFORE}{year}(?:\s*(?:-|–|/)\s*(?P<y2>{_YEAR}|\d\d))?{_NUM_AFTER}",
            self._h_year,
        )
        add("word", r"\b(?i:as\s+of\s+)(?P<body>(?i:now))\b", self._h_now)
        add("year", r"\b(?P<body>(?i:the\s+year))\b(?!\s+\d)", self._h_the_year)

    # -- handlers: one regex match -> a candidate ----------------------------------------------

    def _month(self, m: re.Match[str]) -> int:
        return self._month_of[m.group("month").rstrip(".").lower()]

    @staticmethod
    def _abs(m: re.Match[str], point: _Point | None, group: str | None = None) -> _Cand | None:
        if point is None:
            return None
        start, end = m.span(group) if group else m.span()
        return _Cand(start, end, _Expr("abs", period=_single(point)))

    def _h_iso_date(self, m: re.Match[str]) -> _Cand | None:
        return self._abs(m, _valid_date(int(m["year"]), int(m["m"]), int(m["d"])))

    def _h_numeric_date(self, m: re.Match[str]) -> _Cand | None:
        a, b, year = int(m["a"]), int(m["b"]), int(m["year"])
        # Day first, the international and wire convention, unless only month-first is possible.
        point = _valid_date(year, b, a) or _valid_date(year, a, b)
        return self._abs(m, point)

    def _h_iso_month(self, m: re.Match[str]) -> _Cand | None:
        year, month = int(m["year"]), int(m["m"])
        if month == (year + 1) % 100:  # "2011-12" is a pair of years, as in sports seasons
            return None
        return self._abs(m, _Point(year, month))

    def _h_day_month(self, m: re.Match[str]) -> _Cand | None:
        return self._month_day(m, self._month(m), int(m["d"]))

    def _h_month_day(self, m: re.Match[str]) -> _Cand | None:
        return self._month_day(m, self._month(m), int(m["d"]))

    def _month_day(self, m: re.Match[str], month: int, day: int) -> _Cand | None:
        if m["year"]:
            return self._abs(m, _valid_date(int(m["year"]), month, day))
        if day > 31 or _valid_date(2000, month, day) is None:  # 2000 is a leap year
            return None
        return _Cand(m.start(), m.end(), _Expr("month_day", month=month, day=day))

    def _h_day_range(self, m: re.Match[str]) -> _Cand | None:
        month, d1, d2 = self._month(m), int(m["d"]), int(m["d2"])
        if d2 <= d1:
            return None
        if m["year"]:
            start, end = (_valid_date(int(m["year"]), month, d) for d in (d1, d2))
            if start is None or end is None:
                return None
            return _Cand(
                m.start(), m.end(), _Expr("abs", period=_Period(start, end)), relation="range"
            )
        return _Cand(
            m.start(), m.end(), _Expr("day_range", month=month, day=d1, day2=d2), relation="range"
        )

    def _h_month_year(self, m: re.Match[str]) -> _Cand | None:
        return self._abs(m, _Point(int(m["year"]), self._month(m)))

    def _h_year_month(self, m: re.Match[str]) -> _Cand | None:
        year, month = int(m["year"]), self._month(m)
        if m["d"]:
            return self._abs(m, _valid_date(year, month, int(m["d"])))
        return self._abs(m, _Point(year, month))

    def _h_month_alone(self, m: re.Match[str]) -> _Cand | None:
        if m.group("month").lower() in self._ambiguous:
            window = m.string[max(0, m.start() - 30) : m.start()]
            # "March: 163 killed" labels a row of figures by month
            label = m.string.startswith(":", m.end()) and not m.string[: m.start()].strip()
            if not self._p.month_cue.search(window) and not label:
                return None
        return _Cand(m.start(), m.end(), _Expr("month", month=self._month(m)))

    def _h_season_year(self, m: re.Match[str]) -> _Cand | None:
        season = self.lexicon.seasons[m["season"].lower()]
        year = int(m["year"])
        second = m.groupdict().get("y2")
        if second:
            y2 = _expand_year(year, second)
            if y2 != year + 1 or season[0] <= season[1]:
                return None
            year = y2  # "winter 2022-23" is the winter of January 2023
        return _Cand(m.start(), m.end(), _Expr("abs", period=_season_period(season, year)))

    def _h_season_alone(self, m: re.Match[str]) -> _Cand | None:
        season = self.lexicon.seasons[m["season"].lower()]
        return _Cand(m.start("body"), m.end("body"), _Expr("season", season=season))

    def _h_deictic(self, m: re.Match[str]) -> _Cand | None:
        n = self.lexicon.deictic[re.sub(r"\s+", " ", m["deix"].lower())]
        if m["u"]:
            expr = _Expr("deictic", unit=m["u"].lower(), count=n)
        elif m["season"]:
            expr = _Expr("deictic", season=self.lexicon.seasons[m["season"].lower()], count=n)
        elif m["month"]:
            expr = _Expr("deictic", month=self._month(m), count=n)
        else:
            expr = _Expr("deictic", weekday=self._weekday_of[m["weekday"].lower()], count=n)
        return _Cand(m.start(), m.end(), expr)

    def _count(self, m: re.Match[str]) -> int | None:
        raw = m["num"]
        if raw is None:
            return 1
        if raw.isdigit():
            return int(raw) if 0 < int(raw) <= 500 else None
        return self.lexicon.numbers.get(raw.lower())

    def _h_span(self, m: re.Match[str]) -> _Cand | None:
        unit = self.lexicon.units[m["unit"].lower()]
        count = self._count(m)
        word = m["sw"].lower()
        forward = word in ("next", "coming")
        if count is None or unit == "weekend":
            return None
        if not forward and m.groupdict().get("the") is None and m["num"] is None and word != "past":
            # "last year" without "the" or a count is the previous calendar year, not a span.
            if unit not in ("week", "month", "year"):
                return None
            return _Cand(m.start(), m.end(), _Expr("deictic", unit=unit, count=-1))
        past_day = word == "past" and m["unit"].lower() == "day" and m.groupdict().get("the") is not None
        if m["num"] is None and not past_day and (
            unit in ("day", "hour") or word == "previous" or m["unit"].endswith("s")
        ):
            # "the previous day", "the last months of": narrative time, or a part. "The past
            # day" is the daily report's last 24 hours.
            return None
        span = _Expr("span", unit=unit, count=count if forward else -count)
        return _Cand(m.start(), m.end(), span)

    def _h_ago(self, m: re.Match[str]) -> _Cand | None:
        unit = self.lexicon.units[m["unit"].lower()]
        count = self._count(m)
        if count is None or unit == "weekend":
            return None
        return _Cand(m.start(), m.end(), _Expr("ago", unit=unit, count=count))

    def _h_day_word(self, m: re.Match[str]) -> _Cand | None:
        offset = self.lexicon.day_words[re.sub(r"\s+", " ", m["dw"].lower())]
        return _Cand(m.start(), m.end(), _Expr("offset", count=offset))

    def _h_weekend(self, m: re.Match[str]) -> _Cand | None:
        return _Cand(m.start("body"), m.end("body"), _Expr("weekend_recent"))

    def _h_weekday(self, m: re.Match[str]) -> _Cand | None:
        return _Cand(
            m.start(), m.end(), _Expr("weekday", weekday=self._weekday_of[m["weekday"].lower()])
        )

    def _h_decade(self, m: re.Match[str]) -> _Cand | None:
        first = int(m["dec"]) * 10
        period = _Period(_Point(first), _Point(first + 9))
        return _Cand(m.start("body"), m.end("body"), _Expr("abs", period=period))

    def _h_quarter(self, m: re.Match[str]) -> _Cand | None:
        q = int(m["q"][1])
        year = int(m["year"])
        return _Cand(
            m.start(),
            m.end(),
            _Expr("abs", period=_Period(_Point(year, 3 * q - 2), _Point(year, 3 * q))),
        )

    def _h_now(self, m: re.Match[str]) -> _Cand | None:
        return _Cand(m.start("body"), m.end("body"), _Expr("offset", count=0))

    def _h_the_year(self, m: re.Match[str]) -> _Cand | None:
        # "the first quarter of the year", "the second half of the year": of the current year.
        # Standing alone "the year" is no time ("the deadliest day of the year"), and after a
        # vaguer part ("the start of the year") it may be a year the story is told in, so only
        # the quarters and halves that always count from the reference year take it.
        part = self._p.part.search(m.string, max(0, m.start() - 40), m.start())
        key = re.sub(r"^the (very )?", "", re.sub(r"\s+", " ", part["part"].lower())) if part else ""
        if key not in self.lexicon.halves:
            return None
        return _Cand(m.start("body"), m.end("body"), _Expr("deictic", unit="year", count=0))

    def _h_year(self, m: re.Match[str]) -> _Cand | None:
        year = int(m["year"])
        if not self._year_context(m.string, m.start(), m.end(), bool(m["y2"])):
            return None
        if m["y2"]:
            y2 = _expand_year(year, m["y2"])
            if not year < y2 <= year + 10:
                return None
            return _Cand(
                m.start(),
                m.end(),
                _Expr("abs", period=_Period(_Point(year), _Point(y2))),
                relation="range",
            )
        return _Cand(m.start(), m.end(), _Expr("abs", period=_single(_Point(year))))

    def _year_context(self, text: str, start: int, end: int, is_range: bool) -> bool:
        """A bare number is a year only after a time cue, and never before a plural noun."""
        follower = _WORD_AFTER.match(text, end)
        word = follower.group(1) if follower else None
        if word and _looks_plural(word) and word not in self.lexicon.year_followers:
            return False  # "in 2000 villages", "by 2000 troops"
        paired = _PAIRED_COUNT.match(text, end)
        if paired and _looks_plural(paired.group(1)):
            return False  # "between 2000 and 3000 troops"
        window = text[max(0, start - 40) : start]
        if is_range or self._p.strong_cue.search(window) or _YEAR_LIST.search(window):
            return True
        if self._p.weak_cue.search(window):
            return (
                word is None or not (word.isalnum()) or word.lower() in self.lexicon.year_followers
            )
        return False

    # -- assembling candidates -----------------------------------------------------------------

    def _base_candidates(self, text: str) -> list[_Cand]:
        present = self._present(text)
        found: list[tuple[int, int, int, _Cand]] = []
        for priority, (pattern, handler, needs) in enumerate(self._p.base):
            if not needs <= present:
                continue
            for m in pattern.finditer(text):
                cand = handler(m)
                if cand is not None and cand.end > cand.start:
                    found.append((cand.start, -(cand.end - cand.start), priority, cand))
        found.sort(key=lambda t: t[:3])
        return [t[3] for t in found]

    def _present(self, text: str) -> set[str]:
        """Which kinds of trigger words the text has: digit, month, weekday, season, word."""
        present = {"digit"} if _DIGIT.search(text) else set()
        cased, lower = self._p.cased_triggers, self._p.lower_triggers
        for word in _LETTERS.findall(text):
            kind = cased.get(word) or lower.get(word.lower())
            if kind:
                present.add(kind)
        return present

    @staticmethod
    def _select(cands: Sequence[_Cand]) -> list[_Cand]:
        """Leftmost-longest, non-overlapping."""
        chosen: list[_Cand] = []
        for c in cands:
            if chosen and c.start < chosen[-1].end:
                continue
            chosen.append(c)
        return chosen

    def _with_part(self, text: str, c: _Cand, floor: int) -> _Cand:
        m = self._p.part.search(text, max(floor, c.start - 40), c.start)
        if m is None:
            return c
        key = re.sub(r"\s+", " ", m["part"].lower())
        key = re.sub(r"^the (very )?", "", key)
        half = self.lexicon.halves.get(key)
        return replace(c, start=m.start("part"), half=half if half else c.half)

    def _join_ranges(self, text: str, cands: list[_Cand]) -> list[_Cand]:
        out: list[_Cand] = []
        i = 0
        while i < len(cands):
            c = cands[i]
            nxt = cands[i + 1] if i + 1 < len(cands) else None
            joined = self._range(text, c, nxt, out[-1].end if out else 0) if nxt else None
            if joined is not None:
                out.append(joined)
                i += 2
                continue
            out.append(self._with_opener(text, c, out[-1].end if out else 0))
            i += 1
        return out

    def _range(self, text: str, a: _Cand, b: _Cand, floor: int) -> _Cand | None:
        if a.relation == "range" or b.relation == "range" or a.end_expr or b.end_expr:
            return None
        j = self._p.join.fullmatch(text, a.end, b.start)
        if j is None:
            return None
        word = j["join"].lower()
        opener = self._p.opener.search(text, max(floor, a.start - 20), a.start)
        open_word = opener["open"].lower() if opener else None
        if word == "and" and open_word != "between":
            return None
        if word in ("until", "till") and open_word != "from":
            return None
        if open_word == "between" and word != "and":
            open_word = None
        start = opener.start("open") if opener and open_word else a.start
        return _Cand(start, b.end, a.expr, relation="range", end_expr=b.expr, half=a.half)

    def _with_opener(self, text: str, c: _Cand, floor: int) -> _Cand:
        if c.relation != "range":
            return c
        opener = self._p.opener.search(text, max(floor, c.start - 20), c.start)
        return replace(c, start=opener.start("open")) if opener else c

    def _with_relation(self, text: str, c: _Cand, floor: int) -> _Cand:
        if c.relation != "point":
            return c
        m = self._p.relation.search(text, max(floor, c.start - 30), c.start)
        if m is not None:
            rel = self._relation_of[re.sub(r"\s+", " ", m["rel"].lower())]
            return replace(c, start=m.start("rel"), relation=rel)
        opener = self._p.opener.search(text, max(floor, c.start - 20), c.start)
        if opener and opener["open"].lower() == "from":
            onwards = self._p.onwards.match(text, c.end)
            if onwards is not None:
                return replace(c, start=opener.start("open"), end=onwards.end(), relation="since")
        return c

    # -- values --------------------------------------------------------------------------------

    def _is_future(self, text: str, c: _Cand) -> bool:
        """A future cue in the same sentence, a little before or after the expression."""
        before = text[max(0, c.start - 80) : c.start]
        ends = list(_SENTENCE_END.finditer(before))
        if ends:
            before = before[ends[-1].end() :]
        after = text[c.end : c.end + 50]
        stop = _SENTENCE_END.search(after)
        if stop:
            after = after[: stop.start()]
        return bool(self._p.future.search(before) or self._p.future.search(after))

    def _value(self, text: str, c: _Cand, ref: dt.date | None) -> str | None:
        try:
            return self._resolved(text, c, ref)
        except (ValueError, OverflowError):
            return None  # dates past the calendar's range (year 1 or 9999): unresolvable

    def _resolved(self, text: str, c: _Cand, ref: dt.date | None) -> str | None:
        future = c.expr.kind in _FLOATING and ref is not None and self._is_future(text, c)
        if c.end_expr is not None:
            span = _resolve_range(c.expr, c.end_expr, ref, future)
            return span.iso() if span else None
        if c.relation == "until" and c.expr.kind in _FLOATING and ref is not None and not future:
            period = _nearest(c.expr, ref)  # "by the end of March": a deadline, often ahead
        else:
            period = _resolve(c.expr, ref, future)
        if period is None:
            return None
        period = _apply_half(period, c.half)
        if c.relation == "since":
            return f"{period.start.iso()}/{ref.isoformat() if ref else '..'}"
        return period.iso()

    def _dateline(self, text: str, mentions: Sequence[TimeMention]) -> dt.date | None:
        """A publication date on its own line near the top ("14-02-2025", "Published: ...")."""
        top = _top_region(text)
        best: tuple[int, dt.date] | None = None
        for m in mentions:
            if m.start >= top:
                break
            if m.value is None or m.relation not in ("point", "as_of") or "/" in m.value:
                continue
            if m.value.count("-") < 1:
                continue
            line_start = text.rfind("\n", 0, m.start) + 1
            line_end = text.find("\n", m.end)
            line_end = len(text) if line_end < 0 else line_end
            rank = self._dateline_rank(
                text[line_start:line_end], m.start - line_start, m.end - line_start
            )
            day = _bound(m.value, last=False)
            if rank is not None and day is not None and (best is None or rank < best[0]):
                best = (rank, day)
        return best[1] if best else None

    def _dateline_rank(self, line: str, start: int, end: int) -> int | None:
        """0 for a published/dated cue, 1 for a bare date line, None when not a date line.

        A date line is short and has no verbs: besides the date only names, cue words, a time of
        day and separators ("By Jane Doe | 12 May 2024", "Updated January 5, 2025 10:32 GMT").
        """
        if len(line) > 120 or self._p.not_dateline.search(line):
            return None
        rest = _TIME_OF_DAY.sub(" ", line[:start] + " " + line[end:])
        cued = self._p.dateline_cue.search(rest) is not None
        rest = self._p.dateline_cue.sub(" ", rest)
        words = re.findall(r"[^\W\d_]+", rest)
        common = [w for w in words if w.islower() and w not in _DATELINE_GLUE]
        if len(words) > 8 or common:
            return None
        return 0 if cued else 1


def _chain(cands: Sequence[_Cand], extend: Callable[[_Cand, int], _Cand]) -> list[_Cand]:
    """Extend each candidate leftwards, never into the one before it."""
    out: list[_Cand] = []
    for c in cands:
        out.append(extend(c, out[-1].end if out else 0))
    return out


def _last_word(phrase: str) -> str:
    return phrase.split()[-1].lower() if phrase.split() else phrase


def _looks_plural(word: str) -> bool:
    """A lower-case word ending in -s: after a number, most likely the noun it counts."""
    return (
        word.isalpha() and word.islower() and len(word) > 3 and word[-1] == "s" and word[-2] != "s"
    )


def _expand_year(first: int, second: str) -> int:
    """The second year of "2022-23" or "2022-2023"."""
    if len(second) == 4:
        return int(second)
    century = first - first % 100
    year = century + int(second)
    return year + 100 if year < first else year


def _apply_half(period: _Period, half: tuple[int, int] | None) -> _Period:
    if half is None or period.start != period.end or period.start.month is not None:
        return period
    year = period.start.year
    return _Period(_Point(year, half[0]), _Point(year, half[1]))


def _nearest(expr: _Expr, ref: dt.date) -> _Period | None:
    """The instance of a floating expression nearest the reference, before or after it."""
    try:
        back, ahead = _floating(expr, ref, forward=False), _floating(expr, ref, forward=True)
    except (ValueError, OverflowError):
        return None
    if back is None or ahead is None:
        return back or ahead
    if (ahead.start.first_day() - ref) < (ref - back.end.last_day()):
        return ahead
    return back


def _resolve_range(
    first: _Expr, second: _Expr, ref: dt.date | None, future: bool
) -> _Period | None:
    """Resolve "X to Y": a floating end is anchored to the other, resolved end."""
    a_floats, b_floats = first.kind in _FLOATING, second.kind in _FLOATING
    try:
        if a_floats and not b_floats:
            b = _resolve(second, ref)
            a = _floating(first, b.end.last_day(), forward=False) if b else None
        else:
            a = _resolve(first, ref, future)
            if a is None:
                return None
            b = (
                _floating(second, a.start.first_day(), forward=True)
                if b_floats
                else _resolve(second, ref)
            )
    except (ValueError, OverflowError):
        return None
    if a is None or b is None:
        return None
    return _Period(a.start, b.end)


def _top_region(text: str) -> int:
    """Where the top of an article ends: its first 15 lines or 1,200 characters."""
    limit = min(len(text), 1200)
    pos = 0
    for _ in range(15):
        nl = text.find("\n", pos, limit)
        if nl < 0:
            return limit
        pos = nl + 1
    return pos
