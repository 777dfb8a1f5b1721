"""Acceptance: the acceptance corpus (one conflict over a year, tests/corpus/acceptance) ingested
into a fresh ledger and reconciled gives the threads, members, relations and monthly estimates of
the hand-written answer in tests/gold/acceptance/expected.yaml.

Each expectation is its own test, so that one marked `xfail` in the answer (an extraction error,
with its reason) fails strictly on its own and the others still count.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from claimledger.model import Claim, Thread, ThreadClaim
from claimledger.orchestrate import ingest
from claimledger.reconcile import reconcile, threads
from claimledger.serve.data import sources
from claimledger.store import Store, open_store

pytestmark = pytest.mark.model

ROOT = Path(__file__).parent
CORPUS = ROOT / "corpus" / "acceptance"
ANSWER = yaml.safe_load((ROOT / "gold" / "acceptance" / "expected.yaml").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Ledger:
    store: Store
    threads: list[Thread]
    claims: dict[str, Claim]
    files: dict[str, str]  # article id -> file name


@pytest.fixture(scope="module")
def ledger(pipeline, tmp_path_factory, new_database) -> Iterator[Ledger]:
    store = open_store(new_database(tmp_path_factory.mktemp("acceptance"), "acceptance"))
    ingest([str(p) for p in sorted(CORPUS.glob("[0-9]*.md"))], store, pipeline)
    reconcile(store)
    files = {a.id: Path(a.source).name for a in store.articles()}
    yield Ledger(store, threads(store), {c.id: c for c in store.claims()}, files)
    store.close()


def _figure_matches(claim: Claim, spec: dict[str, Any]) -> bool:
    return all(getattr(claim, key) == spec[key] for key in ("value", "value_low", "value_high") if key in spec)


def _find_claim(ledger: Ledger, spec: dict[str, Any]) -> list[Claim]:
    return [
        c for c in ledger.claims.values()
        if ledger.files.get(c.article_id, "").startswith(spec["article"]) and spec["quote"] in c.quote
        and _figure_matches(c, spec)
    ]


def _thread(ledger: Ledger, spec: dict[str, Any]) -> Thread:
    found = [t for t in ledger.threads if t.kind == spec["kind"] and t.actor_id == spec["actor"]
             and t.country == spec["country"] and not t.split]
    assert len(found) == 1, f"{spec['name']}: {len(found)} threads of {spec['kind']} / {spec['actor']} / {spec['country']}"
    return found[0]


def _member(ledger: Ledger, spec: dict[str, Any], key: str) -> tuple[Thread, ThreadClaim]:
    thread = _thread(ledger, spec)
    wanted = spec["members"][key]
    claims = _find_claim(ledger, wanted)
    assert claims, f"{key}: no claim of {wanted} was extracted"
    by_id = {c.claim_id: c for c in thread.claims}
    inside = [by_id[c.id] for c in claims if c.id in by_id]
    elsewhere = [(c.kind, c.actor.id if c.actor else None) for c in claims if c.id not in by_id]
    assert inside, f"{key}: claim found but not in the thread (kind, actor: {elsewhere})"
    return thread, inside[0]


# -- one test per expectation ----------------------------------------------------------------------


def _expectations() -> Iterator[Any]:
    for spec in ANSWER["threads"]:
        name = spec["name"]
        for key, member in spec["members"].items():
            yield _param("member", spec, key, member.get("xfail"))
        for i, rel in enumerate(spec.get("relations", [])):
            yield _param("relation", spec, i, rel.get("xfail"))
        for i, _group in enumerate(spec.get("one_voice", [])):
            yield _param("one_voice", spec, i, None)
        for i, _pair in enumerate(spec.get("independent", [])):
            yield _param("independent", spec, i, None)
        for month in spec.get("estimates", {}):
            yield _param("estimate", spec, month, (spec.get("xfail_estimates") or {}).get(month))
        for month in spec.get("outliers", {}):
            yield _param("outlier", spec, month, None)
        if "latest_best" in spec:
            yield _param("latest", spec, name, spec.get("xfail_latest"))


def _param(what: str, spec: dict[str, Any], item: Any, xfail: str | None) -> Any:
    marks = [pytest.mark.xfail(strict=True, reason=xfail)] if xfail else []
    return pytest.param(what, spec, item, id=f"{spec['name']}-{what}-{item}", marks=marks)


@pytest.mark.parametrize(("what", "spec", "item"), list(_expectations()))
def test_expected_thread(ledger: Ledger, what: str, spec: dict[str, Any], item: Any) -> None:
    if what == "member":
        _, member = _member(ledger, spec, item)
        assert member.modality == spec["members"][item].get("modality", "asserted")
    elif what == "relation":
        rel = spec["relations"][item]
        ends = [[_member(ledger, spec, k)[1].claim_id for k in ([rel[s]] if isinstance(rel[s], str) else rel[s])]
                for s in ("a", "b")]
        thread = _thread(ledger, spec)
        found = {r.relation for r in thread.relations for a in ends[0] for b in ends[1] if {r.a, r.b} == {a, b}}
        assert rel["relation"] in found, f"{rel}: found {found or 'no relation'}"
    elif what == "one_voice":
        keys = {_member(ledger, spec, k)[1].evidence for k in spec["one_voice"][item]}
        assert len(keys) == 1, keys
    elif what == "independent":
        x, y = (_member(ledger, spec, k)[1].evidence for k in spec["independent"][item])
        assert x != y
    elif what == "estimate":
        thread = _thread(ledger, spec)
        found = {e.as_of: [e.low, e.best, e.high] for e in thread.estimates}
        assert found.get(item) == spec["estimates"][item], f"{item}: {found}"
    elif what == "outlier":
        thread = _thread(ledger, spec)
        flagged = {x for e in thread.estimates if e.as_of == item for x in e.outliers}
        for key in spec["outliers"][item]:
            assert _member(ledger, spec, key)[1].claim_id in flagged
    elif what == "latest":
        thread = _thread(ledger, spec)
        assert thread.estimates and thread.estimates[-1].best == spec["latest_best"]


def test_no_forecast_plan_possibility_or_denial_is_ever_latest(ledger: Ledger) -> None:
    assert ANSWER["no_latest_modality_other_than_asserted"]
    for t in ledger.threads:
        asserted = {c.claim_id for c in t.claims if c.modality == "asserted"}
        for e in t.estimates:
            assert set(e.claims) <= asserted, f"{t.label} {e.as_of} counts a claim that is not asserted"


def test_sources_list_one_entry_per_resolved_origin(ledger: Ledger) -> None:
    listed = [s.name for s in sources(ledger.store) if s.role == "origin"]
    assert len(listed) == len(set(listed))
    for entry in ANSWER["sources"]:
        assert listed.count(entry["name"]) == 1, listed
        assert not set(entry["not_listed"]) & set(listed), listed
    for s in sources(ledger.store):
        assert s.name not in {o for o, _ in s.conflicts_with}, f"{s.name} conflicts with itself"
