"""Answers the server computes once and hands to every request for a few seconds.

The sources list aggregates over the whole ledger (seconds at a million claims) and the thread
lists are what every visitor asks for first; under load, many clients ask for the same ones at
once. A `Memo` keeps each answer for `ttl` seconds, computes a missing one once while the other
requests for it wait (instead of all computing it together), and is emptied by every write the
application makes, so a reviewer sees their own change at once. Changes made by other processes
(an ingest, a reconcile) show after at most `ttl` seconds.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass
class Memo:
    ttl: float = 10.0
    size: int = 512  # answers kept; the oldest go first
    _values: OrderedDict[Hashable, tuple[float, Any]] = field(default_factory=OrderedDict)
    _computing: dict[Hashable, threading.Lock] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _generation: int = 0  # bumped by clear(): an answer computed before a write is not kept

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        if self.ttl <= 0:
            return compute()
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
                    self._values[key] = (time.monotonic(), value)
                    self._values.move_to_end(key)
                    while len(self._values) > self.size:
                        self._values.popitem(last=False)
                self._computing.pop(key, None)
            return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
            self._generation += 1

    def _fresh(self, key: Hashable) -> tuple[Any] | None:
        with self._lock:
            hit = self._values.get(key)
            if hit is None or time.monotonic() - hit[0] >= self.ttl:
                return None
            return (hit[1],)
