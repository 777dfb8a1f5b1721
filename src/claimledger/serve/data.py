"""The data behind each resource of the web application, built once for both front ends: the API
returns it as JSON, the pages render it. Lists page by key (`after` the last id seen), never by
offset, so a page costs the same at the start and at the end of a million-claim ledger.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from claimledger.errors import ClaimledgerError
from claimledger.languages import extraction_note
from claimledger.model import Article, Claim, Estimate, Thread, ThreadClaim
from claimledger.reconcile import threads as load_threads
from claimledger.reconcile.estimates import origin_estimates
from claimledger.output.report import Dispute, ReportClaim, ThreadSection, _thread_sections, value_text
from claimledger.review import AuditEntry, ClaimReview, audit_entries, claim_reviews
from claimledger.store import ArticleSummary, ClaimFilter, ClaimQuery, IdKind, Store

MAX_LIMIT = 500
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class NotFound(ClaimledgerError):
    """No article, claim or thread has this id."""


class BadQuery(ClaimledgerError):
    """A filter or page parameter is malformed."""


class AmbiguousId(BadQuery):
    """An id prefix that starts several ids."""


def resolve(store: Store, what: IdKind, text: str) -> str:
    """The whole id that `text` is, or is the unique start of (the tables show eight characters)."""
    text = text.strip()
    with store.connect() as tables:
        found = tables.ids.starting_with(what, text)
    if not found:
        raise NotFound(f"no {what} has id {text!r}")
    if len(found) > 1:
        shown = ", ".join(found[:5]) + (", ..." if len(found) > 5 else "")
        raise AmbiguousId(f"{text!r} starts several {what} ids ({shown}): give more characters")
    return found[0]


@dataclass(frozen=True, slots=True)
class Page:
    items: list[Any]
    next: str | None  # the `after` of the next page; None on the last


@dataclass(frozen=True, slots=True)
class ClaimItem:
    claim: Claim
    review: ClaimReview | None = None

    def to_json(self) -> dict[str, Any]:
        review = self.review or ClaimReview(None, False)
        return self.claim.to_json() | {"review": {"status": review.status, "edited": review.edited}}


# -- claims -----------------------------------------------------------------------------------------


def claim_page(store: Store, query: ClaimQuery) -> Page:
    _limit(query.limit)
    for bound in (query.since, query.until):
        if bound and not _DATE.match(bound):
            raise BadQuery(f"{bound!r} is not a date like 2024, 2024-05 or 2024-05-03")
    try:
        found, after = store.claim_page(query)
    except ValueError as exc:  # a sort or cursor the list does not know
        raise BadQuery(str(exc)) from exc
    ids = [c.id for c in found]  # a hash each: computed once
    reviews = claim_reviews(store, ids)
    return Page([ClaimItem(c, reviews.get(i)) for c, i in zip(found, ids, strict=True)], after)


def map_query(kind: str | None, actor: str | None, origin: str | None, since: str | None,
              until: str | None) -> ClaimQuery:
    """The filters of the map, checked as the claims list checks them."""
    for bound in (since, until):
        if bound and not _DATE.match(bound):
            raise BadQuery(f"{bound!r} is not a date like 2024, 2024-05 or 2024-05-03")
    return ClaimQuery(kind=kind, actor=actor, origin=origin, since=since, until=until)


def claim_view(store: Store, claim_id: str) -> ClaimDetail:
    claim_id = resolve(store, "claim", claim_id)
    found = store.claims_by_id([claim_id])
    if not found:
        raise NotFound(f"no claim has id {claim_id!r}")
    with store.connect() as tables:
        thread_id = tables.threads.of_claim(claim_id)
        version = tables.review.claim_version(claim_id)
    return ClaimDetail(
        ClaimItem(found[0], claim_reviews(store, [claim_id]).get(claim_id)),
        thread_id,
        audit_entries(store, [claim_id]),
        version,
    )


@dataclass(frozen=True, slots=True)
class ClaimDetail:
    item: ClaimItem
    thread_id: str | None
    audit: list[AuditEntry]
    version: int = 0  # of the claim, for edits made from this view (If-Match)

    def to_json(self) -> dict[str, Any]:
        return self.item.to_json() | {"thread_id": self.thread_id, "audit": [a.to_json() for a in self.audit],
                                      "version": self.version}


# -- articles ---------------------------------------------------------------------------------------


def article_page(store: Store, after: str | None = None, limit: int = 50, q: str | None = None,
                 sort: str = "newest") -> Page:
    """Articles by publication date (newest or oldest first) or by id."""
    with store.connect() as tables:
        try:
            found, next_after = tables.articles.page(after, _limit(limit), q, sort)
        except ValueError as exc:
            raise BadQuery(str(exc)) from exc
    return Page(found, next_after)


def article_json(a: ArticleSummary) -> dict[str, Any]:
    return {"id": a.id, "source": a.source, "claims": a.claims, "word_count": a.word_count,
            "extractor_version": a.extractor_version} | _metadata_json(a.metadata)


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of the article text: plain, or the span of a claim."""

    text: str
    claim_id: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleDetail:
    article: Article
    claims: list[ClaimItem]
    segments: list[Segment]
    audit: list[AuditEntry]

    def to_json(self) -> dict[str, Any]:
        a = self.article
        return {
            "id": a.id, "source": a.source, "text": a.text, "cleaner_version": a.cleaner_version,
            **_metadata_json(a.metadata),
            "citations": [
                {"text": c.text, "span": [c.start, c.end], "author": c.author, "outlet": c.outlet,
                 "date": _iso(c.date), "title": c.title, "url": c.url}
                for c in a.citations
            ],
            "claims": [c.to_json() for c in self.claims],
        }


