"""The ledger's tables (SQLAlchemy Core). Alembic migrations in `migrations/` create and evolve them.

Core rather than the ORM: ingestion writes claims in bulk, and the rows map one-to-one onto the
frozen dataclasses of `claimledger.model`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.types import TypeEngine

from claimledger.fields import Column as ClaimColumn
from claimledger.model import CLAIM_COLUMNS

metadata = MetaData()

_SQL_TYPES: dict[type, type[TypeEngine[Any]]] = {float: Float, int: Integer, bool: Boolean}


def _claim_column(column: ClaimColumn) -> Column[Any]:
    """A column of the claims table as the claim's definition describes it."""
    if column.type is str:
        sql: TypeEngine[Any] | type[TypeEngine[Any]] = String(column.length) if column.length else Text
    else:
        sql = _SQL_TYPES.get(column.type, Text)  # other values are stored encoded, as text
    links = [ForeignKey("articles.id", ondelete="CASCADE")] if column.name == "article_id" else []
    return Column(column.name, sql, *links, nullable=column.nullable, default=column.default)


articles = Table(
    "articles",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("source", Text, nullable=False),
    Column("title", Text),
    Column("url", Text),
    Column("outlet", Text),
    Column("author", Text),
    Column("published", Date),
    Column("published_inferred", Boolean, nullable=False, default=False),
    Column("language", String(16)),
    Column("text", Text, nullable=False),
    Column("word_count", Integer, nullable=False, default=0),
    Column("cleaner_version", String(32), nullable=False, default=""),
    Column("extractor_version", String(32), nullable=False, default=""),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)

citations = Table(
    "citations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("author", Text),
    Column("outlet", Text),
    Column("date", Date),
    Column("title", Text),
    Column("url", Text),
    Column("accessed", Date),
    Index("ix_citations_article", "article_id"),
)

claims = Table(
    "claims",
    metadata,
    Column("id", String(24), primary_key=True),  # Claim.id: a hash of the claim's identity
    *(_claim_column(c) for c in CLAIM_COLUMNS),  # the definition's fields (claimledger.model.Claim)
    Index("ix_claims_article", "article_id"),
    Index("ix_claims_kind_actor", "kind", "actor_id"),
    Index("ix_claims_origin", "origin"),
    Index("ix_claims_actor", "actor_id"),
    Index("ix_claims_kind_id", "kind", "id"),  # keyset pages of one kind (migration 0004)
    Index("ix_claims_actor_id", "actor_id", "id"),
)

rejections = Table(
    "rejections",
    metadata,
    Column("id", String(32), primary_key=True),  # hash of source and content: re-runs do not add rows
    Column("source", Text, nullable=False),
    Column("content_id", String(32)),
    Column("reason", Text, nullable=False),
    Column("rejected_at", DateTime(timezone=True), nullable=False),
)

# Articles stored but not yet reconciled (migration 0003): written in the transaction that stores
# an article, deleted in the one that reconciles it, so a killed run is finished by the next.
reconcile_queue = Table(
    "reconcile_queue",
    metadata,
    Column("article_id", String(32), primary_key=True),
    Column("queued_at", DateTime(timezone=True), nullable=False),
)


# -- reconciliation (migration 0002). Derived tables are rebuilt by `claimledger reconcile`;
# `decisions` holds analyst edits and is never cleared by a rebuild. The derived tables carry
# their keys as plain indexes, not primary keys, so that a full rebuild can drop them, bulk-load
# millions of rows and index once at the end (several times faster than indexing row by row).
# Uniqueness holds by construction: a rebuild writes each thread, claim and relation once.
# ------------------------------------------------------------------------------------------------

