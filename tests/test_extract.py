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


def test_two_figures_in_one_sentence_get_their_own_kinds(pipeline) -> None:
    claims = by_value(extract(pipeline, "Shelling killed 14 people and wounded 52 in the city of Sumy, officials said."))
    assert claims[14].kind == "killed" and claims[52].kind == "wounded"
    assert claims[14].location and claims[14].location.text == "Sumy"


def test_passive_participle_after_the_number_decides_the_kind(pipeline) -> None:
    text = "The ministry said at least 60 of the fighters had died and nearly 400 had been injured."
    claims = by_value(extract(pipeline, text))
    assert claims[60].kind == "killed" and claims[400].kind == "wounded"
    assert claims[400].value_high == 400 and claims[400].approx


def test_killed_or_wounded_as_coordinated_verbs(pipeline) -> None:
    claims = numeric(extract(pipeline, "Its drones killed or wounded 1,200 enemy soldiers last month."))
    assert [c.kind for c in claims] == ["killed_or_wounded"]
    assert claims[0].time == "2025-02"


def test_lost_troops_are_casualties_not_a_deployment(pipeline) -> None:
    claims = numeric(extract(pipeline, "The general staff claimed the enemy had lost 8,000 troops in the offensive."))
    assert claims[0].kind == "killed_or_wounded"


def test_more_troops_sent_are_reinforcements(pipeline) -> None:
    claims = numeric(extract(pipeline, "The junta is preparing to send 2,500 more soldiers to the border."))
    assert claims[0].kind == "reinforcements"


def test_unit_from_the_earlier_sentence_when_the_number_stands_alone(pipeline) -> None:
    text = "About 900 soldiers crossed the river on Monday. Officials expect the total to reach 3,000."
    claims = by_value(extract(pipeline, text))
    assert claims[3000].kind == "troops_deployed"


def test_according_to_names_the_origin(pipeline) -> None:
    claims = numeric(extract(pipeline, "According to the UN refugee agency, 48,000 people fled the fighting."))
    assert claims[0].origin == "UN refugee agency"


def test_told_adds_the_conduit(pipeline) -> None:
    claims = numeric(extract(pipeline, "Army officers told the Harbour Daily that 75 militants were captured."))
    assert claims[0].attributed_to == "Army officers (via Harbour Daily)"
    assert claims[0].kind == "captured"


def test_citing_chain_credits_the_cited_source(pipeline) -> None:
    text = "A senior lawmaker, citing the intelligence service, told reporters that 140 soldiers were killed."
    claim = numeric(extract(pipeline, text))[0]
    assert claim.origin == "intelligence service"
    assert "senior lawmaker" in claim.conduits


def test_briefed_by_credits_the_briefer(pipeline) -> None:
    text = "Legislators briefed by the spy agency say about 600 soldiers have died."
    claim = numeric(extract(pipeline, text))[0]
    assert claim.origin == "spy agency" and claim.conduits == ("Legislators",)


def test_the_agency_refers_back_to_the_agency_named_earlier(pipeline) -> None:
    text = (
        "The International Organization for Migration said on Tuesday that 20,000 people had fled.\n"
        "Another 5,000 are expected to leave this week, the agency said."
    )
    claims = by_value(extract(pipeline, text))
    assert claims[5000].origin == "International Organization for Migration"


def test_verb_governing_the_number_wins_over_an_earlier_denial(pipeline) -> None:
    text = "The government denies the charge, but monitors wrote that 300 prisoners were executed."
    claim = numeric(extract(pipeline, text))[0]
    assert claim.origin == "monitors"


def test_attribution_carries_to_the_next_sentence_of_the_same_report(pipeline) -> None:
    text = "Western diplomats told the Field Monitor that the brigade was badly hit. Among them, 210 were killed."
    claim = numeric(extract(pipeline, text))[0]
    assert claim.attributed_to == "Western diplomats (via Field Monitor)"


def test_attribution_does_not_carry_into_a_new_paragraph(pipeline) -> None:
    text = "Rebel commanders said the town had fallen.\n\nAbout 40 soldiers were captured near the bridge."
    claim = numeric(extract(pipeline, text))[0]
    assert claim.attributed_to is None


def test_passive_report_hedges_but_credits_no_one(pipeline) -> None:
    claim = numeric(extract(pipeline, "Some 30 civilians have been reported missing."))[0]
    assert claim.hedged and claim.attributed_to is None and claim.kind == "missing"


def test_may_as_a_month_is_not_a_hedge(pipeline) -> None:
    claim = numeric(extract(pipeline, "In May 2024, 12 aid workers were killed in Rafah."))[0]
    assert not claim.hedged and claim.time == "2024-05"


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


def test_capital_standing_for_its_state_is_not_the_place(pipeline) -> None:
    claim = numeric(extract(pipeline, "Seoul's estimate put the dead at 500."))[0]
    assert claim.location is None


def test_time_of_a_relative_clause_does_not_date_the_count(pipeline) -> None:
    text = "The war, which began in April 2023, has uprooted about 12 million people in total, agencies say."
    claim = numeric(extract(pipeline, text))[0]
    assert claim.time == PUBLISHED.isoformat()


def test_since_dates_the_count_as_an_interval(pipeline) -> None:
    text = "The agency said on Monday that 580,000 people had been displaced since April."
    claim = numeric(extract(pipeline, text))[0]
    assert claim.time == "2024-04/2025-03-14"


