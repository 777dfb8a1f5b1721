"""People who may change the ledger and the digests of their tokens (the rules about names and
tokens are `claimledger.review.users`'s; this is where they are kept)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, insert, select

from claimledger.store.schema import tokens, users


class UserTables:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def exists(self, name: str) -> bool:
        return bool(self.conn.scalar(select(users.c.name).where(users.c.name == name)))

    def add(self, name: str) -> None:
        self.conn.execute(insert(users), [{"name": name, "created_at": dt.datetime.now(dt.UTC)}])

    def add_token(self, digest: str, name: str) -> None:
        self.conn.execute(insert(tokens), [{"digest": digest, "user_name": name, "created_at": dt.datetime.now(dt.UTC)}])

    def user_of_token(self, digest: str) -> str | None:
        return self.conn.scalar(select(tokens.c.user_name).where(tokens.c.digest == digest))

    def names(self) -> list[str]:
        return list(self.conn.scalars(select(users.c.name).order_by(users.c.name)))
