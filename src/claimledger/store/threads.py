"""The reconciliation tables: reading threads for front ends, writing them for `reconcile`.

Derived tables (threads, thread_claims, relations, estimates, near_duplicates) are rebuilt at
will; signatures are a cache keyed by content-addressed article ids; decisions are only added.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple, Protocol

from sqlalchemy import Connection, Table, and_, delete, false, func, insert, or_, select

from claimledger.model import Decision, Estimate, NearDuplicate, Relation, Thread, ThreadClaim
from claimledger.store.schema import (
    DERIVED,
    article_signatures,
    articles,
    claims,
    decisions,
    estimates,
    near_duplicates,
    reconcile_queue,
    relations,
    thread_claims,
    threads,
)

RECONCILE_LOCK = 0x636C_6C65_6467_6572  # PostgreSQL advisory lock key ("clledger")
CHUNK = 500  # ids per IN (...) clause: well under every backend's parameter limit
WRITE_BATCH = 20_000


class ClaimFacts(NamedTuple):
    """The columns of a claim that reconciliation reads (no quote, no text)."""

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


class ArticleFacts(NamedTuple):
    id: str
    published: dt.date | None
    outlet: str | None
    ingested_at: dt.datetime | None


_FACT_COLUMNS = [getattr(claims.c, name) for name in ClaimFacts._fields]


def _chunks(items: Sequence[str], size: int = CHUNK) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


# -- one reconciliation at a time ----------------------------------------------------------------


def lock_for_reconcile(conn: Connection) -> None:
    """Make this transaction the only one reconciling the ledger until it ends.

    Reconciliation reads threads and claims, then rewrites threads: two processes doing it at once
    would each overwrite the other's view. Call first in the transaction. On PostgreSQL this is a
    transaction-scoped advisory lock (reads that follow see everything committed before it). On
    SQLite, whose driver begins a transaction only at the first write, a write that matches
    nothing takes the database's write lock now, so the reads that follow belong to the same
    transaction and no other writer commits in between.
    """
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({RECONCILE_LOCK})")
    else:
        conn.execute(delete(reconcile_queue).where(false()))


def dequeue(conn: Connection, article_ids: Sequence[str]) -> None:
    """These articles are reconciled (in the transaction that wrote their threads)."""
    for chunk in _chunks(list(article_ids)):
        conn.execute(delete(reconcile_queue).where(reconcile_queue.c.article_id.in_(chunk)))


def clear_queue(conn: Connection) -> None:
    conn.execute(delete(reconcile_queue))


# -- claims and articles as reconciliation reads them -------------------------------------------


def claim_facts(
    conn: Connection,
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
    for row in conn.execute(query, execution_options={"yield_per": 5000}):
        yield ClaimFacts._make(row)


def subject_counts(conn: Connection, kinds: Iterable[str]) -> dict[str, int]:
    """How many claims of the given kinds without an actor each subject has."""
    query = (
        select(claims.c.subject, func.count())
        .where(claims.c.kind.in_(sorted(kinds)), claims.c.actor_id.is_(None))
        .group_by(claims.c.subject)
    )
    return {subject: n for subject, n in conn.execute(query)}


def actor_splits(conn: Connection, shares: Sequence[float]) -> list[str]:
    """Actor ids that cut the claims with an actor into ranges holding these shares of them."""
    total = conn.scalar(select(func.count()).select_from(claims).where(claims.c.actor_id.is_not(None))) or 0
    cuts: list[str] = []
    done = 0.0
    for share in shares[:-1]:
        done += share
        query = (
            select(claims.c.actor_id).where(claims.c.actor_id.is_not(None))
            .order_by(claims.c.actor_id).offset(int(total * done)).limit(1)
        )
        cut = conn.scalar(query)
        if cut is not None and (not cuts or cut > cuts[-1]):
            cuts.append(cut)
    return cuts


def claims_without_actor(conn: Connection) -> tuple[int, int]:
    """(claims with an actor, claims without)."""
    with_actor = conn.scalar(select(func.count()).select_from(claims).where(claims.c.actor_id.is_not(None))) or 0
    without = conn.scalar(select(func.count()).select_from(claims).where(claims.c.actor_id.is_(None))) or 0
    return with_actor, without


def claim_facts_of_articles(conn: Connection, article_ids: Sequence[str], kinds: Iterable[str]) -> list[ClaimFacts]:
    out: list[ClaimFacts] = []
    wanted = sorted(kinds)
    for chunk in _chunks(list(article_ids)):
        query = select(*_FACT_COLUMNS).where(claims.c.article_id.in_(chunk), claims.c.kind.in_(wanted))
        out.extend(ClaimFacts._make(r) for r in conn.execute(query))
    return out


def claim_facts_of_threads(conn: Connection, actor_keys: Sequence[str]) -> list[ClaimFacts]:
    """Claims currently threaded under these actor keys."""
    out: list[ClaimFacts] = []
    for chunk in _chunks(list(actor_keys)):
        query = (
            select(*_FACT_COLUMNS)
            .join(thread_claims, thread_claims.c.claim_id == claims.c.id)
            .where(thread_claims.c.actor_key.in_(chunk))
        )
        out.extend(ClaimFacts._make(r) for r in conn.execute(query))
    return out


def claim_facts_by_id(conn: Connection, claim_ids: Sequence[str]) -> list[ClaimFacts]:
    out: list[ClaimFacts] = []
    for chunk in _chunks(list(claim_ids)):
        out.extend(ClaimFacts._make(r) for r in conn.execute(select(*_FACT_COLUMNS).where(claims.c.id.in_(chunk))))
    return out


def claim_ids_like(conn: Connection, prefix: str, limit: int = 2) -> list[str]:
    return list(conn.scalars(select(claims.c.id).where(claims.c.id.like(f"{prefix}%")).limit(limit)))


def article_facts(conn: Connection, article_ids: Sequence[str] | None = None) -> dict[str, ArticleFacts]:
    cols = (articles.c.id, articles.c.published, articles.c.outlet, articles.c.ingested_at)
    if article_ids is None:
        return {r.id: ArticleFacts._make(r) for r in conn.execute(select(*cols))}
    out: dict[str, ArticleFacts] = {}
    for chunk in _chunks(list(article_ids)):
        out.update({r.id: ArticleFacts._make(r) for r in conn.execute(select(*cols).where(articles.c.id.in_(chunk)))})
    return out


def article_texts(conn: Connection, article_ids: Sequence[str]) -> Iterator[tuple[str, str]]:
    if len(article_ids) > 50_000:  # most of the ledger: one scan beats many IN lists
        wanted = set(article_ids)
        for row in conn.execute(select(articles.c.id, articles.c.text), execution_options={"yield_per": 2000}):
            if row.id in wanted:
                yield row.id, row.text
        return
    for chunk in _chunks(list(article_ids)):
        for row in conn.execute(select(articles.c.id, articles.c.text).where(articles.c.id.in_(chunk))):
            yield row.id, row.text


def thread_count(conn: Connection) -> int:
    return conn.scalar(select(func.count()).select_from(threads)) or 0


# -- near-duplicates and signatures -----------------------------------------------------------------


def signatures(conn: Connection, scheme: str, article_ids: Sequence[str] | None = None) -> dict[str, bytes]:
    """Stored signatures under this scheme: all of them, or those of these articles."""
    query = select(article_signatures.c.article_id, article_signatures.c.signature).where(
        article_signatures.c.scheme == scheme
    )
    if article_ids is None:
        return {r.article_id: r.signature for r in conn.execute(query)}
    if len(article_ids) > 50_000:  # most of the ledger: one scan beats many IN lists
        wanted = set(article_ids)
        return {r.article_id: r.signature for r in conn.execute(query) if r.article_id in wanted}
    out: dict[str, bytes] = {}
    for chunk in _chunks(list(article_ids)):
        out.update({r.article_id: r.signature for r in conn.execute(query.where(article_signatures.c.article_id.in_(chunk)))})
    return out


def forget_other_signatures(conn: Connection, scheme: str) -> None:
    """Signatures made under other rules are recomputed, not compared."""
    conn.execute(delete(article_signatures).where(article_signatures.c.scheme != scheme))


def save_signatures(conn: Connection, scheme: str, items: Sequence[tuple[str, bytes]]) -> None:
    """Signatures of articles that have none under this scheme."""
    bulk_insert(conn, article_signatures, ("article_id", "scheme", "signature"), [(a, scheme, s) for a, s in items])


def read_near_duplicates(conn: Connection) -> list[NearDuplicate]:
    query = select(near_duplicates).order_by(near_duplicates.c.original_id, near_duplicates.c.article_id)
    return [NearDuplicate(r.article_id, r.original_id, r.similarity) for r in conn.execute(query)]


def add_near_duplicates(conn: Connection, pairs: Sequence[NearDuplicate]) -> None:
    known = {(p.article_id, p.original_id) for p in read_near_duplicates(conn)}
    rows = [
        {"article_id": p.article_id, "original_id": p.original_id, "similarity": p.similarity}
        for p in {(p.article_id, p.original_id): p for p in pairs}.values()
        if (p.article_id, p.original_id) not in known
    ]
    if rows:
        conn.execute(insert(near_duplicates), rows)


def clear_near_duplicates(conn: Connection) -> None:
    conn.execute(delete(near_duplicates))


# -- decisions ---------------------------------------------------------------------------------------


def add_decisions(conn: Connection, items: Sequence[Decision]) -> None:
    now = dt.datetime.now(dt.UTC)
    rows = [
        {
            "action": d.action,
            "thread_id": d.thread,
            "other_thread_id": d.other_thread,
            "thread_key": d.thread_key,
            "other_thread_key": d.other_thread_key,
            "claim_id": d.claim_id,
            "article_id": d.article_id,
            "span_start": d.span_start,
            "span_end": d.span_end,
            "number_text": d.number_text,
            "label": d.label,
            "note": d.note,
            "created_at": d.created or now,
            "changes": json.dumps(dict(d.changes)) if d.changes else None,
        }
        for d in items
    ]
    if rows:
        conn.execute(insert(decisions), rows)


def read_decisions(conn: Connection) -> list[Decision]:
    return [
        Decision(
            action=r.action,
            thread=r.thread_id,
            other_thread=r.other_thread_id,
            thread_key=r.thread_key,
            other_thread_key=r.other_thread_key,
            claim_id=r.claim_id,
            article_id=r.article_id,
            span_start=r.span_start,
            span_end=r.span_end,
            number_text=r.number_text,
            label=r.label,
            note=r.note,
            id=r.id,
            created=r.created_at,
            changes=tuple(json.loads(r.changes).items()) if r.changes else (),
        )
        for r in conn.execute(select(decisions).order_by(decisions.c.id))
    ]


# -- derived thread tables ----------------------------------------------------------------------------


def clear_threads(conn: Connection) -> None:
    for table in (relations, estimates, thread_claims, threads):
        conn.execute(delete(table))


def drop_thread_indexes(conn: Connection) -> None:
    """Before a bulk load into emptied derived tables (recreate them with create_thread_indexes)."""
    if conn.dialect.name == "sqlite":  # room to sort while indexing (per connection, ~128 MB)
        conn.exec_driver_sql("PRAGMA cache_size=-131072")
    for table in DERIVED:
        for index in table.indexes:
            index.drop(conn, checkfirst=True)


def create_thread_indexes(conn: Connection) -> None:
    for table in DERIVED:
        for index in table.indexes:
            index.create(conn, checkfirst=True)
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA cache_size=-2000")  # back to SQLite's default


def actor_keys_of_articles(conn: Connection, article_ids: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(list(article_ids)):
        query = select(thread_claims.c.actor_key).where(thread_claims.c.article_id.in_(chunk)).distinct()
        found.update(conn.scalars(query))
    return found


def thread_info(conn: Connection, thread_id: str) -> tuple[str, str] | None:
    """(id, key) of a thread, by id or unique id prefix."""
    rows = conn.execute(
        select(threads.c.id, threads.c.key).where(threads.c.id.like(f"{thread_id}%")).limit(2)
    ).all()
    return (rows[0].id, rows[0].key) if len(rows) == 1 else None


def actor_keys_of_threads(conn: Connection, thread_ids: Sequence[str]) -> set[str]:
    query = select(thread_claims.c.actor_key).where(thread_claims.c.thread_id.in_(list(thread_ids))).distinct()
    return set(conn.scalars(query))


def delete_units(conn: Connection, actor_keys: Sequence[str]) -> None:
    """Remove the derived rows of every thread holding claims of these actor keys."""
    ids: set[str] = set()
    for chunk in _chunks(list(actor_keys)):
        query = select(thread_claims.c.thread_id).where(thread_claims.c.actor_key.in_(chunk)).distinct()
        ids.update(conn.scalars(query))
    for chunk in _chunks(sorted(ids)):
        conn.execute(delete(relations).where(or_(relations.c.thread_a.in_(chunk), relations.c.thread_b.in_(chunk))))
        conn.execute(delete(estimates).where(estimates.c.thread_id.in_(chunk)))
        conn.execute(delete(thread_claims).where(thread_claims.c.thread_id.in_(chunk)))
        conn.execute(delete(threads).where(threads.c.id.in_(chunk)))
    for chunk in _chunks(list(actor_keys)):  # stale members of deleted claims
        conn.execute(delete(thread_claims).where(thread_claims.c.actor_key.in_(chunk)))


_THREAD_COLUMNS = ("id", "key", "kind", "actor_key", "actor", "actor_id", "country", "location", "split",
                   "claims", "origins", "first_as_of", "last_as_of")
_MEMBER_COLUMNS = ("claim_id", "thread_id", "article_id", "actor_key", "as_of", "origin", "evidence")
_RELATION_COLUMNS = ("a", "b", "relation", "thread_a", "thread_b")
_ESTIMATE_COLUMNS = ("thread_id", "as_of", "low", "best", "high", "origins", "claims")
_PLACEHOLDER = {"qmark": "?", "format": "%s", "pyformat": "%s"}


def bulk_insert(conn: Connection, table: Table, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """executemany straight to the driver: Core's per-row parameter handling would dominate the
    time of a million-claim rebuild. Values must be what the driver takes as they are: dates as
    ISO strings (what SQLAlchemy stores in SQLite, and what PostgreSQL casts)."""
    if not rows:
        return
    mark = _PLACEHOLDER.get(conn.dialect.paramstyle)
    if mark is None:  # a driver with numeric or named parameters: let Core handle it
        conn.execute(insert(table), [dict(zip(columns, r, strict=True)) for r in rows])
        return
    sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"
    conn.exec_driver_sql(sql, rows)  # type: ignore[arg-type]


class ThreadRow(NamedTuple):
    id: str
    key: str
    kind: str
    actor_key: str
    actor: str
    actor_id: str | None
    country: str | None
    location: str | None
    split: str
    claims: int
    origins: int
    first_as_of: str | None  # ISO date
    last_as_of: str | None


# claim_id, thread_id, article_id, actor_key, as_of (ISO date), origin, evidence: one per claim
MemberRow = tuple[str, str, str, str, str | None, str, str]


EstimateRow = tuple[str, str, float | None, float | None, float | None, str, str]
# thread_id, as_of (YYYY-MM), low, best, high, origins (JSON), claims (JSON)


class RowSink(Protocol):
    """Where finished threads go: a ThreadWriter, or a queue to the process that writes."""

    def add(
        self, thread: ThreadRow, members: list[MemberRow], relations: list[Relation], estimates: list[EstimateRow]
    ) -> None: ...


class ThreadWriter:
    """Buffers rows of finished threads and writes them in large batches."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.threads: list[tuple[Any, ...]] = []
        self.members: list[tuple[Any, ...]] = []
        self.relations: list[tuple[Any, ...]] = []
        self.estimates: list[tuple[Any, ...]] = []

    def add(
        self, thread: ThreadRow, members: list[MemberRow], relations: list[Relation], estimates: list[EstimateRow]
    ) -> None:
        self.threads.append(thread)
        self.members.extend(members)
        self.relations.extend(relations)
        self.estimates.extend(estimates)
        if len(self.members) + len(self.relations) >= WRITE_BATCH:
            self.flush()

    def add_batch(
        self, threads_: list[ThreadRow], members: list[MemberRow], relations: list[Relation], estimates: list[EstimateRow]
    ) -> None:
        self.threads.extend(threads_)
        self.members.extend(members)
        self.relations.extend(relations)
        self.estimates.extend(estimates)
        if len(self.members) + len(self.relations) >= WRITE_BATCH:
            self.flush()

    def flush(self) -> None:
        for table, columns, rows in (
            (threads, _THREAD_COLUMNS, self.threads),
            (thread_claims, _MEMBER_COLUMNS, self.members),
            (relations, _RELATION_COLUMNS, self.relations),
            (estimates, _ESTIMATE_COLUMNS, self.estimates),
        ):
            bulk_insert(self.conn, table, columns, rows)
            rows.clear()


