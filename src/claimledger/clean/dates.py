"""Calendar dates as pages and reference lists write them: "14-02-2025", "3 March 2025",
"March 3, 2025", "2025, January 22", and day-month without a year ("3 March") for citations that
give the year elsewhere.

One compiled alternation is scanned once per string, so finding dates is linear in its length.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

_ORDINAL = r"(?:st|nd|rd|th)?"
_MONTH_GROUPS = ("mon1", "mon2", "mon3", "mon4", "mon5", "mon6")
_YEAR_GROUPS = ("iy", "y1", "y2", "y3", "y5")
_DAY_GROUPS = ("id", "d1", "d2", "d3", "d4", "d6")


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A date in a string: where it stands and what it says (day or year may be missing)."""

    start: int
    end: int
    month: int
    year: int | None = None
    day: int | None = None

    @property
    def complete(self) -> bool:
        return self.year is not None and self.day is not None

    def to_date(self, year: int | None = None) -> dt.date | None:
        """The calendar date, taking `year` when the text gave none; None when incomplete."""
        use_year = self.year if self.year is not None else year
        if use_year is None or self.day is None:
            return None
        try:
            return dt.date(use_year, self.month, self.day)
        except ValueError:
            return None


class DateReader:
    """Finds dates in short strings, with month names taken from the rules file."""

    __slots__ = ("_day_first", "_months", "_pattern")

    def __init__(self, months: Mapping[str, int], day_first: bool = True) -> None:
        self._months = {name.lower().rstrip("."): number for name, number in months.items()}
        self._day_first = day_first
        self._pattern = _compile(self._months)

    def find(self, text: str) -> list[FoundDate]:
        """Every date in `text`, complete or partial, left to right, without overlaps."""
        found: list[FoundDate] = []
        for match in self._pattern.finditer(text):
            date = self._read(match)
            if date is not None:
                found.append(date)
        return found

    def first(self, text: str) -> dt.date | None:
        """The first complete, valid date in `text`."""
        for found in self.find(text):
            date = found.to_date()
            if date is not None:
                return date
        return None

    def _read(self, match: re.Match[str]) -> FoundDate | None:
        groups = match.groupdict()
        start, end = match.span()
        if match.lastgroup == "numeric":  # the outer group of the alternative that matched
            month, day = self._order(int(groups["na"]), int(groups["nb"]))
            return _valid(FoundDate(start, end, month, int(groups["ny"]), day))
        number: int | None
        if match.lastgroup == "iso":
            number = int(groups["im"])
        else:
            name = next(groups[k] for k in _MONTH_GROUPS if groups[k] is not None)
            number = self._months.get(name.lower().rstrip("."))
        if number is None:
            return None
        year = next((int(groups[k]) for k in _YEAR_GROUPS if groups[k] is not None), None)
        day_of_month = next((int(groups[k]) for k in _DAY_GROUPS if groups[k] is not None), None)
        return _valid(FoundDate(start, end, number, year, day_of_month))

    def _order(self, first: int, second: int) -> tuple[int, int]:
        """(month, day) of an all-number date; the numbers decide where they can."""
        if first > 12:
            return second, first
        if second > 12 or not self._day_first:
            return first, second
        return second, first


def _valid(found: FoundDate) -> FoundDate | None:
    if not 1 <= found.month <= 12:
        return None
    if found.day is not None and found.to_date(found.year or 2000) is None:
        return None
    return found


def _compile(months: Mapping[str, int]) -> re.Pattern[str]:
    # longest names first so "September" is not read as "Sep" + "tember"
    names = "|".join(re.escape(n) for n in sorted(months, key=len, reverse=True))

    def month(tag: str) -> str:
        return rf"\b(?P<mon{tag}>(?:{names}))\b\.?"

    # Alternatives are tried left to right at each position: complete forms before partial ones.
    alternatives = {
        "iso": r"(?<!\d)(?P<iy>\d{4})[-/](?P<im>\d{1,2})[-/](?P<id>\d{1,2})(?!\d)",
        "numeric": r"(?<!\d)(?P<na>\d{1,2})[./-](?P<nb>\d{1,2})[./-](?P<ny>\d{4})(?!\d)",
        "dmy": rf"(?<!\d)(?P<d1>\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?{month('1')},?\s+"
        r"(?P<y1>\d{4})(?!\d)",
        "mdy": rf"{month('2')}\s*(?P<d2>\d{{1,2}}){_ORDINAL},?\s+(?P<y2>\d{{4}})(?!\d)",
        "ymd": rf"(?<!\d)(?P<y3>\d{{4}}),?\s+{month('3')}\s*(?P<d3>\d{{1,2}}){_ORDINAL}(?!\d)",
        "dm": rf"(?<!\d)(?P<d4>\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?{month('4')}",
        "my": rf"{month('5')},?\s+(?P<y5>\d{{4}})(?!\d)",
        "md": rf"{month('6')}\s*(?P<d6>\d{{1,2}}){_ORDINAL}(?![\d:])",
    }
    body = "|".join(f"(?P<{kind}>{pattern})" for kind, pattern in alternatives.items())
    return re.compile(body, re.IGNORECASE)
