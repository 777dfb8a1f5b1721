"""Claims as event rows in the column conventions of ACLED and UCDP GED, for analysts whose tools
read those datasets (the mapping is documented in docs/exports.md).

A row is one claim, not a coded event: the ledger records what a source said, so `event_type` is
the claim's kind, the figures are the claim's, and the columns that name the source say who said
it. Columns the ledger cannot fill (admin areas) are kept, blank, so readers of those datasets
find every column they expect.
"""

from __future__ import annotations

import datetime as dt

import pycountry

from claimledger.output.citations import Cited

EVENT_COLUMNS: tuple[str, ...] = (
    "event_id", "event_date", "year", "time_precision", "date_start", "date_end", "claim_time",
    "event_type", "actor1", "actor1_id", "country", "iso", "iso2", "admin1", "location",
    "latitude", "longitude", "geo_precision", "fatalities", "low", "best", "high", "unit",
    "source", "source_url", "source_date", "source_headline", "origin", "origin_actor", "conduits",
    "hedged", "notes", "thread_id", "article_id", "claim_url",
)

FATALITY_KINDS = frozenset({"killed"})  # the kinds whose figure is a count of deaths


def event_row(row: Cited) -> dict[str, object]:
    claim, cite = row.claim, row.citation()
    start, end, precision = claim_dates(claim.time)
    if start is None and row.metadata and row.metadata.published:  # undated: the report's date
        start, precision = row.metadata.published, 3
    place = claim.location.place if claim.location else None
    low, best, high = figures(claim.value, claim.value_low, claim.value_high)
    return {
        "event_id": claim.id,
        "event_date": start.isoformat() if start else None,
        "year": start.year if start else None,
        "time_precision": precision,
        "date_start": start.isoformat() if start else None,
        "date_end": end.isoformat() if end else None,
        "claim_time": claim.time,
        "event_type": claim.kind,
        "actor1": claim.actor.name if claim.actor else None,
        "actor1_id": claim.actor.id if claim.actor else None,
        "country": place.country_name if place else None,
        "iso": numeric_code(place.country if place else None),
        "iso2": place.country if place else None,
        "admin1": None,
        "location": place.name if place else (claim.location.text if claim.location else None),
        "latitude": place.lat if place else None,
        "longitude": place.lon if place else None,
        "geo_precision": geo_precision(place.name, place.country_name) if place and place.lat is not None else None,
        "fatalities": best if claim.kind in FATALITY_KINDS else None,
        "low": low, "best": best, "high": high,
        "unit": claim.unit,
        "source": cite["outlet"],
        "source_url": cite["article_url"],
        "source_date": cite["published"],
        "source_headline": cite["article_title"],
        "origin": claim.origin,
        "origin_actor": cite["origin_actor"],
        "conduits": "; ".join(claim.conduits) or None,
        "hedged": claim.hedged,
        "notes": claim.quote,
        "thread_id": row.thread_id,
        "article_id": claim.article_id,
        "claim_url": cite["claim_url"],
    }


def figures(value: float | None, low: float | None, high: float | None) -> tuple[object, object, object]:
    """(low, best, high): the claim's own bounds, the exact figure where there is one, else the
    lower bound ("at least 12" counts 12, as ACLED's conservative fatality counts do)."""
    best = value if value is not None else (low if low is not None else high)
    return _num(low if low is not None else value), _num(best), _num(high if high is not None else value)


def claim_dates(time: str | None) -> tuple[dt.date | None, dt.date | None, int | None]:
    """(start, end, ACLED time precision) of a claim time: 1 a day, 2 a week at most, 3 longer."""
    if not time:
        return None, None, None
    first, _, last = time.partition("/")
    start = _first_day(first)
    end = _last_day(last) if last and last != ".." else (None if last else _last_day(first))
    if start is None:
        return None, None, None
    if end is None:
        return start, None, 3
    return start, end, 1 if start == end else 2 if (end - start).days < 7 else 3


def geo_precision(place: str, country_name: str | None) -> int:
    """ACLED's geo_precision: 1 the place itself, 3 only the country is known."""
    return 3 if country_name and place.casefold() == country_name.casefold() else 1


def numeric_code(alpha_2: str | None) -> int | None:
    found = pycountry.countries.get(alpha_2=alpha_2) if alpha_2 else None
    return int(found.numeric) if found else None


def _first_day(text: str) -> dt.date | None:
    parts = text.split("-")
    try:
        return dt.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


def _last_day(text: str) -> dt.date | None:
    parts = text.split("-")
    try:
        if len(parts) > 2:
            return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
        if len(parts) == 2:
            year, month = int(parts[0]), int(parts[1])
            return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        return dt.date(int(parts[0]), 12, 31)
    except ValueError:
        return None


def _num(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value
