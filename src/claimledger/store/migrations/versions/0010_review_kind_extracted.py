"""Review corrects a claim's kind: the kind extraction gave is kept beside it (`kind_extracted`,
NULL until review changes the kind), so the claim's id, a hash of its extracted identity, stays
the same and the correction finds its claim again after re-extraction.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("claims", sa.Column("kind_extracted", sa.String(32)))


def downgrade() -> None:
    op.execute("ALTER TABLE claims DROP COLUMN kind_extracted")  # SQLite 3.35+ drops in place
