"""The data behind the map page: claims with coordinates, gathered by place, with their kinds,
actors, time span and threads, each place linking to its claims. The page (`/map`) lists the
places and its script draws them on vendored country outlines (static/world-110m.json); the API
(`/api/map`) returns the same data as JSON."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from claimledger.model import Thread
from claimledger.store import ClaimQuery, Store

MAX_THREADS = 12  # threads named per place (the largest); the claims link reaches every claim


@dataclass(frozen=True, slots=True)
class MapThread:
    id: str
    label: str
    claims: int  # of its claims, those at this place

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "claims": self.claims, "url": f"/threads/{self.id}"}


@dataclass(slots=True)
class MapPlace:
    name: str
    country: str | None
    country_name: str | None
    lat: float
    lon: float
    claims: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    actors: Counter[str] = field(default_factory=Counter)
    first: str | None = None
    last: str | None = None
    threads: list[MapThread] = field(default_factory=list)
    url: str = ""  # the claims list, filtered to this place and the map's filters

    @property
    def kind(self) -> str:
        """The kind most of its claims are."""
        return self.kinds.most_common(1)[0][0] if self.kinds else ""

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name, "country": self.country, "country_name": self.country_name,
            "lat": self.lat, "lon": self.lon, "claims": self.claims, "kind": self.kind,
            "kinds": dict(self.kinds.most_common()), "actors": dict(self.actors.most_common()),
            "first": self.first, "last": self.last, "url": self.url,
            "threads": [t.to_json() for t in self.threads],
        }


def map_places(store: Store, query: ClaimQuery) -> list[MapPlace]:
    """The places of the claims matching `query` (its kind, actor, origin, since and until),
    most claims first."""
    with store.connect() as tables:
        counts = tables.claims.by_place(query)
        placed_threads = tables.claims.threads_by_place(query)
    places: dict[tuple[str, float, float], MapPlace] = {}
    for row in counts:
        key = (row.place, row.lat, row.lon)
        place = places.get(key)
        if place is None:
            place = places[key] = MapPlace(row.place, row.country, row.country_name, row.lat, row.lon)
        place.claims += row.claims
        place.kinds[row.kind] += row.claims
        if row.actor:
            place.actors[row.actor] += row.claims
        place.first = min(filter(None, (place.first, row.first)), default=None)
        place.last = max(filter(None, (place.last, row.last)), default=None)
    found: dict[tuple[str, float, float], list[MapThread]] = defaultdict(list)
    for t in placed_threads:
        label = Thread(t.id, t.kind, t.actor, t.actor_id, t.country, t.location, t.split).label
        found[t.place, t.lat, t.lon].append(MapThread(t.id, label, t.claims))
    for key, place in places.items():
        place.threads = sorted(found.get(key, []), key=lambda t: (-t.claims, t.label))[:MAX_THREADS]
        place.url = claims_url(place.name, query)
    return sorted(places.values(), key=lambda p: (-p.claims, p.name))


def claims_url(place: str, query: ClaimQuery) -> str:
    """The claims page, filtered to a place and the map's own filters."""
    shown = {"place": place, "kind": query.kind, "actor": query.actor, "origin": query.origin,
             "since": query.since, "until": query.until}
    return "/claims?" + urlencode({k: v for k, v in shown.items() if v})
