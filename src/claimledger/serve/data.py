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
from sqlalchemy import Select, and_, func, or_, select

from claimledger.errors import ClaimledgerError
from claimledger.model import Article, Claim, Estimate, Thread
from claimledger.reconcile import threads as load_threads
from claimledger.output.report import Dispute, ReportClaim, ThreadSection, _thread_sections, value_text
from claimledger.review import AuditEntry, ClaimReview, audit_entries, claim_reviews
from claimledger.serve.search import text_filter
from claimledger.store import ArticleSummary, ClaimFilter, Store, _claim, _metadata
from claimledger.store.schema import articles, claims, estimates, relations, thread_claims, threads

MAX_LIMIT = 500
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class NotFound(ClaimledgerError):
    """No article, claim or thread has this id."""


class BadQuery(ClaimledgerError):
    """A filter or page parameter is malformed."""


@dataclass(frozen=True, slots=True)
class ClaimQuery:
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
    limit = _limit(query.limit)
    stmt = select(claims).order_by(claims.c.id).limit(limit + 1)
    if query.after:
        stmt = stmt.where(claims.c.id > query.after)
    stmt = _claim_filters(stmt, query, store.engine.dialect.name)
    with store.engine.connect() as conn:
        rows = conn.execute(stmt).all()
    found = [_claim(r) for r in rows[:limit]]
    reviews = claim_reviews(store, [c.id for c in found])
    items = [ClaimItem(c, reviews.get(c.id)) for c in found]
    return Page(items, rows[limit - 1].id if len(rows) > limit else None)


def _claim_filters(stmt: Select[Any], query: ClaimQuery, dialect: str) -> Select[Any]:
    if query.kind:
        stmt = stmt.where(claims.c.kind == query.kind)
    if query.article_id:
        stmt = stmt.where(claims.c.article_id == query.article_id)
    if query.actor:
        stmt = stmt.where(_actor(claims.c.actor_id, claims.c.actor_name, query.actor))
    if query.origin:
        pattern = query.origin
        stmt = stmt.where(or_(_contains(claims.c.origin, pattern), _contains(claims.c.conduits, pattern)))
    if query.place:
        place = query.place.strip()
        if len(place) == 2 and place.isalpha():
            stmt = stmt.where(claims.c.place_country == place.upper())
        else:
            pattern = place
            stmt = stmt.where(or_(_contains(claims.c.place_name, pattern), _contains(claims.c.location_text, pattern)))
    for bound, cmp in ((query.since, "ge"), (query.until, "le")):
        if bound:
            if not _DATE.match(bound):
                raise BadQuery(f"{bound!r} is not a date like 2024, 2024-05 or 2024-05-03")
            # compared at the coarser of the two precisions: a claim of "2025-01" is since 2025-01-20
            head = func.substr(claims.c.time, 1, len(bound))
            cut = func.substr(bound, 1, func.length(head))
            stmt = stmt.where(head >= cut if cmp == "ge" else head <= cut)
    if query.q:
        stmt = stmt.where(text_filter(claims, query.q, dialect))
    return stmt


def claim_view(store: Store, claim_id: str) -> ClaimDetail:
    with store.engine.connect() as conn:
        row = conn.execute(select(claims).where(claims.c.id == claim_id)).first()
        if row is None:
            raise NotFound(f"no claim has id {claim_id!r}")
        thread_id = conn.scalar(select(thread_claims.c.thread_id).where(thread_claims.c.claim_id == claim_id))
    claim = _claim(row)
    return ClaimDetail(
        ClaimItem(claim, claim_reviews(store, [claim_id]).get(claim_id)),
        thread_id,
        audit_entries(store, [claim_id]),
    )


@dataclass(frozen=True, slots=True)
class ClaimDetail:
    item: ClaimItem
    thread_id: str | None
    audit: list[AuditEntry]

    def to_json(self) -> dict[str, Any]:
        return self.item.to_json() | {"thread_id": self.thread_id, "audit": [a.to_json() for a in self.audit]}


