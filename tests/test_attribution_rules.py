"""Who a figure is credited to, rule by rule: rows of (text, the figure read, its expected origin).

Sentences are written for these tests; each row's id names the rule it guards. None as the
origin means the article itself vouches for the figure.
"""

from __future__ import annotations

import datetime as dt

import pytest

from claimledger.model import Article, Claim, Metadata

pytestmark = pytest.mark.model


def claim_of(pipeline, text: str, value: float) -> Claim:
    article = Article(id="a" * 32, source="test", text=text, metadata=Metadata(published=dt.date(2025, 3, 14)))
    return next(c for c in pipeline.extractor.extract(article) if value in (c.value, c.value_low, c.value_high))


ORIGINS = [
    # A name and a colon opening a quotation, alone or after a newsletter's dash, speak the
    # quotation; its "we" is that name, not an unresolved pronoun
    pytest.param("FERRY TRAFFIC FELL - Ines Marlow: “We counted 16 barges fewer this spring.”", 16, "Ines Marlow", id="dashed-name-colon-quote"),
    pytest.param("Harbour traffic slowed - Ines Marlow: “We counted 16 barges fewer.”", 16, "Ines Marlow", id="dashed-name-after-a-clause"),
    pytest.param("DOCK WORK RESUMED - Ines K. Marlow: “At last the count is in: 16 barges.”", 16, "Ines K. Marlow", id="dashed-name-with-an-initial"),
    pytest.param("Ines Marlow: “We found 16 barges adrift after the storm.”", 16, "Ines Marlow", id="name-colon-we-found"),
    pytest.param("Some 16 ferries stayed in port - repairs: “slow going” all week.", 16, None, id="dashed-lowercase-word-is-no-speaker"),
    # Speech verbs and their inflections
    pytest.param("Military planners argued that 4,000 more troops were needed.", 4000, "Military planners", id="argued"),
    pytest.param("The general explained that 250 vehicles had been lost.", 250, "general", id="explained"),
    pytest.param("The mayor spoke on radio, adding that 35 homes had burned.", 35, "mayor", id="adding-takes-its-head-subject"),
    pytest.param("Organizers added 160 guards along the route this year.", 160, None, id="added-guards-is-no-report"),
    pytest.param("The inspectors' report finds that 18 sites were damaged.", 18, "inspectors", id="finds-a-report-by-its-maker"),
    # Any form of a listed verb reports, by its lemma, when the tagger reads it as a verb; a
    # phrasal verb with its particle; a listed verb's form read as a noun reports nothing
    pytest.param("The harbour master spoke at dawn, pointing out that 16 barges had sunk.", 16, "harbour master", id="pointing-out-by-lemma"),
    pytest.param("The harbour master pointed out that 16 barges had sunk.", 16, "harbour master", id="pointed-out-phrasal"),
    pytest.param("The harbour master points to a count of 16 sunken barges.", 16, "harbour master", id="points-to-phrasal"),
    pytest.param("The harbour master pointed the crane at 16 barges.", 16, None, id="point-without-its-particle-reports-nothing"),
    pytest.param("The ward nurse echoed the warning, stressing that 80 beds were full.", 80, "ward nurse", id="stressing-by-lemma"),
    pytest.param("The city engineer was calculating last week that 45 bridges needed repair.", 45, "city engineer", id="calculating-by-lemma"),
    # A cue with no subject of its own takes the one of the verb it hangs on ("was quick to
    # add", "ended by saying"), or that verb's object ("led engineers to warn")
    pytest.param("The harbour master was quick to add that 16 barges had sunk.", 16, "harbour master", id="quick-to-add-takes-the-subject"),
    pytest.param("The mayor ended her speech by saying 40 homes had burned.", 40, "mayor", id="by-saying-takes-the-subject"),
    pytest.param("The floods led engineers to warn that 9 dams were at risk.", 9, "engineers", id="led-them-to-warn-takes-the-object"),
    pytest.param("The divers were able to find the 30 missing crates by noon.", 30, None, id="able-to-find-an-object-is-no-report"),
    # A relative clause reports when it governs the figure or closes the sentence; a clause on
    # a noun that governs none of the figures is not the sentence's report
    pytest.param("The governor, who announced a $3 million repair fund on Monday, left for the capital.", 3000000, "governor", id="who-announced-the-figure"),
    pytest.param("The governor, who said the bridge was safe, led 200 volunteers across it.", 200, None, id="who-said-something-else"),
    pytest.param("Fighting resumed despite a truce the junta announced, and 30 villagers fled.", 30, None, id="truce-the-junta-announced"),
    pytest.param("Nearly 70 percent of farmers oppose the levy, the survey found.", 70, "survey", id="closing-the-survey-found"),
    pytest.param("The figure is above the one the agency gave on Thursday, which put the toll at 1,100.", 1100, None, id="which-is-not-on-the-day"),
    pytest.param("Satellite images released by the coast guard appeared to show 14 tankers at anchor.", 14, "coast guard", id="released-by-its-publisher"),
    pytest.param("The council cited a study showing that 45 percent of berths sit empty.", 45, "study", id="a-study-showing"),
    # A count the parser hangs on a participle is no speaker; nor is the object of "add to"
    pytest.param("About 40 people reported killed in the raid were buried on Monday.", 40, None, id="reported-killed-is-no-speaker"),
    pytest.param("The 3rd Mountain Brigade said its units had lost 12 vehicles.", 12, "3rd Mountain Brigade", id="an-ordinal-is-no-count"),
    pytest.param("The mayor, who added to her fleet of 14 ferries last year, opened a new pier.", 14, None, id="added-to-is-no-report"),
    pytest.param("The new pier was built by the mayor, who in 2019 added to her fleet of 14 ferries.", 14, None, id="closing-who-clause-is-no-cue"),
    pytest.param("The need is far above the level that aid agencies estimate at 500 trucks a day.", 500, "aid agencies", id="that-they-estimate-at"),
    pytest.param("The rebels' strong showing in the north won them 12 towns.", 12, None, id="showing-as-noun-reports-nothing"),
    pytest.param("The governor reshuffled her staff on Friday, putting 3 deputies in charge of the ports.", 3, None, id="putting-is-written-only"),
    # Stated intentions credit who states them ("has proposed", "sought"); "plans" does not
    pytest.param("The ministry plans to send 3,000 more troops to the border.", 3000, None, id="plans-to-send-narrates"),
    pytest.param("The governor has proposed hiring 200 more nurses.", 200, "governor", id="has-proposed"),
    pytest.param("The council sought 40 million dollars for the dam.", 40000000, "council", id="sought"),
    pytest.param("The plans call for 300 new homes by the river.", 300, None, id="plans-as-a-noun-is-no-cue"),
    # "per" introduces an origin only before a name or a determiner
    pytest.param("Casual labourers earn $9 per day at the depot, and 140 of them were laid off.", 140, None, id="per-unit-is-not-an-origin"),
    pytest.param("The count of displaced people rose to 8,000, per the relief agency.", 8000, "relief agency", id="per-the-agency"),
    pytest.param("According to the Harbour Gazette, 571 of the 714 dock workers — a group made up of union members — back the strike.", 571, "Harbour Gazette", id="according-to-then-a-count"),
    pytest.param("“The strike will go on,” said the dockers' union, a group of 4,000 crane drivers.", 4000, None, id="description-in-apposition-stays-the-speaker's"),
    # A record's maker is the origin
    pytest.param("At least 2,400 people have died, according to confirmed UN data.", 2400, "UN", id="according-to-un-data"),
    pytest.param("At least 2,400 people have died, according to Israeli tallies.", 2400, "Israel", id="according-to-national-tallies"),
    pytest.param("At least 2,400 people have died, according to the latest update from the Red Crescent.", 2400, "Red Crescent", id="according-to-update-from"),
    pytest.param("A report by the Red Crescent put the number of wounded at 310.", 310, "Red Crescent", id="report-by-its-maker"),
    # Appositive names: the person, not the office
    pytest.param("The port's director Amara Okafor said 26 cranes were out of service.", 26, "Amara Okafor", id="title-then-name"),
    pytest.param("Moldova's defence minister, Petra Ilescu, said 90 recruits had deserted.", 90, "Petra Ilescu", id="office-comma-name"),
    # Pronoun speakers
    pytest.param(
        "Defence Minister Tomas Varga said on Tuesday that the line was holding.\n\n"
        "Rain slowed the fighting overnight.\n\nAbout 120 soldiers were wounded, he said.",
        120, "Defence Minister Tomas Varga", id="he-paragraphs-later-is-the-named-person",
    ),
    pytest.param(
        "Defence Minister Tomas Varga said the line was holding.\n\n"
        "The Red Cross warned that stocks were low.\n\nAbout 120 soldiers were wounded, he said.",
        120, "Defence Minister Tomas Varga", id="he-is-not-an-organisation",
    ),
    pytest.param("You know, 60 people came to the meeting, the organiser said.", 60, "organiser", id="you-is-no-speaker"),
    # Anonymous sources keep their description; two speakers in one sentence keep their figures
    pytest.param("About 40 containers were damaged, said a port official who asked not to be named.", 40, "port official", id="anonymous-official"),
    pytest.param("Police said 12 people were arrested, while the ministry said 45 were hurt.", 12, "Police", id="first-of-two-speakers"),
    pytest.param("Police said 12 people were arrested, while the ministry said 45 were hurt.", 45, "ministry", id="second-of-two-speakers"),
    # A sentence that starts a report of its own does not carry the one before; a noun phrase of
    # the sentence before is no speaker
    pytest.param("The army said 50 fighters were killed on Monday.\nA separate report by the Red Crescent put the number of wounded at 300.", 300, "Red Crescent", id="new-report-not-carried"),
    pytest.param("The shelling left several hundred casualties in the town.\nThey said 20 of the dead were children.", 20, None, id="they-is-not-the-casualties"),
    # A report goes on into the next sentence of its paragraph for tolls, plans, comparisons,
    # quoted speech, "we" and restated tallies; any other quantity there is the article's own
    pytest.param("The relief agency said 40 people were hurt in the blast. The town had 2,000 residents before the war.", 2000, None, id="narration-after-a-report-is-the-article's"),
    pytest.param("The relief agency said 40 people were hurt in the blast. The depot held 600 tonnes of grain.", 600, None, id="narrated-stock-is-the-article's"),
    pytest.param("The health office said 40 people were killed in the blast. Another 25 were missing.", 25, "health office", id="toll-goes-on-with-the-report"),
    pytest.param("The relief agency said 40 families had arrived. It plans to open 3 more shelters next week.", 3, "relief agency", id="plan-goes-on-with-the-report"),
    pytest.param("The relief agency said 4,000 people now live in the camp. That is up from 2,500 in May.", 2500, "relief agency", id="comparison-goes-on-with-the-report"),
    pytest.param("The mission said the first tally was wrong. The correct total is 115.", 115, "mission", id="restated-tally-goes-on"),
    pytest.param("The relief agency said 40 families had arrived. We opened 3 more shelters.", 3, "relief agency", id="we-goes-on-with-the-report"),
    # Figures given "in" a survey are the survey's when no one in the sentence reports them
    pytest.param("Only 31 percent of residents said the curfew helped, in a new survey by the city council.", 31, "new survey by the city council", id="in-a-survey"),
    pytest.param("In a poll released on Monday, 58 percent of farmers backed the truce.", 58, "poll", id="in-a-poll-opening"),
    pytest.param("About 300 families live in the camp in the study area.", 300, None, id="in-the-area-is-no-survey"),
    # Polls in the plural with no maker named, and a survey on the clause's subject (which
    # people are counted), credit no one
    pytest.param("The mayor climbed in the polls and reached 35 percent by June.", 35, None, id="in-the-polls-is-no-survey"),
    pytest.param("Support for the levy stayed above 60 percent in regional polls.", 60, None, id="in-unnamed-polls-is-no-survey"),
    pytest.param("The levy had 44 percent support in the Harbour Institute surveys.", 44, "Harbour Institute surveys", id="in-named-surveys"),
    pytest.param("Twelve percent of the farmers in the survey were undecided about the levy.", 12, None, id="survey-on-the-subject-is-no-cue"),
    pytest.param("Only 40 percent of the fishermen questioned in the new poll supported the levy.", 40, None, id="surveyed-in-a-poll-on-the-subject"),
    pytest.param("The mayor's approval rating in the latest harbour poll stands at 41 percent.", 41, "latest harbour poll", id="measure-in-a-poll-is-the-poll's"),
    pytest.param("Poll: 62 percent of farmers back the truce", 62, "Poll", id="headline-poll-colon"),
    # Any name in title case before a colon speaks; a label, a transcript's capitals or a
    # heading over figures does not
    pytest.param("Marta Diaz: “We lost 40 boats in one night.”", 40, "Marta Diaz", id="headline-name-colon"),
    pytest.param("Harbour Gate: 40 boats lost in one night.", 40, None, id="heading-over-figures-is-no-speaker"),
    pytest.param("Editor's Note: The Tally Of 40 Boats Was Revised.", 40, None, id="editors-note-is-no-speaker"),
    # A reporting verb inside a quotation is the quoted speaker's words: the one outside speaks
    pytest.param("The institute found that “nearly twice as many farmers said the levy cost them 65 dollars.”", 65, "institute", id="quoted-inner-report-is-the-outer-speaker's"),
    pytest.param("The auditors pegged the cost of the repairs at $4 million.", 4000000, "auditors", id="pegged-at"),
    # Only what the verb reports is the speaker's: not where or how they spoke, nor a clause on
    # their own name; "put X at N" and "up from N" are still the report
    pytest.param("“We will rebuild the bridge,” the mayor said in front of a crowd of about 500 residents.", 500, None, id="where-the-speaker-spoke"),
    pytest.param("The dockers' union, which has 40,000 members, said the strike would go on.", 40000, None, id="clause-on-the-speaker"),
    pytest.param("The army put the number of fighters in the valley at 300.", 300, "army", id="put-at-is-the-report"),
    pytest.param("The agency said 4,000 people had fled, up from 2,500 a week earlier.", 2500, "agency", id="up-from-is-the-report"),
    # A speaker's words in the first person go on into the next paragraph; a transcript's label
    # opens someone else's turn
    pytest.param("The storm hit the coast overnight, the port office said.\n\nWe lost 14 boats in one night.", 14, "port office", id="first-person-next-paragraph"),
    pytest.param("HOST: The port office described the storm, the reporter said.\n\nOKAFOR: We lost 14 boats in one night.", 14, None, id="turn-label-is-a-new-speaker"),
    pytest.param("The fishermen lost 14 boats in one night, the port office said.\n\nThe town has 3 harbours.", 3, None, id="no-first-person-no-carry-across-paragraphs"),
    # A number in a place on the speaker's phrase does not make the speaker a counted group
    pytest.param("Engineers at two river stations put the water level at 9 metres.", 9, "Engineers at two river stations", id="speakers-at-two-places"),
    # "Let's say" inside a quotation is no speaker
    pytest.param("“Let's say we have 300 beds left,” the hospital director said.", 300, "hospital director", id="lets-say-is-no-speaker"),
    pytest.param("All told, the relief fund raised $4 million in March.", 4000000, None, id="all-told-is-no-report"),
    pytest.param("As the mayor told reporters, 40 homes burned.", 40, "mayor", id="as-the-mayor-told-reporters"),
    # "one official" is a speaker, not a counted group
    pytest.param("One former port official said the terminal had lost 60 cranes.", 60, "One former port official", id="one-official-is-a-speaker"),
    # Quotations over several sentences take the speaker named beside them
    pytest.param("“We lost 40 men in one night. Another 12 are missing,” the commander said.", 12, "commander", id="quote-speaker-after"),
    pytest.param("Captain Ruiz said: “The unit had 300 soldiers. About 70 of them were wounded.”", 70, "Captain Ruiz", id="quote-speaker-before"),
    pytest.param("“The river rose overnight,” the ferry captain added. “Ninety people crossed before dawn.”", 90, "ferry captain", id="quote-opened-after-a-speaker"),
    pytest.param("The ferry captain said the river rose overnight.\n\n“We carried 90 people across before dawn.”", 90, "ferry captain", id="quoted-paragraph-after-a-report"),
]


