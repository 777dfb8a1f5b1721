"""Crash safety and concurrency, on the suite's backend (SQLite or PostgreSQL).

Ingestion runs in forked processes (the spaCy pipeline is loaded once, in the test process) and
is killed with SIGKILL at random moments: after every kill the database must be consistent, the
next run must finish the work, and the final ledger must equal that of an uninterrupted run.
Several processes ingesting overlapping batches into one database must store each article once.
The corpus is the bundled samples plus recombined copies of them. Figures: RELIABILITY.md.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import random
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select, text

from claimledger.orchestrate import Pipeline, ingest
from claimledger.reconcile import reconcile, threads
from claimledger.store import ClaimFilter, open_store
from claimledger.store import Tables
from claimledger.store.schema import claims, thread_claims

pytestmark = [pytest.mark.model, pytest.mark.slow]

KILLS = 20
SAMPLES = Path(__file__).resolve().parents[1] / "src" / "claimledger" / "data" / "samples"
FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def _recombined_corpus(folder: Path) -> Path:
    """The samples, and for each one a copy followed by the body of the next sample, dated on a
    day of its own (so that no two near-duplicates tie on their publication date)."""
    folder.mkdir()
    samples = sorted(SAMPLES.glob("[0-9]*.md"))
    bodies = [FRONT.sub("", p.read_text(encoding="utf-8")) for p in samples]
    for i, path in enumerate(samples):
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
        front = FRONT.match(path.read_text(encoding="utf-8"))
        assert front is not None, path
        meta = re.sub(r"(?m)^published: .*$", f"published: 2026-03-{i + 1:02d}", front.group(1))
        body = bodies[i].rstrip() + "\n\n" + bodies[(i + 1) % len(bodies)]
        (folder / f"mix-{path.name}").write_text(f"---\n{meta}\n---\n{body}", encoding="utf-8")
    (folder / "unreadable-date.md").write_text("---\npublished: the day after\n---\nTwo soldiers.\n", encoding="utf-8")
    return folder


@dataclass
class Ledger:
    """Everything a run leaves in the database, in a comparable form (no ingestion times)."""

    articles: dict[str, str]  # id -> metadata, text size, citations
    claims: dict[str, list[str]]  # article id -> its claims as JSON
    threaded: dict[str, set[str]]  # article id -> its claims that are in a thread
    threads: str
    near_duplicates: list[tuple[str, str]]
    rejections: list[str]
    queue: list[str]


def _ledger(url: str) -> Ledger:
    store = open_store(url)
    try:
        found_articles: dict[str, str] = {}
        for summary in store.articles():
            article = store.article(summary.id)
            assert article is not None
            found_articles[summary.id] = json.dumps(
                [summary.source, str(summary.metadata), len(article.text), [str(c) for c in article.citations]]
            )
        found_claims: dict[str, list[str]] = {}
        for claim in store.iter_claims(ClaimFilter()):
            found_claims.setdefault(claim.article_id, []).append(
                json.dumps({"id": claim.id, **claim.to_json()}, sort_keys=True)
            )
        threaded: dict[str, set[str]] = {}
        with store.engine.connect() as conn:
            for row in conn.execute(select(thread_claims.c.article_id, thread_claims.c.claim_id)):
                threaded.setdefault(row.article_id, set()).add(row.claim_id)
            dangling = conn.scalar(
                select(func.count()).select_from(thread_claims.outerjoin(claims, claims.c.id == thread_claims.c.claim_id))
                .where(claims.c.id.is_(None))
            )
            assert dangling == 0, "thread members whose claim is gone"
            pairs = [(p.article_id, p.original_id) for p in Tables(conn).articles.near_duplicates()]
            if conn.dialect.name == "sqlite":
                assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        return Ledger(
            found_articles,
            found_claims,
            threaded,
            json.dumps([t.to_json() for t in threads(store)], sort_keys=True),
            pairs,
            sorted(f"{r.source}: {r.reason}" for r in store.rejections()),
            store.unreconciled(),
        )
    finally:
        store.close()


def _assert_consistent(after_kill: Ledger, reference: Ledger) -> None:
    """A killed run leaves whole articles (each with all its claims) or none, and every article
    that is not queued for reconciliation is fully threaded."""
    assert set(after_kill.articles) <= set(reference.articles)
    assert set(after_kill.queue) <= set(after_kill.articles)
    for article_id, described in after_kill.articles.items():
        assert described == reference.articles[article_id]
        assert sorted(after_kill.claims.get(article_id, [])) == sorted(reference.claims.get(article_id, []))
        if article_id not in after_kill.queue:
            assert after_kill.threaded.get(article_id, set()) == reference.threaded.get(article_id, set())
    assert set(after_kill.claims) <= set(after_kill.articles)


def _assert_same(final: Ledger, reference: Ledger) -> None:
    assert final.queue == []
    assert final.articles == reference.articles
    assert {a: sorted(c) for a, c in final.claims.items()} == {a: sorted(c) for a, c in reference.claims.items()}
    assert final.near_duplicates == reference.near_duplicates
    assert final.rejections == reference.rejections
    assert final.threads == reference.threads


def _run_ingest(url: str, paths: list[str], pipeline: Pipeline, results: mp.Queue | None) -> None:
    store = open_store(url)
    summary = ingest(paths, store, pipeline)
    store.close()
    if results is not None:
        results.put((summary.ingested, summary.skipped, summary.rejected, summary.claims))


def _start(url: str, paths: list[str], pipeline: Pipeline, results: mp.Queue | None = None) -> mp.Process:
    process = mp.get_context("fork").Process(target=_run_ingest, args=(url, paths, pipeline, results))
    process.start()
    return process


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _recombined_corpus(tmp_path_factory.mktemp("crash") / "corpus")


@pytest.fixture(scope="module")
def small_batches(settings, resources) -> Pipeline:
    """Four articles per transaction: a batch of this corpus commits several times."""
    return Pipeline(settings.with_overrides(batch_size=4), resources)


@dataclass
class Reference:
    ledger: Ledger
    seconds: float  # how long the uninterrupted run took
    url: str


@pytest.fixture(scope="module")
def reference(corpus: Path, small_batches: Pipeline, new_database: Callable[[Path, str], str],
              tmp_path_factory: pytest.TempPathFactory) -> Reference:
    """The ledger of an uninterrupted run."""
    url = new_database(tmp_path_factory.mktemp("reference"), "reference")
    started = time.perf_counter()
    process = _start(url, [str(corpus)], small_batches)
    process.join()
    seconds = time.perf_counter() - started
    assert process.exitcode == 0
    ledger = _ledger(url)
    assert len(ledger.articles) == len(list(corpus.iterdir())) - 1 and len(ledger.rejections) == 1
    assert ledger.threads != "[]" and ledger.near_duplicates
    return Reference(ledger, seconds, url)


def test_ingestion_killed_at_random_points_resumes_to_the_same_ledger(
    corpus: Path, small_batches: Pipeline, reference: Reference,
    new_database: Callable[[Path, str], str], tmp_path: Path,
) -> None:
    expected, seconds = reference.ledger, reference.seconds
    total = len(expected.articles)
    rng = random.Random(20261123)
    kills = chains = 0
    landed = {"before the first commit": 0, "between commits": 0, "in the final reconciliation": 0}
    while kills < KILLS:
        chains += 1
        url = new_database(tmp_path, f"chain{chains}")
        stored = 0
        while kills < KILLS:
            # A random moment within what is left of the work (and never less than a share of
            # the run, so that kills also land in the final reconciliation).
            delay = rng.uniform(0.0, seconds * max(0.25, (total - stored) / total))
            process = _start(url, [str(corpus)], small_batches)
            time.sleep(delay)
            if not process.is_alive():
                process.join()
                assert process.exitcode == 0
                break  # this run finished the work before its kill: the chain is complete
            os.kill(process.pid, signal.SIGKILL)
            process.join()
            if process.exitcode == 0:
                break  # it finished between the check and the kill
            assert process.exitcode == -signal.SIGKILL
            kills += 1
            after = _ledger(url)
            _assert_consistent(after, expected)
            stored = len(after.articles)
            if stored == 0:
                landed["before the first commit"] += 1
            elif stored < total:
                landed["between commits"] += 1
            else:
                landed["in the final reconciliation"] += 1
        final = _start(url, [str(corpus)], small_batches)
        final.join()
        assert final.exitcode == 0
        _assert_same(_ledger(url), expected)
    print(f"\n{kills} kills over {chains} databases, uninterrupted run {seconds:.1f} s: {landed}")


def test_the_command_line_finishes_a_killed_run(
    corpus: Path, small_batches: Pipeline, reference: Reference,
    new_database: Callable[[Path, str], str], tmp_path: Path,
) -> None:
    """`claimledger ingest` itself, re-run on a database whose ingestion was killed mid-batch."""
    expected, seconds = reference.ledger, reference.seconds
    url = new_database(tmp_path, "cli")
    for fraction in (0.5, 0.9):
        process = _start(url, [str(corpus)], small_batches)
        time.sleep(seconds * fraction)
        if process.is_alive():
            os.kill(process.pid, signal.SIGKILL)
        process.join()
    cli = Path(sys.executable).with_name("claimledger")
    done = subprocess.run([str(cli), "ingest", str(corpus), "--db", url, "--quiet"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr  # the one unreadable input is still rejected
    assert "rejected 1, claims" in done.stdout + done.stderr
    _assert_same(_ledger(url), expected)


def test_concurrent_ingests_of_overlapping_batches_store_each_article_once(
    corpus: Path, small_batches: Pipeline, reference: Reference,
    new_database: Callable[[Path, str], str], tmp_path: Path,
) -> None:
    expected = reference.ledger
    files = sorted(str(p) for p in corpus.iterdir())  # one is rejected
    third = len(files) // 3
    batches = [files[: 2 * third], files[third:], files[::-1]]  # every article in two or three
    url = new_database(tmp_path, "concurrent")  # empty: the processes also race to create the schema
    results: mp.Queue = mp.get_context("fork").Queue()
    processes = [_start(url, batch, small_batches, results) for batch in batches]
    for process in processes:
        process.join(timeout=300)
        assert process.exitcode == 0
    counts = [results.get(timeout=5) for _ in processes]
    assert sum(ingested for ingested, *_ in counts) == len(expected.articles)  # each stored by one process
    # Issue 15: each summary adds up to its batch (an article another process stored first is
    # skipped), and only the claims a process stored are in its count.
    assert sorted(sum(c[:3]) for c in counts) == sorted(len(b) for b in batches)
    assert sum(claims for *_, claims in counts) == sum(len(c) for c in expected.claims.values())
    _assert_same(_ledger(url), expected)


def _reconcile_in_child(url: str, full: bool) -> None:
    store = open_store(url)
    if full:
        reconcile(store)
    else:
        reconcile(store, store.unreconciled())
    store.close()


def _reconciling(url: str, full: bool) -> mp.Process:
    process = mp.get_context("fork").Process(target=_reconcile_in_child, args=(url, full))
    process.start()
    return process


def _stored_unreconciled(source_url: str, url: str) -> None:
    """The reference's articles and claims, stored (and queued) but not reconciled."""
    source, target = open_store(source_url), open_store(url)
    batch = [(source.article(a.id), source.claims(ClaimFilter(article_id=a.id))) for a in source.articles()]
    target.write([(a, c) for a, c in batch if a is not None], source.articles()[0].extractor_version)
    source.close()
    target.close()