# -- articles ---------------------------------------------------------------------------------------


def article_page(store: Store, after: str | None = None, limit: int = 50, q: str | None = None) -> Page:
    limit = _limit(limit)
    stmt = select(*[c for c in articles.c if c.name != "text"]).order_by(articles.c.id).limit(limit + 1)
    if after:
        stmt = stmt.where(articles.c.id > after)
    if q:
        stmt = stmt.where(text_filter(articles, q, store.engine.dialect.name))
    with store.engine.connect() as conn:
        rows = conn.execute(stmt).all()
        ids = [r.id for r in rows[:limit]]
        counted: dict[str, int] = dict(
            conn.execute(
                select(claims.c.article_id, func.count()).where(claims.c.article_id.in_(ids)).group_by(claims.c.article_id)
            ).all()
        ) if ids else {}
    items = [
        ArticleSummary(r.id, r.source, _metadata(r), r.word_count, counted.get(r.id, 0), r.extractor_version)
        for r in rows[:limit]
    ]
    return Page(items, rows[limit - 1].id if len(rows) > limit else None)


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
    for c in sorted(found, key=lambda c: (c.start, -c.end)):
        if c.start < at or c.end <= c.start or c.end > len(text):
            continue
        if c.start > at:
            out.append(Segment(text[at : c.start]))
        out.append(Segment(text[c.start : c.end], c.id))
        at = c.end
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
    stmt = select(threads).order_by(threads.c.claims.desc(), threads.c.id.desc()).limit(limit + 1)
    if after:
        size, _, last = after.partition(":")
        if not size.isdigit() or not last:
            raise BadQuery(f"after {after!r} is not a cursor this list gave out")
        stmt = stmt.where(or_(threads.c.claims < int(size), and_(threads.c.claims == int(size), threads.c.id < last)))
    if kind:
        stmt = stmt.where(threads.c.kind == kind)
    if actor:
        stmt = stmt.where(_actor(threads.c.actor_id, threads.c.actor, actor))
    if place:
        place = place.strip()
        if len(place) == 2 and place.isalpha():
            stmt = stmt.where(threads.c.country == place.upper())
        else:
            stmt = stmt.where(_contains(threads.c.location, place))
    with store.engine.connect() as conn:
        heads = conn.execute(stmt).all()
        ids = [h.id for h in heads[:limit]]
        # plain rows, not the origins' and claims' lists (a page needs neither): a page of the
        # largest threads holds about a thousand monthly estimates
        series: dict[str, list[Any]] = defaultdict(list)
        if ids:
            cols = (estimates.c.thread_id, estimates.c.as_of, estimates.c.low, estimates.c.best, estimates.c.high)
            query = select(*cols).where(estimates.c.thread_id.in_(ids)).order_by(estimates.c.as_of)
            for row in conn.execute(query).all():
                series[row[0]].append(row)
    items = []
    for h in heads[:limit]:
        label = Thread(h.id, h.kind, h.actor, h.actor_id, h.country, h.location, h.split).label
        rows = series[h.id]
        trend = [(r[1], r[3]) for r in rows if r[3] is not None]
        latest = Estimate(rows[-1][1], rows[-1][2], rows[-1][3], rows[-1][4]) if rows else None
        items.append(ThreadSummary(h.id, label, h.kind, h.actor, h.location, h.claims, h.origins,
                                   _date(h.first_as_of), _date(h.last_as_of), latest, trend))
    cursor = f"{heads[limit - 1].claims}:{heads[limit - 1].id}" if len(heads) > limit else None
    return Page(items, cursor)


@dataclass(frozen=True, slots=True)
class ThreadDetail:
    section: ThreadSection
    disputes: tuple[Dispute, ...]
    items: dict[str, ReportClaim]
    reviews: dict[str, ClaimReview]
    audit: list[AuditEntry]

    @property
    def thread(self) -> Thread:
        return self.section.thread

    def to_json(self) -> dict[str, Any]:
        return self.thread.to_json() | {
            "claim_details": [ClaimItem(i.claim, self.reviews.get(k)).to_json() for k, i in self.items.items()],
            "disputes": [{"a": d.a.claim.id, "b": d.b.claim.id} for d in self.disputes],
            "audit": [a.to_json() for a in self.audit],
        }


