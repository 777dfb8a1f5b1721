"""People who may change the ledger, their roles, the digests of their tokens and their sign-in
sessions (the rules about names, roles, tokens and sessions are `claimledger.review.users`'s;
this is where they are kept)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, and_, delete, insert, select, update

from claimledger.store.schema import sessions, tokens, users


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """A token as listed: never the token itself, only the start of its digest as its id."""

    id: str
    user: str
    created: dt.datetime
    revoked: dt.datetime | None


class UserTables:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def exists(self, name: str) -> bool:
        return bool(self.conn.scalar(select(users.c.name).where(users.c.name == name)))

    def add(self, name: str, role: str = "reviewer") -> None:
        self.conn.execute(insert(users), [{"name": name, "created_at": dt.datetime.now(dt.UTC), "role": role}])

    def set_role(self, name: str, role: str) -> bool:
        return bool(self.conn.execute(update(users).where(users.c.name == name).values(role=role)).rowcount)

    def add_token(self, digest: str, name: str) -> None:
        self.conn.execute(insert(tokens), [{"digest": digest, "user_name": name, "created_at": dt.datetime.now(dt.UTC)}])

    def user_of_token(self, digest: str) -> str | None:
        found = self.identity_of_token(digest)
        return found[0] if found else None

    def identity_of_token(self, digest: str) -> tuple[str, str] | None:
        """(user, role) of a token that is not revoked."""
        row = self.conn.execute(
            select(users.c.name, users.c.role).join(tokens, tokens.c.user_name == users.c.name)
            .where(tokens.c.digest == digest, tokens.c.revoked_at.is_(None))
        ).first()
        return (row.name, row.role) if row else None

    def names(self) -> list[str]:
        return list(self.conn.scalars(select(users.c.name).order_by(users.c.name)))

    def roles(self) -> dict[str, str]:
        return {r.name: r.role for r in self.conn.execute(select(users.c.name, users.c.role).order_by(users.c.name))}

    # -- tokens ------------------------------------------------------------------------------------

    def tokens(self, user: str | None = None) -> list[TokenInfo]:
        query = select(tokens).order_by(tokens.c.user_name, tokens.c.created_at, tokens.c.digest)
        if user is not None:
            query = query.where(tokens.c.user_name == user)
        return [TokenInfo(r.digest[:12], r.user_name, r.created_at, r.revoked_at) for r in self.conn.execute(query)]

    def token_digests(self, prefix: str) -> list[str]:
        """The digests starting with `prefix` (a listed token id): the caller checks it names one."""
        return list(self.conn.scalars(select(tokens.c.digest).where(tokens.c.digest.startswith(prefix, autoescape=True))))

    def revoke_token(self, digest: str, now: dt.datetime) -> bool:
        """Revoke a token and end the sessions it began; False if it was revoked already."""
        done = self.conn.execute(
            update(tokens).where(tokens.c.digest == digest, tokens.c.revoked_at.is_(None)).values(revoked_at=now)
        ).rowcount
        self.conn.execute(update(sessions).where(sessions.c.token_digest == digest, sessions.c.revoked_at.is_(None))
                          .values(revoked_at=now))
        return bool(done)

    # -- sessions ----------------------------------------------------------------------------------

    def add_session(self, digest: str, user: str, token_digest: str, now: dt.datetime, expires: dt.datetime) -> None:
        """A new session; sessions that have expired are forgotten (the table stays small)."""
        self.conn.execute(delete(sessions).where(sessions.c.expires_at <= now))
        self.conn.execute(insert(sessions), [{"digest": digest, "user_name": user, "token_digest": token_digest,
                                              "created_at": now, "expires_at": expires}])

    def identity_of_session(self, digest: str, now: dt.datetime) -> tuple[str, str] | None:
        """(user, role) of a session that has neither expired nor been revoked, begun with a token
        that is not revoked."""
        row = self.conn.execute(
            select(users.c.name, users.c.role)
            .join(sessions, sessions.c.user_name == users.c.name)
            .join(tokens, and_(tokens.c.digest == sessions.c.token_digest, tokens.c.revoked_at.is_(None)))
            .where(sessions.c.digest == digest, sessions.c.revoked_at.is_(None), sessions.c.expires_at > now)
        ).first()
        return (row.name, row.role) if row else None

    def revoke_session(self, digest: str, now: dt.datetime) -> None:
        self.conn.execute(update(sessions).where(sessions.c.digest == digest, sessions.c.revoked_at.is_(None))
                          .values(revoked_at=now))
