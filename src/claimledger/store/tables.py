"""The store's tables over one connection, area by area: what a caller reads in one go
(`Store.connect`) or changes in one transaction (`Store.begin`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, create_engine

from claimledger.store.articles import ArticleTables
from claimledger.store.claims import ClaimTables
from claimledger.store.ids import IdTables
from claimledger.store.review import ReviewTables
from claimledger.store.search import SearchTables
from claimledger.store.threads import ThreadTables
from claimledger.store.users import UserTables


class Tables:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.articles = ArticleTables(conn)
        self.claims = ClaimTables(conn)
        self.threads = ThreadTables(conn)
        self.review = ReviewTables(conn)
        self.users = UserTables(conn)
        self.search = SearchTables(conn)
        self.ids = IdTables(conn)

    def rollback(self) -> None:
        """Undo what this transaction did so far."""
        self.conn.rollback()


@contextmanager
def connect(url: str) -> Iterator[Tables]:
    """The tables of the database at `url` for reading, over an engine of this process's own (a
    forked worker must never use a connection it inherited)."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            yield Tables(conn)
    finally:
        engine.dispose()
