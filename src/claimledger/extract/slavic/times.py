"""When a Russian or Ukrainian sentence's figures hold, resolved against the publication date.

Each mention covers tokens and gives an ISO 8601 value in the evaluation's conventions: a day
("12 марта 2025 года", "вчора", "в субботу"), a month ("в январе", "протягом березня"), a year,
a period up to publication ("за минувшие сутки" -> "2025-03-13/2025-03-14"; "с начала года" ->
"2025-01/2025-02-03"), or the calendar period before ("на прошлой неделе" -> its Monday/Sunday).
A time that needs the publication date and has none is still a mention (its tokens are not
figures) with no value.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from claimledger.extract.slavic.lexicon import TimeWords
from claimledger.extract.slavic.tokens import Token, match, match_any

_DAY = re.compile(r"\d{1,2}")
_YEAR = re.compile(r"(19|20)\d\d")


@dataclass(frozen=True, slots=True)
class TimeMention:
    first: int  # tokens[first:last] of the sentence
    last: int
    value: str | None


def _month(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _before(published: dt.date, month: int, day: int = 1) -> int:
    """The year of a month (and day) given without one: the last one not after publication."""
    try:
        candidate = dt.date(published.year, month, day)
    except ValueError:
        return published.year
    return published.year - 1 if candidate > published else published.year


class TimeReader:
    def __init__(self, words: TimeWords) -> None:
        self.w = words

    def mentions(self, tokens: Sequence[Token], published: dt.date | None) -> list[TimeMention]:
        found: list[TimeMention] = []
        i = 0
        while i < len(tokens):
            mention = self._at(tokens, i, published)
            if mention is None:
                i += 1
                continue
            found.append(mention)
            i = mention.last
        return found

    def _at(self, tokens: Sequence[Token], i: int, published: dt.date | None) -> TimeMention | None:
        return (self._date(tokens, i, published) or self._since(tokens, i, published)
                or self._period(tokens, i, published) or self._word(tokens, i, published))

    def _lookup(self, token: Token, table: dict[str, int]) -> int | None:
        return next((table[w] for w in sorted(token.lemmas) if w in table), None)

    def _year_after(self, tokens: Sequence[Token], j: int) -> tuple[int, int | None]:
        """A year written after a day or month ("2025 года", "2025 р."): the tokens it takes."""
        if j < len(tokens) and _YEAR.fullmatch(tokens[j].text):
            k = j + 1
            if k < len(tokens) and any(tokens[k].is_(y) for y in self.w.year_words):
                k += 1
                if k < len(tokens) and tokens[k].text == ".":
                    k += 1
            return k, int(tokens[j].text)
        return j, None

    def _date(self, tokens: Sequence[Token], i: int, published: dt.date | None) -> TimeMention | None:
        """"12 марта 2025 года", "12 марта", "в январе", "березня 2024 року", "в 2024 году"."""
        day: int | None = None
        j = i
        if _DAY.fullmatch(tokens[i].text) and i + 1 < len(tokens):
            day, j = int(tokens[i].text), i + 1
        month = self._lookup(tokens[j], self.w.months)
        if month is None:
            if _YEAR.fullmatch(tokens[i].text) and i + 1 < len(tokens) and any(
                tokens[i + 1].is_(y) for y in self.w.year_words
            ):
                return TimeMention(i, i + 2, tokens[i].text)
            return None
        last, year = self._year_after(tokens, j + 1)
        if year is None and published is not None:
            year = _before(published, month, day or 1)
        if year is None:
            return TimeMention(i, last, None)
        try:
            value = dt.date(year, month, day).isoformat() if day else f"{year:04d}-{month:02d}"
        except ValueError:
            return None
        return TimeMention(i, last, value)

    def _since(self, tokens: Sequence[Token], i: int, published: dt.date | None) -> TimeMention | None:
        """"с начала года", "з початку повномасштабного вторгнення", "с начала марта"."""
        n, _ = match_any(tokens, i, self.w.since)
        if not n:
            return None
        j = i + n
        if j >= len(tokens):
            return None
        start: str | None = None
        last = j + 1
        period = self._period_noun(tokens[j])
        month = self._lookup(tokens[j], self.w.months)
        if period in ("year", "month") and published is not None:
            start = f"{published.year:04d}" + ("-01" if period == "year" else f"-{published.month:02d}")
        elif month is not None and published is not None:
            start = f"{_before(published, month):04d}-{month:02d}"
        else:
            for phrase, date in self.w.anchors:
                # the anchor's words, allowing one word between ("начала широкомасштабного вторжения")
                for skip in (0, 1):
                    if j + skip < len(tokens) and match(tokens, j + skip, phrase):
                        start, last = date.isoformat(), j + skip + len(phrase)
                        break
                if start is not None:
                    break
            if start is None:
                return None
        if published is None:
            return TimeMention(i, last, None)
        return TimeMention(i, last, f"{start}/{published.isoformat()}")

    def _period_noun(self, token: Token) -> str | None:
        return next((self.w.periods[w] for w in sorted(token.lemmas) if w in self.w.periods), None)

    def _period(self, tokens: Sequence[Token], i: int, published: dt.date | None) -> TimeMention | None:
        """"за минувшие сутки", "за добу" (up to publication); "на прошлой неделе", "минулого
        тижня" (the calendar period before); "в этом месяце" (the current one)."""
        over, _ = match_any(tokens, i, self.w.over)
        j = i + over
        adjective = None
        if j < len(tokens):
            for group in ("recent", "previous", "current"):
                if any(tokens[j].is_(w) for w in getattr(self.w, group)):
                    adjective = group if not (over and group == "previous" and any(
                        tokens[j].is_(w) for w in self.w.recent)) else "recent"
                    break
        k = j + (1 if adjective else 0)
        if k >= len(tokens):
            return None
        period = self._period_noun(tokens[k])
        if period is None or (not over and adjective is None):
            return None
        if published is None:
            return TimeMention(i, k + 1, None)
        if over and adjective in (None, "recent", "previous"):
            days = {"day": 1, "week": 7, "month": 30, "year": 365}[period]
            return TimeMention(i, k + 1, f"{(published - dt.timedelta(days=days)).isoformat()}/{published.isoformat()}")
        return TimeMention(i, k + 1, self._calendar(period, adjective == "current", published))

    @staticmethod
    def _calendar(period: str, current: bool, published: dt.date) -> str:
        back = 0 if current else 1
        if period == "day":
            return (published - dt.timedelta(days=back)).isoformat()
        if period == "week":
            monday = published - dt.timedelta(days=published.weekday() + 7 * back)
            end = published if current else monday + dt.timedelta(days=6)
            return f"{monday.isoformat()}/{end.isoformat()}"
        if period == "month":
            first = published.replace(day=1)
            return _month(first if current else first - dt.timedelta(days=1))
        return f"{published.year - back:04d}"

    def _word(self, tokens: Sequence[Token], i: int, published: dt.date | None) -> TimeMention | None:
        """"вчера", "сьогодні", "в субботу", "ранок неділі"."""
        token = tokens[i]
        back = self._lookup(token, self.w.days_back)
        if back is None:
            weekday = self._lookup(token, self.w.weekdays)
            if weekday is None:
                return None
            if published is None:
                return TimeMention(i, i + 1, None)
            back = (published.weekday() - weekday) % 7
        if published is None:
            return TimeMention(i, i + 1, None)
        return TimeMention(i, i + 1, (published - dt.timedelta(days=back)).isoformat())
