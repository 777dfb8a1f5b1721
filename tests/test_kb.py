"""The actor knowledge base and the gazetteer: linking, finding, resolving, extending."""

from __future__ import annotations

import itertools
import pickle
import time
from pathlib import Path

import pytest

from claimledger.kb import (
    ACTOR_TYPES,
    DataFileError,
    Gazetteer,
    KnowledgeBase,
    fold,
    normalize,
)
from claimledger.kb.matching import tokenize


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def _id(kb: KnowledgeBase, text: str) -> str | None:
    actor = kb.link(text)
    return actor.id if actor else None


# ---------------------------------------------------------------- text matching


def test_fold_strips_case_and_diacritics() -> None:
    assert fold("Tillabéri") == "tillaberi"
    assert fold("Łódź") == "lodz"
    assert normalize("Kim Jong-un") == normalize("Kim Jong Un") == "kim jong un"


def test_tokenize_drops_possessive_s_only() -> None:
    assert [t.key for t in tokenize("Pyongyang’s forces")] == ["pyongyang", "forces"]
    assert [t.key for t in tokenize("Sana'a")] == ["sana", "a"]


# ---------------------------------------------------------------- actors: linking


@pytest.mark.parametrize(
    ("name", "actor_id"),
    [
        ("Pyongyang", "state:KP"),
        ("DPRK", "state:KP"),
        ("Seoul", "state:KR"),
        ("Kyiv", "state:UA"),
        ("Kiev", "state:UA"),
        ("Moscow", "state:RU"),
        ("the Kremlin", "state:RU"),
        ("Washington", "state:US"),
        ("the White House", "state:US"),
        ("Burma", "state:MM"),
        ("Congo", "state:CD"),
    ],
)
def test_metonyms_link_to_the_state(kb: KnowledgeBase, name: str, actor_id: str) -> None:
    assert _id(kb, name) == actor_id


@pytest.mark.parametrize(
    ("name", "actor_id"),
    [
        ("North Korean", "state:KP"),
        ("North Koreans", "state:KP"),
        ("Ukrainian", "state:UA"),
        ("Russian", "state:RU"),
        ("Russians", "state:RU"),
        ("Israeli", "state:IL"),
        ("Israelis", "state:IL"),
        ("Palestinian", "state:PS"),
        ("Sudanese", "state:SD"),
        ("South Sudanese", "state:SS"),
        ("Congolese", "state:CD"),
    ],
)
def test_demonyms_link_to_the_state(kb: KnowledgeBase, name: str, actor_id: str) -> None:
    assert _id(kb, name) == actor_id


def test_khartoum_is_not_a_metonym_for_sudan(kb: KnowledgeBase) -> None:
    # The government left Khartoum; in reporting the name is a battleground, not a speaker.
    assert kb.link("Khartoum") is None


def test_possessives_and_punctuation_do_not_matter(kb: KnowledgeBase) -> None:
    assert _id(kb, "Pyongyang's") == "state:KP"
    assert _id(kb, "Pyongyang’s") == "state:KP"
    assert _id(kb, "Kim Jong-un") == _id(kb, "Kim Jong Un") == "person:kim-jong-un"
    assert _id(kb, "Ukraine’s army") == "force:ua-armed-forces"
    assert _id(kb, "U.S.") == _id(kb, "US") == "state:US"


@pytest.mark.parametrize(
    ("variant", "actor_id"),
    [
        ("Zelenskyy", "person:volodymyr-zelensky"),
        ("Zelenskiy", "person:volodymyr-zelensky"),
        ("Volodymyr Zelenskii", "person:volodymyr-zelensky"),
        ("Kim Jong-eun", "person:kim-jong-un"),
        ("Hemeti", "person:hemedti"),
        ("Syrskiy", "person:oleksandr-syrskyi"),
    ],
)
def test_spelling_variants_link_by_fuzzy_match(
    kb: KnowledgeBase, variant: str, actor_id: str
) -> None:
    assert _id(kb, variant) == actor_id


