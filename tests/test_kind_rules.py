"""What a figure counts when real reporting tells it in parts: a tally that changes, the total it
reaches and the earlier figure it is compared with; a list whose cue comes after its last item or
whose items carry phrases of their own; a participle the parse took for the verb; shares of a
place by name; numbers that are parts of a year or of the people quoted. Sentences written for
these tests; each row is (text, figure, expected)."""

from __future__ import annotations

import datetime as dt

import pytest

from claimledger.model import Article, Claim, Metadata

pytestmark = pytest.mark.model

PUBLISHED = dt.date(2025, 3, 14)


def claims_of(pipeline, text: str) -> list[Claim]:
    article = Article(id="k" * 32, source="test", text=text, metadata=Metadata(published=PUBLISHED))
    return [c for c in pipeline.extractor.extract(article) if c.kind != "statement"]


def claim_at(pipeline, text: str, value: float) -> Claim:
    """The claim of the figure `value` (any of its bounds)."""
    return next(c for c in claims_of(pipeline, text) if value in (c.value, c.value_low, c.value_high))


KIND = [
    # a participle on the counted noun that the parse took for the verb
    pytest.param('An officer told the paper that "fewer than 80" marines posted to the island have been killed since 2022.', 80, "killed", id="quoted-count-participle-then-verb"),
    pytest.param("About 900 marines posted to the island and have since come home.", 900, "troops_deployed", id="coordinated-verbs-keep-the-first"),
    pytest.param("Some 300 troops deployed to defend the town surrendered to the rebels.", 300, "captured", id="participle-joined-to-the-verb-without-and"),
    pytest.param("About 40 fighters sent to the north were killed in an ambush.", 40, "killed", id="participle-then-passive-verb"),
    pytest.param("Ethiopia pulled about 800 soldiers out of the region last year.", 800, "withdrawn", id="verb-and-particle-around-the-count"),
    # a tally that changes, the total it reaches, the figure it is compared with
    pytest.param("The ministry said its toll had risen by 40 in a day, bringing the total number killed since May to 2,310.", 40, "killed", id="change-in-a-toll-counts-the-dead"),
    pytest.param("The ministry said its toll had risen by 40 in a day, bringing the total number killed since May to 2,310.", 2310, "killed", id="total-after-a-long-tally-phrase"),
    pytest.param("Strikes killed 18 people on Sunday, bringing the total number of people killed in the district since January to 1,204.", 1204, "killed", id="bringing-the-total-without-a-change"),
    pytest.param("A second column of about 2,000 arrived in May, bringing the total to about 9,000.", 9000, "troops_deployed", id="total-of-reinforcements-is-the-force"),
    pytest.param("Some 300 prisoners came home on Friday, bringing the total freed this month to 1,100.", 1100, "other_quantity", id="total-named-by-its-tally"),
    pytest.param("The mission plans to send 90 additional peacekeepers to the camp, where the population has risen by 2,500 in a month to about 31,000.", 2500, "other_quantity", id="change-in-a-population-is-no-reinforcement"),
    pytest.param("The number of people killed in the raid on the market has risen to 64, officials said.", 64, "killed", id="total-reached-by-a-named-tally"),
    pytest.param("The number of people displaced by the floods and the fighting could reach 1 million by June.", 1_000_000, "other_quantity", id="could-reach-names-the-tally"),
    pytest.param("The agency said 12,000 people had been displaced, and warned the figure could rise to 20,000.", 20000, "other_quantity", id="bare-figure-goes-on-with-the-count-before"),
    pytest.param("Losses have reached 300 killed and 900 wounded, the command said.", 300, "killed", id="own-cue-beats-the-tally"),
    pytest.param("The number of people killed in the raid has risen to 64, up from the 40 reported on Monday.", 40, "killed", id="earlier-figure-compared-with"),
    pytest.param("The brigade had about 1,400 fighters in the valley, up from about 900 a year ago.", 900, "troops_deployed", id="earlier-strength-compared-with"),
    pytest.param("An analyst thought the real number of troops left defending the port might be closer to 6 to 7,000.", 6000, "troops_deployed", id="tally-with-a-copula-and-troops-left-behind"),
    pytest.param("An earlier report put the death toll at 140. The correct figure is 104.", 104, "killed", id="bare-figure-goes-on-with-the-sentence-before"),
    pytest.param("Officials said fewer than 100 soldiers had been killed. Diplomats think the real number could be closer to 300 to 400.", 300, "killed", id="real-number-goes-on-with-the-sentence-before"),
    pytest.param("Strikes hit 40 sites on Friday. The total cost of the munitions could be closer to 2 billion dollars.", 2_000_000_000, "other_quantity", id="a-cost-is-no-tally-of-the-sentence-before"),
    pytest.param("At least 9,000 prisoners were still held, the office said. More than 300 of them were women, an official said.", 300, "captured", id="part-of-the-count-in-the-sentence-before"),
    pytest.param("The agency said 40,000 people had fled, and warned that the figure could rise to 55,000 if convoys could not reach the city.", 55000, "other_quantity", id="cue-in-an-if-clause-is-not-the-figures"),
    pytest.param("The toll has risen to 210, up from the 150 reported the day after the attack.", 150, "killed", id="cue-after-after-is-not-the-figures"),
    # lists
    pytest.param("In all, 310 men, 204 women, 57 boys and 33 girls were counted among the dead.", 310, "killed", id="list-cue-after-the-last-item"),
    pytest.param("The dead include 120 soldiers, 85 police officers, 40 members of a local militia and 16 teachers.", 85, "killed", id="list-item-in-apposition"),
    pytest.param("The dead include 120 soldiers, 85 police officers, 40 members of a local militia and 16 teachers.", 16, "killed", id="list-item-after-an-of-phrase"),
    pytest.param("The army said 40 soldiers were killed last week in the fighting for the airport, including five from the air wing and eleven from the navy.", 11, "killed", id="parts-included-further-off"),
    pytest.param("The army lost up to 150 soldiers, 4 tanks and 9 armoured vehicles in the battle.", 4, "other_quantity", id="list-of-people-and-weapons-splits"),
    pytest.param("The layoffs came to 2 percent of the firm's 90,000 staff every year.", 90000, "other_quantity", id="an-of-phrase-alone-is-no-list"),
    pytest.param("The donor had earlier given 40 tents, and that brings its pledge to $5 million.", 5_000_000, "other_quantity", id="money-keeps-its-own-kind"),
    pytest.param("About 5,000 people fled to the town after the killings, and about half are sheltering in schools.", 0.5, "other_quantity", id="bare-share-of-the-count-before"),
    # shares, places, forces
    pytest.param("Rebels said 70 percent of Kalemie had been captured.", 70, "other_quantity", id="share-of-a-named-place"),
    pytest.param("The command said 8 towns had been retaken and that troops had been deployed in 5 sectors.", 5, "other_quantity", id="sectors-deployed-in-are-no-troops"),
    pytest.param("A force of about 800 would stay behind to guard the crossing.", 800, "troops_deployed", id="bare-strength-of-a-force"),
    pytest.param("The staff said infiltration groups of no more than 60 soldiers were hiding in the north and were being destroyed.", 60, "troops_deployed", id="materiel-cue-does-not-count-people"),
    pytest.param("Some 2,000 newly trained soldiers would join the front by May.", 2000, "reinforcements", id="joining-the-front-reinforces"),
    pytest.param("The government would train 1,500 new recruits this year.", 1500, "other_quantity", id="recruits-trained-are-not-deployed"),
    pytest.param("We forecast that the army will commit at least 3 more brigades to the sector.", 3, "reinforcements", id="more-brigades-reinforce"),
    pytest.param("The command said 14 battalions were trapped near the river.", 14, "other_quantity", id="trapped-units-are-counted"),
    pytest.param("Police said 40 suspects were arrested after the raid.", 40, "captured", id="arrested-are-held"),
    pytest.param("Before the raids began last year, about 90 lorries a day crossed the bridge.", 90, "other_quantity", id="noun-cue-subject-of-a-side-clause"),
    pytest.param("In the raids on Sunday, 14 people were hurt.", 14, "wounded", id="noun-cue-in-the-counts-own-clause-still-near"),
    pytest.param("There are maybe 25 or 30 fighters left in the town, the guest said.", 25, "troops_deployed", id="fighters-left-in-a-town-remain"),
    pytest.param("About 500 troops left the country in May.", 500, "withdrawn", id="troops-leaving-a-country-withdraw"),
]

