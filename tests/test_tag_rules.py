"""TagRules stands in for spaCy's attribute ruler: the same annotations, token for token."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimledger.ingest import sample_paths
from claimledger.extract.nlp import TagRules, UnsupportedRule, load_pipeline

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _texts() -> list[str]:
    paragraphs = [p for path in sample_paths() for p in Path(path).read_text("utf-8").split("\n\n")]
    extra = [
        "There were 300 killed, and there's no sign that all of it was staged.",
        "He'd said they weren't coming; 'tis all we know.\n\n  Whether it's true, nobody can say.",
        "At least 12 were killed -- so the army says.",
        # the two-token rules and whitespace tokens: "gon na", "got ta", "let 's", "ai n't"
        "We're gonna stay, y'all; let's go.  They gotta leave and it ain't over.",
        "There is  no food; there are 40 wounded, and I can't say more.\tIt's done.",
    ]
    return [p for p in paragraphs if p.strip()] + extra


def test_tag_rules_give_the_annotations_of_the_attribute_ruler_and_lemmatizer(nlp) -> None:
    texts = _texts()
    expected = [
        [(t.pos_, t.lemma_, str(t.morph), t.tag_, t.dep_) for t in doc] for doc in nlp.pipe(texts)
    ]
    rules = TagRules.from_pipeline(nlp)
    rules.lemmatizer = nlp.get_pipe("lemmatizer")
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer"]):
        found = [
            [(t.pos_, t.lemma_, str(t.morph), t.tag_, t.dep_) for t in rules(doc)] for doc in nlp.pipe(texts)
        ]
    assert sum(len(d) for d in expected) > 2000
    assert found == expected


def test_a_pattern_it_cannot_read_leaves_the_ruler_in_place() -> None:
    import spacy

    blank = spacy.blank("en")
    ruler = blank.add_pipe("attribute_ruler")
    ruler.add([[{"LENGTH": {">": 3}}]], {"POS": "NOUN"})
    with pytest.raises(UnsupportedRule):
        TagRules.from_pipeline(blank)
    assert TagRules.take_over(blank) is None
    assert "attribute_ruler" not in blank.disabled


def test_taking_over_disables_the_ruler_and_rules_still_apply(nlp) -> None:
    import spacy

    blank = spacy.blank("en")
    ruler = blank.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": {"IN": ["said", "told"]}}]], {"POS": "VERB", "LEMMA": "say"})
    ruler.add([[{"LOWER": "told"}]], {"LEMMA": "tell"})  # a later rule overrides an earlier one
    rules = TagRules.take_over(blank)
    assert rules is not None and "attribute_ruler" in blank.disabled
    doc = rules(blank("Officials said and told"))
    assert [(t.pos_, t.lemma_) for t in doc][1:] == [("VERB", "say"), ("", ""), ("VERB", "tell")]


def test_full_caches_are_cleared_and_refilled_with_the_same_annotations(nlp, monkeypatch) -> None:
    import claimledger.extract.nlp as module

    texts = _texts()[:6]
    rules = TagRules.from_pipeline(nlp)
    rules.lemmatizer = nlp.get_pipe("lemmatizer")
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer"]):
        expected = [[(t.pos_, t.lemma_, str(t.morph)) for t in rules(doc)] for doc in nlp.pipe(texts)]
        monkeypatch.setattr(module, "CACHE_SIZE", 5)
        small = TagRules.from_pipeline(nlp)
        small.lemmatizer = nlp.get_pipe("lemmatizer")
        found = [[(t.pos_, t.lemma_, str(t.morph)) for t in small(doc)] for doc in nlp.pipe(texts)]
    assert found == expected
    assert len(small._plans) <= 6 and len(small._lemmas) <= 6


def test_lemmas_come_without_spacy_s_lemmatizer_and_equal_its_own(nlp, monkeypatch) -> None:
    """Numbers, names and base forms take their form; other words go through the rules on
    sets (extract/lemmas.py): spaCy's lemmatizer is never asked, and its lemmas are the same."""
    texts = [
        "Officials said 1,234 soldiers and 56,789 civilians had fled Khartoum and Mariupol.",
        "The ministries were reporting that 4,321 homes burned, as the rebels retreated quickly.",
        "Analysts wrote that the bigger armies are losing 987 tanks a month, better than feared.",
    ]
    expected = [[t.lemma_ for t in doc] for doc in nlp.pipe(texts)]
    lemmatizer = nlp.get_pipe("lemmatizer")
    rules = TagRules.from_pipeline(nlp)
    rules.lemmatizer = lemmatizer
    asked: list[str] = []
    monkeypatch.setattr(lemmatizer, "lemmatize", lambda token: asked.append(token.text) or [""])
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer"]):
        found = [[t.lemma_ for t in rules(doc)] for doc in nlp.pipe(texts)]
    assert found == expected
    assert asked == []
    assert "report" in found[1] and "army" in found[2] and "1,234" in found[0]
