"""What every command shares: the Typer app, the consoles, the --db option, the output formats,
and the mapping of library errors to exit codes.

Exit codes: 0 every input ingested or skipped; 1 some inputs rejected (the rest ingested);
2 usage errors (bad flags, missing paths, unreadable settings).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text

from claimledger.errors import ClaimledgerError, SettingsError, StoreError, UsageError
from claimledger.settings import Settings, load_settings

app = typer.Typer(
    help="Build a ledger of claims from conflict reporting: who says what, when, and how sure.",
    no_args_is_help=True,
    add_completion=False,
)
# Piped or captured output gets a wide page: the ledger's tables have many columns.
# Neither console reads markup or emoji codes: every string they print (titles, URLs, file names,
# reasons, table cells) is shown as it is, so `[/oops]` in a title cannot break a command and
# `[blink]empty.txt` is printed as named. Styling is given as `Text` or `style=`, never in-band.
out = Console(width=None if sys.stdout.isatty() else 160, markup=False, emoji=False)
err = Console(stderr=True, markup=False, emoji=False)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL or SQLite path (default: $CLAIMLEDGER_DB or ./claimledger.db)"),
]


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


class ClaimOrder(str, Enum):
    newest = "newest"  # by claim time, undated last
    oldest = "oldest"
    article = "article"  # grouped by article, in text order
    confidence = "confidence"  # least sure first: the review queue


class ArticleOrder(str, Enum):
    newest = "newest"  # by publication date, undated last
    oldest = "oldest"


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    claimreview = "claimreview"
    events = "events"


def settings_from(**flags: object) -> Settings:
    return load_settings().with_overrides(**flags)


@contextmanager
def cli_errors() -> Iterator[None]:
    """Library errors become one clear line and an exit code; nothing else is swallowed."""
    try:
        yield
    except (UsageError, SettingsError) as exc:
        err.print(Text.assemble(("error:", "red"), f" {exc}"))
        raise typer.Exit(2) from exc
    except ClaimledgerError as exc:
        err.print(Text.assemble(("error:", "red"), f" {exc}"))
        raise typer.Exit(1) from exc


def open_ledger(settings: Settings):  # type: ignore[no-untyped-def]
    from claimledger.store import open_store

    try:
        return open_store(settings.db_url)
    except StoreError as exc:
        raise UsageError(str(exc)) from exc
