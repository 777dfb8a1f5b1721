"""The bundled sample corpus and its gold annotations agree with each other and with the format.

The gold in tests/gold/samples is the project's regression set, scored like the shared dev set;
a quote that drifts from its article or a misspelt kind would silently lower every score.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import goldcheck
import pytest

import claimledger
from claimledger.evaluate import load_gold

GOLD_DIR = Path(__file__).parent / "gold" / "samples"
SAMPLES_DIR = Path(claimledger.__file__).parent / "data" / "samples"
GOLD_FILES = sorted(GOLD_DIR.glob("*.json"))


def _article(gold_path: Path) -> tuple[dict[str, Any], str]:
    return goldcheck.split_markdown(SAMPLES_DIR / goldcheck.raw(gold_path)["article"])


def test_every_sample_has_gold_and_every_gold_has_a_sample() -> None:
    samples = {p.stem for p in SAMPLES_DIR.glob("*.md") if p.name != "README.md"}
    assert len(samples) >= 14
    assert samples == {p.stem for p in GOLD_FILES}


def test_the_scorer_loads_the_whole_set() -> None:
    articles = load_gold(GOLD_DIR)
    assert len(articles) == len(GOLD_FILES)
    assert sum(len(a.claims) for a in articles) > 100


def test_gold_scored_against_itself_is_perfect() -> None:
    # every origin, place and time in the set must be readable by the scorer's own rules
    goldcheck.check_self_score(load_gold(GOLD_DIR))


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_file_has_the_shared_format(gold_path: Path) -> None:
    data = goldcheck.raw(gold_path)
    goldcheck.check_gold_format(data, gold_path.stem + ".md")
    assert (SAMPLES_DIR / data["article"]).is_file()


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_quotes_are_verbatim_from_the_article_body(gold_path: Path) -> None:
    _, body = _article(gold_path)
    goldcheck.check_quotes(goldcheck.raw(gold_path), body)


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_published_and_times_are_iso(gold_path: Path) -> None:
    header, _ = _article(gold_path)
    data = goldcheck.raw(gold_path)
    assert data["published"] == str(header["published"])
    assert data["published"] is not None
    goldcheck.check_times(data)


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_values_and_bounds_follow_the_conventions(gold_path: Path) -> None:
    goldcheck.check_values(goldcheck.raw(gold_path))


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_sample_front_matter_and_length(gold_path: Path) -> None:
    header, body = _article(gold_path)
    assert all(header.get(name) for name in goldcheck.FRONT_MATTER)
    assert header["language"] == "en"
    assert header["url"].startswith(("https://example.org/", "https://example.com/"))
    assert 150 <= len(body.split()) <= 450
