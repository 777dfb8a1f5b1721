"""Claim extraction on sentences written for these tests: one behaviour per test, named after
what it guards (most were bugs once)."""

from __future__ import annotations

import datetime as dt

import pytest

from claimledger.model import Article, Citation, Claim, Metadata

pytestmark = pytest.mark.model

PUBLISHED = dt.date(2025, 3, 14)  # a Friday


def extract(pipeline, text: str, published: dt.date | None = PUBLISHED, citations=()) -> list[Claim]:
    article = Article(
        id="t" * 32, source="test", text=text, metadata=Metadata(published=published),
        citations=tuple(citations),
    )
    return pipeline.extractor.extract(article)


def numeric(claims: list[Claim]) -> list[Claim]:
    return [c for c in claims if c.value is not None or c.value_low is not None or c.value_high is not None]


def by_value(claims: list[Claim]) -> dict[float, Claim]:
    return {(c.value or c.value_low or c.value_high): c for c in numeric(claims)}


def claim_at(pipeline, text: str, value: float | None) -> Claim:
    """The claim of the figure `value` in the text (the first figure when None)."""
    claims = numeric(extract(pipeline, text))
    return claims[0] if value is None else by_value(claims)[value]


# Rules tested one by one: each row is a case, its id names the rule it guards. A row gives the
# text, the figure whose claim is read (None: the first), and what that claim's field must be.
# PUBLISHED is 2025-03-14, a Friday.

KIND = [
    pytest.param('Shelling killed 14 people and wounded 52 in the city of Sumy, officials said.', 14, 'killed', id='two-verbs-each-decide-their-figure-killed'),
    pytest.param('Shelling killed 14 people and wounded 52 in the city of Sumy, officials said.', 52, 'wounded', id='two-verbs-each-decide-their-figure-wounded'),
    pytest.param('The general staff claimed the enemy had lost 8,000 troops in the offensive.', None, 'killed_or_wounded', id='lost-troops-are-casualties'),
    pytest.param('The junta is preparing to send 2,500 more soldiers to the border.', None, 'reinforcements', id='more-after-the-count-is-reinforcement'),
    pytest.param('About 900 soldiers crossed the river on Monday. Officials expect the total to reach 3,000.', 3000, 'troops_deployed', id='unit-from-the-earlier-sentence'),
    pytest.param('Army officers told the Harbour Daily that 75 militants were captured.', None, 'captured', id='told-that-were-captured'),
    pytest.param('Some 30 civilians have been reported missing.', None, 'missing', id='reported-missing'),
    pytest.param('The army said it had captured three villages near the river.', None, 'other_quantity', id='villages-captured-are-not-prisoners'),
    pytest.param('Artillery caused about 70 percent of the casualties recorded in May.', 70, 'killed_or_wounded', id='share-of-casualties'),
    pytest.param('The army had lost about 600 soldiers killed out of 4,700 casualties, officials said.', 600, 'killed', id='participle-after-the-noun'),
    pytest.param('The army had lost about 600 soldiers killed out of 4,700 casualties, officials said.', 4700, 'killed_or_wounded', id='unit-noun-that-is-a-kind'),
    pytest.param('The Arakan Army said on Monday that it had seized the town.\nThe ethnic armed group said its fighters had taken 300 soldiers prisoner.', None, 'captured', id='descriptive-reference-taken-prisoner'),
    pytest.param('The strike killed 23 people, seven of them children, rescuers said.', 7, 'killed', id='part-of-them-shares-the-whole'),
    pytest.param('Sadly, 6 of our soldiers fell in the line of duty. Our units neutralised 25 terrorists.', 6, 'killed', id='fell-is-killed'),
    pytest.param('Sadly, 6 of our soldiers fell in the line of duty. Our units neutralised 25 terrorists.', 25, 'killed', id='neutralised-is-killed'),
    pytest.param('About 1,200 residents have left the town since Monday, while 800 soldiers were sent to hold it.', 1200, 'other_quantity', id='civilians-on-the-move-not-deployed'),
    pytest.param('About 1,200 residents have left the town since Monday, while 800 soldiers were sent to hold it.', 800, 'troops_deployed', id='soldiers-sent-are-deployed'),
    pytest.param('Of the 40 crew, 22 were rescued, at least six died and 12 remain missing, the coastguard said.', 12, 'missing', id='state-a-count-remains-in'),
    pytest.param('The field hospital said it had admitted 85 wounded civilians since Friday.', None, 'wounded', id='adjective-before-the-people'),
    pytest.param('Border guards said they had captured three wounded fighters near the river.', None, 'captured', id='verb-outranks-adjective'),
    pytest.param('Armed men kidnapped 23 bus passengers near Kwall last month, police said.', None, 'captured', id='kidnapped-is-captured'),
    pytest.param('As many as 15 residents may still be under the rubble of the tower, rescuers said.', None, 'missing', id='under-the-rubble-is-missing'),
    pytest.param('Moscow claimed that 600 enemy troops had been encircled near the reservoir.', None, 'other_quantity', id='encircled-is-other'),
    pytest.param('Kyiv said 95 of its marines had come home in the latest swap.', None, 'other_quantity', id='came-home-in-a-swap-is-other'),
    pytest.param('The brigade said it had seized 52 small arms from the raiders.', None, 'other_quantity', id='seized-arms-are-other'),
    pytest.param('Chad sent 120 gendarmes to join the regional force in March.', None, 'reinforcements', id='sent-to-join-a-force-is-reinforcement'),
    pytest.param('A second wave of roughly 2,000 mercenaries reached the front in April, analysts said.', None, 'reinforcements', id='a-second-wave-is-reinforcement'),
    pytest.param('The junta deployed 900 soldiers to the border, and added two drone units in May.', None, 'troops_deployed', id='first-deployment-is-not-reinforcement'),
    pytest.param('The militia says it holds 61 hostages, including at least 9 it says are dead.', 61, 'captured', id='part-that-says-what-happened-keeps-its-kind-whole'),
    pytest.param('The militia says it holds 61 hostages, including at least 9 it says are dead.', 9, 'killed', id='part-that-says-what-happened-keeps-its-kind-part'),
    pytest.param('The blast killed 31 people, eight of them children, and wounded 70.', 8, 'killed', id='bare-part-shares-the-whole'),
    pytest.param('The blast killed 31 people, eight of them children, and wounded 70.', 70, 'wounded', id='figure-after-a-part-keeps-its-verb'),
    pytest.param('Drones struck the district, killing three people and wounding at least 64, including nine children.', 3, 'killed', id='parts-share-the-kind-killed'),
    pytest.param('Drones struck the district, killing three people and wounding at least 64, including nine children.', 64, 'wounded', id='parts-share-the-kind-wounded'),
    pytest.param('Drones struck the district, killing three people and wounding at least 64, including nine children.', 9, 'wounded', id='parts-share-the-kind-including'),
    pytest.param('Insurgents stormed the garrison at Diapaga with some 300 fighters on Sunday.', None, 'troops_deployed', id='attack-made-with-fighters-is-a-force'),
    pytest.param('Police said the raid on the convoy was carried out by about 40 gunmen, many of whom were killed.', None, 'troops_deployed', id='attack-carried-out-by-gunmen-is-a-force'),
    pytest.param('Some 25 soldiers were killed by rebels at the crossing, the army said.', None, 'killed', id='soldiers-killed-by-others-stay-killed'),
    pytest.param('The car bomb left 17 worshippers dead outside the mosque.', None, 'killed', id='left-dead'),
    pytest.param('Overnight shelling left at least 8 residents injured in Nikopol.', None, 'wounded', id='left-injured'),
    pytest.param('The ferry fire left 14 passengers missing, the coastguard said.', None, 'missing', id='left-missing'),
    pytest.param('About 300 troops left the airbase in January.', None, 'withdrawn', id='troops-that-left-are-withdrawn'),
    pytest.param('The rebels said they held roughly 60 percent of Kalemie and had killed 130 soldiers there.', 60, 'other_quantity', id='share-not-kind-of-next-clause'),
    pytest.param('The rebels said they held roughly 60 percent of Kalemie and had killed 130 soldiers there.', 130, 'killed', id='next-clause-keeps-its-own-kind'),
    pytest.param('Medics said about 40 percent of those who died in the strike were children.', None, 'killed', id='share-of-the-dead-is-killed'),
    pytest.param('Drone footage published by the brigade showed about 250 Russian soldiers massing near Vovchansk.', 250, 'troops_deployed', id='participle-on-another-noun-is-not-the-cue'),
    pytest.param('The deal would see the militia free 12 hostages in exchange for 300 detained fighters and prisoners.', 300, 'other_quantity', id='in-exchange-for-is-a-release'),
    pytest.param('The rebels demanded the release of 85 prisoners held by the army.', 85, 'other_quantity', id='release-of-prisoners-is-a-release'),
    pytest.param('Rescuers pulled 9 people from a collapsed house, and all were taken to hospital.', 9, 'wounded', id='taken-to-hospital-is-wounded'),
    pytest.param('Monitors put the number killed or wounded in the offensive at about 7,500.', 7500, 'killed_or_wounded', id='tally-noun-takes-the-participle'),
    pytest.param('Officials said Nairobi was assembling a contingent of some 400 volunteers for the mission.', None, 'troops_deployed', id='strength-of-a-force-is-troops'),
]


