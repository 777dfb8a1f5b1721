"""Issue 7's load test: 200 concurrent clients on loopback for 60 s against the API, no errors,
latencies recorded.

The ledger is the bundled samples ingested by the real pipeline plus generated articles and claims
(a few thousand, over many actors, kinds, places, origins and months), reconciled. The server is
`claimledger serve` in a child process on 127.0.0.1 and a free port, as a user runs it. 200
asyncio clients (httpx, one connection each) request, back to back for 60 s, a mix of read
endpoints: thread lists (first page, of a kind, of an actor), claim lists with filters (kind,
actor, origin, place, time, words), articles, search, sources, a thread in the API and its page.

Every response must be a 200: no transport error, no 4xx, no 5xx. The figures (requests, rate,
p50/p95/p99/max in ms, per endpoint and overall) are printed and written as JSON to the test's
temporary folder and to tests/artifacts/api-load.json; RELIABILITY.md records them.

It runs on the SQLite pass only: one 60-second run per `make test` is the CI time this is worth,
and the server code under load (uvicorn, its thread pool, the per-request connections) is the same
on both backends, which the rest of the suite already covers for correctness.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

import httpx
import pytest
from webledger import article

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from api_load import serve  # noqa: E402  (one way to start a server, shared with the benchmark)

from claimledger.model import Actor, Attribution, Claim, Location, Place, Span
from claimledger.orchestrate import ingest
from claimledger.reconcile import reconcile
from claimledger.store import Store

CLIENTS = 200
SECONDS = 60.0
SAMPLES = Path(__file__).resolve().parents[1] / "src" / "claimledger" / "data" / "samples"
ARTIFACTS = Path(__file__).parent / "artifacts"
KINDS = ("killed", "wounded", "troops_deployed", "captured", "missing", "withdrawn")  # registry kinds
PLACES = [Place(f"{name} Province", code, f"Country {code}") for name, code in
          (("River", "SL"), ("Hill", "NL"), ("Lake", "EL"), ("Coast", "WL"), ("Plain", "SL"), ("Forest", "NL"))]
ORIGINS = ["ministry of defence", "border monitors", "regional governor", "aid agency", "local officials"]

pytestmark = [pytest.mark.slow, pytest.mark.sqlite_only("one 60-second load run per `make test` is enough")]


def generated(n_articles: int, seed: int = 5) -> list[tuple[object, list[Claim]]]:
    """Articles of a few figures each, about 80 actors, six kinds, six places and two years."""
    rng = random.Random(seed)
    batch = []
    start = dt.date(2024, 1, 1)
    for n in range(1000, 1000 + n_articles):
        published = start + dt.timedelta(days=rng.randrange(700))
        sentences, figures = [], []
        for j in range(rng.randint(2, 6)):
            actor = rng.randrange(80)
            kind = rng.choice(KINDS)
            value = rng.choice([12, 40, 150, 300, 1200, 3000, 5000]) * (1 + actor % 4)
            origin = rng.choice(ORIGINS)
            phrase = f"{value:,} people"
            sentences.append(f"The {origin} said {phrase} in case {j} of group {actor} were counted.")
            figures.append((phrase, value, kind, actor, origin))
        text = " ".join(sentences)
        art = article(n, published.isoformat(), text, f"Report {n} on group figures")
        claims = []
        at = 0
        for phrase, value, kind, actor, origin in figures:
            begin = text.index(phrase, at)
            at = begin + len(phrase)
            place = PLACES[actor % len(PLACES)]
            month = published.isoformat()[:7]
            claims.append(Claim(
                article_id=art.id, kind=kind, subject=f"group {actor} members", quote=text, span=Span(begin, at),
                actor=Actor(f"group:{actor}", f"Group {actor}", "armed_group"), value=float(value),
                number_text=phrase.split()[0], location=Location(place.name, place), time=month,
                attribution=Attribution(origin, (), None), extractor_version="load-test",
            ))
        batch.append((art, claims))
    return batch


def build(store: Store, pipeline) -> dict[str, int]:  # type: ignore[no-untyped-def]
    ingest([str(SAMPLES)], store, pipeline)
    items = generated(1500)
    for i in range(0, len(items), 250):
        store.write(items[i : i + 250], "load-test")  # type: ignore[arg-type]
    reconcile(store)
    return store.counts()


def workload(base: str) -> list[tuple[str, str]]:
    """(endpoint, URL) pairs over what the ledger holds; clients pick among them at random."""
    with httpx.Client(base_url=base, timeout=30) as client:
        threads = client.get("/api/threads", params={"limit": 200}).json()["items"]
        claims = client.get("/api/claims", params={"limit": 200}).json()["items"]
    assert len(threads) >= 50 and len(claims) == 200
    actors = sorted({c["actor"]["id"] for c in claims if c["actor"] and c["actor"]["id"]})
    urls: list[tuple[str, str]] = []
    for kind in KINDS:
        urls += [("threads of a kind", f"/api/threads?kind={kind}"), ("claims of a kind", f"/api/claims?kind={kind}")]
    for actor in actors[:20]:
        urls += [("threads of an actor", f"/api/threads?actor={actor}"),
                 ("claims of an actor", f"/api/claims?actor={actor}&since=2024-06")]
    for t in threads[:40]:
        urls += [("thread (API)", f"/api/threads/{t['id']}"), ("thread page", f"/threads/{t['id']}")]
    for origin, place, words in zip(ORIGINS, ("SL", "NL", "river", "coast", "EL"),
                                    ("counted", "group people", "ministry", "case 2", "governor"), strict=True):
        urls += [("claims with filters", f"/api/claims?origin={origin}&place={place}&until=2025-06"),
                 ("claims with words", f"/api/claims?q={words}"), ("search", f"/api/search?q={words}")]
    urls += [("threads first page", "/api/threads")] * 10
    urls += [("articles", "/api/articles"), ("articles", "/api/articles?q=group"), ("sources", "/api/sources")] * 3
    return urls


async def hammer(base: str, urls: list[tuple[str, str]], clients: int, seconds: float) -> dict[str, object]:
    timings: dict[str, list[float]] = defaultdict(list)
    failures: list[str] = []
    stop = time.monotonic() + seconds

    async def client(n: int) -> None:
        rng = random.Random(n)
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as http:
            while time.monotonic() < stop:
                name, url = rng.choice(urls)
                started = time.perf_counter()
                try:
                    response = await http.get(url)
                except httpx.HTTPError as exc:
                    failures.append(f"{url}: {type(exc).__name__} {exc}")
                    continue
                timings[name].append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    failures.append(f"{url}: HTTP {response.status_code} {response.text[:200]}")

    began = time.monotonic()
    await asyncio.gather(*(client(n) for n in range(clients)))
    elapsed = time.monotonic() - began
    every = [ms for values in timings.values() for ms in values]
    return {
        "clients": clients, "seconds": round(elapsed, 1), "requests": len(every),
        "requests_per_second": round(len(every) / elapsed, 1), "errors": len(failures), "first_errors": failures[:10],
        "overall": summary(every),
        "endpoints": {name: summary(values) for name, values in sorted(timings.items())},
    }


def summary(ms: list[float]) -> dict[str, float]:
    ordered = sorted(ms)

    def at(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)

    return {"n": len(ordered), "p50_ms": at(0.50), "p95_ms": at(0.95), "p99_ms": at(0.99), "max_ms": round(ordered[-1], 1)}


def test_200_clients_for_60_seconds_get_no_errors(store: Store, db_url: str, pipeline, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    counts = build(store, pipeline)
    store.close()
    child, base = serve(db_url)
    try:
        urls = workload(base)
        figures = asyncio.run(hammer(base, urls, CLIENTS, SECONDS))
    finally:
        child.terminate()
        child.wait(timeout=30)
    figures["ledger"] = counts
    report = json.dumps(figures, indent=2)
    (tmp_path / "api-load.json").write_text(report)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "api-load.json").write_text(report)
    print(f"\nAPI load, {CLIENTS} clients for {SECONDS:.0f} s:\n{report}")
    assert figures["errors"] == 0, figures["first_errors"]
    assert figures["requests"] > CLIENTS  # every client was answered, more than once
    assert set(figures["endpoints"]) >= {"threads first page", "claims with filters", "articles", "search",  # type: ignore[arg-type]
                                         "thread page"}
