"""Issue 16's first run, on a small ledger: build it from sample articles as `make demo` does, then
every export format makes a file its reader opens (pyarrow, json.load, a JSON-LD check, csv), and
every row carries the citation columns filled in."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from claimledger.cli import app
from claimledger.ingest.samples import samples_dir
from claimledger.output.citations import CITATION_COLUMNS
from claimledger.output.events import EVENT_COLUMNS
from claimledger.output.export import EXPORT_FORMATS
from claimledger.serve import create_app
from claimledger.store import open_store

pytestmark = pytest.mark.model

# A wire story and its near-copy (one thread of troops deployed), a later casualty report, and
# an article from another conflict: enough for threads, origins and places on two continents.
SAMPLES = ("01_seoul-3000-troops-wire.md", "02_seoul-3000-troops-syndicated.md",
           "05_nis-300-killed-2700-wounded.md", "11_sudan-zamzam-assault.md")
FILLED = ("article_url", "article_title", "outlet", "published", "claim_url")


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory, new_database) -> str:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("ledger")
    for name in SAMPLES:
        shutil.copy(samples_dir() / name, folder / name)
    db = new_database(folder, "exports")
    result = CliRunner().invoke(app, ["ingest", str(folder), "--db", db, "-q"])
    assert result.exit_code == 0, result.output
    return str(db)


def export(ledger: str, tmp_path: Path, format: str) -> Path:
    out = tmp_path / EXPORT_FORMATS[format]
    result = CliRunner().invoke(app, ["export", "--format", format, "--out", str(out), "--db", ledger,
                                      "--base-url", "http://ledger.test:9000/"])
    assert result.exit_code == 0, result.output
    return out


def assert_cited(rows: list[dict], claim_url: str = "claim_url") -> None:
    assert rows
    for row in rows:
        for name in FILLED:
            assert row[name], f"{name} is empty in {row}"
        assert str(row[claim_url]).startswith("http://ledger.test:9000/claims/")
    assert any(row["thread_id"] for row in rows), "no row names its thread"
    assert any(row["origin"] for row in rows) and any(row["origin_actor"] for row in rows)


def test_csv_opens_with_the_csv_reader_and_cites_each_claim(ledger: str, tmp_path: Path) -> None:
    with export(ledger, tmp_path, "csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    assert set(CITATION_COLUMNS) <= set(reader.fieldnames or ())
    assert_cited(rows)


def test_jsonl_lines_each_load_and_cite_their_claim(ledger: str, tmp_path: Path) -> None:
    rows = [json.loads(line) for line in export(ledger, tmp_path, "jsonl").read_text(encoding="utf-8").splitlines()]
    assert_cited(rows)


def test_parquet_opens_with_pyarrow_and_cites_each_claim(ledger: str, tmp_path: Path) -> None:
    table = pq.read_table(export(ledger, tmp_path, "parquet"))
    assert set(CITATION_COLUMNS) <= set(table.column_names)
    assert_cited(table.to_pylist())


def test_claimreview_is_one_json_ld_document_with_a_resolvable_url_per_review(ledger: str, tmp_path: Path) -> None:
    document = json.load(export(ledger, tmp_path, "claimreview").open(encoding="utf-8"))
    assert document["@context"] == "https://schema.org"
    reviews = document["@graph"]
    assert reviews and all(r["@type"] == "ClaimReview" for r in reviews)
    # a JSON-LD check: every node is typed, ids are absolute IRIs and unique, values are plain JSON
    assert len({r["@id"] for r in reviews}) == len(reviews)
    for review in reviews:
        assert review["url"] == review["@id"] == f"http://ledger.test:9000/claims/{review['identifier']}"
        appearance = review["itemReviewed"]["appearance"]
        assert appearance["url"].startswith("https://") and appearance["publisher"]["name"]
        assert review["itemReviewed"]["datePublished"]
    assert any("isPartOf" in r and r["isPartOf"]["url"].startswith("http://ledger.test:9000/threads/") for r in reviews)
    assert any("identifier" in r["itemReviewed"].get("author", {}) for r in reviews)  # a resolved origin


def test_events_csv_has_the_acled_ucdp_columns_with_places_dates_and_sources(ledger: str, tmp_path: Path) -> None:
    with export(ledger, tmp_path, "events").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    assert reader.fieldnames == list(EVENT_COLUMNS)
    assert rows and all(r["event_date"] and r["source"] and r["source_url"] and r["notes"] for r in rows)
    placed = [r for r in rows if r["latitude"]]
    assert placed and all(-90 <= float(r["latitude"]) <= 90 and r["country"] for r in placed)
    killed = [r for r in rows if r["event_type"] == "killed"]
    assert killed and all(r["fatalities"] == r["best"] and r["best"] for r in killed)
    assert all(r["fatalities"] == "" for r in rows if r["event_type"] != "killed")
    assert any(r["origin"] for r in rows) and any(r["thread_id"] for r in rows)


@pytest.mark.parametrize("format", list(EXPORT_FORMATS))
def test_the_api_offers_every_format_of_the_cli(ledger: str, format: str) -> None:
    store = open_store(ledger)
    try:
        answer = TestClient(create_app(store)).get("/api/export", params={"format": format})
    finally:
        store.close()
    assert answer.status_code == 200, answer.text
    assert EXPORT_FORMATS[format] in answer.headers["content-disposition"]
    if format == "parquet":
        rows = pq.read_table(io.BytesIO(answer.content)).to_pylist()
    elif format == "claimreview":
        rows = json.loads(answer.text)["@graph"]
        assert all(r["url"].startswith("http://testserver/claims/") for r in rows)
        return
    elif format == "jsonl":
        rows = [json.loads(line) for line in answer.text.splitlines()]
    else:
        rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert rows
    url = "claim_url"
    assert all(str(r[url]).startswith("http://testserver/claims/") for r in rows)