threads = Table(
    "threads",
    metadata,
    Column("id", String(16), nullable=False),
    Column("key", Text, nullable=False),  # kind|actor key|country of the automatic thread
    Column("kind", String(32), nullable=False),
    Column("actor_key", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("actor_id", String(128)),
    Column("country", String(2)),
    Column("location", Text),
    Column("split", Text, nullable=False, default=""),
    Column("claims", Integer, nullable=False, default=0),
    Column("origins", Integer, nullable=False, default=0),
    Column("first_as_of", Date),
    Column("last_as_of", Date),
    Index("ix_threads_id", "id", unique=True),
    # the web lists page threads largest first, overall or of one kind, actor or country (0004)
    Index("ix_threads_size", "claims", "id"),
    Index("ix_threads_kind_size", "kind", "claims", "id"),
    Index("ix_threads_actor_size", "actor_id", "claims", "id"),
    Index("ix_threads_country_size", "country", "claims", "id"),
)

thread_claims = Table(
    "thread_claims",
    metadata,
    Column("claim_id", String(24), nullable=False),
    Column("thread_id", String(16), nullable=False),
    Column("article_id", String(32), nullable=False),
    Column("actor_key", Text, nullable=False),
    Column("as_of", Date),
    Column("origin", Text, nullable=False),
    Column("evidence", Text, nullable=False),
    Column("modality", String(16)),  # None (rows before 0007) reads as asserted
    Index("ix_thread_claims_thread", "thread_id"),
    Index("ix_thread_claims_article", "article_id"),
    Index("ix_thread_claims_actor_key", "actor_key"),
)

relations = Table(
    "relations",
    metadata,
    Column("a", String(24), nullable=False),
    Column("b", String(24), nullable=False),
    Column("relation", String(16), nullable=False),
    Column("thread_a", String(16), nullable=False),
    Column("thread_b", String(16), nullable=False),
    Index("ix_relations_thread_a", "thread_a"),
    Index("ix_relations_thread_b", "thread_b"),
)

estimates = Table(
    "estimates",
    metadata,
    Column("thread_id", String(16), nullable=False),
    Column("as_of", String(7), nullable=False),  # YYYY-MM
    Column("low", Float),
    Column("best", Float),
    Column("high", Float),
    Column("origins", Text, nullable=False, default="[]"),  # JSON list
    Column("claims", Text, nullable=False, default="[]"),  # JSON list of claim ids
    Column("outliers", Text),  # JSON list of claim ids flagged, not adopted (None before 0007)
    Index("ix_estimates_thread", "thread_id"),
)

near_duplicates = Table(
    "near_duplicates",
    metadata,
    Column("article_id", String(32), primary_key=True),
    Column("original_id", String(32), primary_key=True),
    Column("similarity", Float, nullable=False),
)

article_signatures = Table(
    "article_signatures",
    metadata,
    Column("article_id", String(32), primary_key=True),  # content-addressed: never goes stale
    Column("scheme", String(64), nullable=False),
    Column("signature", LargeBinary, nullable=False),
)

decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("action", String(16), nullable=False),  # merge, split, reject
    Column("thread_id", String(16), nullable=False, default=""),
    Column("other_thread_id", String(16), nullable=False, default=""),
    Column("thread_key", Text, nullable=False, default=""),
    Column("other_thread_key", Text, nullable=False, default=""),
    Column("claim_id", String(24), nullable=False, default=""),
    Column("article_id", String(32), nullable=False, default=""),
    Column("span_start", Integer),
    Column("span_end", Integer),
    Column("number_text", Text),
    Column("label", Text, nullable=False, default=""),
    Column("note", Text, nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("changes", Text),  # JSON of the edited fields (action "edit", migration 0004)
    Index("ix_decisions_claim", "claim_id"),
)

# -- web application (migration 0004) --------------------------------------------------------------

users = Table(
    "users",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("role", String(16), nullable=False, server_default="admin"),  # viewer, reviewer, admin (0007)
)

tokens = Table(
    "tokens",
    metadata,
    Column("digest", String(64), primary_key=True),  # sha256 of the token: the token is never kept
    Column("user_name", String(64), ForeignKey("users.name", ondelete="CASCADE"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),  # a revoked token signs nothing (0007)
)

# The version of each claim that review has changed (0007): absent means 0. Bumped by every
# review change to the claim, so an edit made against an older version is refused. Kept apart
# from the claims table, whose columns are the claim's definition, and kept when re-extraction
# replaces the claim's row, so a version never goes back.
claim_versions = Table(
    "claim_versions",
    metadata,
    Column("claim_id", String(24), primary_key=True),
    Column("version", Integer, nullable=False),
)

# Signed-in browsers (0007): the cookie holds a random session id, kept here only as its digest;
# a session ends when it expires, when its user signs out, or when the token it began with is revoked.
sessions = Table(
    "sessions",
    metadata,
    Column("digest", String(64), primary_key=True),
    Column("user_name", String(64), ForeignKey("users.name", ondelete="CASCADE"), nullable=False),
    Column("token_digest", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
    Index("ix_sessions_token", "token_digest"),
)

# The ledger's version (0007): one row, bumped by every transaction that writes, so a reader can
# tell with one lookup whether anything changed since it last looked.
ledger_state = Table(
    "ledger_state",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("version", BigInteger, nullable=False),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_name", String(64), nullable=False),
    Column("action", String(16), nullable=False),
    Column("target_type", String(16), nullable=False),  # claim, thread
    Column("target_id", String(32), nullable=False),
    Column("before", Text, nullable=False),  # JSON
    Column("after", Text, nullable=False),  # JSON
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_audit_log_target", "target_id"),
)

DERIVED = (threads, thread_claims, relations, estimates)
