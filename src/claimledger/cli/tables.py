"""Progress bars, summaries and tables the commands print."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from claimledger.cli.common import err, out
from claimledger.errors import UsageError
from claimledger.model import Claim, Thread


@contextmanager
def progress_bar(quiet: bool, total: int) -> Iterator[Callable[[str], None]]:
    if quiet:
        yield lambda _source: None
        return
    columns = (TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("{task.description}", markup=False))  # a file name, shown as named
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("", total=total)

        def advance(source: str) -> None:
            name = Path(source.split("#", 1)[0]).name
            progress.update(task, advance=0 if "#" in source else 1, description=name)

        yield advance


def print_summary(ingested: int, skipped: int, rejected: int, claims: int) -> None:
    out.print(
        f"ingested {ingested}, skipped {skipped} (already present), rejected {rejected}, "
        f"claims {claims}"
    )


def claims_table(items: list[Claim]) -> Table:
    from claimledger.output.report import value_text  # jinja2 and the store: only when needed

    table = Table("id", "kind", "value", "subject", "where", "when", "source", "hedged", title=f"{len(items)} claims")
    for c in items:
        table.add_row(
            c.id[:8],
            c.kind,
            value_text(c),
            c.subject,
            c.location.text if c.location else "",
            c.time or "",
            c.attributed_to or "",
            "yes" if c.hedged else "",
        )
    return table


@contextmanager
def unknown_is_usage() -> Iterator[None]:
    from claimledger.reconcile import UnknownClaim, UnknownThread

    try:
        yield
    except (UnknownClaim, UnknownThread) as exc:
        raise UsageError(str(exc)) from exc


def threads_table(items: list[Thread]) -> Table:
    from claimledger.output.report import number_text

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
