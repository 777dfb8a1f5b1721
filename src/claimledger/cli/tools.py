"""Commands around the ledger: eval, calibrate, eval-polnear, demo, serve, bench, version."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from claimledger import __version__
from claimledger.cli.common import DbOption, app, cli_errors, out, settings_from
from claimledger.errors import StoreError, UsageError


@app.command(name="eval")
def evaluate(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of gold JSON files")],
    corpus_dir: Annotated[Path, typer.Argument(help="Folder holding the annotated articles")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON")] = False,
) -> None:
    """Score extraction against hand-made gold claims (detection F1, field accuracy, full F1)."""
    from claimledger.evaluate.run import run_evaluation

    with cli_errors():
        if not gold_dir.is_dir() or not corpus_dir.is_dir():
            raise UsageError("GOLD_DIR and CORPUS_DIR must be folders")
        result = run_evaluation(gold_dir, corpus_dir, settings_from())
    if as_json:
        print(json.dumps(result.to_json(), indent=2))
    else:
        print(result.render())


@app.command()
def calibrate(
    folders: Annotated[
        list[Path], typer.Argument(help="GOLD_DIR CORPUS_DIR pairs: gold JSON files and their articles")
    ],
    out_file: Annotated[Path, typer.Option("--out", help="Where to write the confidence model (YAML)")],
) -> None:
    """Fit the confidence model on gold sets (logistic regression over each figure's evidence,
    pooled; cross-validated by article) and write it.

    Install it as src/claimledger/data/calibration.yaml, or as calibration.yaml in `lexicon_dir`."""
    from claimledger.evaluate.calibration_run import fit_calibration

    with cli_errors():
        if len(folders) % 2:
            raise UsageError("give GOLD_DIR CORPUS_DIR in pairs")
        pairs = [(folders[i], folders[i + 1]) for i in range(0, len(folders), 2)]
        for gold_dir, corpus_dir in pairs:
            if not gold_dir.is_dir() or not corpus_dir.is_dir():
                raise UsageError(f"{gold_dir} and {corpus_dir} must be folders")
        result = fit_calibration(pairs, settings_from())
        out_file.write_text(result.to_yaml(), encoding="utf-8")
    print(result.render())
    print(f"wrote {out_file}")


@app.command(name="eval-polnear")
def evaluate_polnear(
    split_dir: Annotated[Path, typer.Argument(help="A PolNeAR split folder (text/ and attributions/)")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures and per-article details as JSON")] = False,
    limit: Annotated[int | None, typer.Option(help="Score only the first N articles")] = None,
) -> None:
    """Score attribution on PolNeAR: origins of numbers inside and outside annotated attributions,
    named sources matched, and source and cue span F1 of the attribution component."""
    from claimledger.evaluate.polnear_run import run_polnear

    with cli_errors():
        if not split_dir.is_dir():
            raise UsageError("SPLIT_DIR must be a folder")
        if limit is not None and limit <= 0:
            raise UsageError("--limit must be positive")
        result = run_polnear(split_dir, settings_from(), limit)
    if as_json:
        print(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
    else:
        print(result.render())


@app.command()
def demo(
    db: DbOption = None,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="Only build the ledger and the report")] = False,
    host: Annotated[str, typer.Option(help="Address to serve on (anything but loopback exposes the ledger)")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to serve on")] = 8000,
) -> None:
    """Build the ledger from the bundled sample corpus, summarise it, and serve the web UI."""
    from claimledger.cli.demo import run_demo

    with cli_errors():
        if not 0 < port < 65536:
            raise UsageError("--port must be between 1 and 65535")
        settings = settings_from(db=db or "claimledger-demo.db")
        run_demo(settings, out, url=None if no_serve else f"http://{host}:{port}/")
    if not no_serve:
        _serve(settings.db_url, host, port)


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to bind (anything but loopback exposes the ledger)")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    workers: Annotated[int, typer.Option(help="Server processes (they share the CSRF secret; each keeps its own cache)")] = 1,
    cache_seconds: Annotated[float, typer.Option(
        help="Answers are reused until the ledger changes; a change by another process shows within this (0: no cache)")] = 2.0,
    forwarded_allow_ips: Annotated[str, typer.Option(
        help="Proxies trusted to give the client's address (X-Forwarded-For), comma-separated IPs or networks, "
             "'*' for any; default: none, the TCP peer is the client")] = "",
    threads: Annotated[int, typer.Option(
        help="Requests per server process whose database work runs at once (in threads); fewer keep cached "
             "answers quick while uncached ones are computed, more help a PostgreSQL ledger across a network")] = 4,
) -> None:
    """Serve the REST API (/api, described at /docs) and the web UI over the ledger."""
    from claimledger.serve.proxies import proxy_options

    with cli_errors():
        if not 0 < port < 65536:
            raise UsageError("--port must be between 1 and 65535")
        if not 1 <= workers <= 64:
            raise UsageError("--workers must be between 1 and 64")
        if not 0 <= cache_seconds <= 3600:
            raise UsageError("--cache-seconds must be between 0 and 3600")
        if not 1 <= threads <= 256:
            raise UsageError("--threads must be between 1 and 256")
        proxies = proxy_options(forwarded_allow_ips)
        _serve(settings_from(db=db).db_url, host, port, workers, cache_seconds, proxies, threads)


def _serve(db_url: str, host: str, port: int, workers: int = 1, cache_seconds: float = 2.0,
           proxies: dict[str, object] | None = None, threads: int = 4) -> None:
    import uvicorn

    from claimledger.serve import ENVIRONMENT, create_app
    from claimledger.store import open_store

    with cli_errors():
        try:
            store = open_store(db_url)
        except StoreError as exc:
            raise UsageError(str(exc)) from exc
    out.print(Text.assemble(f"serving {db_url} at ", (f"http://{host}:{port}/", "bold"), " (Ctrl-C stops)"))
    from claimledger.serve.proxies import proxy_options

    proxies = proxies or proxy_options("")  # uvicorn would trust 127.0.0.1 unless told otherwise
    # no access log: at warning level nothing of it is shown, and it is looked at on every request
    quiet: dict[str, object] = {"log_level": "warning", "access_log": False}
    if workers == 1:
        uvicorn.run(create_app(store, cache_seconds=cache_seconds, threads=threads), host=host, port=port,
                    **proxies, **quiet)  # type: ignore[arg-type]
        return
    store.close()
    # worker processes build their own application from the environment, with one CSRF secret
    os.environ |= {ENVIRONMENT["db"]: db_url, ENVIRONMENT["secret"]: secrets.token_hex(32),
                   ENVIRONMENT["cache"]: str(cache_seconds), ENVIRONMENT["threads"]: str(threads)}
    uvicorn.run("claimledger.serve:app_from_environment", factory=True, workers=workers, host=host, port=port,
                **proxies, **quiet)  # type: ignore[arg-type]


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

    with cli_errors():
        if articles <= 0:
            raise UsageError("--articles must be positive")
        result = run_bench(
            articles, settings_from(workers=workers, engine=engine), baseline=not no_baseline
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
