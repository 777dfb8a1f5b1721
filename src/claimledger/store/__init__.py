"""The ledger's database: articles, citations, claims and rejected inputs.

`open_store(url)` creates the engine once, upgrades the schema with Alembic and returns a `Store`.
SQLite (the embedded default) runs in WAL mode so readers never block the writer; PostgreSQL
(`postgresql+psycopg://...`) runs the same tables and migrations.

Several processes may write one ledger at once: an article is stored once (its id is a hash of its
content), whichever process gets there first, and a writer that loses the race retries against
what the winner committed.

Nothing outside this package writes SQL: `Store` reads and writes articles and claims whole, and
`store.connect()` / `store.begin()` hand out the tables of one connection (or one transaction)
by area, each with typed query methods: `tables.articles`, `.claims`, `.threads`, `.review`,
`.users` and `.search` (see `tables.py`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import (
    Engine,
    Row,
    create_engine,
    delete,
    event,
    func,
    insert,
    or_,
    select,
)
from sqlalchemy.exc import DataError as UnstorableValue  # a value the database cannot hold (NUL, overflow)
from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError

from claimledger.errors import StoreError
from claimledger.model import CLAIM_ROWS, Article, Claim, Rejection
from claimledger.store.articles import ArticleSummary, article_row, citation_row
from claimledger.store import state
from claimledger.store.bulk import chunks
from claimledger.store.claims import ClaimQuery, claim_conditions
from claimledger.store.database import migrate, sqlite_pragmas, without_password
from claimledger.store.ids import IdKind
from claimledger.store.order import CLAIM_SORTS, SORTS, by_date, cursor, least_first
from claimledger.store.review import ReviewTables
from claimledger.store.schema import articles, citations, claims, reconcile_queue, rejections
from claimledger.store.tables import Tables

__all__ = [
    "ArticleSummary", "ClaimFilter", "ClaimQuery", "IdKind", "Store", "Tables", "SORTS", "CLAIM_SORTS", "UnstorableValue", "migrate", "open_store",
]

_T = TypeVar("_T")
WRITE_ATTEMPTS = 5  # a write that loses a race to another process is retried this often
_RETRYABLE = {"40001", "40P01"}  # PostgreSQL: serialization failure, deadlock detected


def _sqlstate(exc: DBAPIError) -> str | None:
    return getattr(exc.orig, "sqlstate", None)


@dataclass(frozen=True, slots=True)
class ClaimFilter:
    kind: str | None = None
    origin: str | None = None  # words in the origin or a conduit
    q: str | None = None  # words in the quote or subject
    article_id: str | None = None
    limit: int | None = None
    sort: str = "article"  # grouped by article (what exports read), newest / oldest by claim time, or confidence


def open_store(url: str) -> Store:
    shown = without_password(url)
    try:
        engine = create_engine(url, future=True)
    except (SQLAlchemyError, ValueError) as exc:
        raise StoreError(f"cannot open database {shown}: {exc}") from exc
    except ImportError as exc:  # e.g. postgresql:// asks for psycopg2
        raise StoreError(
            f"cannot open database {shown}: its driver is not installed ({exc}); "
            "for PostgreSQL use postgresql+psycopg://user@host/db"
        ) from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", sqlite_pragmas)
    try:
        migrate(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        reason = exc.orig if isinstance(exc, DBAPIError) else exc
        raise StoreError(f"cannot prepare database {shown}: {reason}") from exc
    return Store(engine)


class Store:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def begin(self, changes_ledger: bool = True) -> Iterator[Tables]:
        """The tables in one transaction: committed at the end of the block, undone on an error.
        The ledger's version moves with the commit unless `changes_ledger` is False (users,
        tokens and sessions: nothing a cached answer shows)."""
        with self.engine.begin() as conn:
            yield Tables(conn)
            if changes_ledger:
                state.bump(conn)

    def version(self) -> int:
        """The ledger's version: changes whenever anything is written, by any process."""
        with self.engine.connect() as conn:
            return state.version(conn)

    @contextmanager
    def connect(self) -> Iterator[Tables]:
        """The tables for reading."""
        with self.engine.connect() as conn:
            yield Tables(conn)

    def url(self) -> str:
        """Where the database is, for a process that opens its own connection (password included)."""
        return self.engine.url.render_as_string(hide_password=False)

    # -- writing -------------------------------------------------------------------------------

    def known_article_ids(self, ids: Iterable[str]) -> set[str]:
        wanted = list(ids)
        found: set[str] = set()
        with self.engine.connect() as conn:
            for chunk in chunks(wanted):
                found.update(conn.scalars(select(articles.c.id).where(articles.c.id.in_(chunk))))
        return found

    def has_article(self, article_id: str) -> bool:
        return bool(self.known_article_ids([article_id]))

    def write(self, batch: Sequence[tuple[Article, Sequence[Claim]]], extractor_version: str) -> int:
        """Store articles with their citations and claims in one transaction, and queue them for
        reconciliation in the same one.

        An article already present is left alone (same content, same id); returns how many
        articles were new. Another process storing the same article at the same moment makes the
        transaction fail on the article's key: it is retried, and then skips that article.
        """
        return len(self.write_new(batch, extractor_version))

    def write_new(self, batch: Sequence[tuple[Article, Sequence[Claim]]], extractor_version: str) -> list[str]:
        """`write`, returning the ids of the articles this call stored: an article missing from
        them was already present, or stored by another process first (it lost the race)."""
        if not batch:
            return []
        return self._retrying(lambda: self._write(batch, extractor_version), "store articles")

    def _write(self, batch: Sequence[tuple[Article, Sequence[Claim]]], extractor_version: str) -> list[str]:
        now = dt.datetime.now(dt.UTC)
        with self.engine.begin() as conn:
            present = set(
                conn.scalars(select(articles.c.id).where(articles.c.id.in_([a.id for a, _ in batch])))
            )
            fresh = [(a, c) for a, c in batch if a.id not in present]
            # In key order: two writers of overlapping batches then lock rows in the same order,
            # and the later one waits for the earlier instead of deadlocking with it.
            fresh = sorted({a.id: (a, c) for a, c in fresh}.values(), key=lambda item: item[0].id)
            if not fresh:
                return []
            conn.execute(insert(articles), [article_row(a, extractor_version, now) for a, _ in fresh])
            cite_rows = [citation_row(a.id, i, c) for a, _ in fresh for i, c in enumerate(a.citations)]
            if cite_rows:
                conn.execute(insert(citations), cite_rows)
            claim_rows = list({r["id"]: r for a, cs in fresh for r in map(_claim_row, cs)}.values())
            if claim_rows:
                conn.execute(insert(claims), claim_rows)
            conn.execute(insert(reconcile_queue), [{"article_id": a.id, "queued_at": now} for a, _ in fresh])
            state.bump(conn)
        return [a.id for a, _ in fresh]

    def _retrying(self, attempt: Callable[[], _T], what: str) -> _T:
        for tries in range(1, WRITE_ATTEMPTS + 1):
            try:
                return attempt()
            except DBAPIError as exc:
                lost_race = isinstance(exc, IntegrityError) or _sqlstate(exc) in _RETRYABLE
                if not lost_race or tries == WRITE_ATTEMPTS:
                    raise StoreError(f"cannot {what}: {exc.orig}") from exc
        raise AssertionError("unreachable")

    def replace_claims(self, article_id: str, new: Sequence[Claim], extractor_version: str) -> None:
        """Re-extraction: swap one article's machine claims for a new extractor's output (and
        queue the article for reconciliation in the same transaction)."""
        with self.engine.begin() as conn:
            old = list(conn.scalars(select(claims.c.id).where(claims.c.article_id == article_id)))
            conn.execute(delete(claims).where(claims.c.article_id == article_id))
            rows = list({r["id"]: r for r in map(_claim_row, new)}.values())
            if rows:
                conn.execute(insert(claims), rows)
            # a review form opened before is stale now (claims never reviewed stay at version 0)
            ReviewTables(conn).bump_versions(sorted(set(old) | {r["id"] for r in rows}))
            conn.execute(
                articles.update()
                .where(articles.c.id == article_id)
                .values(extractor_version=extractor_version)
            )
            conn.execute(delete(reconcile_queue).where(reconcile_queue.c.article_id == article_id))
            conn.execute(insert(reconcile_queue), [{"article_id": article_id, "queued_at": dt.datetime.now(dt.UTC)}])
            state.bump(conn)

    def unreconciled(self) -> list[str]:
        """Articles stored but not yet reconciled: this run's, or those of a run that was killed."""
        with self.engine.connect() as conn:
            return list(conn.scalars(select(reconcile_queue.c.article_id).order_by(reconcile_queue.c.article_id)))

    def reject(self, rejection: Rejection) -> bool:
        """Record a rejected input; returns False when the same rejection is already recorded."""
        key = hashlib.sha256(f"{rejection.source}|{rejection.content_id or ''}".encode()).hexdigest()
        row = {
            "id": key[:32],
            "source": rejection.source,
            "content_id": rejection.content_id,
            "reason": rejection.reason,
            "rejected_at": dt.datetime.now(dt.UTC),
        }
        return self._retrying(lambda: self._reject(row), "record a rejected input")

    def _reject(self, row: dict[str, Any]) -> bool:
        with self.engine.begin() as conn:
            if conn.scalar(select(rejections.c.id).where(rejections.c.id == row["id"])):
                conn.execute(
                    rejections.update().where(rejections.c.id == row["id"]).values(reason=row["reason"])
                )
                state.bump(conn)
                return False
            conn.execute(insert(rejections), [row])
            state.bump(conn)
        return True

    def forget_rejection(self, source: str) -> None:
        """An input that now ingests cleanly is no longer listed as rejected."""
        self.forget_rejections([source])

    def forget_rejections(self, sources: Sequence[str]) -> None:
        """Inputs that now ingest cleanly are no longer listed as rejected (one transaction)."""
        if not sources:
            return
        with self.engine.begin() as conn:
            conn.execute(delete(rejections).where(rejections.c.source.in_(list(sources))))
            state.bump(conn)

    # -- reading -------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {
                "articles": conn.scalar(select(func.count()).select_from(articles)) or 0,
                "claims": conn.scalar(select(func.count()).select_from(claims)) or 0,
                "rejected": conn.scalar(select(func.count()).select_from(rejections)) or 0,
            }

    def articles(self, newest_first: bool = False) -> list[ArticleSummary]:
        with self.connect() as tables:
            return tables.articles.summaries(newest_first)

    def article(self, article_id: str) -> Article | None:
        with self.connect() as tables:
            return tables.articles.get(article_id)

    def rejections(self) -> list[Rejection]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(rejections).order_by(rejections.c.rejected_at, rejections.c.source))
            return [Rejection(source=r.source, reason=r.reason, content_id=r.content_id) for r in rows]

    def claims(self, where: ClaimFilter = ClaimFilter()) -> list[Claim]:
        return list(self.iter_claims(where))

    def iter_claims(self, where: ClaimFilter = ClaimFilter()) -> Iterator[Claim]:
        query = select(claims).order_by(claims.c.article_id, claims.c.span_start, claims.c.id)
        if where.sort == "confidence":  # least sure first: the review queue
            query = query.order_by(None).order_by(*least_first(claims.c.confidence, claims.c.id, None)[1])
        elif where.sort != "article":
            query = query.order_by(None).order_by(*by_date(claims.c.time, claims.c.id, where.sort, None)[1])
        if where.kind:
            query = query.where(claims.c.kind == where.kind)
        if where.article_id:
            query = query.where(claims.c.article_id == where.article_id)
        if where.origin:
            pattern = f"%{where.origin}%"
            query = query.where(or_(claims.c.origin.ilike(pattern), claims.c.conduits.ilike(pattern)))
        if where.q:
            for word in where.q.split():
                pattern = f"%{word}%"
                query = query.where(or_(claims.c.quote.ilike(pattern), claims.c.subject.ilike(pattern)))
        if where.limit:
            query = query.limit(where.limit)
        with self.engine.connect() as conn:
            for row in conn.execute(query, execution_options={"yield_per": 1000}):
                yield _claim(row)

    def claim_page(self, query: ClaimQuery) -> tuple[list[Claim], str | None]:
        """Up to `query.limit` claims after `query.after`, by id or by claim time (`query.sort`),
        and the `after` of the next page (None on the last). Raises ValueError for a cursor of
        another order."""
        limit = query.limit
        stmt = select(claims).limit(limit + 1).where(*claim_conditions(query, self.engine.dialect.name))
        if query.sort == "id":
            stmt = stmt.order_by(claims.c.id)
        elif query.sort == "confidence":
            where, order = least_first(claims.c.confidence, claims.c.id, query.after)
            stmt = stmt.where(*where).order_by(*order)
        else:
            where, order = by_date(claims.c.time, claims.c.id, query.sort, query.after)
            stmt = stmt.where(*where).order_by(*order)
        with self.engine.connect() as conn:
            rows = conn.execute(stmt).all()
        if len(rows) <= limit:
            return [_claim(r) for r in rows], None
        last = rows[limit - 1]
        key = {"id": None, "confidence": last.confidence}.get(query.sort, last.time)
        return [_claim(r) for r in rows[:limit]], last.id if query.sort == "id" else cursor(key, last.id)

    def claims_by_id(self, claim_ids: Sequence[str]) -> list[Claim]:
        """These claims (those that exist), in no particular order."""
        found: list[Claim] = []
        with self.engine.connect() as conn:
            for chunk in chunks(list(claim_ids)):
                found += [_claim(r) for r in conn.execute(select(claims).where(claims.c.id.in_(chunk)))]
        return found


# -- rows <-> model ---------------------------------------------------------------------------------


def _claim_row(c: Claim) -> dict[str, Any]:
    """A claim as a row of the claims table (the columns come from the claim's definition)."""
    return {"id": c.id, **CLAIM_ROWS.to_row(c)}


def _claim(row: Row[Any]) -> Claim:
    claim: Claim = CLAIM_ROWS.from_row(row)
    return claim
