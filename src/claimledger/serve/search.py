"""Search results for the front ends: articles and claims holding all the words of a search, with
a snippet of each around the words found (the query itself is the store's: `store.search`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from claimledger.store import Store
from claimledger.store.search import search_terms

OPEN, CLOSE = "\x02", "\x03"  # snippet markers: cannot occur in cleaned text, replaced after escaping


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
    terms = search_terms(words)
    if not terms:
        return []
    with store.connect() as tables:
        found = tables.search.articles(words, limit)
        matches = tables.search.claims(words, limit)
    hits = [Hit("article", a.id, a.id, a.title or a.source, _snippet(a.head, terms)) for a in found]
    return hits + [Hit("claim", c.id, c.article_id, c.subject, _snippet(c.quote, terms)) for c in matches]


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
