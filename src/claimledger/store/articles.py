"""Articles as their readers query them: whole (with citations), listed (metadata and claim
count), as reconciliation reads them (dates, outlet, text), and their near-duplicate signatures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import Connection, Row, delete, func, insert, select

from claimledger.model import Article, Citation, Metadata, NearDuplicate
from claimledger.store.bulk import bulk_insert, chunks
from claimledger.store.order import by_date, cursor
from claimledger.store.schema import article_signatures, articles, citations, claims, near_duplicates
from claimledger.store.search import text_filter


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """An article as listed: its metadata and claim count, not its text."""

    id: str
    source: str
    metadata: Metadata
    word_count: int
    claims: int
    extractor_version: str


class ArticleFacts(NamedTuple):
    id: str
    published: dt.date | None
    outlet: str | None
    ingested_at: dt.datetime | None


class ArticleTables:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    # -- for readers -------------------------------------------------------------------------------

    def get(self, article_id: str) -> Article | None:
        row = self.conn.execute(select(articles).where(articles.c.id == article_id)).first()
        if row is None:
            return None
        cites = self.conn.execute(
            select(citations).where(citations.c.article_id == article_id).order_by(citations.c.position)
        )
        return Article(
            id=row.id,
            source=row.source,
            text=row.text,
            metadata=metadata(row),
            citations=tuple(_citation(c) for c in cites),
            cleaner_version=row.cleaner_version,
        )

    def metadata_of(self, article_id: str) -> Metadata | None:
        """An article's metadata without its text (what an export cites)."""
        row = self.conn.execute(select(*_LISTED).where(articles.c.id == article_id)).first()
        return metadata(row) if row is not None else None

    def summaries(self, newest_first: bool = False) -> list[ArticleSummary]:
        """Every article, by publication date (oldest or newest first; undated last), then source."""
        counted = (
            select(claims.c.article_id, func.count().label("n"))
            .group_by(claims.c.article_id)
            .subquery()
        )
        query = (
            select(*_LISTED, func.coalesce(counted.c.n, 0).label("n"))
            .outerjoin(counted, counted.c.article_id == articles.c.id)
            .order_by(articles.c.published.is_(None),
                      articles.c.published.desc() if newest_first else articles.c.published, articles.c.source)
        )
        return [_summary(r, r.n) for r in self.conn.execute(query)]

    def page(self, after: str | None, limit: int, words: str | None = None,
             sort: str = "id") -> tuple[list[ArticleSummary], str | None]:
        """Up to `limit` articles after `after` (holding these words), by id or by publication
        date (`sort`: newest, oldest), and the `after` of the next page (None on the last).
        Raises ValueError for a cursor of another order."""
        query = select(*_LISTED).limit(limit + 1)
        if sort == "id":
            query = query.order_by(articles.c.id)
            if after:
                query = query.where(articles.c.id > after)
        else:
            where, order = by_date(articles.c.published, articles.c.id, sort, after, dt.date.fromisoformat)
            query = query.where(*where).order_by(*order)
        if words:
            query = query.where(text_filter(articles, words, self.conn.dialect.name))
        rows = self.conn.execute(query).all()
        ids = [r.id for r in rows[:limit]]
        counted: dict[str, int] = {}
        if ids:
            count = (select(claims.c.article_id, func.count()).where(claims.c.article_id.in_(ids))
                     .group_by(claims.c.article_id))
            counted = {article_id: n for article_id, n in self.conn.execute(count)}
        found = [_summary(r, counted.get(r.id, 0)) for r in rows[:limit]]
        if len(rows) <= limit:
            return found, None
        last = rows[limit - 1]
        return found, last.id if sort == "id" else cursor(last.published, last.id)

    # -- as reconciliation reads them --------------------------------------------------------------

    def facts(self, article_ids: Sequence[str] | None = None) -> dict[str, ArticleFacts]:
        cols = (articles.c.id, articles.c.published, articles.c.outlet, articles.c.ingested_at)
        if article_ids is None:
            return {r.id: ArticleFacts._make(r) for r in self.conn.execute(select(*cols))}
        out: dict[str, ArticleFacts] = {}
        for chunk in chunks(list(article_ids)):
            query = select(*cols).where(articles.c.id.in_(chunk))
            out.update({r.id: ArticleFacts._make(r) for r in self.conn.execute(query)})
        return out

    def texts(self, article_ids: Sequence[str]) -> Iterator[tuple[str, str]]:
        """(id, text) of these articles, in no particular order."""
        if len(article_ids) > 50_000:  # most of the ledger: one scan beats many IN lists
            wanted = set(article_ids)
            query = select(articles.c.id, articles.c.text)
            for row in self.conn.execute(query, execution_options={"yield_per": 2000}):
                if row.id in wanted:
                    yield row.id, row.text
            return
        for chunk in chunks(list(article_ids)):
            for row in self.conn.execute(select(articles.c.id, articles.c.text).where(articles.c.id.in_(chunk))):
                yield row.id, row.text

    # -- near-duplicates and signatures ------------------------------------------------------------

    def signatures(self, scheme: str, article_ids: Sequence[str] | None = None) -> dict[str, bytes]:
        """Stored signatures under this scheme: all of them, or those of these articles."""
        query = select(article_signatures.c.article_id, article_signatures.c.signature).where(
            article_signatures.c.scheme == scheme
        )
        if article_ids is None:
            return {r.article_id: r.signature for r in self.conn.execute(query)}
        if len(article_ids) > 50_000:  # most of the ledger: one scan beats many IN lists
            wanted = set(article_ids)
            return {r.article_id: r.signature for r in self.conn.execute(query) if r.article_id in wanted}
        out: dict[str, bytes] = {}
        for chunk in chunks(list(article_ids)):
            found = self.conn.execute(query.where(article_signatures.c.article_id.in_(chunk)))
            out.update({r.article_id: r.signature for r in found})
        return out

    def forget_other_signatures(self, scheme: str) -> None:
        """Signatures made under other rules are recomputed, not compared."""
        self.conn.execute(delete(article_signatures).where(article_signatures.c.scheme != scheme))

    def save_signatures(self, scheme: str, items: Sequence[tuple[str, bytes]]) -> None:
        """Signatures of articles that have none under this scheme."""
        rows = [(a, scheme, s) for a, s in items]
        bulk_insert(self.conn, article_signatures, ("article_id", "scheme", "signature"), rows)

    def near_duplicates(self) -> list[NearDuplicate]:
        query = select(near_duplicates).order_by(near_duplicates.c.original_id, near_duplicates.c.article_id)
        return [NearDuplicate(r.article_id, r.original_id, r.similarity) for r in self.conn.execute(query)]

    def add_near_duplicates(self, pairs: Sequence[NearDuplicate]) -> None:
        known = {(p.article_id, p.original_id) for p in self.near_duplicates()}
        rows = [
            {"article_id": p.article_id, "original_id": p.original_id, "similarity": p.similarity}
            for p in {(p.article_id, p.original_id): p for p in pairs}.values()
            if (p.article_id, p.original_id) not in known
        ]
        if rows:
            self.conn.execute(insert(near_duplicates), rows)

    def clear_near_duplicates(self) -> None:
        self.conn.execute(delete(near_duplicates))


