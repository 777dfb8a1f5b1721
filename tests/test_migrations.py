"""Upgrades: a ledger made by the first schema, with data and analyst decisions added at the
revision that introduced them, upgraded to the latest schema and used. On the suite's backend."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import column, create_engine, insert, inspect, table

from claimledger.model import Actor, Rejection
from claimledger import store as store_package
from claimledger.reconcile import reconcile, threads
from claimledger.store import _claim_row, migrate, open_store
from claimledger.store.articles import article_row, citation_row
from claimledger.store.schema import articles, citations, rejections
from test_reconcile import GUR, WEST, article, claim
from test_store import _article, _claim

VERSIONS = Path(store_package.__file__).parent / "migrations" / "versions"
REVISIONS = sorted(path.name.split("_", 1)[0] for path in VERSIONS.glob("[0-9]*_*.py"))


def _ledger_at_0001(url: str):
    """Articles, citations, claims and a rejection, written as the first schema holds them."""
    a1, a2, a3 = article(1, "2025-01-10"), article(2, "2025-02-10"), article(3, "2025-03-05")
    kept = claim(a1, 11000, attribution=GUR)
    other = claim(a2, 12000, attribution=WEST, time="2025-01")
    wrong = claim(a3, 170, start=10)  # an analyst will reject this one
    engine = create_engine(url)
    migrate(engine, "0001")
    now = dt.datetime(2025, 3, 6, tzinfo=dt.UTC)
    cited = _article("c" * 32)
    with engine.begin() as conn:
        conn.execute(insert(articles), [article_row(a, "t", now) for a in (a1, a2, a3, cited)])
        conn.execute(insert(citations), [citation_row(cited.id, 0, cited.citations[0])])
        # the columns of the first schema: later revisions added claim fields
        first = [c["name"] for c in inspect(conn).get_columns("claims")]
        rows = [_claim_row(c) for c in (kept, other, wrong, _claim("c" * 32))]
        conn.execute(insert(table("claims", *map(column, first))), [{k: r[k] for k in first} for r in rows])
        conn.execute(insert(rejections), [{"id": "r" * 32, "source": "empty.txt", "content_id": None,
                                           "reason": "empty file", "rejected_at": now}])
    return engine, (kept, other, wrong)


def test_every_revision_upgrades_and_downgrades_in_turn(db_url: str) -> None:
    engine = create_engine(db_url)
    for revision in REVISIONS:
        migrate(engine, revision)
    assert "reconcile_queue" in inspect(engine).get_table_names()
    for revision in reversed(REVISIONS[:-1]):
        migrate(engine, revision)
    assert set(inspect(engine).get_table_names()) == {"alembic_version", "articles", "citations", "claims", "rejections"}
    migrate(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate(engine)
    assert "decisions" in inspect(engine).get_table_names()
    engine.dispose()


def test_a_first_schema_ledger_with_analyst_decisions_upgrades_and_keeps_working(db_url: str) -> None:
    engine, (kept, other, wrong) = _ledger_at_0001(db_url)
    migrate(engine, "0002")  # reconciliation arrives; an analyst rejects a claim
    # Written as revision 0002 holds decisions: the current table has columns added later.
    decisions_0002 = table("decisions", *(column(name) for name in (
        "action", "thread_id", "other_thread_id", "thread_key", "other_thread_key", "claim_id", "article_id",
        "span_start", "span_end", "number_text", "label", "note", "created_at")))
    with engine.begin() as conn:
        conn.execute(insert(decisions_0002), [{
            "action": "reject", "thread_id": "", "other_thread_id": "", "thread_key": "", "other_thread_key": "",
            "label": "", "claim_id": wrong.id, "article_id": wrong.article_id,
            "span_start": wrong.span.start, "span_end": wrong.span.end, "number_text": wrong.number_text,
            "note": "a calibre", "created_at": dt.datetime(2025, 3, 7, tzinfo=dt.UTC)}])
    engine.dispose()

    store = open_store(db_url)  # upgrades to the latest revision
    try:
        assert store.counts() == {"articles": 4, "claims": 4, "rejected": 1}
        loaded = {c.id: c for c in store.claims()}
        assert loaded[kept.id].to_json() == kept.to_json()
        # 0006: the origin actor's name was not kept before; it reads as the origin, as it used to
        assert kept.attribution is not None and kept.attribution.origin_actor is not None
        back = loaded[kept.id].attribution
        assert back is not None and back.origin_actor == Actor(kept.attribution.origin_actor.id, kept.origin or "")
        cited = store.article("c" * 32)
        assert cited is not None and cited.citations[0].author == "Roe"
        assert store.rejections() == [Rejection("empty.txt", "empty file")]
        assert store.unreconciled() == []  # an older ledger starts with an empty queue

        # New articles join: the ledger that predates reconciliation is threaded whole, and the
        # decision made before the upgrade holds.
        a4 = article(4, "2025-03-20")
        store.write([(a4, [claim(a4, 12000, attribution=WEST, time="2025-03")])], "t2")
        assert store.unreconciled() == [a4.id]
        reconcile(store, store.unreconciled())
        assert store.unreconciled() == []
        threaded = {c.claim_id for t in threads(store) for c in t.claims}
        assert {kept.id, other.id} <= threaded and wrong.id not in threaded
        reconcile(store)
        assert wrong.id not in {c.claim_id for t in threads(store) for c in t.claims}
    finally:
        store.close()


@pytest.mark.sqlite_only(reason="a file path as the database, as users give it on the command line")
def test_a_plain_path_to_an_older_ledger_is_upgraded(tmp_path) -> None:
    path = tmp_path / "old.db"
    engine, _ = _ledger_at_0001(f"sqlite:///{path}")
    engine.dispose()
    from claimledger.settings import database_url

    store = open_store(database_url(str(path)))
    assert store.counts()["claims"] == 4 and store.unreconciled() == []
    store.close()
