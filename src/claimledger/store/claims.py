"""Claims as their readers query them: the facts reconciliation reads (no article text), the
filters of the web lists, and the counts behind the sources page. Whole claims come from
`Store.claims`, `Store.claim_page` and `Store.claims_by_id`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import Connection, func, or_, select

from claimledger.store.bulk import chunks
from claimledger.store.schema import claims, relations, thread_claims, threads
from claimledger.store.search import text_filter


class ClaimFacts(NamedTuple):
    """The columns of a claim that reconciliation reads (the quote for the modality of a claim
    stored before it had one)."""

    id: str
    article_id: str
    kind: str
    subject: str
    actor_id: str | None
    actor_name: str | None
    value: float | None
    value_low: float | None
    value_high: float | None
    approx: bool
    place_country: str | None
    place_country_name: str | None
    time: str | None
    origin: str | None
    origin_actor_id: str | None
    span_start: int
    span_end: int
    number_text: str | None
    hedged: bool | None
    quote: str | None  # read for the modality of a claim stored without one (reconcile.modality)
    modality: str | None  # set by the extractor; NULL on rows stored before migration 0008


_FACT_COLUMNS = [getattr(claims.c, name) for name in ClaimFacts._fields]


class PlacedCount(NamedTuple):
    """How many claims of one kind and actor a place has (the map)."""

    place: str
    country: str | None
    country_name: str | None
    lat: float
    lon: float
    kind: str
    actor: str | None
    claims: int
    first: str | None  # earliest claim time
    last: str | None


class PlacedThread(NamedTuple):
    """A thread with claims at a place, and how many (the map)."""

    place: str
    lat: float
    lon: float
    id: str
    kind: str
    actor: str
    actor_id: str | None
    country: str | None
    location: str | None
    split: str
    claims: int


def resolved_origin(table: Any) -> Any:
    """The origin a claim resolves to: its knowledge-base actor's name, else its words."""
    return func.coalesce(table.c.origin_actor_name, table.c.origin)


@dataclass(frozen=True, slots=True)
class ClaimQuery:
    """The filters of the web application's claim list (all must hold)."""

    kind: str | None = None
    actor: str | None = None  # knowledge-base id, or words of the actor's name
    origin: str | None = None  # words of the origin or a conduit
    place: str | None = None  # ISO country code, or words of the place
    since: str | None = None  # claim time, ISO date of reduced precision
    until: str | None = None
    q: str | None = None  # words of the subject or quote (full-text)
    article_id: str | None = None
    after: str | None = None
    limit: int = 50
    sort: str = "id"  # or newest / oldest by claim time, or confidence, least sure first (store.order)


def claim_conditions(query: ClaimQuery, dialect: str) -> list[Any]:
    """WHERE clauses of the claims table for these filters (`since` and `until` compared at the
    coarser of the two precisions: a claim of "2025-01" is since 2025-01-20)."""
    found: list[Any] = []
    if query.after and query.sort == "id":
        found.append(claims.c.id > query.after)
    if query.kind:
        found.append(claims.c.kind == query.kind)
    if query.article_id:
        found.append(claims.c.article_id == query.article_id)
    if query.actor:
        found.append(actor_matches(claims.c.actor_id, claims.c.actor_name, query.actor))
    if query.origin:
        found.append(or_(contains(claims.c.origin, query.origin), contains(claims.c.conduits, query.origin)))
    if query.place:
        place = query.place.strip()
        if len(place) == 2 and place.isalpha():
            found.append(claims.c.place_country == place.upper())
        else:
            found.append(or_(contains(claims.c.place_name, place), contains(claims.c.location_text, place)))
    for bound, at_least in ((query.since, True), (query.until, False)):
        if bound:
            head = func.substr(claims.c.time, 1, len(bound))
            cut = func.substr(bound, 1, func.length(head))
            found.append(head >= cut if at_least else head <= cut)
    if query.q:
        found.append(text_filter(claims, query.q, dialect))
    return found


