"""Issue 15, failures 6 and 8: who the server believes a client is, and who may do what.

- The failure limit cannot be dodged with X-Forwarded-For: `claimledger serve` trusts proxy
  headers only from `--forwarded-allow-ips` (a real uvicorn server on loopback, started with the
  options the command passes); and one client's failures do not lock out the others behind its
  address.
- The session cookie is a server-side session id, not the token: it expires, signing out and
  revoking the token end it; `claimledger tokens list/revoke`.
- Roles: each write route refuses a viewer, the claim and thread routes take a reviewer, the user
  and token routes only an admin; users who predate roles are admins.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
from browsing import served
from fastapi.testclient import TestClient
from sqlalchemy import column, create_engine, func, insert, select, table
from typer.testing import CliRunner
from webledger import build

from claimledger.cli import app as cli
from claimledger.errors import UsageError
from claimledger.review.users import (
    add_user,
    create_token,
    digest,
    identity_for_session,
    identity_for_token,
    list_tokens,
    start_session,
    user_roles,
)
from claimledger.serve import create_app
from claimledger.serve.proxies import proxy_options
from claimledger.store import Store, migrate, open_store
from claimledger.store.schema import sessions


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# -- 6: the address the failure limit counts --------------------------------------------------------


@contextmanager
def running(store: Store, forwarded_allow_ips: str) -> Iterator[str]:
    """The application under uvicorn on a free loopback port, with `serve`'s proxy options."""
    with served(create_app(store), **proxy_options(forwarded_allow_ips)) as url:
        yield url


def _guesses(base: str, url: str, n: int) -> list[int]:
    with httpx.Client(base_url=base, timeout=30) as client:
        return [client.post(url, headers=bearer(f"guess{i}") | {"X-Forwarded-For": f"203.0.113.{i}"}).status_code
                for i in range(n)]


def test_x_forwarded_for_does_not_reset_the_failure_limit_by_default(store: Store) -> None:
    """Before: uvicorn believed X-Forwarded-For from 127.0.0.1, so each guess came from a new address."""
    build(store)
    with running(store, "") as base:
        codes = _guesses(base, "/api/claims/x/accept", 12)
    assert codes[:10] == [401] * 10 and codes[10:] == [429, 429]


def test_a_trusted_proxy_gives_the_clients_address(store: Store) -> None:
    build(store)
    with running(store, "127.0.0.1") as base:
        codes = _guesses(base, "/api/claims/x/accept", 12)
    assert codes == [401] * 12  # twelve clients behind the proxy, one failure each


def test_the_proxy_option_names_addresses_or_networks() -> None:
    assert proxy_options("") == {"proxy_headers": False, "forwarded_allow_ips": ""}
    assert proxy_options(" 10.0.0.1, 192.168.0.0/16 ") == {"proxy_headers": True,
                                                          "forwarded_allow_ips": "10.0.0.1,192.168.0.0/16"}
    with pytest.raises(UsageError):
        proxy_options("10.0.0.1,proxy.example")
    refused = CliRunner().invoke(cli, ["serve", "--forwarded-allow-ips", "proxy.example", "--port", "1"])
    assert refused.exit_code == 2 and "not an IP address" in refused.output


def test_one_clients_failures_do_not_lock_out_the_others_behind_its_address(store: Store) -> None:
    arts = build(store)
    add_user(store, "alice")
    token = create_token(store, "alice")
    client = TestClient(create_app(store))
    [claim] = client.get("/api/claims", params={"article": arts["one"].id}).json()["items"]
    url = f"/api/claims/{claim['id']}/accept"
    signed_in = TestClient(client.app)
    _sign_in(signed_in, token)
    codes = [client.post(url, headers=bearer(f"guess{i}")).status_code for i in range(12)]
    assert codes[10:] == [429, 429]  # the guesser is held off ...
    assert client.post(url, headers=bearer(token)).status_code == 200  # ... a script with its token is not
    csrf = _csrf(signed_in, f"/claims/{claim['id']}")
    done = signed_in.post(f"/claims/{claim['id']}/review", data={"action": "accept", "csrf": csrf}, follow_redirects=False)
    assert done.status_code == 303  # nor a person signed in from the same address
    assert client.post("/login", data={"token": "guess", "csrf": _login_csrf(client)}).status_code == 429


# -- 8: sessions and tokens -----------------------------------------------------------------------


def _login_csrf(client: TestClient) -> str:
    return client.get("/login").text.split('name="csrf" value="')[1].split('"')[0]


