"""People who may change the ledger, and their tokens.

Reading needs no one; every write through the web application names a user by a token. Tokens
are random, shown once when created, and stored only as their SHA-256 digest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets

from sqlalchemy import insert, select

from claimledger.errors import ClaimledgerError
from claimledger.store import Store
from claimledger.store.schema import tokens, users

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$")


class UserError(ClaimledgerError):
    """A user name is malformed, taken, or unknown."""


def add_user(store: Store, name: str) -> str:
    name = name.strip()
    if not NAME.match(name):
        raise UserError(f"user name {name!r}: use letters, digits and _ . @ - (at most 64)")
    with store.engine.begin() as conn:
        if conn.scalar(select(users.c.name).where(users.c.name == name)):
            raise UserError(f"user {name!r} already exists")
        conn.execute(insert(users), [{"name": name, "created_at": dt.datetime.now(dt.UTC)}])
    return name


def create_token(store: Store, name: str) -> str:
    """A new token for this user (they may hold several); the only time it is shown."""
    token = secrets.token_urlsafe(32)
    with store.engine.begin() as conn:
        if not conn.scalar(select(users.c.name).where(users.c.name == name)):
            raise UserError(f"no user {name!r} (add one with `claimledger users add {name}`)")
        conn.execute(insert(tokens), [{"digest": digest(token), "user_name": name,
                                       "created_at": dt.datetime.now(dt.UTC)}])
    return token


def user_for_token(store: Store, token: str) -> str | None:
    if not token or len(token) > 256:
        return None
    with store.engine.connect() as conn:
        return conn.scalar(select(tokens.c.user_name).where(tokens.c.digest == digest(token)))


def list_users(store: Store) -> list[str]:
    with store.engine.connect() as conn:
        return list(conn.scalars(select(users.c.name).order_by(users.c.name)))


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
