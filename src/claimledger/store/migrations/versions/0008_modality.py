"""The claim's modality: whether its source asserts the figure, forecasts it, plans it, holds it
possible or denies it.

Rows stored before this revision leave the column NULL, which loads as "asserted" (what every
claim was taken to be before).

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Repeated here rather than read from the claim's definition: a migration must not change
    # when the current code does.
    op.add_column("claims", sa.Column("modality", sa.String(16)))  # a plain ADD COLUMN on SQLite too


def downgrade() -> None:
    # SQLite (3.35+) drops a column in place; a batch copy of the table would lose the full-text
    # triggers on it.
    op.execute("ALTER TABLE claims DROP COLUMN modality")