def test_running_total_stated_as_current_takes_the_publication_date(pipeline) -> None:
    claim = numeric(extract(pipeline, "About 25 soldiers are still missing, a local official said."))[0]
    assert claim.time == PUBLISHED.isoformat()


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


def test_villages_are_counted_not_captured_as_prisoners(pipeline) -> None:
    claim = numeric(extract(pipeline, "The army said it had captured three villages near the river."))[0]
    assert claim.kind == "other_quantity"


def test_share_of_casualties_takes_the_casualty_kind(pipeline) -> None:
    claim = numeric(extract(pipeline, "Artillery caused about 70 percent of the casualties recorded in May."))[0]
    assert claim.kind == "killed_or_wounded" and claim.value == 70


def test_participle_after_the_noun_decides(pipeline) -> None:
    text = "The army had lost about 600 soldiers killed out of 4,700 casualties, officials said."
    claims = by_value(extract(pipeline, text))
    assert claims[600].kind == "killed" and claims[4700].kind == "killed_or_wounded"


def test_since_an_event_in_a_month_is_an_interval(pipeline) -> None:
    text = "The ministry said 50,000 people had been killed since the war began in October 2023."
    claim = numeric(extract(pipeline, text))[0]
    assert claim.time == "2023-10/2025-03-14"


def test_since_the_start_of_the_year(pipeline) -> None:
    claim = numeric(extract(pipeline, "Since the start of the year, strikes have killed more than 80 people."))[0]
    assert claim.time == "2025-01/2025-03-14"


def test_time_in_a_joined_clause_dates_both_figures(pipeline) -> None:
    text = "Shelling killed two civilians and wounded five others in Kupiansk on Tuesday morning."
    claims = by_value(extract(pipeline, text))
    assert claims[2].time == claims[5].time == "2025-03-11"


def test_time_carries_through_a_statement_paragraph(pipeline) -> None:
    text = (
        "STATEMENT OF THE GENERAL STAFF\n\n"
        "On 12 March our units repelled nine attacks. The enemy lost up to 120 servicemen."
    )
    claims = by_value(extract(pipeline, text))
    assert claims[120].time == "2025-03-12"


def test_port_of_a_city_is_the_place_and_the_enemy_country_is_not(pipeline) -> None:
    text = "Pyongyang is moving about 1,500 troops to help Russia fight Ukraine, to the port of Vladivostok."
    claim = numeric(extract(pipeline, text))[0]
    assert claim.location is not None and claim.location.text == "Vladivostok"


def test_letterhead_then_statement_line_names_the_issuer(pipeline) -> None:
    text = (
        "NORTHERN COMMAND - PRESS OFFICE\nStatement number 12\n\n"
        "Our units destroyed 9 armoured vehicles overnight."
    )
    claim = numeric(extract(pipeline, text))[0]
    assert claim.origin == "Northern Command"


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


def test_descriptive_reference_to_an_earlier_group(pipeline) -> None:
    text = (
        "The Arakan Army said on Monday that it had seized the town.\n"
        "The ethnic armed group said its fighters had taken 300 soldiers prisoner."
    )
    claim = numeric(extract(pipeline, text))[0]
    assert claim.origin == "Arakan Army" and claim.kind == "captured"


def test_since_the_war_began_counts_from_the_war_the_article_is_about(pipeline) -> None:
    text = "The health ministry in Gaza said 48,000 people had been killed since the war began."
    claim = numeric(extract(pipeline, text))[0]
    assert claim.time == "2023-10-07/2025-03-14"
    text = "More than 12,000 civilians have been killed in Ukraine since the full-scale invasion, the UN said."
    claim = numeric(extract(pipeline, text))[0]
    assert claim.time == "2022-02-24/2025-03-14"


def test_since_the_war_without_a_known_country_stays_undated(pipeline) -> None:
    claim = numeric(extract(pipeline, "About 300 fighters have died since the war began, rebels said."))[0]
    assert claim.time is None or claim.time == PUBLISHED.isoformat()


def test_parts_share_the_kind_of_the_whole(pipeline) -> None:
    text = "Drones struck the district, killing three people and wounding at least 64, including nine children."
    claims = by_value(extract(pipeline, text))
    assert claims[3].kind == "killed" and claims[64].kind == "wounded" and claims[9].kind == "wounded"
    assert claims[3].actor is None  # the attacker is not the owner of the dead


def test_part_after_the_number_of_them(pipeline) -> None:
    claims = by_value(extract(pipeline, "The strike killed 23 people, seven of them children, rescuers said."))
    assert claims[7].kind == "killed"


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


def test_live_blog_entry_stamp_is_neither_source_nor_time(pipeline) -> None:
    text = (
        "**10:40** Two people were killed in Sumy on Thursday, the mayor says.\n\n"
        "Update 12:15 GMT: The regional governor says 9 more were injured on Thursday."
    )
    claims = by_value(extract(pipeline, text))
    assert claims[2].time == "2025-03-13" and claims[9].time == "2025-03-13"
    assert claims[2].origin == "mayor" and claims[9].origin == "regional governor"


