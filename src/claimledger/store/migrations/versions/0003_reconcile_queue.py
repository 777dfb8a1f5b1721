"""The reconcile queue: articles whose claims are stored but not yet reconciled.

An article joins the queue in the transaction that stores it (or replaces its claims) and leaves
it in the transaction that reconciles it, so a run killed between the two is finished by the next
one. Ledgers from before this revision were reconciled at the end of each ingest: their queue
starts empty.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reconcile_queue",
        sa.Column("article_id", sa.String(32), primary_key=True),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("reconcile_queue")