def thread_view(store: Store, thread_id: str) -> ThreadDetail:
    found = load_threads(store, [thread_id])
    if not found:
        raise NotFound(f"no thread has id {thread_id!r}")
    thread = found[0]
    ids = [c.claim_id for c in thread.claims]
    items = {}
    with store.engine.connect() as conn:
        for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
            for row in conn.execute(select(claims).where(claims.c.id.in_(chunk))):
                claim = _claim(row)
                items[row.id] = ReportClaim(claim, value_text(claim), claim.attributed_to or "the article itself", None)
    sections, disputes = _thread_sections([thread], items)
    section = sections[0] if sections else ThreadSection(thread, (), Markup(""))
    return ThreadDetail(section, disputes, items, claim_reviews(store, ids), audit_entries(store, [thread.id, *ids]))


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
    with store.engine.connect() as conn:
        origin_claims = conn.execute(
            select(claims.c.origin, func.count()).where(claims.c.origin.is_not(None))
            .group_by(claims.c.origin).order_by(func.count().desc()).limit(limit)
        ).all()
        names = [o for o, _ in origin_claims]
        # thread_claims has no index on claim_id: read it once, keeping the rows whose claim is in
        # the (indexed) set of these origins' claims, rather than search it once per claim
        # (2.3 times faster at 200,000 claims)
        theirs = select(claims.c.id).where(claims.c.origin.in_(names))
        origin_threads: dict[str, int] = dict(conn.execute(
            select(claims.c.origin, func.count(thread_claims.c.thread_id.distinct()))
            .select_from(thread_claims).join(claims, claims.c.id == thread_claims.c.claim_id)
            .where(thread_claims.c.claim_id.in_(theirs)).group_by(claims.c.origin)
        ).all()) if names else {}
        conduit_rows = conn.execute(
            select(claims.c.conduits, func.count(), func.count(thread_claims.c.thread_id.distinct()))
            .outerjoin(thread_claims, thread_claims.c.claim_id == claims.c.id)
            .where(claims.c.conduits != "[]").group_by(claims.c.conduits)
        ).all()
        pairs = _origin_pairs(conn, names)
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


def _origin_pairs(conn: Any, names: list[str]) -> dict[tuple[str, str], list[tuple[str, int]]]:
    found: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)
    if not names:
        return found
    a, b = claims.alias("a"), claims.alias("b")
    query = (
        select(a.c.origin, b.c.origin, relations.c.relation, func.count())
        .join(a, a.c.id == relations.c.a).join(b, b.c.id == relations.c.b)
        .where(relations.c.relation.in_(("corroborates", "conflicts")),
               a.c.origin.is_not(None), b.c.origin.is_not(None), a.c.origin != b.c.origin,
               or_(a.c.origin.in_(names), b.c.origin.in_(names)))
        .group_by(a.c.origin, b.c.origin, relations.c.relation)
    )
    counts: dict[tuple[str, str, str], int] = defaultdict(int)
    for x, y, rel, n in conn.execute(query):
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


def _actor(id_column: Any, name_column: Any, actor: str) -> Any:
    """A knowledge-base id ("state:KP", indexed) or words of the actor's name."""
    actor = actor.strip()
    return id_column == actor if ":" in actor else _contains(name_column, actor)


def _contains(column: Any, words: str) -> Any:
    """Case-insensitive substring match; the user's % and _ match themselves."""
    escaped = words.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.ilike(f"%{escaped}%", escape="\\")


def _metadata_json(m: Any) -> dict[str, Any]:
    return {"title": m.title, "url": m.url, "outlet": m.outlet, "author": m.author,
            "published": _iso(m.published), "published_inferred": m.published_inferred, "language": m.language}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))
