"""What an edit may write: each value checked against the claim's definition (`Edit` in
`claimledger.model.Claim`: the kind of value, whether it may be emptied, its column's length,
its largest figure and the figures it may not exceed), so a field added there is checked too.

Values may come as a form sends them (strings) or as JSON (numbers, booleans, strings); anything
else (a list, an object) is refused, as are NUL and other control characters in text, numbers
that are not finite or out of bounds, and times that are not real ISO 8601 dates.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from claimledger.errors import ClaimledgerError
from claimledger.fields import Editable
from claimledger.model import CLAIM_EDITABLE

FIELDS: dict[str, Editable] = {e.name: e for e in CLAIM_EDITABLE}
MAX_TEXT = 500  # text without a bounded column
_TIME = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_TRUE, _FALSE = ("true", "on", "1", "yes"), ("false", "off", "0", "no")


class ReviewError(ClaimledgerError):
    """A review change cannot be made: bad field, bad value, unknown claim or thread."""


def coerce(name: str, value: Any) -> Any:
    """The value to store for `name`, or a ReviewError saying what is wrong with it."""
    e = FIELDS.get(name)
    if e is None:
        raise ReviewError(f"field {name!r} cannot be edited; editable: {', '.join(FIELDS)}")
    if value is not None and not isinstance(value, str | int | float | bool):
        raise ReviewError(f"{name} must be a single value, not {type(value).__name__}")
    if e.kind == "flag":
        return _flag(name, value)
    if value is None or (isinstance(value, str) and not value.strip()):
        if e.required:
            raise ReviewError(f"{name} cannot be empty")
        return None
    if e.kind == "number":
        return _number(e, value)
    if isinstance(value, bool):
        raise ReviewError(f"{name} must be text, not a boolean")
    text = " ".join(str(value).split())
    bad = next((c for c in text if unicodedata.category(c) in ("Cc", "Cs")), None)
    if bad is not None:
        raise ReviewError(f"{name} contains a control character (U+{ord(bad):04X})")
    limit = e.length or MAX_TEXT
    if len(text) > limit:
        raise ReviewError(f"{name} is longer than {limit} characters")
    if e.kind == "time":
        _time(text)
    return text


def check_order(values: Mapping[str, Any], changed: set[str]) -> None:
    """Figures the definition orders (value_low <= value <= value_high): checked where one side
    of a pair is being changed, against the other side's new or stored value."""
    for name, e in FIELDS.items():
        for other in e.not_above:
            low, high = values.get(name), values.get(other)
            if (name in changed or other in changed) and low is not None and high is not None and low > high:
                raise ReviewError(f"{name} ({low:g}) cannot be above {other} ({high:g})")


def _flag(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text not in _TRUE + _FALSE:
        raise ReviewError(f"{name} must be true or false, not {value!r}")
    return text in _TRUE


def _number(e: Editable, value: Any) -> float:
    if isinstance(value, bool):
        raise ReviewError(f"{e.name} must be a number, not a boolean")
    try:
        number = float(value) if not isinstance(value, str) else float(value.replace(",", "").strip())
    except (ValueError, OverflowError) as exc:
        raise ReviewError(f"{e.name} must be a number, not {value!r}") from exc
    if not math.isfinite(number) or number < 0:
        raise ReviewError(f"{e.name} must be a finite number of zero or more")
    if e.maximum is not None and number > e.maximum:
        raise ReviewError(f"{e.name} must be at most {e.maximum:g}")
    return number


def _time(text: str) -> None:
    """ISO 8601: a year, month or day (2024, 2024-05, 2024-05-03), or a range of them
    (2024-01/2024-03, or 2024-01/.. when it is still going on) whose start is not after its end."""
    start, slash, end = text.partition("/")
    first = _period(start, text)
    if slash and end != "..":
        last = _period(end, text)
        if last[1] < first[0]:
            raise ReviewError(f"time {text!r} ends before it starts")


def _period(part: str, text: str) -> tuple[dt.date, dt.date]:
    """The first and last day of one ISO 8601 date of a year, month or day."""
    shape = "ISO 8601 like 2024, 2024-05, 2024-05-03 or 2024-01/2024-03"
    m = _TIME.match(part)
    if not m:
        raise ReviewError(f"time must be {shape}, not {text!r}")
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        if day is not None:
            d = dt.date(year, int(month or 0), int(day))
            return d, d
        if month is not None:
            first = dt.date(year, int(month), 1)
            return first, first.replace(day=calendar.monthrange(year, first.month)[1])
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError as exc:
        raise ReviewError(f"time {text!r} is not a real date ({exc})") from exc
