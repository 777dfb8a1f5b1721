"""Threads keyed on resolved things, on small hand-made ledgers: what a claim asserts (only
asserted claims feed estimates), the actor an article's scene gives a claim whose noun names no
nationality, a generic origin standing for the named one of its story, a lone outlier set
aside, each origin's own series, and incremental runs equal to a rebuild."""

from __future__ import annotations

import dataclasses

import pytest

from claimledger.model import Actor, Attribution, Claim
from claimledger.reconcile import reconcile, threads
from claimledger.reconcile.estimates import origin_estimates
from claimledger.reconcile.modality import feeds_estimates, modality_of
from claimledger.store import Store
from tests.test_reconcile import GUR, WEST, article, claim, ledger, thread_with

UA = Actor("state:UA", "Ukraine", "state")


def said(c: Claim, quote: str, hedged: bool = False) -> Claim:
    return dataclasses.replace(c, quote=quote, hedged=hedged)


# -- modality ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("quote", "number", "hedged", "expected"), [
    ("The agency expects the total to reach 10,000 by December.", "10,000", False, "forecast"),
    ("North Korea will send 5,000 military builders, the minister said.", "5,000", False, "planned"),
    ("Pyongyang is preparing to send up to 6,000 more engineers.", "6,000", False, "planned"),
    ("Those containers could hold as many as 8 million shells.", "8 million", True, "possible"),
    ("Moscow denied that 11,000 soldiers were deployed.", "11,000", False, "denied"),
    ("An earlier version incorrectly said 6,000 soldiers had died.", "6,000", False, "denied"),
    # the denial is another clause's: the figure is asserted
    ("Rwanda denies backing the group, but experts wrote that 3,000 soldiers were fighting.", "3,000", False,
     "asserted"),
    ("About 1,000 were believed to have been killed.", "1,000", True, "asserted"),
    ("About 11,000 North Korean soldiers are in Russia.", "11,000", False, "asserted"),
])
def test_modality_is_read_from_the_quote_when_the_claim_has_none(quote, number, hedged, expected) -> None:
    c = dataclasses.replace(claim(article(1, "2024-10-25"), 1.0), quote=quote, number_text=number, hedged=hedged,
                            modality=None)  # as a row stored before the extractor set it
    assert modality_of(c) == expected
    assert feeds_estimates(c) == (expected == "asserted")


def test_the_claim_s_own_modality_wins_over_its_quote() -> None:
    @dataclasses.dataclass
    class WithField:
        quote: str = "The agency expects the total to reach 10,000."
        modality: str | None = "asserted"

    assert modality_of(WithField()) == "asserted"  # the extractor decided; its quote is not reread
    assert modality_of(WithField(modality="planned")) == "planned"
    assert modality_of(WithField(modality=None)) == "forecast"


def test_forecasts_and_plans_are_shown_but_never_latest(store: Store) -> None:
    a1, a2, a3 = article(1, "2024-10-25"), article(2, "2025-04-29"), article(3, "2025-06-20")
    now = claim(a1, 3000, time="2024-10")
    forecast = dataclasses.replace(said(claim(a1, 10000, time="2024-12", start=30),
                                        "The agency expects the total to reach 10,000 by December."), modality="forecast")
    later = claim(a2, 15000, time="2025-04", attribution=GUR)
    plan = dataclasses.replace(said(claim(a3, 5000, time="2025-06", attribution=WEST),
                                    "North Korea will send 5,000 military builders."), modality="planned")
    t = thread_with(ledger(store, (a1, [now, forecast]), (a2, [later]), (a3, [plan])), now.id)
    marks = {c.claim_id: c.modality for c in t.claims}
    assert marks[forecast.id] == "forecast" and marks[plan.id] == "planned" and marks[now.id] == "asserted"
    assert [(e.as_of, e.best) for e in t.estimates] == [("2024-10", 3000), ("2025-04", 15000)]
    assert not any(forecast.id in (r.a, r.b) or plan.id in (r.a, r.b) for r in t.relations)


# -- outliers and per-origin series ---------------------------------------------------------------------


def test_a_lone_outlier_against_several_origins_is_flagged_not_adopted(store: Store) -> None:
    a1, a2, a3, a4 = (article(n, "2025-09-05") for n in range(1, 5))
    figures = [claim(a1, 2000, "killed", time="2025-09"), claim(a2, 2100, "killed", time="2025-09", attribution=GUR),
               claim(a3, 1900, "killed", time="2025-09", attribution=WEST),
               claim(a4, 20000, "killed", time="2025-09", attribution=Attribution("a military blogger"))]
    t = thread_with(ledger(store, *((a, [c]) for a, c in zip((a1, a2, a3, a4), figures, strict=True))), figures[0].id)
    [e] = t.estimates
    assert (e.low, e.best, e.high) == (1900, 2000, 2100)
    assert e.outliers == (figures[3].id,)


