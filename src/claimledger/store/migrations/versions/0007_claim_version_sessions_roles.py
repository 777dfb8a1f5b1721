"""Review under concurrency and sign-in apart from tokens: a version per claim (optimistic
concurrency for edits), the ledger's version (a counter every write bumps, which keys the web
application's cached answers), roles for users, revocable tokens and server-side sessions.

Users who existed before this revision become admins: until now every user could do everything,
and the first users of a ledger are those who run it. `claimledger users add` gives new users the
reviewer role unless told otherwise.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# (table, column): a plain ADD COLUMN on SQLite too
COLUMNS = (
    ("users", sa.Column("role", sa.String(16), nullable=False, server_default="admin")),
    ("tokens", sa.Column("revoked_at", sa.DateTime(timezone=True))),
)


def upgrade() -> None:
    for table, column in COLUMNS:
        op.add_column(table, column)
    op.create_table(
        "claim_versions",  # no row: version 0; kept when re-extraction replaces the claim's row
        sa.Column("claim_id", sa.String(24), primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_table(
        "ledger_state",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),  # one row, id 1
        sa.Column("version", sa.BigInteger, nullable=False),
    )
    op.execute("INSERT INTO ledger_state (id, version) VALUES (1, 1)")
    op.create_table(
        "sessions",
        sa.Column("digest", sa.String(64), primary_key=True),  # sha256 of the session id (the cookie)
        sa.Column("user_name", sa.String(64), sa.ForeignKey("users.name", ondelete="CASCADE"), nullable=False),
        sa.Column("token_digest", sa.String(64), nullable=False),  # the token that signed in
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_sessions_token", "sessions", ["token_digest"])


def downgrade() -> None:
    op.drop_index("ix_sessions_token", "sessions")
    op.drop_table("sessions")
    op.drop_table("ledger_state")
    op.drop_table("claim_versions")
    for table, column in reversed(COLUMNS):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column.name}")  # SQLite 3.35+ drops in place
