"""The table of rules that dates a figure (`claimledger.extract.times.TIME_RULES`): its order and,
per rule, sentences written for these tests with the time it gives and the rule that gives it.
Each row is (text, figure, expected time, expected rule)."""

from __future__ import annotations

import datetime as dt

import pytest

import claimledger.extract.extractor as extractor_module
from claimledger.extract.times import TIME_RULES, Dated, date_figure
from claimledger.model import Article, Citation, Metadata

PUBLISHED = dt.date(2025, 3, 14)  # a Friday


def test_the_rules_have_unique_names_in_their_documented_order() -> None:
    names = [rule.name for rule in TIME_RULES]
    assert len(names) == len(set(names))
    # a compared figure is settled before anything can date it as current or by context
    assert names[0] == "earlier-figure" and TIME_RULES[0].final
    # a plan holds at its own time or none; a time the figure's own verbs govern outranks every
    # fallback
    assert names[1] == "plan-own-time" and TIME_RULES[1].final
    assert names[2:4] == ["part-of-whole", "governing-time"]
    assert names.index("continued-report") < names.index("stated-as-current") < names.index("reported-state")
    assert names.index("state-after-period") < names.index("said-now") < names.index("continued-report")
    assert not any(rule.final for rule in TIME_RULES[2:])


def test_no_rule_that_applies_means_no_time() -> None:
    assert date_figure(None, None, ()) == Dated(None, None)  # type: ignore[arg-type]


def dated(pipeline, monkeypatch, text: str, citations=()) -> dict[float, Dated]:
    """Extract `text` and keep, per figure value, the time and the rule that dated it."""
    seen: dict[float, Dated] = {}

    def recording(timing, figure, rules=TIME_RULES):
        result = date_figure(timing, figure, rules)
        number = figure.number
        for value in (number.value, number.value_low, number.value_high):
            if value is not None:
                seen[value] = result
        return result

    monkeypatch.setattr(extractor_module, "date_figure", recording)
    article = Article(id="r" * 32, source="test", text=text, metadata=Metadata(published=PUBLISHED),
                      citations=tuple(citations))
    pipeline.extractor.extract(article)
    return seen