def test_time_on_a_clause_the_parser_hangs_on_the_second_number(pipeline) -> None:
    text = "Three soldiers were killed and at least 20 wounded near the dam on Tuesday, the army says."
    claims = by_value(extract(pipeline, text))
    assert claims[3].time == claims[20].time == "2025-03-11"


def test_time_on_a_clause_the_number_is_the_subject_of(pipeline) -> None:
    claims = numeric(extract(pipeline, "The agency says 8,000 people fled shelling in the valley this month."))
    assert claims[0].time == "2025-03"


def test_a_month_labelling_a_row_of_figures_is_a_time(pipeline) -> None:
    text = "Monthly tolls were as follows.\n\nFebruary: 40 killed.\n\nMarch: 52 killed.\n\nMay we add more."
    claims = by_value(extract(pipeline, text))
    assert claims[40].time == "2025-02" and claims[52].time == "2025-03"


def test_a_sentence_pointing_back_takes_the_scene_of_the_paragraph_before(pipeline) -> None:
    text = (
        "On 9 March our units repelled an attack near Toretsk.\n\n"
        "The enemy lost up to 90 servicemen and four tanks.\n\n"
        "Separately, 12 drones were shot down."
    )
    claims = by_value(extract(pipeline, text))
    assert claims[90].time == "2025-03-09" and claims[90].location.text == "Toretsk"
    assert claims[12].location is None


def test_a_count_stated_in_the_present_takes_the_publication_date(pipeline) -> None:
    text = (
        "About 3.9 million refugees have crossed into Chad, the agency says.\n\n"
        "UN experts estimate that 2,000 foreign soldiers are fighting alongside the rebels.\n\n"
        "Most of the 500 casualties have raised questions."
    )
    claims = by_value(extract(pipeline, text))
    assert claims[3_900_000].time == claims[2000].time == "2025-03-14"
    assert claims[500].time is None


def test_a_count_of_speakers_is_still_the_source(pipeline) -> None:
    claims = numeric(extract(pipeline, "Three diplomats familiar with the talks said 25 detainees would be freed."))
    assert claims[-1].value == 25 and claims[-1].origin == "Three diplomats familiar with the talks"


def test_a_figure_in_an_apposition_does_not_unseat_the_speaker(pipeline) -> None:
    text = "The army says it has destroyed 40 tanks, a figure it has not backed with evidence, and that 12 of its men died."
    claims = by_value(extract(pipeline, text))
    assert claims[40].origin == "army" and claims[12].origin == "army"


def test_fallen_and_neutralised_are_deaths_in_a_forces_statement(pipeline) -> None:
    text = "Sadly, 6 of our soldiers fell in the line of duty. Our units neutralised 25 terrorists."
    claims = by_value(extract(pipeline, text))
    assert claims[6].kind == "killed" and claims[25].kind == "killed"


def test_the_same_source_named_again_goes_on_with_its_report(pipeline) -> None:
    text = (
        "More than 900 people have been killed in Sumy since January, the regional council said.\n\n"
        "The council said 912 people had been killed and 2,400 injured.\n\n"
        "About 300 soldiers have been wounded, prompting a new call-up."
    )
    claims = by_value(extract(pipeline, text))
    assert claims[912].location.text == "Sumy" and claims[2400].location.text == "Sumy"
    assert claims[300].location is None


def test_a_named_site_the_gazetteer_lacks_is_still_a_place(pipeline) -> None:
    text = (
        "Shelling killed 7 people near the village of Dovhenke on Tuesday, officials said.\n\n"
        "Some 300 inmates escaped from Goma's Nzulo prison, local officials said."
    )
    claims = by_value(extract(pipeline, text))
    assert claims[7].location.text == "Dovhenke"
    assert claims[300].location.text == "Nzulo prison"


def test_civilians_on_the_move_are_not_a_deployment(pipeline) -> None:
    text = "About 1,200 residents have left the town since Monday, while 800 soldiers were sent to hold it."
    claims = by_value(extract(pipeline, text))
    assert claims[1200].kind == "other_quantity" and claims[800].kind == "troops_deployed"


def test_a_cited_headline_in_the_present_is_dated_by_its_citation(pipeline) -> None:
    entry = "Roe, J. (2025) Junta sends 2,000 troops to the border, ministry says. Lake Post, 9 January."
    text = "Main text about the war.\n\nReferences\n\n" + entry
    start = text.index(entry)
    title = "Junta sends 2,000 troops to the border, ministry says."
    citation = Citation(text=entry, start=start, end=start + len(entry), author="Roe, J.",
                        outlet="Lake Post", date=dt.date(2025, 1, 9), title=title)
    claim = numeric(extract(pipeline, text, citations=[citation]))[0]
    assert claim.value == 2000 and claim.time == "2025-01-09"


def test_a_place_fled_or_shelled_outweighs_where_people_went(pipeline) -> None:
    claims = numeric(extract(pipeline, "More than 9,000 people fled Kherson on Monday, most of them towards Mykolaiv."))
    assert claims[0].location.text == "Kherson"


def test_claims_in_the_present_is_a_hedge_like_claimed(pipeline) -> None:
    claims = numeric(extract(pipeline, "The rebel group claims it killed 70 soldiers near the bridge."))
    assert claims[0].hedged


