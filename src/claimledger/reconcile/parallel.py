"""A full rebuild on several cores: forked workers compute, this process writes.

Workers open their own database connections (never one inherited from the parent) and read only
committed data (articles and claims). For signatures each takes a share of the articles; for
threads each takes a range of actor ids (the first also the units keyed by subject or merged by
an analyst, with a smaller range to match), streams those claims, and sends finished rows back
in batches. The parent writes them
inside its one transaction and builds the indexes at the end. Where `fork` is not available the
rebuild runs in one process.
"""

from __future__ import annotations

import multiprocessing as mp
import queue as queues
from collections.abc import Callable, Sequence
from typing import Any

from claimledger.model import Relation
from claimledger.reconcile import duplicates as dup
from claimledger.reconcile.errors import ReconcileError
from claimledger.reconcile.produce import Context, Counts, Part, produce
from claimledger.reconcile.rules import ReconcileRules
from claimledger.store.tables import connect
from claimledger.store.threads import EstimateRow, MemberRow, ThreadRow, ThreadRows, ThreadWriter

BATCH = 20_000  # rows per message
WAIT = 600.0  # seconds without a message before the workers count as stuck


def can_fork() -> bool:
    return "fork" in mp.get_all_start_methods()


class QueueSink:
    """A RowSink that ships rows to the writing process in batches."""

    def __init__(self, queue: Any) -> None:
        self.queue = queue
        self.rows = ThreadRows()

    def add(
        self, thread: ThreadRow, members: list[MemberRow], relations: list[Relation], estimates: list[EstimateRow]
    ) -> None:
        self.rows.add(thread, members, relations, estimates)
        if len(self.rows) >= BATCH:
            self.send()

    def send(self) -> None:
        if self.rows.threads:
            self.queue.put(("rows", self.rows))
            self.rows = ThreadRows()


def _units(url: str, ctx: Context, part: Part, queue: Any) -> None:
    try:
        with connect(url) as tables:
            sink = QueueSink(queue)
            counts = produce(tables, ctx, sink, part)
            sink.send()
        queue.put(("done", (counts.claims, counts.threads, counts.relations)))
    except BaseException as exc:  # reported to the parent, which raises it
        queue.put(("error", f"{type(exc).__name__}: {exc}"))


def _signatures(url: str, ids: list[str], rules: ReconcileRules, queue: Any) -> None:
    try:
        hasher = dup.MinHasher.from_rules(rules)
        with connect(url) as tables:
            batch: list[tuple[str, str]] = []
            for item in tables.articles.texts(ids):
                batch.append(item)
                if len(batch) >= BATCH // 10:
                    queue.put(("rows", _signed(hasher, batch)))
                    batch = []
            if batch:
                queue.put(("rows", _signed(hasher, batch)))
        queue.put(("done", ()))
    except BaseException as exc:
        queue.put(("error", f"{type(exc).__name__}: {exc}"))


def _signed(hasher: dup.MinHasher, batch: list[tuple[str, str]]) -> list[tuple[str, bytes]]:
    sigs = hasher.signatures([text for _, text in batch])
    return [(a, dup.to_bytes(sigs[i])) for i, (a, _) in enumerate(batch)]


def signatures_in_parallel(url: str, ids: Sequence[str], rules: ReconcileRules, workers: int) -> dict[str, bytes]:
    """Signatures (as stored: bytes) of these articles, computed in `workers` processes."""
    out: dict[str, bytes] = {}

    def take(payload: list[tuple[str, bytes]]) -> None:
        out.update(payload)

    shares = [list(ids[i::workers]) for i in range(workers)]
    _run([(_signatures, (url, share, rules)) for share in shares], take)
    return out


def produce_in_parallel(url: str, ctx: Context, parts: list[Part], writer: ThreadWriter) -> Counts:
    counts = Counts()
    done = _run([(_units, (url, ctx, part)) for part in parts], writer.add_rows)
    for payload in done:
        counts.add(Counts(*payload))
    return counts


def _run(jobs: list[tuple[Callable[..., None], tuple[Any, ...]]], take: Callable[[Any], None]) -> list[Any]:
    """Fork one process per job; hand each "rows" message to `take`; return the "done" payloads."""
    context = mp.get_context("fork")
    queue = context.Queue(maxsize=4 * len(jobs))
    processes = [context.Process(target=fn, args=(*args, queue), daemon=True) for fn, args in jobs]
    for p in processes:
        p.start()
    finished: list[Any] = []
    try:
        while len(finished) < len(jobs):
            try:
                kind, payload = queue.get(timeout=WAIT)
            except queues.Empty as exc:
                raise ReconcileError("reconcile workers stopped answering") from exc
            if kind == "rows":
                take(payload)
            elif kind == "done":
                finished.append(payload)
            else:
                raise ReconcileError(f"a reconcile worker failed: {payload}")
    finally:
        for p in processes:
            if len(finished) < len(jobs) and p.is_alive():
                p.terminate()
            p.join()
    return finished
