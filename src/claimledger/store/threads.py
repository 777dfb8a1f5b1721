"""Threads as stored: their rows, members, relations and estimates, written by `reconcile` (which
builds them) and read by the front ends; the queue of articles awaiting reconciliation.

These tables are derived and rebuilt at will; the decisions replayed into them are review's.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

from sqlalchemy import Connection, and_, delete, false, func, or_, select

from claimledger.model import Estimate, Relation, Thread, ThreadClaim
from claimledger.store.bulk import bulk_insert, chunks
from claimledger.store.claims import actor_matches, contains
from claimledger.store.schema import (
    DERIVED,
    claims,
    estimates,
    reconcile_queue,
    relations,
    thread_claims,
    threads,
)

RECONCILE_LOCK = 0x636C_6C65_6467_6572  # PostgreSQL advisory lock key ("clledger")
WRITE_BATCH = 20_000


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
    first_as_of: str | dt.date | None  # written as an ISO date, read back as a date
    last_as_of: str | dt.date | None


# claim_id, thread_id, article_id, actor_key, as_of (ISO date), origin, evidence, modality: one per claim
MemberRow = tuple[str, str, str, str, str | None, str, str, str]


EstimateRow = tuple[str, str, float | None, float | None, float | None, str, str, str]
# thread_id, as_of (YYYY-MM), low, best, high, origins (JSON), claims (JSON), outliers (JSON)

_THREAD_COLUMNS = ThreadRow._fields
_MEMBER_COLUMNS = ("claim_id", "thread_id", "article_id", "actor_key", "as_of", "origin", "evidence", "modality")
_RELATION_COLUMNS = ("a", "b", "relation", "thread_a", "thread_b")
_ESTIMATE_COLUMNS = ("thread_id", "as_of", "low", "best", "high", "origins", "claims", "outliers")


class ThreadTables:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    # -- one reconciliation at a time --------------------------------------------------------------

    def lock_for_reconcile(self) -> None:
        """Make this transaction the only one reconciling the ledger until it ends.

        Reconciliation reads threads and claims, then rewrites threads: two processes doing it at
        once would each overwrite the other's view. Call first in the transaction. On PostgreSQL
        this is a transaction-scoped advisory lock (reads that follow see everything committed
        before it). On SQLite, whose driver begins a transaction only at the first write, a write
        that matches nothing takes the database's write lock now, so the reads that follow belong
        to the same transaction and no other writer commits in between.
        """
        if self.conn.dialect.name == "postgresql":
            self.conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({RECONCILE_LOCK})")
        else:
            self.conn.execute(delete(reconcile_queue).where(false()))

    def dequeue(self, article_ids: Sequence[str]) -> None:
        """These articles are reconciled (in the transaction that wrote their threads)."""
        for chunk in chunks(list(article_ids)):
            self.conn.execute(delete(reconcile_queue).where(reconcile_queue.c.article_id.in_(chunk)))

    def clear_queue(self) -> None:
        self.conn.execute(delete(reconcile_queue))

    # -- writing -----------------------------------------------------------------------------------

    def count(self) -> int:
        return self.conn.scalar(select(func.count()).select_from(threads)) or 0

    def clear(self) -> None:
        for table in (relations, estimates, thread_claims, threads):
            self.conn.execute(delete(table))

    def drop_indexes(self) -> None:
        """Before a bulk load into emptied tables (recreate them with create_indexes)."""
        if self.conn.dialect.name == "sqlite":  # room to sort while indexing (per connection, ~128 MB)
            self.conn.exec_driver_sql("PRAGMA cache_size=-131072")
        for table in DERIVED:
            for index in table.indexes:
                index.drop(self.conn, checkfirst=True)

    def create_indexes(self) -> None:
        for table in DERIVED:
            for index in table.indexes:
                index.create(self.conn, checkfirst=True)
        if self.conn.dialect.name == "sqlite":
            self.conn.exec_driver_sql("PRAGMA cache_size=-2000")  # back to SQLite's default

    def actor_keys_of_articles(self, article_ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for chunk in chunks(list(article_ids)):
            query = select(thread_claims.c.actor_key).where(thread_claims.c.article_id.in_(chunk)).distinct()
            found.update(self.conn.scalars(query))
        return found

    def delete_units(self, actor_keys: Sequence[str]) -> None:
        """Remove the rows of every thread holding claims of these actor keys."""
        ids: set[str] = set()
        for chunk in chunks(list(actor_keys)):
            query = select(thread_claims.c.thread_id).where(thread_claims.c.actor_key.in_(chunk)).distinct()
            ids.update(self.conn.scalars(query))
        for chunk in chunks(sorted(ids)):
            self.conn.execute(
                delete(relations).where(or_(relations.c.thread_a.in_(chunk), relations.c.thread_b.in_(chunk)))
            )
            self.conn.execute(delete(estimates).where(estimates.c.thread_id.in_(chunk)))
            self.conn.execute(delete(thread_claims).where(thread_claims.c.thread_id.in_(chunk)))
            self.conn.execute(delete(threads).where(threads.c.id.in_(chunk)))
        for chunk in chunks(list(actor_keys)):  # stale members of deleted claims
            self.conn.execute(delete(thread_claims).where(thread_claims.c.actor_key.in_(chunk)))

    def writer(self) -> ThreadWriter:
        return ThreadWriter(self.conn)

    # -- reading -----------------------------------------------------------------------------------

    def find(self, prefix: str) -> tuple[str, str] | None:
        """(id, key) of a thread, by id or unique id prefix."""
        rows = self.conn.execute(
            select(threads.c.id, threads.c.key).where(threads.c.id.like(f"{prefix}%")).limit(2)
        ).all()
        return (rows[0].id, rows[0].key) if len(rows) == 1 else None

    def of_claim(self, claim_id: str) -> str | None:
        """The thread a claim is in, if any."""
        return self.conn.scalar(select(thread_claims.c.thread_id).where(thread_claims.c.claim_id == claim_id))

    def of_article(self, article_id: str) -> dict[str, str]:
        """Claim id -> thread id of the claims of one article that are in a thread."""
        query = select(thread_claims.c.claim_id, thread_claims.c.thread_id).where(
            thread_claims.c.article_id == article_id
        )
        return {claim_id: thread_id for claim_id, thread_id in self.conn.execute(query)}

    def holds(self, thread_id: str, claim_id: str) -> bool:
        query = select(thread_claims.c.claim_id).where(
            and_(thread_claims.c.claim_id == claim_id, thread_claims.c.thread_id == thread_id)
        )
        return self.conn.scalar(query) is not None

    def read(self, thread_ids: Sequence[str] | None = None) -> list[Thread]:
        query = select(threads).order_by(threads.c.kind, threads.c.actor, threads.c.country, threads.c.id)
        if thread_ids is not None:
            query = query.where(threads.c.id.in_(list(thread_ids)))
        heads = self.conn.execute(query).all()
        wanted = [h.id for h in heads]
        members: dict[str, list[ThreadClaim]] = defaultdict(list)
        rels: dict[str, list[Relation]] = defaultdict(list)
        ests: dict[str, list[Estimate]] = defaultdict(list)
        for chunk in chunks(wanted):
            q = (
                select(
                    thread_claims.c.thread_id,
                    thread_claims.c.claim_id,
                    thread_claims.c.article_id,
                    thread_claims.c.as_of,
                    thread_claims.c.origin,
                    thread_claims.c.evidence,
                    thread_claims.c.modality,
                    claims.c.value,
                    claims.c.value_low,
                    claims.c.value_high,
                    claims.c.approx,
                )
                .join(claims, claims.c.id == thread_claims.c.claim_id)
                .where(thread_claims.c.thread_id.in_(chunk))
                .order_by(thread_claims.c.as_of.is_(None), thread_claims.c.as_of, thread_claims.c.claim_id)
            )
            for r in self.conn.execute(q):
                members[r.thread_id].append(
                    ThreadClaim(r.claim_id, r.article_id, r.as_of, r.origin, r.evidence, r.value,
                                r.value_low, r.value_high, bool(r.approx), r.modality or "asserted")
                )
            q2 = select(relations).where(or_(relations.c.thread_a.in_(chunk), relations.c.thread_b.in_(chunk)))
            for r in self.conn.execute(q2.order_by(relations.c.a, relations.c.b)):
                rel = Relation(r.a, r.b, r.relation, r.thread_a, r.thread_b)
                rels[r.thread_a].append(rel)
                if r.thread_b != r.thread_a:
                    rels[r.thread_b].append(rel)
            q3 = select(estimates).where(estimates.c.thread_id.in_(chunk)).order_by(estimates.c.as_of)
            for r in self.conn.execute(q3):
                ests[r.thread_id].append(
                    Estimate(r.as_of, r.low, r.best, r.high, tuple(json.loads(r.origins)), tuple(json.loads(r.claims)),
                             tuple(json.loads(r.outliers or "[]")))
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

    def page(self, kind: str | None, actor: str | None, place: str | None, after: tuple[int, str] | None,
             limit: int) -> list[ThreadRow]:
        """Up to `limit` threads, largest first, after the thread of (size, id) `after`; of this
        kind, actor (id or words of its name) and place (country code or words of its name)."""
        query = select(*[threads.c[c] for c in _THREAD_COLUMNS])
        query = query.order_by(threads.c.claims.desc(), threads.c.id.desc()).limit(limit)
        if after:
            size, last = after
            query = query.where(or_(threads.c.claims < size, and_(threads.c.claims == size, threads.c.id < last)))
        if kind:
            query = query.where(threads.c.kind == kind)
        if actor:
            query = query.where(actor_matches(threads.c.actor_id, threads.c.actor, actor))
        if place:
            place = place.strip()
            if len(place) == 2 and place.isalpha():
                query = query.where(threads.c.country == place.upper())
            else:
                query = query.where(contains(threads.c.location, place))
        return [ThreadRow._make(r) for r in self.conn.execute(query)]

    def estimate_series(self, thread_ids: Sequence[str]) -> dict[str, list[Estimate]]:
        """The estimates of these threads by month, without their origins and claims."""
        series: dict[str, list[Estimate]] = defaultdict(list)
        cols = (estimates.c.thread_id, estimates.c.as_of, estimates.c.low, estimates.c.best, estimates.c.high)
        for chunk in chunks(list(thread_ids)):
            query = select(*cols).where(estimates.c.thread_id.in_(chunk)).order_by(estimates.c.as_of)
            for thread_id, as_of, low, best, high in self.conn.execute(query):
                series[thread_id].append(Estimate(as_of, low, best, high))
        return series

    def not_asserted(self) -> dict[str, str]:
        """Claim -> modality of every thread member that is not asserted (forecast, planned...)."""
        query = select(thread_claims.c.claim_id, thread_claims.c.modality).where(
            thread_claims.c.modality.is_not(None), thread_claims.c.modality != "asserted"
        )
        return {claim_id: modality for claim_id, modality in self.conn.execute(query)}

    def relation_counts(self) -> dict[str, dict[str, int]]:
        """For each claim in a relation, how many relations of each kind it takes part in."""
        counts: dict[str, dict[str, int]] = defaultdict(dict)
        for column in (relations.c.a, relations.c.b):
            query = select(column, relations.c.relation, func.count()).group_by(column, relations.c.relation)
            for claim_id, relation, n in self.conn.execute(query):
                counts[claim_id][relation] = counts[claim_id].get(relation, 0) + n
        return counts


@dataclass(slots=True)
class ThreadRows:
    """Rows of finished threads, as reconciliation makes them and the store writes them."""

    threads: list[ThreadRow] = field(default_factory=list)
    members: list[MemberRow] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    estimates: list[EstimateRow] = field(default_factory=list)

    def add(
        self, thread: ThreadRow, members: list[MemberRow], relations: list[Relation], estimates: list[EstimateRow]
    ) -> None:
        self.threads.append(thread)
        self.members.extend(members)
        self.relations.extend(relations)
        self.estimates.extend(estimates)

    def extend(self, other: ThreadRows) -> None:
        self.threads.extend(other.threads)
        self.members.extend(other.members)
        self.relations.extend(other.relations)
        self.estimates.extend(other.estimates)

    def __len__(self) -> int:
        """The rows that weigh: members and relations (a thread has a few of each)."""
        return len(self.members) + len(self.relations)


class RowSink(Protocol):
    """Where finished threads go: a ThreadWriter, or a queue to the process that writes."""

    def add(
        self, thread: ThreadRow, members: list[MemberRow], relations: list[Relation], estimates: list[EstimateRow]
    ) -> None: ...


class ThreadWriter:
    """Buffers rows of finished threads and writes them in large batches."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.rows = ThreadRows()

    def add(
        self, thread: ThreadRow, members: list[MemberRow], relations: list[Relation], estimates: list[EstimateRow]
    ) -> None:
        self.rows.add(thread, members, relations, estimates)
        if len(self.rows) >= WRITE_BATCH:
            self.flush()

    def add_rows(self, rows: ThreadRows) -> None:
        self.rows.extend(rows)
        if len(self.rows) >= WRITE_BATCH:
            self.flush()

    def flush(self) -> None:
        rows, self.rows = self.rows, ThreadRows()
        for table, columns, items in (
            (threads, _THREAD_COLUMNS, rows.threads),
            (thread_claims, _MEMBER_COLUMNS, rows.members),
            (relations, _RELATION_COLUMNS, rows.relations),
            (estimates, _ESTIMATE_COLUMNS, rows.estimates),
        ):
            bulk_insert(self.conn, table, columns, items)
