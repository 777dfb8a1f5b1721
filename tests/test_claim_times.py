"""When and where real reporting puts its figures: the event a "since" names with its own date,
a promise's month, a figure that shares its sentence's time, the place a claim is about.
Sentences written for these tests; each row is (text, figure, expected)."""

from __future__ import annotations

import datetime as dt

import pytest

from claimledger.model import Article, Claim, Metadata

pytestmark = pytest.mark.model

PUBLISHED = dt.date(2025, 3, 14)  # a Friday


def claims_of(pipeline, text: str) -> list[Claim]:
    article = Article(id="t" * 32, source="test", text=text, metadata=Metadata(published=PUBLISHED))
    return [c for c in pipeline.extractor.extract(article) if c.kind != "statement"]


def claim_at(pipeline, text: str, value: float) -> Claim:
    return next(c for c in claims_of(pipeline, text) if value in (c.value, c.value_low, c.value_high))


TIME = [
    pytest.param(
        "Aid workers said 2,100 bodies had been buried in Bukavu since the fighting began on February 3.",
        2100, "2025-02-03/2025-03-14", id="since-an-event-with-its-own-day",
    ),
    pytest.param(
        "The monitor said 40,000 people had fled the district since fighting between two militias broke out in mid-January.",
        40000, "2025-01/2025-03-14", id="since-a-long-event-name-with-its-own-month",
    ),
    pytest.param(
        "The island's government said it would send 300 more police officers in January.",
        300, "2026-01", id="a-promise-month-lies-ahead",
    ),
]


@pytest.mark.parametrize(("text", "value", "time"), TIME)
def test_time_rule(pipeline, text: str, value: float, time: str | None) -> None:
    assert claim_at(pipeline, text, value).time == time