def test_fuzzy_match_refuses_other_words(kb: KnowledgeBase) -> None:
    assert kb.link("Prussian", partial=False) is None
    assert kb.link("Australian", partial=False) != kb.link("Austrian", partial=False)
    assert kb.link("Nigerien") != kb.link("Nigerian")


def test_short_acronyms_need_their_capitals(kb: KnowledgeBase) -> None:
    assert kb.link("us", partial=False) is None
    assert kb.link("who", partial=False) is None
    assert _id(kb, "WHO") == "org:who"
    assert _id(kb, "nato") == "org:nato"


def test_country_word_and_phrase(kb: KnowledgeBase) -> None:
    assert _id(kb, "Russia's defence ministry") == "org:mod-ru"
    assert _id(kb, "Russian Ministry of Defence") == "org:mod-ru"
    assert _id(kb, "South Korea's National Intelligence Service") == "org:nis-kr"
    assert _id(kb, "South Korean intelligence") == "org:nis-kr"
    assert _id(kb, "Ukrainian military intelligence") == "org:gur-ua"
    assert _id(kb, "Israeli military") == "force:il-idf"
    assert _id(kb, "Sudanese army") == "force:sd-saf"


@pytest.mark.parametrize(
    ("source", "actor_id"),
    [
        ("Western officials", "group:western-officials"),
        ("western officials", "group:western-officials"),
        ("US officials", "group:officials-us"),
        ("U.S. officials", "group:officials-us"),
        ("American officials", "group:officials-us"),
        ("South Korean sources", "group:sources-kr"),
        ("South Korean officials", "group:officials-kr"),
        ("Ukrainian officials", "group:officials-ua"),
        ("military sources", "group:military-sources"),
        ("local sources", "group:local-sources"),
        ("North Korean state media", "group:media-kp"),
    ],
)
def test_generic_sources(kb: KnowledgeBase, source: str, actor_id: str) -> None:
    assert _id(kb, source) == actor_id


def test_generic_phrases_are_not_fuzzy_matched(kb: KnowledgeBase) -> None:
    # "Russian forces" is one letter from "Russian sources" but names no source.
    assert _id(kb, "Russian forces") == "state:RU"
    record = kb.record("group:sources-ru")
    assert record is not None and record.generic
    named = kb.record("org:nis-kr")
    assert named is not None and not named.generic and "NIS" in named.aliases


def test_subject_phrase_links_to_the_actor_inside_it(kb: KnowledgeBase) -> None:
    assert _id(kb, "North Korean soldiers") == "state:KP"
    assert _id(kb, "additional North Korean troops sent to Russia") == "state:KP"
    assert kb.link("North Korean soldiers", partial=False) is None


@pytest.mark.parametrize(
    ("actor_id", "country"),
    [
        ("org:nis-kr", "KR"),
        ("outlet:kcna", "KP"),
        ("group:wagner", "RU"),
        ("group:rsf", "SD"),
        ("state:UA", "UA"),
        ("person:kim-jong-un", "KP"),
        ("group:officials-us", "US"),
        ("org:un", None),
        ("no:such-actor", None),
    ],
)
def test_country_of(kb: KnowledgeBase, actor_id: str, country: str | None) -> None:
    assert kb.country_of(actor_id) == country


def test_get_returns_the_typed_actor(kb: KnowledgeBase) -> None:
    actor = kb.get("outlet:reuters")
    assert actor is not None
    assert (actor.name, actor.type) == ("Reuters", "outlet")
    assert kb.get("outlet:nonexistent") is None