ORIGIN = [
    pytest.param('According to the UN refugee agency, 48,000 people fled the fighting.', None, 'UN refugee agency', id='according-to'),
    pytest.param('The International Organization for Migration said on Tuesday that 20,000 people had fled.\nAnother 5,000 are expected to leave this week, the agency said.', 5000, 'International Organization for Migration', id='the-agency-refers-back'),
    pytest.param('The government denies the charge, but monitors wrote that 300 prisoners were executed.', None, 'monitors', id='governing-verb-over-earlier-denial'),
    pytest.param('Israel says 94 hostages remain in Gaza, including at least 34 it believes are dead.', 94, 'Israel', id='pronoun-resolves-within-the-sentence-whole'),
    pytest.param('Israel says 94 hostages remain in Gaza, including at least 34 it believes are dead.', 34, 'Israel', id='pronoun-resolves-within-the-sentence-part'),
    pytest.param('NORTHERN COMMAND - PRESS OFFICE\nStatement number 12\n\nOur units destroyed 9 armoured vehicles overnight.', None, 'Northern Command', id='letterhead-then-statement-line'),
    pytest.param('The Arakan Army said on Monday that it had seized the town.\nThe ethnic armed group said its fighters had taken 300 soldiers prisoner.', None, 'Arakan Army', id='descriptive-reference-to-an-earlier-group'),
    pytest.param('**10:40** Two people were killed in Sumy on Thursday, the mayor says.\n\nUpdate 12:15 GMT: The regional governor says 9 more were injured on Thursday.', 2, 'mayor', id='live-blog-stamp-is-not-the-source'),
    pytest.param('**10:40** Two people were killed in Sumy on Thursday, the mayor says.\n\nUpdate 12:15 GMT: The regional governor says 9 more were injured on Thursday.', 9, 'regional governor', id='live-blog-stamp-is-not-the-source-update'),
    pytest.param('Three diplomats familiar with the talks said 25 detainees would be freed.', 25, 'Three diplomats familiar with the talks', id='count-of-speakers-is-the-source'),
    pytest.param('The army says it has destroyed 40 tanks, a figure it has not backed with evidence, and that 12 of its men died.', 40, 'army', id='apposition-figure-keeps-the-speaker'),
    pytest.param('The army says it has destroyed 40 tanks, a figure it has not backed with evidence, and that 12 of its men died.', 12, 'army', id='apposition-then-second-figure-keeps-the-speaker'),
    pytest.param('Roughly 9,000 militia fighters have massed near the border, and UN monitors say about 700 of them have deserted.', 700, 'UN monitors', id='later-clause-speaker-vouches-for-its-clause'),
    pytest.param('Roughly 9,000 militia fighters have massed near the border, and UN monitors say about 700 of them have deserted.', 9000, None, id='later-clause-speaker-not-for-first-clause'),
    pytest.param('A local relief committee told us it had counted 260 bodies, and the provincial governor puts the toll at more than 400.', 260, 'local relief committee', id='each-clause-keeps-its-speaker-first'),
    pytest.param('A local relief committee told us it had counted 260 bodies, and the provincial governor puts the toll at more than 400.', 400, 'provincial governor', id='each-clause-keeps-its-speaker-second'),
    pytest.param('The enemy launched 60 drones overnight, and 51 of them were shot down, the air force said.', 60, 'air force', id='closing-speaker-vouches-for-first-clause'),
    pytest.param('The enemy launched 60 drones overnight, and 51 of them were shot down, the air force said.', 51, 'air force', id='closing-speaker-vouches-for-second-clause'),
    pytest.param('The army on Monday rejected Israeli claims that 300 of its fighters had surrendered near the crossing.', None, 'Israel', id='denied-claim-credits-its-owner'),
    pytest.param('Satellite images published by the Institute for Regional Studies appear to show about 60 tanks massed near Belgorod.', None, 'Institute for Regional Studies', id='published-by-credits-the-publisher'),
    pytest.param("Britain's defence intelligence estimates that Iran has shipped about 200 missiles to Yemen.", None, "Britain's defence intelligence", id='reporting-verb-tagged-as-noun'),
    pytest.param('The refugee agency estimates that about 90,000 people have gone back to Sennar state this year, but the army is still shelling Singa, with four people killed there on Sunday according to local doctors.', 90000, 'refugee agency', id='according-to-later-clause-not-main-figure'),
    pytest.param('The refugee agency estimates that about 90,000 people have gone back to Sennar state this year, but the army is still shelling Singa, with four people killed there on Sunday according to local doctors.', 4, 'local doctors', id='according-to-later-clause-its-figure'),
    pytest.param('The president said 900 soldiers had died, according to a transcript of his speech.', None, 'president', id='according-to-own-words'),
]


