"""The ledger's version: a counter that every transaction writing the ledger bumps as its last
statement, so that a reader (the web application's cache) can tell with one lookup of one row
whether anything changed since it last looked, whichever process made the change."""

from __future__ import annotations

from sqlalchemy import Connection, select, update

from claimledger.store.schema import ledger_state


def bump(conn: Connection) -> None:
    """Count one more change (last in its transaction: the row's lock is held only until commit)."""
    if conn.in_transaction():  # not after the transaction was rolled back on purpose
        conn.execute(update(ledger_state).where(ledger_state.c.id == 1).values(version=ledger_state.c.version + 1))


def version(conn: Connection) -> int:
    return int(conn.scalar(select(ledger_state.c.version).where(ledger_state.c.id == 1)) or 0)