def test_a_reference_to_the_attack_carries_its_time_and_place_across_paragraphs(pipeline) -> None:
    text = (
        "Rebels attacked the market town of Dolvara in Upper Nile State with 300 fighters "
        "between 3 and 6 March.\n\n"
        "Our units repelled the attacks and killed 52 of the assailants.\n\n"
        "In the fighting, nine of our soldiers were wounded."
    )
    claims = by_value(extract(pipeline, text))
    for value in (52, 9):
        assert claims[value].time == "2025-03-03/2025-03-06"
        assert claims[value].location is not None and claims[value].location.text == "Dolvara"


def test_a_town_named_with_its_region_is_placed_in_the_town(pipeline) -> None:
    claims = numeric(extract(pipeline, "In Sloviansk in Donetsk region, shelling killed 7 people on Sunday."))
    assert claims[0].location is not None and claims[0].location.text == "Sloviansk"


def test_a_list_of_towns_is_not_read_as_a_town_and_its_region(pipeline) -> None:
    claims = numeric(extract(pipeline, "Drones wounded 12 people in Kharkiv, Sumy and Odesa overnight."))
    assert claims[0].location is not None and claims[0].location.text == "Kharkiv"


def test_a_speaker_in_a_later_clause_does_not_vouch_for_the_first_clause(pipeline) -> None:
    text = (
        "Roughly 9,000 militia fighters have massed near the border, and UN monitors say "
        "about 700 of them have deserted."
    )
    claims = by_value(extract(pipeline, text))
    assert claims[700].origin == "UN monitors"
    assert claims[9000].origin is None


def test_each_clause_keeps_its_own_speaker(pipeline) -> None:
    text = (
        "A local relief committee told us it had counted 260 bodies, and the provincial "
        "governor puts the toll at more than 400."
    )
    claims = by_value(extract(pipeline, text))
    assert claims[260].origin == "local relief committee"
    assert claims[400].origin == "provincial governor"


def test_a_speaker_closing_the_sentence_vouches_for_every_clause(pipeline) -> None:
    text = "The enemy launched 60 drones overnight, and 51 of them were shot down, the air force said."
    claims = by_value(extract(pipeline, text))
    assert claims[60].origin == "air force" and claims[51].origin == "air force"


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


def test_a_region_inside_a_country_stands_where_the_country_stood(pipeline) -> None:
    text = (
        "The army will send 800 engineers to Russia's Kursk region, the minister said on Monday "
        "after talks in Minsk."
    )
    claims = numeric(extract(pipeline, text))
    assert claims[0].location is not None and claims[0].location.text == "Kursk region"


def test_a_compass_word_between_a_country_and_its_province_keeps_the_province(pipeline) -> None:
    claims = numeric(extract(pipeline, "An air strike in Yemen's northern Saada province killed 31 people."))
    assert claims[0].location is not None and claims[0].location.text == "Saada province"


def test_a_later_toll_for_the_attack_takes_its_time_and_place(pipeline) -> None:
    text = (
        "Gunmen stormed a police academy in Mopti on Tuesday, killing at least 30 recruits, "
        "officials said.\n\n"
        "A regional newspaper later put the toll at 41 dead."
    )
    claims = by_value(extract(pipeline, text))
    assert claims[41].time == "2025-03-11"
    assert claims[41].location is not None and claims[41].location.text == "Mopti"


def test_the_state_a_count_remains_in_names_its_kind(pipeline) -> None:
    text = "Of the 40 crew, 22 were rescued, at least six died and 12 remain missing, the coastguard said."
    claims = by_value(extract(pipeline, text))
    assert claims[12].kind == "missing"


def test_an_adjective_before_the_people_counted_names_the_kind(pipeline) -> None:
    claims = numeric(extract(pipeline, "The field hospital said it had admitted 85 wounded civilians since Friday."))
    assert claims[0].kind == "wounded"


def test_the_verb_outranks_an_adjective_on_the_people_counted(pipeline) -> None:
    claims = numeric(extract(pipeline, "Border guards said they had captured three wounded fighters near the river."))
    assert claims[0].kind == "captured"


def test_the_town_a_battle_is_fought_for_is_its_place(pipeline) -> None:
    claims = numeric(extract(pipeline, "At least 600 soldiers died in the battle for Bakhmut, the ministry said."))
    assert claims[0].location is not None and claims[0].location.text == "Bakhmut"


def test_a_country_fought_for_is_a_side_not_a_place(pipeline) -> None:
    text = "About 500 volunteers have been killed fighting for Russia in the Kherson region, officials said."
    claims = numeric(extract(pipeline, text))
    assert claims[0].location is not None and claims[0].location.text == "Kherson region"


def test_a_town_owning_the_speaker_is_the_place_when_no_other_is_named(pipeline) -> None:
    claims = numeric(extract(pipeline, "Kharkiv's mayor said 17 people were wounded overnight."))
    assert claims[0].location is not None and claims[0].location.text == "Kharkiv"


def test_a_country_or_capital_owning_the_speaker_is_not_a_place(pipeline) -> None:
    for text in (
        "South Korea's spy agency said 300 soldiers had been killed.",
        "Seoul's military said 300 soldiers had been killed.",
    ):
        assert numeric(extract(pipeline, text))[0].location is None


def test_the_region_points_back_to_the_last_region_not_the_last_town(pipeline) -> None:
    text = (
        "Shelling hit the Kherson region again on Monday. In Beryslav, a shell struck a school.\n\n"
        "Since January, 230 civilians have been killed in the region, prosecutors said."
    )
    claim = numeric(extract(pipeline, text))[0]
    assert claim.location is not None and claim.location.text == "Kherson region"


