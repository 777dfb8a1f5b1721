"""The REST API and the pages' server side, through httpx (FastAPI's TestClient)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text

from claimledger.serve import create_app
from claimledger.serve.search import search
from claimledger.store.search import text_filter
from claimledger.store import Store
from claimledger.store.schema import articles, claims
from claimledger.review.users import add_user, create_token
from webledger import article, build


@pytest.fixture()
def ledger(store: Store):
    arts = build(store)
    add_user(store, "alice")
    token = create_token(store, "alice")
    return store, arts, token


@pytest.fixture()
def client(ledger) -> TestClient:
    return TestClient(create_app(ledger[0]))


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def troops_summary(client: TestClient) -> dict:
    [t] = client.get("/api/threads", params={"kind": "troops_deployed"}).json()["items"]
    return t


def troops_thread(client: TestClient) -> dict:
    """The thread in full (its claims listed), as /api/threads/{id} gives it."""
    return client.get(f"/api/threads/{troops_summary(client)['id']}").json()


# -- reading -------------------------------------------------------------------------------------


def test_articles_list_pages_by_key_and_filters_by_words(client: TestClient) -> None:
    first = client.get("/api/articles", params={"limit": 3}).json()
    assert len(first["items"]) == 3 and first["next"]
    rest = client.get("/api/articles", params={"limit": 3, "after": first["next"]}).json()
    assert len(rest["items"]) == 1 and rest["next"] is None
    ids = [a["id"] for a in first["items"] + rest["items"]]
    assert ids == sorted(ids) and len(set(ids)) == 4
    found = client.get("/api/articles", params={"q": "monitoring group"}).json()["items"]
    assert [a["title"] for a in found] == ["Monitors say 5,000 troops"]
    assert found[0]["claims"] == 1


def test_article_detail_has_text_metadata_citations_and_claims(client: TestClient, ledger) -> None:
    art = ledger[1]["one"]
    body = client.get(f"/api/articles/{art.id}").json()
    assert body["text"] == art.text and body["url"] == "https://example.org/one"
    assert body["published"] == "2025-01-20" and body["citations"] == []
    assert [c["value"] for c in body["claims"]] == [3000]


def test_claims_filters(client: TestClient) -> None:
    def values(**params: str) -> list[int]:
        return sorted(c["value"] for c in client.get("/api/claims", params=params).json()["items"])

    assert values() == [40, 3000, 5000, 7000]
    assert values(kind="killed") == [40]
    assert values(actor="state:NL") == [40, 3000, 5000, 7000]
    assert values(actor="northland", kind="troops_deployed") == [3000, 5000, 7000]
    assert values(origin="monitoring") == [5000]
    assert values(origin="harbour wire") == [3000, 7000]  # a conduit
    assert values(place="SL") == [40, 3000, 5000, 7000]
    assert values(place="river prov") == [40, 3000, 5000, 7000]
    assert values(since="2025-03") == [40, 7000]
    assert values(until="2025-01") == [3000, 5000]
    assert values(since="2025-01-01", until="2025-02") == [3000, 5000]
    assert values(q="deployed march") == [7000]
    assert values(origin="100%_sure") == []  # wildcards are literal


def test_claims_page_by_key_without_overlap(client: TestClient) -> None:
    seen: list[str] = []
    after = None
    while True:
        params = {"limit": 1} | ({"after": after} if after else {})
        page = client.get("/api/claims", params=params).json()
        seen += [c["id"] for c in page["items"]]
        after = page["next"]
        if after is None:
            break
    assert len(seen) == 4 and seen == sorted(set(seen))


def test_claims_sorted_least_sure_first(client: TestClient) -> None:
    seen: list[tuple[float, str]] = []
    after = None
    while True:
        params = {"limit": 1, "sort": "confidence"} | ({"after": after} if after else {})
        page = client.get("/api/claims", params=params).json()
        seen += [(c["confidence"], c["id"]) for c in page["items"]]
        after = page["next"]
        if after is None:
            break
    assert len(seen) == 4 and seen == sorted(set(seen))
    assert client.get("/api/claims", params={"sort": "confidence", "after": "not-a-cursor"}).status_code == 422
    assert client.get("/api/claims", params={"sort": "value"}).status_code == 422
    assert "least sure first" in client.get("/claims", params={"sort": "confidence"}).text


def test_claim_detail_names_its_thread(client: TestClient) -> None:
    t = troops_thread(client)
    claim_id = t["claims"][0]["id"]
    body = client.get(f"/api/claims/{claim_id}").json()
    assert body["thread_id"] == t["id"] and body["review"] == {"status": None, "edited": False}
    assert body["audit"] == []


def test_threads_list_has_latest_estimate_and_trend(client: TestClient) -> None:
    t = troops_summary(client)
    assert t["claims"] == 3 and t["label"] == "Northland · troops deployed · Southland"
    assert t["latest_estimate"]["as_of"] == "2025-03" and t["latest_estimate"]["best"] == 7000
    assert [p["as_of"] for p in t["trend"]] == ["2025-01", "2025-03"]
    assert client.get("/api/threads", params={"kind": "wounded"}).json()["items"] == []
    assert len(client.get("/api/threads", params={"actor": "northland"}).json()["items"]) == 2
    assert len(client.get("/api/threads", params={"actor": "state:NL"}).json()["items"]) == 2
    assert client.get("/api/threads", params={"actor": "state:XX"}).json()["items"] == []
    assert len(client.get("/api/threads", params={"place": "SL"}).json()["items"]) == 2
    first = client.get("/api/threads", params={"limit": 1}).json()
    second = client.get("/api/threads", params={"limit": 1, "after": first["next"]}).json()
    assert first["items"][0]["claims"] >= second["items"][0]["claims"] and second["next"] is None


def test_thread_detail_has_relations_disputes_and_claims(client: TestClient) -> None:
    t = troops_thread(client)
    body = client.get(f"/api/threads/{t['id']}").json()
    assert sorted(r["relation"] for r in body["relations"]) == ["conflicts", "updates", "updates"]
    assert len(body["disputes"]) == 1
    assert {c["value"] for c in body["claim_details"]} == {3000, 5000, 7000}


def test_sources_list_origins_and_conduits_with_agreement(client: TestClient) -> None:
    items = client.get("/api/sources").json()["items"]
    by_name = {(s["name"], s["role"]): s for s in items}
    ministry = by_name["Southland defence ministry", "origin"]
    assert ministry["claims"] == 2 and ministry["threads"] == 1
    assert ministry["conflicts_with"] == [{"origin": "Border Monitoring Group", "pairs": 1}]
    assert by_name["Harbour Wire", "conduit"]["claims"] == 2


def test_search_finds_articles_and_claims_and_treats_syntax_as_words(client: TestClient) -> None:
    hits = client.get("/api/search", params={"q": "monitoring"}).json()["items"]
    assert {h["kind"] for h in hits} == {"article", "claim"}
    for hostile in ['"', "NEAR(a b)", "a AND OR NOT", "*", "x' OR 1=1 --"]:
        assert client.get("/api/search", params={"q": hostile}).status_code == 200


def test_search_cuts_words_alike_on_every_backend(ledger) -> None:
    """Decimals, hosts, paths and markup-like text are words to find on SQLite and PostgreSQL."""
    store = ledger[0]
    text = "The agency put losses at 3.5 million on reports.example.net/daily, see <b>annex</b> two."
    art = article(9, "2025-04-01", text, "Agency figures")
    store.write([(art, [])], "web-test")
    for words in ("3.5", "3 5", "reports.example.net", "example daily", "annex", "window pwned", "onerror"):
        found = {h.article_id for h in search(store, words)}
        assert found, words
    assert {h.article_id for h in search(store, "example.net/daily")} == {art.id}


def test_postgresql_search_expressions_are_the_ones_migration_0005_indexes() -> None:
    import importlib.util

    from claimledger import store as store_package
    from claimledger.store.search import pg_document

    path = next((Path(store_package.__file__).parent / "migrations" / "versions").glob("0005_*.py"))
    spec = importlib.util.spec_from_file_location("migration_0005", path)
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    indexed = {table: migration.document(body) for table, body in migration.DOCUMENTS.values()}
    assert indexed == {table: pg_document(table, qualified=False) for table in ("claims", "articles")}


def test_search_uses_the_index_and_survives_a_huge_article(ledger, backend: str) -> None:
    store = ledger[0]
    words = " ".join(f"w{i % 5000}x{i}" for i in range(200_000))  # a tsvector over 1 MB unindexed
    huge = article(10, "2025-04-02", "Casualty ledger appendix. " + words, "Archive")
    store.write([(huge, [])], "web-test")
    assert {h.article_id for h in search(store, "appendix")} == {huge.id}
    if backend != "postgresql":
        return
    with store.engine.connect() as conn:
        conn.exec_driver_sql("SET enable_seqscan = off")
        for table in (claims, articles):
            stmt = select(table.c.id).where(text_filter(table, "ministry", "postgresql"))
            plan = "\n".join(r[0] for r in conn.execute(text("EXPLAIN " + str(stmt.compile(
                dialect=conn.dialect, compile_kwargs={"literal_binds": True})))))
            assert f"ix_{table.name}_search" in plan, plan


def test_export_streams_jsonl_and_csv_with_filters(client: TestClient) -> None:
    lines = client.get("/api/export", params={"kind": "troops_deployed"}).text.splitlines()
    assert sorted(json.loads(line)["value"] for line in lines) == [3000, 5000, 7000]
    rows = client.get("/api/export", params={"format": "csv"}).text.splitlines()
    assert rows[0].startswith("id,article_id,kind") and len(rows) == 5


def test_openapi_lists_every_endpoint(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/articles", "/api/claims", "/api/threads", "/api/sources", "/api/search",
                 "/api/export", "/api/claims/{claim_id}/accept", "/api/threads/{thread_id}/split"):
        assert path in paths
    assert "/api/claims" in client.get("/docs").text


# -- errors --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/articles/nope", 404), ("/api/claims/nope", 404), ("/api/threads/nope", 404),
        ("/api/claims?limit=0", 422), ("/api/claims?limit=501", 422), ("/api/claims?since=May", 422),
        ("/api/threads?after=garbage", 422), ("/api/search", 422), ("/api/export?format=xml", 422),
        ("/api/nothing", 404),
    ],
)
def test_bad_requests_get_clear_errors(client: TestClient, path: str, status: int) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert response.json()["detail"]


INJECTIONS = ["' OR '1'='1", "1; DROP TABLE claims; --", '" OR ""="', "%' --", "\\", "NULL", "𝕏" * 50]


@pytest.mark.parametrize("payload", INJECTIONS)
def test_sql_injection_strings_in_every_query_parameter_are_just_text(client: TestClient, payload: str) -> None:
    for param in ("actor", "origin", "place", "q", "article", "after"):
        response = client.get("/api/claims", params={param: payload})
        assert response.status_code == 200, (param, response.text)
    for param in ("actor", "place"):
        assert client.get("/api/threads", params={param: payload}).status_code == 200
    assert client.get("/api/articles", params={"q": payload, "after": payload}).status_code == 200
    assert client.get("/api/search", params={"q": payload}).status_code == 200
    assert client.get("/api/export", params={"origin": payload, "q": payload}).status_code == 200
    for path in ("/api/claims", "/api/threads", "/api/export"):  # a kind is one of the registry's names
        assert client.get(path, params={"kind": payload}).status_code == 422
    assert len(client.get("/api/claims").json()["items"]) == 4  # nothing dropped


def test_nul_characters_are_bad_requests_on_every_backend(client: TestClient, ledger, backend: str) -> None:
    """PostgreSQL cannot hold NUL in text: in a URL it is refused up front, in a body it is a 400."""
    for url in ("/api/claims?kind=%00", "/api/claims/%00", "/api/export?q=a%00b", "/search?q=%00"):
        response = client.get(url)
        assert response.status_code == 422 and "NUL" in response.text, url
    claim_id = troops_thread(client)["claims"][0]["id"]
    noted = client.post(f"/api/claims/{claim_id}/accept", json={"note": "a\x00b"}, headers=auth(ledger[2]))
    if backend == "postgresql":
        assert noted.status_code == 400 and "NUL" in noted.json()["detail"]
    else:
        assert noted.status_code == 200 and noted.json()["after"]["note"] == "a\x00b"


# -- writing ---------------------------------------------------------------------------------------


WRITES = [
    ("post", "/api/claims/{claim}/accept", {}),
    ("post", "/api/claims/{claim}/reject", {}),
    ("patch", "/api/claims/{claim}", {"changes": {"value": 1}}),
    ("post", "/api/threads/{thread}/merge", {"source": "x"}),
    ("post", "/api/threads/{thread}/split", {"claims": ["x"], "label": "y"}),
]


@pytest.mark.parametrize(("method", "path", "body"), WRITES)
def test_every_write_needs_a_valid_token(client: TestClient, method: str, path: str, body: dict) -> None:
    t = troops_thread(client)
    url = path.format(claim=t["claims"][0]["id"], thread=t["id"])
    assert client.request(method, url, json=body).status_code == 401
    assert client.request(method, url, json=body, headers=auth("wrong")).status_code == 401
    assert client.request(method, url, json=body, headers={"Authorization": "Basic abc"}).status_code == 401
    assert client.get("/api/audit").json()["items"] == []


def test_repeated_authentication_failures_are_refused_for_a_while(client: TestClient, ledger) -> None:
    claim_id = troops_thread(client)["claims"][0]["id"]
    url = f"/api/claims/{claim_id}/accept"
    codes = [client.post(url, headers=auth(f"guess{i}")).status_code for i in range(12)]
    assert codes[:10] == [401] * 10 and codes[10:] == [429, 429]
    # a token that verifies is served: one client's failures do not lock out the others behind
    # the same address (tests/test_auth.py)
    assert client.post(url, headers=auth(ledger[2])).status_code == 200


def test_accept_reject_and_edit_are_audited(client: TestClient, ledger) -> None:
    token = ledger[2]
    t = troops_thread(client)
    claim_id = next(c["id"] for c in t["claims"] if c["value"] == 5000)
    assert client.post(f"/api/claims/{claim_id}/reject", json={"note": "double count"}, headers=auth(token)).status_code == 200
    assert troops_summary(client)["claims"] == 2  # left out of the thread
    assert client.post(f"/api/claims/{claim_id}/accept", headers=auth(token)).status_code == 200
    assert troops_summary(client)["claims"] == 3  # and back
    edit = client.patch(f"/api/claims/{claim_id}", json={"changes": {"value": "4,500", "time": "2025-02"}},
                        headers=auth(token))
    assert edit.status_code == 200, edit.text
    assert edit.json()["before"] == {"value": 5000.0, "time": "2025-01"}
    body = client.get(f"/api/claims/{claim_id}").json()
    assert body["value"] == 4500 and body["time"] == "2025-02"
    assert body["review"] == {"status": "accepted", "edited": True}
    assert [a["action"] for a in body["audit"]] == ["edit", "accept", "reject"]
    assert {a["user"] for a in body["audit"]} == {"alice"}


@pytest.mark.parametrize(
    "changes",
    [{"kind": "troops_sent"}, {"span": [1, 2]}, {"value": "many"}, {"value": "-3"}, {"time": "last May"}, {"subject": ""},
     {"approx": "perhaps"}, {}],
)
def test_bad_edits_are_refused_and_change_nothing(client: TestClient, ledger, changes: dict) -> None:
    claim_id = troops_thread(client)["claims"][0]["id"]
    before = client.get(f"/api/claims/{claim_id}").json()
    response = client.patch(f"/api/claims/{claim_id}", json={"changes": changes}, headers=auth(ledger[2]))
    assert response.status_code == 422 and response.json()["detail"]
    assert client.get(f"/api/claims/{claim_id}").json() == before


def test_merge_and_split_threads(client: TestClient, ledger) -> None:
    token = ledger[2]
    troops = troops_thread(client)
    [killed] = client.get("/api/threads", params={"kind": "killed"}).json()["items"]
    moving = next(c["id"] for c in troops["claims"] if c["value"] == 7000)
    split = client.post(f"/api/threads/{troops['id']}/split", json={"claims": [moving], "label": "later"},
                        headers=auth(token))
    assert split.status_code == 200, split.text
    labels = {t["label"] for t in client.get("/api/threads").json()["items"]}
    assert "Northland · troops deployed · Southland [later]" in labels
    merged = client.post(f"/api/threads/{troops['id']}/merge", json={"source": killed["id"]}, headers=auth(token))
    assert merged.status_code == 200
    assert client.get(f"/api/threads/{killed['id']}").status_code == 404
    assert [a["action"] for a in client.get("/api/audit").json()["items"]] == ["merge", "split"]
    missing = client.post(f"/api/threads/{troops['id']}/merge", json={"source": "ffff"}, headers=auth(token))
    assert missing.status_code == 404
    self_merge = client.post(f"/api/threads/{troops['id']}/merge", json={"source": troops["id"]}, headers=auth(token))
    assert self_merge.status_code == 400


def test_unknown_claim_in_a_write_is_404(client: TestClient, ledger) -> None:
    assert client.post("/api/claims/nope/accept", headers=auth(ledger[2])).status_code == 404


# -- pages -----------------------------------------------------------------------------------------


def test_every_page_renders_with_a_strict_content_security_policy(client: TestClient, ledger) -> None:
    t = troops_thread(client)
    art = ledger[1]["one"]
    for path in ("/", "/claims", "/articles", "/sources", "/search?q=ministry", "/login", "/docs",
                 f"/threads/{t['id']}", f"/articles/{art.id}", f"/claims/{t['claims'][0]['id']}"):
        response = client.get(path)
        assert response.status_code == 200, path
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert "<script>" not in response.text  # only <script src=...>


def test_hostile_article_text_title_and_url_are_escaped(client: TestClient, ledger) -> None:
    page = client.get(f"/articles/{ledger[1]['hostile'].id}").text
    assert "<script>window" not in page and "<img src=x" not in page and "<svg onload" not in page
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page
    assert 'href="javascript:' not in page
    listing = client.get("/articles").text
    assert "&lt;script&gt;" in listing and "<script>window" not in listing
    search = client.get("/search", params={"q": "onerror"}).text
    assert "<img src=x" not in search and "<mark>onerror</mark>" in search


def login_csrf(client: TestClient) -> str:
    """The CSRF token of the sign-in form (the page also sets the pre-session cookie it is bound to)."""
    return client.get("/login").text.split('name="csrf" value="')[1].split('"')[0]


def test_the_login_form_needs_its_csrf_token(client: TestClient, ledger) -> None:
    """Another site cannot post the login form to sign a visitor in under the attacker's token."""
    token = ledger[2]
    assert client.post("/login", data={"token": token}).status_code == 403  # no pre-session cookie
    csrf = login_csrf(client)
    assert client.post("/login", data={"token": token}).status_code == 403  # cookie, no form token
    assert client.post("/login", data={"token": token, "csrf": "forged"}).status_code == 403
    other = TestClient(client.app)
    foreign = login_csrf(other)  # a token valid for someone else's pre-session cookie
    assert client.post("/login", data={"token": token, "csrf": foreign}).status_code == 403
    assert "claimledger_session" not in client.cookies
    done = client.post("/login", data={"token": token, "csrf": csrf}, follow_redirects=False)
    session = client.cookies.get("claimledger_session")
    assert done.status_code == 303 and session and session != token  # a session id, never the token
    assert "claimledger_login" not in client.cookies  # one use


