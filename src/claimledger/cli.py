"""The `claimledger` command: thin wrappers that call the library and map its errors to exit codes.

Exit codes: 0 every input ingested or skipped; 1 some inputs rejected (the rest ingested);
2 usage errors (bad flags, missing paths, unreadable settings).
"""

from __future__ import annotations

import json
import os
import secrets
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, TextIO, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from claimledger import __version__
from claimledger.errors import ClaimledgerError, SettingsError, StoreError, UsageError
from claimledger.model import Claim, Rejection, Thread
from claimledger.settings import Settings, load_settings

app = typer.Typer(
    help="Build a ledger of claims from conflict reporting: who says what, when, and how sure.",
    no_args_is_help=True,
    add_completion=False,
)
# Piped or captured output gets a wide page: the ledger's tables have many columns.
out = Console(width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL or SQLite path (default: $CLAIMLEDGER_DB or ./claimledger.db)"),
]
T = TypeVar("T")


class ClaimFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


class ListFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"


class ThreadFormat(str, Enum):
    table = "table"
    json = "json"


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    claimreview = "claimreview"


def _settings(**flags: object) -> Settings:
    return load_settings().with_overrides(**flags)


@contextmanager
def _errors() -> Iterator[None]:
    """Library errors become one clear line and an exit code; nothing else is swallowed."""
    try:
        yield
    except (UsageError, SettingsError) as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    except ClaimledgerError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc


def _open(settings: Settings):  # type: ignore[no-untyped-def]
    from claimledger.store import open_store

    try:
        return open_store(settings.db_url)
    except StoreError as exc:
        raise UsageError(str(exc)) from exc


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
    from claimledger.ingest import expand_paths
    from claimledger.orchestrate import Pipeline
    from claimledger.orchestrate import ingest as run_ingest

    with _errors():
        settings = _settings(db=db, workers=workers, engine=engine, scheduler=scheduler,
                             allow_private_urls=allow_private_urls)
        if settings.scheduler and settings.engine != "dask":
            raise UsageError("--scheduler needs --engine dask")
        total = len(expand_paths(paths))
        store = _open(settings)
        pipeline = Pipeline(settings)
        with _progress(quiet or not sys.stderr.isatty(), total) as advance:
            summary = run_ingest(paths, store, pipeline, progress=advance)
    _print_summary(summary.ingested, summary.skipped, summary.rejected, summary.claims)
    for rejection in summary.rejections:
        err.print(f"  rejected {rejection.source}: {rejection.reason}")
    raise typer.Exit(0 if summary.ok else 1)


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, folders or globs to read")],
    format: Annotated[ListFormat, typer.Option("--format", help="jsonl or table")] = ListFormat.jsonl,
) -> None:
    """Print the claims of the given inputs, without a database."""
    from claimledger.orchestrate import Pipeline, extract_paths

    rejected = 0
    with _errors():
        pipeline = Pipeline(_settings())
        rows: list[tuple[str, Claim]] = []
        for item, claims in extract_paths(paths, pipeline):
            if isinstance(item, Rejection):
                rejected += 1
                err.print(f"rejected {item.source}: {item.reason}")
                continue
            for claim in claims:
                if format is ListFormat.jsonl:
                    print(json.dumps({**claim.to_json(), "article": item.source}, ensure_ascii=False))
                else:
                    rows.append((item.source, claim))
        if format is ListFormat.table:
            out.print(_claims_table([c for _, c in rows]))
    raise typer.Exit(1 if rejected else 0)


@app.command()
def articles(
    db: DbOption = None,
    rejected: Annotated[bool, typer.Option("--rejected", help="List rejected inputs and why")] = False,
    format: Annotated[ListFormat, typer.Option("--format")] = ListFormat.table,
) -> None:
    """List the articles in the ledger, or the inputs that were rejected."""
    with _errors():
        store = _open(_settings(db=db))
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
        listed = store.articles()
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
                            "words": a.word_count,
                            "claims": a.claims,
                        },
                        ensure_ascii=False,
                    )
                )
            return
        table = Table("id", "published", "outlet", "title", "words", "claims", title=f"{len(listed)} articles")
        for a in listed:
            m = a.metadata
            date = (m.published.isoformat() + ("?" if m.published_inferred else "")) if m.published else ""
            table.add_row(a.id[:10], date, m.outlet or "", m.title or a.source, str(a.word_count), str(a.claims))
        out.print(table)