def test_the_city_points_back_to_a_city_named_in_a_sentence_without_figures(pipeline) -> None:
    text = (
        "Troops advanced towards Kostiantynivka from the south.\n\n"
        "Kramatorsk is now close to the front. About 900 residents remain in the city, "
        "according to the local administration."
    )
    claim = numeric(extract(pipeline, text))[0]
    assert claim.location is not None and claim.location.text == "Kramatorsk"


def test_a_place_between_the_speaker_and_according_to_is_the_claims_place(pipeline) -> None:
    text = (
        "The refugee agency estimates that about 40,000 people have gone back to Gezira state "
        "this year, according to aid workers."
    )
    claim = numeric(extract(pipeline, text))[0]
    assert claim.location is not None and claim.location.text == "Gezira state"


def test_where_people_or_supplies_come_from_is_not_the_claims_place(pipeline) -> None:
    claims = by_value(extract(pipeline, (
        "About 600 engineers from Chile, Peru and Ghana now serve with the force.\n\n"
        "In Lviv, 30 percent of the fuel now comes from Poland, officials said."
    )))
    assert claims[600].location is None
    assert claims[30].location is not None and claims[30].location.text == "Lviv"


def test_people_from_a_country_in_an_apposition_keep_the_sentences_place(pipeline) -> None:
    text = "The mission said four of its officers were wounded near Bunia, all of them from Nepal."
    claims = by_value(extract(pipeline, text))
    assert claims[4].location is not None and claims[4].location.text == "Bunia"


def test_troops_withdrawn_from_a_country_are_placed_there(pipeline) -> None:
    claim = numeric(extract(pipeline, "Belgium withdrew about 300 soldiers from Chad in May."))[0]
    assert claim.location is not None and claim.location.text == "Chad"


def test_the_country_points_back_to_the_last_country_but_not_as_an_owner(pipeline) -> None:
    text = "Some 700 Italian troops were withdrawn from Lebanon in June, and 200 more left the country in July."
    claims = by_value(extract(pipeline, text))
    assert claims[200].location is not None and claims[200].location.text == "Lebanon"
    text = "Clashes in Chad killed 40 soldiers on Monday.\n\nThe country's foreign ministry said 12 soldiers were missing."
    assert by_value(extract(pipeline, text))[12].location is None


def test_the_place_of_a_part_is_not_the_place_of_the_whole(pipeline) -> None:
    text = (
        "The monitors counted 480 air strikes last month, about a third of them in Idlib. "
        "Some 2,100 people were displaced, including 700 children, in Aleppo."
    )
    claims = by_value(extract(pipeline, text))
    assert claims[480].location is None
    assert claims[2100].location is not None and claims[2100].location.text == "Aleppo"


def test_a_landmark_named_before_the_figures_is_their_place_and_the_palace_points_back(pipeline) -> None:
    text = (
        "On Saturday government troops retook the Presidential Palace and the old market in central Aden.\n\n"
        "In the fighting, the troops destroyed 17 armoured vehicles.\n\n"
        "Separatist commanders said on Sunday that they still held streets near the palace and had "
        "captured 35 soldiers."
    )
    claims = by_value(extract(pipeline, text))
    assert claims[17].location is not None and claims[17].location.text == "Presidential Palace"
    assert claims[35].location is not None and claims[35].location.text == "Presidential Palace"


def test_a_new_group_or_a_named_office_is_not_a_reference_back(pipeline) -> None:
    text = (
        "The Kachin Independence Army said it had shot down two helicopters.\n\n"
        "A local aid group said 12 civilians were killed in the shelling.\n\n"
        "The defence ministry said 40 fighters were captured. "
        "Since May, 90 civilians have been wounded, according to the regional governor's office."
    )
    claims = by_value(extract(pipeline, text))
    assert claims[12].attributed_to == "local aid group"
    assert claims[90].attributed_to == "regional governor's office"


def test_a_second_verb_shares_the_speaker_of_the_first(pipeline) -> None:
    text = "The health office gives no breakdown by age, but says 35 of the dead were under 18."
    claim = numeric(extract(pipeline, text))[0]
    assert claim.attributed_to == "health office"


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


def test_a_place_labelling_a_list_item_is_its_place(pipeline) -> None:
    # the parser sometimes makes the label the subject of the item; it stays the place
    text = (
        "Results by site:\n\nRafah: 2,310 children screened, 9 percent acutely malnourished.\n\n"
        "Beit Lahia: 2,664 children screened, 18 percent acutely malnourished."
    )
    claims = by_value(extract(pipeline, text))
    assert claims[2664].location is not None and claims[2664].location.text == "Beit Lahia"


def test_a_town_that_is_hit_or_hosts_people_is_the_place_but_a_country_subject_is_not(pipeline) -> None:
    claims = numeric(extract(pipeline, "Nikopol was shelled 30 times on Sunday, the governor said."))
    assert claims[0].location is not None and claims[0].location.text == "Nikopol"
    claims = numeric(extract(pipeline, "Iran is believed to have supplied 400 drones."))
    assert claims[0].location is None


