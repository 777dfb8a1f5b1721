"""Building threads: claims about the same quantity (same kind, same actor or subject, compatible
place) assigned to draft threads, before relations and estimates. (Stored threads are
`claimledger.store.threads`'s.)

Within one (kind, actor) group every known country gets a thread; claims whose place is unknown
join the group's main thread (the country with most claims, ties by code), so "one side unknown"
is compatible with either side without chaining countries together. Thread ids hash the key, so
the same claims give the same ids on every run.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from claimledger.reconcile.evidence import Member


def thread_key(kind: str, actor_key: str, country: str | None) -> str:
    return f"{kind}|{actor_key}|{country or ''}"


def split_key(key: str) -> tuple[str, str, str | None]:
    kind, actor_key, country = key.split("|", 2)
    return kind, actor_key, country or None


def thread_id(key: str, split: str = "") -> str:
    text = f"thread|{key}" + (f"|split|{split}" if split else "")
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(slots=True)
class Draft:
    """A thread being built: its identity and members, before relations and estimates."""

    key: str
    kind: str
    actor_key: str
    country: str | None
    split: str = ""
    members: list[Member] = field(default_factory=list)
    id: str = ""

    def __post_init__(self) -> None:
        self.id = thread_id(self.key, self.split)

    def actor(self) -> tuple[str, str | None]:
        """(name as shown, kb id): the most common among members, ties alphabetical."""
        if len(self.members) == 1:
            return self.members[0].actor, self.members[0].actor_id
        names = Counter(m.actor for m in self.members)
        name = min(names, key=lambda n: (-names[n], n)) if names else ""
        ids = sorted({m.actor_id for m in self.members if m.actor_id})
        return name, ids[0] if ids else None

    def location(self) -> str | None:
        if len(self.members) == 1 and self.members[0].country == self.country:
            return self.members[0].country_name or self.country
        names = Counter(m.country_name for m in self.members if m.country == self.country and m.country_name)
        return min(names, key=lambda n: (-names[n], n)) if names else self.country


def assign(members: Iterable[Member]) -> dict[str, Draft]:
    """The automatic threads of a set of claims, by id."""
    groups: dict[tuple[str, str], list[Member]] = defaultdict(list)
    for m in members:
        groups[(m.kind, m.actor_key)].append(m)
    drafts: dict[str, Draft] = {}
    for (kind, actor_key), group in groups.items():
        countries = Counter(m.country for m in group if m.country)
        main = min(countries, key=lambda c: (-countries[c], c)) if countries else None
        by_country: dict[str | None, Draft] = {}
        for m in group:
            country = m.country or main
            draft = by_country.get(country)
            if draft is None:
                draft = by_country[country] = Draft(thread_key(kind, actor_key, country), kind, actor_key, country)
                drafts[draft.id] = draft
            draft.members.append(m)
    return drafts


def main_thread(drafts: dict[str, Draft], kind: str, actor_key: str) -> Draft | None:
    """The thread that claims of this kind and actor with no place join (the largest)."""
    found = [d for d in drafts.values() if d.kind == kind and d.actor_key == actor_key and not d.split]
    return min(found, key=lambda d: (-len(d.members), d.key)) if found else None