ATTRIBUTED = [
    pytest.param('Army officers told the Harbour Daily that 75 militants were captured.', None, 'Army officers (via Harbour Daily)', id='told-adds-the-conduit'),
    pytest.param('Western diplomats told the Field Monitor that the brigade was badly hit. Among them, 210 were killed.', None, 'Western diplomats (via Field Monitor)', id='carries-to-the-next-sentence-of-the-report'),
    pytest.param('Rebel commanders said the town had fallen.\n\nAbout 40 soldiers were captured near the bridge.', None, None, id='does-not-carry-into-a-new-paragraph'),
    pytest.param('Some 30 civilians have been reported missing.', None, None, id='passive-report-credits-no-one'),
    pytest.param("The Kachin Independence Army said it had shot down two helicopters.\n\nA local aid group said 12 civilians were killed in the shelling.\n\nThe defence ministry said 40 fighters were captured. Since May, 90 civilians have been wounded, according to the regional governor's office.", 12, 'local aid group', id='a-new-group-is-not-a-reference-back'),
    pytest.param("The Kachin Independence Army said it had shot down two helicopters.\n\nA local aid group said 12 civilians were killed in the shelling.\n\nThe defence ministry said 40 fighters were captured. Since May, 90 civilians have been wounded, according to the regional governor's office.", 90, "regional governor's office", id='a-named-office-is-not-a-reference-back'),
    pytest.param('The health office gives no breakdown by age, but says 35 of the dead were under 18.', None, 'health office', id='second-verb-shares-the-speaker'),
    pytest.param('Malawi, which has lost 6 peacekeepers since January, said its battalion would stay.', None, None, id='figure-inside-the-speakers-description'),
]