RULE_ROWS = [
    pytest.param("The camp now holds 9,000 people, up from 4,000 in January, the agency said.",
                 4000, "2025-01", "earlier-figure", id="earlier-figure-with-its-own-time"),
    pytest.param("The town had about 60,000 residents before the war.",
                 60000, None, "earlier-figure", id="earlier-figure-without-a-time-stays-undated"),
    pytest.param("Shelling killed 12 people in the village on Tuesday.",
                 12, "2025-03-11", "governing-time", id="governing-time"),
    pytest.param("So far the floods have destroyed 300 homes in the valley.",
                 300, "2025-03-14", "worded-current", id="worded-current"),
    pytest.param("The agency said 4,000 people had crossed the border over the past week.\n\n"
                 "It said the camp was sheltering about 1,500 of them.",
                 1500, "2025-03-14", "state-after-period", id="state-after-period"),
    pytest.param("The ministry said on Monday that 40 people were killed in the strikes.\n\nIt does not separate "
                 "fighters from civilians, but says more than half of those killed were children.",
                 0.5, "2025-03-14", "said-now", id="said-now"),
    pytest.param("The ministry said on Monday that 40 soldiers were killed in the raid.\n\n"
                 "The attack, it added, also destroyed 15 trucks.",
                 15, "2025-03-10", "continued-report", id="continued-report"),
    pytest.param("About 2,000 soldiers have been killed in the fighting.",
                 2000, "2025-03-14", "stated-as-current", id="stated-as-current"),
    pytest.param("The agency said on Monday that 300 soldiers had died in the battle.\n\n"
                 "Farmers in the area planted late this year.\n\nThe agency said 50 tanks were destroyed.",
                 50, "2025-03-10", "origin-spoke", id="origin-spoke"),
    pytest.param("A bomb hit the power plant on Monday evening. Four people were killed.",
                 4, "2025-03-10", "narration", id="narration"),
    pytest.param("A strike on Saturday killed 12 people.\n\nRescuers said 30 more were injured.",
                 30, "2025-03-08", "more-of-toll", id="more-of-toll"),
    pytest.param("The ship was hit on Sunday and sank; all 22 crew were rescued.",
                 22, "2025-03-09", "sole-time", id="sole-time"),
    pytest.param("The death toll rose by 5 over the weekend to 138, the governor said.",
                 138, "2025-03-14", "new-total", id="new-total"),
    pytest.param("A police commander said the rebel group had roughly 3,400 fighters in the hills.",
                 3400, "2025-03-14", "reported-state", id="reported-state"),
    # a part of the figure before holds when its whole does, unless another report gives it
    pytest.param("The monitor said 1,500 civilians were killed or injured in 2024, about 60 percent of them by "
                 "the militia, and the first weeks of 2025 brought no relief.",
                 60, "2024", "part-of-whole", id="part-of-whole"),
    pytest.param("About 9,000 troops were sent there in the autumn, and officials say 2,000 of them have been wounded.",
                 2000, "2025-03-14", "stated-as-current", id="a-part-in-another-report-is-its-own"),
    # a plan or a forecast: only a time of its own verbs, or of the report its verbs hang on
    pytest.param("The ministry said on Monday that 40 soldiers were killed in the raid.\n\n"
                 "It said it would send 300 more troops to the border.",
                 300, None, "plan-own-time", id="a-plan-does-not-take-the-report-befores-day"),
    pytest.param("We forecast that the rebels will send at least 4,000 more fighters to the front in the coming weeks.",
                 4000, None, "plan-own-time", id="a-forecast-is-not-as-of-the-article"),
    pytest.param("The army said in January it would send 800 troops to the valley.",
                 800, "2025-01", "plan-own-time", id="a-plan-announced-in-a-past-month-is-dated-by-it"),
    pytest.param("The agency plans to move 2,000 families to the camp by the end of April.",
                 2000, "2025-04", "plan-own-time", id="a-plans-own-deadline"),
    # a new total keeps the period of the tally it totals, not the time of the report before
    pytest.param("Our desk sums up the governor's posts.\n\nOn Monday the governor said 9 residents had been "
                 "wounded since Saturday.\n\nIn another post he said the number of civilians killed in the "
                 "region this year had risen by 4 over the weekend to 61, and that 300 had been wounded since January.",
                 61, "2025", "tally-period", id="tally-period"),
    # a conjoined clause that is a statement of its own ("and that ...", another tense) does not
    # lend its time to the figure of the first; one statement shares it
    pytest.param("The army said it held about 60 percent of the town and had taken 120 prisoners over the past week.",
                 60, None, None, id="another-tense-keeps-its-period"),
    pytest.param("The monitor said that about 9,000 people were moved out, and that the authorities flew "
                 "2,000 more out in early 2025.",
                 9000, None, None, id="a-second-that-clause-keeps-its-year"),
    pytest.param("The charity said it was delivering 30 tonnes of flour and expects a further 50 tonnes next week.",
                 30, "2025-03-14", "reported-state", id="a-present-conjunct-keeps-next-week"),
    # a participle on a noun the figure's verb holds dates the figure; one on its subject does not
    pytest.param("The agency said on Monday that the clinics were full.\n\nIt said 300 men and 120 women had been "
                 "counted among the wounded treated in its clinics since April 2024.",
                 120, "2024-04/2025-03-14", "governing-time", id="a-participle-on-the-held-noun-dates-the-figure"),
    pytest.param("The mission, deployed since June 2024, has about 1,000 officers.",
                 1000, "2025-03-14", "stated-as-current", id="a-participle-on-the-subject-dates-the-subject"),
    pytest.param("The truce signed in May 2024 ended fighting that had displaced 40,000 people.",
                 40000, None, None, id="a-participle-on-the-subject-of-another-verb"),
    pytest.param("A nurse said the clinic had counted 87 wounded among those arriving in the town on Monday.",
                 87, "2025-03-10", "governing-time", id="a-participle-on-the-figures-own-phrase"),
    pytest.param("The agency says more than 100,000 people were displaced between January and July, and that "
                 "about half of the 900,000 people driven out since 2017 have gone back.",
                 900000, "2017/2025-03-14", "governing-time", id="a-second-that-clause-does-not-take-the-firsts-period"),
    pytest.param("The army said its troops had repelled 44 attacks on 9 March, and that enemy losses that day "
                 "came to 1,140 soldiers.",
                 1140, "2025-03-09", "governing-time", id="a-second-that-clause-pointing-back-keeps-the-day"),
    pytest.param("The commander said on Monday that about 300 soldiers were inside the town, up from about 200 "
                 "a week earlier, and that his forces had cleared 2 buildings.",
                 200, "2025-03-03", "earlier-figure", id="a-week-earlier-counts-from-the-day-it-was-said"),
    pytest.param("The commander said on Monday that about 300 soldiers were inside the town, up from about 200 "
                 "a week earlier, and that his forces had cleared 2 buildings.",
                 2, "2025-03-10", "governing-time", id="a-second-that-clause-keeps-the-reports-day"),
    pytest.param("Federal police said on Sunday that they had arrested 40 suspects and freed 12 hostages "
                 "in the capital in February.",
                 40, "2025-02", "governing-time", id="an-elliptical-conjunct-shares-its-month"),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "value", "time", "rule"), RULE_ROWS)
def test_time_rule_row(pipeline, monkeypatch, text: str, value: float, time: str | None, rule: str) -> None:
    assert dated(pipeline, monkeypatch, text)[value] == Dated(time, rule)


@pytest.mark.model
def test_cited_headline_is_dated_by_its_piece(pipeline, monkeypatch) -> None:
    entry = "Doe, K. (2025, January 20). Some 70 fighters surrender near the dam, police say. Hill Times."
    text = "A short note on the fighting.\n\nReferences\n\n" + entry
    start = text.index(entry)
    citation = Citation(text=entry, start=start, end=start + len(entry), author="Doe, K.", outlet="Hill Times",
                        date=dt.date(2025, 1, 20), title="Some 70 fighters surrender near the dam, police say.")
    assert dated(pipeline, monkeypatch, text, [citation])[70] == Dated("2025-01-20", "cited-headline")
