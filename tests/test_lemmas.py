"""Lemmas reach the rules that read `lemma_`: spaCy's rule lemmatizer, applied after the tag
rules (they give the POS it needs) and cached per (form, POS, morphology)."""

from __future__ import annotations

import datetime as dt

import pytest

from claimledger.extract import Extractor
from claimledger.model import Article, Metadata

pytestmark = pytest.mark.model


@pytest.mark.parametrize(
    ("sentence", "word", "lemma"),
    [
        ("El Obeid hosted 500,000 displaced people.", "hosted", "host"),  # a hosting verb
        ("Kharkiv houses 200,000 displaced people.", "houses", "house"),
        ("The toll remains at 40.", "remains", "remain"),  # the remain / stand copula
        ("The toll stood at 1,200.", "stood", "stand"),
        ("Soldiers hailing from Chad were seen.", "hailing", "hail"),  # an origin verb
        ("Officers who came from Kenya left.", "came", "come"),
        ("Four people were killed.", "were", "be"),  # the attribute ruler's own lemma
        ("Four people were killed.", "people", "people"),
        ("The camps are full.", "camps", "camp"),
    ],
)
def test_parsed_tokens_carry_their_lemma(resources, sentence: str, word: str, lemma: str) -> None:
    doc = next(resources.parse([sentence]))
    assert {t.text: t.lemma_ for t in doc}[word] == lemma


def test_the_lemmatizer_runs_inside_tag_rules_not_in_the_pipeline(resources) -> None:
    assert "lemmatizer" not in resources.nlp.pipe_names
    assert resources.tags is not None and resources.tags.lemmatizer is not None


def _claims(resources, text: str):
    article = Article(id="a", source="a", text=text, metadata=Metadata(published=dt.date(2024, 5, 1)))
    return Extractor(resources).extract(article)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # a town that hosts is where the figure is, not an actor (HOSTING_VERBS, by lemma)
        ("El Obeid hosted 500,000 displaced people, the UN said.", "El Obeid"),
        ("Goma sheltered 300,000 people who fled the fighting, aid groups said.", "Goma"),
        # "hailing from Chad" is where they come from, not where they killed (origin_verbs)
        ("Soldiers hailing from Chad killed 30 civilians in Darfur.", "Darfur"),
    ],
)
def test_rules_reading_lemmas_fire(resources, text: str, place: str) -> None:
    [claim] = _claims(resources, text)
    assert claim.location is not None and claim.location.text == place
