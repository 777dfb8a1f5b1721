"""What makes an exported claim citable: the article it appears in (URL, title, outlet, date), the
thread it belongs to, its origin as resolved against the knowledge base, and its page on the web
UI. Every export format carries these next to the claim's own fields.

Claims stream grouped by article (`Store.iter_claims`): each article's metadata and thread
memberships are read once, when its first claim arrives, so nothing grows with the ledger.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote

from claimledger.model import Claim, Metadata

if TYPE_CHECKING:  # the CLI reads DEFAULT_BASE_URL without loading the store
    from claimledger.store import Store

DEFAULT_BASE_URL = "http://127.0.0.1:8000"  # where `claimledger serve` listens by default

# The citation columns, in their order after the claim's own in CSV and Parquet.
CITATION_COLUMNS: tuple[str, ...] = (
    "article_url", "article_title", "outlet", "published", "thread_id",
    "origin_actor", "origin_actor_id", "origin_actor_type", "claim_url",
)


@dataclass(frozen=True, slots=True)
class Cited:
    """A claim with what a reader needs to cite it."""

    claim: Claim
    metadata: Metadata | None
    thread_id: str | None
    base_url: str = DEFAULT_BASE_URL

    @property
    def claim_url(self) -> str:
        return page_url(self.base_url, "claims", self.claim.id)

    @property
    def thread_url(self) -> str | None:
        return page_url(self.base_url, "threads", self.thread_id) if self.thread_id else None

    def citation(self) -> dict[str, str | None]:
        """The citation columns by name (None where unknown)."""
        m = self.metadata
        actor = self.claim.attribution.origin_actor if self.claim.attribution else None
        return {
            "article_url": m.url if m else None,
            "article_title": m.title if m else None,
            "outlet": m.outlet if m else None,
            "published": m.published.isoformat() if m and m.published else None,
            "thread_id": self.thread_id,
            "origin_actor": actor.name if actor else None,
            "origin_actor_id": actor.id if actor else None,
            "origin_actor_type": (actor.type or None) if actor else None,
            "claim_url": self.claim_url,
        }


def page_url(base_url: str, collection: str, item_id: str) -> str:
    return f"{base_url.rstrip('/')}/{collection}/{quote(item_id, safe='')}"


def cite(store: Store, claims: Iterable[Claim], base_url: str = DEFAULT_BASE_URL) -> Iterator[Cited]:
    """Each claim with its citation, reading an article's metadata and threads once per run of
    its claims."""
    current: str | None = None
    meta: Metadata | None = None
    threads: dict[str, str] = {}
    for claim in claims:
        if claim.article_id != current:
            current = claim.article_id
            with store.connect() as tables:
                meta = tables.articles.metadata_of(current)
                threads = tables.threads.of_article(current)
        yield Cited(claim, meta, threads.get(claim.id), base_url)
