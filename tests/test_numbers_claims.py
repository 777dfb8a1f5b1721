"""Which number words become claims once the whole extractor has read them: counts stay, and number
words that refer back, name a speaker, sit in a name or a fixed phrase, or are markup do not.
Sentences written for these tests; each row is (text, the numbers expected as claims)."""

from __future__ import annotations

import datetime as dt

import pytest

from claimledger.model import Article, Metadata

pytestmark = pytest.mark.model

PUBLISHED = dt.date(2025, 3, 14)


def figures(pipeline, text: str) -> list[str]:
    article = Article(id="n" * 32, source="test", text=text, metadata=Metadata(published=PUBLISHED))
    return [c.number_text or "" for c in pipeline.extractor.extract(article) if c.kind != "statement"]


ROWS = [
    # true counts stay
    pytest.param("One soldier was killed when a shell hit the checkpoint.", ["One"], id="one-soldier-killed"),
    pytest.param("Two people were wounded in the market on Friday.", ["Two"], id="two-people-wounded"),
    pytest.param("A dozen drones struck the fuel depot overnight.", ["A dozen"], id="a-dozen-drones"),
    pytest.param("Officials said that one civilian died in the raid.", ["one"], id="one-after-said-that"),
    pytest.param("One of the two pilots captured in May was freed.", ["two"], id="one-of-the-two-captured"),
    # number words that count nothing
    pytest.param("The other two met in Doha on Tuesday to discuss the truce.", [], id="the-other-two-refers-back"),
    pytest.param("The two medics were killed when the clinic was shelled.", ["two"], id="the-two-with-its-noun-counts"),
    pytest.param('"We are holding the line," said one commander near the river.', [], id="speaker-after-quotation"),
    pytest.param("At one point the convoy turned back toward the border.", [], id="at-one-point"),
    pytest.param("Envoys from the Group of Seven met in Rome.", [], id="name-group-of-seven"),
    pytest.param("The minister was of two minds about the ceasefire.", [], id="of-two-minds"),
    pytest.param("The talks were held one-on-one behind closed doors.", [], id="one-on-one"),
    pytest.param('The post <post id="1720004455123" stamp="1700000000"> was shared widely.', [], id="markup-ids"),
    # a share read as one
    pytest.param("Six in 10 residents have left the city, the council said.", ["Six in 10"], id="six-in-ten-is-a-share"),
]


@pytest.mark.parametrize(("text", "expected"), ROWS)
def test_number_words_that_become_claims(pipeline, text: str, expected: list[str]) -> None:
    assert figures(pipeline, text) == expected
