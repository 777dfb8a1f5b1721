"""The typed values that pass between stages.

ingest -> Document -> clean -> Article -> extract -> Claim[] -> store.
Every value carries what produced it (a stage version) and, where it points into text, character
offsets into the cleaned article text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from claimledger.fields import (
    Column,
    Edit,
    Editable,
    Public,
    RowMapping,
    Spec,
    columns,
    csv_entries,
    editable,
    filters,
    json_entries,
    spec,
)
from claimledger.kinds import KINDS, KindName

# The registry's names in its order (data/kinds.yaml).
CLAIM_KINDS: tuple[KindName, ...] = KINDS.names
# How a claim's source puts its figure: as a fact, a forecast, a plan, a possibility, or a
# statement it denies (docs/claims.md, "Modality").
MODALITIES: tuple[str, ...] = ("asserted", "forecast", "planned", "possible", "denied")


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


def _num(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


@dataclass(frozen=True, slots=True)
class Place:
    """A place resolved against the gazetteer."""

    name: str = field(metadata=spec(column="place_name", key=True))
    country: str | None = field(default=None, metadata=spec(column="place_country", length=2))  # ISO 3166-1 alpha-2
    country_name: str | None = field(default=None, metadata=spec(column="place_country_name"))
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True, slots=True)
class Location:
    """A place as the text names it, and what it resolved to."""

    text: str = field(metadata=spec(column="location_text", key=True, edit=Edit("place", name="location")))
    place: Place | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    """A linked entity from the knowledge base."""

    id: str = field(metadata=spec(key=True, length=128))
    name: str
    type: str = field(default="", metadata=spec(length=32))


def _conduits_column(conduits: tuple[str, ...] | None) -> str:
    return json.dumps(list(conduits or ()))


def _conduits_value(column: str) -> tuple[str, ...]:
    return tuple(json.loads(column))


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who the article credits: the origin of the information and the conduits it passed through."""

    origin: str = field(metadata=spec(key=True, edit=Edit("origin")))
    conduits: tuple[str, ...] = field(
        default=(), metadata=spec(encode=_conduits_column, decode=_conduits_value, nullable=False)  # a JSON list
    )
    origin_actor: Actor | None = field(default=None, metadata=spec(column="origin_actor_"))
    cue: str = field(default="", metadata=spec(column="attribution_cue"))  # the words that signalled it ("told", ...)

    def render(self) -> str:
        if not self.conduits:
            return self.origin
        return f"{self.origin} (via {', via '.join(self.conduits)})"


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Character offsets of a claim in the cleaned article text (`text[start:end]`)."""

    start: int
    end: int


def _name(value: Actor | Place | None) -> str | None:
    return value.name if value else None


def _as_dict(value: Any) -> dict[str, Any] | None:
    """A flat value's fields (what `dataclasses.asdict` gives, at a tenth of its cost: every claim
    of an API page pays it twice)."""
    return {name: getattr(value, name) for name in value.__dataclass_fields__} if value is not None else None


def _place(location: Location | None) -> Place | None:
    return location.place if location else None


def _rendered(a: Attribution | None) -> str | None:
    return a.render() if a else None


def _joined(a: Attribution | None) -> str | None:
    return "; ".join(a.conduits) if a and a.conduits else None


# The largest figure review accepts: more than any count of people or things a report gives
# (the world's population is under 1e10), far below where a float loses whole numbers.
MAX_FIGURE = 1e12


def _figure(name: str, not_above: tuple[str, ...] = ()) -> dict[str, Spec]:
    """A number of the claim: whole numbers shown without a decimal point; review may correct it,
    within 0..MAX_FIGURE and at most the figures named in `not_above` (a range's low end is at
    most its value and its high end)."""
    return spec(json=(Public(name, int | float | None, _num),), csv=(Public(name, float | None, _num),),
                edit=Edit("number", maximum=MAX_FIGURE, not_above=not_above))


@dataclass(frozen=True, slots=True, kw_only=True)
class Claim:
    """One assertion in one article: the unit of the ledger (see DESIGN.md, "The claim").

    The one definition of a claim: each field's `spec` says its column(s) in the claims table, its
    entries in the JSON and CSV/Parquet forms, whether review may edit it and which API filter
    searches it (see `claimledger.fields`). Fields are in the order of the public forms.
    """

    article_id: str = field(metadata=spec(length=32, filter=("article",)))
    kind: KindName = field(metadata=spec(length=32, filter=("kind",), edit=Edit("kind", required=True)))
    subject: str = field(metadata=spec(edit=Edit("text", required=True), filter=("q",)))
    actor: Actor | None = field(default=None, metadata=spec(
        column="actor_", json=(Public("actor", Actor | None, _as_dict),), csv=(Public("actor", str | None, _name),),
        filter=("actor",), edit=Edit("actor", shows="name"),
    ))
    value: float | None = field(default=None, metadata=_figure("value", not_above=("value_high",)))
    value_low: float | None = field(default=None, metadata=_figure("value_low", not_above=("value", "value_high")))
    value_high: float | None = field(default=None, metadata=_figure("value_high"))
    approx: bool = field(default=False, metadata=spec(edit=Edit("flag")))
    number_text: str | None = None
    unit: str | None = field(default=None, metadata=spec(length=64, edit=Edit("text")))
    location: Location | None = field(default=None, metadata=spec(
        json=(
            Public("location", str | None, lambda loc: loc.text if loc else None),
            Public("place", Place | None, lambda loc: _as_dict(_place(loc))),
        ),
        csv=(
            Public("location", str | None, lambda loc: loc.text if loc else None),
            Public("place", str | None, lambda loc: _name(_place(loc))),
            Public("country", str | None, lambda loc: p.country if (p := _place(loc)) else None),
            Public("lat", float | None, lambda loc: p.lat if (p := _place(loc)) else None),
            Public("lon", float | None, lambda loc: p.lon if (p := _place(loc)) else None),
        ),
        filter=("place",),
    ))
    time: str | None = field(default=None, metadata=spec(length=64, edit=Edit("time"), filter=("since", "until")))
    attribution: Attribution | None = field(default=None, metadata=spec(
        json=(
            Public("attributed_to", str | None, _rendered),
            Public("origin", str | None, lambda a: a.origin if a else None),
            Public("conduits", list[str], lambda a: list(a.conduits) if a else []),
        ),
        csv=(
            Public("attributed_to", str | None, _rendered),
            Public("origin", str | None, lambda a: a.origin if a else None),
            Public("conduits", str | None, _joined),
        ),
        filter=("origin",),
    ))
    hedged: bool = field(default=False, metadata=spec(edit=Edit("flag")))
    # how the source puts the figure: asserted, forecast, planned, possible or denied (MODALITIES)
    modality: str = field(default="asserted", metadata=spec(length=16, edit=Edit("modality", required=True)))
    quote: str = field(metadata=spec(filter=("q",)))
    span: Span = field(metadata=spec(
        column="span_",
        json=(Public("span", list[int], lambda s: [s.start, s.end]),),
        csv=(Public("span_start", int, lambda s: s.start), Public("span_end", int, lambda s: s.end)),
    ))
    confidence: float = field(default=0.5, metadata=spec(json=(Public("confidence", float, lambda c: round(c, 3)),)))
    extractor_version: str = field(default="", metadata=spec(length=32))
    # The kind extraction gave, kept when review corrects `kind`: the claim's id stays the one
    # extraction gave it (not in the public forms, which show the corrected kind).
    kind_extracted: KindName | None = field(default=None, metadata=spec(length=32, json=(), csv=()))

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
        kind = self.kind_extracted or self.kind
        key = f"{self.article_id}|{self.span.start}|{self.span.end}|{kind}|{self.number_text or ''}"
        return hashlib.sha256(key.encode()).hexdigest()[:24]

    def to_json(self) -> dict[str, Any]:
        """The JSON form of DESIGN.md's claim table (the contract with eval, exports and API)."""
        return {entry.name: entry.get(self) for entry in CLAIM_JSON}