def test_page_forms_need_a_session_and_a_csrf_token(client: TestClient, ledger) -> None:
    claim_id = troops_thread(client)["claims"][0]["id"]
    url = f"/claims/{claim_id}/review"
    assert client.post(url, data={"action": "accept"}).status_code == 401
    login = login_csrf(client)
    assert client.post("/login", data={"token": "wrong", "csrf": login}).status_code == 401
    signed_in = client.post("/login", data={"token": ledger[2], "csrf": login}, follow_redirects=False)
    assert signed_in.status_code == 303
    assert client.post(url, data={"action": "accept"}).status_code == 403  # no CSRF token
    assert client.post(url, data={"action": "accept", "csrf": "forged"}).status_code == 403
    page = client.get(f"/claims/{claim_id}").text
    csrf = page.split('name="csrf" value="')[1].split('"')[0]
    done = client.post(url, data={"action": "accept", "csrf": csrf}, follow_redirects=False)
    assert done.status_code == 303
    assert client.get(f"/api/claims/{claim_id}").json()["review"]["status"] == "accepted"
    edited = client.post(f"/claims/{claim_id}/edit", data={"csrf": csrf, "subject": "Northland troops",
                                                           "value": "3000", "unit": ""}, follow_redirects=False)
    assert edited.status_code == 303
    assert client.get(f"/api/claims/{claim_id}").json()["subject"] == "Northland troops"
    assert "Northland troops" in client.get(f"/claims/{claim_id}").text
