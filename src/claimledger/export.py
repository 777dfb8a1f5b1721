"""Claims out of the ledger as JSON lines or CSV, streamed (no list of every claim in memory)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import TextIO

from claimledger.model import Claim

CSV_COLUMNS = (
    "id", "article_id", "kind", "subject", "actor", "value", "value_low", "value_high", "approx",
    "number_text", "unit", "location", "place", "country", "lat", "lon", "time", "attributed_to",
    "origin", "conduits", "hedged", "quote", "span_start", "span_end", "confidence",
    "extractor_version",
)


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
    data = claim.to_json()
    place = claim.location.place if claim.location else None
    return [
        data["id"], data["article_id"], data["kind"], data["subject"],
        claim.actor.name if claim.actor else "", _blank(data["value"]), _blank(data["value_low"]),
        _blank(data["value_high"]), data["approx"], data["number_text"] or "", data["unit"] or "",
        data["location"] or "", place.name if place else "", place.country if place else "",
        _blank(place.lat if place else None), _blank(place.lon if place else None),
        data["time"] or "", data["attributed_to"] or "", data["origin"] or "",
        "; ".join(data["conduits"]), data["hedged"], data["quote"], claim.start, claim.end,
        data["confidence"], data["extractor_version"],
    ]


def _blank(value: object) -> object:
    return "" if value is None else value