def test_coverage_is_broad(kb: KnowledgeBase) -> None:
    assert len(kb) > 1000
    assert {actor.type for actor in kb} == ACTOR_TYPES
    for name in ["Hamas", "Hezbollah", "Houthis", "Tatmadaw", "Arakan Army", "JNIM", "M23",
                 "Africa Corps", "IDF", "GUR", "FSB", "Mossad", "Yonhap", "TASS", "ACLED",
                 "ISW", "OCHA", "ICRC", "MSF", "NATO", "African Union", "Min Aung Hlaing",
                 "Burhan", "Gerasimov", "Rutte", "Guterres", "Lee Jae-myung"]:  # fmt: skip
        assert kb.link(name, partial=False) is not None, name


# ---------------------------------------------------------------- actors: finding


def test_find_returns_exact_sorted_spans(kb: KnowledgeBase) -> None:
    text = (
        "Pyongyang’s state news agency KCNA said Western officials told the BBC that "
        "South Korean sources and U.S. officials agree with Russia's defence ministry."
    )
    mentions = kb.find(text)
    assert [(m.text, m.actor.id) for m in mentions] == [
        ("Pyongyang’s state news agency", "outlet:kcna"),
        ("KCNA", "outlet:kcna"),
        ("Western officials", "group:western-officials"),
        ("BBC", "outlet:bbc"),
        ("South Korean sources", "group:sources-kr"),
        ("U.S. officials", "group:officials-us"),
        ("Russia's defence ministry", "org:mod-ru"),
    ]
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
    assert all(a.end <= b.start for a, b in itertools.pairwise(mentions))


def test_find_respects_case(kb: KnowledgeBase) -> None:
    assert kb.find("let us talk turkey with who we like") == []
    assert [m.actor.id for m in kb.find("The US and Turkey spoke to WHO.")] == [
        "state:US",
        "state:TR",
        "org:who",
    ]


def test_find_does_not_join_words_across_sentences(kb: KnowledgeBase) -> None:
    ids = [m.actor.id for m in kb.find("They met in Kyiv. Officials said so.")]
    assert ids == ["state:UA", "group:officials"]


def test_names_containing_a_state_are_not_the_state(kb: KnowledgeBase) -> None:
    # Port Sudan is the army-led government's seat, but "Port Sudan" is a city, not Sudan.
    assert [m.actor.id for m in kb.find("Drones hit Port Sudan and the Indian Ocean.")] == []
    assert kb.link("Port Sudan") is None
    assert [m.actor.id for m in kb.find("Sudan and Chad")] == ["state:SD", "state:TD"]


def test_find_is_fast(kb: KnowledgeBase) -> None:
    sentence = "Western officials told the BBC that Pyongyang sent 11,000 troops to Kursk. "
    text = sentence * 200
    started = time.perf_counter()
    assert len(kb.find(text)) == 600
    assert time.perf_counter() - started < 2.0


# ---------------------------------------------------------------- actors: user files


def test_user_file_adds_and_overrides(tmp_path: Path) -> None:
    extra = tmp_path / "actors.yaml"
    extra.write_text(
        "actors:\n"
        "  - {id: state:KP, aliases: [Hermit Kingdom]}\n"
        "  - {id: group:test-brigade, name: Test Brigade, type: armed_group, country: UA,\n"
        "     aliases: [Storm Corps, TB-1]}\n"
        "  - {id: outlet:reuters, country: US}\n"
        "not_actors: [Hermit Kingdom Tours]\n",
        encoding="utf-8",
    )
    kb = KnowledgeBase.load([extra])
    assert _id(kb, "Hermit Kingdom") == "state:KP"
    assert _id(kb, "TB-1") == "group:test-brigade"
    assert _id(kb, "Storm Corps") == "group:test-brigade"  # a user alias wins a tie
    assert kb.country_of("group:test-brigade") == "UA"
    assert kb.country_of("outlet:reuters") == "US"
    assert _id(kb, "Reuters") == "outlet:reuters"
    assert kb.find("Hermit Kingdom Tours sells trips.") == []