@app.command()
def claims(
    db: DbOption = None,
    kind: Annotated[str | None, typer.Option(help="Only this kind (e.g. killed, troops_deployed)")] = None,
    origin: Annotated[str | None, typer.Option(help="Origin or conduit contains this text")] = None,
    q: Annotated[str | None, typer.Option("--q", help="Quote or subject contains these words")] = None,
    format: Annotated[ClaimFormat, typer.Option("--format")] = ClaimFormat.table,
) -> None:
    """List claims in the ledger, filtered by kind, origin or text."""
    from claimledger.model import CLAIM_KINDS
    from claimledger.store import ClaimFilter

    with _errors():
        if kind and kind not in CLAIM_KINDS:
            raise UsageError(f"unknown kind {kind!r}; kinds: {', '.join(CLAIM_KINDS)}")
        store = _open(_settings(db=db))
        found = store.iter_claims(ClaimFilter(kind=kind, origin=origin, q=q))
        if format is ClaimFormat.jsonl:
            for claim in found:
                print(json.dumps(claim.to_json(), ensure_ascii=False))
        elif format is ClaimFormat.csv:
            from claimledger.export import write_csv

            write_csv(found, sys.stdout)
        else:
            out.print(_claims_table(list(found)))


@app.command()
def report(
    db: DbOption = None,
    out_file: Annotated[Path | None, typer.Option("--out", help="FILE.md or FILE.html (default: Markdown to stdout)")] = None,
) -> None:
    """Write the ledger as a report: claims grouped by kind and actor, each with source and quote."""
    from claimledger.report import build_report, render_html, render_markdown

    with _errors():
        store = _open(_settings(db=db))
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
    format: Annotated[ExportFormat, typer.Option("--format", help="jsonl, csv, parquet or claimreview (JSON-LD lines)")],
    db: DbOption = None,
    out_file: Annotated[Path | None, typer.Option("--out", help="Output file (default: stdout; required for parquet)")] = None,
) -> None:
    """Export every claim as JSON lines, CSV, Parquet or schema.org ClaimReview."""
    from claimledger.export import write_claimreview, write_csv, write_jsonl, write_parquet

    with _errors():
        store = _open(_settings(db=db))
        if format is ExportFormat.parquet:
            if out_file is None:
                raise UsageError("--format parquet needs --out FILE.parquet")
            n = write_parquet(store.iter_claims(), out_file)
        else:
            writers: dict[ExportFormat, Callable[[TextIO], int]] = {
                ExportFormat.jsonl: lambda h: write_jsonl(store.iter_claims(), h),
                ExportFormat.csv: lambda h: write_csv(store.iter_claims(), h),
                ExportFormat.claimreview: lambda h: write_claimreview(store, store.iter_claims(), h),
            }
            if out_file is None:
                writers[format](sys.stdout)
                return
            with out_file.open("w", encoding="utf-8", newline="") as handle:
                n = writers[format](handle)
        err.print(f"wrote {n} claims to {out_file}")


@app.command()
def threads(
    db: DbOption = None,
    kind: Annotated[str | None, typer.Option(help="Only threads of this kind")] = None,
    format: Annotated[ThreadFormat, typer.Option("--format", help="table or json")] = ThreadFormat.table,
) -> None:
    """List threads: claims about one quantity, their relations and low/best/high estimates."""
    from claimledger.reconcile import threads as load_threads

    with _errors():
        store = _open(_settings(db=db))
        found = [t for t in load_threads(store) if kind is None or t.kind == kind]
        if format is ThreadFormat.json:
            print(json.dumps([t.to_json() for t in found], ensure_ascii=False, indent=2))
            return
        out.print(_threads_table(found))


@app.command(name="reconcile")
def reconcile_command(db: DbOption = None) -> None:
    """Rebuild every thread, relation and estimate (analyst decisions are kept and replayed)."""
    from claimledger.reconcile import reconcile

    with _errors():
        summary = reconcile(_open(_settings(db=db)))
    out.print(
        f"reconciled {summary.claims} claims into {summary.threads} threads, "
        f"{summary.relations} relations, {summary.near_duplicates} near-duplicate articles "
        f"in {summary.seconds:.2f}s"
    )


@app.command(name="merge-threads")
def merge_threads(
    target: Annotated[str, typer.Argument(help="Thread that stays (id or unique prefix)")],
    source: Annotated[str, typer.Argument(help="Thread whose claims join it")],
    note: Annotated[str, typer.Option(help="Why (kept with the decision)")] = "",
    db: DbOption = None,
) -> None:
    """Analyst decision: the claims of SOURCE join TARGET, now and on every later run."""
    from claimledger.reconcile import merge_threads as merge

    with _errors(), _unknown_is_usage():
        decision = merge(_open(_settings(db=db)), target, source, note)
    out.print(f"merged thread {decision.other_thread} into {decision.thread}")