def actor_matches(id_column: Any, name_column: Any, actor: str) -> Any:
    """A knowledge-base id ("state:KP", indexed) or words of the actor's name."""
    actor = actor.strip()
    return id_column == actor if ":" in actor else contains(name_column, actor)


def contains(column: Any, words: str) -> Any:
    """Case-insensitive substring match; the user's % and _ match themselves."""
    escaped = words.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.ilike(f"%{escaped}%", escape="\\")


class ClaimTables:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    # -- as reconciliation reads them --------------------------------------------------------------

    def facts(
        self,
        kinds: Iterable[str],
        *,
        with_actor: bool | None = None,
        actor_range: tuple[str | None, str | None] = (None, None),
        actor_ids: Sequence[str] | None = None,
    ) -> Iterator[ClaimFacts]:
        """Claims of the given kinds. `with_actor` True streams those with an actor in actor order,
        optionally only actors in [low, high) of `actor_range`, or only the given `actor_ids`;
        False streams those without one in subject order."""
        query = select(*_FACT_COLUMNS).where(claims.c.kind.in_(sorted(kinds)))
        if with_actor is True:
            query = query.where(claims.c.actor_id.is_not(None)).order_by(claims.c.actor_id)
            low, high = actor_range
            if low is not None:
                query = query.where(claims.c.actor_id >= low)
            if high is not None:
                query = query.where(claims.c.actor_id < high)
            if actor_ids is not None:
                query = query.where(claims.c.actor_id.in_(sorted(actor_ids)))
        elif with_actor is False:
            query = query.where(claims.c.actor_id.is_(None)).order_by(claims.c.subject)
        for row in self.conn.execute(query, execution_options={"yield_per": 5000}):
            yield ClaimFacts._make(row)

    def subject_counts(self, kinds: Iterable[str]) -> dict[str, int]:
        """How many claims of the given kinds without an actor each subject has."""
        query = (
            select(claims.c.subject, func.count())
            .where(claims.c.kind.in_(sorted(kinds)), claims.c.actor_id.is_(None))
            .group_by(claims.c.subject)
        )
        return {subject: n for subject, n in self.conn.execute(query)}

    def actor_splits(self, shares: Sequence[float]) -> list[str]:
        """Actor ids that cut the claims with an actor into ranges holding these shares of them."""
        total = self.with_and_without_actor()[0]
        cuts: list[str] = []
        done = 0.0
        for share in shares[:-1]:
            done += share
            query = (
                select(claims.c.actor_id).where(claims.c.actor_id.is_not(None))
                .order_by(claims.c.actor_id).offset(int(total * done)).limit(1)
            )
            cut = self.conn.scalar(query)
            if cut is not None and (not cuts or cut > cuts[-1]):
                cuts.append(cut)
        return cuts

    def scene_actors(
        self, kinds: Iterable[str], actor_types: Iterable[str], article_ids: Sequence[str] | None = None,
        most: int = 3,
    ) -> list[tuple[str, str, str | None, str | None]]:
        """(article, actor id, actor name, place country) of the claims of these kinds whose actor
        is of these types, in articles that also hold a claim of these kinds with no actor and
        name at most `most` such actors (or only in `article_ids`)."""
        wanted, types = sorted(kinds), sorted(actor_types)
        with_actor = (claims.c.kind.in_(wanted), claims.c.actor_id.is_not(None), claims.c.actor_type.in_(types))
        cols = (claims.c.article_id, claims.c.actor_id, claims.c.actor_name, claims.c.place_country)
        out: list[tuple[str, str, str | None, str | None]] = []
        for chunk in chunks(list(article_ids)) if article_ids is not None else [None]:
            within = (claims.c.article_id.in_(chunk),) if chunk is not None else ()
            unlinked = select(claims.c.article_id).where(claims.c.kind.in_(wanted), claims.c.actor_id.is_(None), *within)
            few = (select(claims.c.article_id).where(*with_actor, claims.c.article_id.in_(unlinked))
                   .group_by(claims.c.article_id).having(func.count(claims.c.actor_id.distinct()) <= most))
            query = select(*cols).where(*with_actor, claims.c.article_id.in_(few)).distinct()
            out.extend((a, actor, name, country) for a, actor, name, country in self.conn.execute(query))
        return out

    def generic_origins(self, article_ids: Sequence[str] | None = None) -> list[tuple[str, str, str, str | None]]:
        """(article, origin in lower case, named origin, its actor id) where an article credits an
        origin written in lower case only ("officials", "agency") and, in another claim, a named
        origin ending in the same words ("Western officials", "South Korea's spy agency")."""
        g, n = claims.alias("g"), claims.alias("n")
        query = (
            select(g.c.article_id, g.c.origin, n.c.origin, n.c.origin_actor_id)
            .join(n, n.c.article_id == g.c.article_id)
            .where(g.c.origin == func.lower(g.c.origin), n.c.origin != func.lower(n.c.origin),
                   n.c.origin.like("% " + g.c.origin))
            .distinct()
        )
        out: list[tuple[str, str, str, str | None]] = []
        for chunk in chunks(list(article_ids)) if article_ids is not None else [None]:
            q = query if chunk is None else query.where(g.c.article_id.in_(chunk))
            out.extend((a, o, named, actor) for a, o, named, actor in self.conn.execute(q))
        return out

    def with_and_without_actor(self) -> tuple[int, int]:
        """(claims with an actor, claims without)."""
        count = select(func.count()).select_from(claims)
        with_actor = self.conn.scalar(count.where(claims.c.actor_id.is_not(None))) or 0
        without = self.conn.scalar(count.where(claims.c.actor_id.is_(None))) or 0
        return with_actor, without

    def facts_of_articles(self, article_ids: Sequence[str], kinds: Iterable[str]) -> list[ClaimFacts]:
        out: list[ClaimFacts] = []
        wanted = sorted(kinds)
        for chunk in chunks(list(article_ids)):
            query = select(*_FACT_COLUMNS).where(claims.c.article_id.in_(chunk), claims.c.kind.in_(wanted))
            out.extend(ClaimFacts._make(r) for r in self.conn.execute(query))
        return out

    def facts_of_threads(self, actor_keys: Sequence[str], kinds: Iterable[str] | None = None) -> list[ClaimFacts]:
        """Claims currently threaded under these actor keys (of these kinds, when given: review may
        have changed a claim's kind to one that is not threaded)."""
        out: list[ClaimFacts] = []
        wanted = sorted(kinds) if kinds is not None else None
        for chunk in chunks(list(actor_keys)):
            query = (
                select(*_FACT_COLUMNS)
                .join(thread_claims, thread_claims.c.claim_id == claims.c.id)
                .where(thread_claims.c.actor_key.in_(chunk))
            )
            if wanted is not None:
                query = query.where(claims.c.kind.in_(wanted))
            out.extend(ClaimFacts._make(r) for r in self.conn.execute(query))
        return out

    def facts_by_id(self, claim_ids: Sequence[str]) -> list[ClaimFacts]:
        out: list[ClaimFacts] = []
        for chunk in chunks(list(claim_ids)):
            query = select(*_FACT_COLUMNS).where(claims.c.id.in_(chunk))
            out.extend(ClaimFacts._make(r) for r in self.conn.execute(query))
        return out

    def ids_like(self, prefix: str, limit: int = 2) -> list[str]:
        return list(self.conn.scalars(select(claims.c.id).where(claims.c.id.like(f"{prefix}%")).limit(limit)))

    # -- the map: claims by place ---------------------------------------------------------------

    def by_place(self, query: ClaimQuery) -> list[PlacedCount]:
        """Claims with coordinates matching the filters, counted by place, kind and actor, with
        their earliest and latest claim time."""
        place = (claims.c.place_name, claims.c.place_country, claims.c.place_country_name, claims.c.lat, claims.c.lon)
        stmt = (
            select(*place, claims.c.kind, claims.c.actor_name, func.count(), func.min(claims.c.time),
                   func.max(claims.c.time))
            .where(claims.c.lat.is_not(None), claims.c.lon.is_not(None),
                   *claim_conditions(query, self.conn.dialect.name))
            .group_by(*place, claims.c.kind, claims.c.actor_name)
        )
        return [PlacedCount._make(row) for row in self.conn.execute(stmt)]

    def threads_by_place(self, query: ClaimQuery) -> list[PlacedThread]:
        """The threads holding claims (matching the filters) at each place, with how many."""
        stmt = (
            select(claims.c.place_name, claims.c.lat, claims.c.lon, threads.c.id, threads.c.kind, threads.c.actor,
                   threads.c.actor_id, threads.c.country, threads.c.location, threads.c.split, func.count())
            .join(thread_claims, thread_claims.c.claim_id == claims.c.id)
            .join(threads, threads.c.id == thread_claims.c.thread_id)
            .where(claims.c.lat.is_not(None), claims.c.lon.is_not(None),
                   *claim_conditions(query, self.conn.dialect.name))
            .group_by(claims.c.place_name, claims.c.lat, claims.c.lon, threads.c.id, threads.c.kind, threads.c.actor,
                      threads.c.actor_id, threads.c.country, threads.c.location, threads.c.split)
        )
        return [PlacedThread._make(row) for row in self.conn.execute(stmt)]

    # -- sources: origins and conduits -------------------------------------------------------------

    def origin_counts(self, limit: int) -> list[tuple[str, int]]:
        """The `limit` origins with most claims, with their claim counts, most first. An origin is
        the knowledge-base actor it resolves to (its name), else its words: "South Korea's spy
        agency" and "NIS" are one origin."""
        origin = resolved_origin(claims)
        query = (select(origin, func.count()).where(claims.c.origin.is_not(None))
                 .group_by(origin).order_by(func.count().desc(), origin).limit(limit))
        return [(name, n) for name, n in self.conn.execute(query)]

    def origin_thread_counts(self, names: Sequence[str]) -> dict[str, int]:
        """How many threads hold claims of each of these (resolved) origins."""
        if not names:
            return {}
        # thread_claims has no index on claim_id: read it once, keeping the rows whose claim is in
        # the set of these origins' claims, rather than search it once per claim
        origin = resolved_origin(claims)
        theirs = select(claims.c.id).where(origin.in_(list(names)))
        query = (select(origin, func.count(thread_claims.c.thread_id.distinct()))
                 .select_from(thread_claims).join(claims, claims.c.id == thread_claims.c.claim_id)
                 .where(thread_claims.c.claim_id.in_(theirs)).group_by(origin))
        return {name: n for name, n in self.conn.execute(query)}

    def conduit_counts(self) -> list[tuple[str, int, int]]:
        """(conduits as stored (a JSON list), claims, threads) of every chain of conduits."""
        query = (select(claims.c.conduits, func.count(), func.count(thread_claims.c.thread_id.distinct()))
                 .outerjoin(thread_claims, thread_claims.c.claim_id == claims.c.id)
                 .where(claims.c.conduits != "[]").group_by(claims.c.conduits))
        return [(conduits, n, t) for conduits, n, t in self.conn.execute(query)]

    def origin_relations(self, names: Sequence[str]) -> list[tuple[str, str, str, int]]:
        """(origin, other origin, corroborates or conflicts, how many claim pairs) where one of the
        two is among these names."""
        if not names:
            return []
        a, b = claims.alias("a"), claims.alias("b")
        oa, ob = resolved_origin(a), resolved_origin(b)
        query = (
            select(oa, ob, relations.c.relation, func.count())
            .join(a, a.c.id == relations.c.a).join(b, b.c.id == relations.c.b)
            .where(relations.c.relation.in_(("corroborates", "conflicts")),
                   a.c.origin.is_not(None), b.c.origin.is_not(None), oa != ob,
                   or_(oa.in_(list(names)), ob.in_(list(names))))
            .group_by(oa, ob, relations.c.relation)
        )
        return [(x, y, rel, n) for x, y, rel, n in self.conn.execute(query)]