def article_view(store: Store, article_id: str) -> ArticleDetail:
    article_id = resolve(store, "article", article_id)
    article = store.article(article_id)
    if article is None:
        raise NotFound(f"no article has id {article_id!r}")
    found = store.claims(ClaimFilter(article_id=article_id))
    reviews = claim_reviews(store, [c.id for c in found])
    return ArticleDetail(
        article,
        [ClaimItem(c, reviews.get(c.id)) for c in found],
        segments(article.text, found),
        audit_entries(store, [c.id for c in found]),
    )


def segments(text: str, found: list[Claim]) -> list[Segment]:
    """The text cut at claim spans; a span overlapping an earlier one is not highlighted."""
    out: list[Segment] = []
    at = 0
    for c in sorted(found, key=lambda c: (c.span.start, -c.span.end)):
        start, end = c.span.start, c.span.end
        if start < at or end <= start or end > len(text):
            continue
        if start > at:
            out.append(Segment(text[at:start]))
        out.append(Segment(text[start:end], c.id))
        at = end
    if at < len(text):
        out.append(Segment(text[at:]))
    return out


# -- threads ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ThreadSummary:
    id: str
    label: str
    kind: str
    actor: str
    location: str | None
    claims: int
    origins: int
    first_as_of: dt.date | None
    last_as_of: dt.date | None
    latest: Estimate | None
    trend: list[tuple[str, float]] = field(default_factory=list)  # (as-of month, best)

    def to_json(self) -> dict[str, Any]:
        latest = self.latest
        return {
            "id": self.id, "label": self.label, "kind": self.kind, "actor": self.actor, "location": self.location,
            "claims": self.claims, "origins": self.origins, "first_as_of": _iso(self.first_as_of),
            "last_as_of": _iso(self.last_as_of),
            "latest_estimate": None if latest is None else
            {"as_of": latest.as_of, "low": latest.low, "best": latest.best, "high": latest.high},
            "trend": [{"as_of": m, "best": b} for m, b in self.trend],
        }

    @property
    def sparkline(self) -> Markup:
        return sparkline(self.trend)


def thread_page(store: Store, kind: str | None = None, actor: str | None = None, place: str | None = None,
                after: str | None = None, limit: int = 50) -> Page:
    """Threads, largest first (`after` is "claims:id" of the last one seen)."""
    limit = _limit(limit)
    cursor: tuple[int, str] | None = None
    if after:
        size, _, last = after.partition(":")
        if not size.isdigit() or not last:
            raise BadQuery(f"after {after!r} is not a cursor this list gave out")
        cursor = (int(size), last)
    with store.connect() as tables:
        heads = tables.threads.page(kind, actor, place, cursor, limit + 1)
        # plain estimates, not their origins' and claims' lists (a page needs neither): a page of
        # the largest threads holds about a thousand monthly estimates
        series = tables.threads.estimate_series([h.id for h in heads[:limit]])
    items = []
    for h in heads[:limit]:
        label = Thread(h.id, h.kind, h.actor, h.actor_id, h.country, h.location, h.split).label
        estimates = series.get(h.id, [])
        trend = [(e.as_of, e.best) for e in estimates if e.best is not None]
        latest = estimates[-1] if estimates else None
        items.append(ThreadSummary(h.id, label, h.kind, h.actor, h.location, h.claims, h.origins,
                                   _date(h.first_as_of), _date(h.last_as_of), latest, trend))
    next_after = f"{heads[limit - 1].claims}:{heads[limit - 1].id}" if len(heads) > limit else None
    return Page(items, next_after)


@dataclass(frozen=True, slots=True)
class ThreadDetail:
    section: ThreadSection
    disputes: tuple[Dispute, ...]
    items: dict[str, ReportClaim]
    reviews: dict[str, ClaimReview]
    audit: list[AuditEntry]
    # claims at the other end of a cross-thread relation (shown with value and source)
    related: dict[str, ReportClaim] = field(default_factory=dict)

    @property
    def thread(self) -> Thread:
        return self.section.thread

    @property
    def per_origin(self) -> dict[str, list[Estimate]]:
        """Each origin's own series of low / best / high by month (asserted claims only)."""
        return origin_estimates(self.thread.claims)

    @property
    def set_aside(self) -> list[tuple[ThreadClaim, ReportClaim | None]]:
        """Members that feed no estimate: forecasts, plans, possibilities, denials."""
        return [(c, self.items.get(c.claim_id)) for c in self.thread.claims if c.modality != "asserted"]

    @property
    def outliers(self) -> set[str]:
        return {x for e in self.thread.estimates for x in e.outliers}

    def claim(self, claim_id: str) -> ReportClaim | None:
        return self.items.get(claim_id) or self.related.get(claim_id)

    def to_json(self) -> dict[str, Any]:
        return self.thread.to_json() | {
            "claim_details": [ClaimItem(i.claim, self.reviews.get(k)).to_json() for k, i in self.items.items()],
            "disputes": [{"a": d.a.claim.id, "b": d.b.claim.id} for d in self.disputes],
            "audit": [a.to_json() for a in self.audit],
        }