def _kill_within(url: str, full: bool, seconds: float, kills: int, rng: random.Random,
                 check: Callable[[Ledger], None]) -> int:
    """Up to `kills` reconciliations killed at random moments of their run; returns how many a
    kill reached before they finished."""
    landed = 0
    for _ in range(kills):
        process = _reconciling(url, full)
        time.sleep(rng.uniform(0.0, 0.8 * seconds))
        os.kill(process.pid, signal.SIGKILL)
        process.join()
        if process.exitcode == 0:
            return landed  # it finished first: the work is done
        landed += 1
        check(_ledger(url))
    return landed


def test_reconciliation_killed_midway_leaves_the_ledger_as_it_was(
    reference: Reference, new_database: Callable[[Path, str], str], tmp_path: Path
) -> None:
    """Killed while it rewrites threads (incremental, or a full rebuild that drops and rebuilds
    indexes), reconciliation leaves the threads as they were before it started."""
    expected, rng = reference.ledger, random.Random(7)
    timing, url = new_database(tmp_path, "timing"), new_database(tmp_path, "killed")
    _stored_unreconciled(reference.url, timing)
    _stored_unreconciled(reference.url, url)
    took = {}
    for full in (False, True):
        started = time.perf_counter()
        process = _reconciling(timing, full)
        process.join()
        took[full] = time.perf_counter() - started
        assert process.exitcode == 0

    def untouched(ledger: Ledger) -> None:
        # A kill between the final commit and the process's exit finds the work done: also whole.
        before = ledger.threads == "[]" and len(ledger.queue) == len(expected.articles)
        assert before or (ledger.threads == expected.threads and ledger.queue == [])

    incremental = _kill_within(url, False, took[False], 5, rng, untouched)
    done = _reconciling(url, False)
    done.join()
    assert _ledger(url).threads == expected.threads

    def as_before(ledger: Ledger) -> None:
        assert ledger.threads == expected.threads and ledger.queue == []
        store = open_store(url)
        indexes = {i["name"] for i in inspect(store.engine).get_indexes("thread_claims")}
        store.close()
        assert "ix_thread_claims_thread" in indexes

    rebuild = _kill_within(url, True, took[True], 5, rng, as_before)
    print(f"\nreconciliation {took[False]:.2f} s, rebuild {took[True]:.2f} s; "
          f"kills that landed: {incremental} of 5 incremental, {rebuild} of 5 rebuilds")
    assert incremental + rebuild >= 1
