"""The map's data: claims with coordinates gathered by place, with their kinds, actors, time span
and threads, filtered as the claims list is, each place linking to exactly its claims."""

from __future__ import annotations

import json
from importlib import resources

import pytest
from fastapi.testclient import TestClient

from claimledger.serve import create_app
from claimledger.store import Store


@pytest.fixture()
def client(store: Store) -> TestClient:
    import dataclasses

    from webledger import MINISTRY, MONITOR, article, build, claim

    from claimledger.model import Location, Place
    from claimledger.reconcile import reconcile

    build(store)  # its claims have a place but no coordinates: they stay off the map
    port = Location("the port", Place("Port Town", "SL", "Southland", 10.5, 20.25))
    hills = Location("the hills", Place("Hill Town", "SL", "Southland", 12.0, 22.0))
    text = ("Officials said 30 soldiers were killed in the port. Monitors said 35 soldiers were killed there. "
            "Officials said 500 soldiers were sent to the hills.")
    extra = article(8, "2025-04-02", text, "Port and hills")
    found = [
        dataclasses.replace(claim(extra, "30 soldiers", 30, "killed", MINISTRY, "2025-03"), location=port),
        dataclasses.replace(claim(extra, "35 soldiers", 35, "killed", MONITOR, "2025-03"), location=port),
        dataclasses.replace(claim(extra, "500 soldiers", 500, "troops_deployed", MINISTRY, "2025-03-30"),
                            location=hills),
    ]
    store.write([(extra, found)], "t")
    reconcile(store)
    return TestClient(create_app(store))


def test_places_gather_the_claims_with_their_kinds_threads_and_links(client: TestClient) -> None:
    places = client.get("/api/map").json()["places"]
    assert places, "the web ledger's claims are placed"
    placed = sum(p["claims"] for p in places)
    every = client.get("/api/claims", params={"limit": 500}).json()["items"]
    assert placed == sum(1 for c in every if c["place"] and c["place"]["lat"] is not None)
    for p in places:
        assert sum(p["kinds"].values()) == p["claims"] and p["kind"] in p["kinds"]
        assert p["url"].startswith("/claims?place=")
        listed = client.get(p["url"].replace("/claims", "/api/claims", 1) + "&limit=500").json()["items"]
        assert len(listed) == p["claims"]
    assert any(t["url"].startswith("/threads/") for p in places for t in p["threads"])


def test_filters_narrow_the_places_and_carry_into_the_links(client: TestClient) -> None:
    killed = client.get("/api/map", params={"kind": "killed"}).json()["places"]
    assert killed and all(set(p["kinds"]) == {"killed"} for p in killed)
    assert all("kind=killed" in p["url"] for p in killed)
    later = client.get("/api/map", params={"since": "2099"}).json()["places"]
    assert later == []
    assert client.get("/api/map", params={"since": "soon"}).status_code == 422
    assert client.get("/api/map", params={"kind": "nonsense"}).status_code == 422


def test_the_page_lists_the_places_and_is_linked_from_the_nav(client: TestClient) -> None:
    page = client.get("/map")
    assert page.status_code == 200 and 'href="/map"' in page.text
    places = client.get("/api/map").json()["places"]
    assert page.text.count("<tr data-place=") == len(places)
    assert 'src="/static/map.js"' in page.text


def test_the_vendored_outlines_are_plain_paths_in_the_maps_frame() -> None:
    path = resources.files("claimledger.serve") / "static" / "world-110m.json"
    outlines = json.loads(path.read_text(encoding="utf-8"))
    assert outlines["frame"]["width"] == 360 and len(outlines["countries"]) > 150
    names = {c["name"] for c in outlines["countries"]}
    assert {"Russia", "Ukraine", "Sudan", "South Korea"} <= names
    assert all(c["d"].startswith("M") and c["d"].endswith("Z") for c in outlines["countries"])