@pytest.mark.parametrize(
    "content",
    [
        "actors:\n  - {name: No Id, type: ngo}\n",
        "actors:\n  - {id: org:x, name: X, type: spaceship}\n",
        "actors:\n  - {id: org:y, name: Y}\n",
        "actors: [unclosed\n",
        "actors: {id: org:z}\n",
        "actors:\n  - {id: org:w, name: W, type: ngo, country: XX}\n",
    ],
)
def test_bad_actor_files_raise_a_typed_error(tmp_path: Path, content: str) -> None:
    extra = tmp_path / "bad.yaml"
    extra.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError):
        KnowledgeBase.load([extra])


def test_missing_user_file_raises_a_typed_error(tmp_path: Path) -> None:
    with pytest.raises(DataFileError):
        KnowledgeBase.load([tmp_path / "absent.yaml"])


# ---------------------------------------------------------------- gazetteer: resolving


@pytest.mark.parametrize(
    ("phrase", "name", "country"),
    [
        ("Kursk region", "Kursk Oblast", "RU"),
        ("Kursk Oblast", "Kursk Oblast", "RU"),
        ("Kursk", "Kursk Oblast", "RU"),
        ("the Kursk border area", "Kursk Oblast", "RU"),
        ("Donetsk Oblast", "Donetsk Oblast", "UA"),
        ("Donetsk region", "Donetsk Oblast", "UA"),
        ("North Darfur", "North Darfur", "SD"),
        ("El Fasher", "El Fasher", "SD"),
        ("al-Fashir", "El Fasher", "SD"),
        ("Gaza City", "Gaza City", "PS"),
        ("Gaza", "Gaza Strip", "PS"),
        ("Rafah", "Rafah", "PS"),
        ("Khan Younis", "Khan Younis", "PS"),
        ("Khan Yunis", "Khan Younis", "PS"),
        ("Rakhine State", "Rakhine State", "MM"),
        ("Sagaing", "Sagaing Region", "MM"),
        ("Tillabéri", "Tillabéri Region", "NE"),
        ("Tillaberi", "Tillabéri Region", "NE"),
        ("Bakhmut", "Bakhmut", "UA"),
        ("Artemivsk", "Bakhmut", "UA"),
        ("Pokrovsk", "Pokrovsk", "UA"),
        ("Pokrovsk direction", "Pokrovsk", "UA"),
        ("Kyiv", "Kyiv", "UA"),
        ("Kiev", "Kyiv", "UA"),
        ("Kharkov", "Kharkiv", "UA"),
        ("Mekelle", "Mekelle", "ET"),
        ("Gao region", "Gao Region", "ML"),
        ("Georgia", "Georgia", "GE"),
        ("Georgia, US", "Georgia", "US"),
        ("Rafah, Egypt", None, "EG"),
        ("Congo", "DR Congo", "CD"),
        ("Europe", "Europe", None),
    ],
)
def test_resolve(gazetteer: Gazetteer, phrase: str, name: str | None, country: str | None) -> None:
    place = gazetteer.resolve(phrase)
    assert place is not None, phrase
    if name is not None:
        assert place.name == name
    assert place.country == country
    assert place.lat is not None and place.lon is not None


def test_resolve_country_has_centroid(gazetteer: Gazetteer) -> None:
    russia = gazetteer.resolve("Russia")
    assert russia is not None
    assert (russia.name, russia.country, russia.country_name) == ("Russia", "RU", "Russia")
    assert russia.lat is not None and 50 < russia.lat < 70
    assert russia.lon is not None and 80 < russia.lon < 120


def test_resolve_uses_geonames_spellings_and_close_spellings(gazetteer: Gazetteer) -> None:
    dnipro = gazetteer.resolve("Dnepropetrovsk")
    assert dnipro is not None and dnipro.name == "Dnipro"
    zaporizhzhia = gazetteer.resolve("Zaporozhe")
    assert zaporizhzhia is not None and zaporizhzhia.country == "UA"


