"""Who may write, and how the pages defend themselves.

- Reading needs no one. A write names its user by token: `Authorization: Bearer TOKEN` for
  scripts, or the session cookie for people. Signing in with a token on the login form starts a
  server-side session (`claimledger.review.users`): the cookie holds a random session id, never
  the token; it expires, signing out ends it, and revoking the token ends it too.
- Each write route needs a role: reviewer for changes to claims and threads, admin for users and
  tokens. A signed-in viewer gets 403.
- Forms carry a CSRF token derived from the session (an HMAC under a per-process secret), checked
  on every cookie-authenticated write; a bearer token cannot be sent by another site, so API
  calls with one need no CSRF token. The login form has no session yet: the login page sets a
  random pre-session cookie and its form carries the HMAC of that, so another site cannot sign a
  visitor in under its own token (login CSRF).
- Failed authentications are counted per client address (the TCP peer; the address a proxy
  forwards only when `claimledger serve --forwarded-allow-ips` trusts that proxy). An address
  with `FailureLimit.attempts` failures within the window gets 429 for every credential that
  does not verify; a credential that verifies is always served, so one client's failures cannot
  lock out the others behind the same address. Guessing stays hopeless: tokens and session ids
  are 256 random bits, and a blocked address learns nothing from a wrong guess but 429.
- Every response carries a Content-Security-Policy without 'unsafe-inline': scripts and styles
  come only from /static, so text that slips into markup still cannot run.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import NoReturn

from fastapi import HTTPException, Request

from claimledger.store import Store
from claimledger.review.users import (
    Identity,
    end_session,
    identity_for_session,
    identity_for_token,
    start_session,
)

COOKIE = "claimledger_session"
LOGIN_COOKIE = "claimledger_login"  # the pre-session nonce the login form's CSRF token is bound to
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


@dataclass
class FailureLimit:
    """At most `attempts` authentication failures per client within `window` seconds."""

    attempts: int = 10
    window: float = 60.0
    clients: int = 10_000  # addresses remembered; past this the quiet ones are forgotten
    _seen: dict[str, deque[float]] = field(default_factory=lambda: defaultdict(deque))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def blocked(self, client: str) -> bool:
        with self._lock:
            if client not in self._seen:
                return False
            return len(self._prune(client)) >= self.attempts

    def fail(self, client: str) -> None:
        with self._lock:
            if len(self._seen) >= self.clients:
                for quiet in [c for c in self._seen if not self._prune(c)]:
                    del self._seen[quiet]
            recent = self._prune(client)
            if len(recent) < self.attempts:  # a blocked client's failures need not be kept
                recent.append(time.monotonic())

    def _prune(self, client: str) -> deque[float]:
        recent = self._seen[client]
        while recent and recent[0] < time.monotonic() - self.window:
            recent.popleft()
        return recent


@dataclass
class Guard:
    store: Store
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    limit: FailureLimit = field(default_factory=FailureLimit)

    def csrf_token(self, session: str) -> str:
        return hmac.new(self.secret, session.encode(), hashlib.sha256).hexdigest()[:40]

    def session_user(self, request: Request) -> Identity | None:
        """Who the session cookie signs in, for showing it (no failure counted)."""
        session = request.cookies.get(COOKIE, "")
        return identity_for_session(self.store, session) if session else None

    def writer(self, request: Request, csrf: str | None = None, role: str = "reviewer") -> str:
        """The user allowed to make this write, or an HTTP error (401, 403, 429)."""
        header = request.headers.get("authorization", "")
        if header:
            scheme, _, token = header.partition(" ")
            found = identity_for_token(self.store, token.strip()) if scheme.lower() == "bearer" else None
            if found is None:
                self._failed(request, "invalid token")
            return _allowed(found, role).name
        session = request.cookies.get(COOKIE, "")
        found = identity_for_session(self.store, session) if session else None
        if found is None:
            if session:
                self._failed(request, "your session has ended: sign in again")
            raise HTTPException(401, "sign in with a token to make changes", headers={"WWW-Authenticate": "Bearer"})
        given = csrf or request.headers.get("x-csrf-token", "")
        if not given or not hmac.compare_digest(given, self.csrf_token(session)):
            raise HTTPException(403, "missing or wrong CSRF token: reload the page and try again")
        return _allowed(found, role).name

    def login_csrf_token(self, nonce: str) -> str:
        return self.csrf_token("login:" + nonce)

    def login(self, request: Request, token: str, csrf: str = "") -> tuple[str, Identity]:
        """A new session for the user of `token` signing in through the login form, or an HTTP
        error (401, 403, 429)."""
        nonce = request.cookies.get(LOGIN_COOKIE, "")
        if not nonce or not csrf or not hmac.compare_digest(csrf, self.login_csrf_token(nonce)):
            raise HTTPException(403, "missing or wrong CSRF token: reload the sign-in page and try again")
        started = start_session(self.store, token.strip())
        if started is None:
            self._failed(request, "unknown token")
        return started

    def logout(self, request: Request, csrf: str) -> None:
        """End the session of the cookie (after checking the form's CSRF token)."""
        self.writer(request, csrf, role="viewer")
        end_session(self.store, request.cookies.get(COOKIE, ""))

    def _failed(self, request: Request, message: str) -> NoReturn:
        client = request.client.host if request.client else "unknown"
        if self.limit.blocked(client):
            raise HTTPException(429, "too many failed authentications; wait a minute")
        self.limit.fail(client)
        raise HTTPException(401, message, headers={"WWW-Authenticate": "Bearer"})


def _allowed(found: Identity, role: str) -> Identity:
    if not found.may(role):
        raise HTTPException(403, f"{found.name} is a {found.role}: this needs the {role} role")
    return found
