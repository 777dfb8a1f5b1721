"""Full-text search over articles and claims: SQLite FTS5 (tables kept by triggers, migration
0004), PostgreSQL's text search on PostgreSQL, a substring match elsewhere.

User words never reach the query syntax: each becomes a quoted FTS5 term (or a plainto_tsquery
argument), so operators, quotes and SQL in a search box are just words to look for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, and_, func, literal_column, or_, select, text

from claimledger.store.schema import articles, claims

FTS_TABLES = {"claims": ("claims_fts", ("subject", "quote")), "articles": ("articles_fts", ("title", "text"))}
# PostgreSQL: the documents its GIN indexes hold (migration 0005), written out as the index is, so
# that the planner recognises them. Articles are searched in their first 200,000 characters.
_PG_SEPARATORS = "<>&./@:\\"
_PG_BODY = "translate({body}, '" + _PG_SEPARATORS + "', '" + " " * len(_PG_SEPARATORS) + "')"
PG_DOCUMENTS = {
    "claims": "coalesce({t}subject, '') || ' ' || coalesce({t}quote, '')",
    "articles": "left(coalesce({t}title, '') || ' ' || coalesce({t}text, ''), 200000)",
}
WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 12


def search_terms(words: str) -> list[str]:
    """The words of a search that count (at most MAX_WORDS)."""
    return WORD.findall(words)[:MAX_WORDS]


def fts_query(words: str) -> str:
    """Every word a quoted term, all required."""
    return " ".join(f'"{t}"' for t in search_terms(words))


def text_filter(table: Table, words: str, dialect: str) -> Any:
    """A WHERE clause: rows of `table` (claims or articles) holding all these words."""
    fts, columns = FTS_TABLES[table.name]
    terms = search_terms(words)
    if not terms:
        return literal_column("1") == 1
    if dialect == "sqlite":
        match = text(f"SELECT rowid FROM {fts} WHERE {fts} MATCH :fts").bindparams(fts=fts_query(words))
        return literal_column(f"{table.name}.rowid").in_(match)
    if dialect == "postgresql":
        # PostgreSQL's parser drops what looks like markup (`<img onerror=...>`) and keeps hosts,
        # paths and decimals whole; with these characters as spaces it cuts text into words as
        # `WORD` cuts the query, so what SQLite's FTS5 finds, this finds too.
        return text(f"{pg_document(table.name)} @@ plainto_tsquery('simple'::regconfig, :pg_terms)").bindparams(
            pg_terms=" ".join(terms)
        )
    return and_(*[or_(*[table.c[c].ilike(f"%{t}%") for c in columns]) for t in terms])


def pg_document(table: str, qualified: bool = True) -> str:
    """The tsvector expression of a claims or articles row, as migration 0005 indexes it (with
    the columns named by their table, which the planner reads as the same expression)."""
    body = _PG_BODY.format(body=PG_DOCUMENTS[table].format(t=f"{table}." if qualified else ""))
    return f"to_tsvector('simple'::regconfig, {body})"


@dataclass(frozen=True, slots=True)
class ArticleMatch:
    id: str
    title: str | None
    source: str
    head: str  # the first 4,000 characters of the text


@dataclass(frozen=True, slots=True)
class ClaimMatch:
    id: str
    article_id: str
    subject: str
    quote: str


class SearchTables:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def articles(self, words: str, limit: int) -> list[ArticleMatch]:
        query = (select(articles.c.id, articles.c.title, articles.c.source, func.substr(articles.c.text, 1, 4000))
                 .where(text_filter(articles, words, self.conn.dialect.name)).limit(limit))
        return [ArticleMatch(*r) for r in self.conn.execute(query)]

    def claims(self, words: str, limit: int) -> list[ClaimMatch]:
        query = (select(claims.c.id, claims.c.article_id, claims.c.subject, claims.c.quote)
                 .where(text_filter(claims, words, self.conn.dialect.name)).limit(limit))
        return [ClaimMatch(*r) for r in self.conn.execute(query)]