def test_canals_and_the_far_east_are_places(pipeline) -> None:
    claims = numeric(extract(pipeline, "Traffic through the Suez Canal fell by 40 percent in March."))
    assert claims[0].location is not None and claims[0].location.place.name == "Suez Canal"
    claims = numeric(extract(pipeline, "About 2,000 recruits are training in the Far East, officials said."))
    assert claims[0].location is not None and claims[0].location.place.name == "Russian Far East"


def test_there_is_the_place_just_named(pipeline) -> None:
    text = (
        "Fighting spread to Maungdaw township last week.\n\n"
        "Aid workers there told us that about 8,000 people had fled in two days."
    )
    claim = numeric(extract(pipeline, text))[0]
    assert claim.location is not None and claim.location.text == "Maungdaw township"


def test_a_denied_claim_is_credited_to_its_owner_not_the_denier(pipeline) -> None:
    text = "The army on Monday rejected Israeli claims that 300 of its fighters had surrendered near the crossing."
    claim = numeric(extract(pipeline, text))[0]
    assert claim.origin == "Israel"


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


def test_figures_released_by_someone_are_credited_to_them(pipeline) -> None:
    text = "Satellite images published by the Institute for Regional Studies appear to show about 60 tanks massed near Belgorod."
    claim = numeric(extract(pipeline, text))[0]
    assert claim.origin == "Institute for Regional Studies"


def test_a_figure_inside_the_speakers_description_is_not_what_the_speaker_says(pipeline) -> None:
    text = "Malawi, which has lost 6 peacekeepers since January, said its battalion would stay."
    claim = numeric(extract(pipeline, text))[0]
    assert claim.attributed_to is None


def test_the_next_sentence_goes_on_from_the_whole_count_not_its_part(pipeline) -> None:
    text = (
        "The migration agency said it registered 54,000 returnees over the quarter, 40 percent of "
        "them in Gezira state. The migration agency said it registered 21,000 in April and 17,000 in May."
    )
    claims = by_value(extract(pipeline, text))
    assert claims[40].location is not None and claims[40].location.text == "Gezira state"
    assert claims[21000].location is None and claims[17000].location is None


def test_a_reporting_verb_the_tagger_reads_as_a_noun_still_names_the_speaker(pipeline) -> None:
    text = "Britain's defence intelligence estimates that Iran has shipped about 200 missiles to Yemen."
    claim = numeric(extract(pipeline, text))[0]
    assert claim.origin == "Britain's defence intelligence"


def test_a_named_speaker_with_a_description_is_credited_by_name(pipeline) -> None:
    text = "OCHA, the UN humanitarian office that coordinates aid to Sudan, said 35 trucks entered Darfur on Monday."
    claim = numeric(extract(pipeline, text))[0]
    assert claim.origin is not None and claim.origin.startswith("OCHA") and "coordinates" not in claim.origin
    text = "MINUSCA, the UN peacekeeping body that patrols the north, said 14 convoys reached Bangui on Friday."
    assert numeric(extract(pipeline, text))[0].origin == "MINUSCA"


def test_according_to_in_a_later_clause_credits_only_the_figure_it_governs(pipeline) -> None:
    text = (
        "The refugee agency estimates that about 90,000 people have gone back to Sennar state this "
        "year, but the army is still shelling Singa, with four people killed there on Sunday "
        "according to local doctors."
    )
    claims = by_value(extract(pipeline, text))
    assert claims[90000].origin == "refugee agency"
    assert claims[4].origin == "local doctors"
    text = "The president said 900 soldiers had died, according to a transcript of his speech."
    assert numeric(extract(pipeline, text))[0].origin == "president"


def test_where_the_report_was_made_is_not_the_claims_place(pipeline) -> None:
    for text in (
        "In Brussels, a NATO official said about 200 troops were wounded last week.",
        "The minister told reporters in Geneva that 45 aid workers had been killed this year.",
    ):
        assert numeric(extract(pipeline, text))[0].location is None
    claim = numeric(extract(pipeline, "Officials said 30 civilians were killed in Sumy."))[0]
    assert claim.location is not None and claim.location.text == "Sumy"
def test_article_narration_keeps_the_time_its_paragraph_set(pipeline) -> None:
    text = (
        "A glide bomb struck a school in Kupiansk on Wednesday afternoon. Three teachers died. "
        "Nine more were hurt, two of them pupils.\n\n"
        "The city has lost most of its residents since 2022."
    )
    claims = by_value(extract(pipeline, text))
    assert claims[3].time == claims[9].time == claims[2].time == "2025-03-12"


def test_narration_after_an_attributed_report_does_not_borrow_its_time(pipeline) -> None:
    text = "The governor said on Monday that 12 people had been evacuated. Another 40 remain in the town."
    claims = by_value(extract(pipeline, text))
    assert claims[40].time == PUBLISHED.isoformat()


