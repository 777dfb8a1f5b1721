"""Reconciliation: threads, their claims, relations, estimates, near-duplicate articles, MinHash
signatures, and analyst decisions (kept across re-extraction and rebuilds).

The derived tables have indexes rather than primary keys so that a full rebuild can drop the
indexes, bulk-load and index once (see store/schema.py).

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_claims_actor", "claims", ["actor_id"])
    op.create_table(
        "threads",
        sa.Column("id", sa.String(16), nullable=False),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("actor_key", sa.Text, nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("actor_id", sa.String(128)),
        sa.Column("country", sa.String(2)),
        sa.Column("location", sa.Text),
        sa.Column("split", sa.Text, nullable=False),
        sa.Column("claims", sa.Integer, nullable=False),
        sa.Column("origins", sa.Integer, nullable=False),
        sa.Column("first_as_of", sa.Date),
        sa.Column("last_as_of", sa.Date),
    )
    op.create_index("ix_threads_id", "threads", ["id"], unique=True)
    op.create_table(
        "thread_claims",
        sa.Column("claim_id", sa.String(24), nullable=False),
        sa.Column("thread_id", sa.String(16), nullable=False),
        sa.Column("article_id", sa.String(32), nullable=False),
        sa.Column("actor_key", sa.Text, nullable=False),
        sa.Column("as_of", sa.Date),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
    )
    op.create_index("ix_thread_claims_thread", "thread_claims", ["thread_id"])
    op.create_index("ix_thread_claims_article", "thread_claims", ["article_id"])
    op.create_index("ix_thread_claims_actor_key", "thread_claims", ["actor_key"])
    op.create_table(
        "relations",
        sa.Column("a", sa.String(24), nullable=False),
        sa.Column("b", sa.String(24), nullable=False),
        sa.Column("relation", sa.String(16), nullable=False),
        sa.Column("thread_a", sa.String(16), nullable=False),
        sa.Column("thread_b", sa.String(16), nullable=False),
    )
    op.create_index("ix_relations_thread_a", "relations", ["thread_a"])
    op.create_index("ix_relations_thread_b", "relations", ["thread_b"])
    op.create_table(
        "estimates",
        sa.Column("thread_id", sa.String(16), nullable=False),
        sa.Column("as_of", sa.String(7), nullable=False),
        sa.Column("low", sa.Float),
        sa.Column("best", sa.Float),
        sa.Column("high", sa.Float),
        sa.Column("origins", sa.Text, nullable=False),
        sa.Column("claims", sa.Text, nullable=False),
    )
    op.create_index("ix_estimates_thread", "estimates", ["thread_id"])
    op.create_table(
        "near_duplicates",
        sa.Column("article_id", sa.String(32), primary_key=True),
        sa.Column("original_id", sa.String(32), primary_key=True),
        sa.Column("similarity", sa.Float, nullable=False),
    )
    op.create_table(
        "article_signatures",
        sa.Column("article_id", sa.String(32), primary_key=True),
        sa.Column("scheme", sa.String(64), nullable=False),
        sa.Column("signature", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("thread_id", sa.String(16), nullable=False),
        sa.Column("other_thread_id", sa.String(16), nullable=False),
        sa.Column("thread_key", sa.Text, nullable=False),
        sa.Column("other_thread_key", sa.Text, nullable=False),
        sa.Column("claim_id", sa.String(24), nullable=False),
        sa.Column("article_id", sa.String(32), nullable=False),
        sa.Column("span_start", sa.Integer),
        sa.Column("span_end", sa.Integer),
        sa.Column("number_text", sa.Text),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    for table in (
        "decisions",
        "article_signatures",
        "near_duplicates",
        "estimates",
        "relations",
        "thread_claims",
        "threads",
    ):
        op.drop_table(table)
    op.drop_index("ix_claims_actor", table_name="claims")
