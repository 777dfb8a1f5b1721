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
    pytest.param(
        "The spokesman said that 20 guards and police officers serving with the mission were killed in the "
        "fighting for Bunia on Sunday, including four from the UN force and six from Uganda.",
        6, "Bunia", id="a-count-from-a-country-is-where-they-came-from",
    ),
    pytest.param(
        "Kramatorsk is home to about 150,000 people, many of them displaced from towns in Luhansk.",
        150000, "Kramatorsk", id="the-hosting-subject-is-as-locative-as-in",
    ),
    pytest.param(
        "Egypt's state television reported, citing officials briefed by the ministry, that the group kept "
        "about 40 percent of its rockets.",
        40, None, id="a-state-owning-the-speaker-is-not-the-place",
    ),
    pytest.param(
        "Rescuers said at least 15 people were killed, among them 4 children in Sumy region.",
        15, None, id="a-place-inside-a-later-part-is-the-parts",
    ),
    pytest.param(
        "Rescuers said at least 15 people were killed, among them 4 children in Sumy region.",
        4, "Sumy region", id="the-part-keeps-its-place",
    ),
    pytest.param(
        "About 900 people, including 120 children, were evacuated from Kupiansk this week.",
        900, "Kupiansk", id="a-closed-part-leaves-the-place-to-the-whole",
    ),
    pytest.param(
        "In the Centre department, where armed groups seized the town of Mirebalais last spring, some 30,000 "
        "people have left their homes.",
        30000, "Centre department", id="a-place-in-a-clause-describing-another-is-not-the-figures",
    ),
    pytest.param(
        "Aid workers said about 2,000 families had fled Pont-Sondé after the raid.",
        2000, "Pont-Sondé", id="a-town-the-gazetteer-data-adds",
    ),
    pytest.param(
        "A drone fell near Ben Gurion airport overnight, injuring 3 workers.",
        3, "Ben Gurion airport", id="an-airport-the-gazetteer-data-adds",
    ),
    pytest.param(
        "The defence ministry said it would move about 3,000 troops to the north within a month.",
        3000, "the north", id="a-compass-point-after-a-locative-word-is-a-place",
    ),
    pytest.param(
        "A relief worker said 60 families were sheltering in the south of the city.",
        60, None, id="a-compass-point-of-another-place-is-not-one",
    ),
    pytest.param(
        "Our budget this year is 9 million dollars, and we hope to feed 50,000 people in the east.",
        9000000, None, id="a-compass-point-stays-in-its-own-clause",
    ),
    pytest.param(
        "Our budget this year is 9 million dollars, and we hope to feed 50,000 people in the east.",
        50000, "the east", id="the-figure-of-the-compass-points-clause",
    ),
    pytest.param(
        "The number is up from Kyiv's previous estimate of 450 dead, which the ministry gave in May.",
        450, None, id="a-capital-owning-an-estimate-is-whose-not-where",
    ),
    pytest.param(
        "Most of its 2,000 fighters have been folded into the Africa Corps.",
        2000, None, id="a-place-inside-a-longer-proper-name-is-not-one",
    ),
    pytest.param(
        "Militias killed 35 people in Khartoum State last week.",
        35, "Khartoum State", id="a-place-with-its-type-word-is-still-one",
    ),
    pytest.param(
        "A spokesman said that at least 2,000 soldiers had travelled by ship to eastern Russia in early to mid-May.",
        2000, "Russia", id="a-compass-adjective-misread-as-a-verb-still-leads-to-the-place",
    ),
    pytest.param(
        "Observers say the army has retaken about 300 square kilometres of Georgian territory since spring.",
        300, "Georgian territory", id="a-states-ground-named-by-its-demonym-is-a-place",
    ),
    pytest.param(
        "Georgian officials said 30 soldiers were captured.",
        30, None, id="a-demonym-on-people-is-not-a-place",
    ),
    pytest.param(
        "Drones struck Belgorod on Monday. The governor said 20 drones were downed over Russian regions. "
        "A depot near the city was set on fire, injuring 3 workers.",
        3, "Belgorod", id="the-city-is-not-a-states-ground",
    ),
    pytest.param(
        "Officials said 40 fighters were killed in clashes near Bar, a town about 60 kilometres south of Vinnytsia.",
        40, "Bar", id="a-name-the-sentence-calls-a-town-is-a-place",
    ),
]


@pytest.mark.parametrize(("text", "value", "place"), PLACE)
def test_place_rule(pipeline, text: str, value: float, place: str | None) -> None:
    location = claim_at(pipeline, text, value).location
    assert (location.text if location is not None else None) == place