def test_two_origins_that_disagree_are_not_outliers(store: Store) -> None:
    a1, a2 = article(1, "2025-05-16"), article(2, "2025-05-16")
    low, high = claim(a1, 4, "killed", time="2025-05"), claim(a2, 52, "killed", time="2025-05", attribution=GUR)
    [e] = thread_with(ledger(store, (a1, [low]), (a2, [high])), low.id).estimates
    assert (e.low, e.best, e.high, e.outliers) == (4, 4, 52, ())


def test_each_origin_has_its_own_series(store: Store) -> None:
    arts = [article(n, d) for n, d in ((1, "2024-12-20"), (2, "2025-01-14"), (3, "2025-04-30"), (4, "2025-03-04"))]
    nis = [claim(arts[0], 100, "killed", time="2024-12"), claim(arts[1], 300, "killed", time="2025-01"),
           claim(arts[2], 600, "killed", time="2025-04")]
    other = claim(arts[3], 1000, "killed", time="2025-03", attribution=WEST)
    t = thread_with(ledger(store, *((a, [c]) for a, c in zip(arts, [*nis, other], strict=True))), other.id)
    series = origin_estimates(t.claims)
    assert [e.best for e in series["National Intelligence Service"]] == [100, 300, 600]
    assert [e.best for e in series["Western officials"]] == [1000]


# -- scene: actor and origin from the same article --------------------------------------------------------


def test_a_claim_without_nationality_takes_the_one_foreign_force_of_its_article(store: Store) -> None:
    a1 = article(1, "2025-02-14")
    named = claim(a1, 11000, time="2025-01")
    bare = claim(a1, 1000, "killed", time="2025-01", start=40, actor=None, subject="troops")
    elsewhere = claim(article(2, "2025-01-31"), 900, "killed", time="2025-01", attribution=GUR)
    found = ledger(store, (a1, [named, bare]), (article(2, "2025-01-31"), [elsewhere]))
    t = thread_with(found, bare.id)
    assert t.actor_id == "state:KP" and elsewhere.id in {c.claim_id for c in t.claims}


def test_two_foreign_forces_in_one_scene_leave_the_claim_without_an_actor(store: Store) -> None:
    a1 = article(1, "2025-02-14")
    kp = claim(a1, 11000, time="2025-01")
    ua = claim(a1, 5000, time="2025-01", start=20, actor=UA, subject="Ukrainian soldiers")
    bare = claim(a1, 1000, "killed", time="2025-01", start=40, actor=None, subject="troops")
    t = thread_with(ledger(store, (a1, [kp, ua, bare])), bare.id)
    assert t.actor_id is None


def test_a_generic_origin_is_the_named_origin_of_its_story(store: Store) -> None:
    a1 = article(1, "2025-01-24")
    named = claim(a1, 11000, time="2025-01", attribution=WEST)
    generic = claim(a1, 1000, "killed", time="2025-01", start=30, attribution=Attribution("officials", ("BBC",)))
    named_dead = claim(article(2, "2025-01-20"), 1000, "killed", time="2025-01", attribution=WEST)
    found = ledger(store, (a1, [named, generic]), (article(2, "2025-01-20"), [named_dead]))
    t = thread_with(found, generic.id)
    keys = {c.claim_id: c.evidence for c in t.claims}
    assert keys[generic.id] == keys[named_dead.id] == "actor:group:western-officials"
    assert {r.relation for r in t.relations if {r.a, r.b} == {generic.id, named_dead.id}} == {"repeats"}


def test_incremental_runs_equal_a_rebuild_with_scenes(store: Store) -> None:
    a1, a2 = article(1, "2025-02-14"), article(2, "2025-03-01")
    store.write([(a1, [claim(a1, 11000, time="2025-01"),
                       claim(a1, 1000, "killed", time="2025-01", start=40, actor=None, subject="troops")])], "t")
    reconcile(store, [a1.id])
    store.write([(a2, [claim(a2, 1200, "killed", time="2025-02", attribution=GUR),
                       claim(a2, 50, "killed", time="2025-02", start=40, actor=None, subject="troops",
                             attribution=Attribution("officials"))])], "t")
    reconcile(store, [a2.id])
    incremental = [t.to_json() for t in threads(store)]
    reconcile(store)
    assert [t.to_json() for t in threads(store)] == incremental


# -- the knowledge base a scene reads ----------------------------------------------------------------


def test_a_shared_knowledge_base_answers_for_the_packaged_one() -> None:
    """A loaded pipeline hands reconcile its knowledge base (the same packaged actors) so that
    reconcile does not load a second one; the countries come from whichever it was given."""
    from claimledger.kb import KnowledgeBase
    from claimledger.reconcile import scene

    packaged = KnowledgeBase.load()
    actor = "group:wagner"
    expected = packaged.country_of(actor)
    assert expected is not None
    try:
        scene.share_knowledge_base(packaged)
        assert scene._kb() is packaged
        assert scene.country_of(actor) == expected
        assert scene.country_of("state:UA") == "UA"
    finally:
        scene._KB.clear()
        scene._kb_country.cache_clear()
    assert scene.country_of(actor) == expected  # loaded again on its own
