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
    ("Troops crossed on 14 February 2025 at dawn.", "14 February 2025", "2025-02-14"),
    ("The strike came February 14, 2025, officials said.", "February 14, 2025", "2025-02-14"),
    ("A statement dated Feb. 7, 2025 followed.", "Feb. 7, 2025", "2025-02-07"),
    ("Filed 2025-01-28 by the ministry.", "2025-01-28", "2025-01-28"),
    ("14-02-2025", "14-02-2025", "2025-02-14"),
    ("Report of 28/01/2025 on shelling.", "28/01/2025", "2025-01-28"),
    ("Report of 03/04/2025 on shelling.", "03/04/2025", "2025-04-03"),  # day first
    ("Report of 01/28/2025 on shelling.", "01/28/2025", "2025-01-28"),  # only month-first works
    ("Memo of 14.02.2025 was leaked.", "14.02.2025", "2025-02-14"),
    ("Fighting peaked in January 2025 near the river.", "January 2025", "2025-01"),
    ("Fighting peaked in 2024 near the river.", "2024", "2024"),
    ("Smith, J. (2025, January 22). A headline.", "2025, January 22", "2025-01-22"),
    ("Smith, J. (2024, December). A headline.", "2024, December", "2024-12"),
    ("It began on the 7th of March, 2023.", "the 7th of March, 2023", "2023-03-07"),
    ("On Monday, February 10, 2025 the talks opened.", "Monday, February 10, 2025", "2025-02-10"),
    ("Sept. 3, 2024 was quiet.", "Sept. 3, 2024", "2024-09-03"),
    ("The report (Q3 2024) was late.", "Q3 2024", "2024-07/2024-09"),
    ("It goes back to the 1990s, he said.", "1990s", "1990/1999"),
    ("The ISO month 2024-11 is fine.", "2024-11", "2024-11"),
]


@pytest.mark.parametrize(("text", "span", "value"), ABSOLUTE)
def test_absolute_dates(resolver: TimeResolver, text: str, span: str, value: str) -> None:
    for ref in (FRI, TUE, None):
        m = only(resolver, text, ref)
        assert (m.text, m.value, m.relation) == (span, value, "point")
        assert text[m.start : m.end] == m.text


def test_invalid_calendar_dates_are_not_days(resolver: TimeResolver) -> None:
    assert "2025-02-31" not in values(resolver, "Dated 31-02-2025 in the file.", FRI)
    assert values(resolver, "Dated 45/13/2025 in the file.", FRI) == []


def test_dates_inside_urls_are_not_mentions(resolver: TimeResolver) -> None:
    assert resolver.find("See https://example.org/2025/01/28/some-story for more.", FRI) == []


# -- months without a year -------------------------------------------------------------------------

MONTHS = [
    ("In April, the brigade moved north.", FRI, "April", "2024-04"),
    ("In January, officials briefed reporters.", FRI, "January", "2025-01"),
    ("In February the front held.", FRI, "February", "2025-02"),
    ("Kyiv's troops took it last August.", FRI, "last August", "2024-08"),
    ("The town fell last February.", FRI, "last February", "2024-02"),
    ("Talks resume next March.", FRI, "next March", "2025-03"),
    ("Talks resume next February.", FRI, "next February", "2026-02"),
    ("The unit will rotate out in March.", FRI, "March", "2025-03"),
    ("The unit is expected to leave in June.", TUE, "June", "2025-06"),
    ("In April, the brigade moved north.", TUE, "April", "2024-04"),
    ("In December the convoy arrived.", TUE, "December", "2023-12"),
    ("It was shelled last November.", TUE, "last November", "2023-11"),
    ("In November the front held.", TUE, "November", "2024-11"),
    ("In May it rained on the trenches.", TUE, "May", "2024-05"),
    ("Early March saw heavy fighting.", FRI, "Early March", "2024-03"),
    ("The column arrived on 20 January.", FRI, "20 January", "2025-01-20"),
    ("The column arrived on 20 December.", TUE, "20 December", "2023-12-20"),
]


@pytest.mark.parametrize(("text", "ref", "span", "value"), MONTHS)
def test_months_without_year(
    resolver: TimeResolver, text: str, ref: dt.date, span: str, value: str
) -> None:
    m = only(resolver, text, ref)
    assert (m.text, m.value) == (span, value)


def test_modal_may_and_noun_march_are_not_months(resolver: TimeResolver) -> None:
    assert resolver.find("May the talks succeed, he said.", FRI) == []
    assert resolver.find("They may withdraw; the march on the capital stalled.", FRI) == []
    assert resolver.find("March on, the commander ordered.", FRI) == []