# -- rows <-> model ---------------------------------------------------------------------------------

_LISTED = [c for c in articles.c if c.name != "text"]


def _summary(row: Any, claim_count: int) -> ArticleSummary:
    return ArticleSummary(row.id, row.source, metadata(row), row.word_count, claim_count, row.extractor_version)


TITLE_CHARS = 120


def opening_line(text: str) -> str | None:
    """A title for an article without one (a .txt without front matter): its first non-empty
    line, cut at a word near `TITLE_CHARS`, rather than its file path. Only the stored row gets
    it; extraction has already run on the article as cleaned."""
    line = next((" ".join(line.split()) for line in text.splitlines() if line.strip()), "")
    if len(line) <= TITLE_CHARS:
        return line or None
    cut = line[:TITLE_CHARS].rsplit(" ", 1)[0] or line[:TITLE_CHARS]
    return cut.rstrip(" ,;:-") + "…"


def article_row(article: Article, extractor_version: str, now: dt.datetime) -> dict[str, Any]:
    m = article.metadata
    return {
        "id": article.id,
        "source": article.source,
        "title": m.title or opening_line(article.text),
        "url": m.url,
        "outlet": m.outlet,
        "author": m.author,
        "published": m.published,
        "published_inferred": m.published_inferred,
        "language": m.language,
        "text": article.text,
        "word_count": article.word_count,
        "cleaner_version": article.cleaner_version,
        "extractor_version": extractor_version,
        "ingested_at": now,
    }


def metadata(row: Row[Any]) -> Metadata:
    return Metadata(
        title=row.title,
        url=row.url,
        outlet=row.outlet,
        author=row.author,
        published=row.published,
        published_inferred=bool(row.published_inferred),
        language=row.language,
    )


def citation_row(article_id: str, position: int, c: Citation) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "position": position,
        "text": c.text,
        "span_start": c.start,
        "span_end": c.end,
        "author": c.author,
        "outlet": c.outlet,
        "date": c.date,
        "title": c.title,
        "url": c.url,
        "accessed": c.accessed,
    }


def _citation(row: Row[Any]) -> Citation:
    return Citation(
        text=row.text,
        start=row.span_start,
        end=row.span_end,
        author=row.author,
        outlet=row.outlet,
        date=row.date,
        title=row.title,
        url=row.url,
        accessed=row.accessed,
    )