TIME = [
    pytest.param('In May 2024, 12 aid workers were killed in Rafah.', None, '2024-05', id='month-may-with-a-year'),
    pytest.param('The war, which began in April 2023, has uprooted about 12 million people in total, agencies say.', None, '2025-03-14', id='relative-clause-time-does-not-date-the-count'),
    pytest.param('The agency said on Monday that 580,000 people had been displaced since April.', None, '2024-04/2025-03-14', id='since-is-an-interval'),
    pytest.param('About 25 soldiers are still missing, a local official said.', None, '2025-03-14', id='running-total-stated-as-current'),
    pytest.param('The ministry said 50,000 people had been killed since the war began in October 2023.', None, '2023-10/2025-03-14', id='since-an-event-in-a-month'),
    pytest.param('Since the start of the year, strikes have killed more than 80 people.', None, '2025-01/2025-03-14', id='since-the-start-of-the-year'),
    pytest.param('Shelling killed two civilians and wounded five others in Kupiansk on Tuesday morning.', 2, '2025-03-11', id='joined-clause-dates-the-first-figure'),
    pytest.param('Shelling killed two civilians and wounded five others in Kupiansk on Tuesday morning.', 5, '2025-03-11', id='joined-clause-dates-the-second-figure'),
    pytest.param('STATEMENT OF THE GENERAL STAFF\n\nOn 12 March our units repelled nine attacks. The enemy lost up to 120 servicemen.', 120, '2025-03-12', id='time-carries-through-a-statement-paragraph'),
    pytest.param('The health ministry in Gaza said 48,000 people had been killed since the war began.', None, '2023-10-07/2025-03-14', id='since-the-war-began-in-gaza'),
    pytest.param('More than 12,000 civilians have been killed in Ukraine since the full-scale invasion, the UN said.', None, '2022-02-24/2025-03-14', id='since-the-full-scale-invasion-of-ukraine'),
    pytest.param('**10:40** Two people were killed in Sumy on Thursday, the mayor says.\n\nUpdate 12:15 GMT: The regional governor says 9 more were injured on Thursday.', 2, '2025-03-13', id='live-blog-stamp-is-not-the-time'),
    pytest.param('**10:40** Two people were killed in Sumy on Thursday, the mayor says.\n\nUpdate 12:15 GMT: The regional governor says 9 more were injured on Thursday.', 9, '2025-03-13', id='live-blog-stamp-is-not-the-time-update'),
    pytest.param('Three soldiers were killed and at least 20 wounded near the dam on Tuesday, the army says.', 3, '2025-03-11', id='clause-the-parser-hangs-on-the-second-number-first'),
    pytest.param('Three soldiers were killed and at least 20 wounded near the dam on Tuesday, the army says.', 20, '2025-03-11', id='clause-the-parser-hangs-on-the-second-number-second'),
    pytest.param('The agency says 8,000 people fled shelling in the valley this month.', None, '2025-03', id='clause-the-number-is-the-subject-of'),
    pytest.param('Monthly tolls were as follows.\n\nFebruary: 40 killed.\n\nMarch: 52 killed.\n\nMay we add more.', 40, '2025-02', id='month-labelling-a-row-february'),
    pytest.param('Monthly tolls were as follows.\n\nFebruary: 40 killed.\n\nMarch: 52 killed.\n\nMay we add more.', 52, '2025-03', id='month-labelling-a-row-march'),
    pytest.param('On 9 March our units repelled an attack near Toretsk.\n\nThe enemy lost up to 90 servicemen and four tanks.\n\nSeparately, 12 drones were shot down.', 90, '2025-03-09', id='pointing-back-takes-the-scene-time'),
    pytest.param('About 3.9 million refugees have crossed into Chad, the agency says.\n\nUN experts estimate that 2,000 foreign soldiers are fighting alongside the rebels.\n\nMost of the 500 casualties have raised questions.', 3900000, '2025-03-14', id='present-perfect-count-is-current'),
    pytest.param('About 3.9 million refugees have crossed into Chad, the agency says.\n\nUN experts estimate that 2,000 foreign soldiers are fighting alongside the rebels.\n\nMost of the 500 casualties have raised questions.', 2000, '2025-03-14', id='present-progressive-count-is-current'),
    pytest.param('About 3.9 million refugees have crossed into Chad, the agency says.\n\nUN experts estimate that 2,000 foreign soldiers are fighting alongside the rebels.\n\nMost of the 500 casualties have raised questions.', 500, None, id='part-of-a-count-is-not-stated-as-current'),
    pytest.param('Rebels attacked the market town of Dolvara in Upper Nile State with 300 fighters between 3 and 6 March.\n\nOur units repelled the attacks and killed 52 of the assailants.\n\nIn the fighting, nine of our soldiers were wounded.', 52, '2025-03-03/2025-03-06', id='reference-to-the-attack-carries-its-time'),
    pytest.param('Rebels attacked the market town of Dolvara in Upper Nile State with 300 fighters between 3 and 6 March.\n\nOur units repelled the attacks and killed 52 of the assailants.\n\nIn the fighting, nine of our soldiers were wounded.', 9, '2025-03-03/2025-03-06', id='in-the-fighting-carries-the-time'),
    pytest.param('Gunmen stormed a police academy in Mopti on Tuesday, killing at least 30 recruits, officials said.\n\nA regional newspaper later put the toll at 41 dead.', 41, '2025-03-11', id='later-toll-for-the-attack-takes-its-time'),
    pytest.param('A glide bomb struck a school in Kupiansk on Wednesday afternoon. Three teachers died. Nine more were hurt, two of them pupils.\n\nThe city has lost most of its residents since 2022.', 3, '2025-03-12', id='narration-keeps-its-paragraphs-time'),
    pytest.param('A glide bomb struck a school in Kupiansk on Wednesday afternoon. Three teachers died. Nine more were hurt, two of them pupils.\n\nThe city has lost most of its residents since 2022.', 9, '2025-03-12', id='narration-keeps-its-paragraphs-time-next'),
    pytest.param('A glide bomb struck a school in Kupiansk on Wednesday afternoon. Three teachers died. Nine more were hurt, two of them pupils.\n\nThe city has lost most of its residents since 2022.', 2, '2025-03-12', id='narration-keeps-its-paragraphs-time-part'),
    pytest.param('The governor said on Monday that 12 people had been evacuated. Another 40 remain in the town.', 40, '2025-03-14', id='narration-after-a-report-does-not-borrow-its-time'),
    pytest.param('On 2 and 3 March, militias raided the villages around Kadugli. Survivors told our researchers that 85 people were killed.', 85, '2025-03-02/2025-03-03', id='figure-after-a-dated-scene'),
    pytest.param('Five aid workers held by the militia since June 2024 were released on Tuesday.', None, '2025-03-11', id='participle-on-the-counted-people'),
    pytest.param('About 6,000 Eritrean troops have been stationed in Tigray since January, and diplomats say around 900 of them have been killed.', 6000, '2025-01/2025-03-14', id='first-clause-keeps-its-since'),
    pytest.param('About 6,000 Eritrean troops have been stationed in Tigray since January, and diplomats say around 900 of them have been killed.', 900, '2025-03-14', id='second-speaker-does-not-take-first-clause-time'),
    pytest.param('Aid groups say 640,000 people now need food aid in the province, up from 410,000 in May 2024.', 410000, '2024-05', id='earlier-figure-compared-with-has-its-own-time'),
    pytest.param('Aid groups say 640,000 people now need food aid in the province, up from 410,000 in May 2024.', 640000, '2025-03-14', id='current-figure-is-not-dated-by-the-comparison'),
    pytest.param("About 900 volunteers have died in the war against Sudan's army, the group said on Monday.", None, '2025-03-10', id='war-against-a-country-is-not-a-comparison'),
    pytest.param('Gunmen killed at least 40 villagers in an attack on Kwatas on Tuesday, residents said.\n\nA militia leader claimed that his men had killed 70 people in the Kwatas attack.\n\nNine of the dead were children, a local nurse said.', 70, '2025-03-11', id='named-event-reference-continues-the-report'),
    pytest.param('Gunmen killed at least 40 villagers in an attack on Kwatas on Tuesday, residents said.\n\nA militia leader claimed that his men had killed 70 people in the Kwatas attack.\n\nNine of the dead were children, a local nurse said.', 9, '2025-03-11', id='of-the-dead-continues-the-report'),
    pytest.param('On Saturday 8 March 2025, an army column was ambushed near Inates by hundreds of gunmen.\n\nOur soldiers held their ground. Sadly, 6 of them were killed and 4 others were wounded.', 6, '2025-03-08', id='narration-across-a-figureless-paragraph'),
    pytest.param('On Saturday 8 March 2025, an army column was ambushed near Inates by hundreds of gunmen.\n\nOur soldiers held their ground. Sadly, 6 of them were killed and 4 others were wounded.', 4, '2025-03-08', id='narration-across-a-figureless-paragraph-second'),
    pytest.param('The rebel alliance said on Tuesday that it had captured 38 soldiers over the past week.', None, '2025-03-04/2025-03-11', id='reported-speech-past-week-from-the-day-said'),
    pytest.param('Medics say nine people were killed in Omdurman yesterday, according to a local committee.', None, '2025-03-13', id='yesterday-in-the-claim-not-the-day-said'),
    pytest.param('About 900,000 people now shelter in Tawila, up from about 150,000 before the war.', 150000, None, id='earlier-figure-before-the-war'),
    pytest.param('Fewer than 2,000 people remain in a town that had 35,000 residents before the invasion.', 35000, None, id='earlier-figure-before-the-invasion'),
    pytest.param('Minsk has agreed to send about 2,500 engineers to the Kursk region, a Belarusian official told reporters.', None, '2025-03-14', id='decision-in-the-perfect-is-current'),
    pytest.param('Under the deal, the militia is to free 18 hostages in return for food aid.', None, None, id='arrangement-still-to-come-is-not-current'),
]


