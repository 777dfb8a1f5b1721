"""Reading and writing many rows at once: ids in chunks, inserts straight to the driver."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Table, insert

CHUNK = 500  # ids per IN (...) clause: well under every backend's parameter limit
_PLACEHOLDER = {"qmark": "?", "format": "%s", "pyformat": "%s"}


def chunks(items: Sequence[str], size: int = CHUNK) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def bulk_insert(conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    """executemany straight to the driver: Core's per-row parameter handling would dominate the
    time of a million-claim rebuild. Values must be what the driver takes as they are: dates as
    ISO strings (what SQLAlchemy stores in SQLite, and what PostgreSQL casts)."""
    if not rows:
        return
    mark = _PLACEHOLDER.get(conn.dialect.paramstyle)
    if mark is None:  # a driver with numeric or named parameters: let Core handle it
        conn.execute(insert(table), [dict(zip(columns, r, strict=True)) for r in rows])
        return
    sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"
    conn.exec_driver_sql(sql, rows)  # type: ignore[arg-type]
