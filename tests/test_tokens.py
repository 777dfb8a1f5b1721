"""The cached views of a parsed sentence give what the plain expressions they replace give."""

from __future__ import annotations

import pytest
from spacy.language import Language

from claimledger.extract import tokens
from claimledger.extract.nlp import ModelNotFound, load_pipeline

SENTENCES = [
    "More than 2,000 North Korean soldiers have been killed in Russia's Kursk region, Seoul said.",
    "The ministry said on Monday that 14 people, including three children, died there.",
    "“We counted 1.2 million,” the agency’s spokesman told reporters in Geneva.",
    "Zelensky: 3,000 troops lost",
]


@pytest.fixture(scope="module")
def nlp() -> Language:
    try:
        return load_pipeline()
    except ModelNotFound:
        pytest.skip("no spaCy pipeline installed")


@pytest.mark.parametrize("sentence", SENTENCES)
def test_views_match_the_plain_expressions(nlp: Language, sentence: str) -> None:
    doc = nlp(sentence)
    for _ in range(2):  # computed, then read from the cache
        assert tokens.doc_text(doc) == doc.text
        assert tokens.lowers(doc) == [t.lower_ for t in doc]
        for start in range(len(sentence) + 2):
            for end in (start, start + 1, start + 6, len(sentence) + 1):
                assert [t.i for t in tokens.between(doc, start, end)] == [
                    t.i for t in doc if start <= t.idx < end
                ]
            first = tokens.first_from(doc, start)
            plain = next((t for t in doc if t.idx >= start), None)
            assert (first.i if first else None) == (plain.i if plain else None)


def test_a_span_is_read_the_plain_way(nlp: Language) -> None:
    span = nlp(SENTENCES[1])[4:12]
    assert tokens.doc_text(span) == span.text
    assert tokens.lowers(span) == [t.lower_ for t in span]
    assert [t.i for t in tokens.between(span, 0, 40)] == [t.i for t in span if t.idx < 40]
    first = tokens.first_from(span, 0)
    assert first is not None and first.i == span[0].i


def test_parsed_docs_carry_their_text(nlp: Language) -> None:
    """Resources.parse hands each Doc the text it was made from: the same as doc.text."""
    from claimledger.extract.nlp import TagRules
    from claimledger.extract.resources import Resources

    resources = Resources(nlp=nlp, numbers=None, times=None, kb=None, places=None, lexicon=None,  # type: ignore[arg-type]
                          conflicts=None, tags=TagRules.from_pipeline(nlp))
    for sentence, doc in zip(SENTENCES, resources.parse(SENTENCES), strict=True):
        assert tokens.doc_text(doc) == sentence == doc.text