PLACE = [
    pytest.param('Shelling killed 14 people and wounded 52 in the city of Sumy, officials said.', 14, 'Sumy', id='city-of'),
    pytest.param("Seoul's estimate put the dead at 500.", None, None, id='capital-standing-for-its-state'),
    pytest.param('Pyongyang is moving about 1,500 troops to help Russia fight Ukraine, to the port of Vladivostok.', None, 'Vladivostok', id='port-of-a-city-not-the-enemy-country'),
    pytest.param('On 9 March our units repelled an attack near Toretsk.\n\nThe enemy lost up to 90 servicemen and four tanks.\n\nSeparately, 12 drones were shot down.', 90, 'Toretsk', id='pointing-back-takes-the-scene-place'),
    pytest.param('On 9 March our units repelled an attack near Toretsk.\n\nThe enemy lost up to 90 servicemen and four tanks.\n\nSeparately, 12 drones were shot down.', 12, None, id='separately-does-not-point-back'),
    pytest.param('More than 900 people have been killed in Sumy since January, the regional council said.\n\nThe council said 912 people had been killed and 2,400 injured.\n\nAbout 300 soldiers have been wounded, prompting a new call-up.', 912, 'Sumy', id='same-source-named-again-goes-on'),
    pytest.param('More than 900 people have been killed in Sumy since January, the regional council said.\n\nThe council said 912 people had been killed and 2,400 injured.\n\nAbout 300 soldiers have been wounded, prompting a new call-up.', 2400, 'Sumy', id='same-source-named-again-goes-on-second'),
    pytest.param('More than 900 people have been killed in Sumy since January, the regional council said.\n\nThe council said 912 people had been killed and 2,400 injured.\n\nAbout 300 soldiers have been wounded, prompting a new call-up.', 300, None, id='a-new-unattributed-figure-does-not-go-on'),
    pytest.param("Shelling killed 7 people near the village of Dovhenke on Tuesday, officials said.\n\nSome 300 inmates escaped from Goma's Nzulo prison, local officials said.", 7, 'Dovhenke', id='village-of-a-site'),
    pytest.param("Shelling killed 7 people near the village of Dovhenke on Tuesday, officials said.\n\nSome 300 inmates escaped from Goma's Nzulo prison, local officials said.", 300, 'Nzulo prison', id='a-typed-site-inside-a-known-place'),
    pytest.param('More than 9,000 people fled Kherson on Monday, most of them towards Mykolaiv.', None, 'Kherson', id='a-place-fled-outweighs-where-people-went'),
    pytest.param('Rebels attacked the market town of Dolvara in Upper Nile State with 300 fighters between 3 and 6 March.\n\nOur units repelled the attacks and killed 52 of the assailants.\n\nIn the fighting, nine of our soldiers were wounded.', 52, 'Dolvara', id='reference-to-the-attack-carries-its-place'),
    pytest.param('Rebels attacked the market town of Dolvara in Upper Nile State with 300 fighters between 3 and 6 March.\n\nOur units repelled the attacks and killed 52 of the assailants.\n\nIn the fighting, nine of our soldiers were wounded.', 9, 'Dolvara', id='in-the-fighting-carries-the-place'),
    pytest.param('In Sloviansk in Donetsk region, shelling killed 7 people on Sunday.', None, 'Sloviansk', id='town-named-with-its-region'),
    pytest.param('Drones wounded 12 people in Kharkiv, Sumy and Odesa overnight.', None, 'Kharkiv', id='list-of-towns-is-not-town-and-region'),
    pytest.param("The army will send 800 engineers to Russia's Kursk region, the minister said on Monday after talks in Minsk.", None, 'Kursk region', id='region-inside-a-country'),
    pytest.param("An air strike in Yemen's northern Saada province killed 31 people.", None, 'Saada province', id='compass-word-between-country-and-province'),
    pytest.param('Gunmen stormed a police academy in Mopti on Tuesday, killing at least 30 recruits, officials said.\n\nA regional newspaper later put the toll at 41 dead.', 41, 'Mopti', id='later-toll-for-the-attack-takes-its-place'),
    pytest.param('At least 600 soldiers died in the battle for Bakhmut, the ministry said.', None, 'Bakhmut', id='battle-for-a-town'),
    pytest.param('About 500 volunteers have been killed fighting for Russia in the Kherson region, officials said.', None, 'Kherson region', id='fighting-for-a-country-is-a-side'),
    pytest.param("Kharkiv's mayor said 17 people were wounded overnight.", None, 'Kharkiv', id='town-owning-the-speaker'),
    pytest.param("South Korea's spy agency said 300 soldiers had been killed.", None, None, id='country-owning-the-speaker'),
    pytest.param("Seoul's military said 300 soldiers had been killed.", None, None, id='capital-owning-the-speaker'),
    pytest.param('Shelling hit the Kherson region again on Monday. In Beryslav, a shell struck a school.\n\nSince January, 230 civilians have been killed in the region, prosecutors said.', None, 'Kherson region', id='the-region-points-back-to-the-last-region'),
    pytest.param('Troops advanced towards Kostiantynivka from the south.\n\nKramatorsk is now close to the front. About 900 residents remain in the city, according to the local administration.', None, 'Kramatorsk', id='the-city-points-back-past-figureless-sentences'),
    pytest.param('The refugee agency estimates that about 40,000 people have gone back to Gezira state this year, according to aid workers.', None, 'Gezira state', id='place-between-speaker-and-according-to'),
    pytest.param('About 600 engineers from Chile, Peru and Ghana now serve with the force.\n\nIn Lviv, 30 percent of the fuel now comes from Poland, officials said.', 600, None, id='people-from-a-list-of-countries'),
    pytest.param('About 600 engineers from Chile, Peru and Ghana now serve with the force.\n\nIn Lviv, 30 percent of the fuel now comes from Poland, officials said.', 30, 'Lviv', id='supplies-coming-from-a-country'),
    pytest.param('The mission said four of its officers were wounded near Bunia, all of them from Nepal.', 4, 'Bunia', id='people-from-a-country-in-an-apposition'),
    pytest.param('Belgium withdrew about 300 soldiers from Chad in May.', None, 'Chad', id='withdrawn-from-a-country'),
    pytest.param('Some 700 Italian troops were withdrawn from Lebanon in June, and 200 more left the country in July.', 200, 'Lebanon', id='the-country-points-back'),
    pytest.param("Clashes in Chad killed 40 soldiers on Monday.\n\nThe country's foreign ministry said 12 soldiers were missing.", 12, None, id='the-countrys-as-owner-is-not-a-place'),
    pytest.param('The monitors counted 480 air strikes last month, about a third of them in Idlib. Some 2,100 people were displaced, including 700 children, in Aleppo.', 480, None, id='the-place-of-a-part-is-not-of-the-whole'),
    pytest.param('The monitors counted 480 air strikes last month, about a third of them in Idlib. Some 2,100 people were displaced, including 700 children, in Aleppo.', 2100, 'Aleppo', id='the-whole-with-a-part-keeps-its-place'),
    pytest.param('On Saturday government troops retook the Presidential Palace and the old market in central Aden.\n\nIn the fighting, the troops destroyed 17 armoured vehicles.\n\nSeparatist commanders said on Sunday that they still held streets near the palace and had captured 35 soldiers.', 17, 'Presidential Palace', id='landmark-named-before-the-figures'),
    pytest.param('On Saturday government troops retook the Presidential Palace and the old market in central Aden.\n\nIn the fighting, the troops destroyed 17 armoured vehicles.\n\nSeparatist commanders said on Sunday that they still held streets near the palace and had captured 35 soldiers.', 35, 'Presidential Palace', id='the-palace-points-back'),
    pytest.param('Results by site:\n\nRafah: 2,310 children screened, 9 percent acutely malnourished.\n\nBeit Lahia: 2,664 children screened, 18 percent acutely malnourished.', 2664, 'Beit Lahia', id='place-labelling-a-list-item'),
    pytest.param('Nikopol was shelled 30 times on Sunday, the governor said.', None, 'Nikopol', id='town-that-is-hit'),
    pytest.param('Iran is believed to have supplied 400 drones.', None, None, id='country-as-subject-is-a-state'),
    pytest.param('Fighting spread to Maungdaw township last week.\n\nAid workers there told us that about 8,000 people had fled in two days.', None, 'Maungdaw township', id='there-is-the-place-just-named'),
    pytest.param('The migration agency said it registered 54,000 returnees over the quarter, 40 percent of them in Gezira state. The migration agency said it registered 21,000 in April and 17,000 in May.', 40, 'Gezira state', id='the-next-sentence-goes-on-from-the-part'),
    pytest.param('The migration agency said it registered 54,000 returnees over the quarter, 40 percent of them in Gezira state. The migration agency said it registered 21,000 in April and 17,000 in May.', 21000, None, id='the-next-sentence-goes-on-from-the-whole-first'),
    pytest.param('The migration agency said it registered 54,000 returnees over the quarter, 40 percent of them in Gezira state. The migration agency said it registered 21,000 in April and 17,000 in May.', 17000, None, id='the-next-sentence-goes-on-from-the-whole-second'),
    pytest.param('In Brussels, a NATO official said about 200 troops were wounded last week.', None, None, id='where-the-report-was-made-in-x-comma'),
    pytest.param('The minister told reporters in Geneva that 45 aid workers had been killed this year.', None, None, id='where-the-report-was-made-told-reporters-in'),
    pytest.param('Officials said 30 civilians were killed in Sumy.', None, 'Sumy', id='a-place-in-the-report-is-its-place'),
]


