"""Short ids resolve everywhere: the eight characters the tables show open the page, the API
answers with the whole record, an ambiguous prefix says so, and only no match is a 404."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from claimledger.cli import app as cli
from claimledger.serve import create_app
from claimledger.store import Store


@pytest.fixture()
def site(store: Store) -> tuple[TestClient, Store]:
    from webledger import build

    build(store)
    return TestClient(create_app(store)), store


def _any(tables, what: str) -> str:  # type: ignore[no-untyped-def]
    for digit in "0123456789abcdef":
        found = tables.ids.starting_with(what, digit, limit=1)
        if found:
            return str(found[0])
    raise AssertionError(f"no {what}")


@pytest.mark.parametrize("what", ["claim", "thread"])
def test_a_short_prefix_opens_the_page_and_the_api_record(site: tuple[TestClient, Store], what: str) -> None:
    client, store = site
    with store.connect() as tables:
        full = _any(tables, what)
    short = full[:8]
    page = client.get(f"/{what}s/{short}", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == f"/{what}s/{full}"
    assert client.get(f"/{what}s/{short}").status_code == 200
    answer = client.get(f"/api/{what}s/{short}")
    assert answer.status_code == 200 and answer.json()["id"] == full


def test_an_ambiguous_prefix_is_a_clear_error_and_no_match_a_404(site: tuple[TestClient, Store]) -> None:
    client, _ = site
    # the web ledger's article ids are 000...001, 000...002, ...: "0000" starts all of them
    answer = client.get("/api/articles/0000")
    assert answer.status_code == 422 and "several article ids" in answer.json()["detail"]
    page = client.get("/articles/0000", headers={"accept": "text/html"})
    assert page.status_code == 422 and "give more characters" in page.text
    assert client.get("/api/articles/ffff").status_code == 404
    assert client.get("/api/claims/zz%25").status_code == 404  # LIKE wildcards match themselves
    assert client.get("/api/articles/" + "0" * 31 + "1").json()["id"] == "0" * 31 + "1"


def test_review_by_a_prefix_reviews_the_whole_claim(site: tuple[TestClient, Store]) -> None:
    from claimledger.review.users import add_user, create_token

    client, store = site
    add_user(store, "ana")
    token = create_token(store, "ana")
    with store.connect() as tables:
        full = _any(tables, "claim")
    answer = client.post(f"/api/claims/{full[:8]}/accept", headers={"authorization": f"Bearer {token}"})
    assert answer.status_code == 200, answer.text
    assert client.get(f"/api/claims/{full}").json()["review"]["status"] == "accepted"


def test_the_cli_resolves_a_prefix_and_names_an_ambiguous_one(site: tuple[TestClient, Store]) -> None:
    _, store = site
    db = store.url()
    with store.connect() as tables:
        full = _any(tables, "claim")
    done = CliRunner().invoke(cli, ["reject-claim", full[:8], "--db", db])
    assert done.exit_code == 0 and full in done.output, done.output
    from webledger import MINISTRY, article, claim

    text = " ".join(f"Officials said {n} soldiers were killed." for n in range(10, 40))
    crowded = article(9, "2025-03-01", text, "Many figures")
    store.write([(crowded, [claim(crowded, f"{n} soldiers", n, "killed", MINISTRY, "2025-02")
                            for n in range(10, 40)])], "t")
    with store.connect() as tables:
        shared = next(d for d in "0123456789abcdef" if len(tables.ids.starting_with("claim", d)) > 1)
    several = CliRunner().invoke(cli, ["reject-claim", shared, "--db", db])
    assert several.exit_code == 2 and "give more characters" in several.output
    none = CliRunner().invoke(cli, ["reject-claim", "zzzz", "--db", db])
    assert none.exit_code == 2 and "no single claim" in none.output