def test_resolve_unknown_is_none(gazetteer: Gazetteer) -> None:
    assert gazetteer.resolve("Qwxyzzyville") is None
    assert gazetteer.resolve("") is None


def test_resolve_record_tells_kind_and_code(gazetteer: Gazetteer) -> None:
    record = gazetteer.resolve_record("Kursk region")
    assert record is not None
    assert (record.kind, record.code) == ("admin1", "RU-KRS")
    city = gazetteer.resolve_record("Omdurman")
    assert city is not None and city.kind == "city" and city.population > 1_000_000


# ---------------------------------------------------------------- gazetteer: finding


def test_find_spans_and_type_words(gazetteer: Gazetteer) -> None:
    text = (
        "Troops left the Kursk border area for the Pokrovsk direction, while fighting hit "
        "al-Fashir, Gaza City and Khan Younis, and Rivers State in Nigeria."
    )
    mentions = gazetteer.find(text)
    assert [(m.text, m.place.name) for m in mentions] == [
        ("Kursk border area", "Kursk Oblast"),
        ("Pokrovsk direction", "Pokrovsk"),
        ("al-Fashir", "El Fasher"),
        ("Gaza City", "Gaza City"),
        ("Khan Younis", "Khan Younis"),
        ("Rivers State", "Rivers"),
        ("Nigeria", "Nigeria"),
    ]
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text


def test_find_skips_stoplisted_words(gazetteer: Gazetteer) -> None:
    text = "Nice try. Split the bill. Reading on, Most of Mobile units moved Along the road."
    assert gazetteer.find(text) == []
    nice = gazetteer.resolve("Nice")
    assert nice is not None and nice.country == "FR"


def test_find_requires_capitals(gazetteer: Gazetteer) -> None:
    assert gazetteer.find("a kursk of georgia reading") == []


def test_find_skips_city_names_inside_other_names(gazetteer: Gazetteer) -> None:
    # "Vladimir" is a Russian city and "Kim" and "Un" are Indian towns.
    assert gazetteer.find("President Vladimir Putin met Kim Jong Un.") == []
    assert [m.text for m in gazetteer.find("In Moscow, officials met.")] == ["Moscow"]


def test_find_leaves_skipped_spans_alone(gazetteer: Gazetteer) -> None:
    text = "The Kyiv Independent reported from Kharkiv."
    assert [m.text for m in gazetteer.find(text, skip=[(4, 20)])] == ["Kharkiv"]


def test_country_words_are_not_extended(gazetteer: Gazetteer) -> None:
    assert [m.text for m in gazetteer.find("Russia state media said")] == ["Russia"]


# ---------------------------------------------------------------- gazetteer: user files


def test_user_places_file_adds_places_and_stopwords(tmp_path: Path) -> None:
    extra = tmp_path / "places.yaml"
    extra.write_text(
        "stoplist: [Bakhmut]\n"
        "places:\n"
        "  - {name: Camp Test, kind: locality, country: UA, lat: 48.1, lon: 37.2,\n"
        "     aliases: [Test Camp]}\n"
        "  - {name: Kursk city, kind: city, country: RU, lat: 51.73, lon: 36.19, aliases: [Kursk]}\n",
        encoding="utf-8",
    )
    gazetteer = Gazetteer.load([extra])
    camp = gazetteer.resolve("Test Camp")
    assert camp is not None and (camp.name, camp.lat) == ("Camp Test", 48.1)
    kursk = gazetteer.resolve("Kursk")
    assert kursk is not None and kursk.name == "Kursk city"
    assert gazetteer.find("They fought in Bakhmut.") == []


