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
    pytest.param(
        "Among the 900 wounded people treated since May 2024 were 120 children.",
        120, "2024-05/2025-03-14", id="the-sentences-one-time-dates-a-figure-nothing-governs",
    ),
    pytest.param(
        "The militia fired a rocket that struck near the depot on Tuesday, wounding 8 people.",
        8, "2025-03-11", id="a-relative-clause-time-dates-the-figure-after-it",
    ),
    pytest.param(
        "The war, which began in April 2023, has uprooted about 15,000 families from the valley.",
        15000, "2025-03-14", id="the-start-of-the-subject-does-not-date-its-toll",
    ),
    pytest.param(
        "The faction now has about 2,600 fighters, up from about 1,800 in 2023, an officer said.",
        2600, "2025-03-14", id="the-time-of-the-compared-figure-is-not-the-figures",
    ),
    pytest.param(
        "Under the truce, which is meant to last six weeks, the rebels are to free 40 captives.",
        40, None, id="to-last-six-weeks-is-a-duration",
    ),
    pytest.param(
        "The governor said on Monday that air defences had downed 40 drones overnight.",
        40, "2025-03-10", id="a-reported-night-is-dated-by-the-day-it-was-reported",
    ),
    pytest.param(
        "The air force said 30 drones were launched at the capital overnight.",
        30, "2025-03-14", id="a-reported-night-without-a-day-is-the-articles-day",
    ),
    pytest.param(
        "Air defences destroyed 11 drones over the region overnight.",
        11, "2025-03-13", id="an-unreported-night-is-the-night-before",
    ),
    pytest.param(
        "A drone hit a bus near the port on Tuesday, the navy said.\n\nHours later a car bomb exploded in the market, killing 9 people, police said.",
        9, "2025-03-11", id="hours-later-goes-on-at-the-day-before",
    ),
    # a reported figure with no time of its own: a state as it stood when reported takes the
    # article's date; a plan, an event in the past tense or its result does not
    pytest.param(
        "A police commander said the rebel group had roughly 3,400 fighters in the hills.",
        3400, "2025-03-14", id="a-reported-strength-stands-as-of-the-report",
    ),
    pytest.param(
        "The army said that about 90 enemy soldiers were sheltering in the old mill.",
        90, "2025-03-14", id="a-reported-ongoing-state-stands-as-of-the-report",
    ),
    pytest.param(
        "A camp manager told reporters that more than 300 of the new arrivals were children.",
        300, "2025-03-14", id="a-reported-copula-stands-as-of-the-report",
    ),
    pytest.param(
        "The ministry said the province would receive 800 more police officers.",
        800, None, id="a-reported-plan-has-no-time-of-its-own",
    ),
    pytest.param(
        "A relief group said its survey had found nearly 35 percent of the wells dry.",
        35, None, id="a-reported-finding-has-the-day-it-was-made",
    ),
    pytest.param(
        "The monitor said the convoy was attacked by about 40 gunmen.",
        40, None, id="a-reported-past-event-has-a-day-of-its-own",
    ),
    # change vs total: the period of the change dates the change, not the new total
    pytest.param(
        "The regional office said the number of families in the camp has grown by 600 over the past week to 9,200.",
        9200, "2025-03-14", id="a-new-total-is-not-dated-by-the-changes-period",
    ),
    pytest.param(
        "The governor said the number of people killed in the province this year had risen by 4 over the weekend to 212.",
        212, "2025", id="a-new-total-keeps-its-tallys-own-period",
    ),
]


@pytest.mark.parametrize(("text", "value", "time"), TIME)
def test_time_rule(pipeline, text: str, value: float, time: str | None) -> None:
    assert claim_at(pipeline, text, value).time == time


PLACE = [
    pytest.param(
        "Police said 13 officers were killed near Palo Seco, in Antioquia province, on Thursday.",
        13, "Palo Seco", id="an-unlisted-town-inside-a-known-province",
    ),
    pytest.param(
        "Gunmen killed 40 people in the village of Liancourt in Haiti's Artibonite department.",
        40, "Liancourt", id="the-town-not-the-department-after-a-country-owner",
    ),
    pytest.param(
        "Militias killed 25 villagers near Bunia, in Ituri province, on Sunday.",
        25, "Bunia", id="a-listed-town-comma-in-its-province",
    ),
    pytest.param(
        "The Gaza health ministry said 70 more bodies had been brought to hospitals.",
        70, "Gaza", id="a-place-naming-the-speaker-without-a-possessive",
    ),
    pytest.param(
        "An NIS official said 300 of the soldiers had been captured.",
        300, None, id="an-acronym-speaker-is-not-a-town",
    ),
    pytest.param(
        "Fighting in the Catatumbo region has displaced 52,000 people, the ombudsman said.",
        52000, "Catatumbo region", id="a-conflict-region-the-gazetteer-knows",
    ),
    pytest.param(
        "Drones struck the city of Kharkiv on Sunday. On Monday the governor said the region had been hit by 60 drones.",
        60, "Kharkiv region", id="the-region-named-after-the-city-named-before",
    ),
    pytest.param(
        "The monitor recorded 85 attacks on civilians in Cabo Delgado between March and May.",
        85, "Cabo Delgado", id="where-the-recorded-count-happened-is-not-where-it-was-said",
    ),
]


@pytest.mark.parametrize(("text", "value", "place"), PLACE)
def test_place_rule(pipeline, text: str, value: float, place: str | None) -> None:
    location = claim_at(pipeline, text, value).location
    assert (location.text if location is not None else None) == place
