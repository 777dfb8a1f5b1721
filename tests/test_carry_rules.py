"""Which sentences go on with an earlier report and take its origin, rule by rule: rows of (text,
the figure read, its expected origin). None means the article itself vouches for the figure.

Sentences are written for these tests. The quotation map itself (`quote_speakers`) is tested on
hand-built sentences, without a parse.
"""

from __future__ import annotations

import datetime as dt

import pytest

from claimledger.extract.analysis import SentenceAnalysis
from claimledger.extract.attribution import Found
from claimledger.extract.quotes import quotations, quote_speakers
from claimledger.extract.sentences import split_sentences
from claimledger.model import Article, Attribution, Claim, Metadata


def claim_of(pipeline, text: str, value: float) -> Claim:
    article = Article(id="c" * 32, source="test", text=text, metadata=Metadata(published=dt.date(2025, 3, 14)))
    return next(c for c in pipeline.extractor.extract(article) if value in (c.value, c.value_low, c.value_high))


CARRIED = [
    # Every sentence of a quotation takes the speaker named beside it, before or after it
    pytest.param(
        "“The depot held 300 tonnes of flour. Most of it spoiled in the heat. The rest went to the camps,” "
        "the warehouse manager said.",
        300, "warehouse manager", id="speaker-after-a-three-sentence-quote",
    ),
    pytest.param(
        "The harbour master said:\n\n“The storm came at night. It broke the breakwater. "
        "Twenty-six wrecks now line the shore.”",
        26, "harbour master", id="said-colon-opens-the-next-paragraph",
    ),
    pytest.param(
        "The inspectors reported their findings as follows:\n\nThe north wall had 14 cracks.",
        14, "inspectors", id="a-colon-opens-a-report-the-next-paragraph-gives",
    ),
    pytest.param(
        "The inspectors reported their findings.\n\nThe north wall had 14 cracks.",
        14, None, id="no-colon-no-report-in-the-next-paragraph",
    ),
    pytest.param(
        "“The pumps failed at noon,” said engineer Ana Lutz. “Nobody could reach the valves. "
        "By evening 70 homes were flooded.”",
        70, "Ana Lutz", id="quote-after-the-speaker-goes-on-past-a-sentence-with-no-figure",
    ),
    pytest.param(
        "''The clinic saw 90 patients a day. It ran out of gauze. Most of them were children,'' the nurse said.",
        90, "nurse", id="doubled-apostrophes-mark-a-quote",
    ),
    # Plain narration after a report is the article's, a phrase in quotation marks or not;
    # the report goes on into quoted words
    pytest.param(
        "The relief agency said 40 families had arrived. The so-called “green zone” has 600 tents.",
        600, None, id="a-phrase-in-marks-is-no-quotation",
    ),
    pytest.param(
        "The relief agency said 40 families had arrived. Its head said “the camp has 600 tents.”",
        600, "head", id="quoted-words-are-the-speaker's",
    ),
    pytest.param(
        "The relief agency said 40 families had arrived. “The camp has 600 tents.”",
        600, "relief agency", id="a-quoted-sentence-goes-on-with-the-report",
    ),
    # "He" and "she" stand for one person, "it" for a body or a document, named or not
    pytest.param(
        "Mayor Tom Reyes said the dam would hold.\n\nThe town's engineers said the water was rising.\n\n"
        "“We moved 300 families out,” he said.",
        300, "Mayor Tom Reyes", id="he-is-not-a-plural-description",
    ),
    pytest.param(
        "A report by the port authority said trade was falling.\n\nThe harbour lost two ferries last year.\n\n"
        "“Some 40 cranes are idle,” it said.",
        40, "port authority", id="it-is-the-body-named-before",
    ),
    pytest.param(
        "The dockers' association wrote that the port was losing money.\n\nThe harbour lost two ferries last year.\n\n"
        "“Some 40 cranes are idle,” it said.",
        40, "dockers' association", id="it-is-a-body-named-by-a-common-noun",
    ),
    pytest.param(
        "“The road is open,” the mayor said. The police chief disagreed, saying it was closed. "
        "“We turned back 30 trucks.”",
        30, "police chief", id="a-new-speaker-stops-the-quote-going-on",
    ),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "value", "origin"), CARRIED)
