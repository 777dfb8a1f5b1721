"""Reconciliation on small hand-made ledgers: threads, each relation, independence, estimates,
analyst decisions surviving re-extraction and re-runs, and incremental == full rebuild."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json

import pytest
from sqlalchemy import func, select

from claimledger.model import Actor, Article, Attribution, Claim, Location, Metadata, Place, Span, Thread
from claimledger.reconcile import (
    ReconcileError,
    ReconcileRules,
    UnknownThread,
    merge_threads,
    reconcile,
    reject_claim,
    split_thread,
    threads,
)
from claimledger.reconcile.evidence import as_of
from claimledger.store import Store
from claimledger.store.schema import decisions, near_duplicates, relations

KP = Actor("state:KP", "North Korea", "state")
RU = Location("Kursk", Place("Kursk Oblast", "RU", "Russia"))
NIS = Attribution("National Intelligence Service", (), Actor("org:nis-kr", "National Intelligence Service"))
GUR = Attribution("Ukraine's military intelligence", (), Actor("org:gur-ua", "HUR"))
WEST = Attribution("Western officials", ("BBC",), Actor("group:western-officials", "Western officials"))
SK_SOURCES = Attribution("South Korean sources")


def article(n: int, published: str | None, text: str | None = None, outlet: str | None = None) -> Article:
    body = text or " ".join(hashlib.sha256(f"{n}:{i}".encode()).hexdigest()[:6] for i in range(40))
    return Article(
        id=f"{n:032d}",
        source=f"a{n}.md",
        text=body,
        metadata=Metadata(outlet=outlet or f"Outlet {n}", published=dt.date.fromisoformat(published) if published else None),
    )


def claim(
    art: Article,
    value: float | None,
    kind: str = "troops_deployed",
    *,
    attribution: Attribution | None = NIS,
    time: str | None = None,
    start: int = 0,
    actor: Actor | None = KP,
    location: Location | None = RU,
    subject: str = "North Korean soldiers",
    approx: bool = False,
    low: float | None = None,
    high: float | None = None,
) -> Claim:
    words = f"{value:,.0f}" if value is not None else f"{low}-{high}"
    return Claim(
        article_id=art.id,
        kind=kind,
        subject=subject,
        quote=f"... {words} ...",
        span=Span(start, start + 5),
        actor=actor,
        value=value,
        value_low=low,
        value_high=high,
        approx=approx,
        number_text=words,
        location=location,
        time=time,
        attribution=attribution,
        extractor_version="t",
    )


def ledger(store: Store, *items: tuple[Article, list[Claim]]) -> list[Thread]:
    store.write(list(items), "t")
    reconcile(store)
    return threads(store)


def thread_with(found: list[Thread], claim_id: str) -> Thread:
    [t] = [t for t in found if any(c.claim_id == claim_id for c in t.claims)]
    return t


def relation(t: Thread, a: Claim, b: Claim) -> str | None:
    for r in t.relations:
        if {r.a, r.b} == {a.id, b.id}:
            return r.relation
    return None


# -- threads ---------------------------------------------------------------------------------------


def test_claims_about_one_quantity_share_a_thread_and_unknown_places_join_it(store: Store) -> None:
    a1, a2 = article(1, "2024-11-04"), article(2, "2025-01-10")
    c1 = claim(a1, 11000, attribution=GUR)
    c2 = claim(a2, 11000, location=None)
    c3 = claim(a2, 12, kind="killed", start=20)
    c4 = claim(a2, 500, start=40, location=Location("Pyongyang", Place("Pyongyang", "KP", "North Korea")))
    c5 = claim(a2, 11000, start=60, attribution=WEST)
    found = ledger(store, (a1, [c1]), (a2, [c2, c3, c4, c5]))
    deployed = thread_with(found, c1.id)
    assert {c.claim_id for c in deployed.claims} == {c1.id, c2.id, c5.id}  # Russia has most claims
    assert (deployed.kind, deployed.actor, deployed.country, deployed.location) == (
        "troops_deployed", "North Korea", "RU", "Russia")
    assert thread_with(found, c4.id).country == "KP"  # a known, different country: its own thread
    assert thread_with(found, c3.id).kind == "killed"


def test_claims_without_an_actor_are_threaded_by_their_subject(store: Store) -> None:
    a1, a2 = article(1, "2025-01-01"), article(2, "2025-02-01")
    c1 = claim(a1, 40, "killed", actor=None, subject="the civilians (Goma)")
    c2 = claim(a2, 40, "killed", actor=None, subject="Civilians", attribution=GUR)
    found = ledger(store, (a1, [c1]), (a2, [c2]))
    t = thread_with(found, c1.id)
    assert t.actor_id is None and len(t.claims) == 2


def test_a_subject_unit_spread_through_subject_order_is_written_once_whole(store: Store) -> None:
    # Claims without an actor stream in subject order and a unit is written when its counted
    # claims are all read: "Civilians" and "the civilians" (one key) sort around "displaced people".
    arts = [article(n, f"2025-0{n}-01") for n in range(1, 5)]
    c1 = claim(arts[0], 40, "killed", actor=None, subject="Civilians")
    c2 = claim(arts[1], 55, "killed", actor=None, subject="displaced people", attribution=GUR)
    c3 = claim(arts[2], 70, "killed", actor=None, subject="the civilians", attribution=WEST)
    c4 = claim(arts[3], 80, "killed", actor=None, subject="displaced people", attribution=WEST)
    found = ledger(store, *((a, [c]) for a, c in zip(arts, (c1, c2, c3, c4), strict=True)))
    assert {c.claim_id for c in thread_with(found, c1.id).claims} == {c1.id, c3.id}
    assert {c.claim_id for c in thread_with(found, c2.id).claims} == {c2.id, c4.id}
    assert len(found) == 2


# -- relations ---------------------------------------------------------------------------------------


def test_same_figure_from_independent_origins_corroborates(store: Store) -> None:
    a1, a2 = article(1, "2024-11-04"), article(2, "2025-01-20")
    c1 = claim(a1, 11000, attribution=GUR)
    c2 = claim(a2, 11000, attribution=WEST, approx=True, time="2025-01")
    c3 = claim(a2, 10500, attribution=NIS, approx=True, start=30)  # within the approx tolerance
    t = thread_with(ledger(store, (a1, [c1]), (a2, [c2, c3])), c1.id)
    assert relation(t, c1, c2) == "corroborates"
    assert relation(t, c2, c3) == "corroborates"


def test_different_figures_for_the_same_month_from_different_origins_conflict(store: Store) -> None:
    a1 = article(1, "2025-01-24")
    army = Attribution("Armed Forces of the DRC", (), Actor("force:cd-fardc", "FARDC"))
    m23 = Attribution("M23", (), Actor("group:m23", "M23"))
    c1 = claim(a1, 52, "killed", attribution=army, time="2025-01-23")
    c2 = claim(a1, 4, "killed", attribution=m23, time="2025-01-23", start=30)
    t = thread_with(ledger(store, (a1, [c1, c2])), c1.id)
    assert relation(t, c1, c2) == "conflicts"


def test_a_running_total_is_a_chain_of_updates_not_conflicts(store: Store) -> None:
    arts = [article(i, d) for i, d in enumerate(["2024-12-20", "2025-01-14", "2025-04-30", "2025-09-05"], 1)]
    claims = [claim(a, v, "killed", time=a.metadata.published.isoformat()[:7])  # type: ignore[union-attr]
              for a, v in zip(arts, [100, 300, 600, 2000], strict=True)]
    t = thread_with(ledger(store, *[(a, [c]) for a, c in zip(arts, claims, strict=True)]), claims[0].id)
    assert {r.relation for r in t.relations} == {"updates"}
    for earlier, later in zip(claims, claims[1:], strict=False):
        assert relation(t, earlier, later) == "updates"
    assert [e.best for e in t.estimates] == [100, 300, 600, 2000]


def test_a_bound_and_a_figure_that_meets_it_never_conflict(store: Store) -> None:
    a1, a2, a3 = article(1, "2025-01-05"), article(2, "2025-01-20"), article(3, "2025-03-20")
    bound = claim(a1, None, "killed", low=100, attribution=GUR)  # "at least 100"
    same_month = claim(a2, 300, "killed", attribution=WEST)
    later = claim(a3, 250, "killed", attribution=GUR)
    t = thread_with(ledger(store, (a1, [bound]), (a2, [same_month]), (a3, [later])), bound.id)
    assert relation(t, bound, same_month) == "corroborates"
    assert relation(t, bound, later) == "updates"


def test_a_later_higher_total_from_another_origin_updates_a_lower_one_conflicts(store: Store) -> None:
    a1, a2, a3 = article(1, "2025-01-10"), article(2, "2025-03-05"), article(3, "2025-04-05")
    c1 = claim(a1, 1000, "killed", attribution=WEST)
    c2 = claim(a2, 2000, "killed", attribution=GUR)
    c3 = claim(a3, 500, "killed", attribution=SK_SOURCES)
    t = thread_with(ledger(store, (a1, [c1]), (a2, [c2]), (a3, [c3])), c1.id)
    assert relation(t, c1, c2) == "updates"
    assert relation(t, c2, c3) == "conflicts"  # a running total cannot fall


def test_killed_and_killed_or_wounded_are_different_metrics_on_both_threads(store: Store) -> None:
    a1, a2 = article(1, "2025-02-10"), article(2, "2025-03-05")
    dead = claim(a1, 1000, "killed", attribution=WEST, time="2025-01", approx=True)
    hurt = claim(a2, 4000, "killed_or_wounded", attribution=SK_SOURCES, approx=True)
    found = ledger(store, (a1, [dead]), (a2, [hurt]))
    killed, both = thread_with(found, dead.id), thread_with(found, hurt.id)
    assert killed.id != both.id
    assert relation(killed, dead, hurt) == relation(both, dead, hurt) == "different_metric"
    assert not any(r.relation == "conflicts" for r in killed.relations + both.relations)


def test_deployed_and_reinforcements_are_different_metrics(store: Store) -> None:
    a1 = article(1, "2025-03-05")
    sent = claim(a1, 11000)
    more = claim(a1, 3000, "reinforcements", start=30)
    found = ledger(store, (a1, [sent, more]))
    assert relation(thread_with(found, sent.id), sent, more) == "different_metric"


def test_unrelated_kinds_and_other_actors_are_not_linked(store: Store) -> None:
    a1 = article(1, "2025-03-05")
    dead = claim(a1, 1000, "killed")
    sent = claim(a1, 11000, start=30)
    other = claim(a1, 900, "killed_or_wounded", start=60, actor=Actor("state:UA", "Ukraine"))
    found = ledger(store, (a1, [dead, sent, other]))
    assert thread_with(found, dead.id).relations == ()


# -- independence --------------------------------------------------------------------------------------


def test_the_same_origin_in_two_articles_is_one_piece_of_evidence(store: Store) -> None:
    a1, a2 = article(1, "2024-10-24"), article(2, "2024-10-30")
    c1, c2 = claim(a1, 3000, time="2024-10"), claim(a2, 3000, time="2024-10")
    c3 = claim(a2, 3000, attribution=GUR, start=30, time="2024-10")
    t = thread_with(ledger(store, (a1, [c1]), (a2, [c2, c3])), c1.id)
    assert relation(t, c1, c2) == "repeats"
    [estimate] = t.estimates
    assert len(estimate.origins) == 2 and len(estimate.claims) == 2


WIRE = (
    "SEOUL, Oct 24 (Northern Wire) - North Korea has sent about 3,000 troops to Russia and plans to "
    "send about 10,000 by December, South Korea's spy agency told lawmakers on Wednesday, as Seoul "
    "weighs its response to the deepening military ties between Pyongyang and Moscow. The troops are "
    "being trained in the Russian far east before moving west, lawmakers said after the briefing."
)
COPY = (
    "North Korea has sent about 3,000 troops to Russia and plans to send about 10,000 by December, "
    "South Korea's spy agency told lawmakers on Wednesday, as Seoul weighs its response to the "
    "deepening military ties between Pyongyang and Moscow. The troops are being trained in the "
    "Russian far east before moving west, lawmakers said after the briefing. Share this article."
)


def test_a_wire_story_and_its_copy_count_once(store: Store) -> None:
    wire = article(1, "2024-10-24", WIRE, outlet="Northern Wire")
    copy = article(2, "2024-10-25", COPY, outlet="Harbour Daily")
    c1 = claim(wire, 3000, attribution=None, time="2024-10")  # the article asserts it itself
    c2 = claim(copy, 3000, attribution=None, time="2024-10")
    t = thread_with(ledger(store, (wire, [c1]), (copy, [c2])), c1.id)
    assert relation(t, c1, c2) == "repeats"
    assert [c.origin for c in t.claims] == ["Northern Wire", "Northern Wire"]
    [estimate] = t.estimates
    assert estimate.origins == ("Northern Wire",) and len(estimate.claims) == 1
    with store.engine.connect() as conn:
        pairs = conn.execute(select(near_duplicates)).all()
    assert [(p.article_id, p.original_id) for p in pairs] == [(copy.id, wire.id)]


def test_the_same_unattributed_figure_in_unrelated_articles_corroborates(store: Store) -> None:
    a1, a2 = article(1, "2024-10-24", outlet="Northern Wire"), article(2, "2024-10-25", outlet="Harbour Daily")
    c1 = claim(a1, 3000, attribution=None, time="2024-10")
    c2 = claim(a2, 3000, attribution=None, time="2024-10")
    t = thread_with(ledger(store, (a1, [c1]), (a2, [c2])), c1.id)
    assert relation(t, c1, c2) == "corroborates"
    assert len(t.estimates[0].origins) == 2


def test_a_copy_that_arrives_first_gives_way_to_the_earlier_original(store: Store) -> None:
    wire = article(1, "2024-10-24", WIRE, outlet="Northern Wire")
    copy = article(2, "2024-10-25", COPY, outlet="Harbour Daily")
    c1 = claim(wire, 3000, attribution=None, time="2024-10")
    c2 = claim(copy, 3000, attribution=None, time="2024-10")
    store.write([(copy, [c2])], "t")
    reconcile(store, [copy.id])
    store.write([(wire, [c1])], "t")
    reconcile(store, [wire.id])
    t = thread_with(threads(store), c1.id)
    assert {c.evidence for c in t.claims} == {"outlet:northern wire"}


def test_lower_case_origins_are_one_origin_only_within_their_story(store: Store) -> None:
    a1, a2 = article(1, "2025-01-02"), article(2, "2025-01-03")
    c1 = claim(a1, 300, "killed", attribution=Attribution("officials"))
    c2 = claim(a2, 300, "killed", attribution=Attribution("officials"))
    t = thread_with(ledger(store, (a1, [c1]), (a2, [c2])), c1.id)
    assert relation(t, c1, c2) == "corroborates"


# -- estimates ---------------------------------------------------------------------------------------------


def test_estimates_take_one_figure_per_origin_low_min_high_max_best_lower_median(store: Store) -> None:
    a1 = article(1, "2025-05-16")
    local = claim(a1, None, "killed", attribution=Attribution("Local Sources Network"), low=100)  # more than 100
    jnim = claim(a1, 200, "killed", attribution=Attribution("JNIM"), start=20)
    army = claim(a1, 15, "killed", attribution=Attribution("Burkina Army"), start=40)
    army_later = claim(a1, 18, "killed", attribution=Attribution("Burkina Army"), start=60, time="2025-05-16")
    t = thread_with(ledger(store, (a1, [local, jnim, army, army_later])), jnim.id)
    [e] = t.estimates
    assert (e.as_of, e.low, e.best, e.high) == ("2025-05", 15, 100, 200)
    assert len(e.origins) == 3 and len(e.claims) == 3


def test_two_origins_give_the_conservative_best_and_ranges_give_their_bounds(store: Store) -> None:
    a1 = article(1, "2025-01-24")
    rw = claim(a1, None, attribution=Attribution("UN experts"), low=3000, high=4000)
    kin = claim(a1, 5000, attribution=Attribution("Kinshasa"), start=30)
    [e] = thread_with(ledger(store, (a1, [rw, kin])), rw.id).estimates
    assert (e.low, e.best, e.high) == (3000, 3500, 5000)


def test_undated_claims_join_threads_but_not_the_time_series(store: Store) -> None:
    a1, a2 = article(1, None), article(2, "2025-01-10")
    c1, c2 = claim(a1, 11000, attribution=GUR), claim(a2, 11000)
    t = thread_with(ledger(store, (a1, [c1]), (a2, [c2])), c1.id)
    assert relation(t, c1, c2) == "corroborates"
    assert [e.claims for e in t.estimates] == [(c2.id,)]


@pytest.mark.parametrize(
    ("time", "published", "expected"),
    [
        ("2024-12/2025-02-14", None, "2025-02-14"),
        ("2024", "2025-04-29", "2024-12-31"),
        ("2025", "2025-04-29", "2025-04-29"),
        ("2025-02", None, "2025-02-28"),
        ("2024-10/..", "2025-04-29", "2025-04-29"),
        ("2024-12", "2024-10-24", "2024-12-31"),  # "10,000 by December": a forecast
        ("2024-12/2025-02-14", "2025-02-10", "2025-02-10"),
        (None, "2025-01-01", "2025-01-01"),
        ("garbage", None, None),
    ],
)
def test_as_of_is_the_end_of_the_time_capped_at_publication(time, published, expected) -> None:
    pub = dt.date.fromisoformat(published) if published else None
    got = as_of(time, pub)
    assert (got.isoformat() if got else None) == expected


def test_relations_stay_linear_in_a_large_thread(store: Store) -> None:
    rules = ReconcileRules.load()
    arts = [article(i, f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}") for i in range(300)]
    items = [(a, [claim(a, 1000 + i, "killed", attribution=Attribution(f"Origin {i}"))]) for i, a in enumerate(arts)]
    store.write(items, "t")
    reconcile(store)
    with store.engine.connect() as conn:
        n = conn.scalar(select(func.count()).select_from(relations))
    assert n <= len(items) * (rules.compare_origins + 1)


# -- decisions ------------------------------------------------------------------------------------------------


def _reextract(store: Store, art: Article, claims: list[Claim]) -> None:
    store.replace_claims(art.id, claims, "t2")
    reconcile(store, [art.id])


def test_a_rejected_claim_stays_out_after_reextraction_and_rebuilds(store: Store) -> None:
    a1, a2 = article(1, "2025-01-10"), article(2, "2025-01-20")
    good, bad = claim(a1, 11000, attribution=GUR), claim(a2, 170, start=10)
    ledger(store, (a1, [good]), (a2, [bad]))
    reject_claim(store, bad.id[:8], note="a calibre, not a number of troops")
    assert thread_with(threads(store), good.id).claims[0].claim_id == good.id
    assert not any(c.claim_id == bad.id for t in threads(store) for c in t.claims)
    # a new extractor reads the same span with other number words: the id changes, the span does not
    moved = dataclasses.replace(bad, number_text="170mm")
    assert moved.id != bad.id
    _reextract(store, a2, [moved])
    assert not any(c.claim_id == moved.id for t in threads(store) for c in t.claims)
    reconcile(store)
    assert not any(c.claim_id == moved.id for t in threads(store) for c in t.claims)


def test_a_merge_survives_reextraction_and_rebuilds(store: Store) -> None:
    a1, a2 = article(1, "2025-01-10"), article(2, "2025-03-05")
    linked = claim(a1, 1000, "killed", attribution=WEST)
    loose = claim(a2, 1000, "killed", actor=None, subject="Korean troops", attribution=SK_SOURCES)
    found = ledger(store, (a1, [linked]), (a2, [loose]))
    target, source = thread_with(found, linked.id), thread_with(found, loose.id)
    assert target.id != source.id
    merge_threads(store, target.id, source.id[:10], note="same soldiers")
    merged = thread_with(threads(store), loose.id)
    assert merged.id == target.id and relation(merged, linked, loose) == "corroborates"
    _reextract(store, a2, [dataclasses.replace(loose, number_text="one thousand")])
    reconcile(store)
    t = thread_with(threads(store), dataclasses.replace(loose, number_text="one thousand").id)
    assert t.id == target.id and len(t.claims) == 2
    with store.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(decisions)) == 1


def test_a_split_survives_reextraction_and_rebuilds(store: Store) -> None:
    a1 = article(1, "2025-06-30")
    deminers = claim(a1, 1000, time="2025-06")
    builders = claim(a1, 5000, time="2025-06", start=30)
    t = thread_with(ledger(store, (a1, [deminers, builders])), deminers.id)
    assert relation(t, deminers, builders) == "conflicts"
    split_thread(store, t.id, [builders.id], label="military builders")
    found = threads(store)
    rest, new = thread_with(found, deminers.id), thread_with(found, builders.id)
    assert rest.id == t.id and new.id != t.id and new.split == "military builders"
    assert relation(rest, deminers, builders) is None
    _reextract(store, a1, [deminers, dataclasses.replace(builders, number_text="5,000 builders")])
    reconcile(store)
    found = threads(store)
    assert thread_with(found, deminers.id).id != thread_with(found, dataclasses.replace(builders, number_text="5,000 builders").id).id


def test_decisions_name_existing_threads_and_claims(store: Store) -> None:
    a1 = article(1, "2025-06-30")
    c1 = claim(a1, 1000)
    t = thread_with(ledger(store, (a1, [c1])), c1.id)
    with pytest.raises(UnknownThread):
        merge_threads(store, t.id, "ffffffffffff")
    with pytest.raises(ReconcileError):
        merge_threads(store, t.id, t.id)
    with pytest.raises(ReconcileError):
        split_thread(store, t.id, [c1.id], label=" ")
    with pytest.raises(ReconcileError):
        reject_claim(store, "nope")


# -- runs ---------------------------------------------------------------------------------------------------------


def _snapshot(store: Store) -> str:
    return json.dumps([t.to_json() for t in threads(store)], sort_keys=True)


def _corpus() -> list[tuple[Article, list[Claim]]]:
    wire = article(1, "2024-10-24", WIRE, outlet="Northern Wire")
    copy = article(2, "2024-10-25", COPY, outlet="Harbour Daily")
    a3, a4, a5 = article(3, "2024-11-06"), article(4, "2025-02-10"), article(5, "2025-03-05")
    return [
        (copy, [claim(copy, 3000, attribution=None, time="2024-10"), claim(copy, 10000, start=40, time="2024-12")]),
        (a4, [claim(a4, 11000, attribution=WEST, time="2025-01"), claim(a4, 1000, "killed", attribution=WEST, start=30)]),
        (wire, [claim(wire, 3000, attribution=None, time="2024-10"), claim(wire, 10000, start=40, time="2024-12")]),
        (a3, [claim(a3, 11000, attribution=GUR), claim(a3, 8000, attribution=Attribution("Blinken"), start=30)]),
        (a5, [claim(a5, 4000, "killed_or_wounded", attribution=SK_SOURCES, actor=None, subject="soldiers"),
              claim(a5, 3000, "reinforcements", attribution=SK_SOURCES, start=30)]),
    ]


def test_incremental_runs_give_the_same_ledger_as_a_full_rebuild(store: Store) -> None:
    for art, claims in _corpus():  # one article at a time, the copy before its original
        store.write([(art, claims)], "t")
        reconcile(store, [art.id])
    incremental = _snapshot(store)
    summary = reconcile(store)
    assert summary.full and summary.near_duplicates == 1
    assert _snapshot(store) == incremental


def test_reconcile_is_idempotent(store: Store) -> None:
    store.write(_corpus(), "t")
    reconcile(store)
    first = _snapshot(store)
    reconcile(store)
    reconcile(store, [a.id for a, _ in _corpus()])
    assert _snapshot(store) == first


def test_ingest_reconciles_a_ledger_that_predates_reconciliation(store: Store) -> None:
    corpus = _corpus()
    store.write(corpus[:-1], "t")  # claims stored, never reconciled
    last, claims = corpus[-1]
    store.write([(last, claims)], "t")
    reconcile(store, [last.id])  # what ingest does: falls back to a full rebuild
    assert sum(len(t.claims) for t in threads(store)) == sum(len(c) for _, c in corpus)


def test_statements_are_not_threaded(store: Store) -> None:
    a1 = article(1, "2025-04-29")
    said = dataclasses.replace(claim(a1, None, low=None, high=None), kind="statement", number_text=None)
    assert ledger(store, (a1, [said])) == []


def test_thread_json_has_the_contracted_fields(store: Store) -> None:
    store.write(_corpus(), "t")
    reconcile(store)
    for t in threads(store):
        data = t.to_json()
        assert {"id", "kind", "actor", "location", "claims", "relations", "estimates"} <= set(data)
        for r in data["relations"]:
            assert {"a", "b", "relation"} <= set(r)
        for e in data["estimates"]:
            assert {"as_of", "low", "best", "high", "origins"} <= set(e)


def test_a_rebuild_in_worker_processes_gives_the_same_ledger(store: Store) -> None:
    from claimledger.reconcile.parallel import can_fork

    if not can_fork():
        pytest.skip("no fork on this platform: rebuilds run in one process")
    store.write(_corpus(), "t")
    a1 = article(9, "2025-01-01")
    store.write([(a1, [claim(a1, 40, "killed", actor=None, subject="Korean troops")])], "t")
    reconcile(store, workers=1)
    t = thread_with(threads(store), claim(a1, 40, "killed", actor=None, subject="Korean troops").id)
    merge_threads(store, thread_with(threads(store), _corpus()[1][1][1].id).id, t.id)  # links two units
    serial = _snapshot(store)
    reconcile(store, workers=3)
    assert _snapshot(store) == serial