def thread_view(store: Store, thread_id: str) -> ThreadDetail:
    thread_id = resolve(store, "thread", thread_id)
    found = load_threads(store, [thread_id])
    if not found:
        raise NotFound(f"no thread has id {thread_id!r}")
    thread = found[0]
    ids = [c.claim_id for c in thread.claims]
    items = {}
    for claim in store.claims_by_id(ids):
        items[claim.id] = ReportClaim(claim, value_text(claim), claim.attributed_to or "the article itself", None)
    others = sorted({x for r in thread.relations for x in (r.a, r.b)} - set(items))
    related = {c.id: ReportClaim(c, value_text(c), c.attributed_to or "the article itself", None)
               for c in store.claims_by_id(others)} if others else {}
    sections, disputes = _thread_sections([thread], items)
    section = sections[0] if sections else ThreadSection(thread, (), Markup(""))
    return ThreadDetail(section, disputes, items, claim_reviews(store, ids), audit_entries(store, [thread.id, *ids]),
                        related)


# -- sources ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Source:
    name: str
    role: str  # origin or conduit
    claims: int
    threads: int
    agrees_with: list[tuple[str, int]]
    conflicts_with: list[tuple[str, int]]

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role, "claims": self.claims, "threads": self.threads,
                "agrees_with": [{"origin": o, "pairs": n} for o, n in self.agrees_with],
                "conflicts_with": [{"origin": o, "pairs": n} for o, n in self.conflicts_with]}


def sources(store: Store, limit: int = 200) -> list[Source]:
    """Every origin and conduit (the `limit` with most claims of each), with claim and thread
    counts and the origins they corroborate or conflict with."""
    with store.connect() as tables:
        origin_claims = tables.claims.origin_counts(limit)
        names = [o for o, _ in origin_claims]
        origin_threads = tables.claims.origin_thread_counts(names)
        conduit_rows = tables.claims.conduit_counts()
        pairs = _origin_pairs(tables.claims.origin_relations(names))
    out = [Source(o, "origin", n, origin_threads.get(o, 0), pairs[o, "corroborates"], pairs[o, "conflicts"])
           for o, n in origin_claims]
    conduit_claims: dict[str, int] = defaultdict(int)
    conduit_threads: dict[str, int] = defaultdict(int)
    for text, n, t in conduit_rows:
        for name in json.loads(text):
            conduit_claims[name] += n
            conduit_threads[name] += t
    ranked = sorted(conduit_claims, key=lambda k: (-conduit_claims[k], k))[:limit]
    out += [Source(c, "conduit", conduit_claims[c], conduit_threads[c], [], []) for c in ranked]
    return out


def _origin_pairs(relations: list[tuple[str, str, str, int]]) -> dict[tuple[str, str], list[tuple[str, int]]]:
    """(origin, relation) -> the other origins of that relation, with pair counts, most first."""
    found: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)
    counts: dict[tuple[str, str, str], int] = defaultdict(int)
    for x, y, rel, n in relations:
        counts[x, y, rel] += n
        counts[y, x, rel] += n
    for (x, y, rel), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        found[x, rel].append((y, n))
    return found


# -- helpers ----------------------------------------------------------------------------------------


def sparkline(points: list[tuple[str, float]], width: int = 120, height: int = 28) -> Markup:
    """A small inline SVG of best estimates over time (numbers only: nothing to escape)."""
    if len(points) < 2:
        return Markup("")
    values = [v for _, v in points]
    low, high = min(values), max(values)
    spread = (high - low) or 1.0
    step = width / (len(points) - 1)
    coords = " ".join(f"{i * step:.1f},{height - 3 - (v - low) / spread * (height - 6):.1f}" for i, v in enumerate(values))
    return Markup(
        f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" aria-hidden="true">'
        f'<polyline points="{coords}" fill="none" stroke="#1f77b4" stroke-width="1.5"/></svg>'
    )


def _limit(limit: int) -> int:
    if not 1 <= limit <= MAX_LIMIT:
        raise BadQuery(f"limit must be between 1 and {MAX_LIMIT}")
    return limit


def _metadata_json(m: Any) -> dict[str, Any]:
    return {"title": m.title, "url": m.url, "outlet": m.outlet, "author": m.author,
            "published": _iso(m.published), "published_inferred": m.published_inferred, "language": m.language,
            "extraction": extraction_note(m.language) or "extracted"}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))
