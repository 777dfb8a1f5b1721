"""People who may change the ledger, their roles, their tokens and their sign-in sessions.

Reading needs no one; every write through the web application names a user by a token (scripts:
`Authorization: Bearer TOKEN`) or by a session (browsers). Tokens are random, shown once when
created, stored only as their SHA-256 digest, and revocable. Signing in with a token starts a
session: the browser's cookie holds a random session id (never the token), kept as its digest,
that expires after `SESSION_LIFETIME`, ends on sign-out, and ends with the token it began with.

Roles, each allowed what the ones before it are: a viewer may sign in and read; a reviewer may
also accept, reject and edit claims and merge and split threads; an admin may also manage users
and tokens. Users added before roles existed are admins (migration 0007); `claimledger users add`
makes reviewers unless given `--role`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

from claimledger.errors import ClaimledgerError
from claimledger.store import Store
from claimledger.store.users import TokenInfo

__all__ = [
    "DEFAULT_ROLE", "ROLES", "SESSION_LIFETIME", "Identity", "TokenInfo", "UserError", "add_user", "create_token",
    "end_session", "identity_for_session", "identity_for_token", "list_tokens", "list_users", "revoke_token",
    "digest", "set_role", "start_session", "user_for_token", "user_roles",
]

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$")
ROLES = ("viewer", "reviewer", "admin")
DEFAULT_ROLE = "reviewer"
SESSION_LIFETIME = dt.timedelta(hours=12)
TOKEN_ID = 8  # a listed token id may be shortened to this many characters


class UserError(ClaimledgerError):
    """A user name is malformed, taken, or unknown; a role or token id is wrong."""


@dataclass(frozen=True, slots=True)
class Identity:
    name: str
    role: str

    def may(self, role: str) -> bool:
        """Whether this user has `role` or one above it."""
        return _rank(self.role) >= _rank(role)


def add_user(store: Store, name: str, role: str = DEFAULT_ROLE) -> str:
    name = name.strip()
    if not NAME.match(name):
        raise UserError(f"user name {name!r}: use letters, digits and _ . @ - (at most 64)")
    _check_role(role)
    with store.begin(changes_ledger=False) as tables:
        if tables.users.exists(name):
            raise UserError(f"user {name!r} already exists")
        tables.users.add(name, role)
    return name


def set_role(store: Store, name: str, role: str) -> None:
    _check_role(role)
    with store.begin(changes_ledger=False) as tables:
        if not tables.users.set_role(name.strip(), role):
            raise UserError(f"no user {name!r}")


def create_token(store: Store, name: str) -> str:
    """A new token for this user (they may hold several); the only time it is shown."""
    token = secrets.token_urlsafe(32)
    with store.begin(changes_ledger=False) as tables:
        if not tables.users.exists(name):
            raise UserError(f"no user {name!r} (add one with `claimledger users add {name}`)")
        tables.users.add_token(digest(token), name)
    return token


def identity_for_token(store: Store, token: str) -> Identity | None:
    if not token or len(token) > 256:
        return None
    with store.connect() as tables:
        found = tables.users.identity_of_token(digest(token))
    return Identity(*found) if found else None


def user_for_token(store: Store, token: str) -> str | None:
    found = identity_for_token(store, token)
    return found.name if found else None


def list_users(store: Store) -> list[str]:
    with store.connect() as tables:
        return tables.users.names()


def user_roles(store: Store) -> dict[str, str]:
    with store.connect() as tables:
        return tables.users.roles()


def list_tokens(store: Store, user: str | None = None) -> list[TokenInfo]:
    """The tokens (of one user, or all) by id: the start of the token's digest, never the token."""
    with store.connect() as tables:
        return tables.users.tokens(user)


def revoke_token(store: Store, token_id: str) -> str:
    """Revoke the token with this id (as listed, or its first `TOKEN_ID` characters or more) and
    end the sessions signed in with it. Returns the full id; revoking twice is not an error."""
    token_id = token_id.strip().lower()
    if not re.fullmatch(r"[0-9a-f]{%d,64}" % TOKEN_ID, token_id):
        raise UserError(f"token id {token_id!r}: give at least {TOKEN_ID} hexadecimal characters, as listed")
    with store.begin(changes_ledger=False) as tables:
        found = tables.users.token_digests(token_id)
        if len(found) != 1:
            raise UserError(f"{'no token has' if not found else 'several tokens have'} the id {token_id!r}")
        tables.users.revoke_token(found[0], dt.datetime.now(dt.UTC))
    return found[0][:12]


def start_session(store: Store, token: str, lifetime: dt.timedelta = SESSION_LIFETIME) -> tuple[str, Identity] | None:
    """Sign in with a token: a new session id (for the cookie) and who it is, or None for a token
    that is unknown or revoked."""
    if not token or len(token) > 256:
        return None
    session = secrets.token_urlsafe(32)
    now = dt.datetime.now(dt.UTC)
    with store.begin(changes_ledger=False) as tables:
        found = tables.users.identity_of_token(digest(token))
        if found is None:
            return None
        tables.users.add_session(digest(session), found[0], digest(token), now, now + lifetime)
    return session, Identity(*found)


def identity_for_session(store: Store, session: str) -> Identity | None:
    if not session or len(session) > 256:
        return None
    with store.connect() as tables:
        found = tables.users.identity_of_session(digest(session), dt.datetime.now(dt.UTC))
    return Identity(*found) if found else None


def end_session(store: Store, session: str) -> None:
    if session and len(session) <= 256:
        with store.begin(changes_ledger=False) as tables:
            tables.users.revoke_session(digest(session), dt.datetime.now(dt.UTC))


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _rank(role: str) -> int:
    return ROLES.index(role) if role in ROLES else -1


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise UserError(f"role {role!r}: one of {', '.join(ROLES)}")
