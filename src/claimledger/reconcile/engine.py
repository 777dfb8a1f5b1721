"""Running reconciliation over the store: a full rebuild, or the units some articles touched.

Both paths load claims, compute near-duplicates and stories, and hand each unit to
`reconcile_unit`; they differ only in which units they recompute. Everything happens in one
transaction, so a crash leaves the previous threads in place.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from claimledger.model import NearDuplicate
from claimledger.reconcile import duplicates as dup
from claimledger.reconcile.evidence import ArticleInfo, Member
from claimledger.reconcile.parallel import produce_in_parallel, signatures_in_parallel
from claimledger.reconcile.produce import Context, Counts, actor_key_of, member, parts_of, produce, write_unit
from claimledger.reconcile.rules import ReconcileRules
from claimledger.reconcile.scene import FORCE_TYPES, PEOPLE_KINDS, generic_origins, scenes
from claimledger.store import Store, Tables
from claimledger.store.articles import ArticleFacts

SIGNATURE_BATCH = 2000


@dataclass(frozen=True, slots=True)
class ReconcileSummary:
    full: bool
    claims: int = 0
    threads: int = 0
    relations: int = 0
    near_duplicates: int = 0
    seconds: float = 0.0


# -- near-duplicates ---------------------------------------------------------------------------------


def _age(facts: dict[str, ArticleFacts], tables: Tables | None = None) -> dup.OrderKey:
    """Articles by age (publication, then ingestion, then id). With `tables`, facts missing from
    `facts` are read when first needed (an incremental run loads only the articles it touches)."""
    far = dt.date.max
    never = dt.datetime.max.replace(tzinfo=dt.UTC)

    def key(article_id: str) -> tuple[dt.date, dt.datetime, str]:
        a = facts.get(article_id)
        if a is None and tables is not None:
            facts.update(tables.articles.facts([article_id]))
            a = facts.get(article_id)
        if a is None:
            return (far, never, article_id)
        stamp = a.ingested_at or never
        if stamp.tzinfo is None:
            stamp = stamp.replace(tzinfo=dt.UTC)
        return (a.published or far, stamp, article_id)

    return key


def _signatures_for(
    tables: Tables, ids: Sequence[str], rules: ReconcileRules, url: str | None = None, workers: int = 1
) -> dict[str, dup.Signature]:
    """Cached signatures of these articles, computing (and caching) the missing ones (in
    `workers` processes reading from `url` when there are many)."""
    scheme = dup.scheme(rules)
    tables.articles.forget_other_signatures(scheme)
    known = tables.articles.signatures(scheme, ids)
    out = {a: dup.from_bytes(known[a]) for a in ids if a in known}
    missing = [a for a in ids if a not in known]
    if url is not None and workers > 1 and len(missing) > 10 * SIGNATURE_BATCH:
        made = signatures_in_parallel(url, missing, rules, workers)
        tables.articles.save_signatures(scheme, list(made.items()))
        out.update((a, dup.from_bytes(data)) for a, data in made.items())
        return out
    hasher = dup.MinHasher.from_rules(rules)
    batch: list[tuple[str, str]] = []
    for item in tables.articles.texts(missing):
        batch.append(item)
        if len(batch) >= SIGNATURE_BATCH:
            _sign(tables, hasher, scheme, batch, out)
    _sign(tables, hasher, scheme, batch, out)
    return out


def _sign(
    tables: Tables, hasher: dup.MinHasher, scheme: str, batch: list[tuple[str, str]], out: dict[str, dup.Signature]
) -> None:
    if not batch:
        return
    sigs = hasher.signatures([text for _, text in batch])
    tables.articles.save_signatures(scheme, [(a, dup.to_bytes(sigs[i])) for i, (a, _) in enumerate(batch)])
    out.update((a, sigs[i]) for i, (a, _) in enumerate(batch))
    batch.clear()


def _article_infos(facts: dict[str, ArticleFacts], story: dict[str, str]) -> dict[str, ArticleInfo]:
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
    with store.begin() as tables:
        tables.threads.lock_for_reconcile()
        tables.threads.clear_queue()
        facts = tables.articles.facts()
        age = _age(facts)
        sigs = _signatures_for(tables, sorted(facts), rules, store.url() if workers > 1 else None, workers)
        pairs = dup.near_duplicates(sigs, {}, rules.lsh_bands, rules.near_duplicate_similarity, age)
        tables.articles.clear_near_duplicates()
        tables.articles.add_near_duplicates(pairs)
        ctx = Context.build(rules, tables.review.decisions())
        ctx.articles = _article_infos(facts, dup.stories(pairs, age))
        _read_scenes(tables, ctx, None)
        del facts, sigs
        tables.threads.clear()
        tables.threads.drop_indexes()
        writer = tables.threads.writer()
        if workers > 1:
            counts = produce_in_parallel(store.url(), ctx, parts_of(tables, workers), writer)
        else:
            counts = produce(tables, ctx, writer)
        writer.flush()
        tables.threads.create_indexes()
    seconds = (dt.datetime.now(dt.UTC) - started).total_seconds()
    return ReconcileSummary(True, counts.claims, counts.threads, counts.relations, len(pairs), seconds)


# -- incremental --------------------------------------------------------------------------------------


def refresh(
    store: Store,
    rules: ReconcileRules,
    article_ids: Sequence[str] = (),
    actor_keys: Iterable[str] = (),
) -> ReconcileSummary:
    """Recompute the units touched by these articles (new or re-extracted) and actor keys."""
    started = dt.datetime.now(dt.UTC)
    with store.begin() as tables:
        tables.threads.lock_for_reconcile()
        if tables.threads.count() == 0 and _has_unthreaded(tables, rules, article_ids):
            tables.rollback()
            return rebuild(store, rules)
        pairs = tables.articles.near_duplicates()
        wanted = set(article_ids) | {a for p in pairs for a in (p.article_id, p.original_id)}
        facts = tables.articles.facts(sorted(wanted))
        age = _age(facts, tables)
        new_pairs = _new_near_duplicates(tables, [a for a in article_ids if a in facts], rules, age)
        pairs += new_pairs
        story = dup.stories(pairs, age)
        affected = _with_story_mates(set(article_ids), story)
        ctx = Context.build(rules, tables.review.decisions())
        _read_scenes(tables, ctx, sorted(affected))
        fresh_facts = tables.claims.facts_of_articles(sorted(affected), rules.thread_kinds)
        keys = {actor_key_of(f, ctx) for f in fresh_facts}
        keys |= tables.threads.actor_keys_of_articles(sorted(affected)) | set(actor_keys)
        keys = ctx.unit_keys(keys)
        old_facts = tables.claims.facts_of_threads(sorted(keys), rules.thread_kinds)
        needed = {f.article_id for f in fresh_facts + old_facts}
        needed |= {story[a] for a in needed if a in story}
        facts.update(tables.articles.facts(sorted(needed - set(facts))))
        ctx.articles = _article_infos(facts, story)
        _read_scenes(tables, ctx, sorted(needed | affected))
        fresh = [member(f, ctx) for f in fresh_facts]
        old = [member(f, ctx) for f in old_facts]
        tables.threads.delete_units(sorted(keys))
        units: dict[str, dict[str, Member]] = defaultdict(dict)
        for m in old + fresh:
            if m.actor_key in keys:
                units[ctx.unit(m.actor_key)][m.claim_id] = m
        writer = tables.threads.writer()
        counts = Counts()
        for name in sorted(units):
            write_unit(list(units[name].values()), ctx, writer, counts)
        writer.flush()
        tables.threads.dequeue(article_ids)
    seconds = (dt.datetime.now(dt.UTC) - started).total_seconds()
    return ReconcileSummary(False, counts.claims, counts.threads, counts.relations, len(new_pairs), seconds)


def _read_scenes(tables: Tables, ctx: Context, article_ids: Sequence[str] | None) -> None:
    """The scenes of these articles (all when None): actors their unlinked claims take, and the
    named origins their generic origins stand for (reconcile.scene). An actor that claims may join
    this way is reconciled as a linked unit, after every claim has been read."""
    kinds = ctx.rules.thread_kinds & PEOPLE_KINDS
    ctx.scene = scenes(tables.claims.scene_actors(kinds, FORCE_TYPES, article_ids))
    ctx.generic = generic_origins(tables.claims.generic_origins(article_ids))
    for s in ctx.scene.values():
        key = f"actor:{s.actor_id}"
        ctx.unit_of.setdefault(key, key)


def _has_unthreaded(tables: Tables, rules: ReconcileRules, article_ids: Sequence[str]) -> bool:
    """Claims outside these articles exist but no thread does: the ledger predates reconcile."""
    given = set(article_ids)
    return any(f.article_id not in given for f in tables.claims.facts(rules.thread_kinds))


def _new_near_duplicates(
    tables: Tables, article_ids: list[str], rules: ReconcileRules, age: dup.OrderKey
) -> list[NearDuplicate]:
    if not article_ids:
        return []
    new = _signatures_for(tables, article_ids, rules)
    known = {
        article_id: dup.from_bytes(data)
        for article_id, data in tables.articles.signatures(dup.scheme(rules)).items()
        if article_id not in new
    }
    pairs = dup.near_duplicates(new, known, rules.lsh_bands, rules.near_duplicate_similarity, age)
    tables.articles.add_near_duplicates(pairs)
    return pairs


def _with_story_mates(article_ids: set[str], story: dict[str, str]) -> set[str]:
    """The articles plus every article of the same near-duplicate clusters (their story may move)."""
    roots = {story.get(a, a) for a in article_ids}
    return article_ids | roots | {a for a, root in story.items() if root in roots}
