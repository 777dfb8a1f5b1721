"""The typed values that pass between stages.

ingest -> Document -> clean -> Article -> extract -> Claim[] -> store.
Every value carries what produced it (a stage version) and, where it points into text, character
offsets into the cleaned article text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

CLAIM_KINDS: tuple[str, ...] = (
    "troops_deployed",
    "reinforcements",
    "withdrawn",
    "killed",
    "wounded",
    "killed_or_wounded",
    "captured",
    "missing",
    "weapons_supplied",
    "incident",
    "statement",
    "other_quantity",
)


def content_id(data: bytes) -> str:
    """The id of a document: a hash of its bytes, so the same content is never stored twice."""
    return hashlib.sha256(data).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class Metadata:
    """What is known about an article apart from its text."""

    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: dt.date | None = None
    published_inferred: bool = False
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """One input as read from disk or a record: decoded text plus where it came from.

    `id` hashes the input's bytes as received; `body` is the text with any front matter removed
    (its fields are in `metadata`).
    """

    id: str
    source: str
    media_type: str  # "text", "markdown", "html"
    body: str
    metadata: Metadata = field(default_factory=Metadata)


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input that could not be used, kept with the reason so nothing is silently lost."""

    source: str
    reason: str
    content_id: str | None = None


@dataclass(frozen=True, slots=True)
class Citation:
    """One entry of an article's reference list."""

    text: str
    start: int
    end: int
    author: str | None = None
    outlet: str | None = None
    date: dt.date | None = None
    title: str | None = None
    url: str | None = None
    accessed: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned document: the text claims point into, its metadata and its reference list."""

    id: str
    source: str
    text: str
    metadata: Metadata
    citations: tuple[Citation, ...] = ()
    cleaner_version: str = ""

    @property
    def word_count(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True, slots=True)
class Place:
    """A place resolved against the gazetteer."""

    name: str
    country: str | None = None  # ISO 3166-1 alpha-2
    country_name: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True, slots=True)
class Location:
    """A place as the text names it, and what it resolved to."""

    text: str
    place: Place | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    """A linked entity from the knowledge base."""

    id: str
    name: str
    type: str = ""


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who the article credits: the origin of the information and the conduits it passed through."""

    origin: str
    conduits: tuple[str, ...] = ()
    origin_actor: Actor | None = None
    cue: str = ""  # the words that signalled it ("told", "according to", ...)

    def render(self) -> str:
        if not self.conduits:
            return self.origin
        return f"{self.origin} (via {', via '.join(self.conduits)})"


@dataclass(frozen=True, slots=True)
class Claim:
    """One assertion in one article: the unit of the ledger (see DESIGN.md, "The claim")."""

    article_id: str
    kind: str
    subject: str
    quote: str
    start: int
    end: int
    actor: Actor | None = None
    value: float | None = None
    value_low: float | None = None
    value_high: float | None = None
    approx: bool = False
    number_text: str | None = None
    unit: str | None = None
    location: Location | None = None
    time: str | None = None
    attribution: Attribution | None = None
    hedged: bool = False
    confidence: float = 0.5
    extractor_version: str = ""

    @property
    def attributed_to(self) -> str | None:
        return self.attribution.render() if self.attribution else None

    @property
    def origin(self) -> str | None:
        return self.attribution.origin if self.attribution else None

    @property
    def conduits(self) -> tuple[str, ...]:
        return self.attribution.conduits if self.attribution else ()

    @property
    def id(self) -> str:
        """Stable across re-runs: the same article, span, kind and number give the same id."""
        key = f"{self.article_id}|{self.start}|{self.end}|{self.kind}|{self.number_text or ''}"
        return hashlib.sha256(key.encode()).hexdigest()[:24]

    def to_json(self) -> dict[str, Any]:
        """The JSON form of DESIGN.md's claim table (the contract with eval, exports and API)."""
        loc = self.location
        return {
            "id": self.id,
            "article_id": self.article_id,
            "kind": self.kind,
            "subject": self.subject,
            "actor": asdict(self.actor) if self.actor else None,
            "value": _num(self.value),
            "value_low": _num(self.value_low),
            "value_high": _num(self.value_high),
            "approx": self.approx,
            "number_text": self.number_text,
            "unit": self.unit,
            "location": loc.text if loc else None,
            "place": asdict(loc.place) if loc and loc.place else None,
            "time": self.time,
            "attributed_to": self.attributed_to,
            "origin": self.origin,
            "conduits": list(self.conduits),
            "hedged": self.hedged,
            "quote": self.quote,
            "span": [self.start, self.end],
            "confidence": round(self.confidence, 3),
            "extractor_version": self.extractor_version,
        }


def _num(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value
