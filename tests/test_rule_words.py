"""The word classes the extraction rules test come from extraction.yaml, so a user's lexicon
extends them like any other list."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from claimledger.extract import Extractor
from claimledger.extract.lexicon import ExtractionLexicon
from claimledger.model import Article, Metadata


def _lexicon(tmp_path: Path, text: str) -> ExtractionLexicon:
    path = tmp_path / "extraction.yaml"
    path.write_text(text, encoding="utf-8")
    return ExtractionLexicon.load([path])


@pytest.mark.parametrize(
    ("field", "word"),
    [
        pytest.param("military_people", "soldiers", id="military-people"),
        pytest.param("civilian_people", "villagers", id="civilian-people"),
        pytest.param("attackers", "gunmen", id="attackers"),
        pytest.param("tally_nouns", "toll", id="tally-nouns"),
        pytest.param("share_nouns", "per cent", id="share-nouns"),
        pytest.param("supplied_by_default", "artillery shells", id="supplied-by-default"),
        pytest.param("hosting_verbs", "host", id="hosting-verbs"),
        pytest.param("non_locative", "against", id="non-locative"),
        pytest.param("place_prepositions", "on", id="place-prepositions-on-is-a-word-not-yaml-true"),
        pytest.param("copula_lemmas", "remain", id="copula-lemmas"),
    ],
)
def test_packaged_word_classes(field: str, word: str) -> None:
    assert word in getattr(ExtractionLexicon.load().words, field)


@pytest.mark.parametrize(
    ("pattern", "text", "matches"),
    [
        pytest.param("reinforcement_after", " more soldiers", True, id="reinforcement-after"),
        pytest.param("reinforcement_before", "another ", True, id="reinforcement-before"),
        pytest.param("part_before", "including ", True, id="part-before"),
        pytest.param("part_after", " of them", True, id="part-after"),
        pytest.param("estimate_ends", ", but whole districts", True, id="estimate-ends"),
        pytest.param("direction_after", " to the west", True, id="direction-after"),
        pytest.param("multiplier_after", " as many", True, id="multiplier-after"),
        pytest.param("since_event", "since the war began in ", True, id="since-event"),
        pytest.param("place_reference", "the region", True, id="place-reference"),
        pytest.param("site_of", "the village of Plekhovo", True, id="site-of"),
        pytest.param("site_typed", "Munzenze prison", True, id="site-typed"),
        pytest.param("site_named", "the Republican Palace", True, id="site-named"),
        pytest.param("site_named", "the republican palace", False, id="site-named-needs-capitals"),
    ],
)
def test_patterns_compiled_from_the_word_classes(pattern: str, text: str, matches: bool) -> None:
    assert bool(getattr(ExtractionLexicon.load().words, pattern).search(text)) is matches


def test_a_user_lexicon_appends_to_a_word_class(tmp_path: Path) -> None:
    lexicon = _lexicon(tmp_path, "military_people: [frogmen]\nreinforcement_after: [fresh]\n")
    assert {"frogmen", "soldiers"} <= lexicon.words.military_people
    assert lexicon.words.reinforcement_after.match(" fresh troops")


def test_a_user_lexicon_can_add_a_place_reference(tmp_path: Path) -> None:
    lexicon = _lexicon(tmp_path, "place_references: {hamlet: 0}\n")
    assert lexicon.words.place_references["hamlet"] == 0
    assert lexicon.words.place_reference.search("in the hamlet")


@pytest.mark.model
def test_a_force_noun_added_by_the_user_reaches_the_kind_rules(resources, tmp_path: Path) -> None:
    text = "About 40 frogmen are now at the port, officials said."
    article = Article(id="f" * 32, source="t", text=text, metadata=Metadata(published=dt.date(2025, 3, 14)))
    assert Extractor(resources).extract(article)[0].kind == "other_quantity"
    extended = dataclasses.replace(resources, lexicon=_lexicon(tmp_path, "military_people: [frogmen]\n"))
    assert Extractor(extended).extract(article)[0].kind == "troops_deployed"