# The views of the definition. `id` leads each public form: it is derived (`Claim.id`), not stored
# as a field, but the claims table keys on it.
_ID = Public("id", str, lambda claim: claim.id)
CLAIM_JSON: tuple[Public, ...] = (_ID, *json_entries(Claim))
CLAIM_CSV: tuple[Public, ...] = (_ID, *csv_entries(Claim))
CLAIM_ROWS = RowMapping(Claim)
CLAIM_COLUMNS: tuple[Column, ...] = columns(Claim)
CLAIM_EDITABLE: tuple[Editable, ...] = editable(Claim)
CLAIM_FILTERS: dict[str, tuple[str, ...]] = filters(Claim)


# -- reconciliation (see DESIGN.md, "Reconciliation"; docs/reconciliation.md) -------------------

RELATIONS: tuple[str, ...] = ("corroborates", "conflicts", "updates", "different_metric", "repeats")
DECISION_ACTIONS: tuple[str, ...] = ("merge", "split", "reject", "accept", "edit")


@dataclass(frozen=True, slots=True)
class NearDuplicate:
    """An article that copies an earlier one (a wire story and its syndicated rewrite)."""

    article_id: str
    original_id: str
    similarity: float = 0.0  # estimated Jaccard similarity of their 5-word shingles


class Relation(NamedTuple):
    """How claim `b` stands to claim `a` (a has the earlier, or the same, as-of date; for
    `different_metric`, a is on `thread_a` and b on `thread_b`).

    A named tuple rather than a dataclass: a million-claim ledger holds millions of them.
    """

    a: str
    b: str
    relation: str  # one of RELATIONS
    thread_a: str = ""
    thread_b: str = ""