# -- relative expressions ------------------------------------------------------------------------

RELATIVE = [
    ("Last year, the army sent roughly 11,000 soldiers.", FRI, "Last year", "2024"),
    ("This year the budget doubled.", FRI, "This year", "2025"),
    ("He sent 3,000 more earlier this year.", FRI, "earlier this year", "2025"),
    ("A new draft starts next year.", FRI, "next year", "2026"),
    ("Fifteen cases were logged last month.", FRI, "last month", "2025-01"),
    ("Prices rose this month.", FRI, "this month", "2025-02"),
    ("Elections come next month.", FRI, "next month", "2025-03"),
    ("Drones hit the depot last week.", FRI, "last week", "2025-02-03/2025-02-09"),
    ("Drones hit the depot this week.", FRI, "this week", "2025-02-10/2025-02-16"),
    ("Drones hit the depot yesterday.", FRI, "yesterday", "2025-02-13"),
    ("Drones hit the depot today.", FRI, "today", "2025-02-14"),
    ("Drones hit the depot last night.", FRI, "last night", "2025-02-13"),
    ("It started the day before yesterday.", FRI, "the day before yesterday", "2025-02-12"),
    ("Talks opened on Monday.", FRI, "Monday", "2025-02-10"),
    ("Talks opened on Friday.", FRI, "Friday", "2025-02-14"),  # the reference day itself
    ("Talks opened on Saturday.", FRI, "Saturday", "2025-02-08"),
    ("Talks opened last Friday.", FRI, "last Friday", "2025-02-07"),
    ("Talks open next Monday.", FRI, "next Monday", "2025-02-17"),
    ("The envoy will arrive on Sunday.", FRI, "Sunday", "2025-02-16"),
    ("The bridge fell two weeks ago.", FRI, "two weeks ago", "2025-01-31"),
    ("The bridge fell 10 days ago.", FRI, "10 days ago", "2025-02-04"),
    ("The bridge fell three months ago.", FRI, "three months ago", "2024-11"),
    ("The bridge fell two years ago.", FRI, "two years ago", "2023"),
    ("Nine strikes in the past 24 hours.", FRI, "the past 24 hours", "2025-02-13/2025-02-14"),
    ("Shelling hit 9 villages over the past day.", FRI, "the past day", "2025-02-13/2025-02-14"),
    ("Drones hit the rail yard overnight.", FRI, "overnight", "2025-02-13"),
    ("Gains over the past two weeks.", FRI, "the past two weeks", "2025-01-31/2025-02-14"),
    ("Losses over the past year.", FRI, "the past year", "2024-02-14/2025-02-14"),
    ("Losses in the last three months.", FRI, "the last three months", "2024-11-14/2025-02-14"),
    ("Aid arrives in the next 10 days.", FRI, "the next 10 days", "2025-02-14/2025-02-24"),
    ("Last year the draft widened.", TUE, "Last year", "2023"),
    ("It surged last month.", TUE, "last month", "2024-10"),
    ("It surged last week.", TUE, "last week", "2024-10-28/2024-11-03"),
    ("It surged on Monday.", TUE, "Monday", "2024-11-04"),
    ("It surged on Tuesday.", TUE, "Tuesday", "2024-11-05"),
    ("It surged on Wednesday.", TUE, "Wednesday", "2024-10-30"),
    ("It surged yesterday.", TUE, "yesterday", "2024-11-04"),
    ("It surged three months ago.", TUE, "three months ago", "2024-08"),
    ("Strikes resumed last weekend.", TUE, "last weekend", "2024-11-02/2024-11-03"),
    ("Strikes resumed over the weekend.", TUE, "the weekend", "2024-11-02/2024-11-03"),
    ("Last month was calm.", dt.date(2025, 1, 10), "Last month", "2024-12"),
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
    ("The counter-offensive in summer 2024 stalled.", FRI, "summer 2024", "2024-06/2024-08"),
    ("During the summer of 2023 it stalled.", FRI, "the summer of 2023", "2023-06/2023-08"),
    ("Energy strikes in winter 2022-23 hurt.", FRI, "winter 2022-23", "2022-12/2023-02"),
    ("Energy strikes in winter 2024 hurt.", FRI, "winter 2024", "2023-12/2024-02"),
    ("The front froze last winter.", FRI, "last winter", "2023-12/2024-02"),
    ("The front froze this winter.", FRI, "this winter", "2024-12/2025-02"),
    ("A push is likely this spring.", FRI, "this spring", "2025-03/2025-05"),
    ("The push came last summer.", FRI, "last summer", "2024-06/2024-08"),
    ("The push came in the summer.", FRI, "the summer", "2024-06/2024-08"),
    ("The push comes next summer.", FRI, "next summer", "2025-06/2025-08"),
    ("The front froze last winter.", TUE, "last winter", "2023-12/2024-02"),
    ("The front will freeze this winter.", TUE, "this winter", "2024-12/2025-02"),
    ("The push came this summer.", TUE, "this summer", "2024-06/2024-08"),
    ("The push came in the spring.", TUE, "the spring", "2024-03/2024-05"),
    ("The push came in the fall.", TUE, "the fall", "2024-09/2024-11"),
]


