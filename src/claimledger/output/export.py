"""Claims out of the ledger as JSON lines, CSV, Parquet, schema.org ClaimReview (one JSON-LD
document) or ACLED/UCDP-style event rows, streamed.

Every format carries the claim's citation (`claimledger.output.citations`): the article's URL,
title, outlet and date, the thread, the resolved origin and the claim's page on the web UI.
No format holds a list of every claim in memory: rows are written as they are read (Parquet in
row groups of `PARQUET_BATCH`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, islice
from pathlib import Path
from typing import Any, BinaryIO, TextIO

import pyarrow as pa
import pyarrow.parquet as pq

from claimledger.fields import optional_of
from claimledger.model import CLAIM_CSV, Claim
from claimledger.output.citations import CITATION_COLUMNS, DEFAULT_BASE_URL, Cited, cite
from claimledger.output.events import EVENT_COLUMNS, event_row
from claimledger.store import ClaimFilter, Store

PARQUET_BATCH = 50_000

# The claim's own columns: the claim's definition names them (`Claim`, `CLAIM_CSV`).
CSV_COLUMNS: tuple[str, ...] = tuple(entry.name for entry in CLAIM_CSV)
# What the CSV and Parquet exports write: the claim's columns, then its citation.
EXPORT_COLUMNS: tuple[str, ...] = (*CSV_COLUMNS, *CITATION_COLUMNS)
# The formats, with the file name each is offered under (CLI `--format`, API `?format=`).
EXPORT_FORMATS: dict[str, str] = {
    "jsonl": "claims.jsonl", "csv": "claims.csv", "parquet": "claims.parquet",
    "claimreview": "claimreview.jsonld", "events": "events.csv",
}
MEDIA_TYPES: dict[str, str] = {
    "jsonl": "application/x-ndjson", "csv": "text/csv; charset=utf-8",
    "parquet": "application/vnd.apache.parquet", "claimreview": "application/ld+json",
    "events": "text/csv; charset=utf-8",
}


def export_text(store: Store, format: str, handle: TextIO, where: ClaimFilter | None = None,
                base_url: str = DEFAULT_BASE_URL) -> int:
    """Write the claims matching `where` in a text format (all but parquet); returns how many."""
    rows = Counted(cite(store, store.iter_claims(where or ClaimFilter()), base_url))
    for chunk in text_chunks(store, format, rows):
        handle.write(chunk)
    return rows.n


def text_chunks(store: Store, format: str, rows: Iterable[Cited]) -> Iterator[str]:
    """A text format as pieces to write or stream: a header, then a piece per claim."""
    if format == "jsonl":
        return jsonl_lines(rows)
    if format == "csv":
        return csv_lines(EXPORT_COLUMNS, (_typed_row(row) for row in rows))
    if format == "claimreview":
        return claimreview_chunks(store, rows)
    if format == "events":
        return csv_lines(EVENT_COLUMNS, ([values[n] for n in EVENT_COLUMNS] for values in map(event_row, rows)))
    raise ValueError(f"{format!r} is not a text export format")


class Counted(Iterator[Cited]):
    """Rows passed through, counted."""

    def __init__(self, rows: Iterable[Cited]) -> None:
        self.rows = iter(rows)
        self.n = 0

    def __next__(self) -> Cited:
        row = next(self.rows)
        self.n += 1
        return row


def csv_lines(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterator[str]:
    """A header line, then a line per row (None written as a blank)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for values in chain([columns], rows):
        writer.writerow(["" if value is None else value for value in values])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def jsonl_lines(rows: Iterable[Cited]) -> Iterator[str]:
    return (json.dumps(row.claim.to_json() | row.citation(), ensure_ascii=False) + "\n" for row in rows)


def write_jsonl(rows: Iterable[Cited], handle: TextIO) -> int:
    return _write(jsonl_lines(counted := Counted(rows)), handle, counted)


def write_csv(rows: Iterable[Cited], handle: TextIO) -> int:
    counted = Counted(rows)
    return _write(csv_lines(EXPORT_COLUMNS, (_typed_row(row) for row in counted)), handle, counted)


def _write(chunks: Iterator[str], handle: TextIO, rows: Counted) -> int:
    for chunk in chunks:
        handle.write(chunk)
    return rows.n


def csv_row(claim: Claim) -> list[object]:
    """The claim's own CSV columns, blanks for missing values."""
    return ["" if entry.get(claim) is None else entry.get(claim) for entry in CLAIM_CSV]


