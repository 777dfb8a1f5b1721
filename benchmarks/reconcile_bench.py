"""Benchmark: reconcile a synthetic ledger of 1,000,000 claims; report time and peak memory.

    python benchmarks/reconcile_bench.py [--claims N] [--db PATH] [--json]

Generates articles (eight claims each, 80 words of text, 3% of them near-copies of a recent
article) and claims (6,000 actors, a quarter of claims with no actor, 60 countries, 3,000 origin
actors plus free-text and unattributed origins) straight into a fresh SQLite ledger with bulk
inserts. Then, in a child process (so that peak memory is the reconcile's, not the generator's):
a first full `reconcile` (which also computes every article's MinHash signature), a second full
rebuild (signatures cached), and an incremental reconcile of ten new articles, as `ingest` does.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from claimledger.store import open_store

KINDS = ["troops_deployed", "reinforcements", "withdrawn", "killed", "wounded", "killed_or_wounded",
         "captured", "missing", "weapons_supplied", "incident", "other_quantity", "statement"]
WEIGHTS = [10, 3, 2, 25, 12, 8, 4, 3, 5, 8, 10, 10]
COUNTRIES = [f"{chr(65 + i // 26)}{chr(65 + i % 26)}" for i in range(60)]
CLAIMS_PER_ARTICLE = 8
WORDS = [f"w{i}" for i in range(20_000)]

ARTICLE_SQL = (
    "INSERT INTO articles (id, source, title, outlet, published, published_inferred, text, word_count, "
    "cleaner_version, extractor_version, ingested_at) VALUES (?,?,?,?,?,0,?,?,'bench','bench',?)"
)
CLAIM_SQL = (
    "INSERT INTO claims (id, article_id, kind, subject, actor_id, actor_name, actor_type, value, value_low, "
    "value_high, approx, number_text, location_text, place_name, place_country, place_country_name, time, "
    "origin, conduits, origin_actor_id, hedged, quote, span_start, span_end, confidence, extractor_version) "
    "VALUES (?,?,?,?,?,?,'state',?,?,?,?,?,?,?,?,?,?,?,'[]',?,0,?,?,?,0.7,'bench')"
)


def generate(path: Path, n_claims: int, seed: int = 1, first_article: int = 0) -> list[str]:
    """Write n_claims claims (and their articles) into the ledger at `path`; returns article ids."""
    rng = random.Random(seed)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous=OFF")
    n_articles = max(1, n_claims // CLAIMS_PER_ARTICLE)
    start = dt.date(2023, 1, 1)
    now = dt.datetime.now(dt.UTC).isoformat(sep=" ")
    texts: list[str] = []
    article_rows, claim_rows, ids = [], [], []
    for i in range(first_article, first_article + n_articles):
        aid = hashlib.sha256(f"bench-article-{i}".encode()).hexdigest()[:32]
        if texts and rng.random() < 0.03:  # a wire copy of a recent story, lightly edited
            words = rng.choice(texts[-200:]).split()
            words[rng.randrange(len(words))] = rng.choice(WORDS)
            text = " ".join(words)
        else:
            text = " ".join(rng.choice(WORDS) for _ in range(80))
        texts.append(text)
        published = start + dt.timedelta(days=rng.randrange(1000))
        article_rows.append((aid, f"bench/{i}.txt", f"Article {i}", f"Outlet {rng.randrange(400)}",
                             published.isoformat(), text, 80, now))
        ids.append(aid)
        for j in range(CLAIMS_PER_ARTICLE):
            claim_rows.append(_claim(rng, aid, j, published))
        if len(claim_rows) >= 100_000:
            _flush(conn, article_rows, claim_rows)
    _flush(conn, article_rows, claim_rows)
    conn.close()
    return ids


def _claim(rng: random.Random, aid: str, j: int, published: dt.date) -> tuple[object, ...]:
    kind = rng.choices(KINDS, WEIGHTS)[0]
    actor = rng.randrange(6000)
    with_actor = rng.random() < 0.75
    actor_id = f"actor:{actor}" if with_actor else None
    subject = f"subject {actor % 2500}"
    base = 10 ** (1 + actor % 5) * (1 + actor % 7)
    value = round(base * rng.choice([1, 1, 1, 1.02, 1.5, 0.8, 2]) * (1 + (published.toordinal() % 90) / 300))
    low = high = None
    shape = rng.random()
    if shape < 0.1:
        low, value = value, None
    elif shape < 0.15:
        low, high, value = value, value * 2, None
    country = None if rng.random() < 0.15 else COUNTRIES[(actor + rng.randrange(2)) % 60]
    origin_roll = rng.random()
    origin = origin_actor = None
    if origin_roll < 0.6:
        o = rng.randrange(3000)
        origin, origin_actor = f"Origin {o}", f"org:{o}"
    elif origin_roll < 0.8:
        origin = rng.choice(["officials", "local sources", f"Named Source {rng.randrange(5000)}"])
    time_roll = rng.random()
    when = None if time_roll < 0.4 else (published.isoformat()[:7] if time_roll < 0.8 else published.isoformat())
    cid = hashlib.sha256(f"{aid}|{j * 40}|{j * 40 + 6}|{kind}|{value}".encode()).hexdigest()[:24]
    return (cid, aid, kind, subject, actor_id, f"Actor {actor}" if with_actor else None, value, low, high,
            int(rng.random() < 0.3), str(value or low), "Somewhere", "Somewhere" if country else None, country,
            f"Country {country}" if country else None, when, origin, origin_actor,
            f"... {value} ...", j * 40, j * 40 + 6)


def _flush(conn: sqlite3.Connection, articles: list[tuple[object, ...]], claims: list[tuple[object, ...]]) -> None:
    with conn:
        conn.executemany(ARTICLE_SQL, articles)
        conn.executemany(CLAIM_SQL, claims)
    articles.clear()
    claims.clear()


def _peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux: KiB


def _workers() -> int:
    from claimledger.reconcile.parallel import can_fork

    return min(4, os.cpu_count() or 1) if can_fork() else 1


def run_reconcile(path: Path) -> dict[str, float]:
    """In this process: a full rebuild, then an incremental run over 10 new articles."""
    from claimledger.reconcile import reconcile

    store = open_store(f"sqlite:///{path}")
    workers = _workers()
    started = time.perf_counter()
    summary = reconcile(store, workers=workers)  # computes every article's signature too
    full_s = time.perf_counter() - started
    full_rss, worker_rss = _peak_rss_mb(), _peak_rss_mb(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    reconcile(store, workers=workers)  # signatures are cached now
    rebuild_s = time.perf_counter() - started
    new_ids = generate(path, 10 * CLAIMS_PER_ARTICLE, seed=99, first_article=10_000_000)
    started = time.perf_counter()
    reconcile(store, new_ids)
    incremental_s = time.perf_counter() - started
    return {
        "workers": workers,
        "claims_threaded": summary.claims,
        "threads": summary.threads,
        "relations": summary.relations,
        "near_duplicates": summary.near_duplicates,
        "full_seconds": round(full_s, 2),
        "rebuild_seconds": round(rebuild_s, 2),
        "incremental_10_articles_seconds": round(incremental_s, 2),
        "main_peak_rss_mb": round(full_rss, 1),
        "worker_peak_rss_mb": round(worker_rss, 1),
        "peak_rss_upper_bound_mb": round(full_rss + workers * worker_rss, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, help="ledger file to create (default: a temporary file)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--reconcile-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.reconcile_only:
        print(json.dumps(run_reconcile(args.reconcile_only)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "bench.db"
        if path.exists():
            sys.exit(f"{path} exists: the benchmark needs a fresh ledger")
        open_store(f"sqlite:///{path}").close()  # schema by migration
        started = time.perf_counter()
        generate(path, args.claims)
        generated_s = time.perf_counter() - started
        child = subprocess.run(
            [sys.executable, __file__, "--reconcile-only", str(path)],
            capture_output=True, text=True, check=True, env={**os.environ},
        )
        figures = {"claims": args.claims, "generate_seconds": round(generated_s, 2), **json.loads(child.stdout)}
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"generated {args.claims:,} claims in {figures['generate_seconds']}s")
    print(f"first full reconcile ({figures['workers']} workers, signatures included): {figures['full_seconds']}s "
          f"({figures['claims_threaded']:,} claims threaded, {figures['threads']:,} threads, "
          f"{figures['relations']:,} relations, {figures['near_duplicates']:,} near-duplicate articles)")
    print(f"rebuild: {figures['rebuild_seconds']}s; incremental reconcile of 10 new articles: "
          f"{figures['incremental_10_articles_seconds']}s")
    print(f"peak RSS: main {figures['main_peak_rss_mb']} MB, each worker at most {figures['worker_peak_rss_mb']} MB "
          f"(sum at most {figures['peak_rss_upper_bound_mb']} MB; workers share the parent's pages)")


if __name__ == "__main__":
    main()