MODALITY = [
    pytest.param("We forecast that the army will commit at least 3 more brigades to the sector.", 3, "forecast", id="forecast-word-beats-will"),
    pytest.param("The government said it would train 1,500 new recruits this year.", 1500, "planned", id="future-act-on-the-count-is-a-plan"),
    pytest.param("Officials said the toll would reach 900 by the weekend.", 900, "forecast", id="future-of-a-tally-is-a-forecast"),
    pytest.param("The staff dismissed the claim that 70 percent of the town had fallen, saying about 40 soldiers were still holding out.", 40, "asserted", id="the-deniers-own-account"),
    pytest.param("The staff dismissed the claim that 70 percent of the town had fallen, saying about 40 soldiers were still holding out.", 70, "denied", id="the-denied-claim"),
    pytest.param("There may be seven to twelve thousand fighters killed, an analyst said.", 7000, "possible", id="there-may-be-with-a-participle"),
    pytest.param("Officials said the agency believes the army will send 4,000 more soldiers to the coast.", 4000, "forecast", id="belief-about-anothers-move-is-a-forecast"),
    pytest.param("The agency believes 2,000 soldiers were killed.", 2000, "asserted", id="belief-alone-asserts"),
    pytest.param("The envoy said the bloc would consider a further 30 million euros.", 30_000_000, "possible", id="would-consider-is-a-possibility"),
    pytest.param("An earlier version of this article said the toll stood at 161.", 161, "denied", id="earlier-version-is-retracted"),
    pytest.param("CORRECTION, May 2: An earlier version of this story said the toll stood at 161.", 161, "denied", id="correction-label-then-earlier-version"),
    pytest.param("The army said it is untrue that 300 soldiers surrendered at the base.", 300, "denied", id="it-is-untrue-that"),
    pytest.param("There are maybe 25 or 30 fighters left in the town, the guest said.", 25, "possible", id="maybe"),
    pytest.param("The bank expects its next report to show the cost could exceed 9 billion dollars.", 9_000_000_000, "forecast", id="could-under-expects-is-a-forecast"),
    pytest.param("The force has 300 officers on the ground out of the 1,200 that had been promised.", 1200, "planned", id="the-promised-figure"),
    pytest.param("He dismissed claims that the rebels control half of the country.", 0.5, "denied", id="denied-share-of-the-country"),
    pytest.param("That would add to the 2,000 reinforcements dispatched in May.", 2000, "asserted", id="participle-says-they-were-already-sent"),
]

NOT_COUNTS = [
    pytest.param("The monitor expects the second half of 2026 to be worse.", 0.5, id="half-of-a-year"),
    pytest.param("Researchers at two universities put the share at 40 percent.", 2, id="universities-quoted"),
    pytest.param("She led him by 5 percentage points in the poll.", 5, id="percentage-points-stay-ignored"),
]


@pytest.mark.parametrize(("text", "value", "kind"), KIND)
def test_kind_rule(pipeline, text: str, value: float, kind: str) -> None:
    assert claim_at(pipeline, text, value).kind == kind


@pytest.mark.parametrize(("text", "value", "modality"), MODALITY)
def test_modality_rule(pipeline, text: str, value: float, modality: str) -> None:
    assert claim_at(pipeline, text, value).modality == modality


@pytest.mark.parametrize(("text", "value"), NOT_COUNTS)
def test_not_a_count(pipeline, text: str, value: float) -> None:
    assert all(value not in (c.value, c.value_low, c.value_high) for c in claims_of(pipeline, text))
