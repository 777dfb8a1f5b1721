"""Reconciliation: threads of claims about one quantity, their relations and estimates.

`reconcile(store)` rebuilds every thread; `reconcile(store, article_ids)` recomputes only what
those (new or re-extracted) articles touch, as `pipeline.ingest` does after each run. Analyst
decisions (`merge_threads`, `split_thread`, `reject_claim`) are stored apart from the derived
tables and replayed on every run. See docs/reconciliation.md.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

from claimledger.model import Decision, Thread
from claimledger.reconcile.engine import ReconcileSummary, rebuild, refresh
from claimledger.reconcile.errors import (
    ReconcileError,
    ReconcileRulesError,
    UnknownClaim,
    UnknownThread,
)
from claimledger.reconcile.rules import ReconcileRules
from claimledger.reconcile.drafts import split_key
from claimledger.reconcile.parallel import can_fork
from claimledger.store import Store, Tables
from claimledger.store.claims import ClaimFacts

__all__ = [
    "ReconcileError",
    "ReconcileRules",
    "ReconcileRulesError",
    "ReconcileSummary",
    "UnknownClaim",
    "UnknownThread",
    "merge_threads",
    "reconcile",
    "reject_claim",
    "split_thread",
    "threads",
]


def reconcile(
    store: Store,
    article_ids: Iterable[str] | None = None,
    rules: ReconcileRules | None = None,
    workers: int | None = None,
) -> ReconcileSummary:
    """Rebuild everything (`article_ids` None), or what these articles touch.

    A rebuild uses `workers` processes (default: one per CPU, at most 4, where the platform can
    fork); an incremental run is small and stays in this process.
    """
    rules = rules or ReconcileRules.load()
    if article_ids is None:
        return rebuild(store, rules, default_workers(store) if workers is None else workers)
    return refresh(store, rules, sorted(set(article_ids)))


PARALLEL_FROM = 50_000  # claims: below this, starting processes costs more than it saves


def default_workers(store: Store) -> int:
    if not can_fork() or store.counts()["claims"] < PARALLEL_FROM:
        return 1
    return min(4, os.cpu_count() or 1)


def threads(store: Store, thread_ids: Sequence[str] | None = None) -> list[Thread]:
    with store.connect() as tables:
        return tables.threads.read(thread_ids)


def merge_threads(
    store: Store, target: str, source: str, note: str = "", rules: ReconcileRules | None = None
) -> Decision:
    """The claims of thread `source` join thread `target` (ids or unique id prefixes)."""
    with store.connect() as tables:
        t, s = _thread(tables, target), _thread(tables, source)
    if t[0] == s[0]:
        raise ReconcileError("cannot merge a thread with itself")
    decision = Decision("merge", thread=t[0], other_thread=s[0], thread_key=t[1], other_thread_key=s[1], note=note)
    _record(store, decision, rules, keys=(split_key(t[1])[1], split_key(s[1])[1]))
    return decision


def split_thread(
    store: Store,
    thread: str,
    claim_ids: Sequence[str],
    label: str,
    note: str = "",
    rules: ReconcileRules | None = None,
) -> list[Decision]:
    """Move these claims of `thread` into a new thread named `label`."""
    if not claim_ids:
        raise ReconcileError("name at least one claim to split off")
    if not label.strip():
        raise ReconcileError("a split needs a label")
    with store.connect() as tables:
        tid, key = _thread(tables, thread)
        made: list[Decision] = []
        for claim in claim_ids:
            f = _claim(tables, claim)
            if not tables.threads.holds(tid, f.id):
                raise ReconcileError(f"claim {f.id} is not in thread {tid}")
            made.append(
                Decision("split", thread=tid, thread_key=key, claim_id=f.id, article_id=f.article_id,
                         span_start=f.span_start, span_end=f.span_end, number_text=f.number_text,
                         label=label.strip(), note=note)
            )
    _record(store, made, rules, keys=(split_key(key)[1],))
    return made


def reject_claim(store: Store, claim: str, note: str = "", rules: ReconcileRules | None = None) -> Decision:
    """Leave a claim out of threads, relations and estimates (it stays in the ledger)."""
    with store.connect() as tables:
        f = _claim(tables, claim)
    decision = Decision("reject", claim_id=f.id, article_id=f.article_id, span_start=f.span_start,
                        span_end=f.span_end, number_text=f.number_text, note=note)
    _record(store, decision, rules, articles=(f.article_id,))
    return decision


def _record(
    store: Store,
    decisions: Decision | list[Decision],
    rules: ReconcileRules | None,
    keys: Iterable[str] = (),
    articles: Sequence[str] = (),
) -> None:
    items = decisions if isinstance(decisions, list) else [decisions]
    with store.begin() as tables:
        tables.review.add_decisions(items)
    refresh(store, rules or ReconcileRules.load(), list(articles), keys)


def _thread(tables: Tables, prefix: str) -> tuple[str, str]:
    ids = tables.ids.starting_with("thread", prefix.strip())
    found = tables.threads.find(ids[0]) if len(ids) == 1 else None
    if found is None:
        raise UnknownThread(_unresolved("thread", prefix, ids, "claimledger threads"))
    return found


def _claim(tables: Tables, prefix: str) -> ClaimFacts:
    ids = tables.ids.starting_with("claim", prefix.strip())
    if len(ids) != 1:
        raise UnknownClaim(_unresolved("claim", prefix, ids, "claimledger claims --format jsonl"))
    [facts] = tables.claims.facts_by_id(ids)
    return facts


def _unresolved(what: str, prefix: str, ids: list[str], listing: str) -> str:
    if ids:
        shown = ", ".join(ids[:5]) + (", ..." if len(ids) > 5 else "")
        return f"{prefix!r} starts several {what} ids ({shown}): give more characters"
    return f"no single {what} has id {prefix!r} (see `{listing}`)"
