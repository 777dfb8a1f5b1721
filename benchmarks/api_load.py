"""Benchmark: API read throughput and latency over a synthetic ledger (1,000,000 claims by
default) in SQLite, on loopback (`make bench-api`).

    python benchmarks/api_load.py [--claims N] [--db PATH] [--clients N] [--seconds S]
                                  [--processes N] [--workers N] [--server-threads N]
                                  [--cache-seconds S] [--json]

Builds the ledger with the generator of reconcile_bench.py (bulk inserts, then a full
reconcile) unless --db names one that exists, starts `claimledger serve` on 127.0.0.1 in a child
process (`--workers` server processes), and runs `--clients` closed-loop clients (each sends its
next request when the last is answered, on one keep-alive HTTP/1.1 connection) spread over
`--processes` client processes, back to back for `--seconds`. Each picks at random among:

- cached read endpoints (answers the server keeps until the ledger changes; the set a reader
  browses): the first page of /api/threads, pages deep in it (cursors found by walking it),
  threads and claims of a kind and of an actor, a thread, a claim, /api/sources;
- claims after a random id (anywhere in the ledger; every one is a new query, reported apart;
  one request in eight).

The clients share the machine with the server, so they are kept cheap: a small asyncio Protocol
on uvloop (`Connection`) writes the request and reads the status line, the headers and a
Content-Length body, about 0.05-0.09 ms of CPU a request where httpx's AsyncClient took about
1 ms (httpx still sets the run up). Defaults on N cores: one client process (at 3,000 requests/s
it needs a quarter of a core; more processes would only take CPU from the server) up to N // 4,
and N server processes up to 4: an uncached page costs the server some 4-5 ms of CPU in a
thread of its worker, and the workers' own GILs let one process answer cached requests while
another computes one (with one worker, 1 request in 8 at 5 ms caps it near 1,600 requests/s).
Each worker computes at most `--server-threads` (default 2; `claimledger serve --threads`, 4 by
default) uncached answers at once: its event loop, which sends the cached ones, shares the GIL
with those threads and waits behind every one of them. In a closed loop the total rate is eight
times the rate of uncached answers, whatever the thread count (it is the CPU they cost); fewer
threads decide who waits: the clients asking for uncached pages queue, the cached answers don't.

Reports errors (anything but a 200, transport errors, no answer within 60 s), requests per
second and p50/p95/p99/max in milliseconds as the clients saw them: over all requests, over the
cached endpoints, and per endpoint; the same from the Server-Timing header (the time inside the
application, without the queue in front of it); the CPU milliseconds per request of the client
processes and of the server (with its workers, from /proc), and the load average before and
after (the machine's other work shows there). The issue's target (1M claims, 200 clients, 60 s):
0 errors, >= 1,000 requests/s and p95 < 100 ms on the cached endpoints.
"""

from __future__ import annotations

import argparse
import asyncio
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
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import cast

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from reconcile_bench import KINDS, generate  # noqa: E402

from claimledger.store import open_store  # noqa: E402

UNCACHED = {"claims after random id"}
SERVER = "server:"  # timings from the Server-Timing header
TIMEOUT = 60.0  # seconds a request may take before it counts as an error


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


