"""Web application: users and their tokens, the audit log of analyst changes, claim edits kept
as decisions, indexes for keyset pagination, and full-text search (FTS5 on SQLite).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# External-content FTS5 tables follow their source tables through triggers, so every writer
# (ingest, re-extraction, edits, bulk loads) keeps the index current without knowing it exists.
FTS = {
    "claims": ("claims_fts", ("subject", "quote")),
    "articles": ("articles_fts", ("title", "text")),
}
# Threads listed largest first, overall or within one kind, actor or country.
THREAD_INDEXES = {
    "ix_threads_size": ["claims", "id"],
    "ix_threads_kind_size": ["kind", "claims", "id"],
    "ix_threads_actor_size": ["actor_id", "claims", "id"],
    "ix_threads_country_size": ["country", "claims", "id"],
}


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "tokens",
        sa.Column("digest", sa.String(64), primary_key=True),  # sha256 of the token: never the token
        sa.Column("user_name", sa.String(64), sa.ForeignKey("users.name", ondelete="CASCADE"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("user_name", sa.String(64), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("target_type", sa.String(16), nullable=False),  # claim, thread
        sa.Column("target_id", sa.String(32), nullable=False),
        sa.Column("before", sa.Text, nullable=False),  # JSON
        sa.Column("after", sa.Text, nullable=False),  # JSON
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_audit_log_target", "audit_log", ["target_id"])
    with op.batch_alter_table("decisions") as batch:
        batch.add_column(sa.Column("changes", sa.Text))  # JSON of edited fields (action "edit")
    op.create_index("ix_claims_kind_id", "claims", ["kind", "id"])
    op.create_index("ix_claims_actor_id", "claims", ["actor_id", "id"])
    op.create_index("ix_decisions_claim", "decisions", ["claim_id"])
    for name, columns in THREAD_INDEXES.items():
        op.create_index(name, "threads", columns)
    if op.get_bind().dialect.name == "sqlite":
        for table, (fts, fields) in FTS.items():
            _sqlite_fts(table, fts, fields)


def _sqlite_fts(table: str, fts: str, columns: tuple[str, ...]) -> None:
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    op.execute(f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{table}', content_rowid='rowid')")
    op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
    op.execute(
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.rowid, {new}); END"
    )
    op.execute(
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.rowid, {old}); END"
    )
    op.execute(
        f"CREATE TRIGGER {fts}_update AFTER UPDATE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.rowid, {old}); "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.rowid, {new}); END"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for fts, _ in FTS.values():
            for suffix in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
            op.execute(f"DROP TABLE IF EXISTS {fts}")
    for name in THREAD_INDEXES:
        op.drop_index(name, "threads")
    op.drop_index("ix_decisions_claim", "decisions")
    op.drop_index("ix_claims_actor_id", "claims")
    op.drop_index("ix_claims_kind_id", "claims")
    with op.batch_alter_table("decisions") as batch:
        batch.drop_column("changes")
    op.drop_index("ix_audit_log_target", "audit_log")
    op.drop_table("audit_log")
    op.drop_table("tokens")
    op.drop_table("users")
