"""Counting from an event the text names but does not date: "since the war began", "since the
full-scale invasion", "since the coup". The start dates are data (data/conflicts.yaml)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from claimledger.datafiles import packaged_text, parse_mapping
from claimledger.errors import SettingsError

SINCE = re.compile(
    r"\bsince\s+(?:the\s+(?:start|beginning|outbreak)\s+of\s+)?(?:the\s+|this\s+)?"
    r"(?P<words>[a-z][\w-]*(?:\s+[a-z][\w-]*){0,4})",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Conflict:
    name: str
    start: str  # ISO date or month
    countries: frozenset[str]
    events: frozenset[str]


@dataclass(frozen=True, slots=True)
class ConflictCalendar:
    conflicts: tuple[Conflict, ...]

    @classmethod
    def load(cls, extra: Sequence[Path] = ()) -> ConflictCalendar:
        texts = [("conflicts.yaml", packaged_text("conflicts.yaml"))]
        texts += [(str(p), p.read_text("utf-8")) for p in extra]
        conflicts: list[Conflict] = []
        for name, text in texts:
            data = parse_mapping(text, name, SettingsError)
            for entry in data.get("conflicts", []):
                start = entry["start"]
                conflicts.append(
                    Conflict(
                        name=str(entry["name"]),
                        start=start.isoformat() if isinstance(start, dt.date) else str(start),
                        countries=frozenset(str(c).upper() for c in entry.get("countries", [])),
                        events=frozenset(str(e).lower() for e in entry.get("events", [])),
                    )
                )
        return cls(tuple(conflicts))

    def since(self, text: str, countries: Counter[str], published: dt.date | None) -> tuple[int, int, str] | None:
        """(start, end, ISO interval) for "since the <event>" in text, when the article's
        countries say which conflict it means."""
        for match in SINCE.finditer(text):
            words = match.group("words").lower().split()
            for size in range(len(words), 0, -1):  # longest event name first
                conflict = self._conflict(" ".join(words[:size]), countries)
                if conflict is not None:
                    end = published.isoformat() if published else ".."
                    stop = match.start("words") + len(" ".join(match.group("words").split()[:size]))
                    return match.start(), stop, f"{conflict.start}/{end}"
        return None

    def _conflict(self, event: str, countries: Counter[str]) -> Conflict | None:
        candidates = [c for c in self.conflicts if event in c.events]
        if not candidates:
            return None
        scored = [(sum(countries[x] for x in c.countries), c) for c in candidates]
        best_score, best = max(scored, key=lambda pair: pair[0])
        return best if best_score > 0 else None
