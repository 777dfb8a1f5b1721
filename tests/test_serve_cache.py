"""The web application's answer cache: one computation for many waiting requests, answers kept
for a while, forgotten on a write through the application, never stored across a write."""

from __future__ import annotations

import threading
import time

from fastapi.testclient import TestClient
from typer.testing import CliRunner
from webledger import article, build, claim

from claimledger.cli import app as cli
from claimledger.model import Attribution
from claimledger.reconcile import reconcile
from claimledger.serve import create_app
from claimledger.serve.cache import Memo
from claimledger.store import Store
from claimledger.review.users import add_user, create_token


def test_concurrent_requests_for_one_answer_compute_it_once() -> None:
    memo = Memo(ttl=60)
    calls: list[int] = []

    def slow() -> int:
        calls.append(1)
        time.sleep(0.2)
        return 42

    results: list[int] = []
    workers = [threading.Thread(target=lambda: results.append(memo.get("k", slow))) for _ in range(8)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert results == [42] * 8 and len(calls) == 1


def test_answers_expire_and_a_clear_forgets_them() -> None:
    memo = Memo(ttl=0.2)
    counter = iter(range(100))
    first = memo.get("k", lambda: next(counter))
    assert memo.get("k", lambda: next(counter)) == first
    time.sleep(0.25)
    second = memo.get("k", lambda: next(counter))
    assert second != first
    memo.clear()
    assert memo.get("k", lambda: next(counter)) != second
    assert Memo(ttl=0).get("k", lambda: "fresh") == "fresh"


def test_an_answer_computed_across_a_write_is_not_kept() -> None:
    memo = Memo(ttl=60)

    def computed_while_a_write_lands() -> str:
        memo.clear()
        return "old"

    assert memo.get("k", computed_while_a_write_lands) == "old"
    assert memo.get("k", lambda: "new") == "new"


def test_the_size_bound_drops_the_oldest_answers() -> None:
    memo = Memo(ttl=60, size=2)
    for key in ("a", "b", "c"):
        memo.get(key, lambda key=key: key.upper())
    assert memo.get("a", lambda: "recomputed") == "recomputed"
    assert memo.get("c", lambda: "recomputed") == "C"


def test_lists_show_an_app_write_at_once_and_another_process_write_after_the_ttl(store: Store) -> None:
    build(store)
    add_user(store, "alice")
    token = create_token(store, "alice")
    client = TestClient(create_app(store, cache_seconds=0.5))

    def troops() -> int:
        [t] = client.get("/api/threads", params={"kind": "troops_deployed"}).json()["items"]
        return int(t["claims"])

    assert troops() == 3
    claim_id = client.get("/api/claims", params={"kind": "troops_deployed", "limit": 1}).json()["items"][0]["id"]
    rejected = client.post(f"/api/claims/{claim_id}/reject", headers={"Authorization": f"Bearer {token}"})
    assert rejected.status_code == 200 and troops() == 2  # the application's own write: at once
    def origins() -> set[str]:
        return {s["name"] for s in client.get("/api/sources").json()["items"] if s["role"] == "origin"}

    assert "Coast Observers" not in origins()
    # another process (an ingest) adds a report from a new origin and reconciles
    late = article(5, "2025-04-02", "Observers counted 9,000 soldiers in the river province.", "Observers count")
    observers = Attribution("Coast Observers", (), None)
    store.write([(late, [claim(late, "9,000 soldiers", 9000, "troops_deployed", observers, "2025-04")])], "web-test")
    reconcile(store)
    # the cache looks at the ledger's version at most every 0.5 s: within that the write shows
    time.sleep(0.6)
    assert "Coast Observers" in origins() and troops() == 3


def test_a_cached_answer_costs_no_database_work_until_the_ledger_changes(store: Store) -> None:
    """Issue 15, failure 11: read load. A cached JSON answer is the encoded bytes handed out again;
    the only query while it is cached is the look at the ledger's version, once per check."""
    from sqlalchemy import event

    build(store)
    client = TestClient(create_app(store, cache_seconds=30))
    urls = ["/api/threads", "/api/threads?kind=troops_deployed", "/api/sources", "/api/claims?limit=2",
            "/api/articles", "/api/claims?kind=killed"]
    first = {url: client.get(url).content for url in urls}
    again = client.get(urls[0])
    assert "x-claimledger-cacheable" not in again.headers and again.headers["content-security-policy"]
    # sent by CachedReads before the other middleware: the first answer's headers, one timing of its own
    assert again.headers["x-frame-options"] == "DENY" and len(again.headers.get_list("server-timing")) == 1
    statements: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    for _ in range(20):
        assert all(client.get(url).content == first[url] for url in urls)
    assert statements == []
    # posts anyone can send (a wrong token, a failed sign-in) do not empty the cache
    assert client.post("/api/claims/x/accept", headers={"Authorization": "Bearer guess"}).status_code == 401
    assert client.post("/login", data={"token": "guess", "csrf": "x"}).status_code == 403
    statements.clear()
    assert all(client.get(url).content == first[url] for url in urls)
    assert statements == []
    version = store.version()
    late = article(5, "2025-04-02", "Observers counted 9,000 soldiers in the river province.", "Observers count")
    store.write([(late, [claim(late, "9,000 soldiers", 9000, "troops_deployed", None, "2025-04")])], "web-test")
    assert store.version() > version  # every writing transaction moves it, in any process


def test_the_version_is_looked_at_once_per_check_however_many_requests() -> None:
    looks: list[int] = []
    memo = Memo(ttl=60, version=lambda: looks.append(1) or 7, check=0.3)
    for _ in range(200):
        assert memo.get("k", lambda: "answer") == "answer"
    assert len(looks) == 1
    time.sleep(0.35)
    memo.get("k", lambda: "answer")
    assert len(looks) == 2


def test_the_byte_bound_counts_kept_responses() -> None:
    memo = Memo(ttl=60, max_bytes=1000)
    for key in ("a", "b", "c"):
        memo.put(key, (200, [], b"x" * 400), memo.generation())
    assert memo.peek("a") is None and memo.peek("b") is not None and memo.peek("c") is not None


def test_the_server_runs_as_many_requests_database_work_at_once_as_it_is_told(store: Store) -> None:
    """Issue 15, failure 11: with anyio's 40 threads computing uncached pages, the event loop that
    sends cached answers waited behind each of them for the GIL; `claimledger serve --threads`
    bounds them (4 by default)."""
    import anyio.to_thread

    build(store)

    def tokens() -> float:
        return anyio.to_thread.current_default_thread_limiter().total_tokens

    with TestClient(create_app(store, threads=3)) as client:  # runs the lifespan, as uvicorn does
        assert client.portal.call(tokens) == 3
        assert client.get("/api/claims?limit=2").status_code == 200
    with TestClient(create_app(store)) as client:
        assert client.portal.call(tokens) == 40  # anyio's own, when not told
    refused = CliRunner().invoke(cli, ["serve", "--threads", "0", "--port", "1"])
    assert refused.exit_code == 2 and "--threads must be between 1 and 256" in refused.output
