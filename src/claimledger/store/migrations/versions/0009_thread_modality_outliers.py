"""Reconciliation keeps what a thread member asserts and which figures an estimate set aside: a
thread claim's modality (asserted, forecast, planned, possible, denied: only asserted claims feed
estimates) and, per estimate, the claims flagged as lone outliers rather than adopted.

Both tables are derived: rows written before this revision read as asserted with no outliers
until the next `claimledger reconcile` rebuilds them.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("thread_claims", sa.Column("modality", sa.String(16)))
    op.add_column("estimates", sa.Column("outliers", sa.Text))


def downgrade() -> None:
    # SQLite (3.35+) drops a column in place, as 0006 does.
    op.execute("ALTER TABLE estimates DROP COLUMN outliers")
    op.execute("ALTER TABLE thread_claims DROP COLUMN modality")