def test_carried_origin(pipeline, text: str, value: float, origin: str | None) -> None:
    assert claim_of(pipeline, text, value).origin == origin


def sentences_with(text: str, speakers: dict[str, str]) -> list[SentenceAnalysis]:
    """The text's sentences; a sentence holding a key of `speakers` names that speaker at it."""
    out = []
    for sentence in split_sentences(text):
        words = text[sentence.start : sentence.end]
        found = None
        for cue, origin in speakers.items():
            if cue in words:
                at = words.index(cue)
                found = Found(Attribution(origin=origin, cue="said"), at, at + len(cue))
        out.append(SentenceAnalysis(sentence=sentence, text=words, attribution=found))
    return out


QUOTE_MAP = [
    # (text, who speaks at which cue, the speaker of each quotation in order)
    pytest.param("“A. B,” said Kay. “C.”", {"said Kay": "Kay"}, ["Kay", "Kay"], id="speaker-goes-on-into-the-next-quote"),
    pytest.param("“A. B,” said Kay. Lee said no. “C.”", {"said Kay": "Kay", "Lee said": "Lee"}, ["Kay", "Lee"],
                 id="another-speaker-between"),
    pytest.param("Kay said:\n“A. B.”", {"Kay said": "Kay"}, ["Kay"], id="colon-before-the-quote"),
    pytest.param("Kay said: no.\n“A. B.”", {"Kay said": "Kay"}, [None], id="no-colon-right-before"),
    pytest.param("“A. B ” said Kay. “Lee said C.”", {"said Kay": "Kay", "Lee said": "Lee"}, ["Kay", "Kay"],
                 id="a-speaker-quoted-inside-is-not-the-quote's"),
    pytest.param("“A,” said Kay.\n“B.”", {"said Kay": "Kay"}, ["Kay", "Kay"], id="a-paragraph-opening-with-the-quote"),
    pytest.param("“A,” said Kay.\nThe review, “B.”", {"said Kay": "Kay"}, ["Kay", None], id="a-paragraph-of-the-article's-own"),
    pytest.param("“A,” said Kay. " + "x" * 500 + ". “B.”", {"said Kay": "Kay"}, ["Kay", None], id="too-far-to-go-on"),
]


@pytest.mark.parametrize(("text", "speakers", "expected"), QUOTE_MAP)
def test_quote_speakers(text: str, speakers: dict[str, str], expected: list[str | None]) -> None:
    quotes = quote_speakers(text, sentences_with(text, speakers))
    assert [q.speaker.attribution.origin if q.speaker else None for q in quotes.quotes] == expected


def test_doubled_apostrophes_mark_a_quotation() -> None:
    text = "He wrote, ''We lost 40 boats,'' on Monday."
    assert [text[s:e] for s, e in quotations(text)] == ["''We lost 40 boats,''"]


QUOTATIONS = [
    pytest.param("He said “we lost 40 boats” on Monday.", ["“we lost 40 boats”"], id="one-quotation"),
    pytest.param("“We lost 40 boats.\n\n“Then the storm came,” he said.", ["“We lost 40 boats.\n\n“Then the storm came,”"],
                 id="goes-on-into-a-paragraph-that-opens-with-a-mark"),
    pytest.param("The so-called “safe zone.\n\nThe town has 3 harbours, “he said”.", ["“safe zone.", "“he said”"],
                 id="a-mark-never-closed-ends-with-its-paragraph"),
    pytest.param("He wrote: “We lost 40 boats.", ["“We lost 40 boats."], id="a-mark-never-closed-ends-with-the-text"),
]


@pytest.mark.parametrize(("text", "spans"), QUOTATIONS)
def test_quotations(text: str, spans: list[str]) -> None:
    assert [text[s:e] for s, e in quotations(text)] == spans