def _csrf(client: TestClient, page: str) -> str:
    return client.get(page).text.split('name="csrf" value="')[1].split('"')[0]


def _sign_in(client: TestClient, token: str) -> str:
    done = client.post("/login", data={"token": token, "csrf": _login_csrf(client)}, follow_redirects=False)
    assert done.status_code == 303, done.text
    return str(client.cookies.get("claimledger_session"))


def test_the_cookie_is_a_session_that_sign_out_revokes(store: Store) -> None:
    """Before: the cookie was the raw token, and signing out left it valid."""
    build(store)
    add_user(store, "alice")
    token = create_token(store, "alice")
    client = TestClient(create_app(store))
    session = _sign_in(client, token)
    assert session != token and token not in str(client.cookies)
    with store.connect() as tables:
        kept = list(tables.conn.scalars(select(sessions.c.digest)))
    assert len(kept) == 1 and session not in kept  # only its digest is stored
    csrf = _csrf(client, "/")
    assert client.post("/logout", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    replay = TestClient(client.app, cookies={"claimledger_session": session})
    claim_id = replay.get("/api/claims").json()["items"][0]["id"]
    replayed = replay.post(f"/claims/{claim_id}/review", data={"action": "accept", "csrf": csrf})
    assert replayed.status_code == 401  # the old cookie signs nothing
    assert identity_for_session(store, session) is None
    assert identity_for_token(store, token) is not None  # the token itself still works for scripts


def test_sessions_expire(store: Store) -> None:
    add_user(store, "alice")
    token = create_token(store, "alice")
    started = start_session(store, token)
    assert started is not None and identity_for_session(store, started[0]) == started[1]
    ended = start_session(store, token, lifetime=dt.timedelta(seconds=-1))
    assert ended is not None and identity_for_session(store, ended[0]) is None
    start_session(store, token)
    with store.connect() as tables:  # the next sign-in forgets expired sessions
        assert tables.conn.scalar(select(func.count()).select_from(sessions)) == 2
    assert start_session(store, "not a token") is None


def test_revoking_a_token_ends_it_and_its_sessions_from_the_command_line(store: Store, db_url: str) -> None:
    build(store)
    add_user(store, "alice")
    token = create_token(store, "alice")
    other = create_token(store, "alice")
    client = TestClient(create_app(store))
    session = _sign_in(client, token)
    runner = CliRunner()
    listed = runner.invoke(cli, ["tokens", "list", "--db", db_url])
    assert listed.exit_code == 0 and token not in listed.output and other not in listed.output
    ids = {t.id for t in list_tokens(store)}
    assert len(ids) == 2 and all(i in listed.output for i in ids) and listed.output.count("active") == 2
    revoked = runner.invoke(cli, ["tokens", "revoke", digest(token)[:8], "--db", db_url])
    assert revoked.exit_code == 0, revoked.output
    assert identity_for_token(store, token) is None and identity_for_session(store, session) is None
    assert identity_for_token(store, other) is not None
    claim_id = client.get("/api/claims").json()["items"][0]["id"]
    assert client.post(f"/api/claims/{claim_id}/accept", headers=bearer(token)).status_code == 401
    assert "revoked" in runner.invoke(cli, ["tokens", "list", "--db", db_url]).output
    assert runner.invoke(cli, ["tokens", "revoke", "zz", "--db", db_url]).exit_code == 2
    assert runner.invoke(cli, ["tokens", "revoke", "0" * 12, "--db", db_url]).exit_code == 2


# -- 8: roles -------------------------------------------------------------------------------------


REVIEW_WRITES = [
    ("post", "/api/claims/{claim}/accept", {}),
    ("post", "/api/claims/{claim}/reject", {}),
    ("patch", "/api/claims/{claim}", {"changes": {"value": 3100}}),
    ("post", "/api/threads/{thread}/merge", {"source": "{other}"}),
    ("post", "/api/threads/{thread}/split", {"claims": ["{claim}"], "label": "apart"}),
]
ADMIN_WRITES = [
    ("post", "/api/users", {"name": "carol", "role": "viewer"}),
    ("put", "/api/users/alice/role", {"role": "reviewer"}),
    ("post", "/api/tokens", {"user": "alice"}),
    ("post", "/api/tokens/{token_id}/revoke", {}),
    ("get", "/api/tokens", None),
    ("get", "/api/users", None),
]


@pytest.fixture()
def people(store: Store) -> tuple[TestClient, dict[str, str], dict[str, str]]:
    """A client and a token for each role, and the ids the routes need."""
    build(store)
    tokens = {}
    for name, role in (("vera", "viewer"), ("rita", "reviewer"), ("adam", "admin")):
        add_user(store, name, role)
        tokens[role] = create_token(store, name)
    add_user(store, "alice")
    spare = create_token(store, "alice")
    client = TestClient(create_app(store))
    threads = client.get("/api/threads").json()["items"]
    troops = next(t for t in threads if t["kind"] == "troops_deployed")
    killed = next(t for t in threads if t["kind"] == "killed")
    ids = {"claim": client.get(f"/api/threads/{troops['id']}").json()["claims"][0]["id"], "thread": troops["id"],
           "other": killed["id"], "token_id": next(t.id for t in list_tokens(store, "alice")), "spare": spare}
    return client, tokens, ids


def _call(client: TestClient, token: str, method: str, path: str, body: dict | None, ids: dict[str, str]) -> int:
    url = path.format(**ids)
    payload = None if body is None else {k: (v.format(**ids) if isinstance(v, str) else
                                             [x.format(**ids) for x in v] if isinstance(v, list) else v)
                                         for k, v in body.items()}
    return client.request(method, url, json=payload, headers=bearer(token)).status_code


@pytest.mark.parametrize(("method", "path", "body"), REVIEW_WRITES)
def test_claim_and_thread_writes_refuse_a_viewer_and_take_a_reviewer(people, method, path, body) -> None:
    client, tokens, ids = people
    assert _call(client, tokens["viewer"], method, path, body, ids) == 403
    assert client.get("/api/audit").json()["items"] == []
    assert _call(client, tokens["reviewer"], method, path, body, ids) == 200


@pytest.mark.parametrize(("method", "path", "body"), ADMIN_WRITES)
def test_user_and_token_routes_take_only_an_admin(people, method, path, body) -> None:
    client, tokens, ids = people
    assert _call(client, tokens["viewer"], method, path, body, ids) == 403
    assert _call(client, tokens["reviewer"], method, path, body, ids) == 403
    assert _call(client, tokens["admin"], method, path, body, ids) in (200, 201)


def test_admins_manage_users_and_tokens_through_the_api(people, store: Store) -> None:
    client, tokens, ids = people
    admin = bearer(tokens["admin"])
    assert client.post("/api/users", json={"name": "carol", "role": "viewer"}, headers=admin).status_code == 201
    made = client.post("/api/tokens", json={"user": "carol"}, headers=admin).json()
    assert identity_for_token(store, made["token"]).role == "viewer"  # type: ignore[union-attr]
    listed = client.get("/api/tokens", headers=admin).json()["items"]
    assert made["id"] in {t["id"] for t in listed} and made["token"] not in str(listed)
    assert client.put("/api/users/carol/role", json={"role": "reviewer"}, headers=admin).status_code == 200
    assert _call(client, made["token"], "post", "/api/claims/{claim}/accept", {}, ids) == 200  # at once
    assert client.post(f"/api/tokens/{made['id']}/revoke", headers=admin).status_code == 200
    assert _call(client, made["token"], "post", "/api/claims/{claim}/accept", {}, ids) == 401
    assert client.post("/api/users", json={"name": "carol"}, headers=admin).status_code == 400  # taken


def test_a_signed_in_viewer_sees_no_review_forms_and_cannot_post_them(people) -> None:
    client, tokens, ids = people
    _sign_in(client, tokens["viewer"])
    page = client.get(f"/claims/{ids['claim']}").text
    assert 'id="edit-form"' not in page and "Signed in as a viewer" in page
    csrf = _csrf(client, "/")
    posted = client.post(f"/claims/{ids['claim']}/review", data={"action": "accept", "csrf": csrf})
    assert posted.status_code == 403


def test_users_from_before_roles_become_admins(db_url: str) -> None:
    engine = create_engine(db_url)
    migrate(engine, "0006")
    with engine.begin() as conn:
        conn.execute(insert(table("users", column("name"), column("created_at"))),
                     [{"name": "olduser", "created_at": dt.datetime(2025, 1, 1, tzinfo=dt.UTC)}])
    engine.dispose()
    store = open_store(db_url)
    try:
        add_user(store, "newcomer")
        assert user_roles(store) == {"newcomer": "reviewer", "olduser": "admin"}
    finally:
        store.close()
