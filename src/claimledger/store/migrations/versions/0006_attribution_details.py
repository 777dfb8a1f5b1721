"""The claim's attribution kept whole: its cue words and the origin actor's name and type, which
the store used to drop (a stored claim now loads back equal to the one written).

Rows stored before this revision get the origin as the origin actor's name (what loading them
used to show) and no cue or actor type.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# Repeated here rather than read from the claim's definition: a migration must not change when
# the current code does.
COLUMNS = (
    ("origin_actor_name", sa.Text),
    ("origin_actor_type", sa.String(32)),
    ("attribution_cue", sa.Text),
)


def upgrade() -> None:
    for name, type_ in COLUMNS:
        op.add_column("claims", sa.Column(name, type_))  # a plain ADD COLUMN on SQLite too
    op.execute("UPDATE claims SET origin_actor_name = origin WHERE origin_actor_id IS NOT NULL")


def downgrade() -> None:
    for name, _ in reversed(COLUMNS):
        # SQLite (3.35+) drops a column in place; a batch copy of the table would lose the
        # full-text triggers on it.
        op.execute(f"ALTER TABLE claims DROP COLUMN {name}")
