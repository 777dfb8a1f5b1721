"""Partial dates and periods, the expressions a text states, and their resolution against a
reference date; also the helpers that compare resolved ISO values."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass


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
    edge: str | None = None  # "first" or "last": the month of a season a part picks


def _apply_edge(period: _Period, edge: str | None) -> _Period:
    """ "by the end of the summer": the season's last month; "early spring": its first."""
    if edge is None or period.start == period.end:
        return period
    point = period.end if edge == "last" else period.start
    return _Period(point, point)


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