@pytest.mark.parametrize(
    "content",
    [
        "places:\n  - {kind: city, lat: 1, lon: 2}\n",
        "places:\n  - {name: X, kind: city, lat: north, lon: 2}\n",
        "places:\n  - {name: X, kind: moon, lat: 1, lon: 2}\n",
        "places: nope\n",
    ],
)
def test_bad_places_files_raise_a_typed_error(tmp_path: Path, content: str) -> None:
    extra = tmp_path / "bad.yaml"
    extra.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError):
        Gazetteer.load([extra])


# ---------------------------------------------------------------- both


def test_both_survive_pickling_for_worker_processes(
    kb: KnowledgeBase, gazetteer: Gazetteer
) -> None:
    kb_copy = pickle.loads(pickle.dumps(kb))
    gazetteer_copy = pickle.loads(pickle.dumps(gazetteer))
    assert _id(kb_copy, "Seoul") == "state:KR"
    assert gazetteer_copy.resolve("Kursk") == gazetteer.resolve("Kursk")


# ---------------------------------------------------------------- gazetteer: a sentence's places from the article's


def test_places_of_a_sentence_taken_from_the_article_match_a_scan_of_it(gazetteer: Gazetteer) -> None:
    """find_within gives what find() gives on the sentence alone, for every sentence of every
    bundled sample where it gives anything; and it gives something for most of them."""
    from claimledger.extract.sentences import split_sentences
    from claimledger.ingest import sample_paths

    taken = 0
    for path in sample_paths():
        text = Path(path).read_text(encoding="utf-8")
        mentions = gazetteer.find(text)
        sentences = split_sentences(text)
        for sentence in sentences:
            within = gazetteer.find_within(text, mentions, sentence.start, sentence.end)
            if within is not None:
                taken += 1
                assert list(within) == gazetteer.find(text[sentence.start : sentence.end]), text[sentence.start : sentence.end]
    assert taken > 100


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("KYIV - Kherson region was shelled.", "Kherson region was shelled."),  # a spaced hyphen joins
        ("Shelling hit Kherson region", "Kherson"),  # a type word after the cut
        ("He fled to St. Petersburg.", "Petersburg."),  # a full stop after an abbreviation
        ("(Gardner, 2025) wrote", "Gardner, 2025"),  # a citation around the piece
        ("Seoul's figures", "s figures"),  # a possessive "s" at the cut
    ],
)
def test_places_of_a_sentence_are_rescanned_where_its_edges_may_join(
    gazetteer: Gazetteer, text: str, piece: str
) -> None:
    start = text.index(piece)
    assert gazetteer.find_within(text, gazetteer.find(text), start, start + len(piece)) is None


def test_places_of_a_sentence_cut_cleanly_come_from_the_article(gazetteer: Gazetteer) -> None:
    text = "Drones hit Kharkiv.\n\nIn Kherson region, 12 people were killed. Russia denied it."
    piece = "In Kherson region, 12 people were killed."
    start = text.index(piece)
    within = gazetteer.find_within(text, gazetteer.find(text), start, start + len(piece))
    assert within is not None and [m.text for m in within] == ["Kherson region"]
    assert list(within) == gazetteer.find(piece)


def test_remembered_links_and_places_give_the_same_answer_and_stay_bounded(
    kb: KnowledgeBase, gazetteer: Gazetteer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimledger.kb import actors, places

    monkeypatch.setattr(actors, "LINKED_CACHE", 3)
    monkeypatch.setattr(places, "RESOLVED_CACHE", 3)
    for _ in range(2):
        for name in ("Zelenskyy", "Kyiv's", "North Korean soldiers", "the health ministry"):
            assert kb.link(name) == kb._link(name, True)
            assert kb.link(name, partial=False) == kb._link(name, False)
            assert kb.find(name) == kb._find(name)
        for name in ("Kursk region", "Zaporozhye", "Rafah, Egypt", "Nowhere"):
            assert gazetteer.resolve_record(name) == gazetteer._resolve_record(name)
    assert len(kb._linked) <= 3 and len(kb._found) <= 3 and len(gazetteer._resolved) <= 3
