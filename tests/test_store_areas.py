"""The store's areas (`Store.begin()` / `Store.connect()` -> tables.users, .review, .claims,
.articles, .threads, .search): each query method on a small ledger built in code."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from claimledger.model import Actor, Article, Attribution, Claim, Decision, Estimate, Metadata, NearDuplicate, Relation, Span
from claimledger.store import ClaimFilter, ClaimQuery, Store
from claimledger.store.review import ClaimReview
from claimledger.store.threads import ThreadRow

A1, A2 = "a" * 32, "b" * 32


def _article(article_id: str, title: str, text: str, published: dt.date | None = None) -> Article:
    return Article(id=article_id, source=f"fixtures/{title}.txt", text=text,
                   metadata=Metadata(title=title, outlet="Test Wire", published=published), cleaner_version="t")


def _claim(article_id: str, start: int, kind: str = "killed", number: str = "40", **fields: Any) -> Claim:
    values: dict[str, Any] = {"subject": "soldiers", "quote": f"Officials said {number} soldiers were killed.",
                              "value": 40.0, "time": "2025-01", "extractor_version": "t"}
    return Claim(article_id=article_id, kind=kind, span=Span(start, start + len(number)), number_text=number,
                 **(values | fields))


KILLED = _claim(A1, 15, actor=Actor("state:RU", "Russia", "state"), attribution=Attribution("officials", ("Test Wire",)))
DISPLACED = _claim(A1, 60, kind="displaced", number="3,000", subject="residents", value=3000.0, time="2024-11",
                   quote="Some 3,000 residents fled the harbour town.")
WOUNDED = _claim(A2, 10, kind="wounded", number="12", subject="civilians", value=12.0, time="2025-03-02",
                 actor=Actor("state:UA", "Ukraine", "state"), attribution=Attribution("the ministry"))


@pytest.fixture()
def ledger(store: Store) -> Store:
    store.write([
        (_article(A1, "Harbour", "Officials said 40 soldiers were killed. Some 3,000 residents fled the harbour town.",
                  dt.date(2025, 1, 5)), [KILLED, DISPLACED]),
        (_article(A2, "Ministry", "The ministry said 12 civilians were wounded in the port."), [WOUNDED]),
    ], "t")
    return store


# -- users -------------------------------------------------------------------------------------------


def test_users_are_kept_with_the_digests_of_their_tokens(store: Store) -> None:
    with store.begin() as tables:
        tables.users.add("rosa")
        tables.users.add("ada")
        tables.users.add_token("d" * 64, "rosa")
    with store.connect() as tables:
        assert tables.users.names() == ["ada", "rosa"]
        assert tables.users.exists("rosa") and not tables.users.exists("nobody")
        assert tables.users.user_of_token("d" * 64) == "rosa"
        assert tables.users.user_of_token("e" * 64) is None


def test_a_failed_transaction_keeps_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError), store.begin() as tables:
        tables.users.add("rosa")
        raise RuntimeError("the caller changed its mind")
    with store.connect() as tables:
        assert tables.users.names() == []


# -- review ------------------------------------------------------------------------------------------


def test_a_correction_changes_the_claim_and_the_audit_log_says_so(ledger: Store) -> None:
    with ledger.begin() as tables:
        assert tables.review.claim_values(KILLED.id, ["value", "location_text"]) == {"value": 40.0, "location_text": None}
        tables.review.correct_claim(KILLED.id, {"value": 45.0})
        entry = tables.review.audit("rosa", "edit", "claim", KILLED.id, {"value": 40.0}, {"value": 45.0}, " typo ")
    assert entry.after == {"value": 45.0, "note": "typo"}
    assert [c.value for c in ledger.claims_by_id([KILLED.id])] == [45.0]
    with ledger.connect() as tables:
        [read] = tables.review.audit_entries([KILLED.id])
        assert (read.id, read.user, read.action, read.before, read.after) == (entry.id, "rosa", "edit", entry.before,
                                                                             entry.after)
        assert tables.review.audit_entries(["nothing"]) == []


@pytest.mark.parametrize(
    ("decision", "found"),
    [
        (Decision("edit", claim_id=KILLED.id, article_id=A1), KILLED.id),  # by id
        (Decision("edit", claim_id="gone", article_id=A1, span_start=60, span_end=65), DISPLACED.id),  # by span
        (Decision("edit", claim_id="gone", article_id=A1, span_start=58, span_end=64, number_text="3,000"),
         DISPLACED.id),  # an overlapping span with the same number words
        (Decision("edit", claim_id="gone", article_id=A1, span_start=58, span_end=64, number_text="3000"), None),
        (Decision("edit", claim_id="gone", article_id=A2, span_start=60, span_end=65), None),  # other article
        (Decision("edit", claim_id="gone", article_id=A1), None),  # no span to go by
    ],
)
def test_a_decision_finds_its_claim_again(ledger: Store, decision: Decision, found: str | None) -> None:
    with ledger.connect() as tables:
        assert tables.review.find_again(decision) == found


@pytest.mark.parametrize(
    ("actions", "review"),
    [
        (["accept"], ClaimReview("accepted", False)),
        (["reject"], ClaimReview("rejected", False)),
        (["edit"], ClaimReview(None, True)),
        (["accept", "edit", "reject"], ClaimReview("rejected", True)),
        (["reject", "accept"], ClaimReview("accepted", False)),
        (["merge"], None),  # not a review of the claim
    ],
)
def test_the_latest_accept_or_reject_decides(ledger: Store, actions: list[str], review: ClaimReview | None) -> None:
    with ledger.begin() as tables:
        tables.review.add_decisions([Decision(a, claim_id=KILLED.id, article_id=A1) for a in actions])
    with ledger.connect() as tables:
        assert tables.review.claim_reviews([KILLED.id]).get(KILLED.id) == review


def test_decisions_come_back_in_the_order_they_were_made(ledger: Store) -> None:
    made = [Decision("edit", claim_id=KILLED.id, article_id=A1, changes=(("value", 41.0),)),
            Decision("reject", claim_id=WOUNDED.id, article_id=A2, note="duplicate"),
            Decision("edit", claim_id=WOUNDED.id, article_id=A2, changes=(("unit", "people"),))]
    with ledger.begin() as tables:
        tables.review.add_decisions(made)
    with ledger.connect() as tables:
        every = tables.review.decisions()
        assert [(d.action, d.claim_id, d.changes, d.note) for d in every] == [
            (d.action, d.claim_id, d.changes, d.note) for d in made
        ]
        assert [d.claim_id for d in tables.review.decisions("edit", [A2])] == [WOUNDED.id]
        assert tables.review.decisions("edit", []) == []


# -- claims ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "found"),
    [
        (ClaimQuery(), {KILLED, DISPLACED, WOUNDED}),
        (ClaimQuery(kind="wounded"), {WOUNDED}),
        (ClaimQuery(article_id=A1), {KILLED, DISPLACED}),
        (ClaimQuery(actor="state:RU"), {KILLED}),
        (ClaimQuery(actor="ukr"), {WOUNDED}),
        (ClaimQuery(origin="test wire"), {KILLED}),  # a conduit
        (ClaimQuery(origin="100%"), set()),  # % is a character, not a wildcard
        (ClaimQuery(since="2025"), {KILLED, WOUNDED}),
        (ClaimQuery(since="2025-01-20"), {KILLED, WOUNDED}),  # compared at the coarser precision
        (ClaimQuery(until="2024-12"), {DISPLACED}),
        (ClaimQuery(q="residents fled"), {DISPLACED}),
        (ClaimQuery(q="civilians", kind="killed"), set()),
    ],
)
def test_claim_filters(ledger: Store, query: ClaimQuery, found: set[Claim]) -> None:
    claims, after = ledger.claim_page(query)
    assert {c.id for c in claims} == {c.id for c in found}
    assert after is None


def test_claims_page_by_id(ledger: Store) -> None:
    ids = sorted(c.id for c in (KILLED, DISPLACED, WOUNDED))
    first, after = ledger.claim_page(ClaimQuery(limit=2))
    assert [c.id for c in first] == ids[:2] and after == ids[1]
    rest, last = ledger.claim_page(ClaimQuery(after=after, limit=2))
    assert [c.id for c in rest] == ids[2:] and last is None


def test_claim_facts_as_reconciliation_reads_them(ledger: Store) -> None:
    with ledger.connect() as tables:
        assert [f.id for f in tables.claims.facts({"killed", "wounded"}, with_actor=True)] == [KILLED.id, WOUNDED.id]
        assert [f.id for f in tables.claims.facts({"displaced"}, with_actor=False)] == [DISPLACED.id]
        assert tables.claims.subject_counts({"displaced", "killed"}) == {"residents": 1}
        assert tables.claims.with_and_without_actor() == (2, 1)
        assert tables.claims.actor_splits([0.5, 0.5]) == ["state:UA"]
        assert {f.id for f in tables.claims.facts_of_articles([A1], {"killed", "displaced"})} == {KILLED.id, DISPLACED.id}
        assert tables.claims.ids_like(KILLED.id[:10]) == [KILLED.id]
        assert sorted(tables.claims.origin_counts(10)) == [("officials", 1), ("the ministry", 1)]
        assert tables.claims.conduit_counts() == [('["Test Wire"]', 1, 0)]


# -- articles ----------------------------------------------------------------------------------------


def test_articles_page_by_id_with_their_claim_counts(ledger: Store) -> None:
    with ledger.connect() as tables:
        first, after = tables.articles.page(None, 1)
        assert [(a.id, a.claims) for a in first] == [(A1, 2)] and after == A1
        rest, last = tables.articles.page(after, 1)
        assert [(a.id, a.claims) for a in rest] == [(A2, 1)] and last is None
        assert [a.id for a in tables.articles.page(None, 5, "ministry")[0]] == [A2]
        assert [a.id for a in tables.articles.summaries()] == [A1, A2]  # dated first
        assert tables.articles.get(A2) is not None and tables.articles.get("c" * 32) is None


def test_signatures_and_near_duplicates(ledger: Store) -> None:
    with ledger.begin() as tables:
        tables.articles.save_signatures("v1", [(A1, b"\x01"), (A2, b"\x02")])
        tables.articles.add_near_duplicates([NearDuplicate(A2, A1, 0.9)])
        tables.articles.add_near_duplicates([NearDuplicate(A2, A1, 0.9)])  # known: not added twice
    with ledger.begin() as tables:
        assert tables.articles.signatures("v1", [A2]) == {A2: b"\x02"}
        assert tables.articles.near_duplicates() == [NearDuplicate(A2, A1, 0.9)]
        tables.articles.forget_other_signatures("v2")
        assert tables.articles.signatures("v1") == {}
        assert dict(tables.articles.texts([A2]))[A2].startswith("The ministry")


# -- threads -----------------------------------------------------------------------------------------


def _thread(thread_id: str, kind: str, actor_key: str, size: int) -> ThreadRow:
    return ThreadRow(thread_id, f"{kind}|{actor_key}|", kind, actor_key, actor_key.title(), None, None, None, "",
                     size, 1, "2025-01-01", "2025-01-31")


def test_threads_written_read_paged_and_deleted(ledger: Store) -> None:
    with ledger.begin() as tables:
        writer = tables.threads.writer()
        writer.add(_thread("t1", "killed", "russia", 1), [(KILLED.id, "t1", A1, "russia", "2025-01-05", "officials", "e1", "asserted")],
                   [Relation(KILLED.id, WOUNDED.id, "conflicts", "t1", "t2")],
                   [("t1", "2025-01", 40.0, 40.0, 40.0, '["officials"]', f'["{KILLED.id}"]', "[]")])
        writer.add(_thread("t2", "wounded", "ukraine", 2), [(WOUNDED.id, "t2", A2, "ukraine", None, "the ministry", "e2", "asserted")],
                   [], [])
        writer.flush()
    with ledger.connect() as tables:
        assert tables.threads.count() == 2
        assert tables.threads.find("t1") == ("t1", "killed|russia|")
        assert tables.threads.find("t") is None  # not unique
        assert tables.threads.of_claim(KILLED.id) == "t1" and tables.threads.holds("t1", KILLED.id)
        assert not tables.threads.holds("t2", KILLED.id)
        assert [t.id for t in tables.threads.page(None, None, None, None, 5)] == ["t2", "t1"]  # largest first
        assert [t.id for t in tables.threads.page(None, None, None, (2, "t2"), 5)] == ["t1"]
        assert [t.id for t in tables.threads.page("killed", "russ", None, None, 5)] == ["t1"]
        assert tables.threads.estimate_series(["t1", "t2"]) == {"t1": [Estimate("2025-01", 40.0, 40.0, 40.0)]}
        assert tables.threads.relation_counts() == {KILLED.id: {"conflicts": 1}, WOUNDED.id: {"conflicts": 1}}
        assert tables.threads.actor_keys_of_articles([A1]) == {"russia"}
        [read] = tables.threads.read(["t1"])
        assert [m.claim_id for m in read.claims] == [KILLED.id] and read.estimates[0].claims == (KILLED.id,)
    with ledger.begin() as tables:
        tables.threads.delete_units(["russia"])
    with ledger.connect() as tables:
        assert [t.id for t in tables.threads.read()] == ["t2"]
        assert tables.threads.relation_counts() == {}


def test_articles_wait_in_the_queue_until_reconciled(ledger: Store) -> None:
    assert ledger.unreconciled() == [A1, A2]
    with ledger.begin() as tables:
        tables.threads.lock_for_reconcile()
        tables.threads.dequeue([A1])
    assert ledger.unreconciled() == [A2]


# -- search ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "articles", "claims"),
    [
        ("harbour", [A1], [DISPLACED.id]),
        ("ministry civilians", [A2], []),  # the claim's quote does not name the ministry
        ("civilians", [A2], [WOUNDED.id]),
        ("\"; DROP TABLE claims; --", [], []),
    ],
)
def test_search_matches_every_word(ledger: Store, words: str, articles: list[str], claims: list[str]) -> None:
    with ledger.connect() as tables:
        assert [a.id for a in tables.search.articles(words, 10)] == articles
        assert [c.id for c in tables.search.claims(words, 10)] == claims


def test_claims_page_least_sure_first(store: Store) -> None:
    sure = _claim(A1, 15, confidence=0.9)
    unsure = _claim(A1, 60, kind="displaced", number="3,000", value=3000.0, confidence=0.2)
    also_unsure = _claim(A1, 80, kind="wounded", number="12", value=12.0, confidence=0.2)
    store.write([(_article(A1, "Harbour", "Officials said 40 soldiers were killed."), [sure, unsure, also_unsure])], "t")
    expected = [c.id for c in sorted((unsure, also_unsure), key=lambda c: c.id)] + [sure.id]
    seen: list[str] = []
    after = None
    while True:
        page, after = store.claim_page(ClaimQuery(after=after, limit=1, sort="confidence"))
        seen += [c.id for c in page]
        if after is None:
            break
        assert after.startswith("0.")  # the cursor holds the confidence, then the id
    assert seen == expected
    listed = list(store.iter_claims(ClaimFilter(sort="confidence")))
    assert [c.confidence for c in listed] == [0.2, 0.2, 0.9]
