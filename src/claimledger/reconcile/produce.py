"""Reconciling units into thread rows: what a rebuild or refresh knows about every unit (the
`Context`), and the stream of claims, unit by unit, into a sink of rows (in this process or in
one of several workers, each with a `Part` of the ledger).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from claimledger.model import Decision, Estimate
from claimledger.reconcile.decisions import Rejections, linked_actor_keys
from claimledger.reconcile.evidence import ArticleInfo, Member, actor_key, as_of, evidence
from claimledger.reconcile.modality import modality_of
from claimledger.reconcile.rules import ReconcileRules
from claimledger.reconcile.scene import Scene, scene_actor
from claimledger.reconcile.drafts import split_key
from claimledger.reconcile.unit import reconcile_unit
from claimledger.store import Tables
from claimledger.store.claims import ClaimFacts
from claimledger.store.threads import EstimateRow, RowSink, ThreadRow

MEMO_LIMIT = 100_000  # entries per memo (tens of MB at most)


@dataclass(slots=True)
class Context:
    """What every unit needs: rules, articles, decisions by actor key, rejections, links."""

    rules: ReconcileRules
    articles: dict[str, ArticleInfo] = field(default_factory=dict)
    decisions: list[Decision] = field(default_factory=list)
    by_key: dict[str, list[Decision]] = field(default_factory=dict)
    rejections: Rejections = field(default_factory=Rejections)
    unit_of: dict[str, str] = field(default_factory=dict)  # linked actor key -> unit name
    # The article's scene (reconcile.scene): article -> (actor id, name) that claims of the article
    # without an actor take; (article, generic origin) -> (named origin, its actor id).
    scene: dict[str, Scene] = field(default_factory=dict)
    generic: dict[tuple[str, str], tuple[str, str | None]] = field(default_factory=dict)
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

    def estimate_row(self, thread_id: str, e: Estimate) -> EstimateRow:
        text = self._origins_json.get(e.origins)
        if text is None:
            text = _remember(self._origins_json, e.origins, json.dumps(list(e.origins), ensure_ascii=False))
        claims = '["' + '","'.join(e.claims) + '"]' if e.claims else "[]"  # hex ids: no escaping
        outliers = '["' + '","'.join(e.outliers) + '"]' if e.outliers else "[]"
        return (thread_id, e.as_of, e.low, e.best, e.high, text, claims, outliers)

    def unit(self, key: str) -> str:
        return self.unit_of.get(key, key)

    def unit_keys(self, keys: Iterable[str]) -> set[str]:
        """The keys, with every key linked to one of them."""
        wanted = {self.unit(k) for k in keys}
        return set(keys) | {k for k, u in self.unit_of.items() if u in wanted}

    def decisions_for(self, keys: Iterable[str]) -> list[Decision]:
        found = {id(d): d for k in keys for d in self.by_key.get(k, ())}
        return sorted(found.values(), key=lambda d: d.id or 0)


def actor_key_of(f: ClaimFacts, ctx: Context) -> str:
    if f.actor_id is None and ctx.scene:
        inferred = scene_actor(f, ctx.scene)
        if inferred is not None:
            return f"actor:{inferred[0]}"
    akey = ctx._actor_key.get((f.actor_id, f.subject))
    if akey is None:
        akey = _remember(ctx._actor_key, (f.actor_id, f.subject), actor_key(f.actor_id, f.subject, ctx.rules))
    return akey


def _remember(memo: dict[Any, Any], key: Any, value: Any) -> Any:
    if len(memo) >= MEMO_LIMIT:
        memo.clear()
    memo[key] = value
    return value


def member(f: ClaimFacts, ctx: Context, akey: str | None = None) -> Member:
    article = ctx.articles.get(f.article_id)
    story = article.story if article else f.article_id
    origin_text, origin_actor_id = f.origin, f.origin_actor_id
    if origin_text is not None and ctx.generic:
        origin_text, origin_actor_id = ctx.generic.get((f.article_id, origin_text), (origin_text, origin_actor_id))
    found = ctx._evidence.get((origin_text, origin_actor_id, story))
    if found is None:
        found = evidence(origin_text, origin_actor_id, article, f.article_id, ctx.rules)
        _remember(ctx._evidence, (origin_text, origin_actor_id, story), found)
    key, origin = found
    published = article.published if article else None
    when = ctx._as_of.get((f.time, published), dt.date.min)
    if when == dt.date.min:
        when = _remember(ctx._as_of, (f.time, published), as_of(f.time, published))
    if akey is None:
        akey = actor_key_of(f, ctx)
    after = when is not None and published is not None and when > published
    actor_id, actor_name = f.actor_id, f.actor_name
    if actor_id is None and akey.startswith("actor:"):
        actor_id, actor_name = scene_actor(f, ctx.scene) or (None, None)
    return Member(
        claim_id=f.id,
        article_id=f.article_id,
        kind=f.kind,
        actor_key=akey,
        actor=actor_name or f.subject,
        actor_id=actor_id,
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
        modality=modality_of(f, ctx.rules, after),
    )


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


def parts_of(tables: Tables, parts: int) -> list[Part]:
    """Ranges of actor ids sized so that every part has about as many claims, counting the
    subject-keyed claims the first part takes as well."""
    with_actor, without = tables.claims.with_and_without_actor()
    per_part = (with_actor + without) / parts
    first = max(0.0, per_part - without)
    rest = (with_actor - first) / (parts - 1) if parts > 1 else 0.0
    shares = [first / with_actor if with_actor else 0.0] + [rest / with_actor if with_actor else 0.0] * (parts - 1)
    cuts: list[str | None] = [None, *tables.claims.actor_splits(shares), None]
    return [Part(i, len(cuts) - 1, (cuts[i], cuts[i + 1])) for i in range(len(cuts) - 1)]


def produce(tables: Tables, ctx: Context, sink: RowSink, part: Part = Part()) -> Counts:
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
    for f in tables.claims.facts(kinds, with_actor=True, actor_range=part.actor_range):
        akey = actor_key_of(f, ctx)
        if akey in ctx.unit_of:
            if part.parts == 1:
                linked_units[ctx.unit(akey)].append(member(f, ctx, akey))
            continue  # with parts, the first part reads linked actors below
        if current and current[0].actor_key != akey:
            write_unit(current, ctx, sink, counts)
            current = []
        current.append(member(f, ctx, akey))
    if current:
        write_unit(current, ctx, sink, counts)
    if not part.first:
        return counts
    linked = sorted(k.removeprefix("actor:") for k in ctx.unit_of if k.startswith("actor:"))
    if part.parts > 1 and linked:
        for f in tables.claims.facts(kinds, with_actor=True, actor_ids=linked):
            akey = actor_key_of(f, ctx)
            linked_units[ctx.unit(akey)].append(member(f, ctx, akey))
    awaited: dict[str, int] = defaultdict(int)  # subject key -> claims not read yet
    for subject, n in tables.claims.subject_counts(kinds).items():
        awaited[actor_key(None, subject, ctx.rules)] += n
    open_units: dict[str, list[Member]] = defaultdict(list)
    for f in tables.claims.facts(kinds, with_actor=False):
        akey = actor_key_of(f, ctx)
        if akey in ctx.unit_of:
            linked_units[ctx.unit(akey)].append(member(f, ctx, akey))
            continue
        open_units[akey].append(member(f, ctx, akey))
        awaited[akey] -= 1
        if awaited[akey] <= 0:
            write_unit(open_units.pop(akey), ctx, sink, counts)
    for name in sorted(open_units):  # claims written while this ran: not counted, not lost
        write_unit(open_units.pop(name), ctx, sink, counts)
    for name in sorted(linked_units):
        write_unit(linked_units.pop(name), ctx, sink, counts)
    return counts


def write_unit(members: list[Member], ctx: Context, sink: RowSink, counts: Counts) -> None:
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
        row = ThreadRow(
            tid, d.key, d.kind, d.actor_key, r.actor, r.actor_id, d.country, r.location, d.split,
            len(d.members), len({m.evidence for m in d.members}),
            min(dates).isoformat() if dates else None, max(dates).isoformat() if dates else None,
        )
        members_rows = [
            (m.claim_id, tid, m.article_id, m.actor_key, m.as_of.isoformat() if m.as_of else None, m.origin,
             m.evidence, m.modality)
            for m in d.members
        ]
        own = [x for x in r.relations if x.thread_a == tid]  # a cross-thread one goes with its first
        sink.add(row, members_rows, own, [ctx.estimate_row(tid, e) for e in r.estimates])
        relations += len(own)
    counts.claims += len(kept)
    counts.threads += len(done)
    counts.relations += relations
