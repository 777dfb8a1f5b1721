"""Lists by date: claims by claim time and articles by publication date, newest or oldest first
(undated last), paged by key without losing or repeating a row; the order is a choice."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from claimledger.cli import app as cli
from claimledger.serve import create_app
from claimledger.store import Store


@pytest.fixture()
def client(store: Store) -> TestClient:
    from webledger import MINISTRY, article, build, claim

    build(store)
    # undated claims and an article of its own: the order must keep them, last
    text = "Officials said 11 soldiers were killed. Officials said 12 soldiers were killed."
    extra = article(7, "2023-01-05", text, "Undated figures")
    store.write([(extra, [claim(extra, f"{n} soldiers", n, "killed", MINISTRY, None) for n in (11, 12)])], "t")
    return TestClient(create_app(store))


def _all(client: TestClient, path: str, **params: object) -> list[dict]:
    items: list[dict] = []
    after = None
    while True:
        answer = client.get(path, params={**params, "limit": 2, **({"after": after} if after else {})})
        assert answer.status_code == 200, answer.text
        page = answer.json()
        items += page["items"]
        after = page["next"]
        if after is None:
            return items


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_claims_page_by_claim_time_without_losing_a_row(client: TestClient, sort: str) -> None:
    by_id = _all(client, "/api/claims", sort="id")
    found = _all(client, "/api/claims", sort=sort)
    assert sorted(c["id"] for c in found) == sorted(c["id"] for c in by_id)
    dated = [c["time"] for c in found if c["time"]]
    assert dated == sorted(dated, reverse=sort == "newest")
    assert not any(c["time"] for c in found[len(dated):]), "undated claims come last"


def test_the_pages_list_newest_first_by_default_and_the_api_by_id(client: TestClient) -> None:
    by_id = [c["id"] for c in _all(client, "/api/claims")]
    assert by_id == sorted(by_id)  # scripts paging by id keep working
    published = [a["published"] for a in _all(client, "/api/articles", sort="newest")]
    assert published == sorted(published, reverse=True)
    oldest = [a["published"] for a in _all(client, "/api/articles", sort="oldest")]
    assert oldest == sorted(oldest)
    page = client.get("/articles").text
    shown = [line for line in page.splitlines() if line.startswith("<tr><td><a href=\"/articles/")]
    first_dates = [d for d in published]
    assert len(shown) == len(first_dates) and first_dates[0] in shown[0]
    claims = client.get("/claims").text
    assert '<option value="newest" selected>' in claims


def test_a_cursor_of_another_order_is_a_bad_query(client: TestClient) -> None:
    assert client.get("/api/claims", params={"sort": "newest", "after": "nonsense"}).status_code == 422
    assert client.get("/api/articles", params={"sort": "oldest", "after": "not-a-date|x"}).status_code == 422
    assert client.get("/api/claims", params={"sort": "sideways"}).status_code == 422


def test_the_claims_page_offers_the_order_and_keeps_it_on_the_next_page(client: TestClient) -> None:
    page = client.get("/claims", params={"sort": "oldest"})
    assert page.status_code == 200
    assert '<option value="oldest" selected>' in page.text


def test_the_cli_lists_claims_newest_first_or_as_asked(client: TestClient, store: Store) -> None:
    import json

    db = store.url()
    newest = CliRunner().invoke(cli, ["claims", "--format", "jsonl", "--db", db]).output
    times = [json.loads(line)["time"] for line in newest.splitlines()]
    dated = [t for t in times if t]
    assert dated == sorted(dated, reverse=True) and not any(times[len(dated):])
    oldest = CliRunner().invoke(cli, ["claims", "--format", "jsonl", "--sort", "oldest", "--db", db]).output
    assert [t for t in (json.loads(line)["time"] for line in oldest.splitlines()) if t] == sorted(dated)
