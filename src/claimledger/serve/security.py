"""Who may write, and how the pages defend themselves.

- Reading needs no one. A write names its user by token: `Authorization: Bearer TOKEN` for
  scripts, or the session cookie set by the login form for people.
- Forms carry a CSRF token derived from the session (an HMAC under a per-process secret), checked
  on every cookie-authenticated write; a bearer token cannot be sent by another site, so API
  calls with one need no CSRF token. The login form has no session yet: the login page sets a
  random pre-session cookie and its form carries the HMAC of that, so another site cannot sign a
  visitor in under its own token (login CSRF).
- Repeated authentication failures from one client are refused for a while (HTTP 429).
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

from fastapi import HTTPException, Request

from claimledger.store import Store
from claimledger.review.users import user_for_token

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
    _seen: dict[str, deque[float]] = field(default_factory=lambda: defaultdict(deque))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def blocked(self, client: str) -> bool:
        with self._lock:
            recent = self._prune(client)
            return len(recent) >= self.attempts

    def fail(self, client: str) -> None:
        with self._lock:
            self._prune(client).append(time.monotonic())

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

    def session_user(self, request: Request) -> str | None:
        """The user of the login cookie, for showing who is signed in (no failure counted)."""
        token = request.cookies.get(COOKIE, "")
        return user_for_token(self.store, token) if token else None

    def writer(self, request: Request, csrf: str | None = None) -> str:
        """The user allowed to make this write, or an HTTP error (401, 403, 429)."""
        client = request.client.host if request.client else "unknown"
        if self.limit.blocked(client):
            raise HTTPException(429, "too many failed authentications; wait a minute")
        header = request.headers.get("authorization", "")
        if header:
            scheme, _, token = header.partition(" ")
            user = user_for_token(self.store, token.strip()) if scheme.lower() == "bearer" else None
            if user is None:
                self.limit.fail(client)
                raise HTTPException(401, "invalid token", headers={"WWW-Authenticate": "Bearer"})
            return user
        session = request.cookies.get(COOKIE, "")
        user = user_for_token(self.store, session) if session else None
        if user is None:
            if session:
                self.limit.fail(client)
            raise HTTPException(401, "sign in with a token to make changes", headers={"WWW-Authenticate": "Bearer"})
        given = csrf or request.headers.get("x-csrf-token", "")
        if not given or not hmac.compare_digest(given, self.csrf_token(session)):
            raise HTTPException(403, "missing or wrong CSRF token: reload the page and try again")
        return user

    def login_csrf_token(self, nonce: str) -> str:
        return self.csrf_token("login:" + nonce)

    def login(self, request: Request, token: str, csrf: str = "") -> str:
        """The user of `token` signing in through the login form, or an HTTP error (401, 403, 429)."""
        client = request.client.host if request.client else "unknown"
        if self.limit.blocked(client):
            raise HTTPException(429, "too many failed authentications; wait a minute")
        nonce = request.cookies.get(LOGIN_COOKIE, "")
        if not nonce or not csrf or not hmac.compare_digest(csrf, self.login_csrf_token(nonce)):
            raise HTTPException(403, "missing or wrong CSRF token: reload the sign-in page and try again")
        user = user_for_token(self.store, token.strip())
        if user is None:
            self.limit.fail(client)
            raise HTTPException(401, "unknown token")
        return user
