"""Rules for how real reporting puts its figures: the kind a list, a headline or a change gives a
figure, the modality its verbs give it, the time a second figure keeps and the force bare
"troops" belong to. Sentences written for these tests; each row is (text, figure, expected)."""

from __future__ import annotations

import datetime as dt

import pytest

from claimledger.model import Article, Claim, Metadata

pytestmark = pytest.mark.model

PUBLISHED = dt.date(2025, 3, 14)  # a Friday


def claims_of(pipeline, text: str) -> list[Claim]:
    article = Article(id="r" * 32, source="test", text=text, metadata=Metadata(published=PUBLISHED))
    return [c for c in pipeline.extractor.extract(article) if c.kind != "statement"]


def claim_at(pipeline, text: str, value: float | None) -> Claim:
    """The claim of the figure `value` (any of its bounds), or the first one when None."""
    claims = claims_of(pipeline, text)
    if value is None:
        return claims[0]
    return next(c for c in claims if value in (c.value, c.value_low, c.value_high))


KIND = [
    pytest.param("About 1,500 marines sent to the island have been killed, the navy said.", 1500, "killed", id="main-verb-beats-participle-on-subject"),
    pytest.param("Some 400 conscripts who were mobilised in May have died, relatives said.", 400, "killed", id="main-verb-beats-relative-clause"),
    pytest.param("The army lost 300 soldiers killed in the assault.", 300, "killed", id="participle-on-object-still-decides"),
    pytest.param("The junta vowed to reinforce the border, and 250 of its soldiers were captured.", 250, "captured", id="reinforce-in-another-clause"),
    pytest.param("Tanks were sent to reinforce the port with 600 troops.", 600, "reinforcements", id="reinforce-on-the-numbers-verb"),
    pytest.param("The toll has risen by about 300 since Monday, bringing the total to 2,100.", 300, "killed", id="change-in-a-toll-counts-the-dead"),
    pytest.param("The death toll rose by 45 to 1,200 overnight, the ministry said.", 1200, "killed", id="new-total-counts-the-tally"),
    pytest.param("The number of troops on the island has grown by 800 to 5,000.", 800, "reinforcements", id="change-in-a-force-is-reinforcements"),
    pytest.param("The garrison has shrunk by 700 troops since the spring.", 700, "withdrawn", id="drop-in-a-force-is-withdrawn"),
    pytest.param("Among the 9,400 wounded were 310 boys and 205 girls, the ministry said.", 205, "wounded", id="list-item-takes-the-list-kind"),
    pytest.param("About 1,950 men, 1,300 women, 140 boys and 90 girls were killed.", 1300, "killed", id="elliptical-list-killed"),
    pytest.param("Drone strike kills 9 in port city", 9, "killed", id="headline-present-tense-bare"),
    pytest.param("Air raids kill 14 fighters near the border", 14, "killed", id="headline-present-tense-object"),
    pytest.param("Governor: at least 61 killed", 61, "killed", id="headline-with-speaker-label"),
    pytest.param("About 60 percent of the city has been captured, the rebels said.", 60, "other_quantity", id="share-of-ground-is-not-captives"),
    pytest.param("Roughly a third of the garrison was captured, the rebels said.", None, "captured", id="share-of-people-keeps-its-kind"),
]

MODALITY = [
    pytest.param("The agency expects the total to reach 6,000 by the summer.", 6000, "forecast", id="expects-to-reach"),
    pytest.param("Forecasters predict that 40,000 people will flee the coast.", 40000, "forecast", id="predict"),
    pytest.param("The government said it would send 800 medics to the north.", 800, "planned", id="would-send-is-a-plan"),
    pytest.param("The ministry plans to deploy 2,000 police officers in the capital.", 2000, "planned", id="plans-to-deploy"),
    pytest.param("The real toll could be closer to 4,000, a doctor said.", 4000, "possible", id="could-be"),
    pytest.param("As many as 900 people may have died in the floods.", 900, "possible", id="may-have"),
    pytest.param("The army dismissed reports that 70 soldiers were killed in the ambush.", 70, "denied", id="dismissed-reports"),
    pytest.param("The rebels denied that 120 of their fighters had been captured.", 120, "denied", id="denied-that"),
    pytest.param("Officials said 35 people were killed in the raid.", 35, "asserted", id="plain-report-is-asserted"),
    pytest.param("Four commanders pledged to hold the line until spring.", 4, "asserted", id="the-planners-own-count"),
    pytest.param("About 700 troops could be withdrawn by June, officials said.", 700, "possible", id="modal-on-the-subjects-verb"),
    pytest.param("The army plans to rebuild the bridge, and 45 soldiers were wounded on Monday.", 45, "asserted", id="plan-in-another-clause"),
    pytest.param("The deal would add to the 3,000 troops the country sent last year.", 3000, "asserted", id="troops-already-sent"),
    pytest.param("Kigali denied the charge, although experts estimate that 2,500 of its soldiers are there.", 2500, "asserted", id="denial-in-the-main-clause-only"),
]