def _typed_row(row: Cited) -> list[object]:
    """The export row with None for missing values (Parquet keeps nulls, CSV writes blanks)."""
    return [entry.get(row.claim) for entry in CLAIM_CSV] + list(row.citation().values())


def write_parquet(rows: Iterable[Cited], path: Path | BinaryIO) -> int:
    """The CSV columns as a Parquet file."""
    schema = pa.schema([(name, _PARQUET_TYPES.get(name, pa.string())) for name in EXPORT_COLUMNS])
    n = 0
    found = iter(rows)
    with pq.ParquetWriter(path if not isinstance(path, Path) else str(path), schema) as writer:
        while batch := list(islice(found, PARQUET_BATCH)):
            columns = list(zip(*(_typed_row(c) for c in batch), strict=True))
            arrays = [pa.array(col, type=f.type) for col, f in zip(columns, schema, strict=True)]
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
            n += len(batch)
    return n


def _parquet_types() -> dict[str, Any]:
    """Column -> Arrow type, from the types the claim's definition gives the CSV columns."""
    arrow = {float: pa.float64(), int: pa.int64(), bool: pa.bool_()}
    return {e.name: arrow[t] for e in CLAIM_CSV if (t := optional_of(e.type)[0]) in arrow}


_PARQUET_TYPES = _parquet_types()


def write_claimreview(store: Store, rows: Iterable[Cited], handle: TextIO) -> int:
    return _write(claimreview_chunks(store, counted := Counted(rows)), handle, counted)


def claimreview_chunks(store: Store, rows: Iterable[Cited]) -> Iterator[str]:
    """One JSON-LD document: a schema.org ClaimReview per claim under `@graph`, in pieces.

    The ledger does not rate truth; the rating states how the claim stands in its thread:
    disputed (an independent origin conflicts), corroborated (independent origins agree), single
    source, or not asserted (a forecast, plan, possibility or denial: it takes part in no relation,
    so it is never corroborated). The claim's author is its origin, its appearance the article;
    the review's `url` is the claim's page on the web UI.
    """
    standing = relation_counts(store)
    with store.connect() as tables:
        modality = tables.threads.not_asserted()
    yield '{"@context": "https://schema.org", "@graph": ['
    for i, row in enumerate(rows):
        item = claimreview(row, standing.get(row.claim.id, {}), modality.get(row.claim.id, "asserted"))
        yield ("," if i else "") + "\n" + json.dumps(item, ensure_ascii=False)
    yield "\n]}\n"


def claimreview(row: Cited, counts: dict[str, int], modality: str = "asserted") -> dict[str, Any]:
    claim, cited = row.claim, row.citation()
    if modality != "asserted":
        rating = (f"Not asserted ({modality})", 2)
    elif counts.get("conflicts"):
        rating = ("Disputed", 1)
    elif counts.get("corroborates"):
        rating = ("Corroborated", 3)
    else:
        rating = ("Single source", 2)
    appearance: dict[str, Any] = {"@type": "CreativeWork", "url": cited["article_url"],
                                  "headline": cited["article_title"], "datePublished": cited["published"]}
    if cited["outlet"]:
        appearance["publisher"] = {"@type": "Organization", "name": cited["outlet"]}
    item: dict[str, Any] = {"@type": "Claim", "datePublished": cited["published"], "appearance": appearance}
    if claim.attribution:
        actor = claim.attribution.origin_actor
        author: dict[str, Any] = {"@type": "Organization" if actor else "Thing", "name": claim.attribution.origin}
        if actor:
            author |= {"identifier": actor.id, "alternateName": actor.name}
        item["author"] = author
    review: dict[str, Any] = {
        "@type": "ClaimReview",
        "@id": row.claim_url,
        "url": row.claim_url,
        "identifier": claim.id,
        "claimReviewed": claim.quote,
        "datePublished": cited["published"],
        "author": {"@type": "Organization", "name": "claimledger"},
        "itemReviewed": item,
        "reviewRating": {"@type": "Rating", "alternateName": rating[0], "ratingValue": rating[1],
                         "bestRating": 3, "worstRating": 1},
    }
    if row.thread_url:
        review["isPartOf"] = {"@type": "CreativeWork", "identifier": row.thread_id, "url": row.thread_url}
    return review


def relation_counts(store: Store) -> dict[str, dict[str, int]]:
    """For each claim in a relation, how many relations of each kind it takes part in."""
    with store.connect() as tables:
        return tables.threads.relation_counts()
