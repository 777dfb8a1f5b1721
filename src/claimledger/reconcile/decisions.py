"""Analyst decisions replayed over the automatic threads, in the order they were made.

Decisions point at claims by id and, as a fallback that survives re-extraction (which may move
a span or change the number's words, and so the id), by article and span: the same span, else an
overlapping span with the same number words. Threads are found by id, else by their key.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from claimledger.model import Decision
from claimledger.reconcile.evidence import Member
from claimledger.reconcile.drafts import Draft, main_thread, split_key, thread_id, thread_key


def claim_matches(member: Member, decision: Decision) -> bool:
    if decision.claim_id and member.claim_id == decision.claim_id:
        return True
    if not decision.article_id or member.article_id != decision.article_id:
        return False
    if decision.span_start is None or decision.span_end is None:
        return False
    if (member.span_start, member.span_end) == (decision.span_start, decision.span_end):
        return True
    overlaps = member.span_start < decision.span_end and decision.span_start < member.span_end
    return overlaps and decision.number_text is not None and member.number_text == decision.number_text


@dataclass(slots=True)
class Rejections:
    """The claims an analyst rejected, indexed for the claim loader."""

    ids: set[str] = field(default_factory=set)
    by_article: dict[str, list[Decision]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def of(cls, decisions: Iterable[Decision]) -> Rejections:
        found = cls()
        for d in decisions:  # in order: a later accept takes a claim back
            if d.action == "accept":
                found.ids.discard(d.claim_id)
                if d.article_id in found.by_article:
                    found.by_article[d.article_id] = [
                        r for r in found.by_article[d.article_id]
                        if (r.claim_id, r.span_start, r.span_end) != (d.claim_id, d.span_start, d.span_end)
                    ]
                continue
            if d.action != "reject":
                continue
            if d.claim_id:
                found.ids.add(d.claim_id)
            if d.article_id:
                found.by_article[d.article_id].append(d)
        return found

    def __bool__(self) -> bool:
        return bool(self.ids or self.by_article)

    def rejected(self, member: Member) -> bool:
        if member.claim_id in self.ids:
            return True
        return any(claim_matches(member, d) for d in self.by_article.get(member.article_id, ()))


def resolve(drafts: dict[str, Draft], tid: str, key: str) -> Draft | None:
    if tid in drafts:
        return drafts[tid]
    if not key:
        return None
    kind, actor_key, country = split_key(key)
    exact = drafts.get(thread_id(thread_key(kind, actor_key, country)))
    return exact or main_thread(drafts, kind, actor_key)


def apply(drafts: dict[str, Draft], decisions: Sequence[Decision]) -> dict[str, Draft]:
    """Replay merges and splits (rejections were applied when claims were loaded)."""
    for d in decisions:
        if d.action == "merge":
            target = resolve(drafts, d.thread, d.thread_key)
            source = resolve(drafts, d.other_thread, d.other_thread_key)
            if target is None or source is None or target is source:
                continue
            target.members.extend(source.members)
            del drafts[source.id]
        elif d.action == "split":
            origin = resolve(drafts, d.thread, d.thread_key)
            if origin is None:
                continue
            moving = [m for m in origin.members if claim_matches(m, d)]
            if not moving:
                continue
            new = Draft(origin.key, origin.kind, origin.actor_key, origin.country, split=d.label)
            new = drafts.setdefault(new.id, new)
            if new is origin:
                continue
            gone = {id(m) for m in moving}
            origin.members = [m for m in origin.members if id(m) not in gone]
            new.members.extend(moving)
            if not origin.members:
                del drafts[origin.id]
    return drafts


def linked_actor_keys(decisions: Iterable[Decision]) -> list[set[str]]:
    """Actor keys tied together by merges across actors: each set is reconciled as one unit."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for d in decisions:
        if d.action != "merge" or not d.thread_key or not d.other_thread_key:
            continue
        a, b = split_key(d.thread_key)[1], split_key(d.other_thread_key)[1]
        if a != b:
            parent[find(a)] = find(b)
    components: dict[str, set[str]] = defaultdict(set)
    for key in parent:
        components[find(key)].add(key)
    return [c for c in components.values() if len(c) > 1]
