"""Claims out of the ledger as JSON lines, CSV, Parquet or schema.org ClaimReview, streamed.

No format holds a list of every claim in memory: rows are written as they are read (Parquet in
row groups of `PARQUET_BATCH`).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

from claimledger.errors import UsageError
from claimledger.fields import optional_of
from claimledger.model import CLAIM_CSV, Article, Claim
from claimledger.store import Store

PARQUET_BATCH = 50_000

# The CSV (and Parquet) columns: the claim's definition names them (`Claim`, `CLAIM_CSV`).
CSV_COLUMNS: tuple[str, ...] = tuple(entry.name for entry in CLAIM_CSV)


def write_jsonl(claims: Iterable[Claim], handle: TextIO) -> int:
    n = 0
    for claim in claims:
        handle.write(json.dumps(claim.to_json(), ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(claims: Iterable[Claim], handle: TextIO) -> int:
    writer = csv.writer(handle)
    writer.writerow(CSV_COLUMNS)
    n = 0
    for claim in claims:
        writer.writerow(csv_row(claim))
        n += 1
    return n


def csv_row(claim: Claim) -> list[object]:
    return ["" if value is None else value for value in _typed_row(claim)]


def _typed_row(claim: Claim) -> list[object]:
    """The CSV row with None for missing values (Parquet keeps nulls, CSV writes blanks)."""
    return [entry.get(claim) for entry in CLAIM_CSV]


def write_parquet(claims: Iterable[Claim], path: Path) -> int:
    """The CSV columns as a Parquet file (needs the `parquet` extra: pyarrow)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # an optional extra
        raise UsageError("Parquet export needs pyarrow: pip install 'claimledger[parquet]'") from exc
    schema = pa.schema([(name, _PARQUET_TYPES.get(name, pa.string())) for name in CSV_COLUMNS])
    n = 0
    rows = iter(claims)
    with pq.ParquetWriter(str(path), schema) as writer:
        while batch := list(islice(rows, PARQUET_BATCH)):
            columns = list(zip(*(_typed_row(c) for c in batch), strict=True))
            writer.write_table(pa.Table.from_arrays([pa.array(col, type=f.type) for col, f in zip(columns, schema, strict=True)],
                                                    schema=schema))
            n += len(batch)
    return n


def _parquet_types() -> dict[str, Any]:
    """Column -> Arrow type, from the types the claim's definition gives the CSV columns."""
    try:
        import pyarrow as pa
    except ImportError:
        return {}
    arrow = {float: pa.float64(), int: pa.int64(), bool: pa.bool_()}
    return {e.name: arrow[t] for e in CLAIM_CSV if (t := optional_of(e.type)[0]) in arrow}


_PARQUET_TYPES = _parquet_types()


def write_claimreview(store: Store, claims: Iterable[Claim], handle: TextIO) -> int:
    """One schema.org ClaimReview (JSON-LD) per line.

    The ledger does not rate truth; the rating states how the claim stands in its thread:
    disputed (an independent origin conflicts), corroborated (independent origins agree), single
    source, or not asserted (a forecast, plan, possibility or denial: it takes part in no relation,
    so it is never corroborated). The claim's author is its origin, its appearance the article.
    """
    standing = relation_counts(store)
    with store.connect() as tables:
        modality = tables.threads.not_asserted()
    article = _article_cache(store)
    n = 0
    for claim in claims:
        handle.write(json.dumps(claimreview(claim, article(claim.article_id), standing.get(claim.id, {}),
                                            modality.get(claim.id, "asserted")),
                                ensure_ascii=False) + "\n")
        n += 1
    return n


def claimreview(
    claim: Claim, article: Article | None, counts: dict[str, int], modality: str = "asserted"
) -> dict[str, Any]:
    meta = article.metadata if article else None
    published = meta.published.isoformat() if meta and meta.published else None
    if modality != "asserted":
        rating = (f"Not asserted ({modality})", 2)
    elif counts.get("conflicts"):
        rating = ("Disputed", 1)
    elif counts.get("corroborates"):
        rating = ("Corroborated", 3)
    else:
        rating = ("Single source", 2)
    item: dict[str, Any] = {"@type": "Claim", "datePublished": published,
                            "appearance": {"@type": "CreativeWork", "url": meta.url if meta else None,
                                           "headline": meta.title if meta else None}}
    if claim.attribution:
        linked = claim.attribution.origin_actor
        item["author"] = {"@type": "Organization" if linked else "Thing", "name": claim.attribution.origin}
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "identifier": claim.id,
        "claimReviewed": claim.quote,
        "datePublished": published,
        "author": {"@type": "Organization", "name": "claimledger"},
        "itemReviewed": item,
        "reviewRating": {"@type": "Rating", "alternateName": rating[0], "ratingValue": rating[1],
                         "bestRating": 3, "worstRating": 1},
    }


def relation_counts(store: Store) -> dict[str, dict[str, int]]:
    """For each claim in a relation, how many relations of each kind it takes part in."""
    with store.connect() as tables:
        return tables.threads.relation_counts()


def _article_cache(store: Store) -> Callable[[str], Article | None]:
    """Claims come grouped by article: keep the last one read."""
    last: dict[str, Article | None] = {}

    def get(article_id: str) -> Article | None:
        if article_id not in last:
            last.clear()
            last[article_id] = store.article(article_id)
        return last[article_id]

    return get
