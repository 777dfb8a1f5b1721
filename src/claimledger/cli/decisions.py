"""Analyst decisions on threads and claims, and rebuilding the threads: reconcile, merge-threads,
split-thread, reject-claim."""

from __future__ import annotations

from typing import Annotated

import typer

from claimledger.cli.common import DbOption, app, cli_errors, open_ledger, out, settings_from
from claimledger.cli.tables import unknown_is_usage


@app.command(name="reconcile")
def reconcile_command(db: DbOption = None) -> None:
    """Rebuild every thread, relation and estimate (analyst decisions are kept and replayed)."""
    from claimledger.reconcile import reconcile

    with cli_errors():
        summary = reconcile(open_ledger(settings_from(db=db)))
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

    with cli_errors(), unknown_is_usage():
        decision = merge(open_ledger(settings_from(db=db)), target, source, note)
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

    with cli_errors(), unknown_is_usage():
        made = split(open_ledger(settings_from(db=db)), thread, claims, label, note)
    out.print(f"split {len(made)} claims off thread {made[0].thread} as {label!r}")


@app.command(name="reject-claim")
def reject_claim(
    claim: Annotated[str, typer.Argument(help="Claim id or unique prefix")],
    note: Annotated[str, typer.Option(help="Why (kept with the decision)")] = "",
    db: DbOption = None,
) -> None:
    """Analyst decision: leave a claim out of threads, relations and estimates."""
    from claimledger.reconcile import reject_claim as reject

    with cli_errors(), unknown_is_usage():
        decision = reject(open_ledger(settings_from(db=db)), claim, note)
    out.print(f"rejected claim {decision.claim_id}")