HEDGE = [
    pytest.param('Some 30 civilians have been reported missing.', None, True, id='passive-report-hedges'),
    pytest.param('In May 2024, 12 aid workers were killed in Rafah.', None, False, id='may-as-a-month-is-not-a-hedge'),
    pytest.param('Israel says 94 hostages remain in Gaza, including at least 34 it believes are dead.', 34, True, id='pronoun-believes-hedges'),
    pytest.param('The rebel group claims it killed 70 soldiers near the bridge.', None, True, id='claims-in-the-present-hedges'),
    pytest.param('Relief groups estimate that between 9,000 and 12,000 families lost their homes in the floods.', None, False, id='an-estimate-is-not-a-hedge'),
    pytest.param('It was reported by the weekly Sahel Observer that 37 herders were killed near Menaka.', None, False, id='reported-by-a-named-outlet-is-credited'),
    pytest.param('It has been reported that 37 herders were killed near Menaka.', None, True, id='it-has-been-reported-hedges'),
    pytest.param('We counted 64 destroyed homes in the district; more may lie in areas we could not reach.', None, False, id='hedge-after-a-semicolon'),
]


APPROX = [
    pytest.param('Relief groups estimate that between 9,000 and 12,000 families lost their homes in the floods.', None, True, id='estimate-cue-makes-a-range-approximate'),
    pytest.param('Monitors estimate that 700 fighters were killed, up from 450 in April, but the army says 12 of its officers died.', 700, True, id='estimate-covers-its-figure'),
    pytest.param('Monitors estimate that 700 fighters were killed, up from 450 in April, but the army says 12 of its officers died.', 450, False, id='estimate-does-not-cover-an-earlier-figure'),
    pytest.param('Monitors estimate that 700 fighters were killed, up from 450 in April, but the army says 12 of its officers died.', 12, False, id='estimate-does-not-cover-a-later-clause'),
]


@pytest.mark.parametrize(("text", "value", "kind"), KIND)
def test_kind_rule(pipeline, text: str, value: float | None, kind: str) -> None:
    assert claim_at(pipeline, text, value).kind == kind


@pytest.mark.parametrize(("text", "value", "origin"), ORIGIN)
def test_origin_rule(pipeline, text: str, value: float | None, origin: str | None) -> None:
    assert claim_at(pipeline, text, value).origin == origin


@pytest.mark.parametrize(("text", "value", "attributed_to"), ATTRIBUTED)
def test_attribution_rule(pipeline, text: str, value: float | None, attributed_to: str | None) -> None:
    assert claim_at(pipeline, text, value).attributed_to == attributed_to


@pytest.mark.parametrize(("text", "value", "time"), TIME)
def test_time_rule(pipeline, text: str, value: float | None, time: str | None) -> None:
    assert claim_at(pipeline, text, value).time == time


@pytest.mark.parametrize(("text", "value", "place"), PLACE)
def test_place_rule(pipeline, text: str, value: float | None, place: str | None) -> None:
    location = claim_at(pipeline, text, value).location
    assert (location.text if location is not None else None) == place


@pytest.mark.parametrize(("text", "value", "hedged"), HEDGE)
def test_hedge_rule(pipeline, text: str, value: float | None, hedged: bool) -> None:
    assert claim_at(pipeline, text, value).hedged is hedged


@pytest.mark.parametrize(("text", "value", "approx"), APPROX)
def test_estimate_rule(pipeline, text: str, value: float | None, approx: bool) -> None:
    assert claim_at(pipeline, text, value).approx is approx


# -- behaviours that need more than one field, article metadata or citations ----------------------


def test_passive_participle_after_the_number_decides_the_kind(pipeline) -> None:
    text = "The ministry said at least 60 of the fighters had died and nearly 400 had been injured."
    claims = by_value(extract(pipeline, text))
    assert claims[60].kind == "killed" and claims[400].kind == "wounded"
    assert claims[400].value_high == 400 and claims[400].approx


def test_killed_or_wounded_as_coordinated_verbs(pipeline) -> None:
    claims = numeric(extract(pipeline, "Its drones killed or wounded 1,200 enemy soldiers last month."))
    assert [c.kind for c in claims] == ["killed_or_wounded"]
    assert claims[0].time == "2025-02"


def test_citing_chain_credits_the_cited_source(pipeline) -> None:
    text = "A senior lawmaker, citing the intelligence service, told reporters that 140 soldiers were killed."
    claim = numeric(extract(pipeline, text))[0]
    assert claim.origin == "intelligence service"
    assert "senior lawmaker" in claim.conduits


def test_briefed_by_credits_the_briefer(pipeline) -> None:
    text = "Legislators briefed by the spy agency say about 600 soldiers have died."
    claim = numeric(extract(pipeline, text))[0]
    assert claim.origin == "spy agency" and claim.conduits == ("Legislators",)


def test_dateline_is_neither_the_place_nor_the_time(pipeline) -> None:
    text = "ODESA, March 12 (Field Monitor) - A missile strike killed 9 people in Mykolaiv on Tuesday."
    claim = numeric(extract(pipeline, text))[0]
    assert claim.location and claim.location.text == "Mykolaiv"
    assert claim.time == "2025-03-11"
    assert claim.quote.startswith("A missile strike")


