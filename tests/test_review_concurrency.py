"""Issue 15, failures 3 and 7: review under concurrent edits (optimistic concurrency: a version
per claim, If-Match, 409 on a stale edit, the audit's "before" read in the edit's transaction),
and edits checked against the claim's definition (422 with the reason)."""

from __future__ import annotations

import threading

import pytest
from fastapi.testclient import TestClient
from webledger import build

from claimledger.model import MAX_FIGURE
from claimledger.review import StaleEdit, audit_entries, claim_version, edit_claim
from claimledger.review.edits import FIELDS
from claimledger.review.users import add_user, create_token
from claimledger.serve import create_app
from claimledger.store import ClaimFilter, Store

REVIEWERS = 6


def _claim_of(store: Store, arts: dict, name: str = "one") -> str:
    [claim] = store.claims(ClaimFilter(article_id=arts[name].id))
    return claim.id


def _race(store: Store, claim_id: str, retry: bool) -> list[tuple[int, str]]:
    """REVIEWERS threads edit the claim's value at once, each from the version it read; with
    `retry`, one refused as stale reads again and retries. Returns (reviewer, outcome) pairs."""
    start = threading.Barrier(REVIEWERS)
    outcomes: list[tuple[int, str]] = []

    def reviewer(i: int) -> None:
        version = claim_version(store, claim_id)
        start.wait()
        while True:
            try:
                edit_claim(store, claim_id, {"value": str(1000 + i)}, f"reviewer{i}", version=version)
                outcomes.append((i, "edited"))
                return
            except StaleEdit:
                if not retry:
                    outcomes.append((i, "stale"))
                    return
                version = claim_version(store, claim_id)

    threads = [threading.Thread(target=reviewer, args=(i,)) for i in range(REVIEWERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return outcomes


def _edits(store: Store, claim_id: str) -> list:
    return sorted((e for e in audit_entries(store, [claim_id]) if e.action == "edit"), key=lambda e: e.id)


def test_concurrent_edits_from_one_version_one_wins_the_rest_are_refused(store: Store) -> None:
    """Before: every reviewer got 200, changes were lost and the audit recorded wrong befores."""
    claim_id = _claim_of(store, build(store))
    outcomes = _race(store, claim_id, retry=False)
    winners = [i for i, outcome in outcomes if outcome == "edited"]
    assert len(outcomes) == REVIEWERS and len(winners) == 1
    [entry] = _edits(store, claim_id)
    assert entry.user == f"reviewer{winners[0]}"
    assert entry.before == {"value": 3000.0} and entry.after == {"value": 1000.0 + winners[0]}
    [claim] = store.claims_by_id([claim_id])
    assert claim.value == 1000 + winners[0] and claim_version(store, claim_id) == 1


def test_concurrent_edits_that_retry_are_all_kept_with_a_true_before(store: Store) -> None:
    """Every edit either lands with the value it replaced as its audit "before", or is refused
    (and retried from a fresh read): none is lost, the audit is one unbroken chain."""
    claim_id = _claim_of(store, build(store))
    outcomes = _race(store, claim_id, retry=True)
    assert sorted(i for i, outcome in outcomes if outcome == "edited") == list(range(REVIEWERS))
    chain = _edits(store, claim_id)
    assert len(chain) == REVIEWERS
    assert chain[0].before == {"value": 3000.0}
    for earlier, later in zip(chain, chain[1:], strict=False):
        assert later.before == earlier.after  # what each edit replaced is what the one before wrote
    [claim] = store.claims_by_id([claim_id])
    assert claim.value == chain[-1].after["value"] and claim_version(store, claim_id) == REVIEWERS


@pytest.fixture()
def api(store: Store) -> tuple[TestClient, dict[str, str], str]:
    arts = build(store)
    add_user(store, "alice")
    return TestClient(create_app(store)), {"Authorization": f"Bearer {create_token(store, 'alice')}"}, _claim_of(store, arts)


def test_the_api_gives_the_version_and_refuses_a_stale_if_match(api) -> None:
    client, auth, claim_id = api
    shown = client.get(f"/api/claims/{claim_id}")
    assert shown.json()["version"] == 0 and shown.headers["etag"] == '"0"'
    first = client.patch(f"/api/claims/{claim_id}", json={"changes": {"value": 3100}},
                         headers=auth | {"If-Match": shown.headers["etag"]})
    assert first.status_code == 200 and first.json()["version"] == 1
    second = client.patch(f"/api/claims/{claim_id}", json={"changes": {"value": 3200}},
                          headers=auth | {"If-Match": shown.headers["etag"]})
    assert second.status_code == 409 and "reload" in second.json()["detail"]
    body = client.get(f"/api/claims/{claim_id}")
    assert body.json()["value"] == 3100 and body.headers["etag"] == '"1"'
    assert client.patch(f"/api/claims/{claim_id}", json={"changes": {"value": 3200}, "version": 0},
                        headers=auth).status_code == 409  # the version in the body
    assert client.post(f"/api/claims/{claim_id}/accept", json={"version": 0}, headers=auth).status_code == 409
    assert client.patch(f"/api/claims/{claim_id}", json={"changes": {"value": 3200}},
                        headers=auth | {"If-Match": "soon"}).status_code == 422
    assert [a["action"] for a in client.get("/api/audit").json()["items"]] == ["edit"]


def test_the_edit_form_carries_the_version_and_a_stale_form_is_refused(api) -> None:
    client, auth, claim_id = api
    login = client.get("/login").text.split('name="csrf" value="')[1].split('"')[0]
    token = auth["Authorization"].split()[1]
    assert client.post("/login", data={"token": token, "csrf": login}, follow_redirects=False).status_code == 303
    page = client.get(f"/claims/{claim_id}").text
    csrf = page.split('name="csrf" value="')[1].split('"')[0]
    assert '<input type="hidden" name="version" value="0">' in page
    form = {"csrf": csrf, "version": "0", "subject": "Northland soldiers", "value": "3000", "unit": "", "time": "2025-01"}
    # another reviewer edits the claim while the form is open
    assert client.patch(f"/api/claims/{claim_id}", json={"changes": {"time": "2025-02"}}, headers=auth).status_code == 200
    stale = client.post(f"/claims/{claim_id}/edit", data=form | {"subject": "Northland infantry"}, follow_redirects=False)
    assert stale.status_code == 409
    assert client.get(f"/api/claims/{claim_id}").json()["subject"] == "Northland soldiers"
    fresh = client.post(f"/claims/{claim_id}/edit", data=form | {"version": "1", "time": "2025-02",
                                                                  "subject": "Northland infantry"}, follow_redirects=False)
    assert fresh.status_code == 303
    assert client.get(f"/api/claims/{claim_id}").json()["subject"] == "Northland infantry"


BAD_EDITS = [
    ({"time": "9999-99-99"}, "real date"),
    ({"time": "2025-02-30"}, "real date"),
    ({"time": "2025-05/2025-01"}, "ends before"),
    ({"time": "0000"}, "real date"),
    ({"value_low": 10, "value_high": 5}, "cannot be above"),
    ({"value_low": 4000}, "cannot be above value"),  # the stored value is 3000
    ({"value_high": 100}, "cannot be above value_high"),
    ({"unit": ["soldiers", "tanks"]}, "single value"),
    ({"unit": {"a": 1}}, "single value"),
    ({"unit": True}, "text"),
    ({"value": 1e308}, "at most"),
    ({"value": "1e308"}, "at most"),
    ({"value": "inf"}, "finite"),
    ({"value": "nan"}, "finite"),
    ({"value": "1e999"}, "finite"),
    ({"value": True}, "number"),
    ({"subject": "Northland\x00soldiers"}, "control character"),
    ({"unit": "men\x07"}, "control character"),
    ({"unit": "x" * 65}, "longer than 64"),
    ({"approx": [1]}, "single value"),
]


@pytest.mark.parametrize(("changes", "reason"), BAD_EDITS)
def test_edits_outside_the_claims_definition_are_422_and_change_nothing(api, changes: dict, reason: str) -> None:
    client, auth, claim_id = api
    before = client.get(f"/api/claims/{claim_id}").json()
    response = client.patch(f"/api/claims/{claim_id}", json={"changes": changes}, headers=auth)
    assert response.status_code == 422, response.text
    assert reason in response.json()["detail"]
    assert client.get(f"/api/claims/{claim_id}").json() == before


def test_good_edits_within_the_definition_pass(api) -> None:
    client, auth, claim_id = api
    for changes in ({"time": "2024-02-29"}, {"time": "2025-01/.."}, {"time": "2025-01/2025-03"},
                    {"value_low": 2500, "value_high": 3500}, {"value": "3,200"}, {"unit": "soldiers"}):
        assert client.patch(f"/api/claims/{claim_id}", json={"changes": changes}, headers=auth).status_code == 200


def test_the_checks_come_from_the_claims_definition() -> None:
    assert {n for n, e in FIELDS.items() if e.kind == "number"} == {"value", "value_low", "value_high"}
    assert all(FIELDS[n].maximum == MAX_FIGURE for n in ("value", "value_low", "value_high"))
    assert FIELDS["value_low"].not_above == ("value", "value_high") and FIELDS["value"].not_above == ("value_high",)
    assert FIELDS["unit"].length == 64 and FIELDS["time"].length == 64  # their columns' bounds


def test_re_extraction_makes_an_open_form_of_a_reviewed_claim_stale(store: Store) -> None:
    import dataclasses

    arts = build(store)
    claim_id = _claim_of(store, arts)
    edit_claim(store, claim_id, {"unit": "soldiers"}, "alice", version=0)
    [claim] = store.claims_by_id([claim_id])
    store.replace_claims(arts["one"].id, [dataclasses.replace(claim, time="2025-02")], "t2")
    assert claim_version(store, claim_id) == 2
    with pytest.raises(StaleEdit):
        edit_claim(store, claim_id, {"subject": "Northland infantry"}, "bob", version=1)
