"""The ledger's tables (SQLAlchemy Core). Alembic migrations in `migrations/` create and evolve them.

Core rather than the ORM: ingestion writes claims in bulk, and the rows map one-to-one onto the
frozen dataclasses of `claimledger.model`.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

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
    Column("id", String(24), primary_key=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("subject", Text, nullable=False),
    Column("actor_id", String(128)),
    Column("actor_name", Text),
    Column("actor_type", String(32)),
    Column("value", Float),
    Column("value_low", Float),
    Column("value_high", Float),
    Column("approx", Boolean, nullable=False, default=False),
    Column("number_text", Text),
    Column("unit", String(64)),
    Column("location_text", Text),
    Column("place_name", Text),
    Column("place_country", String(2)),
    Column("place_country_name", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("time", String(64)),
    Column("origin", Text),
    Column("conduits", Text, nullable=False, default="[]"),  # JSON list
    Column("origin_actor_id", String(128)),
    Column("hedged", Boolean, nullable=False, default=False),
    Column("quote", Text, nullable=False),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("confidence", Float, nullable=False, default=0.5),
    Column("extractor_version", String(32), nullable=False),
    Index("ix_claims_article", "article_id"),
    Index("ix_claims_kind_actor", "kind", "actor_id"),
    Index("ix_claims_origin", "origin"),
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