@pytest.mark.parametrize(("text", "value", "origin"), ORIGINS)
def test_origin(pipeline, text: str, value: float, origin: str | None) -> None:
    assert claim_of(pipeline, text, value).origin == origin


CHAINS = [
    pytest.param("Lawmakers briefed by the spy agency said 1,100 soldiers had been killed.", "spy agency", ("Lawmakers",), id="briefed-by"),
    pytest.param("Citing the agency, Lee said 1,100 soldiers had been killed.", "agency", ("Lee",), id="citing-then-speaker"),
    pytest.param(
        "Yonhap reported, citing lawmakers briefed by the intelligence service, that 1,100 soldiers had been killed.",
        "intelligence service", ("lawmakers", "Yonhap"), id="reported-citing-briefed",
    ),
]


@pytest.mark.parametrize(("text", "origin", "conduits"), CHAINS)
def test_briefing_chain(pipeline, text: str, origin: str, conduits: tuple[str, ...]) -> None:
    claim = claim_of(pipeline, text, 1100)
    assert (claim.origin, claim.conduits) == (origin, conduits)


def article_of(text: str, outlet: str, author: str) -> Article:
    return Article(id="e" * 32, source="test", text=text,
                   metadata=Metadata(published=dt.date(2025, 3, 14), outlet=outlet, author=author))


