"""The store: schema by migration, idempotent writes, round trips, rejections, filters."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import inspect, text

from claimledger.model import (
    Actor,
    Article,
    Attribution,
    Citation,
    Claim,
    Location,
    Metadata,
    Place,
    Rejection,
    Span,
)
from claimledger.errors import StoreError
from claimledger.store import ClaimFilter, Store, open_store


def _article(article_id: str = "a" * 32, text: str = "Officials said 40 soldiers were killed.") -> Article:
    return Article(
        id=article_id,
        source="fixtures/a.txt",
        text=text,
        metadata=Metadata(title="Test", outlet="Test Wire", published=dt.date(2025, 1, 5)),
        citations=(Citation(text="Roe (2025) Title.", start=0, end=5, author="Roe", date=dt.date(2025, 1, 2)),),
        cleaner_version="t",
    )


def _claim(article_id: str = "a" * 32, value: float = 40, kind: str = "killed") -> Claim:
    return Claim(
        article_id=article_id,
        kind=kind,
        subject="soldiers",
        quote="Officials said 40 soldiers were killed.",
        span=Span(15, 17),
        actor=Actor("state:RU", "Russia", "state"),
        value=value,
        number_text="40",
        unit="soldiers",
        location=Location("Kursk", Place("Kursk Oblast", "RU", "Russia", 51.7, 36.2)),
        time="2025-01",
        attribution=Attribution("officials", ("Test Wire",)),
        hedged=True,
        confidence=0.8,
        extractor_version="t",
    )


def test_schema_is_created_by_migration(store: Store) -> None:
    tables = set(inspect(store.engine).get_table_names())
    assert {"articles", "citations", "claims", "rejections", "alembic_version"} <= tables


@pytest.mark.sqlite_only(reason="WAL is SQLite's journal mode")
def test_sqlite_runs_in_wal_mode(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_reopening_keeps_data_and_does_not_migrate_again(db_url: str) -> None:
    url = db_url
    first = open_store(url)
    first.write([(_article(), [_claim()])], "t")
    first.close()
    second = open_store(url)
    assert second.counts()["claims"] == 1


def test_claim_round_trips_through_the_database(store: Store) -> None:
    claim = _claim()
    store.write([(_article(), [claim])], "t")
    [back] = store.claims()
    assert back == claim
    article = store.article("a" * 32)
    assert article is not None and article.citations[0].author == "Roe"


def test_writing_the_same_article_twice_adds_nothing(store: Store) -> None:
    assert store.write([(_article(), [_claim()])], "t") == 1
    assert store.write([(_article(), [_claim()])], "t") == 0
    assert store.counts() == {"articles": 1, "claims": 1, "rejected": 0}


def test_rejections_are_recorded_once_per_source_and_content(store: Store) -> None:
    r = Rejection("x.txt", "empty file", "c" * 32)
    assert store.reject(r) is True
    assert store.reject(r) is False
    assert [x.reason for x in store.rejections()] == ["empty file"]
    store.forget_rejection("x.txt")
    assert store.rejections() == []


def test_claim_filters(store: Store) -> None:
    other = _claim(value=7, kind="wounded")
    other = _replace(other, span=Span(30, 31))
    store.write([(_article(), [_claim(), other])], "t")
    assert [c.kind for c in store.claims(ClaimFilter(kind="wounded"))] == ["wounded"]
    assert len(store.claims(ClaimFilter(origin="wire"))) == 2
    assert len(store.claims(ClaimFilter(q="soldiers killed"))) == 2
    assert store.claims(ClaimFilter(q="tanks")) == []


def test_replace_claims_swaps_one_articles_claims(store: Store) -> None:
    store.write([(_article(), [_claim()])], "t")
    store.replace_claims("a" * 32, [_claim(value=41)], "t2")
    assert [c.value for c in store.claims()] == [41]
    assert store.articles()[0].extractor_version == "t2"


def _replace(claim: Claim, **changes: object) -> Claim:
    import dataclasses

    return dataclasses.replace(claim, **changes)


def test_an_unreachable_server_is_a_store_error_that_does_not_show_the_password() -> None:
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    for scheme in ("postgresql+psycopg", "postgresql"):  # the second may lack its driver
        with pytest.raises(StoreError) as caught:
            open_store(f"{scheme}://someone:s3cret@127.0.0.1:{port}/ledger")
        assert "s3cret" not in str(caught.value) and "127.0.0.1" in str(caught.value)
    with pytest.raises(StoreError, match="cannot open database"):
        open_store("nosuchdb://x/y")
