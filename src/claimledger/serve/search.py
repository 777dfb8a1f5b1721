"""Full-text search over articles and claims: SQLite FTS5 (tables kept by triggers, migration
0004), PostgreSQL's text search on PostgreSQL, a substring match elsewhere.

User words never reach the query syntax: each becomes a quoted FTS5 term (or a plainto_tsquery
argument), so operators, quotes and SQL in a search box are just words to look for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy import Table, and_, func, literal_column, or_, select, text

from claimledger.store import Store
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
_WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 12
OPEN, CLOSE = "\x02", "\x03"  # snippet markers: cannot occur in cleaned text, replaced after escaping


def fts_query(words: str) -> str:
    """Every word a quoted term, all required."""
    terms = _WORD.findall(words)[:MAX_WORDS]
    return " ".join(f'"{t}"' for t in terms)


def text_filter(table: Table, words: str, dialect: str) -> Any:
    """A WHERE clause: rows of `table` (claims or articles) holding all these words."""
    fts, columns = FTS_TABLES[table.name]
    terms = _WORD.findall(words)[:MAX_WORDS]
    if not terms:
        return literal_column("1") == 1
    if dialect == "sqlite":
        match = text(f"SELECT rowid FROM {fts} WHERE {fts} MATCH :fts").bindparams(fts=fts_query(words))
        return literal_column(f"{table.name}.rowid").in_(match)
    if dialect == "postgresql":
        # PostgreSQL's parser drops what looks like markup (`<img onerror=...>`) and keeps hosts,
        # paths and decimals whole; with these characters as spaces it cuts text into words as
        # `_WORD` cuts the query, so what SQLite's FTS5 finds, this finds too.
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
class Hit:
    kind: str  # article or claim
    id: str
    article_id: str
    title: str
    snippet: Markup  # escaped text with the matched words in <mark>

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "article_id": self.article_id, "title": self.title,
                "snippet": _plain(self.snippet)}


def search(store: Store, words: str, limit: int = 20) -> list[Hit]:
    """Articles (by title and text) and claims (by subject and quote) holding all these words."""
    terms = _WORD.findall(words)[:MAX_WORDS]
    if not terms:
        return []
    dialect = store.engine.dialect.name
    hits: list[Hit] = []
    with store.engine.connect() as conn:
        query = (select(articles.c.id, articles.c.title, articles.c.source, func.substr(articles.c.text, 1, 4000))
                 .where(text_filter(articles, words, dialect)).limit(limit))
        for r in conn.execute(query):
            hits.append(Hit("article", r.id, r.id, r.title or r.source, _snippet(r[3], terms)))
        query = (select(claims.c.id, claims.c.article_id, claims.c.subject, claims.c.quote)
                 .where(text_filter(claims, words, dialect)).limit(limit))
        for r in conn.execute(query):
            hits.append(Hit("claim", r.id, r.article_id, r.subject, _snippet(r.quote, terms)))
    return hits


def _snippet(body: str, terms: list[str], width: int = 220) -> Markup:
    lowered = body.lower()
    first = min((i for i in (lowered.find(t.lower()) for t in terms) if i >= 0), default=0)
    start = max(0, first - width // 3)
    piece = body[start : start + width]
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    marked = pattern.sub(lambda m: f"{OPEN}{m.group(0)}{CLOSE}", piece)
    safe = str(escape(marked)).replace(OPEN, "<mark>").replace(CLOSE, "</mark>")
    return Markup(("…" if start else "") + safe + ("…" if start + width < len(body) else ""))


def _plain(snippet: Markup) -> str:
    return snippet.striptags()