def test_figure_reported_after_a_dated_scene_takes_its_date(pipeline) -> None:
    text = (
        "On 2 and 3 March, militias raided the villages around Kadugli. "
        "Survivors told our researchers that 85 people were killed."
    )
    claim = numeric(extract(pipeline, text))[0]
    assert claim.value == 85 and claim.time == "2025-03-02/2025-03-03"


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Armed men kidnapped 23 bus passengers near Kwall last month, police said.", "captured"),
        ("As many as 15 residents may still be under the rubble of the tower, rescuers said.", "missing"),
        ("Moscow claimed that 600 enemy troops had been encircled near the reservoir.", "other_quantity"),
        ("Kyiv said 95 of its marines had come home in the latest swap.", "other_quantity"),
        ("The brigade said it had seized 52 small arms from the raiders.", "other_quantity"),
    ],
)
def test_kind_of_kidnapped_buried_encircled_returned_and_seized_arms(pipeline, sentence: str, kind: str) -> None:
    claim = numeric(extract(pipeline, sentence))[0]
    assert claim.kind == kind


@pytest.mark.parametrize(
    "sentence",
    [
        "Chad sent 120 gendarmes to join the regional force in March.",
        "A second wave of roughly 2,000 mercenaries reached the front in April, analysts said.",
    ],
)
def test_troops_sent_to_join_a_force_or_in_a_later_wave_are_reinforcements(pipeline, sentence: str) -> None:
    assert numeric(extract(pipeline, sentence))[0].kind == "reinforcements"


def test_a_first_deployment_is_not_a_reinforcement(pipeline) -> None:
    text = "The junta deployed 900 soldiers to the border, and added two drone units in May."
    assert numeric(extract(pipeline, text))[0].kind == "troops_deployed"


def test_a_part_that_says_what_happened_to_it_keeps_its_own_kind(pipeline) -> None:
    text = "The militia says it holds 61 hostages, including at least 9 it says are dead."
    claims = by_value(extract(pipeline, text))
    assert claims[61].kind == "captured" and claims[9].kind == "killed"


def test_a_bare_part_still_shares_the_kind_of_its_whole(pipeline) -> None:
    claims = by_value(extract(pipeline, "The blast killed 31 people, eight of them children, and wounded 70."))
    assert claims[8].kind == "killed" and claims[70].kind == "wounded"


@pytest.mark.parametrize(
    "sentence",
    [
        "Insurgents stormed the garrison at Diapaga with some 300 fighters on Sunday.",
        "Police said the raid on the convoy was carried out by about 40 gunmen, many of whom were killed.",
    ],
)
def test_the_men_an_attack_was_made_with_or_by_are_a_force(pipeline, sentence: str) -> None:
    assert numeric(extract(pipeline, sentence))[0].kind == "troops_deployed"


def test_soldiers_killed_in_an_attack_by_others_stay_killed(pipeline) -> None:
    text = "Some 25 soldiers were killed by rebels at the crossing, the army said."
    assert numeric(extract(pipeline, text))[0].kind == "killed"


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("The car bomb left 17 worshippers dead outside the mosque.", "killed"),
        ("Overnight shelling left at least 8 residents injured in Nikopol.", "wounded"),
        ("The ferry fire left 14 passengers missing, the coastguard said.", "missing"),
    ],
)
def test_a_strike_that_left_people_dead_counts_the_dead_not_a_withdrawal(pipeline, sentence: str, kind: str) -> None:
    assert numeric(extract(pipeline, sentence))[0].kind == kind


def test_troops_that_left_a_base_are_withdrawn(pipeline) -> None:
    assert numeric(extract(pipeline, "About 300 troops left the airbase in January."))[0].kind == "withdrawn"


def test_a_participle_on_the_counted_people_does_not_date_the_claim(pipeline) -> None:
    text = "Five aid workers held by the militia since June 2024 were released on Tuesday."
    assert numeric(extract(pipeline, text))[0].time == "2025-03-11"


def test_a_second_speakers_figure_does_not_take_the_first_clauses_time(pipeline) -> None:
    text = (
        "About 6,000 Eritrean troops have been stationed in Tigray since January, and "
        "diplomats say around 900 of them have been killed."
    )
    claims = by_value(extract(pipeline, text))
    assert claims[6000].time == "2025-01/2025-03-14"
    assert claims[900].time == PUBLISHED.isoformat()


def test_the_time_of_an_earlier_figure_compared_with_does_not_date_the_current_one(pipeline) -> None:
    text = "Aid groups say 640,000 people now need food aid in the province, up from 410,000 in May 2024."
    claims = by_value(extract(pipeline, text))
    assert claims[410000].time == "2024-05"
    assert claims[640000].time == PUBLISHED.isoformat()


def test_a_war_against_a_country_is_not_a_comparison(pipeline) -> None:
    text = "About 900 volunteers have died in the war against Sudan's army, the group said on Monday."
    assert numeric(extract(pipeline, text))[0].time == "2025-03-10"


def test_a_share_does_not_take_the_kind_of_the_next_clause(pipeline) -> None:
    text = "The rebels said they held roughly 60 percent of Kalemie and had killed 130 soldiers there."
    claims = by_value(extract(pipeline, text))
    assert claims[60].kind == "other_quantity" and claims[130].kind == "killed"


def test_a_share_of_the_dead_is_still_killed(pipeline) -> None:
    text = "Medics said about 40 percent of those who died in the strike were children."
    assert numeric(extract(pipeline, text))[0].kind == "killed"


def test_figures_given_as_an_estimate_are_approximate(pipeline) -> None:
    text = "Relief groups estimate that between 9,000 and 12,000 families lost their homes in the floods."
    claim = numeric(extract(pipeline, text))[0]
    assert claim.approx and not claim.hedged


