"""The command line as a user meets it: ingest a mixed batch, list, filter, report, export."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger.cli import app

pytestmark = pytest.mark.model

GOOD = """---
title: Shelling in the east
outlet: Test Wire
published: 2025-03-04
---
Regional officials said at least 12 civilians were killed and 30 wounded when shells hit the town of Kharkiv on Monday.

The army told the Test Wire that about 2,000 troops had been sent to the area since January.
"""

OTHER = """---
title: Camp figures
outlet: Harbour Daily
published: 2025-05-10
---
More than 400,000 people have fled El Fasher since April, the UN refugee agency said.
"""


@pytest.fixture()
def batch(tmp_path: Path) -> Path:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "good.md").write_text(GOOD, encoding="utf-8")
    (folder / "other.md").write_text(OTHER, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "latin1.txt").write_bytes("Caf\xe9 with 3 soldiers".encode("latin-1"))
    (folder / "broken.md").write_text("---\ntitle: [oops\n---\nThree soldiers.\n", encoding="utf-8")
    with (folder / "huge.txt").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # 50 MB
    return folder


def run(*args: str, db: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, [*args, "--db", db])
    return result.exit_code, result.output


def test_mixed_batch_rejects_bad_files_ingests_the_rest_and_reruns_add_nothing(
    batch: Path, db_url: str
) -> None:
    db = db_url
    code, output = run("ingest", str(batch), db=db)
    assert code == 1, output
    assert "ingested 2" in output and "rejected 5" in output

    code, output = run("articles", "--rejected", "--format", "jsonl", db=db)
    reasons = {Path(r["source"]).name: r["reason"] for r in map(json.loads, output.splitlines())}
    assert set(reasons) == {"empty.txt", "binary.txt", "latin1.txt", "broken.md", "huge.txt"}
    assert "too large" in reasons["huge.txt"]
    assert "front matter" in reasons["broken.md"]
    assert "UTF-8" in reasons["latin1.txt"]

    code, before = run("claims", "--format", "jsonl", db=db)
    code, output = run("ingest", str(batch), db=db)
    assert code == 1
    assert "ingested 0, skipped 2" in output
    code, after = run("claims", "--format", "jsonl", db=db)
    assert before == after
    code, output = run("articles", "--rejected", "--format", "jsonl", db=db)
    assert len(output.splitlines()) == 5


def test_clean_batch_exits_zero_and_claims_can_be_filtered(batch: Path, db_url: str) -> None:
    db = db_url
    code, output = run("ingest", str(batch / "good.md"), str(batch / "other.md"), db=db)
    assert code == 0, output
    code, output = run("claims", "--kind", "killed", "--format", "jsonl", db=db)
    killed = [json.loads(line) for line in output.splitlines()]
    assert [c["value_low"] for c in killed] == [12]
    assert killed[0]["origin"]
    code, output = run("claims", "--origin", "Test Wire", "--format", "jsonl", db=db)
    assert any(json.loads(line)["value"] == 2000 for line in output.splitlines())
    code, output = run("claims", "--kind", "nonsense", db=db)
    assert code == 2


def test_export_and_report(batch: Path, tmp_path: Path, db_url: str) -> None:
    db = db_url
    run("ingest", str(batch / "good.md"), str(batch / "other.md"), db=db)
    code, output = run("export", "--format", "csv", db=db)
    rows = list(csv.DictReader(io.StringIO(output)))
    assert rows and {"kind", "value", "attributed_to", "quote"} <= set(rows[0])
    out_html = tmp_path / "r.html"
    code, output = run("report", "--out", str(out_html), db=db)
    assert code == 0
    html = out_html.read_text(encoding="utf-8")
    assert "killed" in html and "Kharkiv" in html
    code, output = run("report", db=db)
    assert output.startswith("# claimledger report")


def test_export_parquet_keeps_every_claim_with_types(batch: Path, tmp_path: Path, db_url: str) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    db = db_url
    run("ingest", str(batch / "good.md"), str(batch / "other.md"), db=db)
    _, jsonl = run("export", "--format", "jsonl", db=db)
    expected = [json.loads(line) for line in jsonl.splitlines()]
    out = tmp_path / "claims.parquet"
    code, _ = run("export", "--format", "parquet", "--out", str(out), db=db)
    assert code == 0
    table = pq.read_table(out).to_pylist()
    assert [r["id"] for r in table] == [c["id"] for c in expected]
    assert [r["value_low"] for r in table] == [c["value_low"] for c in expected]  # nulls stay null
    assert str(pq.read_schema(out).field("value").type) == "double"


def test_export_parquet_without_out_is_a_usage_error(db_url: str) -> None:
    code, output = run("export", "--format", "parquet", db=db_url)
    assert code == 2 and "--out" in output


def test_export_claimreview_is_json_ld_crediting_the_origin(batch: Path, db_url: str) -> None:
    db = db_url
    run("ingest", str(batch / "good.md"), str(batch / "other.md"), db=db)
    code, output = run("export", "--format", "claimreview", db=db)
    assert code == 0
    document = json.loads(output)
    assert document["@context"] == "https://schema.org"
    reviews = document["@graph"]
    [fled] = [r for r in reviews if "El Fasher" in r["claimReviewed"]]
    assert fled["@type"] == "ClaimReview" and fled["url"].startswith("http://127.0.0.1:8000/claims/")
    assert fled["itemReviewed"]["author"]["name"] == "UN refugee agency"
    assert fled["itemReviewed"]["datePublished"] == "2025-05-10"
    assert fled["reviewRating"]["alternateName"] == "Single source"


def test_extract_prints_claims_without_a_database(batch: Path) -> None:
    result = CliRunner().invoke(app, ["extract", str(batch / "other.md")])
    assert result.exit_code == 0
    [claim] = [json.loads(line) for line in result.output.splitlines()]
    assert claim["value_low"] == 400000 and claim["article"].endswith("other.md")


def test_missing_path_is_a_usage_error(tmp_path: Path, db_url: str) -> None:
    code, output = run("ingest", str(tmp_path / "missing"), db=db_url)
    assert code == 2
    assert "no such file" in output


def test_bench_reports_every_figure() -> None:
    result = CliRunner().invoke(app, ["bench", "--articles", "3", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output.strip().splitlines()[-1])
    expected = {"articles", "words", "seconds", "articles_per_s", "spacy_baseline_articles_per_s", "ratio", "peak_rss_mb"}
    assert expected <= set(figures)
    assert figures["articles"] == 3 and figures["words"] > 0 and figures["ratio"] > 0
    if Path("/proc/self/smaps_rollup").exists():  # the whole process tree, shared pages once
        assert 0 < figures["peak_total_pss_mb"] < 4 * figures["peak_rss_mb"]


def test_tree_memory_counts_a_child_process() -> None:
    import os
    import subprocess
    import sys
    import time

    from claimledger.orchestrate.bench import tree_pss_mb

    if not Path("/proc/self/smaps_rollup").exists():
        pytest.skip("needs Linux /proc")
    alone = tree_pss_mb(os.getpid())
    child = subprocess.Popen([sys.executable, "-c", "import time; b = b\"x\" * (200 * 2**20); time.sleep(30)"])
    try:
        for _ in range(100):
            if tree_pss_mb(os.getpid()) > alone + 150:
                break
            time.sleep(0.1)
        assert tree_pss_mb(os.getpid()) > alone + 150
    finally:
        child.kill()
        child.wait()
