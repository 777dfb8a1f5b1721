"""Benchmark: API latency over a synthetic ledger of 1,000,000 claims in SQLite, on loopback.

    python benchmarks/api_load.py [--claims N] [--db PATH] [--requests N] [--clients N]
                                  [--cache-seconds S] [--workers N] [--json]

Builds the ledger with the generator of reconcile_bench.py (bulk inserts, then a full
reconcile) unless --db names one that exists, starts `claimledger serve` on 127.0.0.1 in a child
process, and sends the requests from concurrent clients (threads, one HTTP connection each):

- threads: the first page of /api/threads, pages deep in the list (cursors found by walking it),
  pages of one kind, of one actor;
- claims: /api/claims after random ids (anywhere in the ledger), of one kind, of one actor;
- sources: /api/sources (one request in 50), which aggregates over the whole ledger.

`--cache-seconds` and `--workers` are passed to `claimledger serve`.

Reports p50/p95/p99 and the slowest request per endpoint, in milliseconds, as the clients saw
them and as the server timed them (Server-Timing header).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from reconcile_bench import KINDS, generate  # noqa: E402

from claimledger.store import open_store  # noqa: E402


def build(path: Path, n_claims: int) -> dict[str, float]:
    from claimledger.reconcile import reconcile

    open_store(f"sqlite:///{path}").close()  # schema by migration (FTS triggers included)
    started = time.perf_counter()
    generate(path, n_claims)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    store = open_store(f"sqlite:///{path}")
    summary = reconcile(store)
    store.close()
    return {"generate_seconds": round(generated, 1), "reconcile_seconds": round(time.perf_counter() - started, 1),
            "threads": summary.threads}


def serve(db: str | Path, *options: str) -> tuple[subprocess.Popen[bytes], str]:
    """`claimledger serve` on a free loopback port, once it answers (also used by
    tests/test_load.py)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = shutil.which("claimledger", path=str(Path(sys.executable).parent)) or "claimledger"
    child = subprocess.Popen([command, "serve", "--db", str(db), "--port", str(port), *options],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and child.poll() is None:
        try:
            if httpx.get(base + "/api/threads?limit=1", timeout=5).status_code == 200:
                return child, base
        except httpx.TransportError:
            time.sleep(0.2)
    child.kill()
    raise RuntimeError(f"server did not start: {child.stderr.read().decode() if child.stderr else ''}")


def workload(base: str, n: int, rng: random.Random) -> list[tuple[str, str]]:
    """(endpoint name, URL) pairs, in random order."""
    cursors: list[str] = []
    after = None
    with httpx.Client(base_url=base, timeout=30) as client:
        for _ in range(40):  # walk the thread list to collect cursors deep into it
            params = {"limit": 500} | ({"after": after} if after else {})
            after = client.get("/api/threads", params=params).json()["next"]
            if after is None:
                break
            cursors.append(after)
        actors = [c["actor"]["id"] for c in client.get("/api/claims", params={"limit": 200}).json()["items"] if c["actor"]]
    urls: list[tuple[str, str]] = []
    for i in range(n):
        roll = i % 7
        hexid = f"{rng.getrandbits(96):024x}"
        if i % 50 == 49:
            urls.append(("sources", "/api/sources"))
        elif roll == 0:
            urls.append(("threads first page", "/api/threads?limit=50"))
        elif roll == 1:
            cursor = rng.choice(cursors) if cursors else ""
            urls.append(("threads deep page", f"/api/threads?limit=50&after={cursor}"))
        elif roll == 2:
            urls.append(("threads of a kind", f"/api/threads?limit=50&kind={rng.choice(KINDS)}"))
        elif roll == 3:
            urls.append(("claims after random id", f"/api/claims?limit=50&after={hexid}"))
        elif roll == 4:
            urls.append(("claims of a kind", f"/api/claims?limit=50&kind={rng.choice(KINDS)}&after={hexid}"))
        elif roll == 5:
            urls.append(("claims of an actor", f"/api/claims?limit=50&actor={rng.choice(actors)}"))
        else:
            urls.append(("threads of an actor", f"/api/threads?limit=50&actor={rng.choice(actors)}"))
    rng.shuffle(urls)
    return urls


def hammer(base: str, urls: list[tuple[str, str]], clients: int) -> dict[str, list[float]]:
    """Latencies per endpoint as the clients saw them, and as the server timed them
    (its Server-Timing header: from request to response, without the wait in the socket)."""
    timings: dict[str, list[float]] = defaultdict(list)
    shares = [urls[i::clients] for i in range(clients)]

    def run(share: list[tuple[str, str]]) -> list[tuple[str, float, float]]:
        out = []
        with httpx.Client(base_url=base, timeout=60) as client:
            for name, url in share:
                started = time.perf_counter()
                response = client.get(url)
                elapsed = (time.perf_counter() - started) * 1000
                if response.status_code != 200:
                    raise SystemExit(f"{url}: HTTP {response.status_code} {response.text[:200]}")
                server = float(response.headers.get("server-timing", "app;dur=0").split("dur=")[1])
                out.append((name, elapsed, server))
        return out

    with ThreadPoolExecutor(clients) as pool:
        for result in pool.map(run, shares):
            for name, ms, server in result:
                timings[name].append(ms)
                timings[f"{name} (server)"].append(server)
    return timings


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, help="ledger to use, or to create when missing (default: temporary)")
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--cache-seconds", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "api.db"
        figures: dict[str, object] = {"claims": args.claims, "requests": args.requests, "clients": args.clients,
                                      "cpus": os.cpu_count(),
                                      "cache_seconds": args.cache_seconds, "workers": args.workers}
        if not path.exists():
            figures |= build(path, args.claims)
        child, base = serve(path, "--cache-seconds", str(args.cache_seconds), "--workers", str(args.workers))
        try:
            rng = random.Random(7)
            hammer(base, workload(base, 120, rng), args.clients)  # warm the page cache
            started = time.perf_counter()
            timings = hammer(base, workload(base, args.requests, rng), args.clients)
            figures["seconds"] = round(time.perf_counter() - started, 1)
        finally:
            child.terminate()
            child.wait(timeout=30)
    figures["endpoints"] = {
        name: {"n": len(ms), "p50_ms": round(percentile(ms, 0.50), 1), "p95_ms": round(percentile(ms, 0.95), 1),
               "p99_ms": round(percentile(ms, 0.99), 1), "max_ms": round(max(ms), 1)}
        for name, ms in sorted(timings.items())
    }
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print({k: v for k, v in figures.items() if k != "endpoints"})
    print(f"{'endpoint':37} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for name, f in figures["endpoints"].items():  # type: ignore[union-attr]
        print(f"{name:37} {f['n']:>6} {f['p50_ms']:>8} {f['p95_ms']:>8} {f['p99_ms']:>8} {f['max_ms']:>8}")


if __name__ == "__main__":
    main()
