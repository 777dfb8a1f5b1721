"""PostgreSQL full-text search indexes: GIN indexes on the very expressions `serve/search.py`
matches, so a search reads the index instead of computing every row's tsvector. An article is
indexed on its first ARTICLE_CHARS characters: PostgreSQL refuses a tsvector over 1 MB, which a
10 MB article would otherwise reach (and then fail every search). SQLite has FTS5 since 0004.

Revision ID: 0005
Revises: 0004
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# Repeated here rather than imported: a migration must not change when the current code does.
# tests/test_api.py checks that these are the expressions the search builds.
ARTICLE_CHARS = 200_000
SEPARATORS = "<>&./@:\\"  # read as spaces: PostgreSQL's parser keeps hosts and paths whole
DOCUMENTS = {
    "ix_claims_search": ("claims", "coalesce(subject, '') || ' ' || coalesce(quote, '')"),
    "ix_articles_search": ("articles", f"left(coalesce(title, '') || ' ' || coalesce(text, ''), {ARTICLE_CHARS})"),
}


def document(body: str) -> str:
    spaces = " " * len(SEPARATORS)
    return f"to_tsvector('simple'::regconfig, translate({body}, '{SEPARATORS}', '{spaces}'))"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, (table, body) in DOCUMENTS.items():
        op.execute(f"CREATE INDEX {name} ON {table} USING gin (({document(body)}))")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in DOCUMENTS:
        op.execute(f"DROP INDEX IF EXISTS {name}")
