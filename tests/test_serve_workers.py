"""`claimledger serve --workers N`: several server processes over one ledger, sharing the CSRF
secret, so a form rendered by one worker is accepted by another."""

from __future__ import annotations

import pytest
from test_load import serve
from webledger import build

from claimledger.serve import ENVIRONMENT, app_from_environment
from claimledger.store import Store
from claimledger.review.users import add_user, create_token

import httpx


@pytest.mark.slow
def test_workers_share_the_csrf_secret(store: Store, db_url: str) -> None:
    build(store)
    add_user(store, "alice")
    token = create_token(store, "alice")
    store.close()
    child, base = serve(db_url, "--workers", "2")
    try:
        for _ in range(8):  # fresh connections: the kernel spreads them over the workers
            with httpx.Client(base_url=base, timeout=30) as first:
                page = first.get("/login")
                csrf = page.text.split('name="csrf" value="')[1].split('"')[0]
                cookies = dict(first.cookies)
            with httpx.Client(base_url=base, timeout=30, cookies=cookies) as second:
                signed_in = second.post("/login", data={"token": token, "csrf": csrf})
            assert signed_in.status_code == 303, signed_in.text
        with httpx.Client(base_url=base, timeout=30) as client:
            assert all(client.get("/api/threads").status_code == 200 for _ in range(10))
    finally:
        child.terminate()
        child.wait(timeout=30)


def test_a_worker_without_the_environment_from_serve_refuses_to_start(monkeypatch: pytest.MonkeyPatch) -> None:
    from claimledger.errors import ClaimledgerError

    monkeypatch.delenv(ENVIRONMENT["secret"], raising=False)
    monkeypatch.setenv(ENVIRONMENT["db"], "sqlite:///unused.db")
    with pytest.raises(ClaimledgerError, match="must be set"):
        app_from_environment()
