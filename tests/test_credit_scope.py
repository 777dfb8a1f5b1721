"""Which numbers of a sentence its attribution covers: rows of (text, the figure read, its
expected origin). Only what the speaker reports is theirs; a count of the speakers, their
listeners and a clause the reporting verb is only joined to stay the article's (None).

Sentences are written for these tests; each row's id names the rule it guards.
"""

from __future__ import annotations

import datetime as dt

import pytest

from claimledger.model import Article, Claim, Metadata

pytestmark = pytest.mark.model


def claim_of(pipeline, text: str, value: float) -> Claim:
    article = Article(id="c" * 32, source="test", text=text, metadata=Metadata(published=dt.date(2025, 3, 14)))
    return next(c for c in pipeline.extractor.extract(article) if value in (c.value, c.value_low, c.value_high))


SCOPE = [
    # A count of who speaks describes the speakers: "26 percent said", "one ... wrote"
    pytest.param("Last month, 26 percent said the same.", 26, None, id="counted-speakers-said-the-same"),
    pytest.param(
        "One wrote that the ferry carried 90 people, while another wrote that it carried 60.",
        1, None, id="one-of-two-writers",
    ),
    pytest.param(
        "One wrote that the ferry carried 90 people, while another wrote that it carried 60.",
        60, "another", id="the-second-writer-keeps-their-figure",
    ),
    # ... but speakers counted inside someone else's report are part of it
    pytest.param(
        "The survey found that 58 percent of farmers said the truce would hold.",
        58, "survey", id="counted-inside-the-report",
    ),
    pytest.param("Two officials said 40 people were killed.", 40, "Two officials", id="counted-speakers-keep-their-figure"),
    # A clause before a report joined with "and"/"but" stays the article's, whatever form the
    # reporting verb takes ("cautions" is listed as "caution")
    pytest.param(
        "The strike closed 30 schools, but the union cautions that 200 teachers are still at work.",
        30, None, id="clause-before-an-inflected-report",
    ),
    pytest.param(
        "The strike closed 30 schools, but the union cautions that 200 teachers are still at work.",
        200, "union", id="the-inflected-report-keeps-its-figure",
    ),
    # Whom the speaker told is the scene, not the report
    pytest.param("The mayor told 3,000 supporters that the bridge would reopen.", 3000, None, id="told-listeners"),
    pytest.param("“We will rebuild,” the mayor told 300 residents.", 300, None, id="told-listeners-after-a-quote"),
    pytest.param("The ministry told reporters that 40 people were killed.", 40, "ministry", id="told-that-is-the-report"),
    # Where or how the speaker spoke: also beside a participle whose quotation hangs on the
    # clause it joins, and beside a conduit verb with its listener
    pytest.param(
        "The mayor seemed to mock the plan, saying at a meeting of 300 residents, “The answer is not simply to build more roads.”",
        300, None, id="where-a-participle-spoke",
    ),
    pytest.param(
        "“You need to rebuild the bridge,” the engineer told the mayor during a visit with 40 residents.",
        40, None, id="where-a-conduit-verb-spoke",
    ),
]


@pytest.mark.parametrize(("text", "value", "origin"), SCOPE)
def test_scope(pipeline, text: str, value: float, origin: str | None) -> None:
    assert claim_of(pipeline, text, value).origin == origin
