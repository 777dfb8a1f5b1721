"""Ids as people type them: a whole id, or its first characters (the tables show eight)."""

from __future__ import annotations

from typing import Literal

from sqlalchemy import Connection, select

from claimledger.store.schema import articles, claims, threads

IdKind = Literal["article", "claim", "thread"]
_TABLES = {"article": articles, "claim": claims, "thread": threads}


class IdTables:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def starting_with(self, what: IdKind, prefix: str, limit: int = 6) -> list[str]:
        """The ids of `what` that start with `prefix`, in order, at most `limit`: just the id when
        `prefix` is a whole one. Ids are lowercase hexadecimal, so every id with the prefix lies
        in [prefix, prefix + "z"): the primary key's index finds them on SQLite and PostgreSQL."""
        table = _TABLES[what]
        if not prefix:
            return []
        if self.conn.scalar(select(table.c.id).where(table.c.id == prefix)) is not None:
            return [prefix]
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = (
            select(table.c.id)
            .where(table.c.id >= prefix, table.c.id < prefix + "z", table.c.id.like(f"{escaped}%", escape="\\"))
            .order_by(table.c.id)
            .limit(limit)
        )
        return list(self.conn.scalars(query))