def workload(base: str) -> list[tuple[str, str]]:
    """(endpoint, URL) pairs the clients pick among; "{random}" is a fresh random claim id."""
    cursors: list[str] = []
    after = None
    with httpx.Client(base_url=base, timeout=120) as client:
        for _ in range(40):  # walk the thread list to collect cursors deep into it
            params = {"limit": 500} | ({"after": after} if after else {})
            after = client.get("/api/threads", params=params).json()["next"]
            if after is None:
                break
            cursors.append(after)
        claims = client.get("/api/claims", params={"limit": 200}).json()["items"]
        threads = client.get("/api/threads", params={"limit": 200}).json()["items"]
        # claim ids as stored (the generator's are not the hash a claim's JSON shows as its id)
        members = [c["id"] for t in threads[:20] for c in client.get(f"/api/threads/{t['id']}").json()["claims"]]
    actors = sorted({c["actor"]["id"] for c in claims if c["actor"]})[:30]
    urls = [("threads first page", "/api/threads?limit=50")] * 20 + [("sources", "/api/sources")] * 2
    urls += [("threads deep page", f"/api/threads?limit=50&after={c}") for c in cursors]
    for kind in KINDS:
        urls += [("threads of a kind", f"/api/threads?limit=50&kind={kind}"),
                 ("claims of a kind", f"/api/claims?limit=50&kind={kind}")]
    for actor in actors:
        urls += [("threads of an actor", f"/api/threads?limit=50&actor={actor}"),
                 ("claims of an actor", f"/api/claims?limit=50&actor={actor}")]
    urls += [("a thread", f"/api/threads/{t['id']}") for t in threads[:50]]
    urls += [("a claim", f"/api/claims/{c}") for c in members[:50]]
    cached = len(urls)
    urls += [("claims after random id", "/api/claims?limit=50&after={random}")] * max(1, cached // 7)
    return urls


class HttpError(Exception):
    """A transport or protocol failure of one request (the connection is closed after it)."""


class Connection(asyncio.Protocol):
    """One keep-alive HTTP/1.1 connection, one request at a time: GET writes the request line
    and a Host header; the answer is the status line, the headers and a body of Content-Length
    bytes (the server sends one on every answer the workload asks for: an answer without it is a
    protocol error). A few microseconds of the client's CPU a request where httpx's AsyncClient
    spent over a millisecond, so the clients do not take the cores the server is measured on."""

    def __init__(self, host: bytes) -> None:
        self.host = host
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.waiter: asyncio.Future[tuple[int, dict[bytes, bytes], bytes]] | None = None
        self.sent = 0.0  # monotonic time of the request in flight (for the client's timeout)

    @classmethod
    async def open(cls, host: str, port: int) -> Connection:
        _, connection = await asyncio.get_running_loop().create_connection(
            lambda: cls(f"{host}:{port}".encode()), host, port)
        return connection

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's is not asyncio's class

    def connection_lost(self, exc: Exception | None) -> None:
        self.transport = None
        self.fail(HttpError(f"connection closed by the server{f': {exc}' if exc else ''}"))

    def fail(self, exc: Exception) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(exc)
        if self.transport is not None:
            self.transport.close()

    async def get(self, target: str) -> tuple[int, dict[bytes, bytes], bytes]:
        if self.transport is None or self.transport.is_closing():
            raise HttpError("connection closed")
        self.waiter = asyncio.get_running_loop().create_future()
        self.sent = time.monotonic()
        self.transport.write(b"GET %s HTTP/1.1\r\nHost: %s\r\n\r\n" % (target.encode(), self.host))
        return await self.waiter

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if self.waiter is None or self.waiter.done():
            self.fail(HttpError(f"{len(self.buffer)} bytes with no request in flight"))
            return
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            return
        lines = bytes(self.buffer[:end]).split(b"\r\n")
        try:
            status = int(lines[0].split(b" ", 2)[1])
        except (IndexError, ValueError):
            self.fail(HttpError(f"not an HTTP status line: {lines[0][:80]!r}"))
            return
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            headers[name.strip().lower()] = value.strip()
        if b"content-length" not in headers:
            self.fail(HttpError(f"HTTP {status} without Content-Length"))
            return
        size = end + 4 + int(headers[b"content-length"])
        if len(self.buffer) < size:
            return
        body = bytes(self.buffer[end + 4:size])
        del self.buffer[:size]
        self.waiter.set_result((status, headers, body))
        if headers.get(b"connection", b"").lower() == b"close" and self.transport is not None:
            self.transport.close()


async def _clients(base: str, urls: list[tuple[str, str]], clients: int, seconds: float, seed: int
                   ) -> tuple[dict[str, list[float]], list[str], float]:
    """`clients` closed-loop clients in this process: (timings, failures, CPU seconds spent)."""
    timings: dict[str, list[float]] = defaultdict(list)
    failures: list[str] = []
    host, port = base.removeprefix("http://").rsplit(":", 1)
    open_connections: set[Connection] = set()
    began = time.monotonic()
    stop = began + seconds
    cpu = time.process_time()

    async def client(n: int) -> None:
        rng = random.Random(seed * 100_000 + n)
        connection: Connection | None = None
        while time.monotonic() < stop:
            name, url = rng.choice(urls)
            url = url.replace("{random}", f"{rng.getrandbits(96):024x}")
            started = time.perf_counter()
            try:
                if connection is None or connection.transport is None or connection.transport.is_closing():
                    open_connections.discard(connection)  # type: ignore[arg-type]
                    connection = await Connection.open(host, int(port))
                    open_connections.add(connection)
                status, headers, body = await connection.get(url)
            except (OSError, HttpError, TimeoutError) as exc:
                failures.append(f"{url}: {type(exc).__name__} {exc}")
                if connection is not None:
                    connection.fail(exc)
                continue
            timings[name].append((time.perf_counter() - started) * 1000)
            timings[SERVER + name].append(float(headers.get(b"server-timing", b"app;dur=0").split(b"dur=")[1]))
            if status != 200:
                failures.append(f"{url}: HTTP {status} {body[:200]!r}")
        if connection is not None:
            connection.fail(HttpError("done"))

    async def watchdog() -> None:  # one timer for all connections instead of one per request
        while time.monotonic() < stop + TIMEOUT:
            await asyncio.sleep(1)
            late = time.monotonic() - TIMEOUT
            for connection in list(open_connections):
                if connection.waiter is not None and not connection.waiter.done() and connection.sent < late:
                    connection.fail(TimeoutError(f"no answer in {TIMEOUT:.0f} s"))

    guard = asyncio.ensure_future(watchdog())
    await asyncio.gather(*(client(n) for n in range(clients)))
    guard.cancel()
    return dict(timings), failures, time.process_time() - cpu


def _client_process(base: str, urls: list[tuple[str, str]], clients: int, seconds: float, seed: int
                    ) -> tuple[dict[str, list[float]], list[str], float]:
    try:
        import uvloop
    except ImportError:  # asyncio's own loop: slower, still correct
        return asyncio.run(_clients(base, urls, clients, seconds, seed))
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(_clients(base, urls, clients, seconds, seed))


def hammer(base: str, urls: list[tuple[str, str]], clients: int, seconds: float, processes: int,
           server_pid: int | None = None) -> dict[str, object]:
    """`clients` clients over `processes` processes for `seconds`: the figures, with the CPU
    time the clients and the server (`server_pid` and its worker processes) spent."""
    shares = [clients // processes + (i < clients % processes) for i in range(processes)]
    timings: dict[str, list[float]] = defaultdict(list)
    failures: list[str] = []
    client_cpu = 0.0
    server_cpu = cpu_seconds(server_pid) if server_pid else None
    load = os.getloadavg()[0]
    began = time.monotonic()
    with ProcessPoolExecutor(processes) as pool:
        jobs = [pool.submit(_client_process, base, urls, n, seconds, i) for i, n in enumerate(shares) if n]
        for job in jobs:
            found, failed, spent = job.result()
            for name, ms in found.items():
                timings[name] += ms
            failures += failed
            client_cpu += spent
    if server_pid and server_cpu is not None:
        server_cpu = cpu_seconds(server_pid) - server_cpu  # type: ignore[operator]
    elapsed = time.monotonic() - began
    server = {name.removeprefix(SERVER): ms for name, ms in timings.items() if name.startswith(SERVER)}
    client = {name: ms for name, ms in timings.items() if not name.startswith(SERVER)}
    every = [ms for values in client.values() for ms in values]
    cached = [ms for name, values in client.items() if name not in UNCACHED for ms in values]
    cached_server = [ms for name, values in server.items() if name not in UNCACHED for ms in values]
    per_request = 1000 / max(1, len(every))
    return {
        "clients": clients, "seconds": round(elapsed, 1), "requests": len(every), "errors": len(failures),
        "first_errors": failures[:10], "load_average_before": round(load, 2),
        "load_average_after": round(os.getloadavg()[0], 2),
        "client_cpu_ms_per_request": round(client_cpu * per_request, 3),
        "server_cpu_ms_per_request": None if server_cpu is None else round(server_cpu * per_request, 3),
        "overall": summary(every, elapsed), "cached": summary(cached, elapsed),
        "cached_server": summary(cached_server, elapsed),
        "endpoints": {name: summary(values, elapsed) for name, values in sorted(client.items())},
        "endpoints_server": {name: summary(values, elapsed) for name, values in sorted(server.items())},
    }


def cpu_seconds(pid: int) -> float | None:
    """CPU seconds (user and system) spent so far by a process and its children (uvicorn's
    workers), from /proc; None where there is no /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    spent: dict[int, float] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:  # ended meanwhile
            continue
        parents[int(stat.parent.name)] = int(fields[1])
        spent[int(stat.parent.name)] = (int(fields[11]) + int(fields[12])) / tick
    if pid not in spent:
        return None
    family = {pid}
    while grown := {p for p, parent in parents.items() if parent in family} - family:
        family |= grown
    return sum(spent[p] for p in family)


def warm(base: str, urls: list[tuple[str, str]], workers: int) -> None:
    """Every cached endpoint asked a few times per server process (each keeps its own cache), so
    the run measures serving the ledger, not filling the cache."""
    distinct = sorted({url for name, url in urls if name not in UNCACHED})

    def ask(url: str) -> None:
        for _ in range(3 * workers):  # a connection each: the kernel spreads them over the workers
            httpx.get(base + url, timeout=600)

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(ask, distinct))


def summary(ms: list[float], seconds: float) -> dict[str, float]:
    ordered = sorted(ms) or [0.0]

    def at(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)

    return {"n": len(ms), "requests_per_second": round(len(ms) / seconds, 1), "p50_ms": at(0.50),
            "p95_ms": at(0.95), "p99_ms": at(0.99), "max_ms": round(ordered[-1], 1)}


def main() -> None:
    cpus = os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, help="ledger to use, or to create when missing (default: temporary)")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--processes", type=int, default=max(1, min(4, cpus // 4)), help="client processes")
    parser.add_argument("--workers", type=int, default=max(1, min(4, cpus)), help="server processes")
    parser.add_argument("--cache-seconds", type=float, default=2.0)
    parser.add_argument("--server-threads", type=int, default=2, help="claimledger serve --threads")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "api.db"
        figures: dict[str, object] = {"claims": args.claims, "cpus": cpus, "workers": args.workers,
                                      "client_processes": args.processes, "cache_seconds": args.cache_seconds,
                                      "server_threads": args.server_threads}
        if not path.exists():
            figures |= build(path, args.claims)
        child, base = serve(path, "--cache-seconds", str(args.cache_seconds), "--workers", str(args.workers),
                            "--threads", str(args.server_threads))
        try:
            urls = workload(base)
            started = time.perf_counter()
            warm(base, urls, args.workers)
            figures["warm_seconds"] = round(time.perf_counter() - started, 1)
            figures |= hammer(base, urls, args.clients, args.seconds, args.processes, child.pid)
        finally:
            child.terminate()
            child.wait(timeout=30)
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print({k: v for k, v in figures.items() if not k.startswith(("endpoints", "overall", "cached"))})
    print("milliseconds as the clients saw them; (server): from the Server-Timing header, without the queue")
    print(f"{'endpoint':30} {'n':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    rows = {"ALL": figures["overall"], "CACHED ENDPOINTS": figures["cached"],
            "CACHED ENDPOINTS (server)": figures["cached_server"], **figures["endpoints"],  # type: ignore[dict-item]
            **{f"{k} (server)": v for k, v in figures["endpoints_server"].items()}}  # type: ignore[union-attr]
    for name, f in rows.items():
        print(f"{name:30} {f['n']:>7} {f['requests_per_second']:>8} {f['p50_ms']:>8} {f['p95_ms']:>8} "
              f"{f['p99_ms']:>8} {f['max_ms']:>8}")
    if figures["errors"]:
        raise SystemExit(f"{figures['errors']} errors")


if __name__ == "__main__":
    main()
