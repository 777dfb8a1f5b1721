"""The time normaliser: spans, values and relations of time expressions, with fixed references."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimledger.analyse.times import (
    TimeLexicon,
    TimeLexiconError,
    TimeMention,
    TimeResolver,
    interval_end,
    interval_start,
    same_start,
    value_bounds,
)

FRI = dt.date(2025, 2, 14)  # a Friday in winter
TUE = dt.date(2024, 11, 5)  # a Tuesday in autumn


@pytest.fixture(scope="module")
def resolver() -> TimeResolver:
    return TimeResolver(TimeLexicon.load())


def only(resolver: TimeResolver, text: str, ref: dt.date | None) -> TimeMention:
    found = resolver.find(text, ref)
    assert len(found) == 1, found
    return found[0]


def values(resolver: TimeResolver, text: str, ref: dt.date | None) -> list[str | None]:
    return [m.value for m in resolver.find(text, ref)]


# -- absolute dates ------------------------------------------------------------------------------

ABSOLUTE = [
    pytest.param("Troops crossed on 14 February 2025 at dawn.", "14 February 2025", "2025-02-14", id="day-month-year"),
    pytest.param("The strike came February 14, 2025, officials said.", "February 14, 2025", "2025-02-14", id="month-day-comma-year"),
    pytest.param("A statement dated Feb. 7, 2025 followed.", "Feb. 7, 2025", "2025-02-07", id="abbreviated-month-with-stop"),
    pytest.param("Filed 2025-01-28 by the ministry.", "2025-01-28", "2025-01-28", id="iso-date"),
    pytest.param("14-02-2025", "14-02-2025", "2025-02-14", id="numeric-dmy-dashes"),
    pytest.param("Report of 28/01/2025 on shelling.", "28/01/2025", "2025-01-28", id="numeric-dmy-slashes"),
    pytest.param("Report of 03/04/2025 on shelling.", "03/04/2025", "2025-04-03", id="numeric-ambiguous-is-day-first"),  # day first
    pytest.param("Report of 01/28/2025 on shelling.", "01/28/2025", "2025-01-28", id="numeric-month-first-when-only-valid"),  # only month-first works
    pytest.param("Memo of 14.02.2025 was leaked.", "14.02.2025", "2025-02-14", id="numeric-dmy-dots"),
    pytest.param("Fighting peaked in January 2025 near the river.", "January 2025", "2025-01", id="month-year"),
    pytest.param("Fighting peaked in 2024 near the river.", "2024", "2024", id="year-after-cue"),
    pytest.param("Smith, J. (2025, January 22). A headline.", "2025, January 22", "2025-01-22", id="citation-year-month-day"),
    pytest.param("Smith, J. (2024, December). A headline.", "2024, December", "2024-12", id="citation-year-month"),
    pytest.param("It began on the 7th of March, 2023.", "the 7th of March, 2023", "2023-03-07", id="ordinal-day-of-month-year"),
    pytest.param("On Monday, February 10, 2025 the talks opened.", "Monday, February 10, 2025", "2025-02-10", id="weekday-before-date"),
    pytest.param("Sept. 3, 2024 was quiet.", "Sept. 3, 2024", "2024-09-03", id="sept-abbreviation"),
    pytest.param("The report (Q3 2024) was late.", "Q3 2024", "2024-07/2024-09", id="quarter-year"),
    pytest.param("It goes back to the 1990s, he said.", "1990s", "1990/1999", id="decade"),
    pytest.param("The ISO month 2024-11 is fine.", "2024-11", "2024-11", id="iso-month"),
]


@pytest.mark.parametrize(("text", "span", "value"), ABSOLUTE)
def test_absolute_dates(resolver: TimeResolver, text: str, span: str, value: str) -> None:
    for ref in (FRI, TUE, None):
        m = only(resolver, text, ref)
        assert (m.text, m.value, m.relation) == (span, value, "point")
        assert text[m.start : m.end] == m.text


def test_invalid_calendar_dates_are_not_days(resolver: TimeResolver) -> None:
    assert "2025-02-31" not in values(resolver, "Dated 31-02-2025 in the file.", FRI)


# -- months without a year -------------------------------------------------------------------------

MONTHS = [
    pytest.param("In April, the brigade moved north.", FRI, "April", "2024-04", id="month-most-recent-before-reference"),
    pytest.param("In January, officials briefed reporters.", FRI, "January", "2025-01", id="month-earlier-this-year"),
    pytest.param("In February the front held.", FRI, "February", "2025-02", id="month-of-the-reference"),
    pytest.param("Kyiv's troops took it last August.", FRI, "last August", "2024-08", id="last-month-name"),
    pytest.param("The town fell last February.", FRI, "last February", "2024-02", id="last-same-month-is-a-year-back"),
    pytest.param("Talks resume next March.", FRI, "next March", "2025-03", id="next-month-name"),
    pytest.param("Talks resume next February.", FRI, "next February", "2026-02", id="next-same-month-is-a-year-ahead"),
    pytest.param("The unit will rotate out in March.", FRI, "March", "2025-03", id="future-cue-month-ahead"),
    pytest.param("The unit is expected to leave in June.", TUE, "June", "2025-06", id="future-cue-month-next-year"),
    pytest.param("The envoy said they would send 600 more in November.", FRI, "November", "2025-11", id="future-in-the-past-would"),
    pytest.param("The agency expects a second convoy in January.", TUE, "January", "2025-01", id="future-cue-expects"),
    pytest.param("The ministry pledged to rebuild the bridge in March.", FRI, "March", "2025-03", id="future-cue-pledged"),
    pytest.param("It expects more of the 900 evacuated since December to return.", FRI, "since December", "2024-12/2025-02-14", id="since-never-ahead-despite-a-future-cue"),
    pytest.param("The ceasefire was meant to last six weeks and the last six weeks were calm.", FRI, "the last six weeks", "2025-01-03/2025-02-14", id="verb-last-is-a-duration-not-a-span"),
    pytest.param("In April, the brigade moved north.", TUE, "April", "2024-04", id="month-most-recent-tue"),
    pytest.param("In December the convoy arrived.", TUE, "December", "2023-12", id="month-previous-year-tue"),
    pytest.param("It was shelled last November.", TUE, "last November", "2023-11", id="last-same-month-tue"),
    pytest.param("In November the front held.", TUE, "November", "2024-11", id="month-of-the-reference-tue"),
    pytest.param("In May it rained on the trenches.", TUE, "May", "2024-05", id="ambiguous-may-after-in"),
    pytest.param("Early March saw heavy fighting.", FRI, "Early March", "2024-03", id="part-early-month"),
    pytest.param("The column arrived on 20 January.", FRI, "20 January", "2025-01-20", id="day-month-without-year"),
    pytest.param("The column arrived on 20 December.", TUE, "20 December", "2023-12-20", id="day-month-previous-year"),
]


@pytest.mark.parametrize(("text", "ref", "span", "value"), MONTHS)
def test_months_without_year(
    resolver: TimeResolver, text: str, ref: dt.date, span: str, value: str
) -> None:
    m = only(resolver, text, ref)
    assert (m.text, m.value) == (span, value)


# -- relative expressions ------------------------------------------------------------------------

RELATIVE = [
    pytest.param("Last year, the army sent roughly 11,000 soldiers.", FRI, "Last year", "2024", id="deictic-last-year"),
    pytest.param("This year the budget doubled.", FRI, "This year", "2025", id="deictic-this-year"),
    pytest.param("He sent 3,000 more earlier this year.", FRI, "earlier this year", "2025", id="part-earlier-this-year"),
    pytest.param("A new draft starts next year.", FRI, "next year", "2026", id="deictic-next-year"),
    pytest.param("Fifteen cases were logged last month.", FRI, "last month", "2025-01", id="deictic-last-month"),
    pytest.param("Prices rose this month.", FRI, "this month", "2025-02", id="deictic-this-month"),
    pytest.param("Elections come next month.", FRI, "next month", "2025-03", id="deictic-next-month"),
    pytest.param("Drones hit the depot last week.", FRI, "last week", "2025-02-03/2025-02-09", id="deictic-last-week-monday-to-sunday"),
    pytest.param("Drones hit the depot this week.", FRI, "this week", "2025-02-10/2025-02-16", id="deictic-this-week"),
    pytest.param("Drones hit the depot yesterday.", FRI, "yesterday", "2025-02-13", id="day-word-yesterday"),
    pytest.param("Drones hit the depot today.", FRI, "today", "2025-02-14", id="day-word-today"),
    pytest.param("Drones hit the depot last night.", FRI, "last night", "2025-02-13", id="day-word-last-night"),
    pytest.param("It started the day before yesterday.", FRI, "the day before yesterday", "2025-02-12", id="day-word-day-before-yesterday"),
    pytest.param("Talks opened on Monday.", FRI, "Monday", "2025-02-10", id="weekday-most-recent"),
    pytest.param("Talks opened on Friday.", FRI, "Friday", "2025-02-14", id="weekday-is-the-reference-day"),  # the reference day itself
    pytest.param("Talks opened on Saturday.", FRI, "Saturday", "2025-02-08", id="weekday-saturday-before-friday"),
    pytest.param("Talks opened last Friday.", FRI, "last Friday", "2025-02-07", id="deictic-last-weekday"),
    pytest.param("Talks open next Monday.", FRI, "next Monday", "2025-02-17", id="deictic-next-weekday"),
    pytest.param("The envoy will arrive on Sunday.", FRI, "Sunday", "2025-02-16", id="future-cue-weekday-ahead"),
    pytest.param("The bridge fell two weeks ago.", FRI, "two weeks ago", "2025-01-31", id="ago-weeks"),
    pytest.param("The bridge fell 10 days ago.", FRI, "10 days ago", "2025-02-04", id="ago-days-digits"),
    pytest.param("The bridge fell three months ago.", FRI, "three months ago", "2024-11", id="ago-months-is-a-month"),
    pytest.param("The bridge fell two years ago.", FRI, "two years ago", "2023", id="ago-years-is-a-year"),
    pytest.param("Nine strikes in the past 24 hours.", FRI, "the past 24 hours", "2025-02-13/2025-02-14", id="span-past-24-hours"),
    pytest.param("Shelling hit 9 villages over the past day.", FRI, "the past day", "2025-02-13/2025-02-14", id="span-the-past-day"),
    pytest.param("Drones hit the rail yard overnight.", FRI, "overnight", "2025-02-13", id="day-word-overnight"),
    pytest.param("Gains over the past two weeks.", FRI, "the past two weeks", "2025-01-31/2025-02-14", id="span-past-two-weeks"),
    pytest.param("Losses over the past year.", FRI, "the past year", "2024-02-14/2025-02-14", id="span-past-year"),
    pytest.param("Losses in the last three months.", FRI, "the last three months", "2024-11-14/2025-02-14", id="span-last-three-months"),
    pytest.param("Aid arrives in the next 10 days.", FRI, "the next 10 days", "2025-02-14/2025-02-24", id="span-next-10-days"),
    pytest.param("Last year the draft widened.", TUE, "Last year", "2023", id="deictic-last-year-tue"),
    pytest.param("It surged last month.", TUE, "last month", "2024-10", id="deictic-last-month-tue"),
    pytest.param("It surged last week.", TUE, "last week", "2024-10-28/2024-11-03", id="deictic-last-week-tue"),
    pytest.param("It surged on Monday.", TUE, "Monday", "2024-11-04", id="weekday-monday-tue"),
    pytest.param("It surged on Tuesday.", TUE, "Tuesday", "2024-11-05", id="weekday-is-the-reference-day-tue"),
    pytest.param("It surged on Wednesday.", TUE, "Wednesday", "2024-10-30", id="weekday-wednesday-tue"),
    pytest.param("It surged yesterday.", TUE, "yesterday", "2024-11-04", id="day-word-yesterday-tue"),
    pytest.param("It surged three months ago.", TUE, "three months ago", "2024-08", id="ago-months-tue"),
    pytest.param("Strikes resumed last weekend.", TUE, "last weekend", "2024-11-02/2024-11-03", id="deictic-last-weekend"),
    pytest.param("Strikes resumed over the weekend.", TUE, "the weekend", "2024-11-02/2024-11-03", id="weekend-cue-over-the-weekend"),
    pytest.param("Last month was calm.", dt.date(2025, 1, 10), "Last month", "2024-12", id="deictic-last-month-across-new-year"),
]


@pytest.mark.parametrize(("text", "ref", "span", "value"), RELATIVE)
def test_relative_expressions(
    resolver: TimeResolver, text: str, ref: dt.date, span: str, value: str
) -> None:
    m = only(resolver, text, ref)
    assert (m.text, m.value, m.relation) == (span, value, "point")


@pytest.mark.parametrize(("text", "_ref", "span", "_value"), RELATIVE + MONTHS)
def test_relative_without_reference_is_none(
    resolver: TimeResolver, text: str, _ref: dt.date, span: str, _value: str
) -> None:
    m = only(resolver, text, None)
    assert (m.text, m.value) == (span, None)


# -- seasons -------------------------------------------------------------------------------------

SEASONS = [
    pytest.param("The counter-offensive in summer 2024 stalled.", FRI, "summer 2024", "2024-06/2024-08", id="season-year"),
    pytest.param("During the summer of 2023 it stalled.", FRI, "the summer of 2023", "2023-06/2023-08", id="season-of-year"),
    pytest.param("Energy strikes in winter 2022-23 hurt.", FRI, "winter 2022-23", "2022-12/2023-02", id="winter-split-years"),
    pytest.param("Energy strikes in winter 2024 hurt.", FRI, "winter 2024", "2023-12/2024-02", id="winter-dated-by-january"),
    pytest.param("The front froze last winter.", FRI, "last winter", "2023-12/2024-02", id="deictic-last-winter"),
    pytest.param("The front froze this winter.", FRI, "this winter", "2024-12/2025-02", id="deictic-this-winter"),
    pytest.param("A push is likely this spring.", FRI, "this spring", "2025-03/2025-05", id="deictic-this-spring"),
    pytest.param("The push came last summer.", FRI, "last summer", "2024-06/2024-08", id="deictic-last-summer"),
    pytest.param("The push came in the summer.", FRI, "the summer", "2024-06/2024-08", id="season-alone-most-recent"),
    pytest.param("The push comes next summer.", FRI, "next summer", "2025-06/2025-08", id="deictic-next-summer"),
    pytest.param("The front froze last winter.", TUE, "last winter", "2023-12/2024-02", id="deictic-last-winter-tue"),
    pytest.param("The front will freeze this winter.", TUE, "this winter", "2024-12/2025-02", id="future-this-winter-tue"),
    pytest.param("The push came this summer.", TUE, "this summer", "2024-06/2024-08", id="deictic-this-summer-tue"),
    pytest.param("The push came in the spring.", TUE, "the spring", "2024-03/2024-05", id="season-alone-spring-tue"),
    pytest.param("The push came in the fall.", TUE, "the fall", "2024-09/2024-11", id="season-alone-fall-tue"),
]


@pytest.mark.parametrize(("text", "ref", "span", "value"), SEASONS)
def test_seasons(resolver: TimeResolver, text: str, ref: dt.date, span: str, value: str) -> None:
    m = only(resolver, text, ref)
    assert (m.text, m.value) == (span, value)


# -- parts of a period -----------------------------------------------------------------------------

PARTS = [
    pytest.param("They returned at the beginning of February.", FRI, "the beginning of February", "2025-02", id="part-beginning-of-month"),
    pytest.param("They returned in early February.", FRI, "early February", "2025-02", id="part-early-month"),
    pytest.param("They returned at the start of the year?", FRI, None, None, id="part-start-of-the-year-alone-is-no-time"),
    pytest.param("It escalated in late 2024.", FRI, "late 2024", "2024", id="part-late-year"),
    pytest.param("It escalated in mid-2024.", FRI, "mid-2024", "2024", id="part-mid-year-hyphen"),
    pytest.param("It escalated in mid-October 2024.", FRI, "mid-October 2024", "2024-10", id="part-mid-month-year"),
    pytest.param("It escalated by the end of last year.", FRI, "by the end of last year", "2024", id="until-part-end-of-last-year"),
    pytest.param(
        "Output doubled in the first half of this year.",
        FRI,
        "the first half of this year",
        "2025-01/2025-06", id="half-first-half-of-this-year"),
    pytest.param("Output fell in the second half of 2023.", FRI, "the second half of 2023", "2023-07/2023-12", id="half-second-half-of-year"),
    pytest.param(
        "Output fell in the first quarter of 2024.",
        FRI,
        "the first quarter of 2024",
        "2024-01/2024-03", id="half-first-quarter-of-year"),
    pytest.param("Output fell late last month.", FRI, "late last month", "2025-01", id="part-late-last-month"),
    # a quarter or half "of the year" counts from the reference year; "the year" alone does not
    pytest.param(
        "Strikes doubled in the first quarter of the year.",
        FRI,
        "the first quarter of the year",
        "2025-01/2025-03", id="half-quarter-of-the-year"),
    pytest.param("Strikes eased in the second half of the year.", TUE, "the second half of the year", "2024-07/2024-12", id="half-second-half-of-the-year"),
    pytest.param("It was the deadliest week of the year.", FRI, None, None, id="the-year-alone-is-no-time"),
    pytest.param("Output fell early last year.", FRI, "early last year", "2024", id="part-early-last-year"),
    pytest.param("Output fell later this year.", TUE, "later this year", "2024", id="part-later-this-year"),
]


@pytest.mark.parametrize(("text", "ref", "span", "value"), PARTS)
def test_parts_of_periods(
    resolver: TimeResolver, text: str, ref: dt.date, span: str | None, value: str | None
) -> None:
    found = resolver.find(text, ref)
    if span is None:
        assert found == []
        return
    assert len(found) == 1
    assert (found[0].text, found[0].value) == (span, value)


# -- intervals and relations ---------------------------------------------------------------------

INTERVALS = [
    pytest.param("Deployed since December 2024.", FRI, "since December 2024", "2024-12/2025-02-14", "since", id="since-month-year"),
    pytest.param("Deployed since December 2024.", None, "since December 2024", "2024-12/..", "since", id="since-without-reference-is-open"),
    pytest.param("Deployed ever since 2022.", FRI, "ever since 2022", "2022/2025-02-14", "since", id="since-ever-since"),
    pytest.param("Deployed since last summer.", FRI, "since last summer", "2024-06/2025-02-14", "since", id="since-deictic"),
    pytest.param("Deployed since last summer.", None, "since last summer", None, "since", id="since-deictic-without-reference"),
    pytest.param("Deployed from 2022 onwards.", FRI, "from 2022 onwards", "2022/2025-02-14", "since", id="since-from-onwards"),
    pytest.param(
        "Raids between January and March.",
        FRI,
        "between January and March",
        "2025-01/2025-03",
        "range", id="range-between-months"),
    pytest.param(
        "Raids between January and March.",
        TUE,
        "between January and March",
        "2024-01/2024-03",
        "range", id="range-between-months-tue"),
    pytest.param("Raids between January and March.", None, "between January and March", None, "range", id="range-floating-without-reference"),
    pytest.param(
        "Held from October 2024 to January 2025.",
        None,
        "from October 2024 to January 2025",
        "2024-10/2025-01",
        "range", id="range-from-to-month-years"),
    pytest.param("Held from October to January.", FRI, "from October to January", "2024-10/2025-01", "range", id="range-from-to-months-across-year"),
    pytest.param(
        "Held from October to January 2025.",
        None,
        "from October to January 2025",
        "2024-10/2025-01",
        "range", id="range-floating-start-anchored-to-end"),
    pytest.param("Held between 2022 and 2024, then lost.", None, "between 2022 and 2024", "2022/2024", "range", id="range-between-years"),
    pytest.param("Held from 2014 to 2022.", None, "from 2014 to 2022", "2014/2022", "range", id="range-from-to-years"),
    pytest.param("Held January-March 2025.", None, "January-March 2025", "2025-01/2025-03", "range", id="range-month-dash-month-year"),
    pytest.param("Raids on 3-5 March 2025.", None, "3-5 March 2025", "2025-03-03/2025-03-05", "range", id="range-day-dash-day-month"),
    pytest.param(
        "Raids between 3 and 5 March 2024.",
        None,
        "between 3 and 5 March 2024",
        "2024-03-03/2024-03-05",
        "range", id="range-between-days-month"),
    pytest.param("Raids in 2022-23 season.", None, "2022-23", "2022/2023", "range", id="range-split-years"),
    pytest.param("As of 20 January, 500 had died.", FRI, "As of 20 January", "2025-01-20", "as_of", id="as-of-day-month"),
    pytest.param("As of 1 November, 500 had died.", TUE, "As of 1 November", "2024-11-01", "as_of", id="as-of-day-month-tue"),
    pytest.param("As of 3 May 2024, 500 had died.", None, "As of 3 May 2024", "2024-05-03", "as_of", id="as-of-full-date"),
    pytest.param("Stay until the end of March.", FRI, "until the end of March", "2025-03", "until", id="until-end-of-month"),
    pytest.param("Stay until the end of March.", TUE, "until the end of March", "2025-03", "until", id="until-end-of-month-nearest-tue"),
    pytest.param("Done by the end of 2024.", None, "by the end of 2024", "2024", "until", id="until-by-end-of-year"),
    pytest.param("Done by 2030.", None, "by 2030", "2030", "until", id="until-by-year"),
]


@pytest.mark.parametrize(("text", "ref", "span", "value", "relation"), INTERVALS)
def test_intervals_and_relations(
    resolver: TimeResolver,
    text: str,
    ref: dt.date | None,
    span: str,
    value: str | None,
    relation: str,
) -> None:
    m = only(resolver, text, ref)
    assert (m.text, m.value, m.relation) == (span, value, relation)


SEVERAL = [
    pytest.param(
        "After a pause in January 2025, they came back at the beginning of February.",
        [("January 2025", "2025-01"), ("the beginning of February", "2025-02")],
        id="two-mentions-in-a-sentence",
    ),
    pytest.param(
        "Losses in 2023 and 2024 rose.", [("2023", "2023"), ("2024", "2024")], id="year-list-and"
    ),
    pytest.param(
        "Built in 2019 or 2020.", [("2019", "2019"), ("2020", "2020")], id="year-list-or"
    ),
]


@pytest.mark.parametrize(("text", "expected"), SEVERAL)
def test_several_mentions_in_one_sentence(
    resolver: TimeResolver, text: str, expected: list[tuple[str, str]]
) -> None:
    assert [(m.text, m.value) for m in resolver.find(text, FRI)] == expected


# -- one row per cue family of times.yaml, each against the Friday reference ----------------------

CUE_FAMILIES = [
    pytest.param("Talks on Dec. 3, 2024 failed.", "Dec. 3, 2024", "2024-12-03", "point", id="months-abbreviation"),
    pytest.param("The offensive began in May.", "May", "2024-05", "point", id="ambiguous-months-after-cue"),
    pytest.param("March: 163 killed", "March", "2024-03", "point", id="ambiguous-months-row-label"),
    pytest.param("Shelling resumed on Thursday.", "Thursday", "2025-02-13", "point", id="weekdays"),
    pytest.param("Rains in autumn 2024 slowed it.", "autumn 2024", "2024-09/2024-11", "point", id="seasons-autumn"),
    pytest.param("It rained this past weekend.", "this past weekend", "2025-02-08/2025-02-09", "point", id="deictic-this-past"),
    pytest.param("Figures for the current year rose.", "current year", "2025", "point", id="deictic-current"),
    pytest.param("Talks resume this coming week.", "coming week", "2025-02-17/2025-02-23", "point", id="deictic-coming"),
    pytest.param("The push comes next spring.", "next spring", "2025-03/2025-05", "point", id="deictic-season-next"),
    pytest.param("Raids in the previous three days.", "the previous three days", "2025-02-11/2025-02-14", "point", id="span-words-previous-with-count"),
    pytest.param("Over the past decade the town shrank.", "the past decade", "2015-02-14/2025-02-14", "point", id="units-decade"),
    pytest.param("The bridge fell twelve days ago.", "twelve days ago", "2025-02-02", "point", id="numbers-word-count"),
    pytest.param("The bridge fell a week ago.", "a week ago", "2025-02-07", "point", id="numbers-a-week"),
    pytest.param("Strikes are expected tonight.", "tonight", "2025-02-14", "point", id="day-words-tonight"),
    pytest.param("Drones hit the depot this morning.", "this morning", "2025-02-14", "point", id="day-words-this-morning"),
    pytest.param("Talks open tomorrow.", "tomorrow", "2025-02-15", "point", id="day-words-tomorrow"),
    pytest.param("Drones hit the depot earlier today.", "earlier today", "2025-02-14", "point", id="day-words-earlier-today"),
    pytest.param("Stocks ran low at the end of January.", "the end of January", "2025-01", "point", id="parts-end-of"),
    pytest.param("Fighting in the last days of 2024 was heavy.", "the last days of 2024", "2024", "point", id="parts-last-days-of"),
    pytest.param("Output fell in the third quarter of 2024.", "the third quarter of 2024", "2024-07/2024-09", "point", id="halves-third-quarter"),
    pytest.param("Output fell in the last quarter of 2024.", "the last quarter of 2024", "2024-10/2024-12", "point", id="halves-last-quarter"),
    pytest.param("Raids rose in the third quarter of the year.", "the third quarter of the year", "2025-07/2025-09", "point", id="halves-of-the-year"),
    pytest.param("Output fell in Q4 2024.", "Q4 2024", "2024-10/2024-12", "point", id="quarter-q-number"),
    pytest.param("Strikes rose after 3 May 2024.", "after 3 May 2024", "2024-05-03/2025-02-14", "since", id="relations-since-after"),
    pytest.param("As at 1 February 2025, 300 were held.", "As at 1 February 2025", "2025-02-01", "as_of", id="relations-as-at"),
    pytest.param("As of now, 500 had died.", "As of now", "2025-02-14", "as_of", id="relations-as-of-now"),
    pytest.param("Held till 2026.", "till 2026", "2026", "until", id="relations-till"),
    pytest.param("The mandate runs up to March 2026.", "up to March 2026", "2026-03", "until", id="relations-up-to"),
    pytest.param("Troops leave no later than June 2025.", "no later than June 2025", "2025-06", "until", id="relations-no-later-than"),
    pytest.param("Troops left before 2023.", "before 2023", "2023", "until", id="relations-before"),
    pytest.param("Deployed from 2023 onward.", "from 2023 onward", "2023/2025-02-14", "since", id="onwards-onward"),
    pytest.param("Held 2019–2021.", "2019–2021", "2019/2021", "range", id="range-join-en-dash"),
    pytest.param("Held from May 2019 until June 2021.", "from May 2019 until June 2021", "2019-05/2021-06", "range", id="range-open-from-join-until"),
    pytest.param("Losses during 2023 were high.", "2023", "2023", "point", id="year-cues-during"),
    pytest.param("Shelling went on throughout 2023.", "2023", "2023", "point", id="year-cues-throughout"),
    pytest.param("The plant was built around 2010.", "2010", "2010", "point", id="weak-year-cues-around"),
    pytest.param("The plant was built circa 2010.", "2010", "2010", "point", id="weak-year-cues-circa"),
    pytest.param("In 2024 alone, 300 died.", "2024", "2024", "point", id="year-followers-alone"),
    pytest.param("The brigade is set to leave in April.", "April", "2025-04", "point", id="future-cues-month"),
    pytest.param("The agency expects 5,000 more to flee before the end of the year.", "before the end of the year", "2025", "until", id="end-of-the-year-is-the-current-one"),
    pytest.param("The toll could rise to 1,500 later in the year.", "the year", "2025", "point", id="later-in-the-year-is-the-current-one"),
    pytest.param("Talks are due to open on Monday.", "Monday", "2025-02-17", "point", id="future-cues-weekday"),
    pytest.param("Fighting slowed over the winter.", "the winter", "2024-12/2025-02", "point", id="season-cues-over"),
    pytest.param("Fighting went on throughout the summer.", "the summer", "2024-06/2024-08", "point", id="season-cues-throughout"),
    pytest.param("Strikes resumed this weekend.", "this weekend", "2025-02-15/2025-02-16", "point", id="deictic-units-weekend"),
    pytest.param("Aid arrives over the coming two weeks.", "the coming two weeks", "2025-02-14/2025-02-28", "point", id="forward-span-words-coming"),
    pytest.param("Strikes resumed during the weekend.", "the weekend", "2025-02-08/2025-02-09", "point", id="weekend-cues-during"),
    pytest.param("Elections on May 4.", "May 4", "2024-05-04", "point", id="month-cues-on"),
    pytest.param("It goes back to the early 2000s.", "the early 2000s", "2000/2009", "point", id="decade-parts-early"),
    pytest.param("Built in 2019 through 2020.", "2019 through 2020", "2019/2020", "range", id="year-list-joins-through"),
    pytest.param("Raids on March 3 through 5, 2025.", "March 3 through 5, 2025", "2025-03-03/2025-03-05", "range", id="day-range-joins-through"),
    pytest.param("Raids on 3 to 5 March 2025.", "3 to 5 March 2025", "2025-03-03/2025-03-05", "range", id="day-range-joins-to"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "span", "value", "relation"), CUE_FAMILIES)
def test_cue_families(
    resolver: TimeResolver, text: str, span: str, value: str, relation: str
) -> None:
    m = only(resolver, text, FRI)
    assert (m.text, m.value, m.relation) == (span, value, relation)


# -- counts are not years ------------------------------------------------------------------------

NOT_TIMES = [
    pytest.param("Pyongyang sent roughly 11,000 soldiers.", id="count-roughly"),
    pytest.param("An additional 3,000 reinforcements arrived.", id="count-additional"),
    pytest.param("A force of 2000 troops crossed.", id="count-force-of-plural"),
    pytest.param("Shelling hit 2000 villages.", id="count-before-plural-noun"),
    pytest.param("In 2000 villages the power failed.", id="count-in-before-plural-noun"),
    pytest.param("Up to 2000 Russian soldiers were involved.", id="count-up-to-plural"),
    pytest.param("Officials counted 1999 dead.", id="count-counted-dead"),
    pytest.param("The strike killed 2,024 people.", id="count-comma-grouped"),
    pytest.param("Some 1950 soldiers deserted.", id="count-some"),
    pytest.param("Around 2000 prisoners were swapped.", id="count-around-plural"),
    pytest.param("The author argues this (Ng, 2024).", id="citation-parenthesis"),
    pytest.param("A 12.5% rise to 2024.5 units.", id="decimal"),
    pytest.param("Unit 2024 held the line.", id="label-unit"),
    pytest.param("They fired 2022 shells and 2023 rockets.", id="counts-paired-by-plural-nouns"),
    pytest.param("Between 2000 and 3000 troops took part.", id="count-pair-between-plural"),
    pytest.param("Resolution 2231 was cited.", id="label-resolution"),
    pytest.param("On the last day of the talks, nothing moved.", id="last-day-of-is-narrative"),
    pytest.param("Rescuers searched over the past days.", id="span-past-days-without-count"),
    pytest.param("A force of around 2000 troops.", id="weak-year-cue-before-a-count"),
    pytest.param("Between 2000-3000 troops took part.", id="count-pair-joined-by-dash"),
    pytest.param("Dated 45/13/2025 in the file.", id="impossible-numeric-date"),
    pytest.param("See https://example.org/2025/01/28/some-story for more.", id="date-inside-url"),
    pytest.param("May the talks succeed, he said.", id="ambiguous-month-modal-may"),
    pytest.param("They may withdraw; the march on the capital stalled.", id="verb-may-noun-march"),
    pytest.param("March on, the commander ordered.", id="ambiguous-month-alone-at-start"),
    pytest.param("After the fall of the town, troops regrouped.", id="fall-of-a-town"),
    pytest.param("In the fall of the city many fled.", id="in-the-fall-of-a-city"),
]


@pytest.mark.parametrize("text", NOT_TIMES)
def test_counts_are_not_years(resolver: TimeResolver, text: str) -> None:
    assert resolver.find(text, FRI) == []


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Elections were held in 2024, he said.", id="weak-cue-in-before-comma"),
        pytest.param("By 2030, the plan says.", id="by-year-leading"),
        pytest.param("Since 2022 Russia has", id="since-year"),
        pytest.param("The figure for 2023 was higher.", id="for-year"),
        pytest.param("It was mid-2024.", id="part-mid-year"),
        pytest.param("The year 2022 was the worst.", id="the-year-label"),
    ],
)
def test_years_in_time_context(resolver: TimeResolver, text: str) -> None:
    assert len(resolver.find(text, FRI)) == 1


# -- properties ------------------------------------------------------------------------------------

_WORDS = [
    "in",
    "since",
    "between",
    "and",
    "to",
    "from",
    "as of",
    "until",
    "by",
    "the",
    "of",
    "last",
    "this",
    "next",
    "early",
    "mid-",
    "late",
    "the beginning of",
    "the first half of",
    "ago",
    "January",
    "May",
    "March",
    "Feb.",
    "Sept",
    "Monday",
    "summer",
    "winter",
    "fall",
    "week",
    "weeks",
    "month",
    "year",
    "years",
    "days",
    "hours",
    "past",
    "yesterday",
    "2024",
    "2025",
    "1999",
    "2100",
    "11,000",
    "3",
    "29",
    "31",
    "02",
    "-",
    "/",
    ".",
    ",",
    "(",
    ")",
    "–",
    "\n",
    "will",
    "Published:",
    "onwards",
    "Q1",
    "2022-23",
    "1990s",
    "14-02-2025",
    "2025-02-29",
]


@st.composite
def messy_text(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.one_of(st.sampled_from(_WORDS), st.text(max_size=6)), max_size=30))
    seps = draw(
        st.lists(st.sampled_from([" ", "", "  ", "\n"]), min_size=len(parts), max_size=len(parts))
    )
    return "".join(p + s for p, s in zip(parts, seps, strict=True))


@settings(max_examples=400, deadline=None)
@given(
    text=messy_text(),
    ref=st.one_of(st.none(), st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))),
)
def test_find_never_raises_and_spans_are_sound(
    resolver: TimeResolver, text: str, ref: dt.date | None
) -> None:
    found = resolver.find(text, ref)
    last_end = 0
    for m in found:
        assert 0 <= m.start < m.end <= len(text)
        assert m.start >= last_end
        assert text[m.start : m.end] == m.text
        assert m.relation in ("point", "since", "range", "as_of", "until")
        last_end = m.end
    resolver.infer_published(text)


# -- published date ------------------------------------------------------------------------------

PUBLISHED = [
    pytest.param("Headline here\nPublished: 3 March 2025\n\nBody mentions 14 February 2025.", "2025-03-03", id="dateline-published-cue"),
    pytest.param("A title\n\n14-02-2025\n\nJane Doe\n\nBody text from 2 January 2025.", "2025-02-14", id="dateline-bare-date-line"),
    pytest.param("A title\nUpdated January 5, 2025 10:32 GMT\nBody text.", "2025-01-05", id="dateline-updated-with-time"),
    pytest.param("A title\nBy Jane Doe | 12 May 2024\nTroops moved in 2023.", "2024-05-12", id="dateline-byline-and-date"),
    pytest.param(
        "A title\nPhoto: a tank, by Someone, 22 October 2012, via an agency.\n14-02-2025\nBody.",
        "2025-02-14", id="dateline-skips-photo-credit"),
    pytest.param(
        "Troops crossed the border on 3 May 2024 at dawn.\nLater, on 9 May 2024, they left.",
        "2024-05-09", id="latest-date-without-dateline"),
    pytest.param(
        (
            "Troops arrived in January 2025 and left on 3 February 2025.\n\nSources:\nA. (2025, "
            "January 22). Title. accessed 13 February 2025."
        ),
        "2025-02-13", id="latest-date-includes-access-date"),
    pytest.param("In March 2025 the brigade rotated out.", "2025-03-01", id="month-precision-counts"),
    pytest.param("Last year, the brigade rotated out.", None, id="relative-only-gives-none"),
    pytest.param("In 2024 the brigade rotated out.", None, id="year-only-gives-none"),
    pytest.param(
        "A title\nPosted on 3 May 2024 at 10:00\nBody text from 2 January 2025.",
        "2024-05-03",
        id="dateline-glue-words-and-time",
    ),
    pytest.param(
        "A title\nCaption: troops, 22 October 2012\n\nBody on 2 January 2025.",
        "2025-01-02",
        id="not-dateline-caption",
    ),
]


@pytest.mark.parametrize(("text", "expected"), PUBLISHED)
def test_infer_published(resolver: TimeResolver, text: str, expected: str | None) -> None:
    got = resolver.infer_published(text)
    assert (got.isoformat() if got else None) == expected


# -- helpers ---------------------------------------------------------------------------------------


def test_interval_helpers() -> None:
    assert interval_start("2024-12/2025-02-14") == "2024-12"
    assert interval_start("2025-01") == "2025-01"
    assert interval_end("2024-12/..") == ".."
    assert interval_end("2025-01") == "2025-01"
    assert same_start("2025-01", "2025-01-22")
    assert same_start("2024-12/2025-02-14", "2024-12")
    assert same_start("2024", "2024-06/2024-08")
    assert not same_start("2025-01", "2025-02-01")
    assert not same_start("2024", "2025")
    assert value_bounds("2024-12/2025-02") == (dt.date(2024, 12, 1), dt.date(2025, 2, 28))
    assert value_bounds("2024") == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert value_bounds("2024-12/..") == (dt.date(2024, 12, 1), None)


# -- lexicon ---------------------------------------------------------------------------------------


def test_lexicon_is_extensible(tmp_path: Path) -> None:
    import yaml

    data = yaml.safe_load(
        (Path(__file__).parents[1] / "src/claimledger/data/times.yaml").read_text("utf-8")
    )
    data["seasons"]["monsoon"] = [6, 9]
    data["months"][1].append("Janvier")
    path = tmp_path / "times.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    custom = TimeResolver(TimeLexicon.load(path))
    assert values(custom, "Floods in monsoon 2024 cut roads.", None) == ["2024-06/2024-09"]
    assert values(custom, "Talks on 5 Janvier 2025.", None) == ["2025-01-05"]


def test_malformed_lexicon_raises_typed_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("months: {13: [Smarch]}\n", "utf-8")
    with pytest.raises(TimeLexiconError):
        TimeLexicon.load(path)
    with pytest.raises(TimeLexiconError):
        TimeLexicon.load(tmp_path / "missing.yaml")
    path.write_text("- a list\n", "utf-8")
    with pytest.raises(TimeLexiconError):
        TimeLexicon.load(path)


# a past report right at a time dates the report, even with "would" after it
PAST_REPORT = [
    ("The army said in January it would send 800 troops.", "January", "2025-01"),
    ("In January the army announced it would send 800 troops.", "January", "2025-01"),
    ("The army said it would send 800 troops in January.", "January", "2026-01"),
]


@pytest.mark.parametrize(("text", "expression", "value"), PAST_REPORT)
def test_a_past_report_at_a_time_is_not_ahead(resolver, text: str, expression: str, value: str) -> None:
    found = {m.text: m.value for m in resolver.find(text, dt.date(2025, 3, 14))}
    assert found[expression] == value


# a part at a season's edge picks its first or last month, never a month still ahead of a "since"
SEASON_EDGES = [
    ("The convoy will arrive by the end of the summer.", "by the end of the summer", "2025-08"),
    ("They fled in early spring.", "early spring", "2025-03"),
    ("The camp has grown since late summer.", "since late summer", "2025-06/2025-06-11"),
    ("The river froze late last summer.", "late last summer", "2024-08"),
]


@pytest.mark.parametrize(("text", "expression", "value"), SEASON_EDGES)
def test_a_part_at_a_seasons_edge(resolver, text: str, expression: str, value: str) -> None:
    found = {m.text: m.value for m in resolver.find(text, dt.date(2025, 6, 11))}
    assert found[expression] == value


def test_earlier_counts_back_like_ago(resolver) -> None:
    found = {m.text: m.value for m in resolver.find("up from 200 a week earlier", dt.date(2025, 3, 14))}
    assert found["a week earlier"] == "2025-03-07"