def by_value(claims: list[Claim]) -> dict[float | None, Claim]:
    return {c.value: c for c in claims}


def test_an_outlet_named_only_in_its_text_vouches_for_its_we_sentences_alone(pipeline) -> None:
    text = (
        "Readers of the Lake Ledger often write to us about the ferry. We counted 40 letters last month.\n"
        "The council spent 300 dollars on new benches. Our desk will follow the story."
    )
    claims = by_value(pipeline.extractor.extract(article_of(text, "Lake Ledger", "Ann Byrd")))
    assert claims[40].origin == "Lake Ledger"
    assert claims[300].origin is None


def test_an_outlet_code_inside_a_web_address_does_not_name_the_outlet(pipeline) -> None:
    text = (
        "A copy is at llxnews.example.org/ferry. We counted 40 letters last month.\n"
        "The council spent 300 dollars on new benches. Our desk will follow the story."
    )
    claims = by_value(pipeline.extractor.extract(article_of(text, "llx", "Ann Byrd")))
    assert claims[40].origin is None and claims[300].origin is None


MODALITIES = [
    pytest.param("The ministry plans to send 3,000 more troops to the border.", 3000, "planned", id="plans-to-send-is-planned"),
    pytest.param("The governor has proposed hiring 200 more nurses.", 200, "planned", id="proposed-is-planned"),
    pytest.param("The council sought 40 million dollars for the dam.", 40000000, "planned", id="sought-is-planned"),
    pytest.param("The port office believes the storm will sink 30 more boats.", 30, "forecast", id="believes-will-is-forecast"),
]


@pytest.mark.parametrize(("text", "value", "modality"), MODALITIES)
def test_intention_modality(pipeline, text: str, value: float, modality: str) -> None:
    assert claim_of(pipeline, text, value).modality == modality
