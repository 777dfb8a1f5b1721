"""Running reconciliation over the store: a full rebuild, or the units some articles touched.

Both paths load claims, compute near-duplicates and stories, and hand each unit to
`reconcile_unit`; they differ only in which units they recompute. Everything happens in one
transaction, so a crash leaves the previous threads in place.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import URL, Connection

from claimledger.model import Decision, Estimate, NearDuplicate
from claimledger.reconcile import duplicates as dup
from claimledger.reconcile.decisions import Rejections, linked_actor_keys
from claimledger.reconcile.evidence import ArticleInfo, Member, actor_key, as_of, evidence
from claimledger.reconcile.rules import ReconcileRules
from claimledger.reconcile.threads import split_key
from claimledger.reconcile.unit import reconcile_unit
from claimledger.store import Store
from claimledger.store import threads as tables

SIGNATURE_BATCH = 2000
MEMO_LIMIT = 100_000  # entries per memo (tens of MB at most)


@dataclass(frozen=True, slots=True)
class ReconcileSummary:
    full: bool
    claims: int = 0
    threads: int = 0
    relations: int = 0
    near_duplicates: int = 0
    seconds: float = 0.0


@dataclass(slots=True)
class Context:
    """What every unit needs: rules, articles, decisions by actor key, rejections, links."""

    rules: ReconcileRules
    articles: dict[str, ArticleInfo] = field(default_factory=dict)
    decisions: list[Decision] = field(default_factory=list)
    by_key: dict[str, list[Decision]] = field(default_factory=dict)
    rejections: Rejections = field(default_factory=Rejections)
    unit_of: dict[str, str] = field(default_factory=dict)  # linked actor key -> unit name
    # Memos of pure functions over values that repeat across a million claims. Origins x stories
    # grow with the corpus, so every memo is emptied when it reaches MEMO_LIMIT entries.
    _as_of: dict[tuple[str | None, dt.date | None], dt.date | None] = field(default_factory=dict)
    _actor_key: dict[tuple[str | None, str], str] = field(default_factory=dict)
    _evidence: dict[tuple[str | None, str | None, str], tuple[str, str]] = field(default_factory=dict)
    _origins_json: dict[tuple[str, ...], str] = field(default_factory=dict)

    @classmethod
    def build(cls, rules: ReconcileRules, decisions: list[Decision]) -> Context:
        ctx = cls(rules, decisions=decisions, rejections=Rejections.of(decisions))
        by_key: dict[str, list[Decision]] = defaultdict(list)
        for d in decisions:
            for key in {d.thread_key, d.other_thread_key} - {""}:
                by_key[split_key(key)[1]].append(d)
        ctx.by_key = {k: sorted(v, key=lambda d: d.id or 0) for k, v in by_key.items()}
        for component in linked_actor_keys(decisions):
            name = min(component)
            for key in component:
                ctx.unit_of[key] = name
        return ctx

    def estimate_row(self, thread_id: str, e: Estimate) -> tables.EstimateRow:
        text = self._origins_json.get(e.origins)
        if text is None:
            text = _remember(self._origins_json, e.origins, json.dumps(list(e.origins), ensure_ascii=False))
        claims = '["' + '","'.join(e.claims) + '"]' if e.claims else "[]"  # hex ids: no escaping
        return (thread_id, e.as_of, e.low, e.best, e.high, text, claims)

    def unit(self, key: str) -> str:
        return self.unit_of.get(key, key)

    def unit_keys(self, keys: Iterable[str]) -> set[str]:
        """The keys, with every key linked to one of them."""
        wanted = {self.unit(k) for k in keys}
        return set(keys) | {k for k, u in self.unit_of.items() if u in wanted}

    def decisions_for(self, keys: Iterable[str]) -> list[Decision]:
        found = {id(d): d for k in keys for d in self.by_key.get(k, ())}
        return sorted(found.values(), key=lambda d: d.id or 0)


def actor_key_of(f: tables.ClaimFacts, ctx: Context) -> str:
    akey = ctx._actor_key.get((f.actor_id, f.subject))
    if akey is None:
        akey = _remember(ctx._actor_key, (f.actor_id, f.subject), actor_key(f.actor_id, f.subject, ctx.rules))
    return akey


def _remember(memo: dict[Any, Any], key: Any, value: Any) -> Any:
    if len(memo) >= MEMO_LIMIT:
        memo.clear()
    memo[key] = value
    return value


def member(f: tables.ClaimFacts, ctx: Context, akey: str | None = None) -> Member:
    article = ctx.articles.get(f.article_id)
    story = article.story if article else f.article_id
    found = ctx._evidence.get((f.origin, f.origin_actor_id, story))
    if found is None:
        found = evidence(f.origin, f.origin_actor_id, article, f.article_id, ctx.rules)
        _remember(ctx._evidence, (f.origin, f.origin_actor_id, story), found)
    key, origin = found
    published = article.published if article else None
    when = ctx._as_of.get((f.time, published), dt.date.min)
    if when == dt.date.min:
        when = _remember(ctx._as_of, (f.time, published), as_of(f.time, published))
    if akey is None:
        akey = actor_key_of(f, ctx)
    return Member(
        claim_id=f.id,
        article_id=f.article_id,
        kind=f.kind,
        actor_key=akey,
        actor=f.actor_name or f.subject,
        actor_id=f.actor_id,
        country=f.place_country,
        country_name=f.place_country_name,
        value=f.value,
        value_low=f.value_low,
        value_high=f.value_high,
        approx=bool(f.approx),
        as_of=when,
        evidence=key,
        origin=origin,
        span_start=f.span_start,
        span_end=f.span_end,
        number_text=f.number_text,
    )


# -- near-duplicates ---------------------------------------------------------------------------------


def _age(facts: dict[str, tables.ArticleFacts], conn: Connection | None = None) -> dup.OrderKey:
    """Articles by age (publication, then ingestion, then id). With `conn`, facts missing from
    `facts` are read when first needed (an incremental run loads only the articles it touches)."""
    far = dt.date.max
    never = dt.datetime.max.replace(tzinfo=dt.UTC)

    def key(article_id: str) -> tuple[dt.date, dt.datetime, str]:
        a = facts.get(article_id)
        if a is None and conn is not None:
            facts.update(tables.article_facts(conn, [article_id]))
            a = facts.get(article_id)
        if a is None:
            return (far, never, article_id)
        stamp = a.ingested_at or never
        if stamp.tzinfo is None:
            stamp = stamp.replace(tzinfo=dt.UTC)
        return (a.published or far, stamp, article_id)

    return key


def _signatures_for(
    conn: Connection, ids: Sequence[str], rules: ReconcileRules, url: URL | None = None, workers: int = 1
) -> dict[str, dup.Signature]:
    """Cached signatures of these articles, computing (and caching) the missing ones (in
    `workers` processes reading from `url` when there are many)."""
    scheme = dup.scheme(rules)
    tables.forget_other_signatures(conn, scheme)
    known = tables.signatures(conn, scheme, ids)
    out = {a: dup.from_bytes(known[a]) for a in ids if a in known}
    missing = [a for a in ids if a not in known]
    if url is not None and workers > 1 and len(missing) > 10 * SIGNATURE_BATCH:
        from claimledger.reconcile.parallel import signatures_in_parallel

        made = signatures_in_parallel(url, missing, rules, workers)
        tables.save_signatures(conn, scheme, list(made.items()))
        out.update((a, dup.from_bytes(data)) for a, data in made.items())
        return out
    hasher = dup.MinHasher.from_rules(rules)
    batch: list[tuple[str, str]] = []
    for item in tables.article_texts(conn, missing):
        batch.append(item)
        if len(batch) >= SIGNATURE_BATCH:
            _sign(conn, hasher, scheme, batch, out)
    _sign(conn, hasher, scheme, batch, out)
    return out


def _sign(
    conn: Connection, hasher: dup.MinHasher, scheme: str, batch: list[tuple[str, str]], out: dict[str, dup.Signature]
) -> None:
    if not batch:
        return
    sigs = hasher.signatures([text for _, text in batch])
    tables.save_signatures(conn, scheme, [(a, dup.to_bytes(sigs[i])) for i, (a, _) in enumerate(batch)])
    out.update((a, sigs[i]) for i, (a, _) in enumerate(batch))
    batch.clear()


def _article_infos(facts: dict[str, tables.ArticleFacts], story: dict[str, str]) -> dict[str, ArticleInfo]:
    infos: dict[str, ArticleInfo] = {}
    for article_id, a in facts.items():
        original = story.get(article_id, article_id)
        outlet = facts[original].outlet if original in facts else a.outlet
        infos[article_id] = ArticleInfo(a.published, outlet, original)
    return infos


# -- full rebuild -----------------------------------------------------------------------------------


def rebuild(store: Store, rules: ReconcileRules, workers: int = 1) -> ReconcileSummary:
    """Every thread anew. With `workers` > 1, units are reconciled in that many forked processes
    while this one writes their rows (claims are split between them by unit)."""
    started = dt.datetime.now(dt.UTC)
    with store.engine.begin() as conn:
        tables.lock_for_reconcile(conn)
        tables.clear_queue(conn)
        facts = tables.article_facts(conn)
        age = _age(facts)
        sigs = _signatures_for(conn, sorted(facts), rules, store.engine.url if workers > 1 else None, workers)
        pairs = dup.near_duplicates(sigs, {}, rules.lsh_bands, rules.near_duplicate_similarity, age)
        tables.clear_near_duplicates(conn)
        tables.add_near_duplicates(conn, pairs)
        ctx = Context.build(rules, tables.read_decisions(conn))
        ctx.articles = _article_infos(facts, dup.stories(pairs, age))
        del facts, sigs
        tables.clear_threads(conn)
        tables.drop_thread_indexes(conn)
        writer = tables.ThreadWriter(conn)
        if workers > 1:
            from claimledger.reconcile.parallel import produce_in_parallel

            counts = produce_in_parallel(store.engine.url, ctx, parts_of(conn, workers), writer)
        else:
            counts = produce(conn, ctx, writer)
        writer.flush()
        tables.create_thread_indexes(conn)
    seconds = (dt.datetime.now(dt.UTC) - started).total_seconds()
    return ReconcileSummary(True, counts.claims, counts.threads, counts.relations, len(pairs), seconds)


@dataclass(slots=True)
class Counts:
    claims: int = 0
    threads: int = 0
    relations: int = 0

    def add(self, other: Counts) -> None:
        self.claims += other.claims
        self.threads += other.threads
        self.relations += other.relations


@dataclass(frozen=True, slots=True)
class Part:
    """One worker's share of a rebuild: a range of actor ids; the first part also takes the
    units keyed by subject and those an analyst linked (read once, not by every worker)."""

    index: int = 0
    parts: int = 1
    actor_range: tuple[str | None, str | None] = (None, None)

    @property
    def first(self) -> bool:
        return self.index == 0


def parts_of(conn: Connection, parts: int) -> list[Part]:
    """Ranges of actor ids sized so that every part has about as many claims, counting the
    subject-keyed claims the first part takes as well."""
    with_actor, without = tables.claims_without_actor(conn)
    per_part = (with_actor + without) / parts
    first = max(0.0, per_part - without)
    rest = (with_actor - first) / (parts - 1) if parts > 1 else 0.0
    shares = [first / with_actor if with_actor else 0.0] + [rest / with_actor if with_actor else 0.0] * (parts - 1)
    cuts: list[str | None] = [None, *tables.actor_splits(conn, shares), None]
    return [Part(i, len(cuts) - 1, (cuts[i], cuts[i + 1])) for i in range(len(cuts) - 1)]


def produce(conn: Connection, ctx: Context, sink: tables.RowSink, part: Part = Part()) -> Counts:
    """Reconcile every unit (or those of one part) into `sink`.

    Claims with an actor stream in actor order, so each unit is done as soon as its last claim
    is read. Claims keyed by subject stream in subject order, and a unit is done when it has as
    many claims as the subjects that make up its key counted beforehand. Only units an analyst
    linked wait until the end, so memory holds about one unit at a time, not the ledger.
    """
    counts = Counts()
    kinds = ctx.rules.thread_kinds
    linked_units: dict[str, list[Member]] = defaultdict(list)
    current: list[Member] = []
    for f in tables.claim_facts(conn, kinds, with_actor=True, actor_range=part.actor_range):
        akey = actor_key_of(f, ctx)
        if akey in ctx.unit_of:
            if part.parts == 1:
                linked_units[ctx.unit(akey)].append(member(f, ctx, akey))
            continue  # with parts, the first part reads linked actors below
        if current and current[0].actor_key != akey:
            _write_unit(current, ctx, sink, counts)
            current = []
        current.append(member(f, ctx, akey))
    if current:
        _write_unit(current, ctx, sink, counts)
    if not part.first:
        return counts
    linked = sorted(k.removeprefix("actor:") for k in ctx.unit_of if k.startswith("actor:"))
    if part.parts > 1 and linked:
        for f in tables.claim_facts(conn, kinds, with_actor=True, actor_ids=linked):
            akey = actor_key_of(f, ctx)
            linked_units[ctx.unit(akey)].append(member(f, ctx, akey))
    awaited: dict[str, int] = defaultdict(int)  # subject key -> claims not read yet
    for subject, n in tables.subject_counts(conn, kinds).items():
        awaited[actor_key(None, subject, ctx.rules)] += n
    open_units: dict[str, list[Member]] = defaultdict(list)
    for f in tables.claim_facts(conn, kinds, with_actor=False):
        akey = actor_key_of(f, ctx)
        if akey in ctx.unit_of:
            linked_units[ctx.unit(akey)].append(member(f, ctx, akey))
            continue
        open_units[akey].append(member(f, ctx, akey))
        awaited[akey] -= 1
        if awaited[akey] <= 0:
            _write_unit(open_units.pop(akey), ctx, sink, counts)
    for name in sorted(open_units):  # claims written while this ran: not counted, not lost
        _write_unit(open_units.pop(name), ctx, sink, counts)
    for name in sorted(linked_units):
        _write_unit(linked_units.pop(name), ctx, sink, counts)
    return counts


def _write_unit(members: list[Member], ctx: Context, sink: tables.RowSink, counts: Counts) -> None:
    rejections = ctx.rejections
    kept = [m for m in members if not rejections.rejected(m)] if rejections else members
    if not kept:
        return
    keys = {m.actor_key for m in kept}
    done = reconcile_unit(kept, ctx.decisions_for(keys) if ctx.by_key else [], ctx.rules)
    relations = 0
    for r in done:
        d = r.draft
        dates = [m.as_of for m in d.members if m.as_of]
        tid = d.id
        row = tables.ThreadRow(
            tid, d.key, d.kind, d.actor_key, r.actor, r.actor_id, d.country, r.location, d.split,
            len(d.members), len({m.evidence for m in d.members}),
            min(dates).isoformat() if dates else None, max(dates).isoformat() if dates else None,
        )
        members_rows = [
            (m.claim_id, tid, m.article_id, m.actor_key, m.as_of.isoformat() if m.as_of else None, m.origin, m.evidence)
            for m in d.members
        ]
        own = [x for x in r.relations if x.thread_a == tid]  # a cross-thread one goes with its first
        sink.add(row, members_rows, own, [ctx.estimate_row(tid, e) for e in r.estimates])
        relations += len(own)
    counts.claims += len(kept)
    counts.threads += len(done)
    counts.relations += relations


# -- incremental --------------------------------------------------------------------------------------


def refresh(
    store: Store,
    rules: ReconcileRules,
    article_ids: Sequence[str] = (),
    actor_keys: Iterable[str] = (),
) -> ReconcileSummary:
    """Recompute the units touched by these articles (new or re-extracted) and actor keys."""
    started = dt.datetime.now(dt.UTC)
    with store.engine.begin() as conn:
        tables.lock_for_reconcile(conn)
        if tables.thread_count(conn) == 0 and _has_unthreaded(conn, rules, article_ids):
            conn.rollback()
            return rebuild(store, rules)
        pairs = tables.read_near_duplicates(conn)
        wanted = set(article_ids) | {a for p in pairs for a in (p.article_id, p.original_id)}
        facts = tables.article_facts(conn, sorted(wanted))
        age = _age(facts, conn)
        new_pairs = _new_near_duplicates(conn, [a for a in article_ids if a in facts], rules, age)
        pairs += new_pairs
        story = dup.stories(pairs, age)
        affected = _with_story_mates(set(article_ids), story)
        ctx = Context.build(rules, tables.read_decisions(conn))
        fresh_facts = tables.claim_facts_of_articles(conn, sorted(affected), rules.thread_kinds)
        keys = {actor_key_of(f, ctx) for f in fresh_facts}
        keys |= tables.actor_keys_of_articles(conn, sorted(affected)) | set(actor_keys)
        keys = ctx.unit_keys(keys)
        old_facts = tables.claim_facts_of_threads(conn, sorted(keys))
        needed = {f.article_id for f in fresh_facts + old_facts}
        needed |= {story[a] for a in needed if a in story}
        facts.update(tables.article_facts(conn, sorted(needed - set(facts))))
        ctx.articles = _article_infos(facts, story)
        fresh = [member(f, ctx) for f in fresh_facts]
        old = [member(f, ctx) for f in old_facts]
        tables.delete_units(conn, sorted(keys))
        units: dict[str, dict[str, Member]] = defaultdict(dict)
        for m in old + fresh:
            if m.actor_key in keys:
                units[ctx.unit(m.actor_key)][m.claim_id] = m
        writer = tables.ThreadWriter(conn)
        counts = Counts()
        for name in sorted(units):
            _write_unit(list(units[name].values()), ctx, writer, counts)
        writer.flush()
        tables.dequeue(conn, article_ids)
    seconds = (dt.datetime.now(dt.UTC) - started).total_seconds()
    return ReconcileSummary(False, counts.claims, counts.threads, counts.relations, len(new_pairs), seconds)


def _has_unthreaded(conn: Connection, rules: ReconcileRules, article_ids: Sequence[str]) -> bool:
    """Claims outside these articles exist but no thread does: the ledger predates reconcile."""
    given = set(article_ids)
    return any(f.article_id not in given for f in tables.claim_facts(conn, rules.thread_kinds))


def _new_near_duplicates(
    conn: Connection, article_ids: list[str], rules: ReconcileRules, age: dup.OrderKey
) -> list[NearDuplicate]:
    if not article_ids:
        return []
    new = _signatures_for(conn, article_ids, rules)
    known = {
        article_id: dup.from_bytes(data)
        for article_id, data in tables.signatures(conn, dup.scheme(rules)).items()
        if article_id not in new
    }
    pairs = dup.near_duplicates(new, known, rules.lsh_bands, rules.near_duplicate_similarity, age)
    tables.add_near_duplicates(conn, pairs)
    return pairs


def _with_story_mates(article_ids: set[str], story: dict[str, str]) -> set[str]:
    """The articles plus every article of the same near-duplicate clusters (their story may move)."""
    roots = {story.get(a, a) for a in article_ids}
    return article_ids | roots | {a for a, root in story.items() if root in roots}