def test_a_dateline_naming_two_cities_is_still_a_dateline(pipeline) -> None:
    text = "ADDIS ABABA/NAIROBI, March 13 (Field Monitor) - Gunmen killed 14 villagers in Gambela on Tuesday."
    claim = numeric(extract(pipeline, text))[0]
    assert claim.time == "2025-03-11"
    assert claim.quote.startswith("Gunmen")


def test_years_ordinals_and_unit_names_are_not_claims(pipeline) -> None:
    text = "The 3rd Assault Brigade and the 11th Corps fought there in 2024 under Resolution 2231."
    assert numeric(extract(pipeline, text)) == []


def test_vague_quantities_are_claims_without_a_value(pipeline) -> None:
    claim = extract(pipeline, "Russia received millions of artillery shells from the north.")[0]
    assert claim.kind == "weapons_supplied" and claim.value is None and claim.approx


def test_reference_list_title_is_a_dated_attributed_claim(pipeline) -> None:
    entry = "Roe, J. (2025, January 9). Some 500 fighters captured near Goma, army says. Lake Post."
    text = "Main text about the war.\n\nReferences\n\n" + entry
    start = text.index(entry)
    title = "Some 500 fighters captured near Goma, army says."
    citation = Citation(text=entry, start=start, end=start + len(entry), author="Roe, J.",
                        outlet="Lake Post", date=dt.date(2025, 1, 9), title=title)
    claim = numeric(extract(pipeline, text, citations=[citation]))[0]
    assert claim.kind == "captured" and claim.time == "2025-01-09"
    assert claim.origin == "army" and "Lake Post" in claim.conduits
    assert claim.quote == title


def test_spans_point_into_the_article_text(pipeline) -> None:
    text = "Intro line.\nOfficials said roughly 11 000 troops were deployed to the region."
    claim = numeric(extract(pipeline, text))[0]
    assert text[claim.span.start : claim.span.end] == "roughly 11 000"
    assert claim.value == 11000 and claim.approx


def test_key_takeaway_repeating_a_body_figure_is_one_claim(pipeline) -> None:
    text = (
        "Key takeaways: At least 47 civilians were killed in the strike on the market.\n\n"
        "At least 47 civilians were killed in the strike on the market in Kramatorsk on Sunday, "
        "regional police said."
    )
    [claim] = numeric(extract(pipeline, text))
    assert claim.attributed_to == "regional police" and claim.location is not None


def test_same_figure_about_different_things_is_kept_twice(pipeline) -> None:
    text = "Some 200 soldiers were captured in May.\n\nSeparately, 200 drones were shot down in June."
    assert len(numeric(extract(pipeline, text))) == 2


def test_distance_placing_a_town_and_an_age_are_not_claims(pipeline) -> None:
    text = (
        "Families walked to Tawila, about 60 kilometres to the west. Nearly 40 percent of "
        "children under five were malnourished. Troops held 1,000 square kilometres of the region."
    )
    claims = numeric(extract(pipeline, text))
    assert sorted(c.value or c.value_high for c in claims) == [40, 1000]


def test_statement_heading_makes_the_issuer_the_origin(pipeline) -> None:
    text = (
        "STATEMENT OF THE GENERAL STAFF OF THE ARMED FORCES\n\n"
        "Over the past day our units destroyed 12 tanks and 40 drones near the river.\n"
        "The enemy lost up to 150 servicemen."
    )
    claims = numeric(extract(pipeline, text))
    assert {c.origin for c in claims} == {"General Staff of the Armed Forces"}


def test_organisation_speaking_as_we_is_the_origin_of_its_own_figures(pipeline) -> None:
    text = (
        "Our field teams visited 14 shelters in March. We counted 3,200 displaced families there.\n"
        "Local officials said 900 more arrived after the floods."
    )
    article = Article(
        id="v" * 32, source="t", text=text,
        metadata=Metadata(published=PUBLISHED, outlet="Shelter Watch", author="Shelter Watch field team"),
    )
    claims = by_value(pipeline.extractor.extract(article))
    assert claims[3200].origin == "Shelter Watch" and claims[14].origin == "Shelter Watch"
    assert claims[900].origin == "Local officials"


def test_news_article_in_its_own_voice_keeps_no_origin(pipeline) -> None:
    article = Article(
        id="n" * 32, source="t", text="About 300 soldiers were killed in the assault.",
        metadata=Metadata(published=PUBLISHED, outlet="Harbour Daily", author="Jane Roe"),
    )
    assert numeric(pipeline.extractor.extract(article))[0].origin is None


def test_pronoun_speaker_resolves_within_the_sentence(pipeline) -> None:
    claims = by_value(extract(pipeline, "Israel says 94 hostages remain in Gaza, including at least 34 it believes are dead."))
    assert claims[94].origin == "Israel" and claims[34].origin == "Israel"
    assert claims[34].hedged


def test_released_and_exchanged_prisoners_are_not_captures(pipeline) -> None:
    claims = numeric(extract(pipeline, "On Sunday the two sides exchanged 300 prisoners and released 45 civilians."))
    assert {c.kind for c in claims} == {"other_quantity"}


def test_destroyed_equipment_is_not_a_supply(pipeline) -> None:
    claims = numeric(extract(pipeline, "Air defence units shot down 38 drones and destroyed four tanks."))
    assert {c.kind for c in claims} == {"other_quantity"}


def test_title_naming_the_issuer_of_a_statement(pipeline) -> None:
    article = Article(
        id="s" * 32, source="t", text="Our forces killed 30 fighters near the crossing.",
        metadata=Metadata(published=PUBLISHED, title="Coastal Brigade statement on the crossing"),
    )
    claim = numeric(pipeline.extractor.extract(article))[0]
    assert claim.origin == "Coastal Brigade"


def test_report_by_an_organisation_signed_with_its_initials(pipeline) -> None:
    article = Article(
        id="r" * 32, source="t",
        text="We interviewed 40 survivors. Our staff counted 212 graves near the river.",
        metadata=Metadata(published=PUBLISHED, outlet="River Rights Centre", author="RRC field team"),
    )
    claims = by_value(pipeline.extractor.extract(article))
    assert claims[212].origin == "River Rights Centre"


def test_since_the_war_without_a_known_country_stays_undated(pipeline) -> None:
    claim = numeric(extract(pipeline, "About 300 fighters have died since the war began, rebels said."))[0]
    assert claim.time is None or claim.time == PUBLISHED.isoformat()


def test_the_attacker_is_not_the_owner_of_the_dead(pipeline) -> None:
    # the kinds of this sentence's parts are rows of KIND (parts-share-the-kind-*)
    text = "Drones struck the district, killing three people and wounding at least 64, including nine children."
    assert by_value(extract(pipeline, text))[3].actor is None


