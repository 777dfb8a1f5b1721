"""Lists by date, paged by key: newest or oldest first (undated last either way), or by id;
claims also by confidence, least sure first.

A page's cursor (`after`) is "date|id" of the last row shown ("~|id" when it had no date), so a
page costs the same at the start and the end of the list, as the lists by id do.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from sqlalchemy import and_, or_

SORTS: tuple[str, ...] = ("newest", "oldest", "id")
CLAIM_SORTS: tuple[str, ...] = (*SORTS, "confidence")  # claims only: least sure first
_UNDATED = "~"


def cursor(key: Any, row_id: str) -> str:
    """The `after` that continues a date-sorted list after this row."""
    shown = _UNDATED if key is None else (key.isoformat() if hasattr(key, "isoformat") else str(key))
    return f"{shown}|{row_id}"


def by_date(
    key: Any, id_column: Any, sort: str, after: str | None, parse: Callable[[str], Any] = str
) -> tuple[list[Any], list[Any]]:
    """(WHERE clauses, ORDER BY) of a page sorted `newest` or `oldest` by the nullable `key`.

    Raises ValueError for a sort it does not know or a cursor it did not give out."""
    if sort not in ("newest", "oldest"):
        raise ValueError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    newest = sort == "newest"
    order = [key.is_(None), key.desc() if newest else key.asc(), id_column.desc() if newest else id_column.asc()]
    if not after:
        return [], order
    shown, sep, last = after.rpartition("|")
    if not sep or not last:
        raise ValueError(f"after {after!r} is not a cursor this list gave out")

    def beyond(column: Any, value: Any) -> Any:
        return column < value if newest else column > value

    if shown == _UNDATED:
        return [and_(key.is_(None), beyond(id_column, last))], order
    value = parse(shown)
    later = or_(beyond(key, value), and_(key == value, beyond(id_column, last)))
    return [or_(key.is_(None), and_(key.is_not(None), later))], order


def least_first(key: Any, id_column: Any, after: str | None) -> tuple[list[Any], list[Any]]:
    """(WHERE clauses, ORDER BY) of a page sorted by the non-null number `key`, smallest first:
    claims by confidence, the least sure first (the review queue). The cursor is "value|id".

    Raises ValueError for a cursor it did not give out."""
    order = [key.asc(), id_column.asc()]
    if not after:
        return [], order
    shown, sep, last = after.rpartition("|")
    try:
        value = float(shown)
    except ValueError:
        value = math.nan
    if not sep or not last or not math.isfinite(value):
        raise ValueError(f"after {after!r} is not a cursor this list gave out")
    return [or_(key > value, and_(key == value, id_column > last))], order