@app.command(name="split-thread")
def split_thread(
    thread: Annotated[str, typer.Argument(help="Thread to split (id or unique prefix)")],
    claims: Annotated[list[str], typer.Argument(help="Claims that leave it (ids or prefixes)")],
    label: Annotated[str, typer.Option(help="Name of the new thread")] = "split",
    note: Annotated[str, typer.Option(help="Why (kept with the decision)")] = "",
    db: DbOption = None,
) -> None:
    """Analyst decision: move CLAIMS out of THREAD into a new thread named --label."""
    from claimledger.reconcile import split_thread as split

    with _errors(), _unknown_is_usage():
        made = split(_open(_settings(db=db)), thread, claims, label, note)
    out.print(f"split {len(made)} claims off thread {made[0].thread} as {label!r}")


@app.command(name="reject-claim")
def reject_claim(
    claim: Annotated[str, typer.Argument(help="Claim id or unique prefix")],
    note: Annotated[str, typer.Option(help="Why (kept with the decision)")] = "",
    db: DbOption = None,
) -> None:
    """Analyst decision: leave a claim out of threads, relations and estimates."""
    from claimledger.reconcile import reject_claim as reject

    with _errors(), _unknown_is_usage():
        decision = reject(_open(_settings(db=db)), claim, note)
    out.print(f"rejected claim {decision.claim_id}")


@app.command(name="eval")
def evaluate(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of gold JSON files")],
    corpus_dir: Annotated[Path, typer.Argument(help="Folder holding the annotated articles")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON")] = False,
) -> None:
    """Score extraction against hand-made gold claims (detection F1, field accuracy, full F1)."""
    from claimledger.evaluation import run_evaluation

    with _errors():
        if not gold_dir.is_dir() or not corpus_dir.is_dir():
            raise UsageError("GOLD_DIR and CORPUS_DIR must be folders")
        result = run_evaluation(gold_dir, corpus_dir, _settings())
    if as_json:
        print(json.dumps(result.to_json(), indent=2))
    else:
        print(result.render())


@app.command()
def demo(
    db: DbOption = None,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="Only build and show the ledger")] = False,
) -> None:
    """Build the ledger from the bundled sample corpus and show it."""
    from claimledger.demo import run_demo

    with _errors():
        settings = _settings(db=db or "claimledger-demo.db")
        run_demo(settings, out)
    if not no_serve:
        _serve(settings.db_url, "127.0.0.1", 8000)


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to bind (anything but loopback exposes the ledger)")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    workers: Annotated[int, typer.Option(help="Server processes (they share the CSRF secret; each keeps its own cache)")] = 1,
    cache_seconds: Annotated[float, typer.Option(help="How long thread lists and sources are reused (0: never)")] = 10.0,
) -> None:
    """Serve the REST API (/api, described at /docs) and the web UI over the ledger."""
    with _errors():
        if not 0 < port < 65536:
            raise UsageError("--port must be between 1 and 65535")
        if not 1 <= workers <= 64:
            raise UsageError("--workers must be between 1 and 64")
        if not 0 <= cache_seconds <= 3600:
            raise UsageError("--cache-seconds must be between 0 and 3600")
        _serve(_settings(db=db).db_url, host, port, workers, cache_seconds)


def _serve(db_url: str, host: str, port: int, workers: int = 1, cache_seconds: float = 10.0) -> None:
    import uvicorn

    from claimledger.serve import ENVIRONMENT, create_app
    from claimledger.store import open_store

    with _errors():
        try:
            store = open_store(db_url)
        except StoreError as exc:
            raise UsageError(str(exc)) from exc
    out.print(f"serving {db_url} at [bold]http://{host}:{port}/[/bold] (Ctrl-C stops)")
    if workers == 1:
        uvicorn.run(create_app(store, cache_seconds=cache_seconds), host=host, port=port, log_level="warning")
        return
    store.close()
    # worker processes build their own application from the environment, with one CSRF secret
    os.environ |= {ENVIRONMENT["db"]: db_url, ENVIRONMENT["secret"]: secrets.token_hex(32),
                   ENVIRONMENT["cache"]: str(cache_seconds)}
    uvicorn.run("claimledger.serve:app_from_environment", factory=True, workers=workers, host=host, port=port,
                log_level="warning")


