"""`claimledger demo` as a first run meets it: a short summary, not the ledger's tables."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger.cli import app

pytestmark = pytest.mark.model


def test_demo_ends_with_a_short_summary_naming_the_counts_the_url_and_the_report(
    tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["demo", "--no-serve", "--db", db_url])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) <= 8, result.output
    head = lines[0]
    for word in ("articles", "claims", "threads", "disputed"):
        assert word in head
    assert "16 articles" in head
    report = tmp_path / "claimledger-report.html"
    assert report.is_file() and str(report) in result.output


def test_demo_port_out_of_range_is_a_usage_error(db_url: str) -> None:
    result = CliRunner().invoke(app, ["demo", "--db", db_url, "--port", "70000"])
    assert result.exit_code == 2 and "--port" in result.output


def test_demo_names_the_url_it_will_serve() -> None:
    from rich.console import Console

    from claimledger.cli.demo import DemoSummary, print_demo

    console = Console(record=True, width=200)
    print_demo(DemoSummary(3, 10, 2, 1, 0, Path("/tmp/r.html")), "sqlite:///d.db", console, "http://0.0.0.0:8080/")
    text = console.export_text()
    assert "http://0.0.0.0:8080/" in text and "/tmp/r.html" in text and "1 disputed" in text


def test_ingesting_the_samples_folder_reads_the_articles_and_nothing_else() -> None:
    from claimledger.ingest import expand_paths, sample_paths
    from claimledger.ingest.samples import samples_dir

    found = sorted(str(p) for p in expand_paths([str(samples_dir())]))
    assert found == sorted(sample_paths()) and len(found) == 16


def test_a_txt_without_front_matter_is_titled_by_its_first_line_not_its_path(tmp_path: Path, db_url: str) -> None:
    import json

    (tmp_path / "note.txt").write_text(
        "\n\nShelling reported near the river crossing\n\nOfficials said 12 soldiers were killed on Monday.\n",
        encoding="utf-8")
    long_line = "Officials said 40 soldiers were killed " + "and the fighting went on " * 10
    (tmp_path / "long.txt").write_text(long_line + "\n", encoding="utf-8")
    assert CliRunner().invoke(app, ["ingest", str(tmp_path), "--db", db_url, "-q"]).exit_code == 0
    listed = CliRunner().invoke(app, ["articles", "--format", "jsonl", "--db", db_url]).output
    titles = {Path(a["source"]).name: a["title"] for a in map(json.loads, listed.splitlines())}
    assert titles["note.txt"] == "Shelling reported near the river crossing"
    assert titles["long.txt"].startswith("Officials said 40 soldiers") and titles["long.txt"].endswith("…")
    assert len(titles["long.txt"]) <= 121
