"""Gold annotations: hand-made claims per article, loaded and checked against the evaluation
README's format (shared/eval/README.md); a bad file is a GoldError naming the file and the problem.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimledger.errors import ClaimledgerError
from claimledger.model import CLAIM_KINDS, MODALITIES

_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")

GOLD_CLAIM_FIELDS: dict[str, tuple[type, ...]] = {
    "quote": (str,),
    "kind": (str,),
    "subject": (str,),
    "value": (int, float, type(None)),
    "value_low": (int, float, type(None)),
    "value_high": (int, float, type(None)),
    "approx": (bool,),
    "location": (str, type(None)),
    "time": (str, type(None)),
    "attributed_to": (str, type(None)),
    "hedged": (bool,),
}


class GoldError(ClaimledgerError):
    """A gold annotation file that cannot be used; the message names the file and the problem."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path.name}: {problem}")
        self.path = path
        self.problem = problem


@dataclass(frozen=True, slots=True)
class GoldClaim:
    quote: str
    kind: str
    subject: str
    value: float | None
    value_low: float | None
    value_high: float | None
    approx: bool
    location: str | None
    time: str | None
    attributed_to: str | None
    hedged: bool
    modality: str | None = None  # optional key: None where the annotation does not give it


@dataclass(frozen=True, slots=True)
class GoldArticle:
    name: str  # the annotated article's file name
    published: str | None
    claims: tuple[GoldClaim, ...]


# ---------------------------------------------------------------- loading gold


def load_gold(gold_dir: Path) -> list[GoldArticle]:
    """Every `*.json` annotation in `gold_dir`, in file-name order; GoldError on a bad file."""
    if not gold_dir.is_dir():
        raise GoldError(gold_dir, "not a folder of gold annotations")
    return [load_gold_file(path) for path in sorted(gold_dir.glob("*.json"))]


def load_gold_file(path: Path) -> GoldArticle:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldError(path, f"cannot be read as JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise GoldError(path, "not a JSON object")
    name, published, claims = data.get("article"), data.get("published"), data.get("claims")
    if not isinstance(name, str) or not name:
        raise GoldError(path, "'article' must name the annotated file")
    if published is not None and not _is_date(published):
        raise GoldError(path, f"'published' must be YYYY-MM-DD or null, not {published!r}")
    if not isinstance(claims, list):
        raise GoldError(path, "'claims' must be a list")
    parsed = tuple(_gold_claim(path, i, claim) for i, claim in enumerate(claims))
    return GoldArticle(name=name, published=published, claims=parsed)


def _gold_claim(path: Path, index: int, raw: Any) -> GoldClaim:
    where = f"claim {index}"
    if not isinstance(raw, dict):
        raise GoldError(path, f"{where} is not an object")
    for field_name, types in GOLD_CLAIM_FIELDS.items():
        if field_name not in raw:
            raise GoldError(path, f"{where} lacks '{field_name}'")
        value = raw[field_name]
        # bool is an int in Python; a true/false number is a typo in the annotation
        if not isinstance(value, types) or (bool not in types and isinstance(value, bool)):
            raise GoldError(path, f"{where}: '{field_name}' has the wrong type ({value!r})")
    if raw["kind"] not in CLAIM_KINDS:
        raise GoldError(path, f"{where}: unknown kind {raw['kind']!r}")
    modality = raw.get("modality")
    if modality is not None and modality not in MODALITIES:
        raise GoldError(path, f"{where}: unknown modality {modality!r} (one of {', '.join(MODALITIES)})")
    if raw["time"] is not None and not is_valid_time(raw["time"]):
        raise GoldError(path, f"{where}: time {raw['time']!r} is not ISO 8601 date or interval")
    return GoldClaim(
        quote=raw["quote"],
        kind=raw["kind"],
        subject=raw["subject"],
        value=_float(raw["value"]),
        value_low=_float(raw["value_low"]),
        value_high=_float(raw["value_high"]),
        approx=raw["approx"],
        location=raw["location"],
        time=raw["time"],
        attributed_to=raw["attributed_to"],
        hedged=raw["hedged"],
        modality=modality,
    )


def _float(value: float | None) -> float | None:
    return None if value is None else float(value)


# ---------------------------------------------------------------- times


def is_valid_time(value: str) -> bool:
    """ISO 8601 of reduced precision: `2024`, `2024-12`, `2024-12-19`, or an interval of those
    with `/`, one end of which may be open (`..`)."""
    parts = value.split("/")
    if len(parts) == 1:
        return _is_iso_date(value)
    return (
        len(parts) == 2
        and parts != ["..", ".."]
        and all(part == ".." or _is_iso_date(part) for part in parts)
    )


def _is_iso_date(text: str) -> bool:
    match = _DATE.fullmatch(text)
    if match is None:
        return False
    parts = [int(g) for g in match.groups() if g is not None]
    try:
        dt.date(*parts, *[1] * (3 - len(parts)))  # rejects month 13 or 30 February
    except ValueError:
        return False
    return True


def _is_date(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 10 and _is_iso_date(value)