def test_deploying_country_is_the_actor(pipeline) -> None:
    claim = numeric(extract(pipeline, "Pyongyang deployed roughly 11,000 soldiers to the front."))[0]
    assert claim.actor is not None and claim.actor.name == "North Korea"


def test_list_markers_labels_adjectives_and_sources_are_not_counts(pipeline) -> None:
    text = (
        "Statement number 47\n\n"
        "1. The council endorsed a three-phase ceasefire plan.\n"
        "2. A nine-storey block burned, one official said, and two diplomats agreed.\n"
        "Half a year of strikes left traffic 60 percent below 2023 levels."
    )
    claims = numeric(extract(pipeline, text))
    assert [(c.value, c.value_high) for c in claims] == [(60, None)]


def test_hits_counted_in_times_are_incidents_but_ratios_are_not_counts(pipeline) -> None:
    claims = numeric(extract(pipeline, "Schools were hit at least 41 times; losses were three times as high."))
    assert [(c.value_low, c.kind) for c in claims] == [(41, "incident")]


def test_undated_article_gets_the_latest_date_its_text_allows_marked_inferred(pipeline) -> None:
    from claimledger.model import Document

    body = (
        "Fighting resumed on 3 February 2025 near the dam.\n\n"
        "On 12 February 2025 about 400 soldiers were wounded, medics said."
    )
    document = Document(id="d" * 32, source="undated.txt", media_type="text", body=body)
    article, claims = pipeline.process(document)
    assert article.metadata.published == dt.date(2025, 2, 12)
    assert article.metadata.published_inferred is True
    dated = Document(id="e" * 32, source="dated.txt", media_type="text", body=body,
                     metadata=Metadata(published=dt.date(2025, 3, 1)))
    article, _ = pipeline.process(dated)
    assert article.metadata.published == dt.date(2025, 3, 1) and not article.metadata.published_inferred


def test_a_cited_headline_in_the_present_is_dated_by_its_citation(pipeline) -> None:
    entry = "Roe, J. (2025) Junta sends 2,000 troops to the border, ministry says. Lake Post, 9 January."
    text = "Main text about the war.\n\nReferences\n\n" + entry
    start = text.index(entry)
    title = "Junta sends 2,000 troops to the border, ministry says."
    citation = Citation(text=entry, start=start, end=start + len(entry), author="Roe, J.",
                        outlet="Lake Post", date=dt.date(2025, 1, 9), title=title)
    claim = numeric(extract(pipeline, text, citations=[citation]))[0]
    assert claim.value == 2000 and claim.time == "2025-01-09"


def test_a_report_bylined_to_a_unit_of_its_publisher_speaks_as_we(pipeline) -> None:
    text = (
        "Our partners reached 40 villages in April. We estimate that 12,000 people there lack "
        "clean water.\nThe district council said 300 wells had dried up."
    )
    article = Article(
        id="u" * 32, source="t", text=text,
        metadata=Metadata(published=PUBLISHED, outlet="Riverlands Aid Alliance", author="Emergency Response Unit"),
    )
    claims = by_value(pipeline.extractor.extract(article))
    assert claims[12000].origin == "Riverlands Aid Alliance"
    assert claims[300].origin == "district council"


def test_a_newsroom_byline_does_not_make_the_paper_a_source(pipeline) -> None:
    text = "We spoke to residents on Tuesday. Our team saw the ruins. Shelling destroyed 25 houses in the village."
    article = Article(
        id="w" * 32, source="t", text=text,
        metadata=Metadata(published=PUBLISHED, outlet="Valley Courier", author="Valley news desk"),
    )
    assert by_value(pipeline.extractor.extract(article))[25].origin is None


def test_he_in_the_next_paragraph_is_the_speaker_just_named(pipeline) -> None:
    text = (
        "Russian drones hit nine villages in Sumy region overnight, governor Petro Ivanenko said on Telegram.\n\n"
        "A drone struck a farm near Krasnopillia, killing one man and wounding four, he wrote. "
        "Two more people were hurt in Bilopillia."
    )
    claims = by_value(extract(pipeline, text))
    assert all("Petro Ivanenko" in (claims[v].origin or "") for v in (4, 2))


def test_a_reflexive_pronoun_is_not_a_source(pipeline) -> None:
    text = (
        "Between the storm and the end of May, while the army was observing a truce it had "
        "itself declared, we recorded 52 strikes in Idlib alone."
    )
    claim = numeric(extract(pipeline, text))[0]
    assert claim.origin != "itself"


def test_canals_and_the_far_east_are_places(pipeline) -> None:
    claims = numeric(extract(pipeline, "Traffic through the Suez Canal fell by 40 percent in March."))
    assert claims[0].location is not None and claims[0].location.place.name == "Suez Canal"
    claims = numeric(extract(pipeline, "About 2,000 recruits are training in the Far East, officials said."))
    assert claims[0].location is not None and claims[0].location.place.name == "Russian Far East"


def test_a_report_inside_a_report_credits_the_inner_speaker_via_the_outer(pipeline) -> None:
    text = (
        "The Daily Courier quoted an opposition senator who said the defence ministry had told "
        "a closed committee that 420 soldiers were missing."
    )
    claim = numeric(extract(pipeline, text))[0]
    assert claim.origin == "defence ministry"
    assert "opposition senator" in claim.conduits
    text = "Almost a third of the deaths were recorded in Sennar, the monitors found."
    assert numeric(extract(pipeline, text))[0].origin == "monitors"


def test_a_named_speaker_with_a_description_is_credited_by_name(pipeline) -> None:
    text = "OCHA, the UN humanitarian office that coordinates aid to Sudan, said 35 trucks entered Darfur on Monday."
    claim = numeric(extract(pipeline, text))[0]
    assert claim.origin is not None and claim.origin.startswith("OCHA") and "coordinates" not in claim.origin
    text = "MINUSCA, the UN peacekeeping body that patrols the north, said 14 convoys reached Bangui on Friday."
    assert numeric(extract(pipeline, text))[0].origin == "MINUSCA"


def test_a_headline_takes_the_time_its_lead_gives_the_same_figure(pipeline) -> None:
    text = (
        "N'Djamena rushes 1,200 more troops east, officials say\n\n"
        "N'DJAMENA - Chad sent an additional 1,200 soldiers to its eastern border in January, "
        "army officials said on Wednesday."
    )
    claims = numeric(extract(pipeline, text))
    assert [c.time for c in claims] == ["2025-01", "2025-01"]


def test_a_group_of_civilians_is_not_a_force(pipeline) -> None:
    text = "A unit of 30 residents was set up to clear the rubble, the mayor said."
    assert numeric(extract(pipeline, text))[0].kind != "troops_deployed"

