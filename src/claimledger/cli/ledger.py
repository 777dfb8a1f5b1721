"""Commands that fill and read the ledger: ingest, extract, articles, claims, report, export, threads."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from claimledger.cli.common import (
    ArticleOrder,
    ClaimFormat,
    ClaimOrder,
    DbOption,
    ExportFormat,
    ListFormat,
    ThreadFormat,
    app,
    cli_errors,
    err,
    open_ledger,
    out,
    settings_from,
)
from claimledger.cli.tables import claims_table, print_summary, progress_bar, threads_table
from claimledger.errors import UsageError
from claimledger.languages import extraction_note
from claimledger.output.citations import DEFAULT_BASE_URL
from claimledger.model import Claim, Rejection


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders or globs to read")],
    db: DbOption = None,
    engine: Annotated[str | None, typer.Option(help="local (processes) or dask")] = None,
    workers: Annotated[int | None, typer.Option(help="Extraction processes (or local Dask workers)")] = None,
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address, with --engine dask")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar")] = False,
    allow_private_urls: Annotated[
        bool | None,
        typer.Option("--allow-private-urls", help="Let URL lists fetch private/loopback addresses"),
    ] = None,
) -> None:
    """Read articles into the ledger: clean, extract claims, store. Re-running adds nothing."""
    from claimledger.ingest import find_inputs
    from claimledger.orchestrate import Pipeline
    from claimledger.orchestrate import ingest as run_ingest

    with cli_errors():
        settings = settings_from(db=db, workers=workers, engine=engine, scheduler=scheduler,
                             allow_private_urls=allow_private_urls)
        if settings.scheduler and settings.engine != "dask":
            raise UsageError("--scheduler needs --engine dask")
        total = len(find_inputs(paths))
        store = open_ledger(settings)
        pipeline = Pipeline(settings)
        with progress_bar(quiet or not sys.stderr.isatty(), total) as advance:
            summary = run_ingest(paths, store, pipeline, progress=advance)
    print_summary(summary.ingested, summary.skipped, summary.rejected, summary.claims)
    for rejection in summary.rejections:
        err.print(f"  rejected {rejection.source}: {rejection.reason}", soft_wrap=True)
    raise typer.Exit(0 if summary.ok else 1)


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, folders or globs to read")],
    format: Annotated[ListFormat, typer.Option("--format", help="jsonl or table")] = ListFormat.jsonl,
) -> None:
    """Print the claims of the given inputs, without a database."""
    from claimledger.orchestrate import Pipeline, extract_paths

    rejected = 0
    with cli_errors():
        pipeline = Pipeline(settings_from())
        rows: list[tuple[str, Claim]] = []
        for item, claims in extract_paths(paths, pipeline):
            if isinstance(item, Rejection):
                rejected += 1
                err.print(f"rejected {item.source}: {item.reason}", soft_wrap=True)
                continue
            for claim in claims:
                if format is ListFormat.jsonl:
                    print(json.dumps({**claim.to_json(), "article": item.source}, ensure_ascii=False))
                else:
                    rows.append((item.source, claim))
        if format is ListFormat.table:
            out.print(claims_table([c for _, c in rows]))
    raise typer.Exit(1 if rejected else 0)


@app.command()
def articles(
    db: DbOption = None,
    rejected: Annotated[bool, typer.Option("--rejected", help="List rejected inputs and why")] = False,
    format: Annotated[ListFormat, typer.Option("--format")] = ListFormat.table,
    sort: Annotated[ArticleOrder, typer.Option("--sort", help="By publication date: newest or oldest first")] = ArticleOrder.newest,
) -> None:
    """List the articles in the ledger by publication date, or the inputs that were rejected."""
    with cli_errors():
        store = open_ledger(settings_from(db=db))
        if rejected:
            items = store.rejections()
            if format is ListFormat.jsonl:
                for r in items:
                    print(json.dumps({"source": r.source, "reason": r.reason, "content_id": r.content_id}))
                return
            table = Table("source", "reason", title=f"{len(items)} rejected inputs")
            for r in items:
                table.add_row(r.source, r.reason)
            out.print(table)
            return
        listed = store.articles(newest_first=sort is ArticleOrder.newest)
        if format is ListFormat.jsonl:
            for a in listed:
                m = a.metadata
                print(
                    json.dumps(
                        {
                            "id": a.id,
                            "source": a.source,
                            "title": m.title,
                            "outlet": m.outlet,
                            "author": m.author,
                            "url": m.url,
                            "published": m.published.isoformat() if m.published else None,
                            "published_inferred": m.published_inferred,
                            "language": m.language,
                            "extraction": extraction_note(m.language) or "extracted",
                            "words": a.word_count,
                            "claims": a.claims,
                        },
                        ensure_ascii=False,
                    )
                )
            return
        # An article in a language no extractor reads says why it has no claims: the column
        # appears when one does.
        notes = [extraction_note(a.metadata.language) for a in listed]
        columns = ["id", "published", "outlet", "title", "lang", "words", "claims"]
        table = Table(*columns, *(["extraction"] if any(notes) else []), title=f"{len(listed)} articles")
        for a, note in zip(listed, notes, strict=True):
            m = a.metadata
            date = (m.published.isoformat() + ("?" if m.published_inferred else "")) if m.published else ""
            row = [a.id[:8], date, m.outlet or "", m.title or a.source, m.language or "", str(a.word_count), str(a.claims)]
            table.add_row(*row, *([note or "extracted"] if any(notes) else []))
        out.print(table)


@app.command()
def claims(
    db: DbOption = None,
    kind: Annotated[str | None, typer.Option(help="Only this kind (e.g. killed, troops_deployed)")] = None,
    origin: Annotated[str | None, typer.Option(help="Origin or conduit contains this text")] = None,
    q: Annotated[str | None, typer.Option("--q", help="Quote or subject contains these words")] = None,
    format: Annotated[ClaimFormat, typer.Option("--format")] = ClaimFormat.table,
    sort: Annotated[ClaimOrder, typer.Option(
        "--sort", help="newest or oldest first by claim time, by article, or by confidence (least sure first)"
    )] = ClaimOrder.newest,
) -> None:
    """List claims in the ledger (newest first), filtered by kind, origin or text."""
    from claimledger.model import CLAIM_KINDS
    from claimledger.store import ClaimFilter

    with cli_errors():
        if kind and kind not in CLAIM_KINDS:
            raise UsageError(f"unknown kind {kind!r}; kinds: {', '.join(CLAIM_KINDS)}")
        store = open_ledger(settings_from(db=db))
        found = store.iter_claims(ClaimFilter(kind=kind, origin=origin, q=q, sort=sort.value))
        if format is ClaimFormat.jsonl:
            for claim in found:
                print(json.dumps(claim.to_json(), ensure_ascii=False))
        elif format is ClaimFormat.csv:
            from claimledger.output.citations import cite
            from claimledger.output.export import write_csv

            write_csv(cite(store, found), sys.stdout)
        else:
            out.print(claims_table(list(found)))


@app.command()
def report(
    db: DbOption = None,
    out_file: Annotated[Path | None, typer.Option("--out", help="FILE.md or FILE.html (default: Markdown to stdout)")] = None,
) -> None:
    """Write the ledger as a report: claims grouped by kind and actor, each with source and quote."""
    from claimledger.output.report import build_report, render_html, render_markdown

    with cli_errors():
        store = open_ledger(settings_from(db=db))
        data = build_report(store)
        if out_file is None:
            print(render_markdown(data))
            return
        suffix = out_file.suffix.lower()
        if suffix not in (".md", ".markdown", ".html", ".htm"):
            raise UsageError("--out must end in .md or .html")
        text = render_html(data) if suffix in (".html", ".htm") else render_markdown(data)
        out_file.write_text(text, encoding="utf-8")
        err.print(f"wrote {out_file}")


@app.command()
def export(
    format: Annotated[ExportFormat, typer.Option("--format", help="jsonl, csv, parquet, claimreview (one JSON-LD document) or events (ACLED/UCDP-style CSV)")],
    db: DbOption = None,
    out_file: Annotated[Path | None, typer.Option("--out", help="Output file (default: stdout; required for parquet)")] = None,
    base_url: Annotated[str, typer.Option("--base-url", help="Web UI the claim links point to (claimledger serve)")] = DEFAULT_BASE_URL,
) -> None:
    """Export every claim, with its citation (article URL, outlet, date, thread, origin), as JSON
    lines, CSV, Parquet, schema.org ClaimReview or ACLED/UCDP-style event rows."""
    from claimledger.output.citations import cite
    from claimledger.output.export import export_text, write_parquet

    with cli_errors():
        store = open_ledger(settings_from(db=db))
        if format is ExportFormat.parquet:
            if out_file is None:
                raise UsageError("--format parquet needs --out FILE.parquet")
            n = write_parquet(cite(store, store.iter_claims(), base_url), out_file)
        elif out_file is None:
            export_text(store, format.value, sys.stdout, base_url=base_url)
            return
        else:
            with out_file.open("w", encoding="utf-8", newline="") as handle:
                n = export_text(store, format.value, handle, base_url=base_url)
        err.print(f"wrote {n} claims to {out_file}")


@app.command()
def threads(
    db: DbOption = None,
    kind: Annotated[str | None, typer.Option(help="Only threads of this kind")] = None,
    format: Annotated[ThreadFormat, typer.Option("--format", help="table or json")] = ThreadFormat.table,
) -> None:
    """List threads: claims about one quantity, their relations and low/best/high estimates."""
    from claimledger.reconcile import threads as load_threads

    with cli_errors():
        store = open_ledger(settings_from(db=db))
        found = [t for t in load_threads(store) if kind is None or t.kind == kind]
        if format is ThreadFormat.json:
            print(json.dumps([t.to_json() for t in found], ensure_ascii=False, indent=2))
            return
        out.print(threads_table(found))