@pytest.mark.parametrize(("text", "ref", "span", "value"), SEASONS)
def test_seasons(resolver: TimeResolver, text: str, ref: dt.date, span: str, value: str) -> None:
    m = only(resolver, text, ref)
    assert (m.text, m.value) == (span, value)


def test_fall_of_a_town_is_not_a_season(resolver: TimeResolver) -> None:
    assert resolver.find("After the fall of the town, troops regrouped.", FRI) == []
    assert resolver.find("In the fall of the city many fled.", FRI) == []


# -- parts of a period -----------------------------------------------------------------------------

PARTS = [
    ("They returned at the beginning of February.", FRI, "the beginning of February", "2025-02"),
    ("They returned in early February.", FRI, "early February", "2025-02"),
    ("They returned at the start of the year?", FRI, None, None),
    ("It escalated in late 2024.", FRI, "late 2024", "2024"),
    ("It escalated in mid-2024.", FRI, "mid-2024", "2024"),
    ("It escalated in mid-October 2024.", FRI, "mid-October 2024", "2024-10"),
    ("It escalated by the end of last year.", FRI, "by the end of last year", "2024"),
    (
        "Output doubled in the first half of this year.",
        FRI,
        "the first half of this year",
        "2025-01/2025-06",
    ),
    ("Output fell in the second half of 2023.", FRI, "the second half of 2023", "2023-07/2023-12"),
    (
        "Output fell in the first quarter of 2024.",
        FRI,
        "the first quarter of 2024",
        "2024-01/2024-03",
    ),
    ("Output fell late last month.", FRI, "late last month", "2025-01"),
    # a quarter or half "of the year" counts from the reference year; "the year" alone does not
    (
        "Strikes doubled in the first quarter of the year.",
        FRI,
        "the first quarter of the year",
        "2025-01/2025-03",
    ),
    ("Strikes eased in the second half of the year.", TUE, "the second half of the year", "2024-07/2024-12"),
    ("It was the deadliest week of the year.", FRI, None, None),
    ("Output fell early last year.", FRI, "early last year", "2024"),
    ("Output fell later this year.", TUE, "later this year", "2024"),
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
    ("Deployed since December 2024.", FRI, "since December 2024", "2024-12/2025-02-14", "since"),
    ("Deployed since December 2024.", None, "since December 2024", "2024-12/..", "since"),
    ("Deployed ever since 2022.", FRI, "ever since 2022", "2022/2025-02-14", "since"),
    ("Deployed since last summer.", FRI, "since last summer", "2024-06/2025-02-14", "since"),
    ("Deployed since last summer.", None, "since last summer", None, "since"),
    ("Deployed from 2022 onwards.", FRI, "from 2022 onwards", "2022/2025-02-14", "since"),
    (
        "Raids between January and March.",
        FRI,
        "between January and March",
        "2025-01/2025-03",
        "range",
    ),
    (
        "Raids between January and March.",
        TUE,
        "between January and March",
        "2024-01/2024-03",
        "range",
    ),
    ("Raids between January and March.", None, "between January and March", None, "range"),
    (
        "Held from October 2024 to January 2025.",
        None,
        "from October 2024 to January 2025",
        "2024-10/2025-01",
        "range",
    ),
    ("Held from October to January.", FRI, "from October to January", "2024-10/2025-01", "range"),
    (
        "Held from October to January 2025.",
        None,
        "from October to January 2025",
        "2024-10/2025-01",
        "range",
    ),
    ("Held between 2022 and 2024, then lost.", None, "between 2022 and 2024", "2022/2024", "range"),
    ("Held from 2014 to 2022.", None, "from 2014 to 2022", "2014/2022", "range"),
    ("Held January-March 2025.", None, "January-March 2025", "2025-01/2025-03", "range"),
    ("Raids on 3-5 March 2025.", None, "3-5 March 2025", "2025-03-03/2025-03-05", "range"),
    (
        "Raids between 3 and 5 March 2024.",
        None,
        "between 3 and 5 March 2024",
        "2024-03-03/2024-03-05",
        "range",
    ),
    ("Raids in 2022-23 season.", None, "2022-23", "2022/2023", "range"),
    ("As of 20 January, 500 had died.", FRI, "As of 20 January", "2025-01-20", "as_of"),
    ("As of 1 November, 500 had died.", TUE, "As of 1 November", "2024-11-01", "as_of"),
    ("As of 3 May 2024, 500 had died.", None, "As of 3 May 2024", "2024-05-03", "as_of"),
    ("Stay until the end of March.", FRI, "until the end of March", "2025-03", "until"),
    ("Stay until the end of March.", TUE, "until the end of March", "2025-03", "until"),
    ("Done by the end of 2024.", None, "by the end of 2024", "2024", "until"),
    ("Done by 2030.", None, "by 2030", "2030", "until"),
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


def test_several_mentions_in_one_sentence(resolver: TimeResolver) -> None:
    text = "After a pause in January 2025, they came back at the beginning of February."
    found = resolver.find(text, FRI)
    assert [(m.text, m.value) for m in found] == [
        ("January 2025", "2025-01"),
        ("the beginning of February", "2025-02"),
    ]


# -- counts are not years ------------------------------------------------------------------------

NOT_TIMES = [
    "Pyongyang sent roughly 11,000 soldiers.",
    "An additional 3,000 reinforcements arrived.",
    "A force of 2000 troops crossed.",
    "Shelling hit 2000 villages.",
    "In 2000 villages the power failed.",
    "Up to 2000 Russian soldiers were involved.",
    "Officials counted 1999 dead.",
    "The strike killed 2,024 people.",
    "Some 1950 soldiers deserted.",
    "Around 2000 prisoners were swapped.",
    "The author argues this (Ng, 2024).",
    "A 12.5% rise to 2024.5 units.",
    "Unit 2024 held the line.",
    "They fired 2022 shells and 2023 rockets.",
    "Between 2000 and 3000 troops took part.",
    "Resolution 2231 was cited.",
    "On the last day of the talks, nothing moved.",
    "Rescuers searched over the past days.",
]


@pytest.mark.parametrize("text", NOT_TIMES)
def test_counts_are_not_years(resolver: TimeResolver, text: str) -> None:
    assert resolver.find(text, FRI) == []


@pytest.mark.parametrize(
    "text",
    [
        "Elections were held in 2024, he said.",
        "By 2030, the plan says.",
        "Since 2022 Russia has",
        "The figure for 2023 was higher.",
        "It was mid-2024.",
        "The year 2022 was the worst.",
    ],
)
def test_years_in_time_context(resolver: TimeResolver, text: str) -> None:
    assert len(resolver.find(text, FRI)) == 1


def test_second_year_of_a_pair(resolver: TimeResolver) -> None:
    assert values(resolver, "Losses in 2023 and 2024 rose.", FRI) == ["2023", "2024"]


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
    ("Headline here\nPublished: 3 March 2025\n\nBody mentions 14 February 2025.", "2025-03-03"),
    ("A title\n\n14-02-2025\n\nJane Doe\n\nBody text from 2 January 2025.", "2025-02-14"),
    ("A title\nUpdated January 5, 2025 10:32 GMT\nBody text.", "2025-01-05"),
    ("A title\nBy Jane Doe | 12 May 2024\nTroops moved in 2023.", "2024-05-12"),
    (
        "A title\nPhoto: a tank, by Someone, 22 October 2012, via an agency.\n14-02-2025\nBody.",
        "2025-02-14",
    ),
    (
        "Troops crossed the border on 3 May 2024 at dawn.\nLater, on 9 May 2024, they left.",
        "2024-05-09",
    ),
    (
        (
            "Troops arrived in January 2025 and left on 3 February 2025.\n\nSources:\nA. (2025, "
            "January 22). Title. accessed 13 February 2025."
        ),
        "2025-02-13",
    ),
    ("In March 2025 the brigade rotated out.", "2025-03-01"),
    ("Last year, the brigade rotated out.", None),
    ("In 2024 the brigade rotated out.", None),
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
