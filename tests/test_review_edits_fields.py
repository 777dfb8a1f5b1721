"""Issue 14: review corrects the fields threads are made of (kind, actor, origin, place), and the
claim moves to the thread where it belongs, in the library, the API and the claim page's form."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from fastapi.testclient import TestClient
from webledger import build

from claimledger.kinds import KINDS
from claimledger.model import Thread
from claimledger.reconcile import reconcile, threads
from claimledger.review import ReviewError, audit_entries, edit_claim, reapply_edits
from claimledger.review.users import add_user, create_token
from claimledger.serve import create_app
from claimledger.store import ClaimFilter, Store


def _claim_id(store: Store, arts: dict, name: str) -> str:
    [claim] = store.claims(ClaimFilter(article_id=arts[name].id))
    return claim.id


def _thread_of(store: Store, claim_id: str) -> Thread:
    [found] = [t for t in threads(store) if claim_id in {c.claim_id for c in t.claims}]
    return found


def _shape(store: Store) -> set[tuple[Any, ...]]:
    """The threads as reconciliation makes them: members, origins and estimates (not ids)."""
    return {(t.kind, t.actor, t.country, frozenset(c.claim_id for c in t.claims),
             frozenset((c.claim_id, c.origin) for c in t.claims),
             tuple((e.as_of, e.low, e.best, e.high, e.origins) for e in t.estimates)) for t in threads(store)}


def _as_a_rebuild_makes_them(store: Store) -> None:
    """The edit's own incremental re-threading left the threads a full rebuild would make."""
    after_edit = _shape(store)
    reconcile(store)
    assert _shape(store) == after_edit


@pytest.fixture()
def web(store: Store) -> tuple[TestClient, dict[str, str], dict]:
    arts = build(store)
    add_user(store, "alice")  # a reviewer
    return TestClient(create_app(store)), {"Authorization": f"Bearer {create_token(store, 'alice')}"}, arts


def _sign_in(client: TestClient, auth: dict[str, str]) -> None:
    login = client.get("/login").text.split('name="csrf" value="')[1].split('"')[0]
    token = auth["Authorization"].split()[1]
    assert client.post("/login", data={"token": token, "csrf": login}, follow_redirects=False).status_code == 303


def _form(client: TestClient, claim_id: str) -> dict[str, str]:
    """What the claim page's edit form sends unchanged: every field as it is shown."""
    page = client.get(f"/claims/{claim_id}").text
    form = page.split('id="edit-form"')[1].split("</form>")[0]
    sent: dict[str, str] = {}
    for part in form.split("<input")[1:]:
        name = part.split('name="')[1].split('"')[0]
        if 'type="checkbox"' in part:
            if " checked" in part:
                sent[name] = "on"
            continue
        sent[name] = part.split('value="')[1].split('"')[0] if 'value="' in part else ""
    for part in form.split('<select name="')[1:]:
        name, options = part.split('"', 1)
        sent[name] = options.split(" selected")[0].rsplit('value="', 1)[1].split('"')[0]
    return sent


def test_a_kind_edit_through_the_api_moves_the_claim_and_keeps_its_id(web) -> None:
    client, auth, arts = web
    store = client.app.state.store  # type: ignore[attr-defined]
    moved, dead = _claim_id(store, arts, "three"), _claim_id(store, arts, "hostile")
    troops = _thread_of(store, moved)
    assert troops.kind == "troops_deployed" and troops.estimates[-1].as_of == "2025-03"
    response = client.patch(f"/api/claims/{moved}", json={"changes": {"kind": "killed"}}, headers=auth)
    assert response.status_code == 200, response.text
    assert response.json()["before"] == {"kind": "troops_deployed"} and response.json()["after"] == {"kind": "killed"}
    shown = client.get(f"/api/claims/{moved}")
    assert shown.status_code == 200 and shown.json()["id"] == moved and shown.json()["kind"] == "killed"
    killed = _thread_of(store, moved)
    assert killed.kind == "killed" and dead in {c.claim_id for c in killed.claims}
    left = _thread_of(store, _claim_id(store, arts, "one"))
    assert moved not in {c.claim_id for c in left.claims}
    assert [e.as_of for e in left.estimates] == ["2025-01"]  # the 7,000 of March no longer counts
    assert any(moved in e.claims for e in killed.estimates)
    thread_page = client.get(f"/api/threads/{killed.id}").json()
    assert moved in {c["id"] for c in thread_page["claims"]}
    _as_a_rebuild_makes_them(store)