def test_an_estimate_does_not_cover_a_later_clause_or_an_earlier_figure(pipeline) -> None:
    text = (
        "Monitors estimate that 700 fighters were killed, up from 450 in April, "
        "but the army says 12 of its officers died."
    )
    claims = by_value(extract(pipeline, text))
    assert claims[700].approx
    assert not claims[450].approx and not claims[12].approx


def test_reported_by_a_named_outlet_is_credited_not_hedged(pipeline) -> None:
    text = "It was reported by the weekly Sahel Observer that 37 herders were killed near Menaka."
    assert not numeric(extract(pipeline, text))[0].hedged


def test_it_has_been_reported_alone_still_hedges(pipeline) -> None:
    text = "It has been reported that 37 herders were killed near Menaka."
    assert numeric(extract(pipeline, text))[0].hedged


def test_a_hedge_after_a_semicolon_does_not_hedge_the_figure_before_it(pipeline) -> None:
    text = "We counted 64 destroyed homes in the district; more may lie in areas we could not reach."
    assert not numeric(extract(pipeline, text))[0].hedged


def test_a_named_event_reference_continues_the_report_of_that_event(pipeline) -> None:
    text = (
        "Gunmen killed at least 40 villagers in an attack on Kwatas on Tuesday, residents said.\n\n"
        "A militia leader claimed that his men had killed 70 people in the Kwatas attack.\n\n"
        "Nine of the dead were children, a local nurse said."
    )
    claims = by_value(extract(pipeline, text))
    assert claims[70].time == claims[9].time == "2025-03-11"


def test_narration_goes_on_across_a_paragraph_that_opens_without_a_figure(pipeline) -> None:
    text = (
        "On Saturday 8 March 2025, an army column was ambushed near Inates by hundreds of gunmen.\n\n"
        "Our soldiers held their ground. Sadly, 6 of them were killed and 4 others were wounded."
    )
    claims = by_value(extract(pipeline, text))
    assert claims[6].time == claims[4].time == "2025-03-08"


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Drone footage published by the brigade showed about 250 Russian soldiers massing near Vovchansk.",
         "troops_deployed"),
        ("The deal would see the militia free 12 hostages in exchange for 300 detained fighters and prisoners.",
         "other_quantity"),
        ("The rebels demanded the release of 85 prisoners held by the army.", "other_quantity"),
        ("Rescuers pulled 9 people from a collapsed house, and all were taken to hospital.", "wounded"),
        ("Monitors put the number killed or wounded in the offensive at about 7,500.", "killed_or_wounded"),
    ],
)
def test_kind_cues_that_belong_to_the_counted_words(pipeline, sentence: str, kind: str) -> None:
    claims = numeric(extract(pipeline, sentence))
    counted = {"250", "300", "85", "9", "7,500"}
    claim = next(c for c in claims if c.number_text in counted)
    assert claim.kind == kind


def test_reported_speech_counts_its_past_week_from_the_day_it_was_said(pipeline) -> None:
    text = "The rebel alliance said on Tuesday that it had captured 38 soldiers over the past week."
    assert numeric(extract(pipeline, text))[0].time == "2025-03-04/2025-03-11"


def test_a_yesterday_in_the_claim_is_not_the_day_it_was_said(pipeline) -> None:
    text = "Medics say nine people were killed in Omdurman yesterday, according to a local committee."
    assert numeric(extract(pipeline, text))[0].time == "2025-03-13"


@pytest.mark.parametrize(
    ("text", "earlier"),
    [
        ("About 900,000 people now shelter in Tawila, up from about 150,000 before the war.", 150000),
        ("Fewer than 2,000 people remain in a town that had 35,000 residents before the invasion.", 35000),
    ],
)
def test_an_earlier_figure_is_not_stated_as_current(pipeline, text: str, earlier: float) -> None:
    claims = by_value(extract(pipeline, text))
    assert claims[earlier].time is None


def test_a_headline_takes_the_time_its_lead_gives_the_same_figure(pipeline) -> None:
    text = (
        "N'Djamena rushes 1,200 more troops east, officials say\n\n"
        "N'DJAMENA - Chad sent an additional 1,200 soldiers to its eastern border in January, "
        "army officials said on Wednesday."
    )
    claims = numeric(extract(pipeline, text))
    assert [c.time for c in claims] == ["2025-01", "2025-01"]


def test_a_decision_in_the_perfect_is_stated_as_of_the_report(pipeline) -> None:
    text = "Minsk has agreed to send about 2,500 engineers to the Kursk region, a Belarusian official told reporters."
    assert numeric(extract(pipeline, text))[0].time == PUBLISHED.isoformat()


def test_an_arrangement_still_to_come_is_not_stated_as_current(pipeline) -> None:
    text = "Under the deal, the militia is to free 18 hostages in return for food aid."
    assert numeric(extract(pipeline, text))[0].time is None


def test_people_counted_as_the_strength_of_a_force_are_troops(pipeline) -> None:
    text = "Officials said Nairobi was assembling a contingent of some 400 volunteers for the mission."
    assert numeric(extract(pipeline, text))[0].kind == "troops_deployed"


def test_a_group_of_civilians_is_not_a_force(pipeline) -> None:
    text = "A unit of 30 residents was set up to clear the rubble, the mayor said."
    assert numeric(extract(pipeline, text))[0].kind != "troops_deployed"
