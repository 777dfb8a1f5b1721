"""`claimledger demo`: build the ledger from the bundled sample corpus and show it."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from claimledger.ingest import sample_paths
from claimledger.orchestrate import Pipeline, ingest
from claimledger.reconcile import threads as load_threads
from claimledger.output.report import build_report, render_html, value_text
from claimledger.settings import Settings
from claimledger.store import open_store


def run_demo(settings: Settings, console: Console, report_path: Path = Path("claimledger-report.html")) -> None:
    store = open_store(settings.db_url)
    summary = ingest(sample_paths(), store, Pipeline(settings))
    console.print(
        Text.assemble(
            ("claimledger demo", "bold"),
            f": ingested {summary.ingested}, skipped {summary.skipped} (already present), "
            f"rejected {summary.rejected}, claims {summary.claims} into {settings.db_url}",
        )
    )
    data = build_report(store)
    for section in data.sections:
        table = Table("value", "subject", "actor", "where", "when", "source", title=f"{section.kind} ({section.count})",
                      title_justify="left", expand=False)
        for group in section.groups:
            for item in group.claims:
                c = item.claim
                table.add_row(
                    value_text(c), c.subject, group.actor, c.location.text if c.location else "",
                    c.time or "", item.source,
                )
        console.print(table)
    threads = load_threads(store)
    disputed = sum(r.relation == "conflicts" for t in threads for r in t.relations)
    console.print(
        f"{len(threads)} threads, {disputed} disputed pairs: "
        f"claimledger threads --db {settings.db_url}"
    )
    report_path.write_text(render_html(data), encoding="utf-8")
    console.print(f"report: {report_path.resolve()}")
