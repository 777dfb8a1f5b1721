"""`claimledger demo`: build the ledger from the bundled sample corpus and say what is in it.

The demo ends with a short summary (articles, claims, threads, disputes, where to look); the
ledger's tables are one command away (`claimledger claims`, `claimledger threads`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.text import Text

from claimledger.ingest import sample_paths
from claimledger.orchestrate import Pipeline, ingest
from claimledger.output.report import build_report, render_html
from claimledger.reconcile import threads as load_threads
from claimledger.settings import Settings
from claimledger.store import open_store


@dataclass(frozen=True, slots=True)
class DemoSummary:
    articles: int
    claims: int
    threads: int
    disputed: int  # pairs of claims from independent origins that conflict
    rejected: int
    report: Path


def build_demo(settings: Settings, report_path: Path = Path("claimledger-report.html")) -> DemoSummary:
    """Ingest the samples into the settings' database and write the HTML report."""
    store = open_store(settings.db_url)
    try:
        summary = ingest(sample_paths(), store, Pipeline(settings))
        threads = load_threads(store)
        report_path.write_text(render_html(build_report(store)), encoding="utf-8")
        counts = store.counts()
    finally:
        store.close()
    disputed = sum(r.relation == "conflicts" for t in threads for r in t.relations)
    return DemoSummary(counts["articles"], counts["claims"], len(threads), disputed, summary.rejected,
                       report_path.resolve())


def print_demo(demo: DemoSummary, db_url: str, console: Console, url: str | None) -> None:
    console.print(Text.assemble(
        ("claimledger demo", "bold"),
        f": {demo.articles} articles, {demo.claims} claims, {demo.threads} threads, "
        f"{demo.disputed} disputed pairs" + (f", {demo.rejected} rejected" if demo.rejected else ""),
    ))
    console.print(f"  ledger: {db_url}")
    console.print(f"  report: {demo.report}")
    console.print(f"  tables: claimledger claims --db {db_url}  (or threads, articles)")
    if url:
        console.print(Text.assemble("  web UI: ", (url, "bold")))


def run_demo(settings: Settings, console: Console, report_path: Path = Path("claimledger-report.html"),
             url: str | None = None) -> DemoSummary:
    demo = build_demo(settings, report_path)
    print_demo(demo, settings.db_url, console, url)
    return demo
