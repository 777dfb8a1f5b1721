"""Answers the server computes once and hands to every request until the ledger changes.

The sources list aggregates over the whole ledger (seconds at a million claims) and the thread
lists are what every visitor asks for first; under load, many clients ask for the same ones at
once. A `Memo` keeps each answer (the API keeps its JSON already encoded), computes a missing one
once while the other requests for it wait (instead of all computing it together), and forgets
them all:

- on every write the application makes, so a reviewer sees their own change at once;
- when the ledger's version changes (`Store.version`, bumped by every transaction that writes,
  in any process): looked up at most once every `check` seconds, so an ingest or a reconcile
  run elsewhere shows within `check` seconds, and a request answered from the memo does no other
  work, however many there are;
- without a version to watch, after `ttl` seconds.

Answers are kept most recently used first, up to `size` answers and `max_bytes` of encoded JSON.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from starlette.types import ASGIApp, Message, Receive, Scope, Send

T = TypeVar("T")


@dataclass
class Memo:
    ttl: float = 10.0  # 0: keep nothing
    size: int = 4096  # answers kept; the least recently used go first
    max_bytes: int = 128 * 2**20  # of answers that are bytes (encoded JSON)
    version: Callable[[], int] | None = None  # the ledger's version: a change forgets everything
    check: float = 1.0  # seconds between looks at the version
    _values: OrderedDict[Hashable, tuple[float, Any]] = field(default_factory=OrderedDict)
    _computing: dict[Hashable, threading.Lock] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _generation: int = 0  # bumped by clear(): an answer computed before a write is not kept
    _bytes: int = 0
    _seen: tuple[float, int | None] = (-math.inf, None)  # when the version was last looked at, and it

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        if self.ttl <= 0:
            return compute()
        self._watch()
        found = self._fresh(key)
        if found is not None:
            return found[0]  # type: ignore[no-any-return]
        with self._lock:
            gate = self._computing.setdefault(key, threading.Lock())
        with gate:
            found = self._fresh(key)  # computed by the request we waited for
            if found is not None:
                return found[0]  # type: ignore[no-any-return]
            generation = self._generation
            value = compute()
            with self._lock:
                if generation == self._generation:
                    self._keep(key, value)
                self._computing.pop(key, None)
            return value

    def clear(self) -> None:
        with self._lock:
            self._forget()

    def generation(self) -> int:
        """Changes whenever everything is forgotten: `put` keeps nothing computed across that."""
        self._watch()
        return self._generation

    def peek(self, key: Hashable) -> Any | None:
        """The kept answer, or None (nothing is computed)."""
        if self.ttl <= 0:
            return None
        self._watch()
        found = self._fresh(key)
        return found[0] if found is not None else None

    def put(self, key: Hashable, value: Any, generation: int) -> None:
        """Keep an answer computed since `generation()` returned `generation`."""
        with self._lock:
            if self.ttl > 0 and generation == self._generation:
                self._keep(key, value)

    def _watch(self) -> None:
        """Forget everything when the ledger's version has moved (looked at every `check` s)."""
        if self.version is None or time.monotonic() - self._seen[0] < self.check:
            return
        with self._lock:
            if time.monotonic() - self._seen[0] < self.check:
                return  # another request looked meanwhile
            self._seen = (time.monotonic(), self._seen[1])
        now = self.version()
        with self._lock:
            if now != self._seen[1]:
                self._forget()
            self._seen = (self._seen[0], now)

    def _keep(self, key: Hashable, value: Any) -> None:
        old = self._values.pop(key, None)
        if old is not None:
            self._bytes -= _weight(old[1])
        self._values[key] = (time.monotonic(), value)
        self._bytes += _weight(value)
        while len(self._values) > self.size or (self._bytes > self.max_bytes and len(self._values) > 1):
            self._bytes -= _weight(self._values.popitem(last=False)[1][1])

    def _forget(self) -> None:
        self._values.clear()
        self._bytes = 0
        self._generation += 1

    def _fresh(self, key: Hashable) -> tuple[Any] | None:
        with self._lock:
            hit = self._values.get(key)
            if hit is None:
                return None
            if self.version is None and time.monotonic() - hit[0] >= self.ttl:
                return None
            self._values.move_to_end(key)
            return (hit[1],)


def _weight(value: Any) -> int:
    """The bytes an answer holds: encoded JSON, alone or in a tuple (an API answer, a response)."""
    if isinstance(value, bytes):
        return len(value)
    return sum(len(v) for v in value if isinstance(v, bytes)) if isinstance(value, tuple) else 0


MARK = b"x-claimledger-cacheable"  # set by the API on answers that depend only on the URL


TIMING = b"server-timing"


class CachedReads:
    """ASGI middleware, the outermost: a GET answered with an answer the API marked as depending
    only on its URL (and the ledger) is answered again, for the same path and query, from the memo
    without any other middleware, routing, validation or encoding: the status, headers and bytes
    as first sent, with a Server-Timing of its own. The mark is not sent. Forgotten with
    everything else in the memo (see `Memo`)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or not scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        memo: Memo = scope["app"].state.memo
        key = ("url", scope["path"], scope["query_string"])
        hit = memo.peek(key)
        if hit is not None:
            status, headers, body = hit
            took = b"app;dur=%.1f" % ((time.perf_counter() - started) * 1000)
            await send({"type": "http.response.start", "status": status, "headers": [*headers, (TIMING, took)]})
            await send({"type": "http.response.body", "body": body})
            return
        generation = memo.generation()
        start: dict[str, Any] = {}
        parts: list[bytes] = []

        async def keep(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                marked = [h for h in headers if h[0].lower() == MARK]
                if marked:
                    message = {**message, "headers": [h for h in headers if h[0].lower() != MARK]}
                    start.update(message, headers=[h for h in message["headers"] if h[0].lower() != TIMING])
            elif message["type"] == "http.response.body" and start:
                parts.append(message.get("body", b""))
                if not message.get("more_body", False):
                    memo.put(key, (start["status"], start["headers"], b"".join(parts)), generation)
            await send(message)

        await self.app(scope, receive, keep)
