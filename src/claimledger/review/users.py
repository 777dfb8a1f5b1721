"""People who may change the ledger, and their tokens.

Reading needs no one; every write through the web application names a user by a token. Tokens
are random, shown once when created, and stored only as their SHA-256 digest.
"""

from __future__ import annotations

import hashlib
import re
import secrets

from claimledger.errors import ClaimledgerError
from claimledger.store import Store

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$")


class UserError(ClaimledgerError):
    """A user name is malformed, taken, or unknown."""


def add_user(store: Store, name: str) -> str:
    name = name.strip()
    if not NAME.match(name):
        raise UserError(f"user name {name!r}: use letters, digits and _ . @ - (at most 64)")
    with store.begin() as tables:
        if tables.users.exists(name):
            raise UserError(f"user {name!r} already exists")
        tables.users.add(name)
    return name


def create_token(store: Store, name: str) -> str:
    """A new token for this user (they may hold several); the only time it is shown."""
    token = secrets.token_urlsafe(32)
    with store.begin() as tables:
        if not tables.users.exists(name):
            raise UserError(f"no user {name!r} (add one with `claimledger users add {name}`)")
        tables.users.add_token(digest(token), name)
    return token


def user_for_token(store: Store, token: str) -> str | None:
    if not token or len(token) > 256:
        return None
    with store.connect() as tables:
        return tables.users.user_of_token(digest(token))


def list_users(store: Store) -> list[str]:
    with store.connect() as tables:
        return tables.users.names()


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