@dataclass(frozen=True, slots=True)
class Estimate:
    """Low / best / high of a thread for one as-of period, from independent origins only."""

    as_of: str  # the period, "YYYY-MM"
    low: float | None = None
    best: float | None = None
    high: float | None = None
    origins: tuple[str, ...] = ()
    claims: tuple[str, ...] = ()
    # Claims of the month set aside, not adopted: a lone figure far from several other origins'.
    outliers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ThreadClaim:
    """A claim as a member of a thread: its figure, as-of date and the evidence it belongs to."""

    claim_id: str
    article_id: str
    as_of: dt.date | None = None
    origin: str = ""  # the origin as shown ("National Intelligence Service", "Harbour Daily")
    evidence: str = ""  # the independence key: claims with the same key are one piece of evidence
    value: float | None = None
    value_low: float | None = None
    value_high: float | None = None
    approx: bool = False
    # asserted, forecast, planned, possible or denied: only asserted claims feed estimates.
    modality: str = "asserted"


@dataclass(frozen=True, slots=True)
class Thread:
    """Claims about the same quantity: one kind, one actor (or subject), a compatible place."""

    id: str
    kind: str
    actor: str  # the actor's name, or the subject's words when no actor is linked
    actor_id: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2 of the place, None when unknown
    location: str | None = None  # the country's name as shown
    split: str = ""  # the analyst's label when this thread was split off another
    key: str = ""  # "kind|actor key|country" of the automatic thread it stems from
    claims: tuple[ThreadClaim, ...] = ()
    relations: tuple[Relation, ...] = ()
    estimates: tuple[Estimate, ...] = ()

    @property
    def label(self) -> str:
        kind = KINDS[self.kind].label if self.kind in KINDS else self.kind
        parts = [self.actor, kind] + ([self.location or self.country or ""] if self.country else [])
        text = " · ".join(p for p in parts if p)
        return f"{text} [{self.split}]" if self.split else text

    def to_json(self) -> dict[str, Any]:
        """The JSON form of `claimledger threads --format json` (a contract: keep the names)."""
        return {
            "id": self.id,
            "kind": self.kind,
            "actor": self.actor,
            "actor_id": self.actor_id,
            "location": self.location,
            "country": self.country,
            "split": self.split or None,
            "label": self.label,
            "claims": [
                {
                    "id": c.claim_id,
                    "article_id": c.article_id,
                    "as_of": c.as_of.isoformat() if c.as_of else None,
                    "value": _num(c.value),
                    "value_low": _num(c.value_low),
                    "value_high": _num(c.value_high),
                    "approx": c.approx,
                    "origin": c.origin,
                    "evidence": c.evidence,
                    "modality": c.modality,
                }
                for c in self.claims
            ],
            "relations": [
                {"a": r.a, "b": r.b, "relation": r.relation}
                | ({"other_thread": r.thread_b if r.thread_a == self.id else r.thread_a}
                   if r.thread_a != r.thread_b else {})
                for r in self.relations
            ],
            "estimates": [
                {
                    "as_of": e.as_of,
                    "low": _num(e.low),
                    "best": _num(e.best),
                    "high": _num(e.high),
                    "origins": list(e.origins),
                    "claims": list(e.claims),
                    "outliers": list(e.outliers),
                }
                for e in self.estimates
            ],
        }


@dataclass(frozen=True, slots=True)
class Decision:
    """An analyst's decision, kept apart from derived data so re-extraction and re-runs keep it.

    merge: `other_thread` joins `thread`. split: the claim leaves `thread` for a new thread named
    `label`. reject: the claim is left out of threads, relations and estimates. accept: an analyst
    checked the claim. edit: the claim's fields in `changes` were corrected (reapplied after
    re-extraction). Claims are found again after re-extraction by id, else by their article and span.
    """

    action: str  # one of DECISION_ACTIONS
    thread: str = ""
    other_thread: str = ""
    thread_key: str = ""  # the threads' keys, to find them again when ids move
    other_thread_key: str = ""
    claim_id: str = ""
    article_id: str = ""
    span_start: int | None = None
    span_end: int | None = None
    number_text: str | None = None
    label: str = ""
    note: str = ""
    id: int | None = None
    created: dt.datetime | None = None
    changes: tuple[tuple[str, Any], ...] = ()  # (field, new value) of an edit
