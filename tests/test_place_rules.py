"""Where a claim is: rules for the place of a figure, each a row of sentences written for these
tests (text, figure, expected place text or None)."""

from __future__ import annotations

import datetime as dt

import pytest

from claimledger.model import Article, Claim, Metadata

pytestmark = pytest.mark.model

PUBLISHED = dt.date(2025, 3, 14)


def claim_at(pipeline, text: str, value: float) -> Claim:
    article = Article(id="p" * 32, source="test", text=text, metadata=Metadata(published=PUBLISHED))
    claims = [c for c in pipeline.extractor.extract(article) if c.kind != "statement"]
    return next(c for c in claims if value in (c.value, c.value_low, c.value_high))


PLACE = [
    pytest.param(
        "A missile struck a market in Odesa on Tuesday morning. Seven people were killed.",
        7, "Odesa", id="narration-going-on-in-its-paragraph-stays-where-it-was",
    ),
    pytest.param(
        "A missile struck a market in Odesa on Tuesday morning.\n\nSeven people were killed across the country last week.",
        7, None, id="a-new-paragraph-does-not-take-the-place",
    ),
]


@pytest.mark.parametrize(("text", "value", "place"), PLACE)
def test_place_rule(pipeline, text: str, value: float, place: str | None) -> None:
    location = claim_at(pipeline, text, value).location
    assert (location.text if location is not None else None) == place