users_app = typer.Typer(help="People who may review the ledger through the web application.", no_args_is_help=True)
tokens_app = typer.Typer(help="Tokens that sign a user's changes (shown once).", no_args_is_help=True)
app.add_typer(users_app, name="users")
app.add_typer(tokens_app, name="tokens")


@users_app.command("add")
def users_add(name: Annotated[str, typer.Argument(help="User name")], db: DbOption = None) -> None:
    """Add a user (then give them a token with `claimledger tokens create NAME`)."""
    from claimledger.users import UserError, add_user

    with _errors():
        try:
            added = add_user(_open(_settings(db=db)), name)
        except UserError as exc:
            raise UsageError(str(exc)) from exc
    out.print(f"added user {added}")


@users_app.command("list")
def users_list(db: DbOption = None) -> None:
    """List users."""
    from claimledger.users import list_users

    with _errors():
        for name in list_users(_open(_settings(db=db))):
            print(name)


@tokens_app.command("create")
def tokens_create(name: Annotated[str, typer.Argument(help="User name")], db: DbOption = None) -> None:
    """Create a token for a user and print it (it is stored only as a hash)."""
    from claimledger.users import UserError, create_token

    with _errors():
        try:
            token = create_token(_open(_settings(db=db)), name)
        except UserError as exc:
            raise UsageError(str(exc)) from exc
    print(token)


@app.command()
def bench(
    articles: Annotated[int, typer.Option(help="How many synthetic articles to run")] = 200,
    workers: Annotated[int | None, typer.Option(help="Extraction processes for the pipeline run")] = None,
    engine: Annotated[str | None, typer.Option(help="local (processes) or dask")] = None,
    no_baseline: Annotated[
        bool, typer.Option("--no-baseline", help="Skip the spaCy pass (ratio is then 0)")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON")] = False,
) -> None:
    """Time the whole pipeline against a bare spaCy pass over the same text."""
    from claimledger.orchestrate.bench import run_bench

    with _errors():
        if articles <= 0:
            raise UsageError("--articles must be positive")
        result = run_bench(
            articles, _settings(workers=workers, engine=engine), baseline=not no_baseline
        )
    if as_json:
        print(json.dumps(result.to_json()))
        return
    for key, value in result.to_json().items():
        out.print(f"{key:32} {value}")


@app.command()
def version() -> None:
    """Print the claimledger version."""
    print(__version__)


# -- helpers ---------------------------------------------------------------------------------------


@contextmanager
def _progress(quiet: bool, total: int) -> Iterator[Callable[[str], None]]:
    if quiet:
        yield lambda _source: None
        return
    columns = (TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("{task.description}"))
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("", total=total)

        def advance(source: str) -> None:
            name = Path(source.split("#", 1)[0]).name
            progress.update(task, advance=0 if "#" in source else 1, description=name)

        yield advance


def _print_summary(ingested: int, skipped: int, rejected: int, claims: int) -> None:
    out.print(
        f"ingested {ingested}, skipped {skipped} (already present), rejected {rejected}, "
        f"claims {claims}"
    )


def _claims_table(items: list[Claim]) -> Table:
    table = Table("kind", "value", "subject", "where", "when", "source", "hedged", title=f"{len(items)} claims")
    for c in items:
        table.add_row(
            c.kind,
            _value_text(c),
            c.subject,
            c.location.text if c.location else "",
            c.time or "",
            c.attributed_to or "",
            "yes" if c.hedged else "",
        )
    return table


@contextmanager
def _unknown_is_usage() -> Iterator[None]:
    from claimledger.reconcile import UnknownClaim, UnknownThread

    try:
        yield
    except (UnknownClaim, UnknownThread) as exc:
        raise UsageError(str(exc)) from exc


def _threads_table(items: list[Thread]) -> Table:
    from claimledger.report import number_text

    table = Table("id", "kind", "actor", "where", "claims", "origins", "latest estimate (low / best / high)",
                  "relations", title=f"{len(items)} threads")
    for t in items:
        latest = t.estimates[-1] if t.estimates else None
        estimate = (
            f"{latest.as_of}: {number_text(latest.low)} / {number_text(latest.best)} / {number_text(latest.high)}"
            if latest else ""
        )
        counts = Counter(r.relation for r in t.relations)
        table.add_row(
            t.id, t.kind, t.actor + (f" [{t.split}]" if t.split else ""), t.location or "",
            str(len(t.claims)), str(len({c.evidence for c in t.claims})), estimate,
            ", ".join(f"{n} {rel}" for rel, n in sorted(counts.items())),
        )
    return table


def _value_text(claim: Claim) -> str:
    from claimledger.report import value_text

    return value_text(claim)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