# -- reading threads for front ends -------------------------------------------------------------------


def read_threads(conn: Connection, thread_ids: Sequence[str] | None = None) -> list[Thread]:
    query = select(threads).order_by(threads.c.kind, threads.c.actor, threads.c.country, threads.c.id)
    if thread_ids is not None:
        query = query.where(threads.c.id.in_(list(thread_ids)))
    heads = conn.execute(query).all()
    wanted = [h.id for h in heads]
    members: dict[str, list[ThreadClaim]] = defaultdict(list)
    rels: dict[str, list[Relation]] = defaultdict(list)
    ests: dict[str, list[Estimate]] = defaultdict(list)
    for chunk in _chunks(wanted):
        q = (
            select(
                thread_claims.c.thread_id,
                thread_claims.c.claim_id,
                thread_claims.c.article_id,
                thread_claims.c.as_of,
                thread_claims.c.origin,
                thread_claims.c.evidence,
                claims.c.value,
                claims.c.value_low,
                claims.c.value_high,
                claims.c.approx,
            )
            .join(claims, claims.c.id == thread_claims.c.claim_id)
            .where(thread_claims.c.thread_id.in_(chunk))
            .order_by(thread_claims.c.as_of.is_(None), thread_claims.c.as_of, thread_claims.c.claim_id)
        )
        for r in conn.execute(q):
            members[r.thread_id].append(
                ThreadClaim(r.claim_id, r.article_id, r.as_of, r.origin, r.evidence, r.value,
                            r.value_low, r.value_high, bool(r.approx))
            )
        q2 = select(relations).where(or_(relations.c.thread_a.in_(chunk), relations.c.thread_b.in_(chunk)))
        for r in conn.execute(q2.order_by(relations.c.a, relations.c.b)):
            rel = Relation(r.a, r.b, r.relation, r.thread_a, r.thread_b)
            rels[r.thread_a].append(rel)
            if r.thread_b != r.thread_a:
                rels[r.thread_b].append(rel)
        q3 = select(estimates).where(estimates.c.thread_id.in_(chunk)).order_by(estimates.c.as_of)
        for r in conn.execute(q3):
            ests[r.thread_id].append(
                Estimate(r.as_of, r.low, r.best, r.high, tuple(json.loads(r.origins)), tuple(json.loads(r.claims)))
            )
    chosen = set(wanted)
    return [
        Thread(
            id=h.id,
            kind=h.kind,
            actor=h.actor,
            actor_id=h.actor_id,
            country=h.country,
            location=h.location,
            split=h.split,
            key=h.key,
            claims=tuple(members[h.id]),
            relations=tuple(r for r in rels[h.id] if r.thread_a in chosen or r.thread_b in chosen),
            estimates=tuple(ests[h.id]),
        )
        for h in heads
    ]


def thread_of_claim(conn: Connection, claim_id: str) -> str | None:
    return conn.scalar(select(thread_claims.c.thread_id).where(thread_claims.c.claim_id == claim_id))


def claim_in_thread(conn: Connection, claim_id: str, thread_id: str) -> bool:
    query = select(thread_claims.c.claim_id).where(
        and_(thread_claims.c.claim_id == claim_id, thread_claims.c.thread_id == thread_id)
    )
    return conn.scalar(query) is not None
