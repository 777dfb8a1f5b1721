"""The bundled sample corpus and its gold annotations agree with each other and with the format.

The gold in tests/gold/samples is the project's regression set, scored like the shared dev set;
a quote that drifts from its article or a misspelt kind would silently lower every score.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

import claimledger
from claimledger.evaluate import GoldClaim, gold_origin, is_valid_time, load_gold, score
from claimledger.ingest import split_front_matter
from claimledger.model import CLAIM_KINDS, Attribution, Claim, Location

GOLD_DIR = Path(__file__).parent / "gold" / "samples"
SAMPLES_DIR = Path(claimledger.__file__).parent / "data" / "samples"
GOLD_FILES = sorted(GOLD_DIR.glob("*.json"))

CLAIM_TYPES: dict[str, tuple[type, ...]] = {
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
FRONT_MATTER = ("title", "url", "outlet", "author", "published", "language")


def _raw(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _article(gold_path: Path) -> tuple[dict[str, Any], str]:
    text = (SAMPLES_DIR / _raw(gold_path)["article"]).read_text(encoding="utf-8")
    return split_front_matter(text)


def test_every_sample_has_gold_and_every_gold_has_a_sample() -> None:
    samples = {p.stem for p in SAMPLES_DIR.glob("*.md") if p.name != "README.md"}
    assert len(samples) >= 14
    assert samples == {p.stem for p in GOLD_FILES}


def test_the_scorer_loads_the_whole_set() -> None:
    articles = load_gold(GOLD_DIR)
    assert len(articles) == len(GOLD_FILES)
    assert sum(len(a.claims) for a in articles) > 100


def _as_claim(gold: GoldClaim) -> Claim:
    origin = gold_origin(gold.attributed_to)
    return Claim(
        article_id="gold",
        kind=gold.kind,
        subject=gold.subject,
        quote=gold.quote,
        start=0,
        end=len(gold.quote),
        value=gold.value,
        value_low=gold.value_low,
        value_high=gold.value_high,
        approx=gold.approx,
        location=Location(gold.location) if gold.location else None,
        time=gold.time,
        attribution=Attribution(origin) if origin else None,
        hedged=gold.hedged,
    )


def test_gold_scored_against_itself_is_perfect() -> None:
    # every origin, place and time in the set must be readable by the scorer's own rules
    articles = load_gold(GOLD_DIR)
    report = score((a, [_as_claim(c) for c in a.claims]) for a in articles)
    assert report.detection_f1 == report.full_f1 == 1.0
    assert set(report.field_accuracy.values()) == {1.0}


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_file_has_the_shared_format(gold_path: Path) -> None:
    data = _raw(gold_path)
    assert set(data) == {"article", "published", "claims", "entities"}
    assert data["article"] == gold_path.stem + ".md"
    assert (SAMPLES_DIR / data["article"]).is_file()
    assert set(data["entities"]) == {"people", "organisations", "places"}
    assert all(isinstance(v, list) for v in data["entities"].values())
    for claim in data["claims"]:
        assert list(claim) == list(CLAIM_TYPES), claim["quote"]
        for name, types in CLAIM_TYPES.items():
            assert isinstance(claim[name], types), (name, claim["quote"])
            assert bool in types or not isinstance(claim[name], bool), (name, claim["quote"])
        assert claim["kind"] in CLAIM_KINDS


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_quotes_are_verbatim_from_the_article_body(gold_path: Path) -> None:
    _, body = _article(gold_path)
    for claim in _raw(gold_path)["claims"]:
        assert claim["quote"] in body, claim["quote"]


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_published_and_times_are_iso(gold_path: Path) -> None:
    header, _ = _article(gold_path)
    data = _raw(gold_path)
    assert data["published"] == str(header["published"])
    dt.date.fromisoformat(data["published"])
    for claim in data["claims"]:
        if claim["time"] is not None:
            assert is_valid_time(claim["time"]), claim["time"]


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_values_and_bounds_follow_the_conventions(gold_path: Path) -> None:
    for claim in _raw(gold_path)["claims"]:
        low, high = claim["value_low"], claim["value_high"]
        if low is not None and high is not None:
            assert claim["value"] is None and low < high, claim["quote"]
        if claim["kind"] == "statement":
            assert (claim["value"], low, high) == (None, None, None), claim["quote"]


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_sample_front_matter_and_length(gold_path: Path) -> None:
    header, body = _article(gold_path)
    assert all(header.get(name) for name in FRONT_MATTER)
    assert header["language"] == "en"
    assert header["url"].startswith(("https://example.org/", "https://example.com/"))
    assert 150 <= len(body.split()) <= 450