TIME = [
    pytest.param("Shelling killed 80 people and wounded about 700 on Sunday, officials said.", 700, "2025-03-09", id="second-figure-keeps-the-time"),
    pytest.param("Police said on Monday that 14 people were killed on Saturday.", 14, "2025-03-08", id="event-day-not-the-day-said"),
    pytest.param("More than 3 million people displaced since April 2023 live in camps, the agency said.", 3_000_000, "2023-04/2025-03-14", id="since-inside-a-participle"),
    pytest.param("The 9,000 families who have fled since April 2023 lack shelter, aid groups said.", 9000, "2023-04/2025-03-14", id="since-inside-a-relative-clause"),
    pytest.param("Shelling killed 12 people in the city on Wednesday, the governor said. He said 40 more were wounded.", 40, "2025-03-12", id="continuing-report-takes-its-time"),
    pytest.param("A drone hit the market on Saturday and killed 12 people. Medics said 30 more were hurt.", 30, "2025-03-08", id="more-of-the-toll-takes-the-events-time"),
    pytest.param("A drone hit the market on Saturday and killed 12 people. Medics said another 5 died.", 5, "2025-03-08", id="another-of-the-toll-takes-the-events-time"),
    pytest.param("The island received 900 troops last year. The ministry said 400 more will follow.", 400, None, id="more-troops-later-keep-no-past-time"),
]

ACTOR = [
    pytest.param("Chadian troops crossed into the north last year. About 600 soldiers have since been killed, officials said.", 600, "Chad", id="bare-soldiers-take-the-one-named-force"),
    pytest.param("About 600 soldiers have been killed, officials said. Chadian troops crossed into the north last year.", 600, None, id="not-before-the-force-is-named"),
    pytest.param("Chadian troops and Sudanese soldiers clashed. About 600 soldiers have been killed, officials said.", 600, None, id="two-forces-name-none"),
]


@pytest.mark.parametrize(("text", "value", "kind"), KIND)
def test_kind_rule(pipeline, text: str, value: float | None, kind: str) -> None:
    assert claim_at(pipeline, text, value).kind == kind


@pytest.mark.parametrize(("text", "value", "modality"), MODALITY)
def test_modality_rule(pipeline, text: str, value: float, modality: str) -> None:
    assert claim_at(pipeline, text, value).modality == modality


@pytest.mark.parametrize(("text", "value", "time"), TIME)
def test_time_rule(pipeline, text: str, value: float, time: str | None) -> None:
    assert claim_at(pipeline, text, value).time == time


@pytest.mark.parametrize(("text", "value", "actor"), ACTOR)
def test_actor_rule(pipeline, text: str, value: float, actor: str | None) -> None:
    found = claim_at(pipeline, text, value).actor
    assert (found.name if found else None) == actor


def test_a_denied_figure_keeps_its_kind_and_credits_the_denier(pipeline) -> None:
    found = claim_at(pipeline, "The navy dismissed reports that 90 sailors were killed in the strike.", 90)
    assert (found.kind, found.modality, found.origin) == ("killed", "denied", "navy")


def test_a_statement_denying_takes_the_denied_modality(pipeline) -> None:
    article = Article(id="s" * 32, source="test", text="The ministry denied that its aircraft struck the market.",
                      metadata=Metadata(published=PUBLISHED))
    [said] = pipeline.extractor.extract(article)
    assert (said.kind, said.modality) == ("statement", "denied")