def test_an_actor_edit_through_the_form_moves_the_claim_to_that_actors_thread(web) -> None:
    client, auth, arts = web
    store = client.app.state.store  # type: ignore[attr-defined]
    claim_id = _claim_id(store, arts, "two")
    _sign_in(client, auth)
    form = _form(client, claim_id)
    assert form["actor"] == "Northland" and form["kind"] == "troops_deployed" and form["version"] == "0"
    assert form["modality"] == "asserted"
    sent = client.post(f"/claims/{claim_id}/edit", data=form | {"actor": "North Korean"}, follow_redirects=False)
    assert sent.status_code == 303, sent.text
    [claim] = store.claims_by_id([claim_id])
    assert claim.actor is not None and (claim.actor.id, claim.actor.name) == ("state:KP", "North Korea")
    thread = _thread_of(store, claim_id)
    assert (thread.actor_id, thread.kind) == ("state:KP", "troops_deployed")
    assert [c.claim_id for c in thread.claims] == [claim_id] and thread.estimates[-1].best == 5000
    northland = _thread_of(store, _claim_id(store, arts, "one"))
    assert claim_id not in {c.claim_id for c in northland.claims}
    assert all("Border Monitoring Group" not in e.origins for e in northland.estimates)
    [entry] = audit_entries(store, [claim_id])
    assert entry.before["actor"] == "Northland" and entry.after["actor"] == "North Korea"
    assert entry.before["resolved"]["actor_id"] == "state:NL" and entry.after["resolved"]["actor_id"] == "state:KP"
    assert "North Korea" in client.get(f"/claims/{claim_id}").text
    assert f"/claims/{claim_id}" in client.get(f"/threads/{thread.id}").text  # the thread pages show the move
    assert f"/claims/{claim_id}" not in client.get(f"/threads/{northland.id}").text
    _as_a_rebuild_makes_them(store)


def test_an_origin_edit_re_resolves_its_actor_and_changes_the_independent_origins(web) -> None:
    client, auth, arts = web
    store = client.app.state.store  # type: ignore[attr-defined]
    claim_id = _claim_id(store, arts, "two")
    before = _thread_of(store, claim_id)
    assert "Border Monitoring Group" in before.estimates[0].origins
    response = client.patch(f"/api/claims/{claim_id}", json={"changes": {"origin": "South Korea's spy agency"}},
                            headers=auth)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["before"]["origin"] == "Border Monitoring Group" and body["after"]["origin"] == "South Korea's spy agency"
    assert body["before"]["resolved"]["origin_actor_id"] == "org:bmg"
    assert body["after"]["resolved"]["origin_actor_id"] == "org:nis-kr"
    assert client.get(f"/api/claims/{claim_id}").json()["origin"] == "South Korea's spy agency"
    after = _thread_of(store, claim_id)
    [member] = [c for c in after.claims if c.claim_id == claim_id]
    assert member.origin != "Border Monitoring Group"
    assert all("Border Monitoring Group" not in e.origins for e in after.estimates)
    _as_a_rebuild_makes_them(store)


def test_a_place_edit_re_resolves_the_place_and_its_coordinates(web) -> None:
    client, auth, arts = web
    store = client.app.state.store  # type: ignore[attr-defined]
    claim_id = _claim_id(store, arts, "one")
    response = client.patch(f"/api/claims/{claim_id}", json={"changes": {"location": "Kursk region"}}, headers=auth)
    assert response.status_code == 200, response.text
    place = client.get(f"/api/claims/{claim_id}").json()["place"]
    assert (place["name"], place["country"]) == ("Kursk Oblast", "RU")
    assert place["lat"] is not None and place["lon"] is not None
    assert response.json()["after"]["resolved"]["place_country"] == "RU"
    assert response.json()["before"]["resolved"]["place_country"] == "SL"
    assert _thread_of(store, claim_id).country == "RU"
    _as_a_rebuild_makes_them(store)


def test_a_modality_edit_through_the_form_is_kept_and_audited(web) -> None:
    client, auth, arts = web
    store = client.app.state.store  # type: ignore[attr-defined]
    claim_id = _claim_id(store, arts, "three")
    _sign_in(client, auth)
    sent = client.post(f"/claims/{claim_id}/edit", data=_form(client, claim_id) | {"modality": "forecast"},
                       follow_redirects=False)
    assert sent.status_code == 303, sent.text
    assert client.get(f"/api/claims/{claim_id}").json()["modality"] == "forecast"
    [entry] = audit_entries(store, [claim_id])
    assert (entry.before, entry.after) == ({"modality": "asserted"}, {"modality": "forecast"})
    _as_a_rebuild_makes_them(store)


BAD = [
    ({"kind": "troops_sent"}, "not a kind"),
    ({"modality": "rumoured"}, "not one of"),
    ({"modality": ""}, "cannot be empty"),
    ({"kind": ""}, "cannot be empty"),
    ({"actor": "Atlantis Liberation Army of Nowhere"}, "knowledge base"),
    ({"kind": "killed\x00"}, "control character"),
]


@pytest.mark.parametrize(("changes", "reason"), BAD)
def test_a_kind_or_actor_it_cannot_resolve_is_422_and_changes_nothing(web, changes: dict, reason: str) -> None:
    client, auth, arts = web
    claim_id = _claim_id(client.app.state.store, arts, "one")  # type: ignore[attr-defined]
    before = client.get(f"/api/claims/{claim_id}").json()
    response = client.patch(f"/api/claims/{claim_id}", json={"changes": changes}, headers=auth)
    assert response.status_code == 422, response.text
    assert reason in response.json()["detail"]
    assert client.get(f"/api/claims/{claim_id}").json() == before


def test_the_form_offers_the_kinds_by_their_labels(web) -> None:
    client, auth, arts = web
    _sign_in(client, auth)
    page = client.get(f"/claims/{_claim_id(client.app.state.store, arts, 'one')}").text  # type: ignore[attr-defined]
    for kind in KINDS:
        assert f'<option value="{kind.name}"' in page and kind.label in page
    assert '<option value="troops_deployed" selected>' in page


def test_kind_actor_origin_and_place_edits_outlive_re_extraction(store: Store) -> None:
    arts = build(store)
    [extracted] = store.claims(ClaimFilter(article_id=arts["three"].id))
    edit_claim(store, extracted.id, {"kind": "killed", "actor": "state:KP", "origin": "National Intelligence Service",
                                     "location": "Kursk region", "modality": "possible"}, "alice")
    # the extractor reads the article again and gives the claim as it first did
    store.replace_claims(arts["three"].id, [dataclasses.replace(extracted, extractor_version="t2")], "t2")
    [plain] = store.claims(ClaimFilter(article_id=arts["three"].id))
    assert (plain.kind, plain.actor) == ("troops_deployed", extracted.actor)
    assert reapply_edits(store, [arts["three"].id]) == 1
    reconcile(store, [arts["three"].id])
    [now] = store.claims(ClaimFilter(article_id=arts["three"].id))
    assert now.id == extracted.id and now.kind == "killed" and now.actor is not None and now.actor.id == "state:KP"
    assert now.origin == "National Intelligence Service" and now.modality == "possible"
    assert now.attribution is not None and now.attribution.origin_actor is not None
    assert now.attribution.origin_actor.id == "org:nis-kr"
    assert now.location is not None and now.location.place is not None and now.location.place.country == "RU"
    thread = _thread_of(store, now.id)
    assert (thread.kind, thread.actor_id, thread.country) == ("killed", "state:KP", "RU")
    _as_a_rebuild_makes_them(store)


def test_a_second_kind_edit_keeps_the_extracted_identity(store: Store) -> None:
    arts = build(store)
    claim_id = _claim_id(store, arts, "one")
    edit_claim(store, claim_id, {"kind": "reinforcements"}, "alice")
    edit_claim(store, claim_id, {"kind": "withdrawn"}, "bob")
    [claim] = store.claims_by_id([claim_id])
    assert (claim.id, claim.kind, claim.kind_extracted) == (claim_id, "withdrawn", "troops_deployed")
    with pytest.raises(ReviewError, match="already has"):
        edit_claim(store, claim_id, {"kind": "withdrawn"}, "carol")


def test_a_kind_outside_threads_or_a_cleared_actor_re_threads_too(store: Store) -> None:
    arts = build(store)
    statement, plain = _claim_id(store, arts, "three"), _claim_id(store, arts, "two")
    edit_claim(store, statement, {"kind": "statement"}, "alice")  # statements are not threaded
    assert all(statement not in {c.claim_id for c in t.claims} for t in threads(store))
    edit_claim(store, plain, {"actor": ""}, "alice")  # no actor: the thread of its subject's words
    [claim] = store.claims_by_id([plain])
    assert claim.actor is None
    assert _thread_of(store, plain).actor_id is None
    _as_a_rebuild_makes_them(store)
